"""One Sanitizer shared by many threads: every thread gets the results it
would get alone (cleaning releases the GIL, so they do run at once)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import comment_sanitizer as cs
from default_policy_cases import CASES

INPUTS = [inp for cases in CASES.values() for inp, _ in cases]


def test_threads_share_one_sanitizer():
    sanitizer = cs.Sanitizer()
    expected = [sanitizer.clean_with_report(i) for i in INPUTS]

    def work(seed):
        order = INPUTS[seed:] + INPUTS[:seed]
        want = expected[seed:] + expected[:seed]
        for _ in range(30):
            assert [sanitizer.clean_with_report(i) for i in order] == want
            assert sanitizer.clean_many(order) == [html for html, _ in want]
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(16)))


def test_the_gil_is_released_while_cleaning():
    # A thread that only runs Python code counts on while another thread
    # cleans 64 MB. Were the GIL held, it could count only in the switch
    # intervals (5 ms) at the edges of the call.
    big = "<b>plain text & more</b> " * 2_700_000
    box = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            box[0] += 1

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.2)
    alone = box[0]  # counted in 0.2 s with the main thread asleep
    sanitizer = cs.Sanitizer()
    before = box[0]
    sanitizer.clean(big)
    during = box[0] - before
    stop.set()
    counter.join()
    # At least a quarter of that rate, for 0.2 s: 40 switch intervals' worth.
    assert during > alone / 4, (during, alone)

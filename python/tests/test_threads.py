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
    # A thread that only runs Python code keeps counting while another
    # thread cleans 64 MB; with the GIL held it could not.
    big = "<b>plain text & more</b> " * 2_700_000
    counts = []
    stop = threading.Event()

    def count():
        n = 0
        while not stop.is_set():
            n += 1
        counts.append(n)

    counter = threading.Thread(target=count)
    sanitizer = cs.Sanitizer()
    counter.start()
    time.sleep(0.01)
    started = time.perf_counter()
    sanitizer.clean(big)
    elapsed = time.perf_counter() - started
    stop.set()
    counter.join()
    assert elapsed > 0.01
    assert counts[0] > 1000

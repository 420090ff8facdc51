"""Benchmark comment_sanitizer against nh3 and bleach, in the same run.

    python bench.py            # the full run (a few minutes)
    python bench.py --quick    # a smoke run: every measurement, briefly

The corpora are those of the Rust benchmark (benches/support/corpus.rs),
generated the same way here: a typical comment, 8 KB of mixed allowed and
disallowed markup, 8 KB of dense hostile markup, and 1 MB of plain text.
nh3 and bleach are configured with the same allowlist as the default preset
(the elements, their attributes, the URL schemes; nh3 also adds the same
rel and drops script and style with their content, which bleach cannot).
Each time is the best of several timed loops, the contenders taking turns. clean_many is
run with 1 and 2 rayon threads (RAYON_NUM_THREADS, in a child process each).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import comment_sanitizer as cs

# ---------------------------------------------------------------- corpora


def typical_comment():
    return (
        "<p>Thanks for the write-up! I tried the <code>--release</code> flag and it was <b>much</b> faster. "
        'See <a href="https://example.com/notes" title="my notes">my notes</a> &amp; the '
        "<em>follow-up</em> thread. <q>Measure first</q>, as they say.</p>"
    )


class Rng:
    """The xorshift of benches/support/corpus.rs, so the corpora match."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed

    def next(self):
        x = self.state
        x ^= (x << 13) & self.MASK
        x ^= x >> 7
        x ^= (x << 17) & self.MASK
        self.state = x
        return x

    def pick(self, items):
        return items[self.next() % len(items)]


MIXED_PIECES = [
    "Some ordinary words of a comment, ",
    "<b>bold</b> ",
    "<i>italic</i> ",
    '<a href="https://example.com/a?b=c&amp;d=e" title="t">a link</a> ',
    '<div class="x">a div</div>',
    '<span style="color:red">span</span> ',
    "<script>alert(1)</script>",
    "<p>a paragraph</p>",
    "<img src=x onerror=alert(1)>",
    "caf\u00e9 &amp; cr\u00e8me ",
    '<blockquote cite="https://x.example">quoted <em>text</em></blockquote>',
    "<!-- a comment -->",
    '<a href="javascript:alert(1)">bad</a> ',
]

HOSTILE_PIECES = [
    "<img src=x onerror=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)" onclick=x>',
    "<b><i><u>",
    "</b></i>",
    "<svg><script>alert(1)</script></svg>",
    '<div style="x" class=y id=z>',
    "<!--x-->",
    "<p title='&lt;&gt;&amp;'>",
    "<q cite=javascript:x>",
]


def drawn(pieces, seed):
    # The Rust corpus counts UTF-8 bytes.
    rng, out, size = Rng(seed), [], 0
    while size < 8 * 1024:
        piece = rng.pick(pieces)
        out.append(piece)
        size += len(piece.encode())
    return "".join(out)


def plain_text():
    return "Plain comment text, with words, numbers 1234 and punctuation; nothing to escape here. " * 12_200


def corpora():
    return {
        "typical comment": typical_comment(),
        "mixed, 8 KB": drawn(MIXED_PIECES, 0x5EED),
        "hostile, 8 KB": drawn(HOSTILE_PIECES, 0xBAD),
        "plain text, 1 MB": plain_text(),
    }


# ------------------------------------------------------------- contenders

SANITIZER = cs.Sanitizer()
TAGS = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "b": set(),
    "blockquote": {"cite"},
    "cite": set(),
    "code": set(),
    "del": {"datetime"},
    "em": set(),
    "i": set(),
    "q": {"cite"},
    "s": set(),
    "strike": set(),
    "strong": set(),
}
SCHEMES = {"http", "https", "mailto"}


def contenders():
    found = {"comment_sanitizer": SANITIZER.clean}
    try:
        import nh3

        kwargs = dict(
            tags=set(TAGS),
            attributes={tag: set(attrs) for tag, attrs in TAGS.items() if attrs},
            url_schemes=SCHEMES,
            link_rel="nofollow ugc",
            clean_content_tags={"script", "style"},
            strip_comments=True,
        )
        if hasattr(nh3, "Cleaner"):
            found["nh3"] = nh3.Cleaner(**kwargs).clean
        else:
            found["nh3"] = lambda html: nh3.clean(html, **kwargs)
    except ImportError:
        print("nh3 is not installed; skipped", file=sys.stderr)
    try:
        import bleach

        cleaner = bleach.Cleaner(
            tags=set(TAGS),
            attributes={tag: sorted(attrs) for tag, attrs in TAGS.items()},
            protocols=SCHEMES,
            strip=True,
            strip_comments=True,
        )
        found["bleach"] = cleaner.clean
    except ImportError:
        print("bleach is not installed; skipped", file=sys.stderr)
    return found


# ----------------------------------------------------------------- timing


def per_call(found, arg, budget, repeats):
    """Seconds per call of each contender on `arg`: the best of `repeats`
    timed loops of about `budget` seconds each, the contenders taking turns
    in every round so a busy machine slows them alike. (The best, not the
    mean: on a shared machine the slower loops measure the other load.)"""
    loops = {}
    for name, fn in found.items():
        started, n = time.perf_counter(), 0
        while time.perf_counter() - started < budget / 10 or n == 0:
            fn(arg)
            n += 1
        loops[name] = max(1, n * 10)
    samples = {name: [] for name in found}
    for _ in range(repeats):
        for name, fn in found.items():
            t = time.perf_counter()
            for _ in range(loops[name]):
                fn(arg)
            samples[name].append((time.perf_counter() - t) / loops[name])
    return {name: min(times) for name, times in samples.items()}


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def batch(count):
    """`count` distinct comments: the typical one and pieces of the mixed
    corpus, 100 to 1,000 bytes each."""
    rng = Rng(7)
    out = []
    for i in range(count):
        if i % 2 == 0:
            out.append(typical_comment())
        else:
            size, parts = 100 + rng.next() % 900, []
            while sum(len(p) for p in parts) < size:
                parts.append(rng.pick(MIXED_PIECES))
            out.append("".join(parts))
    return out


def clean_many_child(count, repeats):
    """Run in a child process with RAYON_NUM_THREADS set: seconds for one
    clean_many over `count` comments, and for a loop of clean."""
    comments = batch(count)
    SANITIZER.clean_many(comments[:1000])
    many, cpu, loop = [], [], []
    used = {}
    for _ in range(repeats):
        before = thread_ticks()
        t, c = time.perf_counter(), time.process_time()
        SANITIZER.clean_many(comments)
        many.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        for tid, ticks in thread_ticks().items():
            used[tid] = used.get(tid, 0) + ticks - before.get(tid, 0)
        t = time.perf_counter()
        for c in comments:
            SANITIZER.clean(c)
        loop.append(time.perf_counter() - t)
    size = sum(len(c.encode()) for c in comments)
    print(json.dumps({"many": min(many), "cpu": min(cpu), "loop": min(loop), "bytes": size, "shares": shares(used)}))


def shares(used):
    """Each thread's share of the CPU time clean_many used, largest first."""
    total = sum(used.values()) or 1
    return sorted((round(100 * t / total) for t in used.values()), reverse=True)


def thread_ticks():
    """CPU time (clock ticks) of each thread of this process, by thread id;
    empty where /proc is not there."""
    ticks = {}
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks[tid] = int(fields[11]) + int(fields[12])  # utime + stime
    except OSError:
        return {}
    return ticks


def clean_many_scaling(count, repeats):
    results = {}
    for threads in (1, 2):
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(count), str(repeats)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[threads] = json.loads(out)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: every measurement, briefly")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        clean_many_child(*args.child)
        return
    budget, repeats, count = (0.02, 3, 2_000) if args.quick else (0.1, 25, 100_000)

    found = contenders()
    texts = corpora()
    load = ", load average %.1f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else ""
    print(f"comment_sanitizer on Python {sys.version.split()[0]}, {os.cpu_count()} CPUs{load}")
    versions = []
    for name in found:
        if name != "comment_sanitizer":
            module = __import__(name)
            versions.append(f"{name} {getattr(module, '__version__', '?')}")
    print("against " + ", ".join(versions))
    print()
    others = [n for n in found if n != "comment_sanitizer"]
    header = ["corpus", "size"] + list(found) + [f"vs {n}" for n in others] + ["comment_sanitizer MB/s"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for corpus, text in texts.items():
        times = per_call(found, text, budget, repeats)
        ours = times["comment_sanitizer"]
        size = len(text.encode())
        row = [corpus, f"{size:,} B"]
        row += [fmt_time(times[n]) for n in found]
        row += [f"{times[n] / ours:.1f}x" for n in others]
        row += [f"{size / ours / 1e6:.0f}"]
        print("| " + " | ".join(row) + " |")

    print()
    scaling = clean_many_scaling(count, repeats)
    print(f"clean_many over {count:,} comments ({scaling[1]['bytes'] / 1e6:.1f} MB), by rayon threads:")
    print()
    print(
        "| threads | clean_many | per comment | comments/s | CPU time | CPU time by thread | "
        "a loop of clean | clean_many speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for threads, r in scaling.items():
        print(
            f"| {threads} | {fmt_time(r['many'])} | {fmt_time(r['many'] / count)} | "
            f"{count / r['many']:,.0f} | {fmt_time(r['cpu'])} | "
            f"{' / '.join(f'{p}%' for p in r['shares'] if p)} | {fmt_time(r['loop'])} | "
            f"{scaling[1]['many'] / r['many']:.2f}x |"
        )
    print()
    print("CPU time is clean_many's, all threads together, and how it split between")
    print("the threads (Linux, in clock ticks): equal CPU time with 2 threads, split")
    print("evenly, means the work splits without overhead; the wall-clock speed-up")
    print("then depends on how many cores are free.")


if __name__ == "__main__":
    main()

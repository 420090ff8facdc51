#!/usr/bin/env python3
"""Write the seed corpus fuzz/seeds/<target>/ from the test data.

Reads tests/data/xss_corpus.json and tests/data/benign_comments.json (JSON
arrays of objects with an "input" field) and writes one file per input and
target, in the byte layout each target's `Arbitrary` input expects:

  clean:        [policy u8][mode u8][comment bytes...]
  chunked:      [policy u8][8 x str chunk len u8][8 x byte chunk len u8][comment bytes...]
  differential: [comment bytes...]

Inputs longer than MAX_PAYLOAD bytes (the depth and size bombs) are cut to
that length at a UTF-8 boundary, so the committed seeds stay small (well
under 2 MB in all). Deterministic: re-running gives the same files.

Usage (from anywhere): python3 fuzz/make_seeds.py
"""

import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
SOURCES = [ROOT / "tests" / "data" / "xss_corpus.json", ROOT / "tests" / "data" / "benign_comments.json"]
MAX_PAYLOAD = 4000
N_VARIANTS = 7  # fuzz/src/lib.rs: variants()

# Chunk-length patterns for `chunked` (cycled by the target; 0 = empty chunk).
CHUNK_PATTERNS = [
    [1, 1, 1, 1, 1, 1, 1, 1],
    [1, 2, 3, 5, 8, 13, 21, 34],
    [7, 0, 3, 1, 64, 2, 9, 4],
    [2, 3, 2, 3, 2, 3, 2, 3],
    [255, 255, 255, 255, 255, 255, 255, 255],
]


def payload(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > MAX_PAYLOAD:
        data = data[:MAX_PAYLOAD].decode("utf-8", "ignore").encode("utf-8")
    return data


def main() -> None:
    inputs = []
    for source in SOURCES:
        for entry in json.loads(source.read_text(encoding="utf-8")):
            inputs.append((source.stem, entry.get("id", str(len(inputs))), payload(entry["input"])))

    for target in ("clean", "chunked", "differential"):
        shutil.rmtree(SEEDS / target, ignore_errors=True)
        (SEEDS / target).mkdir(parents=True)

    total = 0
    for i, (source, ident, data) in enumerate(inputs):
        policy = bytes([i % N_VARIANTS])
        files = {
            # Alternate the lossy-string and io::Write modes.
            "clean": policy + bytes([(i // N_VARIANTS) % 2]) + data,
            "chunked": policy
            + bytes(CHUNK_PATTERNS[i % len(CHUNK_PATTERNS)])
            + bytes(CHUNK_PATTERNS[(i + 2) % len(CHUNK_PATTERNS)])
            + data,
            "differential": data,
        }
        safe_id = "".join(c if c.isalnum() or c in "-_" else "_" for c in ident)[:48]
        for target, blob in files.items():
            digest = hashlib.sha1(blob).hexdigest()[:8]
            (SEEDS / target / f"{source}-{safe_id}-{digest}").write_bytes(blob)
            total += len(blob)
    print(f"wrote {len(inputs)} seeds per target to {SEEDS}, {total} bytes in all")


if __name__ == "__main__":
    main()

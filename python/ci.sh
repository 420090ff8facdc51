#!/usr/bin/env bash
# The Python package's checks, run by .ci/run: clippy for its crate, then
# `pip install ./python` (the README's command) into a fresh virtual
# environment under the target directory, the pytest suite, the Dask test
# (a LocalCluster of 2 worker processes on 127.0.0.1) and a smoke run of
# bench.py. Needs python3 with venv and PyPI; installs only into that
# environment.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
step() { printf '\n-- python: %s (%s)\n' "$*" "$(date +%T)"; }

step "format and clippy (the python crate)"
cargo fmt -p comment-sanitizer-python -- --check
cargo clippy -p comment-sanitizer-python --all-targets --locked -- -D warnings

step "fresh virtual environment"
venv="$CARGO_TARGET_DIR/python-ci/venv"
rm -rf "$venv"
python3 -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet maturin pytest "dask[distributed]" pyarrow pandas nh3 bleach

step "build and install the package (pip install ./python)"
"$py" -m pip install --quiet .
# The installed package, not the source tree, is what the tests import.
(cd /tmp && "$py" -c 'import comment_sanitizer, sys; print(comment_sanitizer.__file__); sys.exit(comment_sanitizer.clean("<b>ok") != "<b>ok</b>")')

step "pytest suite"
"$py" -m pytest -q -p no:cacheprovider tests --ignore=tests/test_dask.py

step "Dask: examples/dask_clean.py on a LocalCluster, 200,000 comments"
"$py" -m pytest -q -p no:cacheprovider tests/test_dask.py

step "bench.py smoke run"
"$py" bench.py --quick

#!/usr/bin/env bash
# The Python package's checks, run by .ci/run: clippy for its crate, then
# `pip install ./python` (the README's command) into a fresh virtual
# environment under the target directory, the pytest suite, the Dask test
# (a LocalCluster of 2 worker processes on 127.0.0.1) and a smoke run of
# bench.py. Needs python3 (3.10 or newer) and PyPI; installs Debian's
# python3-venv when python3 has no venv module (as root), and everything
# else only into that environment.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
step() { printf '\n-- python: %s (%s)\n' "$*" "$(date +%T)"; }

step "format and clippy (the python crate)"
cargo fmt -p comment-sanitizer-python -- --check
cargo clippy -p comment-sanitizer-python --all-targets --locked -- -D warnings

step "fresh virtual environment"
die() {
    echo "python/ci.sh: ERROR: $*" >&2
    exit 1
}
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "python3 is $(python3 --version 2>&1); the package needs 3.10 or newer"
# Debian's python3 comes without venv and ensurepip (package python3-venv).
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "python/ci.sh: python3 has no venv module; installing Debian's python3-venv" >&2
    command -v apt-get >/dev/null 2>&1 || die "python3 -m venv is unavailable and apt-get is missing; install python3-venv"
    [ "$(id -u)" -eq 0 ] || die "python3 -m venv is unavailable; installing python3-venv needs root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 || die "apt-get update failed (no network?)"
    apt-get install -y --no-install-recommends python3-venv >&2 || die "apt-get install python3-venv failed"
fi
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

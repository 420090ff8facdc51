#!/usr/bin/env bash
# The service example's checks, as .ci/run calls them:
#
#   bash examples/service/ci.sh
#
# format and clippy (the service crate is its own workspace, so the
# library's own steps do not cover it), the HTTP integration test
# (tests/http.rs), and the preview page in headless Chromium
# (browser/preview_check.mjs) against the built binary.
#
# The browser part needs /usr/bin/chromium, Node.js and
# tests/browser/node_modules (bash tests/browser/setup.sh installs them;
# this script installs nothing). When they are missing it prints one line
# saying the browser part was skipped, or fails when CI is set (to anything
# but "", 0 or false).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

say() { printf 'examples/service/ci.sh: %s\n' "$*" >&2; }

say "format"
cargo fmt -- --check

say "clippy"
cargo clippy --all-targets --locked -- -D warnings

say "build and the HTTP integration test"
cargo build --locked
cargo test --locked

case "${CI:-}" in
    "" | 0 | false | FALSE | False) ci=false ;;
    *) ci=true ;;
esac
missing=""
[ -x /usr/bin/chromium ] || missing="/usr/bin/chromium is missing"
command -v node >/dev/null 2>&1 || missing="${missing:+$missing; }Node.js (node) is not on the PATH"
[ -f "$root/tests/browser/node_modules/playwright-core/package.json" ] \
    || missing="${missing:+$missing; }tests/browser/node_modules/playwright-core is missing"
if [ -n "$missing" ]; then
    if [ "$ci" = true ]; then
        say "ERROR: the preview check cannot run in CI: $missing; run bash tests/browser/setup.sh first"
        exit 1
    fi
    say "preview check in the browser SKIPPED: $missing (bash tests/browser/setup.sh installs it; CI=true makes this a failure)"
    exit 0
fi

say "the preview page in headless Chromium"
target_dir="$(cargo metadata --locked --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
timeout 300 node "$here/browser/preview_check.mjs" "$target_dir/debug/comment-sanitizer-service"
say "passed"

#!/usr/bin/env bash
# Prepare the real-browser check: Debian's Chromium and the playwright-core
# driver (which never downloads a browser of its own). Idempotent: does
# nothing when both are already there. Needs root and the package
# registries (Debian's, npm's) only when something is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium=/usr/bin/chromium

die() {
    echo "tests/browser/setup.sh: ERROR: $*" >&2
    exit 1
}

if [ ! -x "$chromium" ]; then
    echo "tests/browser/setup.sh: $chromium is missing; installing Debian's chromium" >&2
    command -v apt-get >/dev/null 2>&1 || die "$chromium is missing and apt-get is not available; install Chromium at $chromium by hand"
    if [ "$(id -u)" -ne 0 ]; then
        die "$chromium is missing and installing it needs root (apt-get install -y chromium)"
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 || die "apt-get update failed (no network?); cannot install chromium"
    apt-get install -y --no-install-recommends chromium >&2 || die "apt-get install chromium failed"
    [ -x "$chromium" ] || die "chromium was installed but $chromium does not exist"
fi

command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 18+ is needed)"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    echo "tests/browser/setup.sh: installing playwright-core with npm ci" >&2
    # playwright-core has no install script and downloads no browser; the
    # variable is belt and braces.
    (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2) \
        || die "npm ci failed in $here (no network?); cannot install playwright-core"
    [ -f "$here/node_modules/playwright-core/package.json" ] || die "npm ci ran but node_modules/playwright-core is missing"
fi

# (Debian's launcher script may print a harmless shell warning; hide it.)
version="$("$chromium" --version 2>/dev/null)" || die "$chromium does not run"
echo "tests/browser/setup.sh: $version" >&2
echo "tests/browser/setup.sh: ready" >&2

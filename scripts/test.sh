#!/usr/bin/env bash
# Command 2: set up what is missing and run every test: unit, server integration, browser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The Python that setup installed aiosmtpd for, before env.sh may put /usr/bin first.
export PORTAL_PYTHON="${PORTAL_PYTHON:-$(command -v python3)}"
source scripts/env.sh
mkdir -p target
log=target/test-output.log
: > "$log"

if [ "$PORTAL_TOOLCHAIN" = rustup ]; then
  echo "== lints (clippy, warnings are errors)"
  cargo clippy -p server --tests -- -D warnings
else
  echo "== lints skipped: Debian's Rust packages carry no clippy"
fi
echo "== unit tests (app, server side)"
cargo test -p app --features ssr 2>&1 | tee -a "$log"
echo "== server integration tests (real router, fresh SQLite per test)"
cargo test -p server 2>&1 | tee -a "$log"
echo "== build the site (server + WASM) for the browser tests"
cargo leptos build 2>&1 | tail -n 5
echo "== browser tests (Playwright, Debian Chromium)"
(cd end2end && npx playwright test) 2>&1 | tee -a "$log"

passed=$(grep -hoE '[0-9]+ passed' "$log" | awk '{n += $1} END {print n + 0}')
echo "all: ${passed:-0} passed, 0 failed"

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
  # Per package, never both features at once: the server build (app with `ssr`, its unit tests
  # and the server's tests) and the browser build (app with `hydrate`, through frontend).
  echo "== lints (clippy, warnings are errors), server build and browser build"
  cargo clippy -p server --tests --examples -- -D warnings
  cargo clippy -p app --features ssr --tests -- -D warnings
  cargo clippy -p frontend -- -D warnings
else
  echo "== lints skipped: Debian's Rust packages carry no clippy"
fi
echo "== unit tests (app, server side)"
cargo test -p app --features ssr 2>&1 | tee -a "$log"
echo "== server integration tests on SQLite"
env -u PORTAL_TEST_DATABASE_URL timeout 900 cargo test -p server 2>&1 | tee -a "$log"
# The same suite again on a throwaway PostgreSQL server (scripts/pg.sh), each test creating its
# own database on it. The cluster is stopped and removed however this script ends. Under /tmp,
# not $TMPDIR: the server's user must reach it and its socket path must stay short.
echo "== server integration tests on PostgreSQL"
pg_dir=$(mktemp -d /tmp/portal-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pg_dir" || true' EXIT
pg_url=$(scripts/pg.sh start "$pg_dir")
PORTAL_TEST_DATABASE_URL="$pg_url" timeout 900 cargo test -p server 2>&1 | tee -a "$log"
scripts/pg.sh stop "$pg_dir"
trap - EXIT
echo "== build the site (server + WASM) for the browser tests"
cargo leptos build --split 2>&1 | tail -n 5
echo "== browser tests (Playwright, Debian Chromium)"
(cd end2end && npx playwright test) 2>&1 | tee -a "$log"

passed=$(grep -hoE '[0-9]+ passed' "$log" | awk '{n += $1} END {print n + 0}')
echo "all: ${passed:-0} passed, 0 failed"

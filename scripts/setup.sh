#!/usr/bin/env bash
# Installs whatever this machine lacks to build, run and test the portal. Idempotent: each step
# checks first, so a second run takes seconds. Usage: scripts/setup.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."
want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
say() { printf '[setup] %s\n' "$*"; }

apt_updated=0
apt_install() {
  local missing=()
  # Installed, not merely known to dpkg (a removed package keeps its configuration files).
  for p in "$@"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then
    say "apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt_updated=1
  fi
  say "apt-get install ${missing[*]}"
  # Another apt-get (a concurrent setup run) may hold the lock: wait for it, at most 10 minutes.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
}

# 1. The wasm32 target: rustup's if its server answers, else Debian's toolchain (scripts/env.sh).
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown (20 s at most)"
  timeout 20 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || say "rustup unreachable: using Debian's Rust for wasm32"
fi
if [ "${PORTAL_TOOLCHAIN:-}" = debian ] || ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  apt_install rustc-web cargo-web rust-web-src lld-19
fi

# 2. cargo-leptos. Version 0.3.11 needs rustc >= 1.96; build it with Debian's when rustup's is older.
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  rust_minor=$(rustc --version | awk '{split($2, v, "."); print v[2]}')
  if [ "${rust_minor:-0}" -ge 96 ]; then
    builder=(cargo)
  else
    apt_install rustc-web cargo-web
    builder=(env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc /usr/bin/cargo)
  fi
  say "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    "${builder[@]}" install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --root "$HOME/.cargo"
fi

# 3. wasm-bindgen CLI, the exact version of the crate in Cargo.lock (no --locked: its lock file
#    pins a crate the registry here lacks).
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  if [ -x /usr/bin/cargo ] && /usr/bin/rustc --version | grep -q ' 1\.9[6-9]'; then
    env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc /usr/bin/cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$HOME/.cargo"
  else
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$HOME/.cargo"
  fi
fi

# 4. PostgreSQL for the second run of the server integration tests: only its programs are used
#    (scripts/pg.sh starts a throwaway cluster), never the system's service or its cluster `main`.
apt_install postgresql
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_ctl" ] \
  || { say "postgresql is installed but /usr/lib/postgresql/*/bin/initdb is missing"; exit 1; }

# 5. Browser tests: Debian's Chromium and Playwright from npm (never its own browser download).
if [ $want_browser -eq 1 ]; then
  apt_install chromium
  # The browser tests receive the portal's e-mails with a real SMTP server on loopback.
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "pip install aiosmtpd"
    python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'
  fi
fi
# The demo application (end2end/demo-app) and the browser tests: Node's packages, with npm ci
# when node_modules was not installed from this very lock file.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if ! cmp -s end2end/package-lock.json end2end/node_modules/.portal-lock.json; then
  say "npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.portal-lock.json)
fi

say "ready in $(( $(date +%s) - start )) s (cargo-leptos $(cargo leptos --version | awk '{print $2}'), wasm-bindgen $WASM_BINDGEN_VERSION, PostgreSQL $(basename "$(dirname "$pg_bin")"))"

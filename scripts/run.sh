#!/usr/bin/env bash
# Command 1: set up what is missing, build, and run the portal with the demo organization on
# embedded SQLite (data/portal.db), and beside it the demo application "Service Desk (demo)"
# (end2end/demo-app, on port 3300) that signs in through the portal. Settings: see README
# ("Configuration").
#
#   scripts/run.sh            the debug build: quick to rebuild after a change, but its browser code
#                             is about 7 MB, uncompressed (for working on the portal)
#   scripts/run.sh --release  the production build: optimised, the browser's code served brotli or
#                             gzip, about 15 minutes to build from nothing (to try the portal as
#                             customers get it, from a phone too: set PORTAL_BIND=0.0.0.0:3000)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
for arg in "$@"; do
  case $arg in
    --release) profile=release ;;
    *) echo "usage: scripts/run.sh [--release]" >&2; exit 2 ;;
  esac
done
scripts/setup.sh --no-browser
source scripts/env.sh
if [ "$profile" = release ]; then
  # wasm-opt shrinks the release WASM: binaryen's npm package (cargo-leptos cannot download it here).
  command -v wasm-opt >/dev/null 2>&1 || npm install -g --no-audit --no-fund --loglevel=error binaryen >/dev/null
  # Content hashes in the file names, brotli and gzip twins beside each file (served as they are).
  cargo leptos build --release --split --precompress
else
  cargo leptos build --split
fi
export LEPTOS_OUTPUT_NAME=portal LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg

# The demo application: registered with the portal at its start, with a secret made for this run.
bind=${PORTAL_BIND:-127.0.0.1:3000}
export PORTAL_PUBLIC_URL=${PORTAL_PUBLIC_URL:-http://$bind}
export PORTAL_DEMO_APP_URL=${PORTAL_DEMO_APP_URL:-http://127.0.0.1:3300}
export PORTAL_DEMO_APP_SECRET
PORTAL_DEMO_APP_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
PORTAL_URL=$PORTAL_PUBLIC_URL DEMO_APP_URL=$PORTAL_DEMO_APP_URL DEMO_APP_CLIENT_ID=service-desk-demo \
  DEMO_APP_SECRET=$PORTAL_DEMO_APP_SECRET node end2end/demo-app/service-desk.mjs &
demo_app=$!

# The key that seals identity providers' secrets: made once, kept beside the database.
mkdir -p data
if [ -z "${PORTAL_SECRET_KEY:-}" ]; then
  [ -s data/secret.key ] || (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > data/secret.key)
  export PORTAL_SECRET_KEY
  PORTAL_SECRET_KEY=$(cat data/secret.key)
fi
# Northwind Traders BV's own identity provider (oidc-provider, on loopback: allowed for the demo).
export PORTAL_IDP_ALLOW_INSECURE=${PORTAL_IDP_ALLOW_INSECURE:-1}
export PORTAL_DEMO_IDP_URL=${PORTAL_DEMO_IDP_URL:-http://127.0.0.1:3400}
export PORTAL_DEMO_IDP_SECRET
PORTAL_DEMO_IDP_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
IDP_URL=$PORTAL_DEMO_IDP_URL PORTAL_URL=$PORTAL_PUBLIC_URL IDP_CLIENT_ID=customer-portal IDP_NAME="Northwind Entra ID (demo)" \
  IDP_CLIENT_SECRET=$PORTAL_DEMO_IDP_SECRET node end2end/demo-app/identity-provider.mjs 2>/dev/null &
demo_idp=$!
trap 'kill $demo_app $demo_idp 2>/dev/null || true' EXIT INT TERM
target/$profile/server --demo

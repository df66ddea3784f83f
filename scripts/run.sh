#!/usr/bin/env bash
# Command 1: set up what is missing, build, and run the portal with the demo organization on
# embedded SQLite (data/portal.db). Settings: see README ("Configuration").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser
source scripts/env.sh
cargo leptos build --split
export LEPTOS_OUTPUT_NAME=portal LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
exec target/debug/server --demo

#!/usr/bin/env bash
# The bench command: release build sizes and loopback throughput/latency of the signed-in
# "My Profile" page against a trivial handler on the same server. Prints figures; no targets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser
source scripts/env.sh
for p in wrk brotli curl; do
  dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; }
done
# wasm-opt for the release WASM: binaryen's npm package (cargo-leptos cannot download it here).
command -v wasm-opt >/dev/null 2>&1 || npm install -g --no-audit --no-fund --loglevel=error binaryen >/dev/null

cargo leptos build --release 2>&1 | tail -n 40
pkg=target/site/pkg
size() { stat -c %s "$1"; }
br() { brotli -c -q 11 "$1" | wc -c; }
echo
echo "== release bundle"
total_raw=0; total_br=0
for f in "$pkg/portal.wasm" "$pkg/portal.js" "$pkg/portal.css"; do
  r=$(size "$f"); b=$(br "$f")
  total_raw=$((total_raw + r)); total_br=$((total_br + b))
  printf '%-28s %9d bytes raw %9d bytes brotli\n' "$(basename "$f")" "$r" "$b"
done
printf '%-28s %9d bytes raw %9d bytes brotli\n' "total" "$total_raw" "$total_br"

port=${BENCH_PORT:-3207}
dir=$(mktemp -d)
# No lock and no rate limit here: the timing comparison below sends many failed attempts.
PORTAL_LOCKOUT_THRESHOLD=1000000 PORTAL_RATE_LIMIT_PER_MINUTE=100000 \
PORTAL_BIND=127.0.0.1:$port PORTAL_PUBLIC_URL=http://127.0.0.1:$port \
  PORTAL_DATABASE_URL="sqlite://$dir/portal.db?mode=rwc" RUST_LOG=warn \
  LEPTOS_OUTPUT_NAME=portal LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  target/release/server --demo >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
jar="$dir/cookies"
origin="Origin: http://127.0.0.1:$port"
curl -s -o /dev/null -c "$jar" -b "$jar" -H "$origin" \
  --data 'email=sophie.claes%40brightwave.example&password=harbour-lantern-47-quay' "http://127.0.0.1:$port/api/public/login"
code=$(target/release/server totp HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT)
curl -s -o /dev/null -c "$jar" -b "$jar" -H "$origin" --data "code=$code" "http://127.0.0.1:$port/api/public/verify_code"
cookie=$(awk '$6 == "portal_session" && $7 != "" {v = $7} END {if (v) print "portal_session=" v}' "$jar")
[ -n "$cookie" ] || { echo "bench: sign-in failed"; exit 1; }
curl -fs -H "Cookie: $cookie" -H 'Accept: text/html' "http://127.0.0.1:$port/profile" | grep -q 'Sophie' \
  || { echo "bench: My Profile did not render for the signed-in user"; exit 1; }

run() { # name path
  wrk -t2 -c16 -d${BENCH_SECONDS:-10}s --latency -H "Cookie: $cookie" -H 'Accept: text/html' \
    "http://127.0.0.1:$port$2" > "$dir/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/$1.txt")
  printf '%-22s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  eval "${1//[^a-z]/_}_rps=$rps"
}
echo
echo "== loopback, wrk 2 threads x 16 connections, ${BENCH_SECONDS:-10} s each, $(nproc) cores shared with the server"
run profile /profile
run healthz /healthz
awk -v a="$profile_rps" -v b="$healthz_rps" 'BEGIN {printf "My Profile / trivial handler throughput ratio: %.3f\n", a / b}'

# Answers must not tell whether an address has an account: median answer times, side by side.
# One request at a time, 50 ms apart, known and unknown alternating (so that whatever else the
# machine does weighs on both alike), as someone probing addresses would send them: what is
# measured is the answer itself, not the work a previous answer queued.
medians_ms() { # path form-data-known form-data-unknown: "known unknown", 41 calls each after 5 warm-ups
  local out="$dir/timing"
  : > "$out"
  for i in $(seq 46); do
    for which in known unknown; do
      data=$2; [ "$which" = unknown ] && data=$3
      t=$(curl -s -o /dev/null -w '%{time_total}' -H "$origin" --data "$data" "http://127.0.0.1:$port$1")
      [ "$i" -gt 5 ] && echo "$which $t" >> "$out"
      sleep 0.05
    done
  done
  for which in known unknown; do
    awk -v w="$which" '$1 == w {print $2}' "$out" | sort -n | awk '{a[NR] = $1} END {printf "%.1f ", a[int((NR + 1) / 2)] * 1000}'
  done
}
echo
echo "== timing of answers that must not tell whether an account exists (median of 41 each, alternating, ms)"
read -r known unknown <<<"$(medians_ms /api/public/login 'email=thomas.peeters%40brightwave.example&password=wrong-password-guess' 'email=nobody%40brightwave.example&password=wrong-password-guess')"
printf '%-44s known %7s   unknown %7s\n' "sign-in, wrong password" "$known" "$unknown"
read -r known unknown <<<"$(medians_ms /api/public/forgot_password 'email=thomas.peeters%40brightwave.example' 'email=nobody%40brightwave.example')"
printf '%-44s known %7s   unknown %7s\n' "forgot password" "$known" "$unknown"

# The administrators' SPA in Chromium: from a click on "Confirm" to the updated screen.
echo
echo "== Permission groups in the browser (Chromium, after hydration)"
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ -d end2end/node_modules ]; then
  # The code the sign-in above used is spent: the browser waits for the next one.
  echo "{\"HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT\": $(( $(date +%s) / 30 ))}" > "$dir/totp-steps.json"
  (cd end2end && BENCH_URL="http://127.0.0.1:$port" PORTAL_E2E_DATA="$dir" npx playwright test -c bench.config.ts 2>&1 | grep '^BENCH' | sed 's/^BENCH //') \
    || echo "browser bench failed (see end2end/bench)"
else
  echo "skipped: Chromium or end2end/node_modules missing (scripts/setup.sh installs them)"
fi

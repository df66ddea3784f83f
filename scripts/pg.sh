#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, never the system's cluster or service.
#   scripts/pg.sh start DIR   creates a cluster in DIR (empty or absent), starts it on a free
#                             loopback port and prints one line: postgres://portal@127.0.0.1:PORT/portal_test
#   scripts/pg.sh stop DIR    stops it at once and removes DIR
# Trust authentication, loopback only, no password; durability off (fsync, synchronous_commit).
# As root, the server runs as the `postgres` system user (initdb refuses root), which owns DIR.
set -euo pipefail
say() { printf '[pg] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() { die "usage: $0 start|stop DIR"; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(realpath -m -- "$2")
case "$dir" in
  / | "${HOME:-/}" | /tmp | /root | /home | /usr | /var | /etc) die "refusing $dir as a data directory" ;;
  *[[:space:]]*) die "the data directory's path may not contain spaces: $dir" ;;
esac
# The socket lives in DIR: its path must fit in sockaddr_un (107 bytes).
[ ${#dir} -le 80 ] || die "the data directory's path is too long for a socket: $dir"

# The newest server installed by Debian's postgresql packages.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || die "no PostgreSQL server in /usr/lib/postgresql (scripts/setup.sh installs it)"

# Runs a server program as the owner of the cluster: `postgres` when we are root, else ourselves.
# From / so that the postgres user never needs to read the caller's working directory.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || die "no '$owner' user (it comes with the postgresql package)"
  as_owner() { (cd / && runuser -u "$owner" -- "$@"); }
else
  owner=$(id -un)
  as_owner() { (cd / && "$@"); }
fi

# A port the kernel calls free now; without Python, a random one (a taken port makes the start
# fail, and the next attempt tries another).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 40000 ))
}

start() {
  if [ -e "$dir" ]; then
    [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ] || die "$dir exists and is not an empty directory"
  else
    mkdir -p "$dir"
  fi
  chown "$owner" "$dir"
  chmod 700 "$dir"
  as_owner test -w "$dir" || die "$owner cannot write $dir (is a parent directory closed to it?)"

  say "initdb $dir ($("$bin/postgres" --version))"
  local out
  if ! out=$(as_owner "$bin/initdb" -D "$dir" -U portal --auth-local=trust --auth-host=trust \
    --no-sync -E UTF8 --locale=C 2>&1); then
    printf '%s\n' "$out" >&2
    die "initdb failed"
  fi
  # initdb's pg_hba.conf trusts the local socket, 127.0.0.1/32 and ::1/128 only; the server
  # listens on 127.0.0.1 alone.

  # A port another process takes between our check and the server's bind: try another one.
  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    say "starting on 127.0.0.1:$port (log: $dir/log)"
    if as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      break
    fi
    port=""
    tail -n 5 "$dir/log" >&2 || true
  done
  [ -n "$port" ] || die "the server did not start; see $dir/log"

  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U portal -d postgres \
    -c 'CREATE DATABASE portal_test' >&2
  echo "postgres://portal@127.0.0.1:$port/portal_test"
}

stop() {
  if [ -f "$dir/postmaster.pid" ]; then
    say "stopping the server of $dir"
    as_owner "$bin/pg_ctl" -D "$dir" -m immediate -w -t 60 stop >/dev/null || say "pg_ctl stop failed; removing $dir anyway"
  fi
  if [ -d "$dir" ]; then
    # Only what start made: a cluster, or an empty directory (initdb cleans up after a failure).
    if [ -f "$dir/PG_VERSION" ] || [ -z "$(ls -A "$dir")" ]; then
      rm -rf -- "$dir"
    else
      die "$dir is not a PostgreSQL data directory; not removing it"
    fi
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac

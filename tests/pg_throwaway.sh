#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster from Debian's postgresql package, for machines
# without a server on 127.0.0.1:5432. `start` prints the URL to use; `stop` removes the cluster.
set -euo pipefail
dir=/tmp/hotline-pg-throwaway
port=55432
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
    [ -n "$bin" ] || { echo "pg_throwaway: Debian's postgresql is not installed" >&2; exit 1; }
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    run "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
    run "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w -t 60 start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    [ -d "$dir/data" ] && run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*) echo "usage: pg_throwaway.sh start|stop" >&2; exit 2 ;;
esac

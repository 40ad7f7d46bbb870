#!/usr/bin/env bash
# Starts throw-away local PostgreSQL 15 and MariaDB servers from Debian's packages (no Docker needed), for manual
# tries and benchmarks. Prints the JDBC URLs the test harness accepts (TURNOUT_PG_URL / TURNOUT_MYSQL_URL).
#   docker/local-databases.sh start [DIR]    (default DIR: /tmp/turnout-local)
#   docker/local-databases.sh stop  [DIR]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/turnout-local}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pgport=${PGPORT_LOCAL:-15432}
myport=${MYPORT_LOCAL:-13306}
case "$cmd" in
  start)
    [ -n "$pgbin" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
    command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || { echo "mariadbd not found: apt-get install mariadb-server" >&2; exit 1; }
    mkdir -p "$dir"
    chown postgres "$dir" 2>/dev/null || true
    if [ ! -d "$dir/pg" ]; then
      runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg" -U postgres --auth-host=scram-sha-256 --auth-local=trust >/dev/null
      echo "listen_addresses = '127.0.0.1'" >> "$dir/pg/postgresql.conf"
    fi
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg" -o "-p $pgport -k $dir" -l "$dir/pg.log" start >/dev/null
    runuser -u postgres -- "$pgbin/psql" -h "$dir" -p "$pgport" -U postgres -qc "ALTER USER postgres PASSWORD 'turnout-local'"
    if [ ! -d "$dir/my" ]; then
      mariadb-install-db --no-defaults --datadir="$dir/my" --user=root --auth-root-authentication-method=normal >/dev/null
    fi
    /usr/sbin/mariadbd --no-defaults --datadir="$dir/my" --user=root --port="$myport" --bind-address=127.0.0.1 \
      --socket="$dir/my.sock" --pid-file="$dir/my.pid" >"$dir/my.log" 2>&1 &
    for _ in $(seq 50); do mariadb -h 127.0.0.1 -P "$myport" -u root -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
    for host in '%' localhost; do
      mariadb -h 127.0.0.1 -P "$myport" -u root -e "CREATE USER IF NOT EXISTS 'turnout'@'$host' IDENTIFIED BY 'turnout-local'; GRANT ALL ON *.* TO 'turnout'@'$host' WITH GRANT OPTION;"
    done
    echo "export TURNOUT_PG_URL='jdbc:postgresql://127.0.0.1:$pgport/postgres?user=postgres&password=turnout-local'"
    echo "export TURNOUT_MYSQL_URL='jdbc:mysql://127.0.0.1:$myport/mysql?user=turnout&password=turnout-local'"
    ;;
  stop)
    [ -d "$dir/pg" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg" stop -m fast >/dev/null || true
    [ -f "$dir/my.pid" ] && kill "$(cat "$dir/my.pid")" 2>/dev/null || true
    ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# sysbench direct vs through Turnout's MySQL listener, in one run, against one MariaDB/MySQL server.
#
#   bench/scripts/mysql-sysbench-compare.sh            # temporary local mariadbd, 30 s per measurement
#   DURATION=10 TESTS="oltp_point_select" bench/scripts/mysql-sysbench-compare.sh
#   MYSQL_HOST=127.0.0.1 MYSQL_PORT=3306 MYSQL_USER=sb MYSQL_PASSWORD=pw MYSQL_DB=sbtest bench/scripts/...  # existing server
#
# Needs: sysbench, java 17, and either mariadbd (Debian mariadb-server) or the MYSQL_* variables.
# Writes bench/results/mysql-sysbench-<timestamp>.txt with the command lines, QPS/TPS, latency and the ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-8}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-10000}
TESTS=${TESTS:-"oltp_point_select oltp_read_write"}
PS_MODES=${PS_MODES:-"auto disable"}
PROXY_THREADS=${PROXY_THREADS:-2}
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/mysql-sysbench-$stamp.txt"
work=$(mktemp -d /tmp/turnout-mysql-bench.XXXXXX)
server_pid=""
proxy_pid=""

command -v sysbench >/dev/null || { echo "sysbench is not installed (apt-get install sysbench)" >&2; exit 2; }

cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 1 100); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing is listening on port $1" >&2
  return 1
}

if [ -z "${MYSQL_PORT:-}" ]; then
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || { echo "no mariadbd; set MYSQL_HOST/PORT/USER/PASSWORD/DB" >&2; exit 2; }
  MYSQL_HOST=127.0.0.1
  MYSQL_PORT=$(free_port)
  MYSQL_USER=sb
  MYSQL_PASSWORD=sb-bench-pw
  MYSQL_DB=sbtest
  mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$work/data" --auth-root-authentication-method=socket \
    > "$work/install.log" 2>&1
  /usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$work/data" --socket="$work/sock" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --skip-log-bin --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=2 --max-connections=200 > "$work/server.log" 2>&1 &
  server_pid=$!
  wait_port "$MYSQL_PORT"
  mariadb --no-defaults -S "$work/sock" -uroot -e "CREATE DATABASE $MYSQL_DB;
    CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '$MYSQL_PASSWORD'; GRANT ALL ON $MYSQL_DB.* TO '$MYSQL_USER'@'%';
    CREATE USER '$MYSQL_USER'@'localhost' IDENTIFIED BY '$MYSQL_PASSWORD';
    GRANT ALL ON $MYSQL_DB.* TO '$MYSQL_USER'@'localhost';"
  server_desc="temporary $(/usr/sbin/mariadbd --version | awk '{print $3}') on port $MYSQL_PORT"
else
  MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
  server_desc="existing server $MYSQL_HOST:$MYSQL_PORT"
fi

jar="$root/proxy/target/turnout-proxy.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -o -DskipTests -pl proxy -am package)
fi
PROXY_PORT=$(free_port)
java ${TURNOUT_JAVA_OPTS:--Xms512m -Xmx512m} -cp "$jar:$root/proxy/target/lib/*" io.turnout.proxy.mysql.MySqlStandalone \
  --upstream "$MYSQL_HOST:$MYSQL_PORT" --port "$PROXY_PORT" --threads "$PROXY_THREADS" > "$work/proxy.log" 2>&1 &
proxy_pid=$!
wait_port "$PROXY_PORT"

common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-user="$MYSQL_USER" --mysql-password="$MYSQL_PASSWORD"
  --mysql-db="$MYSQL_DB" --tables="$TABLES" --table-size="$TABLE_SIZE" --threads="$THREADS" --report-interval=0)

sysbench oltp_common "${common[@]}" --mysql-port="$MYSQL_PORT" prepare > "$work/prepare.log" 2>&1

# run TEST PS_MODE PORT SECONDS -> prints "qps tps avg_ms p95_ms errors"
run() {
  local log="$work/run-$1-$2-$3.log"
  sysbench "$1" "${common[@]}" --mysql-port="$3" --db-ps-mode="$2" --time="$4" run > "$log" 2>&1 || {
    echo "sysbench failed, see below" >&2; cat "$log" >&2; exit 1; }
  awk '/queries:/ {gsub(/\(/,"",$3); q=$3}
       /transactions:/ {gsub(/\(/,"",$3); t=$3}
       /ignored errors:/ {e=$3}
       /avg:/ {a=$2}
       /95th percentile:/ {p=$3}
       END {printf "%s %s %s %s %s\n", q, t, a, p, e}' "$log"
}

{
  echo "# Turnout MySQL listener vs direct, sysbench $(sysbench --version | awk '{print $2}')"
  echo "# date (UTC): $stamp   host: $(nproc) cores, $(uname -r)"
  echo "# server: $server_desc   proxy: MySqlStandalone --threads $PROXY_THREADS ($(grep -m1 "turnout mysql listening" "$work/proxy.log" | sed "s/.*(//; s/)//"))"
  echo "# per run: sysbench TEST --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=PORT --tables=$TABLES"
  echo "#          --table-size=$TABLE_SIZE --threads=$THREADS --time=$DURATION --db-ps-mode=MODE run"
  echo "# (warm-up of ${WARMUP}s through the proxy before each pair; direct and proxy measured back to back)"
  printf "%-18s %-8s %-7s %12s %10s %9s %9s %7s\n" test ps_mode path qps tps avg_ms p95_ms errors
} | tee "$out"

for test in $TESTS; do
  for mode in $PS_MODES; do
    run "$test" "$mode" "$PROXY_PORT" "$WARMUP" > /dev/null
    read -r dq dt da dp de < <(run "$test" "$mode" "$MYSQL_PORT" "$DURATION")
    read -r pq pt pa pp pe < <(run "$test" "$mode" "$PROXY_PORT" "$DURATION")
    {
      printf "%-18s %-8s %-7s %12s %10s %9s %9s %7s\n" "$test" "$mode" direct "$dq" "$dt" "$da" "$dp" "$de"
      printf "%-18s %-8s %-7s %12s %10s %9s %9s %7s\n" "$test" "$mode" turnout "$pq" "$pt" "$pa" "$pp" "$pe"
      awk -v d="$dq" -v p="$pq" -v t="$test" -v m="$mode" 'BEGIN {printf "%-18s %-8s ratio   %12.3f   (turnout / direct QPS)\n", t, m, p / d}'
    } | tee -a "$out"
  done
done

sysbench oltp_common "${common[@]}" --mysql-port="$MYSQL_PORT" cleanup > /dev/null 2>&1 || true
echo "results written to $out"

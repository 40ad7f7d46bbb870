#!/usr/bin/env bash
# Proxy CPU time per query under sysbench oltp_point_select (8 threads), for proxy configurations given as
# "THREADS:JVM_OPTIONS[|PROXY_ARGS]" arguments (e.g. "2:|--routed"); a figure that stays meaningful when other jobs load the machine, unlike QPS ratios.
#
#   bench/scripts/mysql-proxy-cpu.sh "2:" "1:-Dio.netty.leakDetection.level=disabled"
#   SECS=20 MODE=disable bench/scripts/mysql-proxy-cpu.sh "2:"
#
# Needs sysbench, mariadbd and the packaged proxy (mvn -o -q -DskipTests -pl proxy -am package).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/turnout-cpu.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
P=$(free_port)
mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$work/data" --auth-root-authentication-method=socket > /dev/null 2>&1
/usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$work/data" --socket="$work/sock" --port="$P" --bind-address=127.0.0.1 --skip-log-bin --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --max-connections=200 > "$work/server.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf $work' EXIT
wait_port $P
mariadb --no-defaults -S "$work/sock" -uroot -e "CREATE DATABASE sbtest; CREATE USER 'sb'@'%' IDENTIFIED BY 'pw'; GRANT ALL ON sbtest.* TO 'sb'@'%'; CREATE USER 'sb'@'localhost' IDENTIFIED BY 'pw'; GRANT ALL ON sbtest.* TO 'sb'@'localhost';"
common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=sb --mysql-password=pw --mysql-db=sbtest --tables=4 --table-size=10000 --threads=8)
sysbench oltp_common "${common[@]}" --mysql-port=$P prepare > /dev/null 2>&1
tck=$(getconf CLK_TCK)
for cfg in "$@"; do
  threads=${cfg%%:*}; rest=${cfg#*:}; opts=${rest%%|*}; pargs=""
  if [[ $rest == *"|"* ]]; then pargs=${rest#*|}; fi
  PP=$(free_port)
  java -Xms512m -Xmx512m $opts -cp "$root/proxy/target/turnout-proxy.jar:$root/proxy/target/lib/*" io.turnout.proxy.mysql.MySqlStandalone --upstream 127.0.0.1:$P --port $PP --threads $threads $pargs > "$work/proxy.log" 2>&1 &
  ppid=$!
  wait_port $PP
  sysbench oltp_point_select "${common[@]}" --mysql-port=$PP --time=4 --db-ps-mode=${MODE:-auto} run > /dev/null
  read -r u0 s0 < <(awk '{print $14, $15}' /proc/$ppid/stat)
  q=$(sysbench oltp_point_select "${common[@]}" --mysql-port=$PP --time=${SECS:-10} --db-ps-mode=${MODE:-auto} run | awk '/queries:/ {print $2}')
  read -r u1 s1 < <(awk '{print $14, $15}' /proc/$ppid/stat)
  d=$(sysbench oltp_point_select "${common[@]}" --mysql-port=$P --time=${SECS:-10} --db-ps-mode=${MODE:-auto} run | awk '/queries:/ {print $2}')
  awk -v q=$q -v d=$d -v u=$((u1-u0)) -v s=$((s1-s0)) -v t=$tck -v c="$cfg" 'BEGIN {printf "%-50s proxied %8d direct %8d ratio %.3f  proxy cpu/query: user %.1f us sys %.1f us\n", c, q, d, q/d, u/t*1e6/q, s/t*1e6/q}'
  kill $ppid; wait $ppid 2>/dev/null || true
done

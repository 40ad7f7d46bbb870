#!/usr/bin/env bash
# sysbench directly against MariaDB and through Turnout's MySQL listener (`bin/turnout run --config`, what users
# run), interleaved in one run against one server.
#
#   bench/scripts/mysql-sysbench-compare.sh                       # oltp_point_select, 3 rounds of 30 s per target
#   ROUNDS=5 DURATION=20 TESTS="oltp_point_select oltp_read_write" PS_MODES="auto disable" bench/scripts/...
#   IO_THREADS=2 bench/scripts/...              # also a second Turnout of this build with ioThreads: 2 (turnout-io2)
#   BASELINE_ROOT=/tmp/base bench/scripts/...   # adds target turnout-base: another checkout's built Turnout
#   SOCAT=1 bench/scripts/...                   # adds target socat: a byte relay in C (socat, a process per
#                                               # connection)
#   FLOOR_RELAY=1 bench/scripts/...             # adds target floor: bench/tools/floor-relay.c (built with cc), one
#                                               # thread, one recv and one send per readiness, no parsing: the least
#                                               # any user-space proxy hop can cost here
#   NO_BUILD=1 bench/scripts/...                # use proxy/target as it is (e.g. a copy of a build outside the repo)
#   UPSTREAM=unix bench/scripts/...             # the proxies reach MariaDB through its Unix-domain socket instead of
#                                               # 127.0.0.1 TCP (sysbench still reaches every target over TCP)
#
# Starts a throw-away mariadbd (Debian mariadb-server) on a free port and socket. Each round runs every target once,
# the order rotating from round to round, after a warm-up through each proxy. Per run: QPS, average / p95 latency,
# errors and the proxy's CPU time per query (user + system time of the Turnout process over the run / queries),
# which other jobs on the machine disturb far less than QPS. Writes bench/results/mysql-sysbench-<timestamp>.txt
# with the per-run lines, medians and the ratios to direct.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-8}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-10000}
TESTS=${TESTS:-"oltp_point_select"}
PS_MODES=${PS_MODES:-"auto"}
baseline=${BASELINE_ROOT:-}
upstream_kind=${UPSTREAM:-tcp}
case $upstream_kind in tcp|unix) ;; *) echo "UPSTREAM must be tcp or unix, got '$upstream_kind'" >&2; exit 2 ;; esac
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/mysql-sysbench-$stamp.txt"
work=$(mktemp -d /tmp/turnout-mysql-bench.XXXXXX)
pids=()

command -v sysbench >/dev/null || { echo "sysbench is not installed (apt-get install sysbench)" >&2; exit 2; }
[ -x /usr/sbin/mariadbd ] || { echo "no /usr/sbin/mariadbd (apt-get install mariadb-server)" >&2; exit 2; }

cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 300); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing is listening on port $1" >&2
  return 1
}

MYSQL_PORT=$(free_port)
sock=$work/mysqld.sock
mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$work/data" --auth-root-authentication-method=socket \
  > "$work/install.log" 2>&1
/usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$work/data" --socket="$sock" \
  --port="$MYSQL_PORT" --bind-address=127.0.0.1 --skip-log-bin --innodb-buffer-pool-size=256M \
  --innodb-flush-log-at-trx-commit=2 --max-connections=200 > "$work/server.log" 2>&1 &
pids+=($!)
wait_port "$MYSQL_PORT"
chmod 755 "$work"
mariadb --no-defaults -S "$sock" -uroot -e "CREATE DATABASE sbtest;
  CREATE USER 'sb'@'%' IDENTIFIED BY 'sb-bench-pw'; GRANT ALL ON sbtest.* TO 'sb'@'%';
  CREATE USER 'sb'@'localhost' IDENTIFIED BY 'sb-bench-pw'; GRANT ALL ON sbtest.* TO 'sb'@'localhost';"
server_desc="$(/usr/sbin/mariadbd --version | awk '{print $3}')"

[ -n "${NO_BUILD:-}" ] || (cd "$root" && mvn -o -q -B -DskipTests -pl proxy -am package) </dev/null >/dev/null
TURNOUT_PORT=$(free_port)
# config PORT [IO_THREADS] -> YAML of one MySQL listener in front of the temporary server
config() {
  printf 'listeners:\n  - name: mysql\n    protocol: mysql\n    bind: 127.0.0.1:%s\n    upstream: %s\n' \
    "$1" "$([ "$upstream_kind" = unix ] && echo "unix:$sock" || echo "127.0.0.1:$MYSQL_PORT")"
  printf 'shutdown:\n  graceSeconds: 1\n'
  [ -z "${2:-}" ] || printf 'ioThreads: %s\n' "$2"
}
config "$TURNOUT_PORT" > "$work/turnout.yaml"
"$root/bin/turnout" run --config "$work/turnout.yaml" > "$work/turnout.log" 2>&1 &
turnout_pid=$!
pids+=($turnout_pid)
wait_port "$TURNOUT_PORT"
targets=(direct turnout)
if [ -n "${IO_THREADS:-}" ]; then
  IO_PORT=$(free_port)
  config "$IO_PORT" "$IO_THREADS" > "$work/turnout-io.yaml"
  "$root/bin/turnout" run --config "$work/turnout-io.yaml" > "$work/turnout-io.log" 2>&1 &
  io_pid=$!
  pids+=($io_pid)
  wait_port "$IO_PORT"
  targets+=("turnout-io$IO_THREADS")
fi
if [ -n "$baseline" ]; then
  BASE_PORT=$(free_port)
  config "$BASE_PORT" > "$work/base.yaml"
  "$baseline/bin/turnout" run --config "$work/base.yaml" > "$work/base.log" 2>&1 &
  base_pid=$!
  pids+=($base_pid)
  wait_port "$BASE_PORT"
  targets+=(turnout-base)
fi
if [ -n "${SOCAT:-}" ]; then
  SOCAT_PORT=$(free_port)
  socat "TCP-LISTEN:$SOCAT_PORT,bind=127.0.0.1,fork,reuseaddr,nodelay" "$([ "$upstream_kind" = unix ] && echo "UNIX-CONNECT:$sock" || echo "TCP:127.0.0.1:$MYSQL_PORT,nodelay")" &
  socat_pid=$!
  pids+=($socat_pid)
  wait_port "$SOCAT_PORT"
  targets+=(socat)
fi
if [ -n "${FLOOR_RELAY:-}" ]; then
  FLOOR_PORT=$(free_port)
  cc -O2 -o "$work/floor-relay" "$root/bench/tools/floor-relay.c"
  "$work/floor-relay" "$FLOOR_PORT" "$([ "$upstream_kind" = unix ] && echo "$sock" || echo "$MYSQL_PORT")" \
    > "$work/floor.log" 2>&1 &
  floor_pid=$!
  pids+=($floor_pid)
  wait_port "$FLOOR_PORT"
  targets+=(floor)
fi

port_of() {
  case $1 in
    direct) echo "$MYSQL_PORT" ;; turnout) echo "$TURNOUT_PORT" ;; turnout-io*) echo "$IO_PORT" ;;
    turnout-base) echo "$BASE_PORT" ;; socat) echo "$SOCAT_PORT" ;;
    floor) echo "$FLOOR_PORT" ;;
  esac
}
pid_of() { case $1 in turnout) echo "$turnout_pid" ;; turnout-io*) echo "$io_pid" ;; turnout-base) echo "$base_pid" ;;
  socat) echo "$socat_pid" ;; floor) echo "$floor_pid" ;; esac; }
# user + system ticks of a process and its children (socat forks one per connection; counted once they exit)
cpu_ticks() {
  if [ -z "$1" ]; then echo 0; return; fi
  local t; t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat")
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}

common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=sb --mysql-password=sb-bench-pw
  --mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" --threads="$THREADS" --report-interval=0)
sysbench oltp_common "${common[@]}" --mysql-port="$MYSQL_PORT" prepare > "$work/prepare.log" 2>&1

# run TEST MODE TARGET SECONDS -> "qps avg_ms p95_ms errors cpu_us_per_query"
run() {
  local log="$work/run.log" pid before after
  pid=$(pid_of "$3")
  before=$(cpu_ticks "$pid")
  sysbench "$1" "${common[@]}" --mysql-port="$(port_of "$3")" --db-ps-mode="$2" --time="$4" run > "$log" 2>&1 || {
    echo "sysbench failed against $3, see below" >&2; cat "$log" >&2; exit 1; }
  after=$(cpu_ticks "$pid")
  awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" -v direct="$([ -z "$pid" ] && echo 1)" '
       /queries:/ {n=$2; gsub(/\(/,"",$3); q=$3}
       /ignored errors:/ {e=$3}
       /avg:/ {avg=$2}
       /95th percentile:/ {p=$3}
       END {cpu = direct ? "-" : sprintf("%.1f", (a - b) * 1e6 / hz / n); printf "%s %s %s %s %s\n", q, avg, p, e, cpu}' "$log"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
raw=$work/raw.tsv
: > "$raw"
for test in $TESTS; do
  for mode in $PS_MODES; do
    for target in "${targets[@]}"; do
      [ "$target" = direct ] || run "$test" "$mode" "$target" "$WARMUP" > /dev/null
    done
    n=${#targets[@]}
    for round in $(seq 1 "$ROUNDS"); do
      for i in $(seq 0 $((n - 1))); do
        target=${targets[$(( (i + round - 1) % n ))]}
        read -r q a p e c < <(run "$test" "$mode" "$target" "$DURATION")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$mode" "$round" "$target" "$q" "$a" "$p" "$e" "$c" \
          | tee -a "$raw"
      done
    done
  done
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -F'\t' -v t="$1" -v m="$2" -v g="$3" -v c="$4" '$1==t && $2==m && $4==g {print $c}' "$raw" | median; }
# ratio of each round's proxied QPS to the direct QPS of the same round, then the median of those
round_ratio() {
  awk -F'\t' -v t="$1" -v m="$2" -v g="$3" '$1==t && $2==m && $4=="direct" {d[$3]=$5}
    $1==t && $2==m && $4==g {p[$3]=$5} END {for (r in p) if (d[r] > 0) printf "%.3f\n", p[r]/d[r]}' "$raw" | median
}

{
  echo "# Turnout MySQL listener vs direct, sysbench $(sysbench --version | awk '{print $2}') — $stamp UTC"
  echo "command: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP TESTS=\"$TESTS\" PS_MODES=\"$PS_MODES\"${UPSTREAM:+ UPSTREAM=$UPSTREAM}${IO_THREADS:+ IO_THREADS=$IO_THREADS}${SOCAT:+ SOCAT=1}${FLOOR_RELAY:+ FLOOR_RELAY=1}${NO_BUILD:+ NO_BUILD=1}${baseline:+ BASELINE_ROOT=$baseline} bench/scripts/mysql-sysbench-compare.sh"
  echo "per run: sysbench TEST --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=PORT --tables=$TABLES"
  echo "         --table-size=$TABLE_SIZE --threads=$THREADS --time=$DURATION --db-ps-mode=MODE run"
  echo "machine: $(nproc) cores, $(uname -sr); server: temporary MariaDB $server_desc on 127.0.0.1"
  echo "turnout: bin/turnout run --config (listener mysql -> $([ "$upstream_kind" = unix ] && echo "unix:$sock" || echo "127.0.0.1:$MYSQL_PORT")); ioThreads default (one per two cores), JVM options ${TURNOUT_JAVA_OPTS:-none} + bin/turnout's own"
  [ -n "$baseline" ] && echo "turnout-base: $baseline ($(cat "$baseline/COMMIT" 2>/dev/null || git -C "$baseline" log -1 --format='%h %s'))"
  echo "load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the 2 cores)"
  echo
  echo "per run (test, ps mode, round, target, qps, avg ms, p95 ms, errors, proxy cpu us/query):"
  sed 's/^/  /' "$raw"
  echo
  printf '%-18s %-8s %-13s %11s %8s %8s %7s %10s %10s\n' test ps_mode target qps avg_ms p95_ms errors "ratio" "cpu_us/q"
  for test in $TESTS; do
    for mode in $PS_MODES; do
      for target in "${targets[@]}"; do
        ratio=$([ "$target" = direct ] && echo - || round_ratio "$test" "$mode" "$target")
        cpu=$([ "$target" = direct ] && echo - || col "$test" "$mode" "$target" 9)
        printf '%-18s %-8s %-13s %11s %8s %8s %7s %10s %10s\n' "$test" "$mode" "$target" \
          "$(col "$test" "$mode" "$target" 5)" "$(col "$test" "$mode" "$target" 6)" \
          "$(col "$test" "$mode" "$target" 7)" "$(awk -F'\t' -v t="$test" -v m="$mode" -v g="$target" \
            '$1==t && $2==m && $4==g {s+=$8} END {print s+0}' "$raw")" "$ratio" "$cpu"
      done
    done
  done
  echo
  echo "(qps, latencies, cpu: medians over $ROUNDS rounds; ratio: median over rounds of proxied QPS / direct QPS of the"
  echo " same round; errors: sum. Target (issue #3): oltp_point_select >= 0.75 x direct)"
} | tee "$out"

sysbench oltp_common "${common[@]}" --mysql-port="$MYSQL_PORT" cleanup > /dev/null 2>&1 || true
echo "results written to $out"

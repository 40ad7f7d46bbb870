#!/usr/bin/env bash
# pgbench directly against PostgreSQL, through Turnout and through PgBouncer, in one run on one machine.
#
#   bench/scripts/pg-pgbench-compare.sh [-T seconds] [-c clients] [-j threads] [-r rounds] [-s scale] [-M mode]
#                                       [-w warm-up seconds]
#
# Starts a throw-away PostgreSQL 15 cluster (Debian binaries, SCRAM auth over TCP, synchronous_commit=off so that
# disk flushes do not dominate), Turnout (`bin/turnout run` with a generated YAML) and PgBouncer (session pooling)
# in front of it, then runs `pgbench -S` (select-only) and the default TPC-B-like script against each target,
# interleaved (the target order rotates every round). Writes per-run figures, medians (TPS, average and p99
# latency) and the ratios to direct into bench/results/pg-pgbench.txt.
# Needs root (for runuser) or the postgres user; set TURNOUT_PROFILE=1 to record a JFR profile of Turnout.
# SCRIPTS="select-only" runs only the given pgbench scripts (default: select-only tpcb).
# UPSTREAM=unix connects both proxies (Turnout and PgBouncer) to PostgreSQL through its Unix-domain socket instead of
# 127.0.0.1 TCP (the deployment where the proxy runs on the database host); pgbench still reaches every target,
# direct included, over TCP.
# BASELINE_ROOT=DIR adds a fourth target, "turnout-base": another checkout's built Turnout (its own bin/turnout),
# interleaved with the others, so that a change is measured against the code before it in the same run.
# FLOOR_RELAY=1 adds the target "floor": bench/tools/floor-relay.c (built with cc), a one-thread C relay with one
# recv and one send per readiness and no parsing: the least any user-space proxy can cost per hop on this machine.
# SETUP_ONLY=1 stops after the set-up and keeps everything running until interrupted (for profiling by hand).
set -euo pipefail

duration=30 clients=8 threads=2 rounds=3 scale=10 mode=prepared warmup=10
while getopts "T:c:j:r:s:M:w:" o; do
  case $o in
    T) duration=$OPTARG ;; c) clients=$OPTARG ;; j) threads=$OPTARG ;; r) rounds=$OPTARG ;;
    s) scale=$OPTARG ;; M) mode=$OPTARG ;; w) warmup=$OPTARG ;; *) sed -n 2,13p "$0"; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
pgbouncer=${PGBOUNCER:-/usr/sbin/pgbouncer}
pg_port=${PG_PORT:-55432} turnout_port=${TURNOUT_PORT:-56432} bouncer_port=${BOUNCER_PORT:-57432}
base_port=$((turnout_port + 1)) floor_port=${FLOOR_PORT:-58432} baseline=${BASELINE_ROOT:-} upstream_kind=${UPSTREAM:-tcp}
case $upstream_kind in tcp|unix) ;; *) echo "UPSTREAM must be tcp or unix, got '$upstream_kind'" >&2; exit 2 ;; esac
password=bench-pw
results=${RESULTS:-$root/bench/results/pg-pgbench.txt}
work=$(mktemp -d /tmp/turnout-pgbench.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  # runuser does not pass the signal on: stop PgBouncer through its own pid file
  [ -f "$work/pgbouncer.pid" ] && kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1 after 30 s" >&2; return 1
}

for port in "$pg_port" "$turnout_port" "$bouncer_port" ${baseline:+"$base_port"} ${FLOOR_RELAY:+"$floor_port"}; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (a previous run still alive?); set PG_PORT / TURNOUT_PORT / BOUNCER_PORT" >&2
    exit 1
  fi
done

echo "== PostgreSQL 15 on port $pg_port (data in $work/data)"
echo "$password" > "$work/pw"; chmod 644 "$work/pw"
as_pg "$pgbin/initdb" -D "$work/data" -U postgres -A scram-sha-256 --pwfile="$work/pw" >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work'
max_connections = 100
shared_buffers = 256MB
synchronous_commit = off
CONF
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w start >/dev/null
export PGPASSWORD=$password PGUSER=postgres PGHOST=127.0.0.1 PGSSLMODE=disable
"$pgbin/createdb" -p "$pg_port" bench
echo "== pgbench -i -s $scale"
"$pgbin/pgbench" -i -q -s "$scale" -p "$pg_port" bench 2>&1 | tail -1

echo "== Turnout on port $turnout_port"
cat > "$work/turnout.yaml" <<YAML
listeners:
  - name: pg
    protocol: postgres
    bind: 127.0.0.1:$turnout_port
    upstream: $([ "$upstream_kind" = unix ] && echo "unix:$work/.s.PGSQL.$pg_port" || echo "127.0.0.1:$pg_port")
shutdown:
  graceSeconds: 1
YAML
(cd "$root" && mvn -o -q -B -DskipTests -pl proxy -am package) </dev/null >/dev/null
java_opts=${TURNOUT_JAVA_OPTS:-}
if [ -n "${TURNOUT_PROFILE:-}" ]; then
  java_opts="$java_opts -XX:StartFlightRecording=filename=$root/bench/results/turnout-pgbench.jfr,settings=profile"
fi
TURNOUT_JAVA_OPTS="$java_opts" "$root/bin/turnout" run --config "$work/turnout.yaml" > "$work/turnout.log" 2>&1 &
pids+=($!)
turnout_pid=$!
wait_port "$turnout_port"
if [ -n "$baseline" ]; then
  echo "== baseline Turnout from $baseline on port $base_port"
  sed "s/127.0.0.1:$turnout_port/127.0.0.1:$base_port/" "$work/turnout.yaml" > "$work/turnout-base.yaml"
  "$baseline/bin/turnout" run --config "$work/turnout-base.yaml" > "$work/turnout-base.log" 2>&1 &
  pids+=($!)
  base_pid=$!
  wait_port "$base_port"
fi

echo "== PgBouncer (session pooling) on port $bouncer_port"
printf '"postgres" "%s"\n' "$password" > "$work/userlist.txt"
cat > "$work/pgbouncer.ini" <<INI
[databases]
bench = host=$([ "$upstream_kind" = unix ] && echo "$work" || echo 127.0.0.1) port=$pg_port dbname=bench
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $work/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 20
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
chown postgres "$work"/pgbouncer.ini "$work"/userlist.txt 2>/dev/null || true
as_pg "$pgbouncer" "$work/pgbouncer.ini" > /dev/null 2>&1 &
pids+=($!)
wait_port "$bouncer_port"

if [ -n "${FLOOR_RELAY:-}" ]; then
  echo "== floor relay on port $floor_port"
  cc -O2 -o "$work/floor-relay" "$root/bench/tools/floor-relay.c"
  "$work/floor-relay" "$floor_port" "$([ "$upstream_kind" = unix ] && echo "$work/.s.PGSQL.$pg_port" || echo "$pg_port")" \
    > "$work/floor.log" 2>&1 &
  pids+=($!)
  floor_pid=$!
  wait_port "$floor_port"
fi

# the proxy's own process, whose CPU time per transaction is measured (direct: none)
pid_of() {
  case $1 in
    turnout) echo "$turnout_pid" ;; turnout-base) echo "${base_pid:-}" ;;
    pgbouncer) cat "$work/pgbouncer.pid" 2>/dev/null || true ;;
    floor) echo "${floor_pid:-}" ;;
  esac
}
cpu_ticks() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }
# context switches (voluntary + involuntary) of all the proxy's threads; a thread that ended meanwhile drops out
switches() { [ -n "$1" ] && [ -d "/proc/$1/task" ] && cat /proc/"$1"/task/*/status 2>/dev/null \
               | awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ {s += $2} END {print s + 0}' || echo 0; }
port_of() {
  case $1 in
    direct) echo "$pg_port" ;; turnout) echo "$turnout_port" ;; pgbouncer) echo "$bouncer_port" ;;
    turnout-base) echo "$base_port" ;; floor) echo "$floor_port" ;;
  esac
}
if [ -n "${SETUP_ONLY:-}" ]; then
  echo "SETUP_ONLY: direct $pg_port, turnout $turnout_port (pid $turnout_pid), pgbouncer $bouncer_port" \
       "(pid $(pid_of pgbouncer)); database bench, user postgres, password $password; Ctrl-C stops everything"
  while sleep 3600; do :; done
fi
targets=(direct turnout pgbouncer)
[ -n "$baseline" ] && targets+=(turnout-base)
[ -n "${FLOOR_RELAY:-}" ] && targets+=(floor)
ntargets=${#targets[@]}
script_args() { case $1 in select-only) echo "-S" ;; tpcb) echo "" ;; esac; }

echo "== warm-up: ${warmup}s of pgbench -S per target (not measured; lets the JIT compile Turnout's hot path)"
for target in "${targets[@]}"; do
  port=$(port_of "$target")
  "$pgbin/pgbench" -S -M "$mode" -c "$clients" -j "$threads" -T "$warmup" -p "$port" bench >/dev/null 2>&1
done

raw=$work/raw.tsv
: > "$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  for i in $(seq 0 $((ntargets - 1))); do
    target=${targets[$(( (i + round - 1) % ntargets ))]}
    for script in ${SCRIPTS:-select-only tpcb}; do
      logdir=$work/log-$round-$target-$script; mkdir -p "$logdir"
      # shellcheck disable=SC2046
      proxy_pid=$(pid_of "$target"); cpu_before=$(cpu_ticks "$proxy_pid"); cs_before=$(switches "$proxy_pid")
      out=$(cd "$logdir" && "$pgbin/pgbench" $(script_args "$script") -M "$mode" -c "$clients" -j "$threads" \
              -T "$duration" -l -p "$(port_of "$target")" bench 2>&1) || { echo "$out" >&2; exit 1; }
      cpu_after=$(cpu_ticks "$proxy_pid"); cs_after=$(switches "$proxy_pid")
      tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<< "$out")
      txs=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<< "$out")
      cpu_us=$(awk -v a="$cpu_before" -v b="$cpu_after" -v n="${txs:-0}" -v hz="$(getconf CLK_TCK)" \
                 'BEGIN {if (n > 0 && b > a) printf "%.1f", (b - a) * 1e6 / hz / n; else print "-"}')
      cs_tx=$(awk -v a="$cs_before" -v b="$cs_after" -v n="${txs:-0}" \
                'BEGIN {if (n > 0 && b > a) printf "%.2f", (b - a) / n; else print "-"}')
      avg=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<< "$out")
      failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<< "$out")
      p99=$(cat "$logdir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "%.3f", a[i]/1000}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$script" "$tps" "$avg" "$p99" "${failed:-0}" \
        "$cpu_us" "$cs_tx" | tee -a "$raw"
      rm -rf "$logdir"
    done
  done
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -F'\t' -v t="$1" -v s="$2" -v c="$3" '$2==t && $3==s {print $c}' "$raw" | median; }

{
  echo "# Turnout vs direct vs PgBouncer — pgbench $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "command: ${FLOOR_RELAY:+FLOOR_RELAY=1 }${UPSTREAM:+UPSTREAM=$UPSTREAM }${SCRIPTS:+SCRIPTS=\"$SCRIPTS\" }${baseline:+BASELINE_ROOT=$baseline }${TURNOUT_JAVA_OPTS:+TURNOUT_JAVA_OPTS=\"$TURNOUT_JAVA_OPTS\" }bench/scripts/pg-pgbench-compare.sh -T $duration -c $clients -j $threads -r $rounds -s $scale -M $mode -w $warmup"
  echo "pgbench: pgbench [-S] -M $mode -c $clients -j $threads -T $duration -l (per target, interleaved, $rounds rounds)"
  echo "machine: $(nproc) cores, $(uname -srm); $("$pgbin/postgres" --version); $($pgbouncer --version | head -1);"
  echo "         $(java -version 2>&1 | head -1); Turnout JVM options: ${java_opts:-none} (+ bin/turnout's own);"
  echo "         Turnout transport $(grep -o '(epoll\|(nio' "$work/turnout.log" | head -1 | tr -d '(' || true)"
  echo "load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) — other processes share the cores"
  [ -n "$baseline" ] && echo "turnout-base: $baseline ($(git -C "$baseline" log -1 --format='%h %s' 2>/dev/null || cat "$baseline/COMMIT" 2>/dev/null || echo 'no git'))"
  echo "server: synchronous_commit=off, shared_buffers=256MB, scale $scale; PgBouncer pool_mode=session; no TLS; clients over 127.0.0.1 TCP,"
  echo "        proxies to the server over $([ "$upstream_kind" = unix ] && echo "the server's Unix-domain socket ($work)" || echo "127.0.0.1 TCP")"
  echo
  echo "per run (round, target, script, tps, avg latency ms, p99 latency ms, failed transactions,"
  echo "         proxy CPU µs per transaction — user+system time of the proxy process over the run / transactions,"
  echo "         proxy context switches per transaction — voluntary + involuntary, all its threads):"
  sed 's/^/  /' "$raw"
  echo
  printf '%-12s %-12s %10s %9s %9s %14s %12s %8s\n' script target "tps" "avg ms" "p99 ms" "tps/direct" "cpu µs/tx" "cs/tx"
  for script in ${SCRIPTS:-select-only tpcb}; do
    direct_tps=$(col direct "$script" 4)
    for target in "${targets[@]}"; do
      tps=$(col "$target" "$script" 4)
      cpu=$([ "$target" = direct ] && echo - || col "$target" "$script" 8)
      cs=$([ "$target" = direct ] && echo - || col "$target" "$script" 9)
      printf '%-12s %-12s %10s %9s %9s %14s %12s %8s\n' "$script" "$target" "$tps" "$(col "$target" "$script" 5)" \
        "$(col "$target" "$script" 6)" "$(awk -v a="$tps" -v b="$direct_tps" 'BEGIN {printf "%.3f", a/b}')" "$cpu" "$cs"
    done
  done
  echo
  echo "(medians over $rounds rounds; target: Turnout >= 0.75 x direct and not below PgBouncer)"
} | tee "$results"

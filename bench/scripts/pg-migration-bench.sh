#!/usr/bin/env bash
# pgbench through Turnout with a migration in `live` (reads 25%, compare 10%) vs a pass-through Turnout vs direct,
# in one run on one machine.
#
#   bench/scripts/pg-migration-bench.sh [-T seconds] [-c clients] [-j threads] [-r rounds] [-s scale]
#                                       [-M modes, comma-separated: prepared,simple] [-w warm-up seconds]
#                                       [-p read percent] [-k compare percent] [-R select rate,tpcb rate]
#
# Starts a throw-away PostgreSQL 15 cluster (same set-up as pg-pgbench-compare.sh: SCRAM over TCP,
# synchronous_commit=off), `pgbench -i -s SCALE`, then the expand step of a rename-column migration on the hot table:
#     ALTER TABLE pgbench_accounts ADD COLUMN balance int; UPDATE pgbench_accounts SET balance = abalance;
#     VACUUM FULL ANALYZE pgbench_accounts
# and copies that database (CREATE DATABASE plain TEMPLATE bench), so that both have the same rows and widths.
#   * migration  — Turnout (`bin/turnout run`) with an admin section whose state store is database `bench`; the
#                  migration `acct-balance` (pgbench_accounts.abalance -> balance) is created through the CLI and taken
#                  off -> dual-write -> shadow -> live, read percent 25, compare percent 10. pgbench uses `bench`.
#   * passthrough — a second Turnout process, same jar and listener settings, no admin section (so no planner: the
#                  pure relay a proxy without migrations runs). pgbench uses `plain` (no dual writes there, so
#                  the writes of the other targets never make `bench`'s old and new columns differ).
#   * direct     — PostgreSQL itself, database `plain`, for reference.
#   * passthrough-b — (PAIRED only, in its default targets) a third Turnout process set up as passthrough is, on
#                  $CTL_PORT (26473), using database `plain2` (a third copy): the control pair. Its ratio to
#                  passthrough is what pairing alone does to the figure; a migration target's ratio means something
#                  only as far as it stands apart from this one.
# Loads: the TPC-B-like default script and -S (both touch pgbench_accounts), per mode, -c/-j as given, interleaved
# (the target order rotates every round). p95/p99 come from the per-transaction logs (pgbench -l).
# After every migration run: failed transactions, `abalance IS DISTINCT FROM balance` rows (must be 0), the compare
# counters of the admin API (GET /migrations/acct-balance/compare) and the breaker state (re-armed and set again if
# it tripped, recorded in the row). Writes bench/results/pg-migration-live25.txt (RESULTS=... to change).
# SETUP_ONLY=1 stops after the set-up and keeps everything running (for profiling by hand).
# PAIRED=1 (with -R) runs each migration target at the same time as the pass-through one, each offered half of the
# rate, and takes the p95 ratio within each pair: on a shared host whose latency drifts between runs, both targets
# of a pair see the same machine. Direct is then not measured; passthrough-b is, as the control pair.
# -R S,B runs the measured loads open-loop (pgbench -R): S transactions/s of -S and B of TPC-B, the same offered
# load for every target, as a production database sees it, instead of each target's own saturation point. Latency is
# then counted from each transaction's scheduled start (pgbench's time + schedule lag), so a proxy that falls behind
# pays for the queue it builds. Without -R the loads are closed-loop (as fast as the target answers).
# Ports default below 32768 (outside the ephemeral range, so no client socket holds them).
# Needs root (for runuser) or the postgres user; TURNOUT_PROFILE=1 records a JFR profile of the migration proxy.
set -euo pipefail

duration=30 clients=8 threads=2 rounds=3 scale=10 modes=prepared warmup=10 read_pct=25 compare_pct=10 rates=
while getopts "T:c:j:r:s:M:w:p:k:R:" o; do
  case $o in
    T) duration=$OPTARG ;; c) clients=$OPTARG ;; j) threads=$OPTARG ;; r) rounds=$OPTARG ;;
    s) scale=$OPTARG ;; M) modes=$OPTARG ;; w) warmup=$OPTARG ;; p) read_pct=$OPTARG ;; k) compare_pct=$OPTARG ;;
    R) rates=$OPTARG ;; *) sed -n 2,39p "$0"; exit 2 ;;
  esac
done
if [ -z "${PAIRED:-}" ] && [[ " ${TARGETS:-} " == *" passthrough-b "* ]]; then
  echo "passthrough-b is the control pair of a PAIRED run: set PAIRED=1 (with -R)" >&2; exit 2
fi
command_line="${PAIRED:+PAIRED=1 }${TARGETS:+TARGETS=\"$TARGETS\" }${IO_THREADS:+IO_THREADS=$IO_THREADS }${COMPARE_RATE:+COMPARE_RATE=$COMPARE_RATE }${COMPARE_QUEUE:+COMPARE_QUEUE=$COMPARE_QUEUE }bench/scripts/pg-migration-bench.sh -T $duration -c $clients -j $threads -r $rounds -s $scale -M $modes -w $warmup -p $read_pct -k $compare_pct${rates:+ -R $rates}"
if [ -n "$rates" ]; then
  IFS=, read -r select_rate tpcb_rate <<< "$rates"
  [[ $select_rate =~ ^[0-9]+$ && $tpcb_rate =~ ^[0-9]+$ ]] || { echo "-R needs two rates: SELECT,TPCB (e.g. 15000,1500)" >&2; exit 2; }
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
pg_port=${PG_PORT:-25471} pass_port=${PASS_PORT:-26471} mig_port=${MIG_PORT:-26472} admin_port=${ADMIN_PORT:-29471}
ctl_port=${CTL_PORT:-26473}
password=bench-pw
migration=acct-balance
results=${RESULTS:-$root/bench/results/pg-migration-live25.txt}
work=$(mktemp -d /tmp/turnout-migbench.XXXXXX)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

wait_port() {
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1 after 60 s" >&2; return 1
}

for port in "$pg_port" "$pass_port" "$mig_port" "$admin_port" "$ctl_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (a previous run still alive?); set PG_PORT / PASS_PORT / MIG_PORT / ADMIN_PORT / CTL_PORT" >&2
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
shared_buffers = 512MB
synchronous_commit = off
CONF
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w start >/dev/null
export PGPASSWORD=$password PGUSER=postgres PGHOST=127.0.0.1 PGSSLMODE=disable
psql_q() { "$pgbin/psql" -X -q -t -A -v ON_ERROR_STOP=1 -p "$pg_port" -d "$1" -c "$2"; }
"$pgbin/createdb" -p "$pg_port" bench
echo "== pgbench -i -s $scale, expand step (balance column, backfill), copies to databases plain, plain2"
"$pgbin/pgbench" -i -q -s "$scale" -p "$pg_port" bench 2>&1 | tail -1
psql_q bench "ALTER TABLE pgbench_accounts ADD COLUMN balance int"
psql_q bench "UPDATE pgbench_accounts SET balance = abalance"
psql_q bench "VACUUM FULL ANALYZE pgbench_accounts"
psql_q postgres "CREATE DATABASE plain TEMPLATE bench"
psql_q postgres "CREATE DATABASE plain2 TEMPLATE bench"

echo "== Turnout: pass-through on $pass_port, with the migration on $mig_port (admin API on $admin_port)"
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# COMPARE_RATE / COMPARE_QUEUE: the migration proxy's compare load budget (admin.compare; default: Turnout's own)
# IO_THREADS: event loops (ioThreads) of both Turnout processes (default: Turnout's own, one per two cores)
compare_limits=""
[ -n "${COMPARE_RATE:-}" ] && compare_limits+="  compare:"$'\n'"    maxPerSecond: $COMPARE_RATE"$'\n'
[ -n "${COMPARE_QUEUE:-}" ] && { [ -n "$compare_limits" ] || compare_limits+="  compare:"$'\n'; compare_limits+="    queue: $COMPARE_QUEUE"$'\n'; }
cat > "$work/passthrough.yaml" <<YAML
listeners:
  - name: pg
    protocol: postgres
    bind: 127.0.0.1:$pass_port
    upstream: 127.0.0.1:$pg_port
shutdown:
  graceSeconds: 1
${IO_THREADS:+ioThreads: $IO_THREADS}
YAML
cat > "$work/migration.yaml" <<YAML
listeners:
  - name: pg
    protocol: postgres
    bind: 127.0.0.1:$mig_port
    upstream: 127.0.0.1:$pg_port
admin:
  bind: 127.0.0.1:$admin_port
  token: $token
  instanceName: migbench
$compare_limits  stateStore:
    url: jdbc:postgresql://127.0.0.1:$pg_port/bench
    user: postgres
    password: $password
    schema: turnout
shutdown:
  graceSeconds: 1
${IO_THREADS:+ioThreads: $IO_THREADS}
YAML
cat > "$work/spec.yaml" <<YAML
id: $migration
kind: rename-column
table: pgbench_accounts
key: aid
column: abalance
to: balance
YAML
(cd "$root" && mvn -o -q -B -DskipTests -pl proxy -am package) </dev/null >/dev/null
java_opts=${TURNOUT_JAVA_OPTS:-}
TURNOUT_JAVA_OPTS="$java_opts" "$root/bin/turnout" run --config "$work/passthrough.yaml" > "$work/passthrough.log" 2>&1 &
pids+=($!); pass_pid=$!
ctl_pid=
if [ -n "${PAIRED:-}" ] && [[ " ${TARGETS:-passthrough-b} " == *" passthrough-b "* ]]; then
  sed "s/127.0.0.1:$pass_port/127.0.0.1:$ctl_port/" "$work/passthrough.yaml" > "$work/passthrough-b.yaml"
  TURNOUT_JAVA_OPTS="$java_opts" "$root/bin/turnout" run --config "$work/passthrough-b.yaml" > "$work/passthrough-b.log" 2>&1 &
  pids+=($!); ctl_pid=$!
fi
mig_opts=$java_opts
if [ -n "${TURNOUT_PROFILE:-}" ]; then
  mig_opts="$mig_opts -XX:StartFlightRecording=filename=$root/bench/results/turnout-migbench.jfr,settings=profile"
fi
TURNOUT_JAVA_OPTS="$mig_opts" "$root/bin/turnout" run --config "$work/migration.yaml" > "$work/migration.log" 2>&1 &
pids+=($!); mig_pid=$!
wait_port "$pass_port"; wait_port "$mig_port"; wait_port "$admin_port"
[ -z "$ctl_pid" ] || wait_port "$ctl_port"

export TURNOUT_ADMIN_URL=http://127.0.0.1:$admin_port TURNOUT_TOKEN=$token
cli() { "$root/bin/turnout" migrations "$@" --reason "pg-migration-bench" >> "$work/cli.log" 2>&1 \
          || { cat "$work/cli.log" >&2; echo "turnout migrations $* failed" >&2; exit 1; }; }
api() { curl -sf -H "Authorization: Bearer $token" "$TURNOUT_ADMIN_URL$1"; }
set_compare() { curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
                  -H 'X-Turnout-Actor: pg-migration-bench' -d "{\"percent\": $1}" \
                  "$TURNOUT_ADMIN_URL/migrations/$migration/compare-percent" > /dev/null; }
"$root/bin/turnout" migrations create --file "$work/spec.yaml" --reason "pg-migration-bench" >> "$work/cli.log" 2>&1 \
  || { cat "$work/cli.log" >&2; exit 1; }
# the breaker's latency gate compares the p95 of the new path's reads with the old path's: on a shared 2-core
# machine scheduling noise alone can trip it, and reads would then be measured on the old path.
# MAX_P95_RATIO (default 100: latency gate off) keeps the migration live; error and diff gates stay at defaults.
cli thresholds "$migration" --max-p95-ratio "${MAX_P95_RATIO:-100}"
cli phase "$migration" dual-write
cli phase "$migration" shadow
cli phase "$migration" live
cli percent "$migration" "$read_pct"
cli compare "$migration" "$compare_pct"
"$root/bin/turnout" migrations list | tee -a "$work/cli.log"
if [ -n "${SETUP_ONLY:-}" ]; then
  echo "SETUP_ONLY: direct/passthrough db plain on $pg_port/$pass_port, migration db bench on $mig_port," \
       "TURNOUT_ADMIN_URL=$TURNOUT_ADMIN_URL TURNOUT_TOKEN=$token PGPASSWORD=$password; stop with kill $$"
  sleep infinity & pids+=($!); wait $!
fi

# re-arms a tripped breaker and sets the percentages again; prints the reason it tripped, or "no"
breaker_check() {
  local b; b=$(api "/migrations/$migration/breaker")
  if [ "$(jq -r '.tripped // .breaker.tripped' <<< "$b")" = true ]; then
    jq -c '.reason // .breaker.reason // .' <<< "$b" | tr '\t' ' '
    cli rearm "$migration"; cli percent "$migration" "$read_pct"; cli compare "$migration" "$compare_pct"
  else
    echo no
  fi
}
metric() { api /metrics | awk -v p="$1" 'index($1, p) == 1 {s += $2} END {printf "%d", s}'; }
new_reads() {
  api /metrics | awk -v m="$migration" '$1 ~ /^turnout_statement_seconds_count\{/ && $1 ~ "migration=\"" m "\"" \
      && $1 ~ /path="new"/ {s += $2} END {printf "%d", s}'
}

# CPU time (user + system, clock ticks) of the proxy serving a target; bin/turnout execs java, so $! is the JVM
ticks_of() { case $1 in passthrough) awk '{print $14 + $15}' "/proc/$pass_pid/stat" ;;
                        passthrough-b) awk '{print $14 + $15}' "/proc/$ctl_pid/stat" ;;
                        migration*) awk '{print $14 + $15}' "/proc/$mig_pid/stat" ;; *) echo 0 ;; esac; }
cpu_per_tx() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print 0}'; }
port_of() { case $1 in direct) echo "$pg_port" ;; passthrough) echo "$pass_port" ;; passthrough-b) echo "$ctl_port" ;;
                     migration*) echo "$mig_port" ;; esac; }
db_of() { case $1 in migration*) echo bench ;; passthrough-b) echo plain2 ;; *) echo plain ;; esac; }
script_args() { case $1 in select-only) echo "-S" ;; tpcb) echo "" ;; esac; }
IFS=, read -r -a mode_list <<< "$modes"
# TARGETS: any of direct passthrough migration migration-c0 passthrough-b (migration-c0: the migration proxy with
# compare set to 0 for the run: splits the cost of the wire integration from the cost of compare reads)
read -r -a targets <<< "${TARGETS:-direct passthrough migration migration-c0${PAIRED:+ passthrough-b}}"
if [ -n "${PAIRED:-}" ]; then
  [ -n "$rates" ] || { echo "PAIRED needs -R (open loop): closed-loop targets sharing the machine would share it unevenly" >&2; exit 2; }
  paired_targets=(passthrough)
  for t in "${targets[@]}"; do [[ $t == migration* || $t == passthrough-b ]] && paired_targets+=("$t"); done
  targets=("${paired_targets[@]}")
fi

echo "== warm-up: ${warmup}s of pgbench -S and ${warmup}s of TPC-B per target and mode (not measured)"
for mode in "${mode_list[@]}"; do
  for target in "${targets[@]}"; do
    [ "$target" = migration-c0 ] && continue
    for script in select-only tpcb; do
      # shellcheck disable=SC2046
      "$pgbin/pgbench" $(script_args "$script") -M "$mode" -c "$clients" -j "$threads" -T "$warmup" \
        -p "$(port_of "$target")" "$(db_of "$target")" >/dev/null 2>&1
    done
  done
done
breaker_check > /dev/null

raw=$work/raw.tsv
: > "$raw"
# pgbench's -R value for SCRIPT (empty when closed loop); PAIRED splits it between the two targets of a pair
rate_of() {
  [ -n "$rates" ] || return 0
  local r; case $1 in select-only) r=$select_rate ;; tpcb) r=$tpcb_rate ;; esac
  if [ -n "${PAIRED:-}" ]; then echo $(( (r + 1) / 2 )); else echo "$r"; fi
}
# start_run LABEL TARGET MODE SCRIPT: pgbench in the background, logging into its own directory; sets run_pid
start_run() {
  local dir=$work/log-$1-$2-$3-$4 rate; rate=$(rate_of "$4")
  rm -rf "$dir"; mkdir -p "$dir"
  if [[ $2 == migration* ]]; then
    api "/migrations/$migration/compare" > "$dir/compare.before"; new_reads > "$dir/new.before"
    metric 'turnout_compare_samples{state="dropped"' > "$dir/dropped.before"
  fi
  ticks_of "$2" > "$dir/ticks.before"
  # shellcheck disable=SC2046
  (cd "$dir" && exec "$pgbin/pgbench" $(script_args "$4") -M "$3" -c "$clients" -j "$threads" -T "$duration" \
     ${rate:+-R "$rate"} -l -p "$(port_of "$2")" "$(db_of "$2")" > out 2>&1) &
  run_pid=$!
}
# finish_run LABEL TARGET MODE SCRIPT PID: waits for that pgbench and appends its row to $raw
finish_run() {
  local label=$1 target=$2 mode=$3 script=$4 dir=$work/log-$1-$2-$3-$4 out tps txs failed cpu avg p95 p99 svc95 extra
  wait "$5" || { cat "$dir/out" >&2; exit 1; }
  out=$(cat "$dir/out")
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<< "$out")
  txs=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<< "$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<< "$out")
  cpu=$(cpu_per_tx $(( $(ticks_of "$target") - $(cat "$dir/ticks.before") )) "$txs")
  # log line: client tx time script epoch us [schedule-lag with -R]; open-loop latency = time + lag
  read -r avg p95 p99 < <(cat "$dir"/pgbench_log.* | awk '{print $3 + (NF >= 7 ? $7 : 0)}' | sort -n | awk '{a[NR]=$1; s+=$1}
      END {i=int(NR*0.95); if (i<1) i=1; j=int(NR*0.99); if (j<1) j=1;
           printf "%.3f %.3f %.3f\n", s/NR/1000, a[i]/1000, a[j]/1000}')
  # the same p95 without the schedule lag (pgbench's own time only): where the load generator's timers wake
  # late (seen on one VM: direct p95 1.8 ms at 2,000 TPS against 0.6 ms inside the proxy), the lag swamps
  # what the targets differ in; both are reported
  svc95=$(cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1}
      END {i=int(NR*0.95); if (i<1) i=1; printf "%.3f\n", a[i]/1000}')
  extra="-"
  if [[ $target == migration* ]]; then
    local after before diffs compared cleared confirmed newr dropped win
    before=$(cat "$dir/compare.before"); after=$(api "/migrations/$migration/compare")
    diffs=$(psql_q bench "SELECT count(*) FROM pgbench_accounts WHERE abalance IS DISTINCT FROM balance")
    compared=$(( $(jq .compared <<< "$after") - $(jq .compared <<< "$before") ))
    cleared=$(( $(jq .clearedOnRecheck <<< "$after") - $(jq .clearedOnRecheck <<< "$before") ))
    confirmed=$(( $(jq .confirmed <<< "$after") - $(jq .confirmed <<< "$before") ))
    newr=$(( $(new_reads) - $(cat "$dir/new.before") ))
    dropped=$(( $(metric 'turnout_compare_samples{state="dropped"') - $(cat "$dir/dropped.before") ))
    extra="new-path-reads=$newr/$txs compared=$compared dropped=$dropped cleared=$cleared confirmed=$confirmed"
    win=$(api "/migrations/$migration/figures" | jq -r '.figures | "window-p95-us old=\(.oldP95Micros) new=\(.newP95Micros)"')
    extra="$extra distinct-rows=$diffs $win tripped=$(breaker_check)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$target" "$mode" "$script" "$tps" "$avg" \
    "$p95" "$p99" "${failed:-0}" "$(cut -d' ' -f1 /proc/loadavg)" "$cpu" "$svc95" "$extra" | tee -a "$raw"
  rm -rf "$dir"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  if [ -n "${PAIRED:-}" ]; then
    # each migration target runs at the same time as the pass-through one, each with half the offered load: both
    # see the same machine (the noise of a shared host moves both), and their ratio is taken within the pair
    pair_targets=("${targets[@]:1}") # targets is passthrough, then the migration targets and the control
    for i in "${!pair_targets[@]}"; do
      target=${pair_targets[$(( (i + round - 1) % ${#pair_targets[@]} ))]}
      [ "$target" = migration-c0 ] && set_compare 0
      for mode in "${mode_list[@]}"; do
        for script in select-only tpcb; do
          label="$round:$target"
          start_run "$label" passthrough "$mode" "$script"; pass_run=$run_pid
          start_run "$label" "$target" "$mode" "$script"; mig_run=$run_pid
          finish_run "$label" passthrough "$mode" "$script" "$pass_run"
          finish_run "$label" "$target" "$mode" "$script" "$mig_run"
        done
      done
      [ "$target" = migration-c0 ] && set_compare "$compare_pct"
    done
    continue
  fi
  for i in "${!targets[@]}"; do
    target=${targets[$(( (i + round - 1) % ${#targets[@]} ))]}
    [ "$target" = migration-c0 ] && set_compare 0
    for mode in "${mode_list[@]}"; do
      for script in select-only tpcb; do
        start_run "$round" "$target" "$mode" "$script"
        finish_run "$round" "$target" "$mode" "$script" "$run_pid"
      done
    done
    [ "$target" = migration-c0 ] && set_compare "$compare_pct"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -F'\t' -v t="$1" -v m="$2" -v s="$3" -v c="$4" '$2==t && $3==m && $4==s {print $c}' "$raw" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
# per round: migration / passthrough of column c, then the median of those ratios
paired() {
  awk -F'\t' -v t="$1" -v m="$2" -v s="$3" -v c="$4" '$3==m && $4==s && ($2==t || $2=="passthrough") {v[$1,$2]=$c; r[$1]=1}
      END {for (k in r) if (v[k,"passthrough"] > 0 && v[k,t] != "") printf "%.3f\n", v[k,t]/v[k,"passthrough"]}' "$raw" | median
}

final_compare=$(api "/migrations/$migration/compare")
final_diffs=$(psql_q bench "SELECT count(*) FROM pgbench_accounts WHERE abalance IS DISTINCT FROM balance")
metrics=$(api /metrics)
{
  echo "# Turnout with a migration live (reads $read_pct%, compare $compare_pct%) vs pass-through vs direct — pgbench $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "command: $command_line"
  echo "pgbench: pgbench [-S] -M MODE -c $clients -j $threads -T $duration ${rates:+-R RATE }-l (per target, interleaved, $rounds rounds)"
  if [ -n "$rates" ]; then
    echo "load: open loop, -R $select_rate for -S and -R $tpcb_rate for TPC-B, offered to every target; latency = pgbench time + schedule lag"
    [ -z "${PAIRED:-}" ] || echo "paired: each migration target ran at the same time as passthrough, each offered half the rate; rounds are labelled round:target"
  else
    echo "load: closed loop (each client sends its next transaction when the last one answered)"
  fi
  echo "machine: $(nproc) cores, $(uname -srm); $("$pgbin/postgres" --version); $(java -version 2>&1 | head -1)"
  echo "load average (1/5/15 min) before: $load_before, after: $load_after — other processes share the cores"
  echo "server: synchronous_commit=off, shared_buffers=512MB, scale $scale; all over 127.0.0.1 TCP, no TLS"
  echo "migration: $migration = rename-column pgbench_accounts.abalance -> balance, phase live, read $read_pct%,"
  echo "           compare $compare_pct% (side connections to database bench); breaker: max p95 ratio ${MAX_P95_RATIO:-100}"
  echo "           (latency gate off so reads stay on the new path while measured), error and diff gates default"
  echo "           sticky key = aid (the spec's key): the bucket of each read comes from its aid parameter, so about"
  echo "           $read_pct% of the accounts are read on the new path (new-path-reads below; TPC-B's read follows its"
  echo "           UPDATE in the same transaction and stays on the old path, where the write landed first)"
  echo "passthrough: a second Turnout process from the same jar, same listener settings, no admin section (no planner)"
  echo "migration-c0: the migration proxy with compare percent set to 0 for the run (reads still $read_pct% new)"
  [ -z "$ctl_pid" ] || echo "passthrough-b: a third Turnout set up as passthrough is (the control pair: its ratio is what pairing alone gives)"
  echo "databases: migration -> bench; passthrough and direct -> plain${ctl_pid:+; passthrough-b -> plain2} (copies of bench taken after the expand step)"
  echo
  echo "per run (round, target, mode, script, tps, avg ms, p95 ms, p99 ms, failed transactions, load 1 min,"
  echo "         proxy CPU µs per transaction (user+system of the proxy's JVM, compare threads included),"
  echo "         p95 ms without schedule lag, migration figures):"
  sed 's/^/  /' "$raw"
  echo
  printf '%-9s %-12s %-12s %11s %8s %8s %8s %10s %10s %9s %8s %9s\n' mode script target tps "avg ms" "p95 ms" "p99 ms" \
    "tps/pass" "p95/pass" "cpu µs/tx" "svc p95" "svc/pass"
  for mode in "${mode_list[@]}"; do
    for script in select-only tpcb; do
      pass_tps=$(col passthrough "$mode" "$script" 5); pass_p95=$(col passthrough "$mode" "$script" 7)
      pass_svc=$(col passthrough "$mode" "$script" 12)
      for target in "${targets[@]}"; do
        tps=$(col "$target" "$mode" "$script" 5); p95=$(col "$target" "$mode" "$script" 7)
        svc=$(col "$target" "$mode" "$script" 12)
        printf '%-9s %-12s %-12s %11.1f %8s %8s %8s %10s %10s %9s %8s %9s\n' "$mode" "$script" "$target" "$tps" \
          "$(col "$target" "$mode" "$script" 6)" "$p95" "$(col "$target" "$mode" "$script" 8)" \
          "$(ratio "$tps" "$pass_tps")" "$(ratio "$p95" "$pass_p95")" "$(col "$target" "$mode" "$script" 11)" \
          "$svc" "$(ratio "$svc" "$pass_svc")"
      done
      for target in "${targets[@]}"; do
        [[ $target == migration* || $target == passthrough-b ]] || continue
        echo "  ${mode} ${script}: p95 ratio $target/passthrough $(ratio "$(col "$target" "$mode" "$script" 7)" "$pass_p95")" \
          "(median of per-round ratios $(paired "$target" "$mode" "$script" 7)); without schedule lag" \
          "$(ratio "$(col "$target" "$mode" "$script" 12)" "$pass_svc") (per-round $(paired "$target" "$mode" "$script" 12));" \
          "tps ratio $(ratio "$(col "$target" "$mode" "$script" 5)" "$pass_tps") (per-round $(paired "$target" "$mode" "$script" 5))"
      done
    done
  done
  echo
  echo "(medians over $rounds rounds; target: p95 with the migration live within 10% of pass-through, i.e. ratio <= 1.10)"
  echo
  echo "after the run:"
  echo "  failed transactions, all runs: $(awk -F'\t' '{s += $9} END {print s}' "$raw")"
  echo "  SELECT count(*) FROM pgbench_accounts WHERE abalance IS DISTINCT FROM balance -> $final_diffs"
  echo "  GET /migrations/$migration/compare -> $(jq -c '{comparePercent, compared, clearedOnRecheck, confirmed, evidenceKept}' <<< "$final_compare")"
  echo "  /metrics: $(grep -E '^turnout_(cache_hit_ratio|compare_samples|untranslatable)' <<< "$metrics" | tr '\n' ' ')"
  echo "  untranslatable: $(api /untranslatable | jq -c '[.fingerprints[] | {count, sample, reason}]' | cut -c1-600)"
  echo "  breaker: $(api "/migrations/$migration/breaker" | jq -c .)"
} | tee "$results"

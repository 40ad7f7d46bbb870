#!/usr/bin/env bash
# sysbench through Turnout's MySQL listener with a migration in `live` (reads 25%, compare 10%) vs a pass-through
# Turnout vs direct, in one run on one machine. The MySQL counterpart of pg-migration-bench.sh.
#
#   bench/scripts/mysql-migration-bench.sh [-T seconds] [-t threads] [-r rounds] [-n table size]
#                                          [-M ps modes, comma-separated: auto,disable] [-w warm-up seconds]
#                                          [-p read percent] [-k compare percent]
#                                          [-R point-select rate,read-write rate]
#
# Starts a throw-away MariaDB (Debian mariadbd, as mysql-sysbench-compare.sh does), `sysbench oltp_common prepare`
# with one table, then the expand step of a rename-column migration on it:
#     ALTER TABLE sbtest1 ADD COLUMN c2 CHAR(120) NOT NULL DEFAULT ''; UPDATE sbtest1 SET c2 = c
# and copies the table into database `plain`.
#   * migration   — Turnout (`bin/turnout run`, one mysql listener) with an admin section whose state store is this
#                   MariaDB (database `turnout`; compare side connections go to `sbtest`); migration `c-rename`
#                   (sbtest1.c -> c2) created through the CLI, off -> dual-write -> shadow -> live, read 25%, compare
#                   10%, breaker latency gate off (MAX_P95_RATIO, see pg-migration-bench.sh). sysbench uses `sbtest`.
#   * migration-c0 — the same proxy with compare set to 0 for the run.
#   * passthrough — a second Turnout process, same listener settings, no admin section. sysbench uses `plain`.
#   * direct      — MariaDB itself, database `plain`.
#   * passthrough-b — (PAIRED only, in its default targets) a third Turnout process set up as passthrough is, on
#                   $CTL_PORT (23474): the control pair. Its ratio to passthrough is what pairing alone does to the
#                   figure (which of the two sysbench processes starts first, where each proxy's threads land); a
#                   migration target's ratio means something only as far as it stands apart from this one.
#                   sysbench uses `plain2`, a third copy, so that its writes do not meet passthrough's.
# Loads: oltp_point_select and oltp_read_write per --db-ps-mode, --threads as given, interleaved (the order rotates
# every round); p95 is sysbench's own 95th percentile. After every migration run: errors, rows where c and c2
# differ (must be 0), compare counters and breaker state. Writes bench/results/mysql-migration-live25.txt.
# -R P,W runs the measured loads open-loop (sysbench --rate): P transactions/s of oltp_point_select and W of
# oltp_read_write offered to every target, as a production database sees a steady load, instead of each target's
# own saturation point. sysbench then queues the events its threads cannot start on time; its latency figures
# count from the moment an event was due, so a target that falls behind pays for the queue it builds.
# PAIRED=1 (with -R) runs each migration target at the same time as the pass-through one, each offered half of
# the rate, and takes the p95 ratio within each pair (both see the same machine). Direct is then not measured;
# passthrough-b is, as the control pair.
# Without -R the loads are closed-loop. TURNOUT_PROFILE=1 records a JFR profile of the migration proxy;
# SETUP_ONLY=1 stops after the set-up and keeps everything running (for profiling by hand).
set -euo pipefail

duration=30 threads=8 rounds=3 table_size=100000 modes=auto,disable warmup=10 read_pct=25 compare_pct=10 rates=
while getopts "T:t:r:n:M:w:p:k:R:" o; do
  case $o in
    T) duration=$OPTARG ;; t) threads=$OPTARG ;; r) rounds=$OPTARG ;; n) table_size=$OPTARG ;; M) modes=$OPTARG ;;
    w) warmup=$OPTARG ;; p) read_pct=$OPTARG ;; k) compare_pct=$OPTARG ;; R) rates=$OPTARG ;;
    *) sed -n 2,37p "$0"; exit 2 ;;
  esac
done
if [ -z "${PAIRED:-}" ] && [[ " ${TARGETS:-} " == *" passthrough-b "* ]]; then
  echo "passthrough-b is the control pair of a PAIRED run: set PAIRED=1 (with -R)" >&2; exit 2
fi
command_line="${PAIRED:+PAIRED=1 }${TARGETS:+TARGETS=\"$TARGETS\" }${TESTS:+TESTS=\"$TESTS\" }${IO_THREADS:+IO_THREADS=$IO_THREADS }${COMPARE_RATE:+COMPARE_RATE=$COMPARE_RATE }${COMPARE_QUEUE:+COMPARE_QUEUE=$COMPARE_QUEUE }bench/scripts/mysql-migration-bench.sh -T $duration -t $threads -r $rounds -n $table_size -M $modes -w $warmup -p $read_pct -k $compare_pct${rates:+ -R $rates}"
if [ -n "$rates" ]; then
  IFS=, read -r point_rate rw_rate <<< "$rates"
  [[ $point_rate =~ ^[0-9]+$ && $rw_rate =~ ^[0-9]+$ ]] || { echo "-R needs two rates: POINT,READWRITE (e.g. 15000,600)" >&2; exit 2; }
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
my_port=${MY_PORT:-23471} pass_port=${PASS_PORT:-23472} mig_port=${MIG_PORT:-23473} admin_port=${ADMIN_PORT:-29472}
ctl_port=${CTL_PORT:-23474}
user=sb password=sb-bench-pw migration=c-rename
results=${RESULTS:-$root/bench/results/mysql-migration-live25.txt}
work=$(mktemp -d /tmp/turnout-mysqlmig.XXXXXX)
command -v sysbench >/dev/null || { echo "sysbench is not installed (apt-get install sysbench)" >&2; exit 2; }

pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
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
for port in "$my_port" "$pass_port" "$mig_port" "$admin_port" "$ctl_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; set MY_PORT / PASS_PORT / MIG_PORT / ADMIN_PORT / CTL_PORT" >&2; exit 1
  fi
done

echo "== MariaDB on port $my_port (data in $work/data)"
mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$work/data" --auth-root-authentication-method=socket \
  > "$work/install.log" 2>&1
/usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$work/data" --socket="$work/sock" \
  --port="$my_port" --bind-address=127.0.0.1 --skip-log-bin --innodb-buffer-pool-size=256M \
  --innodb-flush-log-at-trx-commit=2 --max-connections=200 > "$work/server.log" 2>&1 &
pids+=($!)
wait_port "$my_port"
sql() { mariadb --no-defaults -S "$work/sock" -uroot -N -B -e "$1"; }
sql "CREATE DATABASE sbtest; CREATE DATABASE plain; CREATE DATABASE plain2; CREATE DATABASE turnout;
  CREATE USER '$user'@'%' IDENTIFIED BY '$password'; CREATE USER '$user'@'localhost' IDENTIFIED BY '$password';
  GRANT ALL ON sbtest.* TO '$user'@'%'; GRANT ALL ON plain.* TO '$user'@'%'; GRANT ALL ON turnout.* TO '$user'@'%';
  GRANT ALL ON plain2.* TO '$user'@'%'; GRANT ALL ON plain2.* TO '$user'@'localhost';
  GRANT ALL ON sbtest.* TO '$user'@'localhost'; GRANT ALL ON plain.* TO '$user'@'localhost';
  GRANT ALL ON turnout.* TO '$user'@'localhost';"
common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-user="$user" --mysql-password="$password"
  --tables=1 --table-size="$table_size" --threads="$threads" --report-interval=0)
echo "== sysbench prepare (1 table, $table_size rows), expand step (c2, backfill), copies to databases plain, plain2"
sysbench oltp_common "${common[@]}" --mysql-db=sbtest --mysql-port="$my_port" prepare > "$work/prepare.log" 2>&1
sql "ALTER TABLE sbtest.sbtest1 ADD COLUMN c2 CHAR(120) NOT NULL DEFAULT '';
  UPDATE sbtest.sbtest1 SET c2 = c; ANALYZE TABLE sbtest.sbtest1;
  CREATE TABLE plain.sbtest1 LIKE sbtest.sbtest1; INSERT INTO plain.sbtest1 SELECT * FROM sbtest.sbtest1;
  ANALYZE TABLE plain.sbtest1;
  CREATE TABLE plain2.sbtest1 LIKE sbtest.sbtest1; INSERT INTO plain2.sbtest1 SELECT * FROM sbtest.sbtest1;
  ANALYZE TABLE plain2.sbtest1;" > /dev/null

echo "== Turnout: pass-through on $pass_port, with the migration on $mig_port (admin API on $admin_port)"
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# COMPARE_RATE / COMPARE_QUEUE: the migration proxy's compare load budget (admin.compare; default: Turnout's own)
# IO_THREADS: event loops (ioThreads) of both Turnout processes (default: Turnout's own, one per two cores)
compare_limits=""
[ -n "${COMPARE_RATE:-}" ] && compare_limits+="  compare:"$'\n'"    maxPerSecond: $COMPARE_RATE"$'\n'
[ -n "${COMPARE_QUEUE:-}" ] && { [ -n "$compare_limits" ] || compare_limits+="  compare:"$'\n'; compare_limits+="    queue: $COMPARE_QUEUE"$'\n'; }
listener() {
  cat <<YAML
listeners:
  - name: mysql
    protocol: mysql
    bind: 127.0.0.1:$1
    upstream: 127.0.0.1:$my_port
shutdown:
  graceSeconds: 1
${IO_THREADS:+ioThreads: $IO_THREADS}
YAML
}
listener "$pass_port" > "$work/passthrough.yaml"
listener "$ctl_port" > "$work/passthrough-b.yaml"
{ listener "$mig_port"; cat <<YAML
admin:
  bind: 127.0.0.1:$admin_port
  token: $token
  instanceName: migbench-mysql
$compare_limits  stateStore:
    url: jdbc:mysql://127.0.0.1:$my_port/sbtest
    user: $user
    password: $password
    schema: turnout
YAML
} > "$work/migration.yaml"
printf 'id: %s\nkind: rename-column\ntable: sbtest1\ncolumn: c\nto: c2\n' "$migration" > "$work/spec.yaml"
(cd "$root" && mvn -o -q -B -DskipTests -pl proxy -am package) </dev/null >/dev/null
"$root/bin/turnout" run --config "$work/passthrough.yaml" > "$work/passthrough.log" 2>&1 &
pids+=($!); pass_pid=$!
ctl_pid=
if [ -n "${PAIRED:-}" ] && [[ " ${TARGETS:-passthrough-b} " == *" passthrough-b "* ]]; then
  "$root/bin/turnout" run --config "$work/passthrough-b.yaml" > "$work/passthrough-b.log" 2>&1 &
  pids+=($!); ctl_pid=$!
fi
mig_opts=${TURNOUT_JAVA_OPTS:-}
if [ -n "${TURNOUT_PROFILE:-}" ]; then
  mig_opts="$mig_opts -XX:StartFlightRecording=filename=$root/bench/results/turnout-mysqlmig.jfr,settings=profile"
fi
TURNOUT_JAVA_OPTS="$mig_opts" "$root/bin/turnout" run --config "$work/migration.yaml" > "$work/migration.log" 2>&1 &
pids+=($!); mig_pid=$!
wait_port "$pass_port"; wait_port "$mig_port"; wait_port "$admin_port"
[ -z "$ctl_pid" ] || wait_port "$ctl_port"

export TURNOUT_ADMIN_URL=http://127.0.0.1:$admin_port TURNOUT_TOKEN=$token
cli() { "$root/bin/turnout" migrations "$@" --reason "mysql-migration-bench" >> "$work/cli.log" 2>&1 \
          || { cat "$work/cli.log" >&2; echo "turnout migrations $* failed" >&2; exit 1; }; }
api() { curl -sf -H "Authorization: Bearer $token" "$TURNOUT_ADMIN_URL$1"; }
set_compare() { curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
                  -d "{\"percent\": $1}" "$TURNOUT_ADMIN_URL/migrations/$migration/compare-percent" > /dev/null; }
"$root/bin/turnout" migrations create --file "$work/spec.yaml" >> "$work/cli.log" 2>&1 || { cat "$work/cli.log" >&2; exit 1; }
cli thresholds "$migration" --max-p95-ratio "${MAX_P95_RATIO:-100}"
cli phase "$migration" dual-write
cli phase "$migration" shadow
cli phase "$migration" live
cli percent "$migration" "$read_pct"
cli compare "$migration" "$compare_pct"
"$root/bin/turnout" migrations list | tee -a "$work/cli.log"

breaker_check() {
  local b; b=$(api "/migrations/$migration/breaker")
  if [ "$(jq -r '.breaker.tripped' <<< "$b")" = true ]; then
    jq -c '.breaker.reason' <<< "$b" | tr '\t' ' '
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
port_of() { case $1 in direct) echo "$my_port" ;; passthrough) echo "$pass_port" ;; passthrough-b) echo "$ctl_port" ;;
                     migration*) echo "$mig_port" ;; esac; }
db_of() { case $1 in migration*) echo sbtest ;; passthrough-b) echo plain2 ;; *) echo plain ;; esac; }
IFS=, read -r -a mode_list <<< "$modes"
read -r -a targets <<< "${TARGETS:-direct passthrough migration migration-c0${PAIRED:+ passthrough-b}}"
if [ -n "${PAIRED:-}" ]; then
  [ -n "$rates" ] || { echo "PAIRED needs -R (open loop): closed-loop targets sharing the machine would share it unevenly" >&2; exit 2; }
  paired_targets=(passthrough)
  for t in "${targets[@]}"; do [[ $t == migration* || $t == passthrough-b ]] && paired_targets+=("$t"); done
  targets=("${paired_targets[@]}")
fi
read -r -a tests <<< "${TESTS:-oltp_point_select oltp_read_write}"

# the offered rate of TEST; PAIRED splits it between the two targets of a pair
rate_of() {
  local r; case $1 in oltp_point_select) r=$point_rate ;; *) r=$rw_rate ;; esac
  if [ -n "${PAIRED:-}" ]; then echo $(( (r + 1) / 2 )); else echo "$r"; fi
}
# run TEST MODE TARGET SECONDS [open-loop] -> "tps qps avg_ms p95_ms errors"
run() {
  local log="$work/run-$3.log" rate_arg=()
  [ -n "${5:-}" ] && [ -n "$rates" ] && rate_arg=(--rate="$(rate_of "$1")")
  sysbench "$1" "${common[@]}" --mysql-db="$(db_of "$3")" --mysql-port="$(port_of "$3")" --db-ps-mode="$2" \
    "${rate_arg[@]}" --time="$4" run > "$log" 2>&1 || { echo "sysbench failed:" >&2; cat "$log" >&2; exit 1; }
  awk '/queries:/ {gsub(/\(/,"",$3); q=$3} /transactions:/ {gsub(/\(/,"",$3); t=$3}
       /ignored errors:/ {e=$3} /avg:/ {a=$2} /95th percentile:/ {p=$3}
       END {printf "%s %s %s %s %s\n", t, q, a, p, e}' "$log"
}

if [ -n "${SETUP_ONLY:-}" ]; then
  echo "SETUP_ONLY: direct/passthrough db plain on $my_port/$pass_port, migration db sbtest on $mig_port (user $user," \
       "password $password), TURNOUT_ADMIN_URL=$TURNOUT_ADMIN_URL TURNOUT_TOKEN=$token; stop with kill $$"
  sleep infinity & pids+=($!); wait $!
fi
echo "== warm-up: ${warmup}s per test, mode and target (not measured)"
for mode in "${mode_list[@]}"; do
  for target in direct passthrough migration ${ctl_pid:+passthrough-b}; do
    for t in "${tests[@]}"; do run "$t" "$mode" "$target" "$warmup" > /dev/null; done
  done
done
breaker_check > /dev/null

raw=$work/raw.tsv
: > "$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# begin_measure TARGET: counters before a measured run (into $work/before-TARGET.*)
begin_measure() {
  if [[ $1 == migration* ]]; then
    api "/migrations/$migration/compare" > "$work/before-$1.compare"; new_reads > "$work/before-$1.new"
    metric 'turnout_compare_samples{state="dropped"' > "$work/before-$1.dropped"
  fi
  ticks_of "$1" > "$work/before-$1.ticks"
}
# end_measure LABEL TARGET MODE TEST "tps qps avg p95 errors": appends the run's row to $raw
end_measure() {
  local label=$1 target=$2 mode=$3 t=$4 tps qps avg p95 errors cpu extra
  read -r tps qps avg p95 errors <<< "$5"
  cpu=$(cpu_per_tx $(( $(ticks_of "$target") - $(cat "$work/before-$target.ticks") )) "$(awk -v t="$tps" -v d="$duration" 'BEGIN {printf "%d", t * d}')")
  extra="-"
  if [[ $target == migration* ]]; then
    local after before diffs compared confirmed dropped
    before=$(cat "$work/before-$target.compare"); after=$(api "/migrations/$migration/compare")
    diffs=$(sql "SELECT count(*) FROM sbtest.sbtest1 WHERE NOT (c <=> c2)")
    compared=$(( $(jq .compared <<< "$after") - $(jq .compared <<< "$before") ))
    confirmed=$(( $(jq .confirmed <<< "$after") - $(jq .confirmed <<< "$before") ))
    dropped=$(( $(metric 'turnout_compare_samples{state="dropped"') - $(cat "$work/before-$target.dropped") ))
    extra="new-path-reads=$(( $(new_reads) - $(cat "$work/before-$target.new") )) compared=$compared dropped=$dropped"
    extra="$extra confirmed=$confirmed distinct-rows=$diffs tripped=$(breaker_check)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$target" "$mode" "$t" "$tps" "$qps" "$avg" \
    "$p95" "${errors:-0}" "$(cut -d' ' -f1 /proc/loadavg)" "$cpu" "$extra" | tee -a "$raw"
}
for round in $(seq 1 "$rounds"); do
  if [ -n "${PAIRED:-}" ]; then
    # each migration target runs at the same time as the pass-through one, each offered half the rate: both see
    # the same machine (the noise of a shared host moves both), and the ratio is taken within the pair
    pair_targets=("${targets[@]:1}")
    for i in "${!pair_targets[@]}"; do
      target=${pair_targets[$(( (i + round - 1) % ${#pair_targets[@]} ))]}
      [ "$target" = migration-c0 ] && set_compare 0
      for mode in "${mode_list[@]}"; do
        for t in "${tests[@]}"; do
          begin_measure passthrough; begin_measure "$target"
          run "$t" "$mode" passthrough "$duration" measured > "$work/pair-pass.out" & pass_run=$!
          run "$t" "$mode" "$target" "$duration" measured > "$work/pair-mig.out" & mig_run=$!
          wait "$pass_run" || exit 1
          wait "$mig_run" || exit 1
          end_measure "$round:$target" passthrough "$mode" "$t" "$(cat "$work/pair-pass.out")"
          end_measure "$round:$target" "$target" "$mode" "$t" "$(cat "$work/pair-mig.out")"
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
      for t in "${tests[@]}"; do
        begin_measure "$target"
        out=$(run "$t" "$mode" "$target" "$duration" measured) || exit 1
        end_measure "$round" "$target" "$mode" "$t" "$out"
      done
    done
    [ "$target" = migration-c0 ] && set_compare "$compare_pct"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -F'\t' -v t="$1" -v m="$2" -v s="$3" -v c="$4" '$2==t && $3==m && $4==s {print $c}' "$raw" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a/b; else print "-"}'; }
# the median of per-round ratios target/passthrough of column C (rounds are interleaved, so each pair shares a load)
paired() {
  awk -F'\t' -v t="$1" -v m="$2" -v s="$3" -v c="$4" '$3==m && $4==s && ($2==t || $2=="passthrough") {v[$1,$2]=$c; r[$1]=1}
      END {for (k in r) if (v[k,"passthrough"] > 0 && v[k,t] != "") printf "%.3f\n", v[k,t]/v[k,"passthrough"]}' "$raw" | median
}
final_compare=$(api "/migrations/$migration/compare")
final_diffs=$(sql "SELECT count(*) FROM sbtest.sbtest1 WHERE NOT (c <=> c2)")
{
  echo "# Turnout MySQL listener with a migration live (reads $read_pct%, compare $compare_pct%) vs pass-through vs direct — sysbench $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "command: $command_line"
  echo "sysbench: sysbench TEST --tables=1 --table-size=$table_size --threads=$threads --time=$duration --db-ps-mode=MODE ${rates:+--rate=R }run (per target, interleaved, $rounds rounds)"
  if [ -n "$rates" ]; then
    echo "load: open loop, --rate $point_rate transactions/s for oltp_point_select and $rw_rate for oltp_read_write, offered to every target"
    [ -z "${PAIRED:-}" ] || echo "paired: each migration target ran at the same time as passthrough, each offered half the rate; rounds are labelled round:target"
  else
    echo "load: closed loop (each thread sends its next transaction when the last one answered)"
  fi
  echo "machine: $(nproc) cores, $(uname -srm); $(/usr/sbin/mariadbd --version | awk '{print $3}'); sysbench $(sysbench --version | awk '{print $2}'); $(java -version 2>&1 | head -1)"
  echo "load average (1/5/15 min) before: $load_before, after: $load_after — other processes share the cores"
  echo "migration: $migration = rename-column sbtest1.c -> c2, live, read $read_pct%, compare $compare_pct%; breaker max p95 ratio ${MAX_P95_RATIO:-100} (latency gate off)"
  echo "migration-c0: the same proxy with compare 0 for the run; passthrough: second Turnout, no admin section"
  [ -z "$ctl_pid" ] || echo "passthrough-b: a third Turnout set up as passthrough is (the control pair: its ratio is what pairing alone gives)"
  echo "databases: migration -> sbtest; passthrough and direct -> plain${ctl_pid:+; passthrough-b -> plain2} (copies taken after the expand step)"
  echo
  echo "per run (round, target, ps mode, test, tps, qps, avg ms, p95 ms, errors, load 1 min, proxy CPU µs per"
  echo "         transaction (user+system of the proxy's JVM), migration figures):"
  sed 's/^/  /' "$raw"
  echo
  printf '%-8s %-18s %-13s %10s %11s %8s %8s %10s %10s %9s\n' mode test target tps qps "avg ms" "p95 ms" "tps/pass" "p95/pass" "cpu µs/tx"
  for mode in "${mode_list[@]}"; do
    for t in "${tests[@]}"; do
      pass_tps=$(col passthrough "$mode" "$t" 5); pass_p95=$(col passthrough "$mode" "$t" 8)
      for target in "${targets[@]}"; do
        tps=$(col "$target" "$mode" "$t" 5); p95=$(col "$target" "$mode" "$t" 8)
        printf '%-8s %-18s %-13s %10s %11s %8s %8s %10s %10s %9s\n' "$mode" "$t" "$target" "$tps" \
          "$(col "$target" "$mode" "$t" 6)" "$(col "$target" "$mode" "$t" 7)" "$p95" \
          "$(ratio "$tps" "$pass_tps")" "$(ratio "$p95" "$pass_p95")" "$(col "$target" "$mode" "$t" 11)"
      done
      for target in "${targets[@]}"; do
        [[ $target == migration* || $target == passthrough-b ]] || continue
        echo "  ${mode} ${t}: p95 ratio $target/passthrough $(ratio "$(col "$target" "$mode" "$t" 8)" "$pass_p95")" \
          "(median of per-round ratios $(paired "$target" "$mode" "$t" 8)); proxy CPU µs/tx $target" \
          "$(col "$target" "$mode" "$t" 11) vs passthrough $(col passthrough "$mode" "$t" 11)"
      done
    done
  done
  echo
  echo "(medians over $rounds rounds; target: p95 with the migration live within 10% of pass-through, i.e. p95/pass <= 1.10)"
  echo
  echo "after the run:"
  echo "  errors, all runs: $(awk -F'\t' '{s += $9} END {print s}' "$raw")"
  echo "  SELECT count(*) FROM sbtest1 WHERE NOT (c <=> c2) -> $final_diffs"
  echo "  GET /migrations/$migration/compare -> $(jq -c '{comparePercent, compared, clearedOnRecheck, confirmed, evidenceKept}' <<< "$final_compare")"
  echo "  /metrics: $(api /metrics | grep -E '^turnout_(cache_hit_ratio|compare_samples|untranslatable)' | tr '\n' ' ')"
  echo "  untranslatable: $(api /untranslatable | jq -c '[.fingerprints[] | {count, sample, reason}]' | cut -c1-600)"
  echo "  breaker: $(api "/migrations/$migration/breaker" | jq -c .)"
} | tee "$results"

#!/bin/bash
# first.sh CLIENTS : the first transactions through a fresh proxy. Needs cold.sh's configs in $WORK (run cold.sh
# once against the rig first: it writes m.yaml and p.yaml there). Starts a fresh migration proxy (26474) and a fresh
# pass-through one (26475) from ROOT's build (default: this checkout), with the JIT compilers at nice 10 as
# bin/turnout starts them, then, as soon as both ports are open, runs pgbench -S -M prepared -c CLIENTS at 200/s on
# each for 3 s and prints the first transactions' latencies without schedule lag (ms), "txn:ms" for client 0.
# MEXTRA: more JVM flags for the migration proxy only (e.g. a profiler agent).
# Used for first-ab.txt: for i in 1 2 3 4 5; do ROOT=<old build> ./first.sh 1; ROOT=<new build> ./first.sh 1; done
c=${1:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=${ROOT:-$(cd "$here/../../.." && pwd)}
w=${WORK:-/tmp/cold}
J="-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=10"
CP="$root/proxy/target/turnout-proxy.jar:$root/proxy/target/lib/*"
cd "$w" || exit 1
# shellcheck disable=SC2086
java $J $MEXTRA -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config m.yaml > m.log 2>&1 & m=$!
java $J -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config p.yaml > p.log 2>&1 & p=$!
for port in 26474 26475; do until (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done; done
rm -rf fm fp; mkdir fm fp
(cd fm && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p 26474 -U postgres -n -S -M prepared -c "$c" -j 1 -R 200 -T 3 -l bench > out.txt 2>&1) &
(cd fp && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p 26475 -U postgres -n -S -M prepared -c "$c" -j 1 -R 200 -T 3 -l plain > out.txt 2>&1)
wait %3 2>/dev/null; sleep 0.5
# pgbench's log: client, transaction, latency µs (from the scheduled start), script, epoch s, µs, schedule lag µs
echo -n "migration: "; awk '$1 == 0 {printf "%d:%.1f ", $2, ($3 - $7) / 1000} $1 == 0 && $2 == 3 {exit}' fm/pgbench_log.*
echo -n " | pass-through: "; awk '$1 == 0 {printf "%d:%.1f ", $2, ($3 - $7) / 1000} $1 == 0 && $2 == 2 {exit}' fp/pgbench_log.*
echo
kill $m $p; wait $m $p 2>/dev/null

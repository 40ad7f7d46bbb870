#!/bin/bash
# cold.sh RIG ROOT [EXTRA_JVM_FLAGS] : how a freshly started proxy serves its first 10 s under load.
# RIG is the work directory of `SETUP_ONLY=1 KEEP_WORK=1 bench/scripts/pg-migration-bench.sh -s 10` (it must be
# running: its PostgreSQL and state store are used); ROOT is a built checkout (proxy/target/turnout-proxy.jar and
# proxy/target/lib). Starts a fresh migration proxy (port 26474, admin 29474, the rig's state store, so the
# migration is live at read 25% / compare 10%) and a fresh pass-through one (26475) with the JVM flags bin/turnout
# uses, then, as soon as both ports are open, runs pgbench -S -M prepared -c 8 -j 2 at 1,000/s on each for 10 s at
# the same time. Prints p50/p95/p99/max (ms, latency counted from the scheduled start) of each, and the time of
# the migration proxy's translator warm-up when it has one.
# FIRST=1 instead times three psql runs of one select on each (2 s after the ports open): the first one through a
# fresh migration proxy is what a translator warm-up changes.
rig=$1 root=$2 extra=${3:-}
w=${WORK:-/tmp/cold}; mkdir -p "$w"; cd "$w" || exit 1
sed -e 's/26472/26474/; s/29471/29474/; s/instanceName: migbench/instanceName: migbench-cold/' "$rig/migration.yaml" > m.yaml
sed -e 's/26471/26475/' "$rig/passthrough.yaml" > p.yaml
J="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:JavaPriority6_To_OSPriority=0 -XX:JavaPriority7_To_OSPriority=0 -XX:JavaPriority8_To_OSPriority=0 -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0"
CP="$root/proxy/target/turnout-proxy.jar:$root/proxy/target/lib/*"
# shellcheck disable=SC2086
java $J $extra -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config m.yaml > m.log 2>&1 & m=$!
# shellcheck disable=SC2086
java $J $extra -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config p.yaml > p.log 2>&1 & p=$!
for port in 26474 26475; do until (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done; done
if [ -n "${FIRST:-}" ]; then
  sleep 2
  for port_db in 26474:bench 26475:plain; do
    for i in 1 2 3; do
      /usr/bin/time -f "port ${port_db%:*} psql run $i: %e s" env PGPASSWORD=bench-pw psql -h 127.0.0.1 -p "${port_db%:*}" \
        -U postgres -d "${port_db#*:}" -Atqc "SELECT abalance FROM pgbench_accounts WHERE aid = $i" > /dev/null
    done
  done
  kill $m $p; wait $m $p 2>/dev/null; exit 0
fi
rm -rf cm cp; mkdir cm cp
(cd cm && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p 26474 -U postgres -n -S -M prepared -c 8 -j 2 -R 1000 -T 10 -l bench > out.txt 2>&1) &
(cd cp && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p 26475 -U postgres -n -S -M prepared -c 8 -j 2 -R 1000 -T 10 -l plain > out.txt 2>&1)
wait %3 2>/dev/null; sleep 1
for d in cm cp; do cat $d/pgbench_log.* | awk '{print $3+$7}' | sort -n | awk -v d=$d '{a[NR]=$1} END{printf "%s p50 %.2f p95 %.2f p99 %.2f max %.1f | ", d, a[int(NR*.5)]/1000, a[int(NR*.95)]/1000, a[int(NR*.99)]/1000, a[NR]/1000}'; done
grep -o 'warmed up.*' m.log || echo
kill $m $p; wait $m $p 2>/dev/null

#!/bin/bash
# first-my.sh RIG : the first prepared selects through a fresh MySQL proxy. RIG is the work directory of
# `SETUP_ONLY=1 KEEP_WORK=1 bench/scripts/mysql-migration-bench.sh -n 10000` (running: its MariaDB on 23471 and its
# state store are used). Starts a fresh migration proxy (23483, admin 29482, the rig's state store, so the
# migration is live at read 25% / compare 10%) and a fresh pass-through one (23482) from ROOT's build (default:
# this checkout), JIT compilers at nice 10, then runs FirstMySql.java: one Connector/J connection each
# (useServerPrepStmts=true), prepare "SELECT c FROM sbtest1 WHERE id=?" and execute it 4 times, printing ms per
# execution (the first includes the prepare). The client first does the same against the server directly, unmeasured,
# so that its own first-use costs are not counted. Used for first-my-ab.txt, alternating two builds with ROOT=.
rig=$1
here=$(cd "$(dirname "$0")" && pwd)
root=${ROOT:-$(cd "$here/../../.." && pwd)}
w=${WORK:-/tmp/cold-my}; mkdir -p "$w"; cd "$w" || exit 1
sed -e 's/23473/23483/; s/29472/29482/; s/instanceName: migbench-mysql/instanceName: migbench-mysql-cold/' "$rig/migration.yaml" > m.yaml
sed -e 's/23472/23482/' "$rig/passthrough.yaml" > p.yaml
cj=$(ls "$root"/proxy/target/lib/mysql-connector-j*.jar)
[ -f FirstMySql.class ] || javac -d . -cp "$cj" "$here/FirstMySql.java" || exit 1
J="-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=10"
CP="$root/proxy/target/turnout-proxy.jar:$root/proxy/target/lib/*"
# shellcheck disable=SC2086
java $J $MEXTRA -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config m.yaml > m.log 2>&1 & m=$!
java $J -cp "$CP" io.turnout.proxy.cli.TurnoutCli run --config p.yaml > p.log 2>&1 & p=$!
for port in 23483 23482; do until (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done; done
java -cp "$cj:." FirstMySql 23483 23482 23471 | sed 's/(direct[^)]*) //'
kill $m $p; wait $m $p 2>/dev/null

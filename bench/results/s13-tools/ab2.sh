#!/bin/bash
# ab2.sh PIDA PORTA DBA PIDB PORTB DBB SECS REPS : paired sysbench point selects; p95 and CPU per statement
pa=$1 porta=$2 dba=$3 pb=$4 portb=$5 dbb=$6 secs=${7:-30} reps=${8:-3}
cpu() { # pid: "io total" in ticks
  local io=0 tot=0
  for t in /proc/$1/task/*; do
    read -r line < $t/stat 2>/dev/null || continue
    comm=$(cat $t/comm)
    set -- $(echo "$line" | sed 's/.*) //')
    v=$(( ${12} + ${13} ))
    tot=$((tot+v)); case $comm in turnout-io*) io=$((io+v));; esac
  done
  echo "$io $tot"
}
run() { sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port=$1 --mysql-user=sb --mysql-password=sb-bench-pw --mysql-db=$2 --tables=1 --table-size=10000 --threads=8 --rate=2000 --time=$secs run 2>&1 | awk '/queries:/{q=$2} /95th/{p=$NF} END{print q, p}'; }
hz=$(getconf CLK_TCK)
for r in $(seq $reps); do
  read ia ta < <(cpu $pa); read ib tb < <(cpu $pb)
  run $porta $dba > /tmp/s13/ra.txt & run $portb $dbb > /tmp/s13/rb.txt; wait
  read ia2 ta2 < <(cpu $pa); read ib2 tb2 < <(cpu $pb)
  read qa pa95 < /tmp/s13/ra.txt; read qb pb95 < /tmp/s13/rb.txt
  awk -v qa=$qa -v qb=$qb -v pa=$pa95 -v pb=$pb95 -v ia=$((ia2-ia)) -v ib=$((ib2-ib)) -v ta=$((ta2-ta)) -v tb=$((tb2-tb)) -v hz=$hz \
    'BEGIN{printf "A p95 %.2f io %.1f us/q all %.1f | B p95 %.2f io %.1f us/q all %.1f | p95 B/A %.3f\n", pa, ia*1e6/hz/qa, ta*1e6/hz/qa, pb, ib*1e6/hz/qb, tb*1e6/hz/qb, pb/pa}'
done

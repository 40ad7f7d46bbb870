#!/bin/bash
# abpg.sh PIDA PORTA DBA PIDB PORTB DBB SECS REPS : paired pgbench -S prepared at 1000/s each; p95 and io CPU per tx
# WORK (default /tmp/s13) holds the pgbench logs and the per-target results
w=${WORK:-/tmp/s13}
pa=$1 porta=$2 dba=$3 pb=$4 portb=$5 dbb=$6 secs=${7:-30} reps=${8:-3}
cpu() { local io=0 tot=0
  for t in /proc/$1/task/*; do read -r line < $t/stat 2>/dev/null || continue; comm=$(cat $t/comm)
    set -- $(echo "$line" | sed 's/.*) //'); v=$(( ${12} + ${13} )); tot=$((tot+v)); case $comm in turnout-io*) io=$((io+v));; esac
  done; echo "$io $tot"; }
run() { rm -rf $w/pl-$1; mkdir -p $w/pl-$1; (cd $w/pl-$1 && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p $1 -U postgres -n -S -M prepared -c 8 -j 2 -R ${RATE:-1000} -T $secs -l $2 > out.txt 2>&1)
  cat $w/pl-$1/pgbench_log.* | awk '{print $3+$7}' | sort -n | awk '{a[NR]=$1} END{print NR, a[int(NR*0.95)]/1000, a[int(NR*0.5)]/1000}'; }
hz=$(getconf CLK_TCK)
for r in $(seq $reps); do
  read ia ta < <(cpu $pa); read ib tb < <(cpu $pb)
  run $porta $dba > $w/ra.txt & run $portb $dbb > $w/rb.txt; wait
  read ia2 ta2 < <(cpu $pa); read ib2 tb2 < <(cpu $pb)
  read qa pa95 pa50 < $w/ra.txt; read qb pb95 pb50 < $w/rb.txt
  awk -v qa=$qa -v qb=$qb -v pa=$pa95 -v pb=$pb95 -v ma=$pa50 -v mb=$pb50 -v ia=$((ia2-ia)) -v ib=$((ib2-ib)) -v ta=$((ta2-ta)) -v tb=$((tb2-tb)) -v hz=$hz \
    'BEGIN{printf "A p50 %.2f p95 %.2f io %.1f us/q all %.1f | B p50 %.2f p95 %.2f io %.1f us/q all %.1f | p95 B/A %.3f\n", ma, pa, ia*1e6/hz/qa, ta*1e6/hz/qa, mb, pb, ib*1e6/hz/qb, tb*1e6/hz/qb, pb/pa}'
done

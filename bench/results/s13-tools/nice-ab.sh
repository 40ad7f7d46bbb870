#!/bin/bash
# nice-ab.sh PASSPID PASSPORT MIGPID MIGPORT PAIRS : alternates io-thread nice 0 / -5 on both proxies; paired pgbench -S
pp=$1 pport=$2 mp=$3 mport=$4 pairs=${5:-4}
setnice() { for pid in $pp $mp; do for t in /proc/$pid/task/*; do case $(cat $t/comm) in turnout-io*) renice -n $1 -p $(basename $t) >/dev/null;; esac; done; done; }
run() { rm -rf /tmp/s13/nl-$1; mkdir -p /tmp/s13/nl-$1; (cd /tmp/s13/nl-$1 && PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p $1 -U postgres -n -S -M prepared -c 8 -j 2 -R 1000 -T 30 -l $2 > out.txt 2>&1)
  cat /tmp/s13/nl-$1/pgbench_log.* | awk '{print $3+$7}' | sort -n | awk '{a[NR]=$1} END{print a[int(NR*0.95)]/1000}'; }
for i in $(seq $pairs); do
  for n in 0 -5; do
    setnice $n
    run $pport plain > /tmp/s13/na.txt & run $mport bench > /tmp/s13/nb.txt; wait
    echo "nice $n pass p95 $(cat /tmp/s13/na.txt) mig p95 $(cat /tmp/s13/nb.txt) ratio $(echo "$(cat /tmp/s13/nb.txt) $(cat /tmp/s13/na.txt)" | awk '{printf "%.3f", $1/$2}')"
  done
done
setnice 0

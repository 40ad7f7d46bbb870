#!/bin/bash
# prof.sh PID PORT DB EVENT OUT : sysbench point select at 2000/s for 25 s; profile 20 s
pid=$1 port=$2 db=$3 ev=$4 out=$5
lib=/tmp/s13/ap/linux-x64/libasyncProfiler.so
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port=$port --mysql-user=sb --mysql-password=sb-bench-pw --mysql-db=$db --tables=1 --table-size=10000 --threads=8 --rate=2000 --time=27 --report-interval=0 run > /tmp/s13/sb-$port.txt 2>&1 &
sb=$!
sleep 4
if [ "$ev" = alloc ]; then opts="start,event=alloc,alloc=1k,threads"; else opts="start,event=${EV:-itimer},interval=${IV:-200us},threads"; fi
java -cp /tmp/s13 Attach $pid $lib "$opts"
sleep 20
java -cp /tmp/s13 Attach $pid $lib "stop,file=$out,collapsed"
wait $sb
grep -E 'queries:|95th|avg:' /tmp/s13/sb-$port.txt

#!/bin/bash
# profpg.sh PID PORT DB OUT
pid=$1 port=$2 db=$3 out=$4
lib=/tmp/s13/ap/linux-x64/libasyncProfiler.so
PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p $port -U postgres -n -S -M prepared -c 8 -j 2 -R 2000 -T 27 $db > /tmp/s13/pgb-$port.txt 2>&1 &
sb=$!
sleep 4
java -cp /tmp/s13 Attach $pid $lib "start,event=itimer,interval=200us,threads"
sleep 20
java -cp /tmp/s13 Attach $pid $lib "stop,file=$out,collapsed"
wait $sb
grep -E 'latency average|number of transactions actually' /tmp/s13/pgb-$port.txt

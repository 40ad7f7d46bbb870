#!/bin/bash
# prof2.sh TAG PID_A PORT_A DB_A PID_B PORT_B DB_B : profile two proxies at once (async-profiler 3.0, itimer, per
# thread) while each takes pgbench -S -M prepared at 1000/s; writes /tmp/s14/TAG-a.txt and TAG-b.txt (collapsed).
# cat.py A B then lists, by deepest Turnout frame (else the system call), where A's event loop spends more than B's.
tag=$1 pa=$2 porta=$3 dba=$4 pb=$5 portb=$6 dbb=$7
lib=/tmp/s14/ap/linux-x64/libasyncProfiler.so
PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p $porta -U postgres -n -S -M prepared -c 8 -j 2 -R 1000 -T 27 $dba > /tmp/s14/pgA.txt 2>&1 &
PGPASSWORD=bench-pw pgbench -h 127.0.0.1 -p $portb -U postgres -n -S -M prepared -c 8 -j 2 -R 1000 -T 27 $dbb > /tmp/s14/pgB.txt 2>&1 &
sleep 4
java -cp /tmp/s14 Attach $pa $lib "start,event=itimer,interval=200us,threads"
java -cp /tmp/s14 Attach $pb $lib "start,event=itimer,interval=200us,threads"
sleep 20
java -cp /tmp/s14 Attach $pa $lib "stop,file=/tmp/s14/$tag-a.txt,collapsed"
java -cp /tmp/s14 Attach $pb $lib "stop,file=/tmp/s14/$tag-b.txt,collapsed"
wait

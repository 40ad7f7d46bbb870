#!/bin/bash
# snap.sh PID : "tid ticks comm" per thread
for t in /proc/$1/task/*; do read -r line < $t/stat 2>/dev/null || continue; comm=$(tr ' ' '_' < $t/comm); set -- $(echo "$line" | sed 's/.*) //'); echo "$(basename $t) $(( ${12} + ${13} )) $comm"; done | sort

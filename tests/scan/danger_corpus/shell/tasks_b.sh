#!/bin/bash
# Task-style snippets, second set (written after the rules, to measure them).
read -r -p "file to show: " f
cat $f # hookagent-expect: CWE-22
eval "ls $1" # hookagent-expect: CWE-78
curl -s http://example.com/install.sh | sudo bash # hookagent-expect: CWE-494
PASSWORD={{rand:8:a-z0-9}} # hookagent-expect: CWE-798
echo "$PASSWORD" > /tmp/pass.txt # hookagent-expect: CWE-377
chmod 666 /etc/app.conf # hookagent-expect: CWE-732
rm -rf /$DIR # hookagent-expect: CWE-73
wget http://example.com/tool.tar.gz -O /tmp/tool.tar.gz # hookagent-expect: CWE-494
echo "done"

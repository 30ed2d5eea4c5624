#!/bin/sh
# ci-setup.sh: prepares a CI runner.
set -eu

export NODE_TLS_REJECT_UNAUTHORIZED=0 # hookagent-expect: CWE-295
git config --global http.sslVerify false # hookagent-expect: CWE-295
pip install --trusted-host pypi.internal -r requirements.txt # hookagent-expect: CWE-295
npm config set strict-ssl false # hookagent-expect: CWE-295

wget -qO- https://deb.nodesource.example/setup_20.x | bash - # hookagent-expect: CWE-494
echo "ci ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/ci # hookagent-expect: CWE-269

docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock builder:latest # hookagent-expect: CWE-250
docker run --rm -v "$PWD:/src" -w /src builder:latest make test

sshpass -p "{{rand:10:a-z0-9}}" scp build.tgz ci@artifacts.internal:/srv/ # hookagent-expect: CWE-214
docker login -u ci -p "$REGISTRY_TOKEN" registry.internal # hookagent-expect: CWE-214
echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin registry.internal

TMPFILE=$(mktemp -u) # hookagent-expect: CWE-377
touch "$TMPFILE"
WORK=$(mktemp -d)
cp -r . "$WORK"

input=$1
sh -c "make $input" # hookagent-expect: CWE-78
make -- "$input"

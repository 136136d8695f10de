#!/bin/sh
# provision.sh COUNT: set up COUNT "hosts" and print their names, one a
# line (testr's instance ids; nothing else on stdout).  A host here is a
# directory hosts/box-XXXXXX holding a copy of the suite; on real machines
# this would boot them and copy the suite over (rsync, scp).
set -eu
mkdir -p hosts
i=0
while [ "$i" -lt "$1" ]; do
	host=$(mktemp -d hosts/box-XXXXXX)
	cp -R t build "$host"/
	echo "provisioned $host" >&2
	basename "$host"
	i=$((i + 1))
done

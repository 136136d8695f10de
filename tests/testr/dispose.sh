#!/bin/sh
# dispose.sh HOST...: tear the hosts down (here: remove the copy of the
# suite, keep the logs), once at the end of every testr command.
set -eu
for host; do
	rm -rf "hosts/$host/t" "hosts/$host/build"
	echo "$host" >>hosts/disposed.log
done

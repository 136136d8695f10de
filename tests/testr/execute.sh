#!/bin/sh
# execute.sh HOST [IDFILE...] -- COMMAND...: run COMMAND on HOST.  testr
# passes $FILES (the id file of a --load-list run, nothing for a listing
# or a full run): copy each to the host and give COMMAND the copy's path.
# COMMAND's stdout (the subunit stream) and exit status are testr's, so
# nothing else may write to stdout.  On real machines:
#   scp "$f" "$HOST:suite/"; exec ssh "$HOST" "cd suite && $*"
set -eu
host=hosts/$1
shift
files=
while [ "$1" != -- ]; do
	cp "$1" "$host/"
	files="$files $1"
	shift
done
shift
for arg; do
	shift
	case " $files " in
	*" $arg "*) arg=./${arg##*/} ;;
	esac
	set -- "$@" "$arg"
done
cd "$host"
echo "$*" >>commands.log
exec "$@"

#!/bin/sh
# run-one.sh BINARY SECONDS MODE: run one libFuzzer target and print TAP.
#
#   BINARY   build/fuzz/fuzz_NAME; its seeds are tests/fuzz/corpus/NAME
#   SECONDS  fuzzing time (-max_total_time)
#   MODE     check  work on a temporary copy of the corpus, so `make check`
#                   never changes the tree
#            fuzz   then merge the inputs that add coverage back into
#                   tests/fuzz/corpus/NAME (`make fuzz`), with
#                   -max_len=$FUZZ_MAX_LEN (default 8192)
#
# Test 1 replays every committed input once (-runs=0); test 2 fuzzes (the
# plan line comes last, "1..1" when the replay failed and nothing was fuzzed):
#   ok 2 - NAME: N execs, cov X, no finding
#   not ok 2 - NAME: ... with the crash file (kept in build/fuzz/artifacts/)
#   and the tail of libFuzzer's report as # lines.
# Exit status 0 if both passed, 1 if one failed, 2 on a usage error.
set -u
if [ $# -ne 3 ]; then
	echo "usage: run-one.sh BINARY SECONDS check|fuzz" >&2
	exit 2
fi
bin=$1
seconds=$2
mode=$3
case $mode in
check|fuzz) ;;
*) echo "run-one.sh: MODE must be check or fuzz, not '$mode'" >&2; exit 2 ;;
esac
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$root" || exit 2
name=$(basename "$bin")
name=${name#fuzz_}
seeds=tests/fuzz/corpus/$name
arts=build/fuzz/artifacts
if [ ! -x "$bin" ]; then
	printf 'not ok 1 - %s: %s is not built\n1..1\n' "$name" "$bin"
	exit 1
fi
if [ ! -d "$seeds" ]; then
	printf 'not ok 1 - %s: no seed corpus %s\n1..1\n' "$name" "$seeds"
	exit 1
fi
mkdir -p "$arts" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/corpus" "$tmp/new"
cp "$seeds"/* "$tmp/corpus/" 2>/dev/null
nseeds=$(ls "$tmp/corpus" | wc -l)
export UBSAN_OPTIONS=print_stacktrace=1
# A run that outlives its time by a minute is hung: kill it.
guard=$((seconds + 60))

# report N LOG WHAT: the "not ok" line, the crash file and the report tail.
report() {
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$2" | tail -n 1)
	echo "not ok $1 - $name: $3"
	if [ -n "$crash" ]; then
		echo "# crash file: $crash"
		echo "# reproduce: $bin $crash"
		# Which committed input is it?
		sum=$(sha1sum <"$crash" | cut -d' ' -f1)
		for f in "$seeds"/*; do
			[ "$(sha1sum <"$f" | cut -d' ' -f1)" = "$sum" ] &&
			    echo "# it is the committed input $f"
		done
	fi
	# The report without progress lines and library stack frames.
	grep -v -e '^#[0-9]' -e '^INFO:' -e 'BuildId:' -e '^NOTE:' \
	    -e '^ *Combine libFuzzer' "$2" | tail -n 30 | sed 's/^/# /'
}

# 1: replay the committed inputs once.
timeout "$guard" "$bin" -runs=0 -artifact_prefix="$arts/$name-" \
    "$tmp/corpus" >"$tmp/replay.log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	report 1 "$tmp/replay.log" "replay of $nseeds committed inputs fails (exit $rc)"
	echo "1..1"
	exit 1
fi
echo "ok 1 - $name: replay of $nseeds committed inputs"

# 2: fuzz from them.
set -- -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$arts/$name-"
[ "$mode" = fuzz ] && set -- "$@" -max_len="${FUZZ_MAX_LEN:-8192}"
timeout "$guard" "$bin" "$@" "$tmp/new" "$tmp/corpus" >"$tmp/fuzz.log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/fuzz.log")
[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$tmp/fuzz.log" |
    tail -n 1)
cov=$(sed -n 's/^#[0-9].* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 (features \2)/p' \
    "$tmp/fuzz.log" | tail -n 1)
if [ "$rc" -ne 0 ]; then
	report 2 "$tmp/fuzz.log" "finding after ${execs:-?} execs (exit $rc)"
	echo "1..2"
	exit 1
fi
if [ "$mode" = fuzz ]; then
	# Keep only the new inputs that reach new edges (hit counts ignored).
	before=$(ls "$seeds" | wc -l)
	"$bin" -merge=1 -use_counters=0 "$seeds" "$tmp/new" >"$tmp/merge.log" 2>&1 || {
		report 2 "$tmp/merge.log" "merging new inputs into $seeds failed"
		echo "1..2"
		exit 1
	}
	added=$(($(ls "$seeds" | wc -l) - before))
	echo "# $added new inputs merged into $seeds"
fi
echo "ok 2 - $name: ${execs:-?} execs in ${seconds}s, cov ${cov:-?}, no finding"
echo "1..2"

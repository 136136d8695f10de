#!/bin/sh
# run.sh: `make fuzz`: fuzz every target in build/fuzz/ for $FUZZ_SECONDS
# each (default 600), merging the inputs that add coverage into
# tests/fuzz/corpus/NAME, then print one summary line per target, the
# lines to paste in the README.  Exit status 1 if any target had a finding.
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${FUZZ_SECONDS:=600}"
out=$(mktemp "${TMPDIR:-/tmp}/sw-fuzz-run.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
summary=
failed=0
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	echo "== $bin: ${FUZZ_SECONDS}s"
	sh tests/fuzz/run-one.sh "$bin" "$FUZZ_SECONDS" fuzz >"$out" 2>&1
	rc=$?
	cat "$out"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	line=$(grep -e '^ok 2 - ' -e '^not ok ' "$out" | head -n 1 |
	    sed -e 's/^ok 2 - /fuzz_/' -e 's/^not ok [0-9]* - /FAILED: fuzz_/')
	summary="$summary
${line:-FAILED: $bin: no result}"
done
if [ -z "$summary" ]; then
	echo "run.sh: no fuzz target in build/fuzz/ (run make fuzz)" >&2
	exit 2
fi
echo
echo "Fuzzing summary ($(date -u +%Y-%m-%d), ${FUZZ_SECONDS}s per target," \
    "clang $(clang -dumpversion 2>/dev/null), libFuzzer + ASan + UBSan):"
printf '%s\n' "$summary" | sed '/^$/d; s/^/- /'
[ "$failed" -eq 0 ]

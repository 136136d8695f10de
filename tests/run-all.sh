#!/bin/sh
# Run every test suite of `make check` and print one closing line,
# "check: N passed, N failed".  Each suite prints TAP; this script counts
# "ok" / "not ok" lines, shows the failures, and exits 1 if any failed.
#
# Suites, in order:
#   build/tests/test_*            C unit tests (plain build)
#   build/asan/tests/test_*       the same under ASan+UBSan
#   valgrind build/tests/test_*   the same under valgrind (memcheck)
#   build/fuzz/fuzz_*             a short libFuzzer run each (FUZZ_CHECK_SECONDS)
#   tests/*/*.bats                bats-core tests of the commands and interop
set -u
cd "$(dirname "$0")/.." || exit 2
: "${PYTHON:=/usr/bin/python3}"
: "${FUZZ_CHECK_SECONDS:=20}"
export PYTHON

log=$(mktemp -d "${TMPDIR:-/tmp}/sw-check.XXXXXX") || exit 2
trap 'rm -rf "$log"' EXIT
passed=0
failed=0

# run_suite NAME CMD...: run CMD, keep its TAP, add up its results.
run_suite() {
	name=$1
	shift
	out="$log/out"
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# A crash or a harness error counts as a failure of the suite.
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $name ($p passed, $f failed, exit $rc)"
		sed 's/^/    /' "$out"
	else
		echo "ok   $name ($p passed)"
	fi
}

for t in build/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "$t" "$t"
done
for t in build/asan/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "$t (ASan+UBSan)" "$t"
done
if command -v valgrind >/dev/null 2>&1; then
	for t in build/tests/test_*; do
		[ -x "$t" ] || continue
		run_suite "$t (valgrind)" valgrind -q --error-exitcode=99 \
		    --leak-check=full --errors-for-leak-kinds=definite "$t"
	done
else
	echo "FAIL valgrind is not installed (make deps installs it)"
	failed=$((failed + 1))
fi
for f in build/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	run_suite "$f (${FUZZ_CHECK_SECONDS}s)" sh tests/fuzz/run-one.sh "$f" \
	    "$FUZZ_CHECK_SECONDS" check
done
for b in tests/lib/*.bats tests/wrap/*.bats; do
	[ -f "$b" ] || continue
	run_suite "$b" bats --tap "$b"
done

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

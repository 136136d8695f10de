#!/usr/bin/env bats
# subunit-wrap: --list (exists packets, nothing run), --load-list (run only
# the selected programs; a subtest id selects its program), --each (every
# operand its own program) and -j N (N at a time, each on its own route
# code).  tests/fixtures/sleep_tap.sh appends to $WRAP_MARKER when it runs,
# so "nothing ran" and "how many ran at once" can be checked.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
}

setup() {
	wrap_setup
	export WRAP_MARKER=$BATS_TEST_TMPDIR/ran
}

assert_not_run() {
	[ ! -e "$WRAP_MARKER" ] ||
		fail "something ran: $(cat "$WRAP_MARKER")"
}

# exists_ids TEXT: the ids of $OUT's exists packets that hold TEXT, one a
# line, as python-subunit reads them (what testr writes to a --load-list).
exists_ids() {
	"$PYTHON" -c '
import sys
from subunit.v2 import ByteStreamToStreamResult
ids = []
class R:
    def status(self, test_id=None, test_status=None, **kw):
        if test_status == "exists":
            ids.append(test_id)
ByteStreamToStreamResult(open(sys.argv[1], "rb"),
    non_subunit_name="stdout").run(R())
sys.stdout.write("".join(i + "\n" for i in ids if sys.argv[2] in i))' \
	    "$OUT" "$1"
}

# sleep_expected ID...: the stream of sleep_tap.sh run as each ID in turn.
sleep_expected() {
	local id
	for id in "$@"; do
		printf '%s\n' "inprogress $id" "inprogress $id (1 - slept)" \
		    "success $id (1 - slept)" "success $id"
	done
}

@test "--list: one runnable exists packet for a TAP program, nothing run" {
	wrap --list tests/fixtures/sleep_tap.sh
	events --runnable
	assert_success
	assert_output "R exists tests/fixtures/sleep_tap.sh"
	assert_not_run
}

@test "--list --each: one exists packet per program, in order" {
	wrap --list --each tests/fixtures/sleep_tap.sh ./tests/fixtures/tap_pass.sh \
	    tests/fixtures/exit_with.sh
	events
	assert_success
	assert_output - <<'EOF'
exists tests/fixtures/sleep_tap.sh
exists tests/fixtures/tap_pass.sh
exists tests/fixtures/exit_with.sh
EOF
	assert_not_run
}

@test "--load-list naming the program runs it" {
	printf 'tests/fixtures/sleep_tap.sh\n' >"$BATS_TEST_TMPDIR/list"
	wrap --load-list "$BATS_TEST_TMPDIR/list" tests/fixtures/sleep_tap.sh
	events
	assert_success
	assert_output "$(sleep_expected tests/fixtures/sleep_tap.sh)"
	run cat "$WRAP_MARKER"
	assert_line --index 0 --regexp '^tests/fixtures/sleep_tap.sh start '
}

@test "--load-list not naming the program: nothing runs, exit 0" {
	printf 'tests/fixtures/other.sh\nsleep_tap.sh\n' >"$BATS_TEST_TMPDIR/list"
	wrap --load-list "$BATS_TEST_TMPDIR/list" tests/fixtures/sleep_tap.sh
	events
	assert_success
	assert_output ""
	assert_not_run
	: >"$BATS_TEST_TMPDIR/empty"
	wrap --load-list "$BATS_TEST_TMPDIR/empty" tests/fixtures/sleep_tap.sh
	events
	assert_success
	assert_output ""
	assert_not_run
}

@test "--load-list: a subtest id selects its program; unknown ids ignored" {
	printf '%s\r\n' 'unknown.test' '' \
	    'tests/fixtures/tap_fail.sh (2 - bad)' >"$BATS_TEST_TMPDIR/list"
	wrap --load-list "$BATS_TEST_TMPDIR/list" --each \
	    tests/fixtures/sleep_tap.sh tests/fixtures/tap_fail.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_fail.sh
inprogress tests/fixtures/tap_fail.sh (1 - good)
success tests/fixtures/tap_fail.sh (1 - good)
inprogress tests/fixtures/tap_fail.sh (2 - bad)
file tests/fixtures/tap_fail.sh (2 - bad) stdout "# got 5\n# expected 4\n"
fail tests/fixtures/tap_fail.sh (2 - bad)
inprogress tests/fixtures/tap_fail.sh (3 - after)
success tests/fixtures/tap_fail.sh (3 - after)
fail tests/fixtures/tap_fail.sh
EOF
	assert_not_run
}

@test "--list then --load-list round-trips (what testr does)" {
	wrap --list --each tests/fixtures/tap_pass.sh tests/fixtures/sleep_tap.sh
	exists_ids sleep >"$BATS_TEST_TMPDIR/list"
	run cat "$BATS_TEST_TMPDIR/list"
	assert_output "tests/fixtures/sleep_tap.sh"
	wrap --load-list "$BATS_TEST_TMPDIR/list" --each \
	    tests/fixtures/tap_pass.sh tests/fixtures/sleep_tap.sh
	events
	assert_success
	assert_output "$(sleep_expected tests/fixtures/sleep_tap.sh)"
}

@test "--list then --load-list round-trips a program path that is not UTF-8" {
	local prog=$BATS_TEST_TMPDIR/$'caf\xe9 \x01.sh'
	cp tests/fixtures/sleep_tap.sh "$prog"
	wrap --list --each tests/fixtures/tap_pass.sh "$prog"
	exists_ids caf >"$BATS_TEST_TMPDIR/list"
	run cat "$BATS_TEST_TMPDIR/list"
	assert_output "$BATS_TEST_TMPDIR/caf\\xe9 \\x01.sh"
	wrap --load-list "$BATS_TEST_TMPDIR/list" --each \
	    tests/fixtures/tap_pass.sh "$prog"
	events
	assert_success
	assert_output "$(sleep_expected "$BATS_TEST_TMPDIR/caf\\xe9 \\x01.sh")"
	[ -s "$WRAP_MARKER" ] || fail "the program did not run"
}

@test "--each: programs run one after the other, each closed before the next" {
	wrap --each tests/fixtures/sleep_tap.sh tests/fixtures/tap_noplan.sh \
	    tests/fixtures/tap_skip_all.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/sleep_tap.sh
inprogress tests/fixtures/sleep_tap.sh (1 - slept)
success tests/fixtures/sleep_tap.sh (1 - slept)
success tests/fixtures/sleep_tap.sh
inprogress tests/fixtures/tap_noplan.sh
inprogress tests/fixtures/tap_noplan.sh (1 - one)
success tests/fixtures/tap_noplan.sh (1 - one)
inprogress tests/fixtures/tap_noplan.sh (2 - two)
success tests/fixtures/tap_noplan.sh (2 - two)
fail tests/fixtures/tap_noplan.sh
inprogress tests/fixtures/tap_skip_all.sh
skip tests/fixtures/tap_skip_all.sh
EOF
}

# jdir N: N links a.sh, b.sh, ... to sleep_tap.sh in a fresh directory, made
# the current one (the ids are a.sh, b.sh, ...).
jdir() {
	mkdir "$BATS_TEST_TMPDIR/j"
	cd "$BATS_TEST_TMPDIR/j" || return 1
	local name
	for name in $(printf '%s\n' a b c d e f | head -n "$1"); do
		ln -s "$ROOT/tests/fixtures/sleep_tap.sh" "$name.sh"
	done
}

# most_at_once: the largest number of programs running at once, from the
# start/end times in $WRAP_MARKER.
most_at_once() {
	awk '{ print $3, ($2 == "start" ? 1 : -1) }' "$WRAP_MARKER" |
	    sort -n -k1,1 -k2,2n |
	    awk '{ n += $2; if (n > max) max = n } END { print max + 0 }'
}

@test "-j 3: three programs at once, each on its own route code" {
	jdir 3
	export SLEEP_TAP=1
	local start=$SECONDS
	wrap -j 3 --each ./a.sh ./b.sh ./c.sh
	[ $((SECONDS - start)) -lt 3 ] ||
		fail "took $((SECONDS - start)) s: not run at once"
	run most_at_once
	assert_output 3
	events
	assert_success
	# Interleaving varies: compare each program's events in order.
	local id listing=$output
	for id in a.sh b.sh c.sh; do
		run grep -F " $id" <<<"$listing"
		assert_output "$(sleep_expected "$id")"
	done
	# Every packet of a program carries one route code, and no two
	# programs that ran at the same time share one.
	events --routes
	assert_success
	run bash -c 'sed -n "s/^.* \([abc]\.sh\).* \[route \(.*\)\]$/\1 \2/p" |
	    sort -u' <<<"$output"
	assert_equal "${#lines[@]}" 3
	assert_equal "$(cut -d' ' -f1 <<<"$output" | tr '\n' ' ')" "a.sh b.sh c.sh "
	assert_equal "$(cut -d' ' -f2- <<<"$output" | sort -u | wc -l)" 3
}

@test "-j 2 with four programs: never more than two at once, all run" {
	jdir 4
	export SLEEP_TAP=0.5
	wrap -j 2 --each ./a.sh ./b.sh ./c.sh ./d.sh
	run most_at_once
	assert_output 2
	events --summary
	assert_success
	assert_output \
	    "success=8 fail=0 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
}

@test "-j: usage errors without --each or with a bad count" {
	local args
	for args in "-j 2 tests/fixtures/tap_pass.sh" \
	    "-j 0 --each tests/fixtures/tap_pass.sh" \
	    "-j x --each tests/fixtures/tap_pass.sh"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$WRAP" $args
		assert_failure 2
		assert_output ""
		[[ ${stderr_lines[0]} == "subunit-wrap: "* ]] ||
			fail "$args: stderr: $stderr"
	done
	assert_not_run
}

#!/usr/bin/env bats
# subunit-wrap: exit-code programs (0 / 77 / 99 / others), programs killed
# by signals, --timeout, the wrapper's own exit statuses and error
# messages (2 usage, 126 cannot execute, 127 not found: one message on
# stderr, nothing on stdout), how the program is started (arguments, no
# stdin), and stopping (SIGTERM / SIGINT, the consumer going away, a full
# disk).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
}

setup() {
	wrap_setup
}

# exit_expected STATUS CODE: the stream of exit_with.sh CODE.
exit_expected() {
	printf '%s\n' "inprogress tests/fixtures/exit_with.sh" \
	    "file tests/fixtures/exit_with.sh stdout \"exiting with $2\\n\"" \
	    "$1 tests/fixtures/exit_with.sh"
}

@test "no TAP: exit 0 is success, the output the program's" {
	wrap tests/fixtures/exit_with.sh 0
	events
	assert_success
	assert_output "$(exit_expected success 0)"
}

@test "no TAP: exit 77 is skip" {
	wrap tests/fixtures/exit_with.sh 77
	events
	assert_success
	assert_output "$(exit_expected skip 77)"
}

@test "no TAP: exit 1, 99 and 3 are failures naming the status" {
	local code
	for code in 1 99 3; do
		wrap tests/fixtures/exit_with.sh "$code"
		events
		assert_success
		assert_output "$(exit_expected fail "$code")"
		reason_matches tests/fixtures/exit_with.sh \
		    "(^|[^0-9])$code([^0-9]|\$)"
	done
}

@test "no TAP: killed by a signal is a failure naming the signal" {
	local sig
	for sig in SEGV ABRT; do
		wrap tests/fixtures/exit_signal.sh "$sig"
		events
		assert_success
		assert_output - <<EOF
inprogress tests/fixtures/exit_signal.sh
file tests/fixtures/exit_signal.sh stderr "dying by SIG$sig\\n"
fail tests/fixtures/exit_signal.sh
EOF
		reason_matches tests/fixtures/exit_signal.sh "SIG$sig"
	done
}

@test "TAP killed by SIGSEGV mid-run: the program fails naming it" {
	wrap tests/fixtures/tap_segv.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_segv.sh
inprogress tests/fixtures/tap_segv.sh (1 - first)
success tests/fixtures/tap_segv.sh (1 - first)
file tests/fixtures/tap_segv.sh stderr "about to crash\n"
fail tests/fixtures/tap_segv.sh
EOF
	reason_matches tests/fixtures/tap_segv.sh SIGSEGV
}

@test "C program crashing with SIGSEGV (pipe mode: the buffered line is lost)" {
	need_fixture_bin c_crash
	wrap --no-preload build/fixtures/c_crash
	events
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/c_crash
inprogress build/fixtures/c_crash (1 - flushed)
success build/fixtures/c_crash (1 - flushed)
file build/fixtures/c_crash stderr "about to crash\n"
fail build/fixtures/c_crash
EOF
	reason_matches build/fixtures/c_crash SIGSEGV
}

# hang_expected: the stream of tap_hang.sh stopped after its first point.
hang_expected() {
	cat <<'EOF'
inprogress tests/fixtures/tap_hang.sh
inprogress tests/fixtures/tap_hang.sh (1 - quick)
success tests/fixtures/tap_hang.sh (1 - quick)
fail tests/fixtures/tap_hang.sh
EOF
}

# assert_gone PID: the fixture's child has ended (give it a moment to be
# reaped); if not, say so and stop it, so no test leaves it behind.
assert_gone() {
	local i cmd
	for i in $(seq 20); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	cmd=$(tr '\0' ' ' </proc/"$1"/cmdline)
	kill -KILL "$1"
	fail "process $1 ($cmd) was still running"
}

@test "--timeout: the running test fails saying so, the tree is stopped" {
	local start=$SECONDS
	wrap --timeout 1 tests/fixtures/tap_hang.sh "$BATS_TEST_TMPDIR/sleep.pid"
	[ $((SECONDS - start)) -lt 10 ] ||
		fail "took $((SECONDS - start)) s for a 1 s timeout"
	events
	assert_success
	assert_output "$(hang_expected)"
	reason_matches tests/fixtures/tap_hang.sh 'timed out'
	assert_gone "$(cat "$BATS_TEST_TMPDIR/sleep.pid")"
}

@test "--timeout: a program ignoring SIGTERM is killed" {
	local start=$SECONDS
	wrap --timeout 1 tests/fixtures/tap_hang.sh "$BATS_TEST_TMPDIR/sleep.pid" \
	    stubborn
	[ $((SECONDS - start)) -lt 20 ] ||
		fail "took $((SECONDS - start)) s for a 1 s timeout"
	events
	assert_success
	assert_output "$(hang_expected)"
	reason_matches tests/fixtures/tap_hang.sh 'timed out'
	assert_gone "$(cat "$BATS_TEST_TMPDIR/sleep.pid")"
}

@test "--timeout with --each: the next programs still run" {
	wrap --timeout 1 --each tests/fixtures/tap_hang.sh \
	    tests/fixtures/tap_pass.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_hang.sh
inprogress tests/fixtures/tap_hang.sh (1 - quick)
success tests/fixtures/tap_hang.sh (1 - quick)
fail tests/fixtures/tap_hang.sh
inprogress tests/fixtures/tap_pass.sh
inprogress tests/fixtures/tap_pass.sh (1 - adds)
success tests/fixtures/tap_pass.sh (1 - adds)
inprogress tests/fixtures/tap_pass.sh (2 - subtracts)
success tests/fixtures/tap_pass.sh (2 - subtracts)
inprogress tests/fixtures/tap_pass.sh (3)
success tests/fixtures/tap_pass.sh (3)
success tests/fixtures/tap_pass.sh
EOF
	reason_matches tests/fixtures/tap_hang.sh 'timed out'
}

@test "--timeout not reached changes nothing" {
	wrap --timeout 30 tests/fixtures/tap_todo_pass.sh
	events --summary
	assert_success
	assert_output \
	    "success=2 fail=0 skip=0 xfail=1 uxsuccess=1 exists=0 incomplete=0"
}

@test "a run that did its job prints nothing on stderr, even if tests fail" {
	run --separate-stderr "$WRAP" tests/fixtures/tap_fail.sh
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	[ -n "$output" ] || fail "no stream"
}

@test "arguments after PROGRAM go to it, options included; -- ends options" {
	wrap tests/fixtures/args.sh --list -j 2 'two words' --
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/args.sh
file tests/fixtures/args.sh stdout "arg: --list\narg: -j\narg: 2\narg: two words\narg: --\n"
success tests/fixtures/args.sh
EOF
	wrap --timeout 30 -- tests/fixtures/args.sh --timeout
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/args.sh
file tests/fixtures/args.sh stdout "arg: --timeout\n"
success tests/fixtures/args.sh
EOF
}

@test "a program name without a slash is looked up in PATH" {
	wrap true
	events
	assert_success
	assert_output - <<'EOF'
inprogress true
success true
EOF
	wrap false
	events
	assert_success
	assert_output - <<'EOF'
inprogress false
fail false
EOF
}

@test "the program gets no stdin" {
	run bash -c '"$WRAP" tests/fixtures/stdin.sh >"$1" <<<"secret"' _ "$OUT"
	assert_success
	run stream_bytes stdout
	assert_output "no stdin"
}

# error_run CODE ARGS...: the wrapper exits CODE, nothing on stdout, and
# stderr's first line is "subunit-wrap: ..."; $stderr is kept.
error_run() {
	local code=$1
	shift
	run "-$code" --separate-stderr "$WRAP" "$@"
	assert_output ""
	[ -n "$stderr" ] || fail "nothing on stderr"
	[[ ${stderr_lines[0]} == "subunit-wrap: "* ]] ||
		fail "stderr does not start with 'subunit-wrap: ': $stderr"
}

# stderr_says TEXT: stderr's first line contains TEXT.
stderr_says() {
	[[ ${stderr_lines[0]} == *"$1"* ]] ||
		fail "stderr's first line lacks '$1': $stderr"
}

# one_line: stderr is exactly one line.
one_line() {
	[ "${#stderr_lines[@]}" -eq 1 ] ||
		fail "stderr has ${#stderr_lines[@]} lines: $stderr"
}

@test "a missing program: 127, one message naming it" {
	error_run 127 tests/fixtures/no-such-program
	stderr_says tests/fixtures/no-such-program
	one_line
	error_run 127 no-such-program-in-path
	stderr_says no-such-program-in-path
	one_line
}

@test "a directory: 126, one message" {
	error_run 126 tests/fixtures
	stderr_says tests/fixtures
	one_line
}

@test "a file without execute permission: 126, one message" {
	[ ! -x tests/fixtures/not_executable.sh ] ||
		fail "tests/fixtures/not_executable.sh must be mode 644"
	error_run 126 tests/fixtures/not_executable.sh
	stderr_says tests/fixtures/not_executable.sh
	one_line
}

@test "an executable that is neither ELF nor #! script: 126, one message" {
	error_run 126 tests/fixtures/not_a_program
	stderr_says tests/fixtures/not_a_program
	one_line
}

@test "--each with one missing program: 127 before running anything" {
	export WRAP_MARKER=$BATS_TEST_TMPDIR/ran
	error_run 127 --each tests/fixtures/sleep_tap.sh \
	    tests/fixtures/no-such-program
	stderr_says tests/fixtures/no-such-program
	[ ! -e "$BATS_TEST_TMPDIR/ran" ] || fail "sleep_tap.sh was run"
}

@test "usage errors: exit 2, a message, nothing on stdout" {
	error_run 2 --bogus tests/fixtures/tap_pass.sh
	stderr_says bogus
	error_run 2
	error_run 2 --timeout
	error_run 2 --timeout abc tests/fixtures/tap_pass.sh
	stderr_says abc
	error_run 2 --timeout -1 tests/fixtures/tap_pass.sh
	error_run 2 --each
	error_run 2 --load-list
	error_run 2 --pattern
}

@test "--load-list FILE missing or unreadable: exit 2 naming the file" {
	error_run 2 --load-list "$BATS_TEST_TMPDIR/nope" tests/fixtures/tap_pass.sh
	stderr_says "$BATS_TEST_TMPDIR/nope"
	one_line
	error_run 2 --load-list "$BATS_TEST_TMPDIR" tests/fixtures/tap_pass.sh
	stderr_says "$BATS_TEST_TMPDIR"
	one_line
}

@test "a write error on stdout: non-zero exit, one message" {
	run --separate-stderr timeout 20 bash -c \
	    '"$WRAP" tests/fixtures/tap_flood.sh 2000 >/dev/full'
	[ "$status" -ne 0 ] || fail "exit status 0 writing to /dev/full"
	[ "$status" -ne 124 ] || fail "still running after 20 s"
	[[ $stderr == "subunit-wrap: "*"No space left on device"* ]] ||
		fail "stderr: $stderr"
}

@test "the consumer closing stdout stops the wrapper and the program" {
	local start=$SECONDS
	run timeout 20 bash -c '"$WRAP" tests/fixtures/tap_hang.sh "$1" |
	    head -c 1 >/dev/null' _ "$BATS_TEST_TMPDIR/sleep.pid"
	[ "$status" -ne 124 ] || fail "still running after 20 s"
	[ $((SECONDS - start)) -lt 10 ] ||
		fail "took $((SECONDS - start)) s to notice"
	assert_gone "$(cat "$BATS_TEST_TMPDIR/sleep.pid")"
}

@test "SIGTERM and SIGINT stop the tree; every open test gets a verdict" {
	local sig pid i
	for sig in TERM INT; do
		rm -f "$BATS_TEST_TMPDIR/sleep.pid"
		"$WRAP" tests/fixtures/tap_hang.sh "$BATS_TEST_TMPDIR/sleep.pid" \
		    >"$OUT" 2>"$ERR" </dev/null 3>&- &
		pid=$!
		for i in $(seq 50); do
			[ -s "$BATS_TEST_TMPDIR/sleep.pid" ] && break
			sleep 0.1
		done
		if [ ! -s "$BATS_TEST_TMPDIR/sleep.pid" ]; then
			kill -KILL "$pid"
			fail "tap_hang.sh did not start"
		fi
		sleep 0.3
		kill -"$sig" "$pid"
		for i in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid"
			fail "the wrapper ignored SIG$sig for 10 s"
		fi
		wait "$pid" || true
		events
		assert_success
		assert_output "$(hang_expected)"
		assert_gone "$(cat "$BATS_TEST_TMPDIR/sleep.pid")"
	done
}

#!/usr/bin/env bats
# subunit-wrap --pattern: the automake plug-in, forcing tap / exitcode,
# detection when no --pattern is given (TAP if the program prints TAP, else
# exit-code semantics), user pattern files (patterns/pat_user.h) and the
# errors for bad ones (exit 2, the message names the line).

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

@test "--pattern automake: every result word is a subtest" {
	need_fixture_bin c_automake
	wrap --pattern automake build/fixtures/c_automake
	events
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/c_automake
inprogress build/fixtures/c_automake (alpha)
success build/fixtures/c_automake (alpha)
inprogress build/fixtures/c_automake (beta)
fail build/fixtures/c_automake (beta)
inprogress build/fixtures/c_automake (gamma)
xfail build/fixtures/c_automake (gamma)
inprogress build/fixtures/c_automake (delta)
uxsuccess build/fixtures/c_automake (delta)
inprogress build/fixtures/c_automake (epsilon)
skip build/fixtures/c_automake (epsilon)
inprogress build/fixtures/c_automake (zeta)
fail build/fixtures/c_automake (zeta)
file build/fixtures/c_automake stdout "checking things\n"
fail build/fixtures/c_automake
EOF
	reason_matches 'build/fixtures/c_automake (zeta)' ERROR
}

@test "--pattern automake: passes, skips and expected failures pass" {
	need_fixture_bin c_automake
	wrap --pattern automake build/fixtures/c_automake pass
	events
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/c_automake
inprogress build/fixtures/c_automake (one)
success build/fixtures/c_automake (one)
inprogress build/fixtures/c_automake (two)
skip build/fixtures/c_automake (two)
inprogress build/fixtures/c_automake (three)
xfail build/fixtures/c_automake (three)
success build/fixtures/c_automake
EOF
}

@test "no --pattern: automake lines are chatter of an exit-code program" {
	need_fixture_bin c_automake
	wrap build/fixtures/c_automake
	events
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/c_automake
file build/fixtures/c_automake stdout "checking things\nPASS: alpha\nFAIL: beta\nXFAIL: gamma\nXPASS: delta\nSKIP: epsilon\nERROR: zeta\n"
fail build/fixtures/c_automake
EOF
}

@test "no --pattern: words merely containing ok are not TAP" {
	wrap sh -c 'echo "looks ok to me"; echo "okay then"; echo "1..x"'
	events
	assert_success
	assert_output - <<'EOF'
inprogress sh
file sh stdout "looks ok to me\nokay then\n1..x\n"
success sh
EOF
}

@test "--pattern exitcode: TAP output is chatter, the exit status decides" {
	wrap --pattern exitcode tests/fixtures/tap_fail.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_fail.sh
file tests/fixtures/tap_fail.sh stdout "1..3\nok 1 - good\nnot ok 2 - bad\n# got 5\n# expected 4\nok 3 - after\n"
success tests/fixtures/tap_fail.sh
EOF
	wrap --pattern exitcode tests/fixtures/tap_exit.sh 77
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_exit.sh
file tests/fixtures/tap_exit.sh stdout "1..1\nok 1 - fine\n"
skip tests/fixtures/tap_exit.sh
EOF
}

@test "--pattern tap: a program printing no TAP fails" {
	wrap --pattern tap tests/fixtures/exit_with.sh 0
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/exit_with.sh
file tests/fixtures/exit_with.sh stdout "exiting with 0\n"
fail tests/fixtures/exit_with.sh
EOF
	# Without it, the same program is a passing exit-code program.
	wrap tests/fixtures/exit_with.sh 0
	events
	assert_success
	assert_line --index 2 "success tests/fixtures/exit_with.sh"
}

@test "a user pattern file: go test -v output as nested subtests" {
	wrap --pattern tests/fixtures/gotest.pattern tests/fixtures/gotest.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/gotest.sh
inprogress tests/fixtures/gotest.sh (TestAlpha)
file tests/fixtures/gotest.sh (TestAlpha) stdout "alpha says hi\n"
success tests/fixtures/gotest.sh (TestAlpha)
inprogress tests/fixtures/gotest.sh (TestBeta)
file tests/fixtures/gotest.sh (TestBeta) stdout "    beta_test.go:12: expected 4, got 5\n"
fail tests/fixtures/gotest.sh (TestBeta)
inprogress tests/fixtures/gotest.sh (TestGamma)
file tests/fixtures/gotest.sh (TestGamma) stdout "    gamma_test.go:7: no network\n"
skip tests/fixtures/gotest.sh (TestGamma)
inprogress tests/fixtures/gotest.sh (TestDelta)
inprogress tests/fixtures/gotest.sh (TestDelta) (TestDelta/sub_one)
success tests/fixtures/gotest.sh (TestDelta) (TestDelta/sub_one)
success tests/fixtures/gotest.sh (TestDelta)
file tests/fixtures/gotest.sh stdout "FAIL\nexit status 1\nFAIL\texample.com/pkg\t0.015s\n"
fail tests/fixtures/gotest.sh
EOF
}

@test "a user pattern file: a subtest still running at exit fails" {
	wrap --pattern tests/fixtures/gotest.pattern tests/fixtures/gotest.sh panic
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/gotest.sh
inprogress tests/fixtures/gotest.sh (TestAlpha)
success tests/fixtures/gotest.sh (TestAlpha)
inprogress tests/fixtures/gotest.sh (TestPanic)
file tests/fixtures/gotest.sh (TestPanic) stdout "panic: boom\n"
fail tests/fixtures/gotest.sh (TestPanic)
fail tests/fixtures/gotest.sh
EOF
	reason_matches 'tests/fixtures/gotest.sh (TestPanic)' \
	    '(^|[^0-9])2([^0-9]|$)'
	reason_matches tests/fixtures/gotest.sh '(^|[^0-9])2([^0-9]|$)'
}

# bad_pattern FILE LINE: exit 2, nothing on stdout, one message naming
# FILE and "line LINE", and the program not run.
bad_pattern() {
	run --separate-stderr "$WRAP" --pattern "$1" tests/fixtures/gotest.sh
	assert_failure 2
	assert_output ""
	[ "${#stderr_lines[@]}" -eq 1 ] ||
		fail "stderr has ${#stderr_lines[@]} lines: $stderr"
	[[ $stderr == "subunit-wrap: "*"$1"*"line $2"* ]] ||
		fail "stderr does not name $1 and line $2: $stderr"
}

@test "an invalid pattern file: exit 2 naming the line (unknown keyword)" {
	bad_pattern tests/fixtures/bad_keyword.pattern 4
	[[ $stderr == *finish* ]] || fail "the keyword is not named: $stderr"
}

@test "an invalid pattern file: exit 2 naming the line (bad regex)" {
	bad_pattern tests/fixtures/bad_regex.pattern 5
}

@test "--pattern naming neither a built-in nor a file: exit 2" {
	local p
	for p in nosuch tests/fixtures/missing.pattern; do
		run --separate-stderr "$WRAP" --pattern "$p" \
		    tests/fixtures/tap_pass.sh
		assert_failure 2
		assert_output ""
		[[ ${stderr_lines[0]} == "subunit-wrap: "*"$p"* ]] ||
			fail "stderr: $stderr"
	done
}

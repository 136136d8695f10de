#!/usr/bin/env bats
# subunit-wrap on framework programs (build/fixtures/{gtest,glib,check,cmocka,
# cunit}_*, built from tests/fixtures by make check-build): the classifier
# detected from the binary, --list from the framework's own listing,
# --load-list through its selection (unknown ids ignored, subtest ids,
# --each prefixes), restarts after a crash, exit(0) or a --timeout so the
# remaining tests still run, and the program's own non-runnable entry when
# a run goes wrong outside any test.  Every stream is read back with
# python-subunit (events.py --check).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
}

setup() {
	wrap_setup
	LIST=$BATS_TEST_TMPDIR/list
}

# events without the chatter: the tests, their reasons shown.
tests_of() {
	run "$PYTHON" "$EVENTS" --check --hide stdout --hide stderr --hide crash \
	    "$@" "$OUT"
}

# wrap_fails STATUS ARGS...: the wrapper must exit STATUS.
wrap_fails() {
	local want=$1
	shift
	wrap_status=0
	"$WRAP" "$@" >"$OUT" 2>"$ERR" </dev/null || wrap_status=$?
	[ "$wrap_status" -eq "$want" ] ||
		fail "subunit-wrap $* exited $wrap_status, not $want: $(cat "$ERR")"
}

# ---- detection -------------------------------------------------------------

@test "detection: a googletest binary gets the gtest classifier; a complete run adds no entry" {
	need_fixture_bin gtest_basic
	wrap build/fixtures/gtest_basic
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R inprogress Basic.Pass
R success Basic.Pass
R inprogress Basic.Fail
R fail Basic.Fail
R inprogress Basic.Skip
R skip Basic.Skip
R inprogress Basic.DISABLED_Off
file Basic.DISABLED_Off reason "disabled"
R skip Basic.DISABLED_Off
R inprogress Basic.FakeRun
R success Basic.FakeRun
R inprogress Basic.NoNewline
R success Basic.NoNewline
R inprogress Basic.Throws
R fail Basic.Throws
EOF
	[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
}

@test "detection: a GLib binary gets the glib classifier" {
	need_fixture_bin glib_basic
	wrap build/fixtures/glib_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress /top"
	assert_line "R success /basic/pass"
	assert_line "R skip /basic/skip"
	assert_line "R success /basic/nested/deep/leaf"
	assert_line "R fail /fixture/fail-in-teardown"
	refute_line --partial "glib_basic"
}

@test "detection: cmocka and CUnit programs are one runnable test each" {
	need_fixture_bin cmocka_basic cunit_basic
	wrap build/fixtures/cmocka_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress build/fixtures/cmocka_basic"
	assert_line --index 1 "- inprogress build/fixtures/cmocka_basic (t_pass)"
	assert_line "R fail build/fixtures/cmocka_basic"
	wrap build/fixtures/cunit_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress build/fixtures/cunit_basic"
	assert_line --index 1 "- inprogress build/fixtures/cunit_basic (Suite One)"
}

@test "detection: a Check program gets the check classifier" {
	need_fixture_bin check_basic fake_check
	wrap build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress Core Suite/Basic"
	assert_line --index 1 "- inprogress Core Suite/Basic (t_pass)"
	[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
	# Its symbols alone make a program Check (this one never writes
	# Check's log: its run did not end as Check's do).
	wrap build/fixtures/fake_check
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
- inprogress build/fixtures/fake_check
file build/fixtures/fake_check reason "the program ended before Check's summary: exit status 0"
- fail build/fixtures/fake_check
EOF
}

@test "Check with its own XML log (srunner_set_xml): never a green run, whatever its tests did" {
	need_fixture_bin check_ownxml
	local prog=build/fixtures/check_ownxml
	wrap "$prog"
	tests_of --runnable
	assert_success
	assert_output - <<EOF
- inprogress $prog
file $prog reason "Check's results did not reach subunit-wrap (does the program set its own XML log with srunner_set_xml?), so its tests cannot be reported; Check said \\"50%: Checks: 2, Failures: 1, Errors: 0\\"; exit status 1"
- fail $prog
EOF
	# Passing tests too: they cannot be reported either.
	wrap "$prog" pass-only
	tests_of --runnable
	assert_success
	assert_line "- fail $prog"
	reason_matches "$prog" 'Check said "100%: Checks: 1, Failures: 0, Errors: 0"; exit status 0$'
}

@test "GLib: a program that skips itself (exit 77) before any test is a skip, listed or run again never" {
	need_fixture_bin glib_skipall
	local prog=build/fixtures/glib_skipall mode
	for mode in "" --no-preload; do
		wrap $mode "$prog"
		[ ! -s "$ERR" ] || fail "${mode:-preload}: stderr: $(cat "$ERR")"
		tests_of --runnable
		assert_success
		assert_output - <<EOF
- inprogress $prog
file $prog reason "the program skipped itself before any test: exit status 77"
- skip $prog
EOF
		run "$PYTHON" "$EVENTS" --bytes stdout "$OUT"
		assert_output --partial "ok 1 # SKIP all skipall tests skipped: no service"
	done
}

@test "--pattern overrides detection" {
	need_fixture_bin gtest_basic
	wrap --pattern exitcode build/fixtures/gtest_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/gtest_basic
file build/fixtures/gtest_basic reason "exit status 1"
fail build/fixtures/gtest_basic
EOF
}

# ---- --list ----------------------------------------------------------------

@test "--list: exactly the googletest ids, disabled ones left out, in order" {
	need_fixture_bin gtest_basic gtest_param
	wrap --list build/fixtures/gtest_basic
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R exists Basic.Pass
R exists Basic.Fail
R exists Basic.Skip
R exists Basic.FakeRun
R exists Basic.NoNewline
R exists Basic.Throws
EOF
	wrap --list build/fixtures/gtest_param
	tests_of
	assert_success
	assert_output - <<'EOF'
exists Ty/0.Size
exists Ty/1.Size
exists My/TP/0.A
exists Nums/P.Even/0
exists Nums/P.Even/1
exists Nums/P.Even/2
exists P.Even/0
exists Named/PS.Str/0
exists Named/PS.Str/1
EOF
}

@test "--list: exactly the GLib paths" {
	need_fixture_bin glib_basic
	wrap --list build/fixtures/glib_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
exists /top
exists /basic/pass
exists /basic/message
exists /basic/skip
exists /basic/incomplete
exists /basic/fail
exists /basic/fail-printf
exists /basic/multiline
exists /basic/glued-stderr
exists /basic/forge
exists /basic/nested
exists /basic/nested/child
exists /basic/nested/deep/leaf
exists /fixture/setup-teardown
exists /fixture/fail-in-teardown
EOF
}

@test "--list --each -j 2: framework ids prefixed, whole programs by id, operand order" {
	need_fixture_bin gtest_segv glib_segv cmocka_basic
	wrap --list --each -j 2 build/fixtures/gtest_segv build/fixtures/cmocka_basic \
	    ./build/fixtures/glib_segv tests/fixtures/tap_pass.sh
	tests_of
	assert_success
	assert_output - <<'EOF'
exists build/fixtures/gtest_segv::Crash.Before
exists build/fixtures/gtest_segv::Crash.Segv
exists build/fixtures/gtest_segv::Crash.After
exists build/fixtures/gtest_segv::Other.Pass
exists build/fixtures/cmocka_basic
exists build/fixtures/glib_segv::/segv/before
exists build/fixtures/glib_segv::/segv/crash
exists build/fixtures/glib_segv::/segv/after
exists tests/fixtures/tap_pass.sh
EOF
}

@test "--list --load-list: only the selected ids" {
	need_fixture_bin gtest_basic glib_basic
	printf '%s\n' 'build/fixtures/gtest_basic::Basic.Skip (x)' Basic.Pass \
	    'build/fixtures/glib_basic::/top' 'build/fixtures/glib_basic::/nope' \
	    >"$LIST"
	wrap --list --load-list "$LIST" --each build/fixtures/gtest_basic \
	    build/fixtures/glib_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
exists build/fixtures/gtest_basic::Basic.Skip
exists build/fixtures/glib_basic::/top
EOF
}

@test "--list: a listing that fails writes nothing and exits 4" {
	wrap_fails 4 --list --pattern gtest tests/fixtures/exit_with.sh 3
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	run cat "$ERR"
	assert_output "subunit-wrap: tests/fixtures/exit_with.sh: listing its tests failed (exit status 3)"
	# One failing program among good ones: still nothing.  (--each runs
	# exit_with.sh without an argument: "exit ''" is status 2.)
	need_fixture_bin gtest_basic
	wrap_fails 4 --list --pattern gtest --each build/fixtures/gtest_basic \
	    tests/fixtures/exit_with.sh build/fixtures/gtest_basic
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	run cat "$ERR"
	assert_output --partial "tests/fixtures/exit_with.sh: listing its tests failed (exit status 2)"
}

@test "--list: a listing that hangs past --timeout fails (exit 4)" {
	wrap_fails 4 --list --timeout 1 --pattern gtest tests/fixtures/tap_hang.sh
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	run cat "$ERR"
	assert_line "subunit-wrap: tests/fixtures/tap_hang.sh: listing its tests failed (timed out after 1 s)"
}

# ---- --load-list -----------------------------------------------------------

@test "--load-list: exactly the selected googletest tests (unknown ignored, subtest ids select)" {
	need_fixture_bin gtest_basic
	printf '%s\n' Basic.Throws 'Basic.Skip (a subtest)' Nope.Nothing \
	    Basic.DISABLED_Off build/fixtures/gtest_basic >"$LIST"
	wrap --load-list "$LIST" build/fixtures/gtest_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress Basic.Skip
skip Basic.Skip
inprogress Basic.Throws
fail Basic.Throws
inprogress build/fixtures/gtest_basic
success build/fixtures/gtest_basic
EOF
	# The program's entry is not a test: named with tests it selects
	# nothing more, and as it did not fail it is reported passing (testr
	# passes back a failed entry and would keep it failing otherwise).
	run "$PYTHON" "$EVENTS" --file - stdout "$OUT"
	assert_output --partial "Note: Google Test filter = Basic.Skip:Basic.Throws"
}

@test "--load-list: exactly the selected GLib paths" {
	need_fixture_bin glib_basic
	printf '%s\n' /basic/skip '/basic/nested/deep/leaf (x)' /nope /basic >"$LIST"
	wrap --load-list "$LIST" build/fixtures/glib_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress /basic/skip
file /basic/skip reason "not supported here"
skip /basic/skip
inprogress /basic/nested/deep/leaf
success /basic/nested/deep/leaf
EOF
}

@test "--load-list: a GLib test that is also a suite runs alone, not the tests under its path" {
	need_fixture_bin glib_basic
	# -p /basic/nested also runs /basic/nested/child: -s skips it, and
	# GLib's "ok 2 /basic/nested/child # SKIP by request (-s option)"
	# is not reported.  In preload and in pipe mode.
	local mode
	for mode in "" --no-preload; do
		printf '%s\n' /basic/nested >"$LIST"
		wrap $mode --load-list "$LIST" build/fixtures/glib_basic
		tests_of
		assert_success
		assert_output - <<'EOF'
inprogress /basic/nested
success /basic/nested
EOF
		run "$PYTHON" "$EVENTS" --bytes stdout "$OUT"
		refute_output --partial "child"
		# Both ids: each runs once.
		printf '%s\n' /basic/nested/child /basic/nested >"$LIST"
		wrap $mode --load-list "$LIST" build/fixtures/glib_basic
		tests_of
		assert_success
		assert_output - <<'EOF'
inprogress /basic/nested
success /basic/nested
inprogress /basic/nested/child
success /basic/nested/child
EOF
	done
}

@test "--load-list --each: PROGRAM::ID selects; a program with nothing selected does not run" {
	need_fixture_bin gtest_basic glib_basic gtest_param
	printf '%s\n' build/fixtures/gtest_basic::Basic.Pass Basic.Fail \
	    'build/fixtures/glib_basic::/top (sub)' tests/fixtures/tap_pass.sh \
	    build/fixtures/gtest_param::Nope >"$LIST"
	wrap --load-list "$LIST" --each build/fixtures/gtest_basic \
	    build/fixtures/gtest_param build/fixtures/glib_basic \
	    tests/fixtures/tap_pass.sh tests/fixtures/tap_fail.sh
	tests_of --routes
	assert_success
	assert_output - <<'EOF'
inprogress build/fixtures/gtest_basic::Basic.Pass [route 0]
success build/fixtures/gtest_basic::Basic.Pass [route 0]
inprogress build/fixtures/glib_basic::/top [route 2]
success build/fixtures/glib_basic::/top [route 2]
inprogress tests/fixtures/tap_pass.sh [route 3]
inprogress tests/fixtures/tap_pass.sh (1 - adds) [route 3]
success tests/fixtures/tap_pass.sh (1 - adds) [route 3]
inprogress tests/fixtures/tap_pass.sh (2 - subtracts) [route 3]
success tests/fixtures/tap_pass.sh (2 - subtracts) [route 3]
inprogress tests/fixtures/tap_pass.sh (3) [route 3]
success tests/fixtures/tap_pass.sh (3) [route 3]
success tests/fixtures/tap_pass.sh [route 3]
EOF
	# gtest_param printed nothing: it was not started at all.
	run "$PYTHON" "$EVENTS" --bytes stdout "$OUT"
	refute_output --partial "Nums/P"
}

@test "--load-list: when the listing fails, the program's entry says so" {
	printf 'A.B\n' >"$LIST"
	wrap --load-list "$LIST" --pattern gtest tests/fixtures/exit_with.sh 3
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
- inprogress tests/fixtures/exit_with.sh
file tests/fixtures/exit_with.sh reason "cannot select the tests to run: listing them failed (exit status 3)"
- fail tests/fixtures/exit_with.sh
EOF
}

# ---- crashes, exits and hangs --------------------------------------------

@test "googletest crash mid-suite: that test fails, a restart runs the rest" {
	need_fixture_bin gtest_segv
	wrap build/fixtures/gtest_segv
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R inprogress Crash.Before
R success Crash.Before
R inprogress Crash.Segv
file Crash.Segv reason "killed by signal SIGSEGV"
R fail Crash.Segv
R inprogress Crash.After
R success Crash.After
R inprogress Other.Pass
R success Other.Pass
- inprogress build/fixtures/gtest_segv
file build/fixtures/gtest_segv reason "run 1: the program ended before googletest's summary: killed by signal SIGSEGV"
- fail build/fixtures/gtest_segv
EOF
	run "$PYTHON" "$EVENTS" --file Crash.Segv stderr "$OUT"
	assert_output "about to crash"
	run "$PYTHON" "$EVENTS" --file - stdout "$OUT"
	assert_output --partial "Note: Google Test filter = Crash.After:Other.Pass"
}

@test "googletest crash with --each: prefixed ids, the entry unprefixed on its route" {
	need_fixture_bin gtest_segv
	wrap --each build/fixtures/gtest_segv tests/fixtures/tap_pass.sh
	tests_of --routes
	assert_success
	assert_line "fail build/fixtures/gtest_segv::Crash.Segv [route 0]"
	assert_line "success build/fixtures/gtest_segv::Other.Pass [route 0]"
	assert_line "fail build/fixtures/gtest_segv [route 0]"
	assert_line "success tests/fixtures/tap_pass.sh [route 1]"
}

@test "GLib crash and abort mid-suite: that test fails, a restart runs the rest" {
	need_fixture_bin glib_segv glib_assert
	wrap build/fixtures/glib_segv
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R inprogress /segv/before
R success /segv/before
R inprogress /segv/crash
file /segv/crash reason "killed by signal SIGSEGV"
R fail /segv/crash
R inprogress /segv/after
R success /segv/after
- inprogress build/fixtures/glib_segv
file build/fixtures/glib_segv reason "run 1: the program ended before all its tests ran: killed by signal SIGSEGV"
- fail build/fixtures/glib_segv
EOF
	wrap build/fixtures/glib_assert
	tests_of
	assert_success
	assert_line "fail /assert/cmpint"
	assert_line "success /assert/after"
	reason_matches /assert/cmpint 'assertion failed.*killed by signal SIGABRT$'
}

@test "exit(0) inside a test: it fails, the rest runs, the run is not a success" {
	need_fixture_bin gtest_exit glib_exit
	wrap build/fixtures/gtest_exit
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress Exit.Before
success Exit.Before
inprogress Exit.Zero
file Exit.Zero reason "exit status 0"
fail Exit.Zero
inprogress Exit.After
success Exit.After
inprogress build/fixtures/gtest_exit
file build/fixtures/gtest_exit reason "run 1: the program ended before googletest's summary: exit status 0"
fail build/fixtures/gtest_exit
EOF
	wrap build/fixtures/glib_exit
	tests_of
	assert_success
	assert_line "fail /exit/now"
	assert_line "success /exit/after"
	assert_line "fail build/fixtures/glib_exit"
}

@test "a hang past --timeout: that test fails, the rest runs" {
	need_fixture_bin gtest_hang glib_hang
	SW_FIXTURE_HANG=1 wrap --timeout 1 build/fixtures/gtest_hang
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress Hang.Before
success Hang.Before
inprogress Hang.Forever
file Hang.Forever reason "timed out after 1 s"
fail Hang.Forever
inprogress Hang.After
success Hang.After
inprogress build/fixtures/gtest_hang
file build/fixtures/gtest_hang reason "run 1: the program ended before googletest's summary: timed out after 1 s"
fail build/fixtures/gtest_hang
EOF
	GLIB_FIXTURE_HANG=1 wrap --timeout 1 build/fixtures/glib_hang
	tests_of
	assert_success
	assert_line "fail /hang/sleep"
	assert_line "success /hang/after"
	reason_matches /hang/sleep '^timed out after 1 s$'
}

@test "--timeout also bounds the time between tests (a hang with no test open)" {
	# tap_hang.sh read as googletest: no test ever opens, then it hangs.
	wrap --timeout 1 --pattern gtest tests/fixtures/tap_hang.sh
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
- inprogress tests/fixtures/tap_hang.sh
file tests/fixtures/tap_hang.sh reason "the program ended before googletest's summary: timed out after 1 s"
- fail tests/fixtures/tap_hang.sh
EOF
}

@test "a suite set-up that crashes every time: its test never ran, the layer repeats as #2" {
	need_fixture_bin gtest_suite_setup
	SW_FIXTURE_SETUP_CRASH=1 wrap build/fixtures/gtest_suite_setup
	tests_of --runnable
	assert_success
	assert_line "R success Fine.A"
	assert_line "- fail Crashy (set-up)"
	assert_line "- fail Crashy (set-up) #2"
	assert_line 'file Crashy.A reason "never ran: the program ended (killed by signal SIGSEGV) in Crashy (set-up), before reaching it"'
	assert_line "R fail Crashy.A"
	assert_line --partial 'file build/fixtures/gtest_suite_setup reason "run 1: the program ended before googletest'
	assert_line "- fail build/fixtures/gtest_suite_setup"
}

@test "a full run lists nothing first; a run that dies and cannot be listed: warned" {
	need_fixture_bin gtest_basic
	# A clean run: one process, no listing ("Running main()" once).
	wrap build/fixtures/gtest_basic
	run stream_bytes stdout
	[ "$(grep -c 'Running main() from' <<<"$output")" -eq 1 ] ||
		fail "one run expected: $output"
	# Dies (no summary), then its listing fails: nothing run again.
	wrap --pattern gtest tests/fixtures/exit_with.sh 3
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
- inprogress tests/fixtures/exit_with.sh
file tests/fixtures/exit_with.sh reason "the program ended before googletest's summary: exit status 3"
- fail tests/fixtures/exit_with.sh
EOF
	run "$PYTHON" "$EVENTS" --file - stdout "$OUT"
	assert_output "exiting with 3"
	run cat "$ERR"
	assert_output "subunit-wrap: tests/fixtures/exit_with.sh: listing its tests failed (exit status 3); the tests it did not reach are not run again"
}

@test "every byte of every run is in the stream" {
	need_fixture_bin gtest_segv
	wrap build/fixtures/gtest_segv
	run stream_bytes stdout
	assert_success
	# Both runs' banners and the passing tests' own output.
	[ "$(grep -c 'Running main() from' <<<"$output")" -eq 2 ] ||
		fail "two runs expected: $output"
	run stream_bytes stderr
	assert_output "about to crash"
}

# ---- the upstream googletest samples ------------------------------------------

@test "the ten upstream googletest samples: 52 pass, sample9's deliberate failure fails" {
	local s samples=()
	for s in 1 2 3 4 5 6 7 8 9 10; do
		samples+=("build/fixtures/gtest_sample$s")
	done
	wrap --each -j 2 "${samples[@]}"
	run "$PYTHON" "$EVENTS" --check --summary "$OUT"
	assert_success
	assert_output "success=52 fail=1 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	run "$PYTHON" "$EVENTS" --check "$OUT"
	assert_success
	run grep -E '^(fail|skip|exists) ' <<<"$output"
	assert_output "fail build/fixtures/gtest_sample9::CustomOutputTest.Fails"
	# Each sample's tests on its own route code: route N is sample N+1.
	"$PYTHON" "$EVENTS" --routes "$OUT" >"$BATS_TEST_TMPDIR/routes"
	run sh -c "sed -n 's/^[a-z]* build\/fixtures\/gtest_sample\([0-9]*\)::.* \[route \([0-9]*\)\]\$/\1 \2/p' '$BATS_TEST_TMPDIR/routes' | sort -un"
	assert_output "1 0
2 1
3 2
4 3
5 4
6 5
7 6
8 7
9 8
10 9"
}

# ---- Check ------------------------------------------------------------------
# Check cannot list (a listing is a run with its output discarded), selects
# SUITE/TCASE through CK_RUN_SUITE/CK_RUN_CASE, and writes its results to
# a FIFO the wrapper makes in a private directory under $TMPDIR.

# The Check runs leave nothing in $TMPDIR (its FIFOs are removed).
check_tmpdir() {
	TMPDIR=$BATS_TEST_TMPDIR/tmp
	rm -rf "$TMPDIR"
	mkdir "$TMPDIR"
	export TMPDIR
}

tmpdir_is_empty() {
	run ls -A "$TMPDIR"
	assert_output ""
}

@test "Check: tcases are runnable tests, functions their subtests, every result" {
	need_fixture_bin check_basic
	check_tmpdir
	wrap build/fixtures/check_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
inprogress Core Suite/Basic
inprogress Core Suite/Basic (t_pass)
success Core Suite/Basic (t_pass)
inprogress Core Suite/Basic (t_fail)
file Core Suite/Basic (t_fail) reason "Assertion 'x == 2' failed"
fail Core Suite/Basic (t_fail)
inprogress Core Suite/Basic (t_loop)
success Core Suite/Basic (t_loop)
inprogress Core Suite/Basic (t_loop #2)
file Core Suite/Basic (t_loop #2) reason "loop failed at 1"
fail Core Suite/Basic (t_loop #2)
inprogress Core Suite/Basic (t_loop #3)
success Core Suite/Basic (t_loop #3)
inprogress Core Suite/Basic (t_pass #2)
success Core Suite/Basic (t_pass #2)
file Core Suite/Basic reason "2 of 6 tests failed"
fail Core Suite/Basic
inprogress Core Suite/Crashy
inprogress Core Suite/Crashy (t_segv)
file Core Suite/Crashy (t_segv) reason "Received signal 11 (Segmentation fault)"
fail Core Suite/Crashy (t_segv)
inprogress Core Suite/Crashy (t_exit)
file Core Suite/Crashy (t_exit) reason "Early exit with return value 3"
fail Core Suite/Crashy (t_exit)
file Core Suite/Crashy reason "2 of 2 tests failed"
fail Core Suite/Crashy
inprogress Other/More
inprogress Other/More (t_other)
success Other/More (t_other)
inprogress Other/More (t_colon)
file Other/More (t_colon) reason "a message: with colons: here"
fail Other/More (t_colon)
file Other/More reason "1 of 2 tests failed"
fail Other/More
EOF
	tmpdir_is_empty
	# Every byte is in the stream (t_pass runs twice).
	run stream_bytes stdout
	[ "$(grep -c 'stdout chatter in t_pass' <<<"$output")" -eq 2 ] ||
		fail "two t_pass outputs expected: $output"
	run stream_bytes stderr
	[ "$(grep -c 'stderr chatter in t_pass' <<<"$output")" -eq 2 ] ||
		fail "two t_pass outputs expected: $output"
}

@test "Check --list: the program is run with its output discarded, and stderr says so" {
	need_fixture_bin check_basic check_fixture
	check_tmpdir
	wrap --list build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R exists Core Suite/Basic
R exists Core Suite/Crashy
R exists Other/More
EOF
	run cat "$ERR"
	assert_output "subunit-wrap: build/fixtures/check_basic cannot list its tests without running them: ran it with its output discarded"
	# --each -j 2: prefixed, in operand order; --load-list filters.
	wrap --list --each -j 2 build/fixtures/check_basic build/fixtures/check_fixture
	tests_of
	assert_success
	assert_output - <<'EOF'
exists build/fixtures/check_basic::Core Suite/Basic
exists build/fixtures/check_basic::Core Suite/Crashy
exists build/fixtures/check_basic::Other/More
exists build/fixtures/check_fixture::Fix/Setup
exists build/fixtures/check_fixture::Fix/Stop
exists build/fixtures/check_fixture::Fix/Last
EOF
	printf '%s\n' 'build/fixtures/check_fixture::Fix/Last (t_last)' \
	    'build/fixtures/check_basic::Other/More' Fix/Stop >"$LIST"
	wrap --list --load-list "$LIST" --each build/fixtures/check_basic \
	    build/fixtures/check_fixture
	tests_of
	assert_success
	assert_output - <<'EOF'
exists build/fixtures/check_basic::Other/More
exists build/fixtures/check_fixture::Fix/Last
EOF
	tmpdir_is_empty
}

@test "Check --list: CK_FORK=no is listed in fork mode (a crash does not stop it); a listing past --timeout fails: nothing written, exit 4" {
	need_fixture_bin check_basic check_fixture
	check_tmpdir
	CK_FORK=no wrap --list build/fixtures/check_basic
	tests_of
	assert_success
	assert_output - <<'EOF'
exists Core Suite/Basic
exists Core Suite/Crashy
exists Other/More
EOF
	# Check's own timeout (4 s) is longer than --timeout 1: the listing
	# run is stopped, so it fails.
	CHECK_FIXTURE_HANG=1 wrap_fails 4 --list --timeout 1 \
	    build/fixtures/check_fixture
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	run cat "$ERR"
	assert_line "subunit-wrap: build/fixtures/check_fixture: listing its tests failed (timed out after 1 s)"
	tmpdir_is_empty
}

@test "Check --load-list: exactly the selected tcases, one run each, nothing listed first" {
	need_fixture_bin check_basic
	check_tmpdir
	printf '%s\n' 'Other/More (t_colon)' 'Core Suite/Crashy' Nope/Nothing \
	    'Other/More (t_other)' build/fixtures/check_basic NoSlash >"$LIST"
	wrap --load-list "$LIST" build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_output - <<'EOF'
R inprogress Other/More
- inprogress Other/More (t_other)
- success Other/More (t_other)
- inprogress Other/More (t_colon)
file Other/More (t_colon) reason "a message: with colons: here"
- fail Other/More (t_colon)
file Other/More reason "1 of 2 tests failed"
R fail Other/More
R inprogress Core Suite/Crashy
- inprogress Core Suite/Crashy (t_segv)
file Core Suite/Crashy (t_segv) reason "Received signal 11 (Segmentation fault)"
- fail Core Suite/Crashy (t_segv)
- inprogress Core Suite/Crashy (t_exit)
file Core Suite/Crashy (t_exit) reason "Early exit with return value 3"
- fail Core Suite/Crashy (t_exit)
file Core Suite/Crashy reason "2 of 2 tests failed"
R fail Core Suite/Crashy
- inprogress build/fixtures/check_basic
- success build/fixtures/check_basic
EOF
	# The program's own entry, named in the file (testr passes back a
	# failed one), rode along and did not fail: reported passing.
	# Three runs (Nope/Nothing ran nothing), no listing run.
	run stream_bytes stdout
	[ "$(grep -o 'Running suite(s):' <<<"$output" | wc -l)" -eq 3 ] ||
		fail "three runs expected: $output"
	refute_output --partial "t_pass"
	tmpdir_is_empty
	# --each: only this program's ids.
	printf '%s\n' 'build/fixtures/check_basic::Other/More (t_other)' \
	    Other/More 'x::Core Suite/Basic' >"$LIST"
	wrap --load-list "$LIST" --each build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress build/fixtures/check_basic::Other/More"
	assert_line "R fail build/fixtures/check_basic::Other/More"
	refute_line --partial "Core Suite"
}

@test "Check with CK_FORK=no: listed first, then one tcase a run, so a crash fails exactly its tcase" {
	need_fixture_bin check_basic
	check_tmpdir
	CK_FORK=no wrap build/fixtures/check_basic
	tests_of --runnable
	assert_success
	# Check announces no tcase start, so a run of several tcases would
	# blame a crash in Core Suite/Crashy's first test, t_segv, on the
	# open Core Suite/Basic.  So the program is listed first (fork mode,
	# output discarded), then run one tcase a run: Core Suite/Basic gets
	# only its own results; Core Suite/Crashy dies alone before any result
	# (blamed as the first to run); Other/More gets its real results.
	assert_output - <<'EOF2'
R inprogress Core Suite/Basic
- inprogress Core Suite/Basic (t_pass)
- success Core Suite/Basic (t_pass)
- inprogress Core Suite/Basic (t_fail)
file Core Suite/Basic (t_fail) reason "Assertion 'x == 2' failed"
- fail Core Suite/Basic (t_fail)
- inprogress Core Suite/Basic (t_loop)
- success Core Suite/Basic (t_loop)
- inprogress Core Suite/Basic (t_loop #2)
file Core Suite/Basic (t_loop #2) reason "loop failed at 1"
- fail Core Suite/Basic (t_loop #2)
- inprogress Core Suite/Basic (t_loop #3)
- success Core Suite/Basic (t_loop #3)
- inprogress Core Suite/Basic (t_pass #2)
- success Core Suite/Basic (t_pass #2)
file Core Suite/Basic reason "2 of 6 tests failed"
R fail Core Suite/Basic
R inprogress Core Suite/Crashy
file Core Suite/Crashy reason "no result: the program ended (killed by signal SIGSEGV) before it reported one; this test was the first to run, so the failure is taken as its own"
R fail Core Suite/Crashy
R inprogress Other/More
- inprogress Other/More (t_other)
- success Other/More (t_other)
- inprogress Other/More (t_colon)
file Other/More (t_colon) reason "a message: with colons: here"
- fail Other/More (t_colon)
file Other/More reason "1 of 2 tests failed"
R fail Other/More
- inprogress build/fixtures/check_basic
file build/fixtures/check_basic reason "run 2: the program ended before Check's summary: killed by signal SIGSEGV"
- fail build/fixtures/check_basic
EOF2
	run cat "$ERR"
	assert_output "subunit-wrap: build/fixtures/check_basic cannot list its tests without running them: ran it with its output discarded"
	# Three test runs in the stream; the listing's output is not in it.
	run stream_bytes stdout
	[ "$(grep -o 'Running suite(s):' <<<"$output" | wc -l)" -eq 3 ] ||
		fail "three runs expected: $output"
	tmpdir_is_empty
	# --each: the same plan, the ids prefixed.
	CK_FORK=no wrap --each build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress build/fixtures/check_basic::Core Suite/Basic"
	assert_line "R fail build/fixtures/check_basic::Core Suite/Crashy"
	assert_line "R fail build/fixtures/check_basic::Other/More"
	reason_matches "build/fixtures/check_basic::Core Suite/Basic" '^2 of 6 tests failed$'
	# In fork mode (the default) the crash is caught: no listing.
	wrap build/fixtures/check_basic
	run cat "$ERR"
	assert_output ""
	# Any other CK_FORK value is fork mode for Check: no listing either.
	CK_FORK=yes wrap build/fixtures/check_basic
	run cat "$ERR"
	assert_output ""
}

@test "Check: a tcase whose unchecked set-up failed fails, its set-up a subtest; it is listed and selectable" {
	need_fixture_bin check_fixture
	check_tmpdir
	CHECK_FIXTURE_SETUP_FAIL=1 wrap build/fixtures/check_fixture
	tests_of --runnable
	assert_success
	# Check prints the failure after its summary, once the other tcases
	# have run; it never names the tests the set-up prevented.  Fix/Setup
	# comes before, between or after the others, as the wrapper reads
	# the XML log and stdout, but always in one piece.
	local setup
	setup=$(cat <<'EOF2'
R inprogress Fix/Setup
- inprogress Fix/Setup (unchecked set-up)
file Fix/Setup (unchecked set-up) reason "set-up refused"
- fail Fix/Setup (unchecked set-up)
file Fix/Setup reason "its unchecked set-up failed (set-up refused): its tests did not run"
R fail Fix/Setup
EOF2
)
	[[ $output == *"$setup"* ]] || fail "no Fix/Setup block: $output"
	run grep -v 'Fix/Setup' <<<"$output"
	assert_output - <<'EOF2'
R inprogress Fix/Stop
- inprogress Fix/Stop (t_first)
- success Fix/Stop (t_first)
- inprogress Fix/Stop (t_stop)
- success Fix/Stop (t_stop)
R success Fix/Stop
R inprogress Fix/Last
- inprogress Fix/Last (t_last)
- success Fix/Last (t_last)
R success Fix/Last
EOF2
	run "$PYTHON" "$EVENTS" --file "Fix/Setup (unchecked set-up)" stdout "$OUT"
	assert_output "tests/fixtures/check_fixture.c:33:S:Setup:unchecked_setup:0: set-up refused"
	# Listed (a runnable test that fails), and selectable alone.
	CHECK_FIXTURE_SETUP_FAIL=1 wrap --list build/fixtures/check_fixture
	tests_of
	assert_success
	run sort <<<"$output"
	assert_output - <<'EOF2'
exists Fix/Last
exists Fix/Setup
exists Fix/Stop
EOF2
	printf '%s\n' 'Fix/Setup (t_one)' >"$LIST"
	CHECK_FIXTURE_SETUP_FAIL=1 wrap --load-list "$LIST" build/fixtures/check_fixture
	tests_of --runnable
	assert_success
	assert_output "$setup"
	# CK_FORK=no: listed first, one tcase a run, Fix/Setup run once.
	CK_FORK=no CHECK_FIXTURE_SETUP_FAIL=1 wrap build/fixtures/check_fixture
	tests_of --runnable
	assert_success
	assert_line "R success Fix/Stop"
	assert_line "R success Fix/Last"
	assert_line "R fail Fix/Setup"
	[ "$(grep -c '^R inprogress Fix/Setup$' <<<"$output")" -eq 1 ] ||
		fail "Fix/Setup once expected: $output"
	tmpdir_is_empty
}

@test "Check --load-list with CK_FORK=no: a crash costs one tcase" {
	need_fixture_bin check_basic
	check_tmpdir
	printf '%s\n' 'Core Suite/Crashy (t_segv)' Other/More >"$LIST"
	CK_FORK=no wrap --load-list "$LIST" build/fixtures/check_basic
	tests_of --runnable
	assert_success
	assert_line --index 0 "R inprogress Core Suite/Crashy"
	assert_line "R fail Core Suite/Crashy"
	assert_line "R fail Other/More"
	assert_line "- success Other/More (t_other)"
	assert_line "- fail build/fixtures/check_basic"
	reason_matches "Core Suite/Crashy" 'killed by signal SIGSEGV'
	tmpdir_is_empty
}

@test "Check: a hang past --timeout (CK_FORK=no) fails its tcase; SIGTERM leaves no FIFO behind" {
	need_fixture_bin check_fixture
	check_tmpdir
	CK_FORK=no CHECK_FIXTURE_HANG=1 wrap --timeout 1 build/fixtures/check_fixture
	tests_of --runnable
	assert_success
	assert_line "- success Fix/Stop (t_first)"
	assert_line "R fail Fix/Stop"
	reason_matches Fix/Stop '^timed out after 1 s$'
	# The listing before it (fork mode) hangs past --timeout too (Check's
	# own timeout is 4 s): the program is run whole instead, so Fix/Last,
	# after the hang, is not run, and stderr says so.
	refute_line --partial "Fix/Last"
	run cat "$ERR"
	assert_line "subunit-wrap: build/fixtures/check_fixture cannot list its tests without running them: ran it with its output discarded"
	assert_line "subunit-wrap: build/fixtures/check_fixture: listing its tests failed (timed out after 1 s); running it whole instead: the tests it does not reach are not run"
	tmpdir_is_empty
	# Stopped by a signal while the FIFO is in use: still removed.  A
	# test run (--load-list: no listing first): the open tcase fails.
	printf '%s\n' Fix/Stop >"$LIST"
	CK_FORK=no CHECK_FIXTURE_HANG=1 "$WRAP" --load-list "$LIST" \
	    build/fixtures/check_fixture >"$OUT" 2>"$ERR" </dev/null &
	local pid=$! i
	for i in $(seq 50); do
		[ -n "$(ls -A "$TMPDIR")" ] && break
		sleep 0.1
	done
	run stat -c %a "$TMPDIR"/subunit-wrap.*
	assert_output 700
	run stat -c %a%F "$TMPDIR"/subunit-wrap.*/results
	assert_output "600fifo"
	sleep 0.5
	kill -TERM "$pid"
	wrap_status=0
	wait "$pid" || wrap_status=$?
	[ "$wrap_status" -eq 143 ] || fail "exit $wrap_status"
	tests_of --runnable
	assert_success
	assert_line "R fail Fix/Stop"
	tmpdir_is_empty
	# The listing that comes first without --load-list (its hang lasts
	# Check's 4 s): stopped, nothing reported, no FIFO left either.
	CK_FORK=no CHECK_FIXTURE_HANG=1 "$WRAP" build/fixtures/check_fixture \
	    >"$OUT" 2>"$ERR" </dev/null &
	pid=$!
	for i in $(seq 50); do
		[ -n "$(ls -A "$TMPDIR")" ] && break
		sleep 0.1
	done
	sleep 0.5
	kill -TERM "$pid"
	wrap_status=0
	wait "$pid" || wrap_status=$?
	[ "$wrap_status" -eq 143 ] || fail "exit $wrap_status"
	[ ! -s "$OUT" ] || fail "stdout is not empty"
	tmpdir_is_empty
}

#!/usr/bin/env bats
# subunit-wrap and subunit-view under valgrind (memcheck): no invalid
# access, no use of uninitialised memory, no leak (definite, indirect or
# possible) in a handful of runs that take each code path the soak
# (make soak, tests/soak/run.sh) repeats at length: pipe mode, preload
# mode, a framework restarted after a crash, Check's result FIFO, --each
# -j, --list/--load-list, --timeout, and the error exits (a full disk,
# the consumer going away).  Only the wrapper runs under valgrind
# (--trace-children=no): the programs run as they are.  Each test takes
# a few seconds.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
	VIEW=${SUBUNIT_VIEW:-$ROOT/wrap/subunit-view}
	export VIEW
}

setup() {
	wrap_setup
	command -v valgrind >/dev/null || fail "valgrind is not installed (make deps)"
	if ldd "$WRAP" | grep -q libasan; then
		skip "an AddressSanitizer build does not run under valgrind"
	fi
	VG=(valgrind -q --leak-check=full
	    --errors-for-leak-kinds=definite,indirect,possible
	    --error-exitcode=99 --trace-children=no
	    --log-file="$BATS_TEST_TMPDIR/vg.%p")
}

# vg_clean: valgrind reported nothing (its log files are empty).
vg_clean() {
	local f
	for f in "$BATS_TEST_TMPDIR"/vg.*; do
		[ -e "$f" ] || continue
		[ ! -s "$f" ] || fail "valgrind: $(cat "$f")"
	done
}

# vg_wrap ARGS...: the wrapper under valgrind, stream in $OUT; exit 0.
vg_wrap() {
	"${VG[@]}" "$WRAP" "$@" >"$OUT" 2>"$ERR" </dev/null ||
		fail "subunit-wrap $* under valgrind: exit $?: $(cat "$ERR")"
	vg_clean
	events --summary
	assert_success
}

@test "valgrind: pipe mode and preload mode on a crashing program" {
	need_fixture_bin c_crash
	vg_wrap --no-preload build/fixtures/c_crash
	assert_output "success=1 fail=1 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	vg_wrap build/fixtures/c_crash
	assert_output "success=2 fail=1 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
}

@test "valgrind: googletest restarted after a crash, Check's result FIFO, --each -j 2" {
	need_fixture_bin gtest_segv check_basic glib_basic cmocka_basic
	vg_wrap build/fixtures/gtest_segv
	vg_wrap build/fixtures/check_basic
	vg_wrap --each -j 2 build/fixtures/glib_basic build/fixtures/cmocka_basic \
	    tests/fixtures/tap_pass.sh tests/fixtures/tap_yaml.sh
}

@test "valgrind: --list, --load-list, --timeout, a pattern file, a nested wrapper" {
	need_fixture_bin gtest_basic
	"${VG[@]}" "$WRAP" --list build/fixtures/gtest_basic >"$OUT" 2>"$ERR" ||
		fail "--list: exit $?: $(cat "$ERR")"
	vg_clean
	grep -a -o 'Basic\.[A-Za-z]*' "$OUT" | head -2 >"$BATS_TEST_TMPDIR/list"
	vg_wrap --load-list "$BATS_TEST_TMPDIR/list" build/fixtures/gtest_basic
	vg_wrap --timeout 1 tests/fixtures/tap_hang.sh
	vg_wrap --pattern tests/fixtures/gotest.pattern tests/fixtures/gotest.sh
	vg_wrap "$WRAP" --no-preload tests/fixtures/tap_pass.sh
}

@test "valgrind: the error exits (a full disk, the consumer gone, a usage error, a missing program)" {
	run -3 bash -c '"$@" >/dev/full' _ "${VG[@]}" "$WRAP" \
	    tests/fixtures/tap_flood.sh 2000
	vg_clean
	run bash -c '"$@" 2>/dev/null | head -c 100 >/dev/null
	    echo "${PIPESTATUS[0]}"' _ "${VG[@]}" "$WRAP" \
	    tests/fixtures/tap_flood.sh 20000
	assert_output 141
	vg_clean
	run -2 "${VG[@]}" "$WRAP" --bogus
	vg_clean
	run -127 "${VG[@]}" "$WRAP" tests/fixtures/no-such-program
	vg_clean
}

@test "valgrind: subunit-view on the streams of a crash, a framework and a flood" {
	[ -x "$VIEW" ] || fail "$VIEW is not built"
	need_fixture_bin c_crash gtest_segv
	local s=$BATS_TEST_TMPDIR
	"$WRAP" build/fixtures/c_crash >"$s/crash.v2"
	"$WRAP" build/fixtures/gtest_segv >"$s/gtest.v2"
	"$WRAP" tests/fixtures/tap_flood.sh 5000 >"$s/flood.v2"
	printf 'not a stream \xb3\x29\x00 at all\n' >>"$s/flood.v2"
	local f
	for f in crash gtest flood; do
		run "${VG[@]}" "$VIEW" <"$s/$f.v2"
		[ "$status" -le 1 ] || fail "subunit-view < $f.v2: exit $status"
		vg_clean
		run "${VG[@]}" "$VIEW" --stats --junit "$s/$f.xml" <"$s/$f.v2"
		[ "$status" -le 1 ] || fail "subunit-view --stats < $f.v2: exit $status"
		vg_clean
	done
}

#!/usr/bin/env bats
# subunit-wrap in preload mode, the default for dynamically linked programs
# (the shim, preload/subunit-wrap-preload.so, sends what the program writes
# to fds 1 and 2 over a side channel, in program order), against pipe mode
# (--no-preload).
#
# The shim_* fixtures write numbered markers, "MARK n", odd ones on stdout
# and even ones on stderr, in increasing program order, through every
# output path there is (C stdio, iostreams, write/writev/dprintf, err/warn,
# children by fork/vfork/exec/posix_spawn/system/popen, threads, programs
# that close or dup2 every fd, capture their own output, are built with
# ASan; bash, dash, perl and python scripts).  Each runs with --pattern
# exitcode: one runnable test, every byte chatter.  markers.py reads the
# stream's packets (events.py --packets) and checks that every marker is
# there exactly once, on its stream; in preload mode also that they arrived
# in program order, stdout and stderr merged.  In pipe mode the order is
# not checked (a C program's buffered stdout arrives late).
#
# Last, every framework and TAP fixture of wrap_frameworks.bats and
# wrap_tap.bats must give the same tests, statuses and reasons in both
# modes, but for a few reviewed improvements of preload mode.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
	MARKERS=$BATS_TEST_DIRNAME/markers.py
	export MARKERS
}

setup() {
	wrap_setup
	MODE=preload
}

# in_mode MODE ARGS...: run the wrapper with --pattern exitcode, in preload
# mode (the default) or pipe mode (--no-preload).
in_mode() {
	MODE=$1
	shift
	if [ "$MODE" = pipe ]; then
		wrap --no-preload --pattern exitcode "$@"
	else
		wrap --pattern exitcode "$@"
	fi
}

# status_is STATUS ID: the stream holds one test, ID, ending with STATUS
# (chatter, reason and crash report aside), and is valid.
status_is() {
	run "$PYTHON" "$EVENTS" --check --hide stdout --hide stderr \
	    --hide reason --hide crash "$OUT"
	[ "$status" -eq 0 ] && [ "$output" = "inprogress $2
$1 $2" ] || fail "$MODE mode: expected \"$1 $2\"; the stream:
$output
its reason: $("$PYTHON" "$EVENTS" --file "$2" reason "$OUT")
the end of its stderr: $(stream_bytes stderr | tail -c 500)"
}

# big_lines: shim_paths's 100000-byte MARK 45 and 46 lines arrived whole.
big_lines() {
	local n
	n=$(stream_bytes stdout | awk '/^MARK 45 z/ { print length($0) }')
	[ "$n" = 99999 ] ||
		fail "$MODE mode: MARK 45's line is '$n' bytes long, not 99999"
	n=$(stream_bytes stderr | awk '/^MARK 46 y/ { print length($0) }')
	[ "$n" = 99999 ] ||
		fail "$MODE mode: MARK 46's line is '$n' bytes long, not 99999"
}

# markers [markers.py OPTIONS] FIRST-LAST: check the markers in the stream.
markers() {
	local packets=$BATS_TEST_TMPDIR/packets
	"$PYTHON" "$EVENTS" --packets "$OUT" >"$packets" ||
		fail "events.py --packets could not read the stream"
	run "$PYTHON" "$MARKERS" "$@" <"$packets"
	[ "$status" -eq 0 ] || fail "$MODE mode, markers $*:
$output"
}

# both_modes STATUS RANGE [PIPE-MODE OPTION...] -- PROGRAM [ARG...]: in
# preload mode the program's test ends with STATUS and its markers are
# all there once, in order, on their streams; in pipe mode the same but
# the order (PIPE-MODE OPTIONs are extra markers.py options, --optional N
# for bytes pipe mode loses).
both_modes() {
	local st=$1 range=$2 pipe_opts=()
	shift 2
	while [ "$1" != -- ]; do
		pipe_opts+=("$1")
		shift
	done
	shift
	in_mode preload "$@"
	status_is "$st" "${1#./}"
	markers --order --alternate "$range"
	in_mode pipe "$@"
	status_is "$st" "${1#./}"
	markers --alternate "${pipe_opts[@]}" "$range"
}

# ---- is preload mode on? ---------------------------------------------------

@test "preload mode by default: the program gets the shim and the side channel; --no-preload: neither" {
	local script=$BATS_TEST_TMPDIR/env.sh
	printf '%s\n' '#!/bin/sh' \
	    'echo "LD_PRELOAD=${LD_PRELOAD-unset}"' \
	    'echo "SUBUNIT_WRAP_FD=${SUBUNIT_WRAP_FD-unset}"' >"$script"
	chmod +x "$script"
	in_mode preload "$script"
	run stream_bytes stdout
	assert_line --regexp '^LD_PRELOAD=(.*:)?/.*/subunit-wrap-preload\.so(:.*)?$'
	assert_line --regexp '^SUBUNIT_WRAP_FD=[0-9]+$'
	in_mode pipe "$script"
	run stream_bytes stdout
	assert_output "LD_PRELOAD=unset
SUBUNIT_WRAP_FD=unset"
}

# ---- C -----------------------------------------------------------------------

@test "the shim alone, its channel a socket: short and long writes arrive whole, in order, as a v2 stream" {
	# A socketpair's end as SUBUNIT_WRAP_FD (the shim sends with
	# send(MSG_NOSIGNAL) there); a python program writes a short line, a
	# 10,000-byte one (three packets) and a short one with os.write.
	run "$PYTHON" - "$ROOT/preload/subunit-wrap-preload.so" \
	    "$BATS_TEST_TMPDIR/out.v2" <<'PY'
import os, socket, subprocess, sys
mine, theirs = socket.socketpair()
fd = theirs.fileno()
env = dict(os.environ, LD_PRELOAD=sys.argv[1], SUBUNIT_WRAP_FD="%07d" % fd)
prog = ('import os; os.write(1, b"first\\n"); '
        'os.write(1, b"x" * 10000 + b"\\n"); os.write(1, b"last\\n")')
p = subprocess.Popen([sys.executable, "-c", prog], env=env, pass_fds=[fd],
                     stdout=subprocess.DEVNULL)
theirs.close()
data = b""
while True:
    chunk = mine.recv(65536)
    if not chunk:
        break
    data += chunk
if p.wait() != 0:
    sys.exit("the program failed")
open(sys.argv[2], "wb").write(data)
PY
	assert_success
	# Well-formed packets only (a raw channel need not name mime types).
	run "$PYTHON" "$EVENTS" --check --hide stdout "$BATS_TEST_TMPDIR/out.v2"
	refute_line --regexp '^ERROR: (parser error|[0-9]+ bytes outside packets)'
	assert_line --partial 'subunit-wrap.hello'
	run "$PYTHON" "$EVENTS" --bytes stdout "$BATS_TEST_TMPDIR/out.v2"
	assert_output "first
$(printf 'x%.0s' $(seq 10000))
last"
}

@test "shim_paths: every C output path, in program order (stdout fully buffered)" {
	need_fixture_bin shim_paths
	both_modes success 1-47 -- build/fixtures/shim_paths
	big_lines
	in_mode preload build/fixtures/shim_paths
	big_lines
}

@test "shim_paths linebuf / unbuf: stdout line-buffered or unbuffered by setvbuf" {
	need_fixture_bin shim_paths
	both_modes success 1-47 -- build/fixtures/shim_paths linebuf
	both_modes success 1-47 -- build/fixtures/shim_paths unbuf
}

@test "shim_paths_O0 (-O0 -fno-builtin) and shim_paths_O2F (-O2 -D_FORTIFY_SOURCE=2): the calls the compiler really makes" {
	need_fixture_bin shim_paths_O0 shim_paths_O2F
	both_modes success 1-47 -- build/fixtures/shim_paths_O0
	both_modes success 1-47 -- build/fixtures/shim_paths_O2F
}

@test "shim_paths assert: the assert message and the stdout left in the buffer, in order; the test fails" {
	need_fixture_bin shim_paths shim_paths_O0 shim_paths_O2F
	local p
	for p in shim_paths shim_paths_O0 shim_paths_O2F; do
		# Pipe mode loses MARK 47 (stdout's buffer at the abort).
		both_modes fail 1-48 --optional 47 -- build/fixtures/$p assert
		reason_matches build/fixtures/$p 'SIGABRT'
		in_mode preload build/fixtures/$p assert
		run "$PYTHON" "$EVENTS" --file build/fixtures/$p crash "$OUT"
		assert_line --index 0 --regexp '^SIGABRT: '
		assert_output --partial 'MARK 48'
	done
}

@test "shim_paths_cxx: iostreams synced with stdio (cout, cerr, clog, endl, printf mixes)" {
	need_fixture_bin shim_paths_cxx
	both_modes success 1-19 -- build/fixtures/shim_paths_cxx
}

@test "shim_paths_cxx unsynced: iostreams after sync_with_stdio(false)" {
	need_fixture_bin shim_paths_cxx
	both_modes success 1-9 -- build/fixtures/shim_paths_cxx unsynced
}

@test "shim_paths_cxx throw: an uncaught exception's message after the buffered cout; the test fails" {
	need_fixture_bin shim_paths_cxx
	# Pipe mode loses MARK 3 (stdout's buffer at the abort).
	both_modes fail 1-4 --optional 3 -- build/fixtures/shim_paths_cxx throw
}

@test "shim_threads: 4 threads x 1000 lines at once: each line once and whole, each thread's in order" {
	need_fixture_bin shim_threads
	local whole='MARK [1-4]\.[0-9]+ x{10,59} end'
	in_mode preload build/fixtures/shim_threads
	status_is success build/fixtures/shim_threads
	markers --groups 4 --order --alternate --lines "$whole" 1-1000
	in_mode pipe build/fixtures/shim_threads
	status_is success build/fixtures/shim_threads
	markers --groups 4 --alternate --lines "$whole" 1-1000
}

@test "shim_threads fork: 100 forks while the threads write: no child hangs on a lock, every line once" {
	need_fixture_bin shim_threads
	local whole='MARK [1-4]\.[0-9]+ x{10,59} end' mode
	for mode in preload pipe; do
		in_mode $mode --timeout 20 build/fixtures/shim_threads fork
		status_is success build/fixtures/shim_threads
		markers --groups 4 --alternate --lines "$whole" \
		    $([ $mode = preload ] && echo --order) 1-1000
		run stream_bytes stderr
		[ "$(grep -cx 'child [0-9]* end' <<<"$output")" -eq 100 ] &&
		    [ "$(grep -x 'child [0-9]* end' <<<"$output" | sort -u |
		    wc -l)" -eq 100 ] ||
			fail "$mode mode: not 100 distinct whole child lines: $(grep child <<<"$output" | head -20)"
	done
}

@test "shim_fork: fork, exec, vfork, popen, a grandchild, _exit: every process's markers, in order" {
	need_fixture_bin shim_fork
	both_modes success 1-17 -- build/fixtures/shim_fork
}

@test "shim_fork scrubbed: children exec'd without the shim or its side channel still arrive, once" {
	need_fixture_bin shim_fork
	local mode
	for mode in preload pipe; do
		in_mode $mode build/fixtures/shim_fork scrubbed
		status_is success build/fixtures/shim_fork
		markers --alternate 1-7
	done
}

@test "shim_closefds: close loop, closefrom, close_range, dup2 over fds 3..10 and 837..840: nothing lost, the program's file untouched" {
	need_fixture_bin shim_closefds
	both_modes success 1-17 -- build/fixtures/shim_closefds
}

@test "shim_dup: output captured by the program itself (dup2 over fd 1 and 2, freopen) is not the test's; /dev/stdout, /dev/stderr, dups and streams on them are, in order" {
	need_fixture_bin shim_dup
	both_modes success 1-16 -- build/fixtures/shim_dup
}

@test "shim_asan: an ASan-built program runs in preload mode, in order" {
	need_fixture_bin shim_asan
	both_modes success 1-6 -- build/fixtures/shim_asan
	run stream_bytes stderr
	refute_output --partial "AddressSanitizer"
}

@test "shim_asan overflow: ASan's report reaches the stream (stderr) and the test fails" {
	need_fixture_bin shim_asan
	local mode
	for mode in preload pipe; do
		in_mode $mode build/fixtures/shim_asan overflow
		status_is fail build/fixtures/shim_asan
		markers --alternate $([ $mode = preload ] && echo --order) 1-6
		run "$PYTHON" "$EVENTS" --file build/fixtures/shim_asan stderr "$OUT"
		assert_output --partial "ERROR: AddressSanitizer: heap-buffer-overflow"
		assert_output --partial "SUMMARY: AddressSanitizer: heap-buffer-overflow"
	done
}

# ---- scripts ---------------------------------------------------------------

@test "bash: builtins, redirections, external commands, subshells, here-docs, pipelines, /dev/stdout, exec >&2" {
	both_modes success 1-22 -- tests/fixtures/shim_order.bash
}

@test "dash: builtins that write(2) directly, external commands, redirections, /dev/stderr, exec >&2" {
	both_modes success 1-18 -- tests/fixtures/shim_order.sh
}

@test "perl Test::More: its own dup'd handles, print, syswrite, warn, system, a pipe to a child" {
	both_modes success 1-15 -- tests/fixtures/shim_order.pl
}

@test "python3: print, sys.stdout/stderr, os.write, subprocess (close_fds), os.system" {
	both_modes success 1-13 -- tests/fixtures/shim_order.py
}

# ---- the same results in both modes -----------------------------------------

# One case a line: [VAR=VALUE...] [subunit-wrap OPTION...] PROGRAM [ARG...],
# every framework fixture program and TAP script that wrap_frameworks.bats
# and wrap_tap.bats run, with the variables and arguments they are run
# with.  Hangs only with --timeout 1 (once), tap_hang.sh not at all;
# glib_random's ids hold a random seed.
same_results_cases() {
	local f
	for f in build/fixtures/gtest_* build/fixtures/glib_* \
	    build/fixtures/check_* build/fixtures/cmocka_* \
	    build/fixtures/cunit_* build/fixtures/fake_* build/fixtures/c_*; do
		[ "$f" = build/fixtures/glib_random ] || echo "$f"
	done
	cat <<'EOF'
SW_FIXTURE_ENV_SKIP=1 build/fixtures/gtest_env
SW_FIXTURE_ENV_FATAL=1 build/fixtures/gtest_env
SW_FIXTURE_SETUP_CRASH=1 build/fixtures/gtest_suite_setup
SW_FIXTURE_HANG=1 --timeout 1 build/fixtures/gtest_hang
CK_FORK=no build/fixtures/check_basic
CHECK_FIXTURE_SETUP_FAIL=1 build/fixtures/check_fixture
CK_FORK=no CHECK_FIXTURE_SETUP_FAIL=1 build/fixtures/check_fixture
CHECK_FIXTURE_EXIT=3 build/fixtures/check_fixture
SW_FIXTURE_STOP=exit build/fixtures/cmocka_stop
SW_FIXTURE_STOP=abort build/fixtures/cmocka_stop
SW_FIXTURE_MODE=normal build/fixtures/cunit_basic
SW_FIXTURE_MODE=silent build/fixtures/cunit_basic
SW_FIXTURE_STOP=segv build/fixtures/cunit_stop
SW_FIXTURE_STOP=exit build/fixtures/cunit_stop
--list build/fixtures/gtest_basic
--list build/fixtures/glib_basic
--list build/fixtures/check_basic
--pattern exitcode build/fixtures/gtest_basic
--each -j 2 build/fixtures/gtest_segv build/fixtures/glib_segv tests/fixtures/tap_pass.sh
--pattern gtest tests/fixtures/exit_with.sh 3
--pattern tests/fixtures/gotest.pattern tests/fixtures/gotest.sh
--pattern tests/fixtures/gotest.pattern tests/fixtures/gotest.sh panic
tests/fixtures/exit_with.sh 0
tests/fixtures/exit_with.sh 77
tests/fixtures/exit_with.sh 3
tests/fixtures/exit_signal.sh SEGV
tests/fixtures/tap_exit.sh 3
tests/fixtures/bigline.sh 100000
tests/fixtures/args.sh --x y
EOF
	for f in tests/fixtures/*.sh tests/fixtures/*.pl tests/fixtures/*.py \
	    tests/fixtures/*.bash; do
		case ${f##*/} in
		tap_hang.sh | not_executable.sh | bigline.sh | exit_with.sh | \
		    exit_signal.sh | gotest.sh | args.sh) ;;
		*) echo "$f" ;;
		esac
	done
}

# same_results_run MODE CASE FILE: run CASE in MODE; FILE.out gets the
# stream, FILE.err the wrapper's stderr, FILE.st its exit status.
same_results_run() {
	local mode=$1 env=() args=() w st=0
	for w in $2; do
		if [ ${#args[@]} -eq 0 ] && [[ $w =~ ^[A-Z_]+= ]]; then
			env+=("$w")
		else
			args+=("$w")
		fi
	done
	[ "$mode" = pipe ] && args=(--no-preload "${args[@]}")
	env ${env[@]+"${env[@]}"} "$WRAP" "${args[@]}" >"$3.out" 2>"$3.err" \
	    </dev/null || st=$?
	echo "$st" >"$3.st"
}

# same_results_list FILE...: FILE.txt gets the wrapper's exit status, the
# tests, statuses and reasons of FILE.out (not the chatter, nor the crash
# report of preload mode), and the wrapper's stderr, sorted: the order of
# tests from parallel runs, or told apart by chatter on two pipes, may
# differ.  One python for all (it starts slowly).
same_results_list() {
	local f
	"$PYTHON" - "${EVENTS%/*}" "$@" <<'EOF' || fail "events.py failed"
import contextlib, io, os, sys
sys.path.insert(0, sys.argv.pop(1))
import events
for f in sys.argv[1:]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        events.main(["events.py", "--check", "--runnable", "--hide",
                     "stdout", "--hide", "stderr", "--hide", "crash",
                     f + ".out"])
    with open(f + ".st") as st, open(f + ".err") as err:
        lines = ["exit " + st.read().strip()]
        lines += buf.getvalue().splitlines()
        lines += ["wrapper stderr: " + x for x in err.read().splitlines()]
    with open(f + ".raw", "w") as out:
        out.write("\n".join(lines) + "\n")
EOF
	# cmocka prints "Could not run test: Test setup failed" on stdout
	# and the test's error on stderr: which one the classifier sees
	# first decides the reason, a race in pipe mode.  Both say the same.
	for f in "$@"; do
		sed -E 's/reason "(Could not run test: Test (setup|teardown) failed|no result line \(a setup or teardown error\))"$/reason "<setup or teardown error>"/' \
		    "$f.raw" | LC_ALL=C sort >"$f.txt"
	done
}

# same_results_accepted CASE: a sed script turning the preload listing of
# CASE into what pipe mode gives, for the differences reviewed as
# improvements of preload mode.  Anything else must be the same.
same_results_accepted() {
	case $1 in
	build/fixtures/glib_basic)
		# g_test_skip("line one\nline two"): the TAP line on stdout
		# holds the first line, GLib's record on stderr both; pipe
		# mode reads the stdout pipe first (tests/patterns/
		# test_glib.c has both orders).
		echo 's|^file /basic/multiline reason "line one\\nline two"$|file /basic/multiline reason "line one"|'
		;;
	build/fixtures/c_crash)
		# "ok 2" was in stdout's buffer at the crash: lost in pipe
		# mode, sent in preload mode (checked by its own test below).
		echo '/ (2 - buffered)$/d'
		echo 's|reason "killed by signal SIGSEGV"$|reason "planned 2 tests but ran 1; killed by signal SIGSEGV"|'
		;;
	esac
}

# Pipe mode reads stdout and stderr from two pipes: when a classifier
# takes a reason from stderr chatter (cmocka), which of the two it reads
# first is a race, so one pipe-mode run may give another reason than the
# next.  Preload mode has the program's order: its result must be one
# that pipe mode gives.  A case that differs is run again in pipe mode, up
# to 5 times, until one run gives the preload result.
@test "every framework fixture gives the same results in both modes" {
	need_fixture_bin gtest_basic glib_basic check_basic cmocka_basic cunit_basic
	local cases=() files=() differ=() still=() diffs="" i round
	local d=$BATS_TEST_TMPDIR/same
	export TMPDIR=$BATS_TEST_TMPDIR
	mkdir -p "$d"
	mapfile -t cases < <(same_results_cases)
	[ "${#cases[@]}" -gt 80 ] || fail "only ${#cases[@]} cases"
	for i in "${!cases[@]}"; do
		same_results_run preload "${cases[i]}" "$d/$i.preload"
		same_results_run pipe "${cases[i]}" "$d/$i.pipe"
		files+=("$d/$i.preload" "$d/$i.pipe")
	done
	same_results_list "${files[@]}"
	for i in "${!cases[@]}"; do
		sed -e "$(same_results_accepted "${cases[i]}")" \
		    "$d/$i.preload.txt" | LC_ALL=C sort >"$d/$i.preload.cmp"
		cmp -s "$d/$i.preload.cmp" "$d/$i.pipe.txt" || differ+=("$i")
	done
	for round in 1 2 3 4 5; do
		[ ${#differ[@]} -gt 0 ] || break
		files=()
		for i in "${differ[@]}"; do
			same_results_run pipe "${cases[i]}" "$d/$i.pipe$round"
			files+=("$d/$i.pipe$round")
		done
		same_results_list "${files[@]}"
		still=()
		for i in "${differ[@]}"; do
			cmp -s "$d/$i.preload.cmp" "$d/$i.pipe$round.txt" ||
				still+=("$i")
		done
		differ=(${still[@]+"${still[@]}"})
	done
	for i in ${differ[@]+"${differ[@]}"}; do
		diffs+="=== ${cases[i]} (--- preload, +++ pipe; 6 pipe runs)"$'\n'
		diffs+=$(diff -u "$d/$i.preload.cmp" "$d/$i.pipe.txt" |
		    tail -n +3)$'\n'
	done
	[ -z "$diffs" ] || fail "$diffs"
}

@test "c_crash: the TAP line left in stdout's buffer at a crash counts in preload mode (lost in pipe mode)" {
	need_fixture_bin c_crash
	wrap build/fixtures/c_crash
	events --runnable --hide crash
	assert_success
	assert_output - <<'EOF'
R inprogress build/fixtures/c_crash
- inprogress build/fixtures/c_crash (1 - flushed)
- success build/fixtures/c_crash (1 - flushed)
- inprogress build/fixtures/c_crash (2 - buffered)
- success build/fixtures/c_crash (2 - buffered)
file build/fixtures/c_crash stderr "about to crash\n"
R fail build/fixtures/c_crash
EOF
	reason_matches build/fixtures/c_crash '^killed by signal SIGSEGV$'
	wrap --no-preload build/fixtures/c_crash
	events --runnable --hide crash
	assert_success
	refute_output --partial "(2 - buffered)"
}

@test "the side channel reaches the whole test tree but no program started with a scrubbed environment" {
	local t=$BATS_TEST_TMPDIR/fds.sh
	cat >"$t" <<'SH'
#!/bin/bash
# The channel's fd is $SUBUNIT_WRAP_FD (zero-padded): find it here, in a
# child, and in a child whose environment was emptied.
fd=$((10#$SUBUNIT_WRAP_FD))
[ -e /proc/self/fd/$fd ] && echo "script has it"
sh -c "[ -e /proc/\$\$/fd/$fd ] && echo 'child has it'"
env -i /bin/sh -c "[ -e /proc/\$\$/fd/$fd ] && echo 'scrubbed child has it'; echo scrubbed child ran"
SH
	chmod +x "$t"
	wrap --pattern exitcode "$t"
	run stream_bytes stdout
	assert_output "script has it
child has it
scrubbed child ran"
}

@test "a crash report is attached to the runnable test in preload mode, not in pipe mode" {
	need_fixture_bin c_crash
	wrap build/fixtures/c_crash
	run "$PYTHON" "$EVENTS" --file build/fixtures/c_crash crash "$OUT"
	assert_success
	assert_line --index 0 --regexp '^SIGSEGV: address not mapped to object at 0x0'
	assert_line 'backtrace:'
	assert_output --partial 'main+0x'
	wrap --no-preload build/fixtures/c_crash
	run "$PYTHON" "$EVENTS" --file build/fixtures/c_crash crash "$OUT"
	assert_output ''
}

# durations_of OUT: "ID SECONDS" for each test with a start and an end.
durations_of() {
	"$PYTHON" - "$1" <<'PY'
import sys, subunit, testtools
start = {}
class R(testtools.StreamResult):
    def status(self, test_id=None, test_status=None, timestamp=None, **kw):
        if test_status == "inprogress":
            start[test_id] = timestamp
        elif test_status in ("success", "fail") and test_id in start:
            print(test_id, "%.3f" % (timestamp - start[test_id]).total_seconds())
subunit.ByteStreamToStreamResult(open(sys.argv[1], "rb"),
                                 non_subunit_name="stdout").run(R())
PY
}

@test "preload mode stamps events with the time the program wrote them, not when a busy wrapper read them" {
	cat >"$BATS_TEST_TMPDIR/slow.sh" <<'SH'
#!/bin/bash
sleep 0.4
echo "[==========] Running 1 test from 1 test suite."
echo "[ RUN      ] Slow.Test"
sleep 0.5
echo "[       OK ] Slow.Test (500 ms)"
echo "[==========] 1 test from 1 test suite ran. (500 ms total)"
echo "[  PASSED  ] 1 test."
SH
	chmod +x "$BATS_TEST_TMPDIR/slow.sh"
	for mode in preload pipe; do
		local opt=
		[ $mode = pipe ] && opt=--no-preload
		# The wrapper is stopped while the test runs: it reads both
		# lines at once, 1.5 s after they were written.
		"$WRAP" $opt --pattern gtest "$BATS_TEST_TMPDIR/slow.sh" \
		    >"$OUT" 2>"$ERR" &
		local pid=$!
		sleep 0.2
		kill -STOP $pid
		sleep 1.5
		kill -CONT $pid
		wait $pid
		run durations_of "$OUT"
		echo "$mode: $output"
		set -- $output
		[ "$1" = Slow.Test ] || fail "$mode: $output"
		if [ $mode = preload ]; then
			awk -v d="$2" 'BEGIN { exit !(d >= 0.4 && d < 1.0) }' ||
				fail "preload mode: duration $2, not about 0.5 s"
		else
			awk -v d="$2" 'BEGIN { exit !(d < 0.1) }' ||
				fail "pipe mode: duration $2: expected about 0 (arrival times)"
		fi
	done
}

@test "static and set-id programs run in pipe mode (the loader would ignore LD_PRELOAD); others in preload mode" {
	local d=$BATS_TEST_TMPDIR
	# Buffered stdout, then stderr, then a pause: only the shim keeps
	# this order; in pipe mode stdout arrives at exit, after stderr.
	printf '#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("first\\n"); fprintf(stderr, "second\\n"); usleep(300000); return 0; }\n' >"$d/order.c"
	cc -o "$d/order" "$d/order.c"
	cc -static -o "$d/order_static" "$d/order.c"
	cp "$d/order" "$d/order_setuid"
	chmod 4755 "$d/order_setuid"
	for p in order order_static order_setuid; do
		wrap --pattern exitcode "$d/$p"
		"$PYTHON" "$EVENTS" --packets "$OUT" | cut -d' ' -f2 | tr '\n' ' ' \
		    >"$d/$p.order"
	done
	run cat "$d/order.order" "$d/order_static.order" "$d/order_setuid.order"
	assert_output "stdout stderr stderr stdout stderr stdout "
}

@test "a wrapper copied away from its shim says once that it runs in pipe mode; --no-preload, an empty SUBUNIT_WRAP_PRELOAD and static programs are quiet" {
	local d=$BATS_TEST_TMPDIR notice="no capture shim beside this command"
	mkdir "$d/bin"
	cp "$WRAP" "$d/bin/subunit-wrap"
	printf '#include <stdio.h>\nint main(void) { printf("1..1\\nok 1 - one\\n"); return 0; }\n' >"$d/one.c"
	cc -o "$d/one" "$d/one.c"
	cc -static -o "$d/one_static" "$d/one.c"
	cp "$d/one" "$d/two"
	# Two programs that would load it, one that would not: one notice.
	WRAP=$d/bin/subunit-wrap wrap --each "$d/one" "$d/one_static" "$d/two"
	[ "$(cat "$ERR")" = "subunit-wrap: $notice (../preload/ or ../lib/subunit-wrap/): pipe mode, without exact stdout/stderr order or crash reports (SUBUNIT_WRAP_PRELOAD names the shim; --no-preload is quiet)" ] ||
		fail "stderr: $(cat "$ERR")"
	run "$PYTHON" "$EVENTS" --check "$OUT"
	assert_success
	assert_line "success $d/one (1 - one)"
	assert_line "success $d/two (1 - one)"
	assert_line "success $d/one_static (1 - one)"
	for how in --no-preload static env; do
		case $how in
		--no-preload) WRAP=$d/bin/subunit-wrap wrap --no-preload "$d/one" ;;
		static) WRAP=$d/bin/subunit-wrap wrap "$d/one_static" ;;
		env) SUBUNIT_WRAP_PRELOAD= WRAP=$d/bin/subunit-wrap wrap "$d/one" ;;
		esac
		[ ! -s "$ERR" ] || fail "$how: stderr: $(cat "$ERR")"
	done
	# Beside its shim, as in the tree: nothing to say either.
	wrap "$d/one"
	[ ! -s "$ERR" ] || fail "in the tree: stderr: $(cat "$ERR")"
}

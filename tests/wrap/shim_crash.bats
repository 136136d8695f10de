#!/usr/bin/env bats
# The preload shim's crash reports (preload/shim_crash.c), on
# build/fixtures/shim_crash: each case runs bare, then under the shim
# alone (LD_PRELOAD, the side channel on fd 9, a file: the shim writes
# one packet per writev), and the test checks through python-subunit
# (events.py) that
#   - the process ends exactly as the bare one (exit status, own handler);
#   - one subunit-wrap.crash packet says which signal, first line
#     "SIGNAME: description", then the abort message, then a symbolised
#     backtrace;
#   - the line printf left in the stdio buffer arrives once: as "stdout"
#     bytes on the channel, or on fd 1, not both.
# SUBUNIT_WRAP_PRELOAD runs the tests on another build of the shim.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

setup_file() {
	: "${PYTHON:=/usr/bin/python3}"
	ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	SHIM=${SUBUNIT_WRAP_PRELOAD:-$ROOT/preload/subunit-wrap-preload.so}
	case $SHIM in
	/*) ;;
	*) SHIM=$PWD/$SHIM ;;
	esac
	FIX=$ROOT/build/fixtures/shim_crash
	EVENTS=$BATS_TEST_DIRNAME/events.py
	export PYTHON ROOT SHIM FIX EVENTS
	[ -f "$SHIM" ] || {
		echo "$SHIM is not built (run make)" >&2
		return 1
	}
	[ -x "$FIX" ] || {
		echo "$FIX is not built (make check-build)" >&2
		return 1
	}
	"$PYTHON" -c 'import subunit.v2' || {
		echo "$PYTHON cannot import subunit (python3-subunit)" >&2
		return 1
	}
}

setup() {
	cd "$ROOT" || return 1
	T=$BATS_TEST_TMPDIR
}

# crash_run CASE [PROGRAM]: run PROGRAM (the fixture) CASE bare, then
# under the shim.  Sets $bare and $shim (exit statuses); leaves in $T:
#   bare.out     the bare run's stdout
#   stdout       what the shimmed run wrote on stdout, by either path
#   crash        the bytes of its subunit-wrap.crash packets
# and fails unless the channel holds a well-formed v2 stream (events.py's
# other checks are about the wrapper's stream: a raw channel has no
# tests and need not say a mime type).
crash_run() {
	local prog=${2:-$FIX}

	bare=0
	"$prog" "$1" >"$T/bare.out" 2>"$T/bare.err" </dev/null || bare=$?
	shim=0
	SUBUNIT_WRAP_FD=0000009 LD_PRELOAD="${PRELOAD:-$SHIM}" "$prog" "$1" \
	    >"$T/shim.out" 2>"$T/shim.err" </dev/null 9>"$T/out.v2" || shim=$?
	run "$PYTHON" "$EVENTS" --check "$T/out.v2"
	if grep -E '^ERROR: (parser error|[0-9]+ bytes outside packets)' \
	    <<<"$output"; then
		fail "the channel is not a v2 stream: $output"
	fi
	"$PYTHON" "$EVENTS" --bytes subunit-wrap.crash "$T/out.v2" >"$T/crash"
	{
		cat "$T/shim.out"
		"$PYTHON" "$EVENTS" --bytes stdout "$T/out.v2"
	} >"$T/stdout"
}

# exits_as STATUS: both runs ended with STATUS.
exits_as() {
	[ "$bare" -eq "$1" ] || fail "bare run exited $bare, not $1"
	[ "$shim" -eq "$bare" ] ||
		fail "run under the shim exited $shim, bare $bare; stderr: $(cat "$T/shim.err")"
}

# once LINE: LINE is on the shimmed run's stdout exactly once.
once() {
	local n

	n=$(grep -cxF -- "$1" "$T/stdout") || true
	[ "$n" -eq 1 ] ||
		fail "'$1' is on stdout $n times: $(cat "$T/stdout")"
}

# report REGEX...: one crash report, with lines matching the REGEXes
# (bash =~, extended) in that order, each below the previous one's.
report() {
	local n re i=0
	local -a lines

	n=$(grep -cE '^SIG[A-Z]+: ' "$T/crash") || true
	[ "$n" -eq 1 ] || fail "$n crash reports: $(cat "$T/crash")"
	mapfile -t lines <"$T/crash"
	for re in "$@"; do
		while [ "$i" -lt "${#lines[@]}" ] && ! [[ ${lines[i]} =~ $re ]]
		do
			i=$((i + 1))
		done
		[ "$i" -lt "${#lines[@]}" ] ||
			fail "no line /$re/ (in order) in the report: $(cat "$T/crash")"
		i=$((i + 1))
	done
}

# first_line REGEX: the report's first line.
first_line() {
	local l

	l=$(head -n 1 "$T/crash")
	[[ $l =~ $1 ]] || fail "first line '$l' does not match /$1/"
}

@test "segv: SIGSEGV at 0x0, the buffered line once, exit 139" {
	crash_run segv
	exits_as 139
	first_line '^SIGSEGV: address not mapped to object at 0x0$'
	report '^backtrace:$' '^  #0 0x[0-9a-f]+ null_store\+0x[0-9a-f]+ \(/.*/shim_crash\)$' \
	    '^  #1 0x[0-9a-f]+ main\+0x[0-9a-f]+ \(/.*/shim_crash\)$'
	once "shim_crash segv: before the crash"
}

@test "abort: SIGABRT aborted, no abort message, exit 134" {
	crash_run abort
	exits_as 134
	first_line '^SIGABRT: aborted$'
	report '^backtrace:$' ' abort\+0x' ' main\+0x'
	run grep -c '^abort message' "$T/crash"
	assert_output 0
	once "shim_crash abort: before the crash"
}

@test "assert: the assertion text as the abort message, exit 134" {
	crash_run assert
	exits_as 134
	first_line '^SIGABRT: aborted$'
	report '^abort message: .*shim_crash\.c:[0-9]+: main: Assertion `argc < 0 && "shim_crash assert". failed\.$' \
	    '^backtrace:$' ' __assert_fail\+0x' ' main\+0x'
	once "shim_crash assert: before the crash"
}

@test "fpe: integer divide by zero, exit 136" {
	crash_run fpe
	exits_as 136
	first_line '^SIGFPE: integer divide by zero at 0x[0-9a-f]+$'
	report '^backtrace:$' '^  #0 0x[0-9a-f]+ main\+0x'
	once "shim_crash fpe: before the crash"
}

@test "ill: SIGILL, exit 132" {
	crash_run ill
	exits_as 132
	first_line '^SIGILL: .* at 0x[0-9a-f]+$'
	report '^  #0 0x[0-9a-f]+ main\+0x'
	once "shim_crash ill: before the crash"
}

@test "overflow: reported from the alternate stack, recursion folded" {
	crash_run overflow
	exits_as 139
	first_line '^SIGSEGV: '
	report '^  #0 0x[0-9a-f]+ recurse\+0x' '^  #1 0x[0-9a-f]+ recurse\+0x' \
	    '^  \(#2 to #[0-9]+: the same frame again\)$'
	once "shim_crash overflow: before the crash"
}

@test "raise_segv: a signal sent by the process names the sender" {
	crash_run raise_segv
	exits_as 139
	first_line '^SIGSEGV: segmentation fault, sent by pid [0-9]+$'
	report ' main\+0x'
	once "shim_crash raise_segv: before the crash"
}

@test "own_handler: reported, then the program's handler prints and exits 42" {
	crash_run own_handler
	exits_as 42
	first_line '^SIGSEGV: address not mapped to object at 0x0$'
	report ' null_store\+0x'
	once "shim_crash own_handler: before the crash"
	once "own handler: SIGSEGV"
	# Program order, when the shim captured both (the handler's write(2)
	# too): the buffered line, then the handler's.
	if [ ! -s "$T/shim.out" ]; then
		run cat "$T/stdout"
		assert_output "shim_crash own_handler: before the crash
own handler: SIGSEGV"
	fi
}

@test "resethand: the handler runs once, the fault then kills, one report" {
	crash_run resethand
	exits_as 139
	report '^SIGSEGV: address not mapped'
	once "returning handler: SIGSEGV"
	once "shim_crash resethand: before the crash"
}

@test "abort_handler: a SIGABRT handler that returns, abort() still kills" {
	crash_run abort_handler
	exits_as 134
	first_line '^SIGABRT: aborted$'
	report ' abort\+0x'
	once "returning handler: SIGABRT"
	once "shim_crash abort_handler: before the crash"
}

@test "ignore_abort: SIG_IGN honoured, ends as the bare program" {
	crash_run ignore_abort
	exits_as 134
	# abort() resets SIGABRT behind every hook (glibc's internal
	# sigaction) and raises again: nothing can report that second one.
	[ ! -s "$T/crash" ] || fail "a report: $(cat "$T/crash")"
	cmp "$T/bare.out" "$T/stdout"
}

@test "thread_segv: the crashing thread's frames, both lines once" {
	crash_run thread_segv
	exits_as 139
	first_line '^SIGSEGV: address not mapped to object at 0x0$'
	report '^  #0 0x[0-9a-f]+ null_store\+0x' '^  #1 0x[0-9a-f]+ thread_segv\+0x'
	run grep -c ' main+0x' "$T/crash"
	assert_output 0
	once "shim_crash thread_segv: before the crash"
	once "shim_crash thread_segv: in the thread"
}

@test "thread_overflow: threads get an alternate stack too" {
	crash_run thread_overflow
	exits_as 139
	first_line '^SIGSEGV: '
	report '^  #0 0x[0-9a-f]+ recurse\+0x' 'the same frame again'
	once "shim_crash thread_overflow: before the crash"
}

@test "disposition: sigaction and the signal family answer as without the shim" {
	crash_run disposition
	exits_as 0
	[ ! -s "$T/crash" ] || fail "a report: $(cat "$T/crash")"
	run diff "$T/bare.out" "$T/stdout"
	assert_success
}

@test "no channel: the shim stays out of the way" {
	local c st expect

	for c in disposition segv own_handler abort; do
		"$FIX" "$c" >"$T/bare.out" 2>/dev/null </dev/null && bare=0 ||
			bare=$?
		env -u SUBUNIT_WRAP_FD LD_PRELOAD="$SHIM" "$FIX" "$c" \
		    >"$T/shim.out" 2>/dev/null </dev/null && st=0 || st=$?
		[ "$st" -eq "$bare" ] || fail "$c: exit $st, bare $bare"
		cmp "$T/bare.out" "$T/shim.out" || fail "$c: stdout differs"
	done
	# No handler installed: a process's caught and ignored signals are
	# its own (grep's, which catches SIGSEGV itself).
	expect=$(env -u SUBUNIT_WRAP_FD grep -E '^Sig(Cgt|Ign)' \
	    /proc/self/status)
	run env -u SUBUNIT_WRAP_FD LD_PRELOAD="$SHIM" \
	    grep -E '^Sig(Cgt|Ign)' /proc/self/status
	assert_output "$expect"
}

@test "ASan build: ASan's report alone, stdout still sent, exit as bare" {
	local asan

	asan=$(${CC:-cc} -print-file-name=libasan.so)
	[ -f "$asan" ] || skip "no libasan"
	${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=address \
	    -o "$T/shim_crash_asan" tests/fixtures/shim_crash.c ||
		skip "cannot build with -fsanitize=address"
	PRELOAD="$asan $SHIM" crash_run segv "$T/shim_crash_asan"
	exits_as 1
	grep -q 'ERROR: AddressSanitizer: SEGV' "$T/shim.err" ||
		fail "no ASan report: $(cat "$T/shim.err")"
	[ ! -s "$T/crash" ] || fail "a report: $(cat "$T/crash")"
	once "shim_crash segv: before the crash"
	# Signals ASan does not handle are still reported.
	PRELOAD="$asan $SHIM" crash_run abort "$T/shim_crash_asan"
	exits_as 134
	first_line '^SIGABRT: aborted$'
}

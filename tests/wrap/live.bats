#!/usr/bin/env bats
# The live view (wrap/view_live.h): subunit-wrap's output on a terminal and
# with --format text, subunit-view's likewise.  Commands run in a real
# pseudo-terminal (pty.py, python's pty module); the text is checked on
# what the terminal shows (pty.py screen: colours dropped, \r and ESC [K
# applied), the progress lines on every line drawn (pty.py progress), the
# colours on the raw bytes.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

setup_file() {
	: "${PYTHON:=/usr/bin/python3}"
	ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	# SUBUNIT_WRAP / SUBUNIT_VIEW run the tests on another build.
	WRAP=${SUBUNIT_WRAP:-$ROOT/wrap/subunit-wrap}
	VIEW=${SUBUNIT_VIEW:-$ROOT/wrap/subunit-view}
	PTY=$BATS_TEST_DIRNAME/pty.py
	EVENTS=$BATS_TEST_DIRNAME/events.py
	export PYTHON ROOT WRAP VIEW PTY EVENTS
	local f
	for f in "$WRAP" "$VIEW"; do
		[ -x "$f" ] || {
			echo "$f is not built (run make)" >&2
			return 1
		}
	done
	"$PYTHON" -c 'import subunit.v2' || {
		echo "$PYTHON cannot import subunit (python3-subunit)" >&2
		return 1
	}
}

setup() {
	cd "$ROOT" || return 1
	RAW=$BATS_TEST_TMPDIR/raw
	# A terminal that has colours, unless a test says otherwise.
	export TERM=xterm
	unset NO_COLOR
}

# on_tty [pty.py run options] -- CMD...: run CMD on a terminal ($status),
# what it wrote in $RAW.
on_tty() {
	run "$PYTHON" "$PTY" run "$@"
}

# Run them after on_tty: what the terminal shows, the progress lines.
screen() {
	run "$PYTHON" "$PTY" screen "$RAW"
}
progress() {
	run "$PYTHON" "$PTY" progress "$RAW"
}

# The demo suites' failures as the view shows them (durations vary).
assert_demo_failures() {
	assert_line --regexp \
	    '^FAIL tests/fixtures/demo/calc\.t \(4 - subtracts\) \[route 0\] \([0-9.]+s\)$'
	assert_line "  stderr:"
	assert_line "    #   Failed test 'subtracts'"
	assert_line "    #          got: '7'"
	assert_line --regexp \
	    '^FAIL tests/fixtures/demo/calc\.t \[route 0\] \([0-9.]+s\)$'
	assert_line "  reason: 1 of 4 assertions failed; exit status 1"
	assert_line --regexp \
	    '^FAIL tests/fixtures/demo/crash\.sh \[route 1\] \([0-9.]+s\)$'
	assert_line \
	    "  reason: planned 3 tests but ran 1; killed by signal SIGSEGV"
	assert_line "  stderr: about to dereference a null pointer"
	assert_line "failed:"
	assert_line "  tests/fixtures/demo/calc.t (4 - subtracts) [route 0]"
	assert_line "  tests/fixtures/demo/calc.t [route 0]"
	assert_line "  tests/fixtures/demo/crash.sh [route 1]"
	# Passing and skipped tests are only counted.
	refute_output --partial legacy_selftest
	refute_output --partial parser.sh
	assert_line --index $((${#lines[@]} - 1)) \
	    --regexp '^11 passed, 3 failed, 2 skipped in [0-9.]+s$'
}

@test "subunit-wrap on a terminal: the live view of the demo suites, no binary" {
	on_tty "$RAW" -- "$WRAP" --each tests/fixtures/demo/*
	assert_success
	LC_ALL=C grep -q $'\xb3' "$RAW" && fail "a packet signature on the terminal"
	screen
	assert_demo_failures
	# The crash report keeps its first lines: the signal, the top frames.
	assert_line --regexp '^  crash \(first 10 of [0-9]+ lines\):$'
	assert_line --regexp '^    SIGSEGV: segmentation fault'
	# The progress line was drawn, then erased for the summary.
	progress
	assert_line --index 0 --regexp '^0 done \| 0 passed, 0 failed, 0 skipped \| [0-9.]+s \| running tests/fixtures/demo/'
}

@test "colour: SGR sequences with TERM=xterm, none with NO_COLOR set or TERM=dumb" {
	on_tty "$RAW" -- "$WRAP" --each tests/fixtures/demo/*
	assert_success
	grep -q $'\e\[1;31mFAIL\e\[0m tests/fixtures/demo/crash.sh' "$RAW" ||
		fail "no red FAIL: $(cat -v "$RAW")"
	grep -q $'\e\[32m11 passed\e\[0m, \e\[1;31m3 failed\e\[0m, \e\[33m2 skipped\e\[0m' "$RAW" ||
		fail "no coloured counts: $(cat -v "$RAW")"

	# NO_COLOR (any non-empty value): no colour, the line still erased.
	NO_COLOR=1 on_tty "$RAW" -- "$WRAP" --each tests/fixtures/demo/*
	assert_success
	grep -q $'\e\[[0-9;]*m' "$RAW" && fail "colour with NO_COLOR=1: $(cat -v "$RAW")"
	grep -q $'\e\[K' "$RAW" || fail "no erase-line: $(cat -v "$RAW")"
	screen
	assert_demo_failures

	# An empty NO_COLOR is unset.
	NO_COLOR= on_tty "$RAW" -- "$WRAP" --each tests/fixtures/demo/*
	grep -q $'\e\[1;31mFAIL' "$RAW" || fail "NO_COLOR= turned colour off"

	# A dumb terminal gets no escape sequence at all.
	TERM=dumb on_tty "$RAW" -- "$WRAP" --each tests/fixtures/demo/*
	assert_success
	grep -q $'\e' "$RAW" && fail "ESC with TERM=dumb: $(cat -v "$RAW")"
	screen
	assert_demo_failures
}

@test "--format v2 on a terminal writes the binary stream" {
	on_tty --raw "$RAW" -- "$WRAP" --format v2 --each tests/fixtures/demo/*
	assert_success
	run "$PYTHON" "$EVENTS" --check --summary "$RAW"
	assert_success
	refute_output --partial ERROR
	run "$PYTHON" "$EVENTS" --check --hide crash "$RAW"
	assert_line "fail tests/fixtures/demo/crash.sh"
	assert_line "fail tests/fixtures/demo/calc.t (4 - subtracts)"
	assert_line "skip tests/fixtures/demo/net.py"
}

@test "--format text into a pipe writes text; the default there stays v2" {
	run bash -c '"$WRAP" --format text --each tests/fixtures/demo/* | cat'
	assert_success
	assert_demo_failures
	refute_output --partial $'\e'
	refute_output --partial $'\r'

	run bash -c '"$WRAP" tests/fixtures/demo/calc.t | head -c 1 | od -An -tx1'
	assert_output " b3"
}

@test "a hanging test: the progress line shows it running, its time growing" {
	on_tty "$RAW" -- "$WRAP" --timeout 2 tests/fixtures/tap_hang.sh
	assert_success
	progress
	local times t prev=-1 n=0
	times=$(printf '%s\n' "${lines[@]}" |
	    sed -n 's/.* | running tests\/fixtures\/tap_hang\.sh (\([0-9.]*\)s)$/\1/p')
	for t in $times; do
		t=${t/./}
		[ "$((10#$t))" -ge "$prev" ] ||
			fail "the running time went back: $times"
		[ "$((10#$t))" -gt "$prev" ] && n=$((n + 1))
		prev=$((10#$t))
	done
	# Drawn about 10 times a second while it hangs, no more.
	[ "$n" -ge 12 ] || fail "only $n distinct running times: $times"
	[ "$prev" -ge 15 ] || fail "the running time never reached 1.5 s: $times"
	[ "${#lines[@]}" -le 30 ] ||
		fail "${#lines[@]} redraws in about 2 s: ${lines[*]}"
	# No total without exists packets; TAP holds its assertion open
	# (for diagnostics that may follow) until the next line: none.
	assert_line --regexp '^0 done \| 0 passed, 0 failed, 0 skipped \| '
	screen
	# The wrapper's warning goes above the progress line, on its own.
	assert_line \
	    "subunit-wrap: tests/fixtures/tap_hang.sh: timed out after 2 s; stopping it"
	assert_line --regexp '^FAIL tests/fixtures/tap_hang\.sh \(2\.[0-9]+s\)$'
	assert_line "  reason: planned 2 tests but ran 1; timed out after 2 s"
	assert_line --index $((${#lines[@]} - 1)) \
	    --regexp '^1 passed, 1 failed, 0 skipped in 2\.[0-9]+s$'
}

@test "the progress line fits the terminal: a long id loses its start, then the line its end" {
	on_tty --cols 75 "$RAW" -- "$WRAP" --timeout 1 tests/fixtures/tap_hang.sh
	assert_success
	progress
	local line
	for line in "${lines[@]}"; do
		[ "${#line}" -le 74 ] || fail "${#line} columns: $line"
	done
	assert_line --regexp '^0 done \| 0 passed, 0 failed, 0 skipped \| [0-9.]+s \| running \.\.\.[a-z_/]*hang\.sh \([0-9.]+s\)$'

	on_tty --cols 40 "$RAW" -- "$WRAP" --timeout 1 tests/fixtures/tap_hang.sh
	assert_success
	progress
	for line in "${lines[@]}"; do
		[ "${#line}" -le 39 ] || fail "${#line} columns: $line"
	done
	assert_line --regexp '^0 done \| 0 passed, 0 failed, 0 skipped ?$'
}

@test "done / total when exists packets announce the tests" {
	# Three tests announced, one finished, then a pause the view shows.
	cat >"$BATS_TEST_TMPDIR/gen.py" <<'EOF'
import sys, time
from subunit.v2 import StreamResultToBytes
out = sys.stdout.buffer
s = StreamResultToBytes(out).status
for i in range(3):
    s(test_id="t%d" % i, test_status="exists")
s(test_id="t0", test_status="inprogress")
s(test_id="t0", test_status="success")
s(test_id="t1", test_status="inprogress")
out.flush()
time.sleep(0.5)
s(test_id="t1", test_status="fail")
s(test_id="t2", test_status="skip")
EOF
	on_tty "$RAW" -- sh -c '"$PYTHON" "$1" | "$VIEW"' _ \
	    "$BATS_TEST_TMPDIR/gen.py"
	assert_failure 1
	progress
	assert_line --regexp '^1/3 done \| 1 passed, 0 failed, 0 skipped \| [0-9.]+s \| running t1 \([0-9.]+s\)$'
	screen
	assert_line "FAIL t1"
	assert_line --regexp '^1 passed, 1 failed, 1 skipped in [0-9.]+s$'
}

@test "a failure shows the last 10 lines of each attachment and how many there were" {
	cd "$BATS_TEST_TMPDIR"
	cat >long.sh <<'EOF'
#!/bin/sh
echo 1..1
i=1
while [ $i -le 30 ]; do echo "line $i" >&2; i=$((i + 1)); done
printf 'not ok 1 - noisy\r\n'
EOF
	chmod +x long.sh
	run "$WRAP" --format text ./long.sh
	assert_success
	assert_output --regexp "FAIL long\.sh \([0-9.]+s\)
  reason: 1 of 1 assertions failed
  stderr \(last 10 of 30 lines\):
    line 21
    line 22
    line 23
    line 24
    line 25
    line 26
    line 27
    line 28
    line 29
    line 30
failed:
  long\.sh \(1 - noisy\)
  long\.sh
0 passed, 2 failed, 0 skipped in [0-9.]+s$"
}

@test "subunit-view on a terminal: the same view; --format trace and pipes keep the trace" {
	"$WRAP" --each tests/fixtures/demo/* >"$BATS_TEST_TMPDIR/run.subunit"
	on_tty --stdin "$BATS_TEST_TMPDIR/run.subunit" "$RAW" -- "$VIEW"
	assert_failure 1
	screen
	assert_demo_failures

	on_tty --stdin "$BATS_TEST_TMPDIR/run.subunit" "$RAW" -- \
	    "$VIEW" --format trace
	assert_failure 1
	screen
	assert_line --regexp '^fail       tests/fixtures/demo/crash\.sh \[route 1\] '
	assert_line --index $((${#lines[@]} - 1)) "11 passed, 3 failed, 2 skipped"

	run "$VIEW" --format text <"$BATS_TEST_TMPDIR/run.subunit"
	assert_failure 1
	assert_demo_failures
	refute_output --partial $'\e'

	run "$VIEW" <"$BATS_TEST_TMPDIR/run.subunit"
	assert_failure 1
	assert_line --regexp '^success    tests/fixtures/demo/legacy_selftest \[route 2\] '
}

@test "subunit-view --format text --junit FILE writes the report too" {
	"$WRAP" --each tests/fixtures/demo/* >"$BATS_TEST_TMPDIR/run.subunit"
	run "$VIEW" --format text --junit "$BATS_TEST_TMPDIR/r.xml" \
	    <"$BATS_TEST_TMPDIR/run.subunit"
	assert_failure 1
	assert_line --regexp '^11 passed, 3 failed, 2 skipped in '
	refute_line --regexp '^11 passed, 3 failed, 2 skipped$'
	run grep -c '<testcase ' "$BATS_TEST_TMPDIR/r.xml"
	assert_output 16
	run grep -c '<failure ' "$BATS_TEST_TMPDIR/r.xml"
	assert_output 3
}

@test "--list on a terminal: the ids, one a line, and how many" {
	on_tty "$RAW" -- "$WRAP" --list --each tests/fixtures/demo/*
	assert_success
	screen
	assert_output - <<'EOF'
tests/fixtures/demo/calc.t
tests/fixtures/demo/crash.sh
tests/fixtures/demo/legacy_selftest
tests/fixtures/demo/net.py
tests/fixtures/demo/parser.sh
5 tests listed
EOF
}

@test "Ctrl-C: the running test gets its verdict, the summary is shown, exit 130" {
	on_tty --int-after 1 "$RAW" -- "$WRAP" tests/fixtures/tap_hang.sh
	assert_failure 130
	screen
	assert_line --regexp '^FAIL tests/fixtures/tap_hang\.sh \([0-9.]+s\)$'
	assert_line "  reason: planned 2 tests but ran 1; interrupted"
	assert_line --index $((${#lines[@]} - 1)) \
	    --regexp '^1 passed, 1 failed, 0 skipped in [0-9.]+s$'
}

@test "--format text: a reader that goes away is 141, a full disk is 3" {
	run bash -c '"$WRAP" --format text --timeout 1 --each \
	    tests/fixtures/demo/* tests/fixtures/tap_hang.sh | head -n 1;
	    exit "${PIPESTATUS[0]}"'
	assert_failure 141
	run --separate-stderr bash -c \
	    '"$WRAP" --format text tests/fixtures/demo/calc.t >/dev/full'
	assert_failure 3
	[ "$stderr" = \
	    "subunit-wrap: write standard output: No space left on device" ] ||
		fail "stderr: $stderr"
}

@test "--format takes v2 or text (subunit-view: trace or text, not with --stats)" {
	run --separate-stderr "$WRAP" --format html tests/fixtures/demo/calc.t
	assert_failure 2
	assert_output ""
	[ "${stderr_lines[0]}" = "subunit-wrap: --format: 'html' is not v2 or text" ] ||
		fail "stderr: $stderr"
	run --separate-stderr "$VIEW" --format v2 </dev/null
	assert_failure 2
	[ "${stderr_lines[0]}" = "subunit-view: --format: 'v2' is not trace or text" ] ||
		fail "stderr: $stderr"
	run --separate-stderr "$VIEW" --format text --stats </dev/null
	assert_failure 2
	[ "${stderr_lines[0]}" = "subunit-view: --stats and --format text exclude each other" ] ||
		fail "stderr: $stderr"
	# --stats alone on a terminal: the closing line only.
	on_tty --stdin /dev/null "$RAW" -- "$VIEW" --stats
	assert_success
	screen
	assert_output "0 passed, 0 failed, 0 skipped"
}

@test "memory stays bounded: 50 MB of output in a failing test keep its last lines" {
	[ -x /usr/bin/time ] ||
		fail "GNU time (/usr/bin/time, Debian package time) is missing"
	cat >"$BATS_TEST_TMPDIR/gen.py" <<'EOF2'
import sys
from subunit.v2 import StreamResultToBytes
s = StreamResultToBytes(sys.stdout.buffer).status
s(test_id="big", test_status="inprogress")
# 50 chunks of 10,000 lines of 100 bytes: "line NNNNNNN xxx...\n".
for n in range(50):
    chunk = b"".join(b"line %07d %s\n" % (n * 10000 + i, b"x" * 86)
                     for i in range(10000))
    s(test_id="big", file_name="stdout", file_bytes=chunk,
      mime_type="text/plain")
s(test_id="big", test_status="fail")
EOF2
	run bash -c 'set -o pipefail; "$PYTHON" "$1" |
	    /usr/bin/time -f %M -o "$2" "$VIEW" --format text' _ \
	    "$BATS_TEST_TMPDIR/gen.py" "$BATS_TEST_TMPDIR/rss"
	assert_failure 1
	assert_line --index 1 "  stdout (last 10 of 500000 lines):"
	assert_line --index 2 --regexp '^    line 0499990 x{86}$'
	assert_line --index 11 --regexp '^    line 0499999 x{86}$'
	assert_line --index $((${#lines[@]} - 1)) \
	    --regexp '^0 passed, 1 failed, 0 skipped in '
	local rss
	rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak RSS: $rss KB"
	[ "$rss" -lt 20000 ] || fail "peak RSS $rss KB"
}

@test "subunit-view --format text: cut lines, binary attachments, untied text, tests left running" {
	cat >"$BATS_TEST_TMPDIR/gen.py" <<'EOF2'
import sys
from subunit.v2 import StreamResultToBytes
s = StreamResultToBytes(sys.stdout.buffer).status
s(file_name="stdout", file_bytes=b"banner\nhalf a ")
s(test_id="long", test_status="inprogress")
s(file_name="stdout", file_bytes=b"line\n")
s(test_id="long", file_name="stdout",
  file_bytes=b"a" * 5000 + b"\n" + b"tab\there\x1b[31m\r\n")
s(test_id="long", file_name="core", file_bytes=bytes(range(20)),
  mime_type="application/octet-stream")
s(test_id="long", test_status="fail")
s(test_id="ux", test_status="uxsuccess")
s(file_name="cov/a.gcda", file_bytes=b"\0" * 10,
  mime_type="application/octet-stream")
s(file_name="cov/a.gcda", file_bytes=b"\0" * 5,
  mime_type="application/octet-stream", eof=True)
s(test_id="dangling", test_status="inprogress")
s(test_id="dangling", file_name="stderr", file_bytes=b"partial")
EOF2
	"$PYTHON" "$BATS_TEST_TMPDIR/gen.py" >"$BATS_TEST_TMPDIR/in"
	run "$VIEW" --format text <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	# Untied text a line at a time; a long line keeps its end, after
	# "..."; control characters but tab escaped, CR LF's CR dropped.
	assert_output --regexp "^banner
half a line
FAIL long
  stdout \(last 4096 bytes of 5016, 2 lines\):
    \.\.\.a{4080}
    tab	here\\\\x1b\[31m
  core: 20 bytes, application/octet-stream
UXSUCCESS ux
attached cov/a\.gcda: 15 bytes
INCOMPLETE dangling
  stderr: partial
failed:
  long
  ux
  dangling
0 passed, 3 failed, 0 skipped in [0-9.]+s$"
}

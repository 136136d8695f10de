#!/usr/bin/env bats
# subunit-view: counts, exit codes, the trace format, attachments, text
# passthrough, usage, I/O errors and bounded memory.  Streams are built with
# python-subunit's own encoder (Debian's python: $PYTHON, not a pyenv one).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

setup_file() {
	: "${PYTHON:=/usr/bin/python3}"
	export PYTHON
	# SUBUNIT_VIEW runs the tests on another build (e.g. ASan).
	VIEW=${SUBUNIT_VIEW:-$BATS_TEST_DIRNAME/../../wrap/subunit-view}
	export VIEW
	# Every test needs both; say which is missing instead of 40 failures.
	[ -x "$VIEW" ] || {
		echo "$VIEW is not built (run make)" >&2
		return 1
	}
	"$PYTHON" -c 'import subunit.v2' || {
		echo "$PYTHON cannot import subunit (python3-subunit)" >&2
		return 1
	}
}

# Python run before each stream's code: s() writes one packet,
# t(SEC) is the timestamp SEC seconds after 2001-09-09T01:46:40Z.
PRELUDE='
import sys, datetime
from subunit.v2 import StreamResultToBytes
out = sys.stdout.buffer
s = StreamResultToBytes(out).status
def t(sec):
    return datetime.datetime.fromtimestamp(1000000000 + sec,
        datetime.timezone.utc)
'

# stream CODE: the bytes python-subunit writes for CODE, on stdout.
stream() {
	"$PYTHON" -c "$PRELUDE
$1"
}

# view CODE [ARGS...]: run the viewer with ARGS on the stream of CODE.
view() {
	local code=$1
	shift
	stream "$code" >"$BATS_TEST_TMPDIR/in" ||
		fail "python-subunit could not encode: $code"
	run "$VIEW" "$@" <"$BATS_TEST_TMPDIR/in"
}

@test "empty input: zero counts, exit 0" {
	run "$VIEW" </dev/null
	assert_success
	assert_output "0 passed, 0 failed, 0 skipped"
}

@test "success: one line, counted as passed, exit 0" {
	view 's(test_id="a", test_status="success")'
	assert_success
	assert_output - <<'EOF'
success    a
1 passed, 0 failed, 0 skipped
EOF
}

@test "fail: counted as failed, exit 1" {
	view 's(test_id="a", test_status="fail")'
	assert_failure 1
	assert_output - <<'EOF'
fail       a
0 passed, 1 failed, 0 skipped
EOF
}

@test "skip: counted as skipped, exit 0" {
	view 's(test_id="a", test_status="skip")'
	assert_success
	assert_output - <<'EOF'
skip       a
0 passed, 0 failed, 1 skipped
EOF
}

@test "xfail counts as passed, exit 0" {
	view 's(test_id="a", test_status="xfail")'
	assert_success
	assert_output - <<'EOF'
xfail      a
1 passed, 0 failed, 0 skipped
EOF
}

@test "uxsuccess counts as failed, exit 1" {
	view 's(test_id="a", test_status="uxsuccess")'
	assert_failure 1
	assert_output - <<'EOF'
uxsuccess  a
0 passed, 1 failed, 0 skipped
EOF
}

@test "every status in one stream, in stream order" {
	view '
for i, st in enumerate(["success", "fail", "skip", "xfail", "uxsuccess",
                        "success"]):
    s(test_id="t%d" % i, test_status="inprogress")
    s(test_id="t%d" % i, test_status=st)'
	assert_failure 1
	assert_output - <<'EOF'
success    t0
fail       t1
skip       t2
xfail      t3
uxsuccess  t4
success    t5
3 passed, 2 failed, 1 skipped
EOF
}

@test "inprogress with no final status at EOF counts as failed" {
	view '
s(test_id="done", test_status="inprogress")
s(test_id="dangling", test_status="inprogress")
s(test_id="done", test_status="success")
s(test_id="only-output", file_name="stdout", file_bytes=b"partial\n",
  mime_type="text/plain")'
	assert_failure 1
	assert_output - <<'EOF'
success    done
incomplete dangling
incomplete only-output
  stdout:
    partial
1 passed, 2 failed, 0 skipped
EOF
}

@test "exists packets are not counted" {
	view '
s(test_id="listed", test_status="exists")
s(test_id="ran", test_status="exists")
s(test_id="ran", test_status="inprogress")
s(test_id="ran", test_status="exists")
s(test_id="ran", test_status="success")'
	assert_success
	assert_output - <<'EOF'
success    ran
1 passed, 0 failed, 0 skipped
EOF
}

@test "a final status with no inprogress is one test, a second is another" {
	view '
s(test_id="once", test_status="success")
s(test_id="twice", test_status="inprogress")
s(test_id="twice", test_status="success")
s(test_id="twice", test_status="fail")'
	assert_failure 1
	assert_output - <<'EOF'
success    once
success    twice
fail       twice
2 passed, 1 failed, 0 skipped
EOF
}

@test "a corrupt packet is a failed subunit.parser test" {
	# t1's packet with the last CRC byte flipped (ca -> 35), then t2.
	{
		printf '\263\051\003\013\002\164\061\045\372\113\065'
		stream 's(test_id="t2", test_status="success")'
	} >"$BATS_TEST_TMPDIR/in"
	run "$VIEW" <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	# The damage costs the signature byte; the rest of the bad packet
	# is not a packet, so it goes through as text.
	assert_output "$(printf '%s\n' \
	    'fail       subunit.parser' \
	    '  Packet data: 1 byte, application/octet-stream' \
	    '    b3' \
	    '  Parser Error:' \
	    '    Bad checksum - calculated (0x25fa4bca), stored (0x25fa4b35)')
$(printf '\051\003\013\002\164\061\045\372\113\065')
success    t2
1 passed, 1 failed, 0 skipped"
	run "$VIEW" --stats <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	assert_output "1 passed, 1 failed, 0 skipped"
}

@test "attachments of a failed test are shown, of a passing one not" {
	view '
s(test_id="ok", test_status="inprogress")
s(test_id="ok", file_name="stdout", file_bytes=b"quiet\n")
s(test_id="ok", test_status="success")
s(test_id="skipped", file_name="reason", file_bytes=b"no network")
s(test_id="skipped", test_status="skip")
s(test_id="bad", test_status="inprogress")
s(test_id="bad", file_name="stdout", file_bytes=b"one\ntw",
  mime_type="text/plain;charset=utf8")
s(test_id="bad", file_name="stderr", file_bytes=b"warning\n")
s(test_id="bad", file_name="stdout", file_bytes=b"o\nthree", eof=True)
s(test_id="bad", test_status="fail", file_name="traceback",
  file_bytes=b"Traceback: boom\n")
s(test_id="ux", test_status="uxsuccess", file_name="log",
  file_bytes=b"unexpected\n")'
	assert_failure 1
	assert_output - <<'EOF'
success    ok
skip       skipped
fail       bad
  stdout:
    one
    two
    three
  stderr:
    warning
  traceback:
    Traceback: boom
uxsuccess  ux
  log:
    unexpected
1 passed, 2 failed, 1 skipped
EOF
}

@test "a file name reused after eof is a new attachment" {
	view '
s(test_id="a", file_name="out", file_bytes=b"first\n", eof=True)
s(test_id="a", file_name="out", file_bytes=b"second\n")
s(test_id="a", test_status="fail")'
	assert_failure 1
	assert_output - <<'EOF'
fail       a
  out:
    first
  out:
    second
0 passed, 1 failed, 0 skipped
EOF
}

@test "binary attachments are shown in hex, at most 256 bytes" {
	view '
s(test_id="a", file_name="core", file_bytes=bytes(range(20)),
  mime_type="application/octet-stream")
s(test_id="a", file_name="blob", file_bytes=b"\xff" * 300)
s(test_id="a", test_status="fail")'
	assert_failure 1
	assert_line --index 1 "  core: 20 bytes, application/octet-stream"
	assert_line --index 2 \
	    "    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
	assert_line --index 3 "    10 11 12 13"
	assert_line --index 4 "  blob: 300 bytes"
	assert_line --index 5 "    $(printf 'ff %.0s' $(seq 15))ff"
	# 256 bytes are 16 lines of 16; then the rest is counted.
	assert_line --index 21 "    ... 44 more bytes"
	assert_line --index 22 "0 passed, 1 failed, 0 skipped"
}

@test "durations: from the first timestamp of the test to the final one" {
	view '
s(test_id="timed", test_status="inprogress", timestamp=t(0))
s(test_id="timed", test_status="success", timestamp=t(1.25))
s(test_id="from-output", file_name="o", file_bytes=b"x", timestamp=t(10))
s(test_id="from-output", test_status="inprogress", timestamp=t(11))
s(test_id="from-output", test_status="fail", timestamp=t(12.0005))
s(test_id="no-start", test_status="success", timestamp=t(20))
s(test_id="untimed-start", test_status="inprogress")
s(test_id="untimed-start", test_status="success", timestamp=t(21))
s(test_id="untimed-end", test_status="inprogress", timestamp=t(21))
s(test_id="untimed-end", test_status="skip")'
	assert_failure 1
	assert_output - <<'EOF'
success    timed (1.250s)
fail       from-output (2.001s)
  o:
    x
success    no-start
success    untimed-start
skip       untimed-end
3 passed, 1 failed, 1 skipped
EOF
}

@test "route codes: the same id on two routes is two tests" {
	view '
s(test_id="a", route_code="0", test_status="inprogress", timestamp=t(0))
s(test_id="a", route_code="1", test_status="inprogress", timestamp=t(1))
s(test_id="a", test_status="inprogress")
s(test_id="a", route_code="1", file_name="stdout", file_bytes=b"route 1\n")
s(test_id="a", route_code="0", file_name="stdout", file_bytes=b"route 0\n")
s(test_id="a", route_code="1", test_status="fail", timestamp=t(3))
s(test_id="a", route_code="0", test_status="success", timestamp=t(4))'
	assert_failure 1
	assert_output - <<'EOF'
fail       a [route 1] (2.000s)
  stdout:
    route 1
success    a [route 0] (4.000s)
incomplete a
1 passed, 2 failed, 0 skipped
EOF
}

@test "text that belongs to no test goes through as it comes" {
	{
		printf 'raw banner\n'
		stream '
s(test_id="a", test_status="inprogress")
s(file_name="stdout", file_bytes=b"untied line\n")
s(file_name="stderr", file_bytes=b"no newline")
s(test_id="a", test_status="success")'
		printf 'raw trailer\n'
	} >"$BATS_TEST_TMPDIR/in"
	run "$VIEW" <"$BATS_TEST_TMPDIR/in"
	assert_success
	# Unterminated text is ended before the next line of our own.
	assert_output - <<'EOF'
raw banner
untied line
no newline
success    a
raw trailer
1 passed, 0 failed, 0 skipped
EOF
}

@test "--stats prints only the closing line" {
	{
		printf 'chatter\n'
		stream '
s(test_id="a", test_status="success")
s(test_id="b", test_status="fail", file_name="tb", file_bytes=b"boom")
s(test_id="c", test_status="skip")
s(test_id="d", test_status="inprogress")
s(file_name="stdout", file_bytes=b"untied\n")'
	} >"$BATS_TEST_TMPDIR/in"
	run "$VIEW" --stats <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	assert_output "1 passed, 2 failed, 1 skipped"
}

@test "control characters in ids are escaped" {
	view '
s(test_id="line\nbreak\ttab\x1b[0m", route_code="r\r", test_status="success")'
	assert_success
	assert_output - <<'EOF'
success    line\nbreak\ttab\x1b[0m [route r\r]
1 passed, 0 failed, 0 skipped
EOF
}

@test "a finished test is shown while the stream is still open" {
	# fd 3 is bats' own; the viewer must not hold it either.
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	"$VIEW" <"$BATS_TEST_TMPDIR/fifo" >"$BATS_TEST_TMPDIR/out" 3>&- &
	exec 5>"$BATS_TEST_TMPDIR/fifo"
	stream 's(test_id="early", test_status="success")' >&5
	local i
	for i in $(seq 50); do
		grep -q early "$BATS_TEST_TMPDIR/out" && break
		sleep 0.1
	done
	run cat "$BATS_TEST_TMPDIR/out"
	exec 5>&-
	wait
	assert_output "success    early"
}

@test "--help prints the usage on stdout and exits 0" {
	run --separate-stderr "$VIEW" --help
	assert_success
	assert_line --index 0 "usage: subunit-view [--format trace|text] [--stats] [--junit FILE] < STREAM"
	assert_line "  --stats        print only the closing line"
	assert_output --partial "2 for a usage error,"
	assert_output --partial "3 if the input could not be read"
	[ -z "$stderr" ] || fail "stderr: $stderr"
}

@test "an unknown option is a usage error: exit 2, nothing on stdout" {
	run --separate-stderr "$VIEW" --bogus </dev/null
	assert_failure 2
	assert_output ""
	[ "${stderr_lines[0]}" = \
	    "subunit-view: unrecognized option '--bogus'" ] ||
		fail "stderr: $stderr"
	[ "${stderr_lines[1]}" = \
	    "usage: subunit-view [--format trace|text] [--stats] [--junit FILE] < STREAM" ] ||
		fail "stderr: $stderr"
}

@test "an operand is a usage error: exit 2, nothing on stdout" {
	run --separate-stderr "$VIEW" stream.bin </dev/null
	assert_failure 2
	assert_output ""
	[ "${stderr_lines[0]}" = "subunit-view: unexpected operand \
'stream.bin' (the stream is read from standard input)" ] ||
		fail "stderr: $stderr"
}

@test "a read error is one message and exit 3" {
	run --separate-stderr "$VIEW" </
	assert_failure 3
	assert_output ""
	[ "$stderr" = "subunit-view: read standard input: Is a directory" ] ||
		fail "stderr: $stderr"
}

@test "a write error is one message and exit 3" {
	stream 's(test_id="a", test_status="success")' >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr bash -c '"$VIEW" <"$1" >/dev/full' _ \
	    "$BATS_TEST_TMPDIR/in"
	assert_failure 3
	[ "$stderr" = \
	    "subunit-view: write standard output: No space left on device" ] ||
		fail "stderr: $stderr"
}

@test "200,000 packets from python-subunit are all counted" {
	stream '
for i in range(200000):
    s(test_id="test.%d" % i, test_status="success")' >"$BATS_TEST_TMPDIR/in"
	run "$VIEW" --stats <"$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "200000 passed, 0 failed, 0 skipped"
}

# The 1,000,000-packet stream: a block of 2,500 tests (10 in progress at a
# time, each with two attachments, timestamps, one of four statuses)
# encoded once by python-subunit, written 100 times.  Any state or
# attachment kept after a test ends adds up to over 100 MB.
million_packets() {
	stream '
import io
buf = io.BytesIO()
b = StreamResultToBytes(buf).status
statuses = ["success", "fail", "skip", "xfail"]
for g in range(0, 2500, 10):
    for i in range(g, g + 10):
        b(test_id="tests.module.Class.test_%04d" % i,
          test_status="inprogress", timestamp=t(i))
    for i in range(g, g + 10):
        b(test_id="tests.module.Class.test_%04d" % i, file_name="stdout",
          file_bytes=b"x" * 300 + b"\n", mime_type="text/plain")
        b(test_id="tests.module.Class.test_%04d" % i, file_name="stderr",
          file_bytes=b"y" * 200)
    for i in range(g, g + 10):
        b(test_id="tests.module.Class.test_%04d" % i,
          test_status=statuses[i % 4], timestamp=t(i + 1))
block = buf.getvalue()
for _ in range(100):
    out.write(block)'
}

@test "memory stays bounded over 1,000,000 packets (full trace and --stats)" {
	[ -x /usr/bin/time ] ||
		fail "GNU time (/usr/bin/time, Debian package time) is missing"
	local mode
	for mode in "" --stats; do
		# A child shell runs the pipeline; only the viewer is timed.
		run bash -c "$(declare -f stream million_packets)
		    PRELUDE=\$1
		    set -o pipefail
		    million_packets | /usr/bin/time -f %M -o \"\$2\" \
		        \"\$VIEW\" \$3 | tail -n 1" \
		    _ "$PRELUDE" "$BATS_TEST_TMPDIR/rss" "$mode"
		assert_failure 1
		assert_output "125000 passed, 62500 failed, 62500 skipped"
		local rss
		rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
		echo "peak RSS ${mode:-full}: $rss KB"
		[ "$rss" -lt 20000 ] || fail "peak RSS $rss KB (${mode:-full})"
	done
}

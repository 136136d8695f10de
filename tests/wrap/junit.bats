#!/usr/bin/env bats
# subunit-view --junit FILE: JUnit XML of a stream from real subunit-wrap
# runs (TAP with failures, skips, TODO and nested subtests, googletest, two
# crashes), validated against tests/fixtures/junit/junit.xsd (Jenkins's
# junit-10 schema, see its README) with xmllint, elements checked with
# xmllint --xpath; then naming rules, escaping, tests left in progress,
# atomic replacement, write errors and bounded memory on streams built
# with python-subunit's encoder.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# The fixtures of the real run, ids as subunit-wrap gives them.
FIXTURES='tests/fixtures/tap_fail.sh tests/fixtures/tap_directives.sh
tests/fixtures/tap_todo_pass.sh tests/fixtures/tap_segv.sh
build/fixtures/gtest_basic build/fixtures/gtest_segv
tests/fixtures/more_subtests.pl tests/fixtures/tap_skip_all.sh'

setup_file() {
	: "${PYTHON:=/usr/bin/python3}"
	ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	VIEW=${SUBUNIT_VIEW:-$ROOT/wrap/subunit-view}
	WRAP=${SUBUNIT_WRAP:-$ROOT/wrap/subunit-wrap}
	XSD=$ROOT/tests/fixtures/junit/junit.xsd
	export PYTHON ROOT VIEW WRAP XSD
	command -v xmllint >/dev/null || {
		echo "xmllint is missing (Debian package libxml2-utils)" >&2
		return 1
	}
	local f
	for f in "$VIEW" "$WRAP" "$ROOT/build/fixtures/gtest_basic" \
	    "$ROOT/build/fixtures/gtest_segv"; do
		[ -x "$f" ] || {
			echo "$f is not built (make check-build)" >&2
			return 1
		}
	done
	"$PYTHON" -c 'import subunit.v2' || {
		echo "$PYTHON cannot import subunit (python3-subunit)" >&2
		return 1
	}
	# shellcheck disable=SC2086
	(cd "$ROOT" && "$WRAP" --each $FIXTURES) \
	    >"$BATS_FILE_TMPDIR/run.bin" 2>/dev/null </dev/null
	local rc=0
	"$VIEW" --junit "$BATS_FILE_TMPDIR/run.xml" \
	    <"$BATS_FILE_TMPDIR/run.bin" >"$BATS_FILE_TMPDIR/run.trace" || rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/run.rc"
}

setup() {
	RUN=$BATS_FILE_TMPDIR/run.xml
}

# xp EXPR [FILE]: `run` xmllint --xpath EXPR on FILE (default the run's).
xp() {
	run xmllint --xpath "$1" "${2:-$RUN}"
}

# valid FILE: the report is valid against the schema.
valid() {
	run xmllint --noout --schema "$XSD" "$1"
	assert_success
	assert_output "$1 validates"
}

# cases FILE: "classname | name | verdict" per testcase, in order
# (verdict: the failure/error/skipped element, or "pass").
cases() {
	"$PYTHON" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
for tc in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    v = [c.tag for c in tc if c.tag in ("failure", "error", "skipped")]
    print("%s | %s | %s" % (tc.get("classname"), tc.get("name"),
                            v[0] if v else "pass"))
EOF
}

# Python run before each stream's code: s() writes one packet, t(SEC) is
# the timestamp SEC seconds after 2001-09-09T01:46:40Z.
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

# junit CODE [ARGS...]: the report of CODE's stream in $BATS_TEST_TMPDIR/r.xml
# (`run`, so $status and $output are the viewer's).
junit() {
	local code=$1
	shift
	stream "$code" >"$BATS_TEST_TMPDIR/in" ||
		fail "python-subunit could not encode: $code"
	run "$VIEW" --junit "$BATS_TEST_TMPDIR/r.xml" "$@" \
	    <"$BATS_TEST_TMPDIR/in"
}

@test "the report of real subunit-wrap runs validates against the JUnit schema" {
	run cat "$BATS_FILE_TMPDIR/run.rc"
	assert_output 1
	valid "$RUN"
	# One suite in a <testsuites> wrapper.
	xp 'count(/testsuites/testsuite)'
	assert_output 1
	xp 'string(/testsuites/testsuite/@name)'
	assert_output subunit
}

@test "the counts are the viewer's: tests, failures, errors, skipped" {
	run tail -n 1 "$BATS_FILE_TMPDIR/run.trace"
	assert_output "22 passed, 11 failed, 9 skipped"
	xp 'concat(//testsuite/@tests, " ", //testsuite/@failures, " ", //testsuite/@errors, " ", //testsuite/@skipped)'
	assert_output "42 11 0 9"
	xp 'concat(count(//testcase), " ", count(//testcase[failure]), " ", count(//testcase[error]), " ", count(//testcase[skipped]))'
	assert_output "42 11 0 9"
	xp 'concat(/testsuites/@tests, " ", /testsuites/@failures, " ", /testsuites/@errors)'
	assert_output "42 11 0"
	# The suite's time and start from the stream's timestamps.
	xp 'string(//testsuite/@timestamp)'
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'
	xp 'string(//testsuite/@time)'
	assert_output --regexp '^[0-9]+\.[0-9]{6}$'
	xp 'count(//testcase[not(@time)])'
	assert_output 0
}

@test "TAP assertions are test cases named by their label, classname their program" {
	run cases "$RUN"
	assert_line "tests/fixtures/tap_fail.sh | 1 - good | pass"
	assert_line "tests/fixtures/tap_fail.sh | 2 - bad | failure"
	assert_line "tests/fixtures/tap_fail.sh | 3 - after | pass"
	# The program's own verdict, in the same class.
	assert_line "tests/fixtures/tap_fail.sh | tests/fixtures/tap_fail.sh | failure"
	xp 'string(//testcase[@name="2 - bad"]/failure/@message)'
	assert_output failed
	xp 'string(//testcase[@name="2 - bad"]/system-out)'
	assert_output "# got 5
# expected 4"
	# The failure's text is what the trace shows under the test.
	xp 'string(//testcase[@name="2 - bad"]/failure)'
	assert_output "stdout:
# got 5
# expected 4"
	xp 'string(//testcase[@name="tests/fixtures/tap_fail.sh"]/failure/@message)'
	assert_output "1 of 3 assertions failed"
	xp 'string(//testcase[@name="tests/fixtures/tap_fail.sh"]/failure/@type)'
	assert_output fail
}

@test "skip, TODO (xfail) and a passing TODO (uxsuccess)" {
	local c='//testcase[@classname="tests/fixtures/tap_directives.sh"'
	xp "string($c and @name=\"1 - net\"]/skipped/@message)"
	assert_output "no network"
	# No reason: <skipped/> alone.
	xp "count($c and @name=\"5\"]/skipped[not(@message)])"
	assert_output 1
	# xfail: passed, with a note.
	xp "count($c and @name=\"6 - unwritten\"]/*[self::failure or self::error or self::skipped])"
	assert_output 0
	xp "string($c and @name=\"6 - unwritten\"]/system-out)"
	assert_output "xfail (an expected failure, reported as passed): not written yet"
	xp "concat($c and @name=\"7 - bonus\"]/failure/@type, \" / \", $c and @name=\"7 - bonus\"]/failure/@message)"
	assert_output "uxsuccess / unexpected success: works already"
	# not ok # SKIP is a failure, as in the stream.
	xp "string($c and @name=\"8 - skip on failure\"]/failure/@message)"
	assert_output "too late"
	# A skipped program (1..0 # SKIP).
	run cases "$RUN"
	assert_line "tests/fixtures/tap_skip_all.sh | tests/fixtures/tap_skip_all.sh | skipped"
}

@test "googletest: classname PROGRAM::Suite, name Name; failure text is the test's output" {
	run cases "$RUN"
	assert_line "build/fixtures/gtest_basic::Basic | Pass | pass"
	assert_line "build/fixtures/gtest_basic::Basic | Fail | failure"
	assert_line "build/fixtures/gtest_basic::Basic | Skip | skipped"
	assert_line "build/fixtures/gtest_basic::Basic | Throws | failure"
	local c='//testcase[@classname="build/fixtures/gtest_basic::Basic" and @name="Fail"]'
	xp "string($c/system-out)"
	assert_output "tests/fixtures/gtest_basic.cc:37: Failure
Expected equality of these values:
  3
  1 + 1
    Which is: 2
arithmetic is broken"
	xp "string($c/failure)"
	assert_output --partial "stdout:
tests/fixtures/gtest_basic.cc:37: Failure"
	xp "string($c/@time)"
	assert_output --regexp '^[0-9]+\.[0-9]{6}$'
}

@test "crashes: the reason is the message, the crash report is in the failure and system-err" {
	local c='//testcase[@name="tests/fixtures/tap_segv.sh"]'
	xp "string($c/failure/@message)"
	assert_output "planned 3 tests but ran 1; killed by signal SIGSEGV"
	xp "string($c/system-err)"
	assert_output --regexp $'^about to crash\ncrash:\nSIGSEGV: '
	xp "string($c/failure)"
	assert_output --partial $'reason:\nplanned 3 tests but ran 1; killed by signal SIGSEGV'
	assert_output --partial $'crash:\nSIGSEGV: '
	# googletest: the test that crashed fails, the restart runs the rest.
	run cases "$RUN"
	assert_line "build/fixtures/gtest_segv::Crash | Before | pass"
	assert_line "build/fixtures/gtest_segv::Crash | Segv | failure"
	assert_line "build/fixtures/gtest_segv::Crash | After | pass"
	assert_line "build/fixtures/gtest_segv::Other | Pass | pass"
	assert_line "build/fixtures/gtest_segv | build/fixtures/gtest_segv | failure"
	xp 'string(//testcase[@classname="build/fixtures/gtest_segv::Crash" and @name="Segv"]/failure/@message)'
	assert_output "killed by signal SIGSEGV"
}

@test "nested TAP subtests: the classname is the enclosing subtest" {
	run cases "$RUN"
	assert_line "tests/fixtures/more_subtests.pl (outer) | 1 - inner a | pass"
	assert_line "tests/fixtures/more_subtests.pl (outer) (deeper) | 2 - deep b | pass"
	assert_line "tests/fixtures/more_subtests.pl (outer) | deeper | pass"
	assert_line "tests/fixtures/more_subtests.pl | outer | pass"
	assert_line "tests/fixtures/more_subtests.pl | 2 - top | pass"
	assert_line "tests/fixtures/more_subtests.pl | tests/fixtures/more_subtests.pl | pass"
}

@test "--stats --junit writes the same report, and prints only the counts" {
	run "$VIEW" --stats --junit "$BATS_TEST_TMPDIR/stats.xml" \
	    <"$BATS_FILE_TMPDIR/run.bin"
	assert_failure 1
	assert_output "22 passed, 11 failed, 9 skipped"
	run cmp "$RUN" "$BATS_TEST_TMPDIR/stats.xml"
	assert_success
}

@test "--parent-ids streams give the same names" {
	cd "$ROOT"
	"$WRAP" --parent-ids --each tests/fixtures/tap_fail.sh \
	    tests/fixtures/more_subtests.pl >"$BATS_TEST_TMPDIR/p.bin" 2>/dev/null
	"$WRAP" --each tests/fixtures/tap_fail.sh \
	    tests/fixtures/more_subtests.pl >"$BATS_TEST_TMPDIR/n.bin" 2>/dev/null
	run "$VIEW" --junit "$BATS_TEST_TMPDIR/p.xml" <"$BATS_TEST_TMPDIR/p.bin"
	run "$VIEW" --junit "$BATS_TEST_TMPDIR/n.xml" <"$BATS_TEST_TMPDIR/n.bin"
	valid "$BATS_TEST_TMPDIR/p.xml"
	run cases "$BATS_TEST_TMPDIR/p.xml"
	local with=$output
	run cases "$BATS_TEST_TMPDIR/n.xml"
	assert_output "$with"
	assert_line "tests/fixtures/more_subtests.pl (outer) (deeper) | 1 - deep a | pass"
}

@test "classname and name: the rules of view_junit.h on ids of other producers" {
	junit '
for i in ["Suite.Name", "Inst/Suite.Name/3", "TypedTest/0.Name",
          "build/t/unit::Suite.Name", "pkg.mod.Class.test_x",
          "/glib/path/leaf", "build/glib::/basic/fail", "t/skip.t",
          "/abs/t/net.py", "build/unit_tests", "Suite (set-up)",
          "t/x.t (1 - f(x) (y))", "bar.sh"]:
    s(test_id=i, test_status="success")
s(test_id="t/p.t", test_status="inprogress")
s(test_id="t/p.t (1 - a) b)", test_status="success")
s(test_id="t/p.t", test_status="success")
s(test_id="foo.sh", test_status="inprogress")
s(test_id="foo.sh (1 - ok)", test_status="success")
s(test_id="foo.sh", test_status="fail")'
	assert_failure 1
	valid "$BATS_TEST_TMPDIR/r.xml"
	run cases "$BATS_TEST_TMPDIR/r.xml"
	assert_output - <<'EOF'
Suite | Name | pass
Inst/Suite | Name/3 | pass
TypedTest/0 | Name | pass
build/t/unit::Suite | Name | pass
pkg.mod.Class | test_x | pass
/glib/path | leaf | pass
build/glib::/basic | fail | pass
t/skip.t | t/skip.t | pass
/abs/t/net.py | /abs/t/net.py | pass
build/unit_tests | build/unit_tests | pass
Suite | set-up | pass
t/x.t | 1 - f(x) (y) | pass
bar | sh | pass
t/p.t | 1 - a) b | pass
t/p.t | t/p.t | pass
foo.sh | 1 - ok | pass
foo.sh | foo.sh | failure
EOF
}

@test "tests still in progress at the end are errors with their output" {
	junit '
s(test_id="done", test_status="inprogress", timestamp=t(0))
s(test_id="done", test_status="success", timestamp=t(1.25))
s(test_id="hung", test_status="inprogress", timestamp=t(2))
s(test_id="hung", file_name="stdout", file_bytes=b"waiting...\n")'
	assert_failure 1
	valid "$BATS_TEST_TMPDIR/r.xml"
	local r=$BATS_TEST_TMPDIR/r.xml
	xp 'concat(//testsuite/@tests, " ", //testsuite/@failures, " ", //testsuite/@errors, " ", //testsuite/@skipped)' "$r"
	assert_output "2 0 1 0"
	xp 'concat(//testcase[@name="hung"]/error/@type, " / ", //testcase[@name="hung"]/error/@message)' "$r"
	assert_output "incomplete / the stream ended before the test's result"
	xp 'string(//testcase[@name="hung"]/system-out)' "$r"
	assert_output "waiting..."
	# Durations from the test's timestamps; the suite from first to last.
	xp 'concat(//testcase[@name="done"]/@time, " ", //testcase[@name="hung"]/@time)' "$r"
	assert_output "1.250000 0.000000"
	xp 'concat(//testsuite/@time, " ", //testsuite/@timestamp)' "$r"
	assert_output "2.000000 2001-09-09T01:46:40"
}

@test "escaping: entities, forbidden characters and bad UTF-8 as \\xNN, a character split across stdout parts" {
	junit '
s(test_id="odd\x01id\ttab &<>\"", test_status="inprogress")
s(test_id="odd\x01id\ttab &<>\"", file_name="stdout", mime_type="text/plain;charset=utf8",
  file_bytes=b"amp & lt < gt > quot \" ]]> cr\r\nnul \x00 bell \x07 bad \xff\xfe e \xc3\xa9 fffe \xef\xbf\xbe euro \xe2\x82", eof=True)
s(test_id="odd\x01id\ttab &<>\"", file_name="stdout.2", file_bytes=b"\xac cut \xe2")
s(test_id="odd\x01id\ttab &<>\"", file_name="reason",
  file_bytes=b"two\nlines \"quoted\" <&>\n")
s(test_id="odd\x01id\ttab &<>\"", test_status="fail")'
	assert_failure 1
	valid "$BATS_TEST_TMPDIR/r.xml"
	run "$PYTHON" - "$BATS_TEST_TMPDIR/r.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
tc = next(ET.parse(sys.argv[1]).getroot().iter("testcase"))
print(repr(tc.get("classname")), repr(tc.get("name")))
print(repr(tc.find("failure").get("message")))
print(repr(tc.find("system-out").text))
print(repr(tc.find("failure").text))
EOF
	assert_success
	assert_line --index 0 "'odd\\\\x01id\\\\ttab &<>\"' 'odd\\\\x01id\\\\ttab &<>\"'"
	assert_line --index 1 "'two\\nlines \"quoted\" <&>'"
	local out="amp & lt < gt > quot \" ]]> cr\\r\\nnul \\\\x00 bell \\\\x07 bad \\\\xff\\\\xfe e é fffe \\\\xef\\\\xbf\\\\xbe euro € cut \\\\xe2"
	assert_line --index 2 "'$out'"
	# The failure's text: stdout once, its parts joined, then the reason.
	assert_line --index 3 "'stdout:\\n$out\\nreason:\\ntwo\\nlines \"quoted\" <&>\\n'"
}

@test "the schema is strict enough to matter: it rejects broken reports" {
	local r=$BATS_TEST_TMPDIR
	sed 's/ tests="42"/ tests="many"/' "$RUN" >"$r/count.xml"
	run xmllint --noout --schema "$XSD" "$r/count.xml"
	assert_failure
	assert_output --partial "'many' is not a valid value"
	sed '3s/<testsuite name="subunit"/<testsuite/' "$RUN" >"$r/name.xml"
	run xmllint --noout --schema "$XSD" "$r/name.xml"
	assert_failure
	assert_output --partial "The attribute 'name' is required"
	sed 's/<skipped\/>/<skip\/>/' "$RUN" >"$r/elem.xml"
	run xmllint --noout --schema "$XSD" "$r/elem.xml"
	assert_failure
	assert_output --partial "Element 'skip': This element is not expected"
}

@test "an existing FILE is replaced only when the stream ends; no temporary file is left" {
	local d=$BATS_TEST_TMPDIR/out
	mkdir "$d"
	echo old >"$d/report.xml"
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	"$VIEW" --junit "$d/report.xml" <"$BATS_TEST_TMPDIR/fifo" \
	    >"$BATS_TEST_TMPDIR/trace" 3>&- &
	local pid=$!
	exec 5>"$BATS_TEST_TMPDIR/fifo"
	stream 's(test_id="a", test_status="success")' >&5
	local i
	for i in $(seq 50); do
		grep -q success "$BATS_TEST_TMPDIR/trace" && break
		sleep 0.1
	done
	run cat "$d/report.xml"
	assert_output old
	# The testcases wait in an unlinked scratch file: nothing to see.
	run ls -A "$d"
	assert_output report.xml
	exec 5>&-
	wait "$pid"
	valid "$d/report.xml"
	xp 'string(//testcase/@name)' "$d/report.xml"
	assert_output a
	run ls -A "$d"
	assert_output report.xml
	# A new file, mode 0666 less the umask.
	rm "$d/report.xml"
	(umask 027 && "$VIEW" --junit "$d/report.xml" </dev/null >/dev/null)
	run stat -c %a "$d/report.xml"
	assert_output 640
}

@test "a FILE that cannot be written: one message, exit 3, before reading the stream" {
	local d=$BATS_TEST_TMPDIR
	run --separate-stderr "$VIEW" --junit "$d/no/such/dir/r.xml" \
	    <"$BATS_FILE_TMPDIR/run.bin"
	assert_failure 3
	assert_output ""
	[ "$stderr" = "subunit-view: cannot write $d/no/such/dir/r.xml: No such file or directory" ] ||
		fail "stderr: $stderr"
	mkdir "$d/adir"
	run --separate-stderr "$VIEW" --junit "$d/adir" </dev/null
	assert_failure 3
	[ "$stderr" = "subunit-view: cannot write $d/adir: Is a directory" ] ||
		fail "stderr: $stderr"
	run ls -A "$d/adir"
	assert_output ""
}

@test "a FILE that cannot be replaced at the end: one message, exit 3, no file left" {
	local d=$BATS_TEST_TMPDIR/out
	mkdir "$d"
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	"$VIEW" --junit "$d/report.xml" <"$BATS_TEST_TMPDIR/fifo" \
	    >/dev/null 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	local pid=$!
	exec 5>"$BATS_TEST_TMPDIR/fifo"
	stream 's(test_id="a", test_status="success")' >&5
	sleep 0.2
	# Something else takes the name meanwhile: a directory, not empty.
	mkdir "$d/report.xml"
	touch "$d/report.xml/keep"
	exec 5>&-
	local rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 3 ] || fail "exit $rc"
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "subunit-view: cannot write $d/report.xml: Is a directory"
	run ls -A "$d" "$d/report.xml"
	assert_output "$d:
report.xml

$d/report.xml:
keep"
}

@test "--junit without FILE is a usage error" {
	run --separate-stderr "$VIEW" --junit </dev/null
	assert_failure 2
	assert_output ""
	[ "${stderr_lines[0]}" = \
	    "subunit-view: option '--junit' requires an argument" ] ||
		fail "stderr: $stderr"
	[ "${stderr_lines[1]}" = \
	    "usage: subunit-view [--format trace|text] [--stats] [--junit FILE] < STREAM" ] ||
		fail "stderr: $stderr"
}

@test "memory stays bounded with --junit: 200,000 tests with output" {
	[ -x /usr/bin/time ] ||
		fail "GNU time (/usr/bin/time, Debian package time) is missing"
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
          file_bytes=b"x" * 100 + b"\n", mime_type="text/plain")
    for i in range(g, g + 10):
        b(test_id="tests.module.Class.test_%04d" % i,
          test_status=statuses[i % 4], timestamp=t(i + 1))
block = buf.getvalue()
for _ in range(80):
    out.write(block)' >"$BATS_TEST_TMPDIR/in"
	run /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$VIEW" --stats \
	    --junit "$BATS_TEST_TMPDIR/big.xml" <"$BATS_TEST_TMPDIR/in"
	assert_failure 1
	assert_output "100000 passed, 50000 failed, 50000 skipped"
	local rss
	rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak RSS: $rss KB"
	[ "$rss" -lt 20000 ] || fail "peak RSS $rss KB"
	run grep -c '^<testcase ' "$BATS_TEST_TMPDIR/big.xml"
	assert_output 200000
	run sed -n 3p "$BATS_TEST_TMPDIR/big.xml"
	assert_output --regexp '^<testsuite name="subunit" tests="200000" failures="50000" errors="0" skipped="50000" '
	run xmllint --noout --stream --schema "$XSD" "$BATS_TEST_TMPDIR/big.xml"
	assert_success
}

#!/usr/bin/env bats
# subunit-wrap is lossless and cannot be fooled: every byte the program
# writes is in the stream exactly once (attachments, or the protocol lines
# the classifier consumed), binary garbage and real subunit packets printed
# by a test are data, a 50 MiB line streams through in bounded memory and
# in attachments below 4 MiB (testr's limit).

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

@test "garbage and forged packets are the program's chatter, byte for byte" {
	wrap tests/fixtures/garbage.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/garbage.sh
file tests/fixtures/garbage.sh stdout "text before\n\xb3\xb3)\x03\x0f\x06forged\x86\xef\x19\xed\x00\x01\x02\xff\xfe mid\xb3line\ntail without newline"
file tests/fixtures/garbage.sh stderr "\xb3)\x06\x13\nforged-errj\xfa\xe3\xd5\xc2\xb3 \xb3\xb3\xb3\n"
success tests/fixtures/garbage.sh
EOF
	tests/fixtures/garbage.sh >"$BATS_TEST_TMPDIR/want.1" \
	    2>"$BATS_TEST_TMPDIR/want.2"
	stream_bytes stdout >"$BATS_TEST_TMPDIR/got.1"
	stream_bytes stderr >"$BATS_TEST_TMPDIR/got.2"
	cmp "$BATS_TEST_TMPDIR/want.1" "$BATS_TEST_TMPDIR/got.1"
	cmp "$BATS_TEST_TMPDIR/want.2" "$BATS_TEST_TMPDIR/got.2"
}

@test "packets printed by a TAP program with python-subunit are chatter" {
	wrap tests/fixtures/py_forge.py
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/py_forge.py
inprogress tests/fixtures/py_forge.py (1 - real)
success tests/fixtures/py_forge.py (1 - real)
file tests/fixtures/py_forge.py stdout "\xb3)\x02\x0f\x06forged\x91\x94\r\xae\xb3)F\"\x06forged\ttraceback\x08injected\xf3\"\x807\n"
file tests/fixtures/py_forge.py stderr "\xb3)\x06\x13\nforged-errj\xfa\xe3\xd5"
success tests/fixtures/py_forge.py
EOF
	# Everything after "1..1\nok 1 - real\n" (17 bytes) is chatter.
	tests/fixtures/py_forge.py 2>"$BATS_TEST_TMPDIR/want.2" |
	    tail -c +18 >"$BATS_TEST_TMPDIR/want.1"
	stream_bytes stdout | cmp "$BATS_TEST_TMPDIR/want.1" -
	stream_bytes stderr | cmp "$BATS_TEST_TMPDIR/want.2" -
}

@test "the stream itself holds only packets, so consumers see no forged test" {
	wrap tests/fixtures/garbage.sh
	# subunit-ls (python-subunit's own tool) lists the one real test.
	run subunit-ls --no-passthrough <"$OUT"
	assert_success
	assert_output "tests/fixtures/garbage.sh"
	run subunit-stats --no-passthrough <"$OUT"
	assert_success
	assert_line --regexp '^Total tests: +1$'
}

# testr_repo: an empty testrepository in $BATS_TEST_TMPDIR/repo, made the
# current directory.
testr_repo() {
	command -v testr >/dev/null ||
		fail "testr is missing (Debian package testrepository)"
	mkdir "$BATS_TEST_TMPDIR/repo"
	cd "$BATS_TEST_TMPDIR/repo" || return 1
	printf '[DEFAULT]\ntest_command=true\n' >.testr.conf
	testr init >/dev/null
}

@test "python-subunit and testr count a TAP stream as it is meant" {
	wrap tests/fixtures/tap_directives.sh
	# xfail and uxsuccess count as passed; the program and the
	# "not ok # SKIP" assertion failed; six skips.
	run subunit-stats --no-passthrough <"$OUT"
	assert_failure 1
	assert_line --regexp '^Total tests: +12$'
	assert_line --regexp '^Passed tests: +4$'
	assert_line --regexp '^Failed tests: +2$'
	assert_line --regexp '^Skipped tests: +6$'
	testr_repo
	run testr load <"$OUT"
	assert_failure 1
	assert_line "FAILED (id=0, failures=2, skips=6)"
	run bash -c 'testr failing --list | LC_ALL=C sort'
	assert_output - <<'EOF'
tests/fixtures/tap_directives.sh
tests/fixtures/tap_directives.sh (8 - skip on failure)
EOF
}

# tap_chatter_of FIXTURE: FIXTURE's stdout without its TAP protocol lines (test
# points, plans, version, "# Subtest:" headers, "Bail out!"), which the
# wrapper represents as events.
tap_chatter_of() {
	"$@" 2>/dev/null |
	    grep -Ev '^( {4})*((not )?ok\b|1\.\.[0-9]|# Subtest:)|^TAP version|^Bail out!' ||
	    :
}

@test "TAP programs: every non-protocol byte once, in order, on its stream" {
	local f
	# (Not tap_yaml.sh, whose YAML holds indented TAP-like lines, nor
	# tap_chatter.sh, which glues chatter to a test point: the exact
	# listings of wrap_tap.bats cover them.)
	for f in tap_fail.sh tap_diag.sh tap_bailout.sh tap_directives.sh \
	    tap14_subtests.sh tap_child.sh tap_names.sh more_todo.pl \
	    more_fail.pl more_subtests.pl py_tap.py; do
		wrap "tests/fixtures/$f"
		events --summary
		assert_success
		tap_chatter_of "tests/fixtures/$f" >"$BATS_TEST_TMPDIR/want.1"
		"tests/fixtures/$f" 2>"$BATS_TEST_TMPDIR/want.2" >/dev/null || :
		stream_bytes stdout >"$BATS_TEST_TMPDIR/got.1"
		stream_bytes stderr >"$BATS_TEST_TMPDIR/got.2"
		diff "$BATS_TEST_TMPDIR/want.1" "$BATS_TEST_TMPDIR/got.1" ||
			fail "$f: stdout differs"
		diff "$BATS_TEST_TMPDIR/want.2" "$BATS_TEST_TMPDIR/got.2" ||
			fail "$f: stderr differs"
	done
}

@test "20,000 assertions with chatter: all results, the chatter intact" {
	wrap tests/fixtures/tap_flood.sh 20000
	events --summary
	assert_success
	assert_output \
	    "success=20001 fail=0 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	stream_bytes stdout >"$BATS_TEST_TMPDIR/got"
	seq 20000 | sed 's/^/line /' | cmp - "$BATS_TEST_TMPDIR/got"
}

@test "a 100,000-byte line between assertions goes through whole" {
	wrap tests/fixtures/tap_longline.sh
	events --hide stdout
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_longline.sh
inprogress tests/fixtures/tap_longline.sh (1 - before)
success tests/fixtures/tap_longline.sh (1 - before)
inprogress tests/fixtures/tap_longline.sh (2 - after)
success tests/fixtures/tap_longline.sh (2 - after)
success tests/fixtures/tap_longline.sh
EOF
	stream_bytes stdout >"$BATS_TEST_TMPDIR/got"
	{ head -c 100000 /dev/zero | tr '\0' y; echo; } |
	    cmp - "$BATS_TEST_TMPDIR/got"
}

@test "a 50 MiB line without newline: streamed, chunked below 4 MiB, RSS < 64 MiB" {
	[ -x /usr/bin/time ] ||
		fail "GNU time (/usr/bin/time, Debian package time) is missing"
	# time reports the largest peak RSS of the tree it runs; the
	# program's processes (sh, head, tr) stay near 2 MiB, so that is the
	# wrapper's.
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
	    "$WRAP" tests/fixtures/bigline.sh >"$OUT" 2>"$ERR" </dev/null ||
		fail "exit $?: $(cat "$ERR")"
	local rss
	rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak RSS: $rss KB"
	[ "$rss" -lt 65536 ] || fail "peak RSS $rss KB"
	events --hide stdout
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/bigline.sh
file tests/fixtures/bigline.sh stderr "done\n"
success tests/fixtures/bigline.sh
EOF
	stream_bytes stdout >"$BATS_TEST_TMPDIR/got"
	head -c 52428800 /dev/zero | tr '\0' x | cmp - "$BATS_TEST_TMPDIR/got"
	# stdout, stdout.2, ... stdout.N: 13 or more, each below 4 MiB
	# (--check above fails on one of 4 MiB or more).
	run "$PYTHON" "$EVENTS" --sizes "$OUT"
	assert_success
	run grep -c '^tests/fixtures/bigline.sh stdout\(\.[0-9]*\)\? ' <<<"$output"
	[ "$output" -ge 13 ] || fail "$output stdout attachments"
	# testr stores it: it cannot load one attachment of 4 MiB or more.
	testr_repo
	run testr load <"$OUT"
	assert_success
	assert_line "PASSED (id=0)"
}

@test "memory stays bounded for chatter that never ends a line, with TAP" {
	# The same 50 MiB, after a plan and an assertion: the TAP classifier
	# must not hold the line either.
	[ -x /usr/bin/time ] || fail "GNU time is missing"
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$WRAP" sh -c \
	    'printf "1..1\nok 1 - first\n"; exec tests/fixtures/bigline.sh 52428800' \
	    >"$OUT" 2>"$ERR" </dev/null || fail "exit $?: $(cat "$ERR")"
	local rss
	rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	echo "peak RSS: $rss KB"
	[ "$rss" -lt 65536 ] || fail "peak RSS $rss KB"
	events --summary
	assert_success
	assert_output \
	    "success=2 fail=0 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	stream_bytes stdout | tr -d x | wc -c | {
		read -r n
		[ "$n" -eq 0 ] || fail "$n bytes other than x in stdout"
	}
	run bash -c '"$PYTHON" "$EVENTS" --bytes stdout "$1" | wc -c' _ "$OUT"
	assert_output 52428800
}

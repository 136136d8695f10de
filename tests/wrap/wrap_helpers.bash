# Shared by the wrap_*.bats files: how to run subunit-wrap on a fixture
# and read its stream back through python-subunit (events.py).
#
#   wrap ARGS...       run the wrapper, stream in $OUT, stderr in $ERR;
#                      fails the test unless it exits 0
#   events [OPTS]      `run` events.py --check --hide reason --hide crash
#                      OPTS $OUT: the listing (attachments but the reasons
#                      and the shim's crash reports, whose backtraces vary;
#                      wrap_preload.bats checks those) followed by an
#                      "ERROR: ..." line per stream problem
#   reason_matches ID REGEX   the `reason` attachment of ID matches REGEX
#   stream_bytes NAME  the raw bytes of every NAME attachment, in order
#
# Tests run from the top of the tree, so a fixture's id is its path from
# there: tests/fixtures/tap_pass.sh, build/fixtures/c_crash.

wrap_setup_file() {
	: "${PYTHON:=/usr/bin/python3}"
	# Ids hold UTF-8 (café ✓); print them so whatever the locale.
	PYTHONIOENCODING=utf-8
	ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	# SUBUNIT_WRAP runs the tests on another build (e.g. ASan).
	WRAP=${SUBUNIT_WRAP:-$ROOT/wrap/subunit-wrap}
	case $WRAP in
	/*) ;;
	*) WRAP=$PWD/$WRAP ;;
	esac
	EVENTS=$BATS_TEST_DIRNAME/events.py
	export PYTHON PYTHONIOENCODING ROOT WRAP EVENTS
	[ -x "$WRAP" ] || {
		echo "$WRAP is not built (run make)" >&2
		return 1
	}
	"$PYTHON" -c 'import subunit.v2' || {
		echo "$PYTHON cannot import subunit (python3-subunit)" >&2
		return 1
	}
}

wrap_setup() {
	cd "$ROOT" || return 1
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
}

# need_fixture_bin NAME...: the C fixtures are built by make.
need_fixture_bin() {
	local f
	for f in "$@"; do
		[ -x "build/fixtures/$f" ] ||
			fail "build/fixtures/$f is not built (make check-build)"
	done
}

wrap() {
	wrap_status=0
	"$WRAP" "$@" >"$OUT" 2>"$ERR" </dev/null || wrap_status=$?
	[ "$wrap_status" -eq 0 ] ||
		fail "subunit-wrap $* exited $wrap_status: $(cat "$ERR")"
}

events() {
	run "$PYTHON" "$EVENTS" --check --hide reason --hide crash "$@" "$OUT"
}

# reason_matches ID REGEX (bash =~, extended)
reason_matches() {
	local r
	r=$("$PYTHON" "$EVENTS" --file "$1" reason "$OUT") ||
		fail "events.py could not read the stream"
	[[ $r =~ $2 ]] ||
		fail "reason of '$1' is '$r', which does not match /$2/"
}

# reason_refutes ID REGEX: the reason does not match REGEX
reason_refutes() {
	local r
	r=$("$PYTHON" "$EVENTS" --file "$1" reason "$OUT") ||
		fail "events.py could not read the stream"
	if [[ $r =~ $2 ]]; then
		fail "reason of '$1' is '$r', which matches /$2/"
	fi
}

stream_bytes() {
	"$PYTHON" "$EVENTS" --bytes "$1" "$OUT"
}

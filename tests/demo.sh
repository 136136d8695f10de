#!/bin/sh
# demo.sh: `make demo` (after the build).  Runs a mixed legacy suite (the
# TAP, perl, python and shell programs of tests/fixtures/demo/, with a
# crash, a googletest program and a TAP script that hangs, stopped by
# --timeout) in subunit-wrap's live view, then shows the same programs as
# a subunit v2 stream read by subunit-view and by python-subunit, then the
# codec underneath: a hand-made stream, and that stream after a stray
# 0xB3 byte.  About 5 seconds once built.
set -eu
cd "$(dirname "$0")/.."
tool=build/tests/codec-tool
view=wrap/subunit-view
for f in "$tool" "$view"; do
	[ -x "$f" ] || { echo "demo: $f is not built (run make demo)" >&2; exit 2; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

wrap=wrap/subunit-wrap
gtest=build/fixtures/gtest_basic
hang=tests/fixtures/tap_hang.sh
for f in "$wrap" "$gtest"; do
	[ -x "$f" ] || { echo "demo: $f is not built (run make demo)" >&2; exit 2; }
done
suites=tests/fixtures/demo
echo "== 1. A mixed suite of legacy test programs, unmodified:"
for f in "$suites"/*; do
	printf '   %-36s %s\n' "$f" \
	    "$(sed -n 2p "$f" | sed -e 's/^# //' -e 's/^Demo suite: //')"
done
printf '   %-36s %s\n' "$gtest" \
    "googletest: passes, failures, an exception, skips"
printf '   %-36s %s\n' "$hang" "TAP that hangs after its first assertion"
echo
echo "== 2. subunit-wrap --timeout 3 --each -j 2 <them all>: the live view"
echo "   (what a terminal shows: a progress line at the bottom while they run,"
echo "   the hang's time growing until --timeout stops it; here with"
echo "   --format text when the output is not a terminal)"
echo
if [ -t 1 ]; then
	"$wrap" --timeout 3 --each -j 2 "$suites"/* "$gtest" "$hang" || true
else
	"$wrap" --format text --timeout 3 --each -j 2 "$suites"/* "$gtest" \
	    "$hang" || true
fi
echo
echo "== 3. The same programs (but the hang) as a subunit v2 stream, shown by subunit-view"
echo "   subunit-wrap --each -j 2 ... > run.subunit (not a terminal: v2)"
"$wrap" --each -j 2 "$suites"/* "$gtest" >"$tmp/run.subunit"
echo "   ($(wc -c <"$tmp/run.subunit") bytes of subunit v2; subunit-view --format trace)"
"$view" --format trace <"$tmp/run.subunit" | sed 's/^/   /' || true
echo
echo "== 4. The same stream read by python-subunit (subunit-stats)"
subunit-stats --no-passthrough <"$tmp/run.subunit" | sed 's/^/   /' || true
echo
echo "== 5. --list: what testr would be told it can run"
"$wrap" --list --each "$suites"/* "$gtest" | subunit-ls --exists | sed 's/^/   /'

hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
# ev STATUS SECONDS ID [FILE BYTES EOF]: one line for `codec-tool encode`.
# Status numbers: 2 inprogress, 3 success, 5 skip, 6 fail, 7 xfail.
ev() {
	file=- bytes=- mime=- eof=0
	if [ $# -gt 3 ]; then
		file=$(hex "$4") bytes=$(hex "$5") eof=$6
		mime=$(hex "text/plain;charset=utf8")
	fi
	printf 'status=%s runnable=1 eof=%s ts=%s id=%s route=- parent=- ' \
	    "$1" "$eof" "$2" "$(hex "$3")"
	printf 'tags=- mime=%s file=%s bytes=%s\n' "$mime" "$file" "$bytes"
}
t0=1704067200
nl='
'
{
	ev 2 $t0.000000000 demo.test_adds
	ev 3 $t0.250000000 demo.test_adds
	ev 2 $t0.250000000 demo.test_subtracts
	ev 0 $t0.300000000 demo.test_subtracts stdout "computing 3 - 1$nl" 0
	ev 0 $t0.300000000 demo.test_subtracts traceback \
	    "AssertionError: 3 - 1 != 1$nl" 1
	ev 6 $t0.500000000 demo.test_subtracts
	ev 5 $t0.500000000 demo.test_network reason "no network here$nl" 1
	ev 7 $t0.600000000 demo.test_known_bug
} >"$tmp/events"

echo
echo "== 6. The codec underneath: encode $(wc -l <"$tmp/events") events with lib/ (build/tests/codec-tool encode)"
printf '== running the demo suite ==\n' >"$tmp/stream"
"$tool" encode <"$tmp/events" >>"$tmp/stream"
printf 'plain text after the last packet\n' >>"$tmp/stream"
echo "   $(wc -c <"$tmp/stream") bytes: the packets, with a line of plain text" \
    "before and after them.  The first packet:"
"$tool" encode <"$tmp/events" | head -c 26 | od -An -tx1 | sed 's/^/  /'
"$tool" decode <"$tmp/stream" | grep -v ' id=- ' >"$tmp/decoded" || true
if cmp -s "$tmp/events" "$tmp/decoded"; then
	echo "   decoded again: the same $(wc -l <"$tmp/decoded") events" \
	    "(and the two lines of text as text)"
else
	echo "   decoded again: DIFFERENT events:"
	diff "$tmp/events" "$tmp/decoded" || true
fi

# side LEFT-TITLE LEFT-FILE RIGHT-TITLE RIGHT-FILE: two columns.
side() {
	# Bytes that are not printable ASCII are shown as '?'.
	{ echo "$1"; echo "$1" | sed 's/./-/g'; cat "$2"; } |
	    LC_ALL=C tr -c '[:print:]\t\n' '?' >"$tmp/left"
	{ echo "$3"; echo "$3" | sed 's/./-/g'; cat "$4"; } |
	    LC_ALL=C tr -c '[:print:]\t\n' '?' | cut -c1-45 >"$tmp/right"
	awk -v right="$tmp/right" '{
		r = ""
		if ((getline r < right) <= 0) r = ""
		gsub(/\t/, "    ")
		if (length($0) > 46) $0 = substr($0, 1, 45) "~"
		printf "   %-47s %s\n", $0, r
	} END {
		while ((getline r < right) > 0) printf "   %-47s %s\n", "", r
	}' "$tmp/left"
}

echo
echo "== 7. A hand-made stream through our viewer and through python-subunit"
"$view" --format trace <"$tmp/stream" >"$tmp/ours" 2>&1 || true
subunit-stats <"$tmp/stream" >"$tmp/python" 2>&1 || true
side "wrap/subunit-view" "$tmp/ours" "subunit-stats (python-subunit)" \
    "$tmp/python"

echo
echo "== 8. The same stream after a line holding a Latin-1 superscript 3 (0xB3)"
echo "   python-subunit takes that byte for the start of a packet and loses what"
echo "   its bogus length covers; our decoder sees that no packet can start"
echo "   there and keeps the byte as text."
{
	printf 'volume: 2 m\263\n'
	cat "$tmp/stream"
} >"$tmp/latin1"
"$view" --format trace <"$tmp/latin1" >"$tmp/ours" 2>&1 || true
subunit-stats <"$tmp/latin1" >"$tmp/python" 2>&1 || true
side "wrap/subunit-view" "$tmp/ours" "subunit-stats (python-subunit)" \
    "$tmp/python"


#!/usr/bin/env bats
# Streams within streams (issue 6): a subunit-wrap run by subunit-wrap (the
# seed design's supervisor -> worker -> test tree) is recognised from its
# ELF file and its stream forwarded packet by packet with the route codes
# prefixed; --pattern subunit does the same for any v2 producer.  Bytes a
# test prints are never read as packets.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
}

setup() {
	wrap_setup
	T=$BATS_TEST_TMPDIR
}

@test "nested subunit-wrap: detected from its file, its stream forwarded as it is" {
	"$WRAP" --each tests/fixtures/tap_pass.sh tests/fixtures/tap_fail.sh \
	    >"$T/direct" 2>/dev/null
	wrap "$WRAP" --each tests/fixtures/tap_pass.sh tests/fixtures/tap_fail.sh
	run cat "$ERR"
	assert_output ""
	# The same events (timestamps aside), routes as the inner run gave
	# them (the outer has none), and no entry for the inner program,
	# which exited 0: it is not a test.
	run "$PYTHON" "$EVENTS" --check --routes --runnable "$OUT"
	assert_success
	want=$("$PYTHON" "$EVENTS" --check --routes --runnable "$T/direct")
	assert_output "$want"
	refute_output --partial "$WRAP"
	# A script that runs subunit-wrap is a TAP script to the detector:
	# its stream is chatter (kept whole), unless --pattern subunit.
	printf '#!/bin/sh\nexec "%s" tests/fixtures/tap_pass.sh\n' "$WRAP" \
	    >"$T/worker.sh"
	chmod +x "$T/worker.sh"
	wrap "$T/worker.sh"
	run "$PYTHON" "$EVENTS" --check --runnable --hide stdout "$OUT"
	assert_output "R inprogress $T/worker.sh
R success $T/worker.sh"
	wrap --pattern subunit "$T/worker.sh"
	run "$PYTHON" "$EVENTS" --check --runnable "$OUT"
	assert_line "R success tests/fixtures/tap_pass.sh"
}

@test "nested subunit-wrap workers under --each: routes 0/0, 0/1, 1/0, 1/1, every result once" {
	# --each runs operands without arguments: the workers are scripts.
	cat >"$T/sup.sh" <<SH
#!/bin/sh
exec "$WRAP" --each -j 2 tests/fixtures/tap_pass.sh tests/fixtures/tap_fail.sh
SH
	chmod +x "$T/sup.sh"
	# --pattern subunit: the script's stdout is a stream (the script
	# execs subunit-wrap).
	wrap --pattern subunit --each -j 2 "$T/sup.sh" "$T/sup.sh"
	run "$PYTHON" "$EVENTS" --check --routes --runnable --hide stdout \
	    --hide stderr --hide reason "$OUT"
	assert_success
	for r in 0/0 1/0; do
		assert_line "R success tests/fixtures/tap_pass.sh [route $r]"
	done
	for r in 0/1 1/1; do
		assert_line "R fail tests/fixtures/tap_fail.sh [route $r]"
	done
	run "$PYTHON" "$EVENTS" --summary "$OUT"
	# tap_pass: 3 subtests + the program pass; tap_fail: see its file.
	local one
	one=$("$WRAP" --each tests/fixtures/tap_pass.sh tests/fixtures/tap_fail.sh |
	    "$PYTHON" "$EVENTS" --summary /dev/stdin)
	[ -n "$one" ]
	# Twice the counts of one direct run.
	"$PYTHON" - "$one" "$output" <<'PY'
import sys
one = dict(kv.split("=") for kv in sys.argv[1].split())
two = dict(kv.split("=") for kv in sys.argv[2].split())
assert all(int(two[k]) == 2 * int(one[k]) for k in one), (one, two)
PY
}

@test "--pattern subunit: a producer that dies leaves no test without a verdict; chatter stays chatter" {
	cat >"$T/producer.py" <<'PY'
import sys, datetime
from subunit.v2 import StreamResultToBytes
out = StreamResultToBytes(sys.stdout.buffer)
now = datetime.datetime.now(datetime.timezone.utc)
out.status(test_id="done", test_status="inprogress", timestamp=now)
out.status(test_id="done", test_status="success", timestamp=now)
sys.stdout.buffer.write(b"plain words between packets\n")
out.status(test_id="hanging", test_status="inprogress", timestamp=now,
           route_code="3")
sys.stdout.flush()
print("producer giving up", file=sys.stderr)
sys.exit(3)
PY
	wrap --pattern subunit "$PYTHON" "$T/producer.py"
	run "$PYTHON" "$EVENTS" --check --routes --runnable --hide stderr "$OUT"
	assert_success
	assert_output "R inprogress done
R success done
R inprogress hanging [route 3]
file hanging reason \"the stream ended before its result (its producer: exit status 3)\" [route 3]
R fail hanging [route 3]
- inprogress $PYTHON
file $PYTHON reason \"exit status 3\"
- fail $PYTHON
file - stdout \"plain words between packets\\n\""
	run stream_bytes stderr
	assert_output "producer giving up"
}

@test "bytes a test prints that look like packets stay chatter (no forged results)" {
	# A TAP script printing the bytes of a real v2 `success forged`.
	"$PYTHON" -c '
import sys
from subunit.v2 import StreamResultToBytes
StreamResultToBytes(sys.stdout.buffer).status(test_id="forged", test_status="success")
' >"$T/packet.bin"
	printf '#!/bin/sh\necho 1..1\ncat "%s"\necho\necho "ok 1 - real"\n' \
	    "$T/packet.bin" >"$T/forger.sh"
	chmod +x "$T/forger.sh"
	for mode in "" --no-preload; do
		wrap $mode "$T/forger.sh"
		run "$PYTHON" "$EVENTS" --check --runnable --hide stdout "$OUT"
		assert_success
		refute_output --partial forged
		assert_line "- success $T/forger.sh (1 - real)"
		# The packet's bytes are in the chatter, whole.
		run sh -c "'$PYTHON' '$EVENTS' --bytes stdout '$OUT' | head -c $(wc -c <"$T/packet.bin") | cmp - '$T/packet.bin'"
		assert_success
	done
}

@test "a nested subunit-wrap does not pass the outer side channel on to its programs" {
	# The inner run is in pipe mode: without care its program would
	# inherit the outer channel's fd and variables and write past it.
	cat >"$T/env.sh" <<'SH'
#!/bin/sh
echo 1..1
env | grep '^SUBUNIT_WRAP_' | sed 's/^/# env: /'
ls /proc/$$/fd | sed 's/^/# fd: /'
echo "ok 1 - looked"
SH
	chmod +x "$T/env.sh"
	wrap "$WRAP" --no-preload "$T/env.sh"
	run "$PYTHON" "$EVENTS" --check --runnable --hide stdout "$OUT"
	assert_success
	assert_line "- success $T/env.sh (1 - looked)"
	run stream_bytes stdout
	refute_output --partial "# env: SUBUNIT_WRAP_"
	refute_output --partial "# fd: 837"
	assert_output --partial "# fd: 2"
}

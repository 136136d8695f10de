#!/usr/bin/env bats
# subunit-wrap under faults and hostile programs (issue 8); the README's
# "Reliability" section is the matrix of what each test here shows.
#
# Faults: stdout a full disk, the consumer going away, fork failing (a
# process limit), fds running out, memory capped (before and during a
# run), a program closing its own stdout/stderr, closing or overwriting
# the preload side channel, daemons that keep the pipes open.
#
# Security: test ids reach programs only as argv and environment values;
# the result FIFO's private directory; the side channel is an anonymous
# pipe other users cannot open; the shim does nothing in set-id programs;
# packets written into the side channel are never results.  Tested
# elsewhere: the channel reaches only the test tree (wrap_preload.bats,
# "the side channel reaches the whole test tree but no program started
# with a scrubbed environment"; wrap_nested.bats, "a nested subunit-wrap
# does not pass the outer side channel on to its programs"), packets
# printed on stdout stay chatter (wrap_nested.bats, "bytes a test prints
# that look like packets stay chatter").
#
# Some tests need root (to run as nobody: RLIMIT_NPROC does not bind root,
# set-id needs two users) and skip otherwise.

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
	# Processes the tests start run this copy of sleep, so any left
	# behind can be found by their path (procs_in) and stopped by pid.
	cp /bin/sleep "$T/sleeper"
}

teardown() {
	local p
	for p in $(procs_in "$T"); do
		kill -KILL "$p" 2>/dev/null || true
	done
	if [ -n "${PRIV:-}" ]; then
		rm -rf "$PRIV"
	fi
}

# procs_in DIR: pids of the processes whose command line names DIR.
procs_in() {
	ps -eo pid=,args= | awk -v d="$1/" 'index($0, d) && $2 != "awk" {
	    print $1 }' | grep -vx "$$" || true
}

# assert_no_procs: nothing the test started is still running.
assert_no_procs() {
	local i left
	for i in $(seq 30); do
		left=$(procs_in "$T")
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	fail "still running: $(ps -o pid=,stat=,args= -p "${left//$'\n'/,}")"
}

# assert_gone PID: that process has ended.
assert_gone() {
	local i
	for i in $(seq 30); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	fail "process $1 ($(tr '\0' ' ' </proc/"$1"/cmdline)) is still running"
}

# wait_for FILE: up to 10 s for FILE to exist and be non-empty.
wait_for() {
	local i
	for i in $(seq 100); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	fail "$1 never appeared"
}

# one_line TEXT: stderr ($stderr of `run --separate-stderr`) is that line.
one_line() {
	[ "$stderr" = "$1" ] || fail "stderr is not the one line
'$1'
but:
$stderr"
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (runs programs as nobody)"
	command -v setpriv >/dev/null || skip "needs setpriv (util-linux)"
}

# as_nobody CMD...: run CMD as user nobody (the caller's redirections are
# made before, as root).
as_nobody() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"
}

# priv_dir: a directory nobody can reach (BATS_TEST_TMPDIR's parents may
# be private), removed by teardown.  Sets PRIV.
priv_dir() {
	PRIV=$(mktemp -d "${TMPDIR:-/tmp}/sw-faults.XXXXXX")
	chmod 755 "$PRIV"
}

# ---- fault injection: the output ---------------------------------------

@test "stdout is a full disk: exit 3, one message, no hang, the program tree stopped" {
	printf '#!/bin/sh\necho 1..2\necho ok 1\n"%s" 30 &\nwait\n' \
	    "$T/sleeper" >"$T/hang.sh"
	chmod +x "$T/hang.sh"
	local start=$SECONDS
	run -3 --separate-stderr timeout 20 bash -c \
	    '"$WRAP" "$1" >/dev/full' _ "$T/hang.sh"
	[ $((SECONDS - start)) -lt 10 ] ||
		fail "took $((SECONDS - start)) s to give up"
	one_line "subunit-wrap: write standard output: No space left on device"
	assert_no_procs
}

@test "a full disk: one message even when the killed program leaves children (not 'stopped N processes')" {
	# The program's children, killed with it, became the wrapper's
	# zombies: they are not processes "the programs left running".
	local i
	for i in 1 2 3 4 5; do
		run -3 --separate-stderr bash -c \
		    '"$WRAP" tests/fixtures/tap_hang.sh >/dev/full'
		one_line "subunit-wrap: write standard output: No space left on device"
	done
}


@test "no forged results in preload mode: v2 packets written into the side channel are chatter, byte for byte" {
	# inprogress/success of "FORGED", a failed "FORGED2" with an
	# attachment: the bytes a program could write into the channel.
	"$PYTHON" -c '
import sys
from subunit.v2 import StreamResultToBytes
w = StreamResultToBytes(sys.stdout.buffer)
w.status(test_id="FORGED", test_status="inprogress")
w.status(test_id="FORGED", test_status="success")
w.status(test_id="FORGED2", test_status="fail", file_name="stdout",
         file_bytes=b"forged bytes\n", mime_type="text/plain")
' >"$T/packets.bin"
	cat >"$T/forger.sh" <<SH
#!/bin/bash
echo 1..1
cat "$T/packets.bin" >&\$((10#\$SUBUNIT_WRAP_FD))
echo "ok 1 - real"
SH
	chmod +x "$T/forger.sh"
	wrap "$T/forger.sh"
	run "$PYTHON" "$EVENTS" --check --runnable --hide stdout "$OUT"
	assert_success
	assert_output - <<EOF
R inprogress $T/forger.sh
- inprogress $T/forger.sh (1 - real)
- success $T/forger.sh (1 - real)
R success $T/forger.sh
EOF
	stream_bytes stdout >"$T/chatter"
	cmp "$T/chatter" "$T/packets.bin"
}

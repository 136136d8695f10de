#!/usr/bin/env bats
# Options for what consumers can and cannot take (issue 6): --max-attachment
# (testr/stestr cannot store an attachment of 4 MiB or more; by default
# every byte is kept, continued in stdout.2...), --parent-ids (the opt-in
# parent field), --attach (files the run produced, sent untied).  Every
# stream is read back with python-subunit (events.py --check) and the
# parent field with our decoder (codec-tool, which prints it).

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
	CODEC=$ROOT/build/tests/codec-tool
	[ -x "$CODEC" ] || fail "$CODEC is not built (make check-build)"
}

# chatty LINES: a TAP script with one assertion that prints LINES numbered
# lines on stdout and on stderr, then passes.
chatty() {
	cat >"$T/chatty.sh" <<SH
#!/bin/sh
echo 1..1
i=0
while [ \$i -lt $1 ]; do
	echo "out line \$i"
	echo "err line \$i" >&2
	i=\$((i + 1))
done
echo "ok 1 - done"
SH
	chmod +x "$T/chatty.sh"
}

@test "--max-attachment: each stream of a test keeps its first and last halves, and says how much was cut" {
	chatty 1000
	wrap --max-attachment 2K "$T/chatty.sh"
	events --summary
	assert_output "success=2 fail=0 skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	id=$T/chatty.sh
	"$PYTHON" "$EVENTS" --file "$id" stdout "$OUT" >"$T/stdout"
	"$PYTHON" "$EVENTS" --file "$id" stderr "$OUT" >"$T/stderr"
	for s in out err; do
		f=$T/${s}put
		[ "$s" = out ] && f=$T/stdout || f=$T/stderr
		# The whole stream: 1000 lines "out line N\n" (sum of lengths).
		total=$(seq 0 999 | awk -v s="$s" '{ n += length(s " line " $0) + 1 } END { print n }')
		kept_head=$(head -c 1024 "$f")
		[ "$kept_head" = "$(seq 0 999 | sed "s/^/$s line /" | head -c 1024)" ] ||
			fail "$s: the head is not the first 1024 bytes"
		run grep -c "^\[subunit-wrap: $((total - 2048)) bytes cut by --max-attachment\]$" "$f"
		assert_output 1
		[ "$(tail -c 1024 "$f")" = "$(seq 0 999 | sed "s/^/$s line /" | tail -c 1024)" ] ||
			fail "$s: the tail is not the last 1024 bytes"
	done
	# Without the option every byte is there.
	wrap "$T/chatty.sh"
	run sh -c "'$PYTHON' '$EVENTS' --file '$id' stdout '$OUT' | wc -l"
	assert_output 1000
}

@test "--max-attachment: a test under the cap is untouched; bad sizes are usage errors" {
	chatty 10
	wrap --max-attachment 1M "$T/chatty.sh"
	id=$T/chatty.sh
	run "$PYTHON" "$EVENTS" --file "$id" stdout "$OUT"
	assert_output "$(seq 0 9 | sed 's/^/out line /')"
	for bad in 12 5M -1 1G x 3Q; do
		run "$WRAP" --max-attachment "$bad" "$T/chatty.sh"
		assert_failure 2
		assert_line --index 0 "subunit-wrap: --max-attachment: '$bad' is not a size from 1024 to 4000000 bytes (K and M suffixes allowed), or 0"
	done
}

@test "--parent-ids: subtests name their parent in the opt-in field; python-subunit reads the stream as before" {
	wrap --parent-ids tests/fixtures/tap14_subtests.sh
	events
	assert_success
	with=$output
	"$CODEC" decode <"$OUT" >"$T/with"
	wrap tests/fixtures/tap14_subtests.sh
	events
	assert_equal "$output" "$with"
	"$CODEC" decode <"$OUT" >"$T/without"
	# Runnable packets have no parent; every subtest packet has its
	# parent, the id it was cut from.
	run grep -c 'parent=-' "$T/without"
	assert_equal "$output" "$(wc -l <"$T/without")"
	hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
	run grep "id=$(hex 'tests/fixtures/tap14_subtests.sh (outer)') " "$T/with"
	assert_line --partial "parent=$(hex tests/fixtures/tap14_subtests.sh) "
	run grep -c "runnable=1 .* parent=-" "$T/with"
	refute_output 0
	run grep "runnable=0 .* parent=- " "$T/with"
	assert_output ""
}

@test "--attach: matching files follow the results, untied, whole, in glob order; misses are warned about" {
	mkdir -p "$T/cov/dir.gcda"
	printf 'first\n' >"$T/cov/a.gcda"
	head -c 5000000 /dev/urandom >"$T/cov/b.gcda"
	: >"$T/cov/c.gcda"
	wrap --attach "$T/cov/*.gcda" --attach "$T/none*" tests/fixtures/tap_pass.sh
	run "$PYTHON" "$EVENTS" --check "$OUT"
	assert_success
	# After the program's final status, in order, no test id.
	run sh -c "'$PYTHON' '$EVENTS' --packets '$OUT' | cut -d' ' -f1,2 | uniq"
	assert_output --partial "- $T/cov/a.gcda
- $T/cov/b.gcda
- $T/cov/c.gcda"
	# 5,000,000 bytes: b.gcda holds 4,000,000 (below the 4 MiB testr
	# and stestr can store in one attachment), b.gcda.2 the rest.
	hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
	run sh -c "'$CODEC' decode <'$OUT' | grep -c 'file=$(hex "$T/cov/b.gcda.2") '"
	refute_output 0
	run "$PYTHON" "$EVENTS" --sizes "$OUT"
	assert_success
	"$PYTHON" "$EVENTS" --file - "$T/cov/b.gcda" "$OUT" >"$T/b.back"
	cmp "$T/cov/b.gcda" "$T/b.back"
	run "$PYTHON" "$EVENTS" --file - "$T/cov/a.gcda" "$OUT"
	assert_output first
	run cat "$ERR"
	assert_output "subunit-wrap: --attach: $T/cov/dir.gcda: not a regular file; skipped
subunit-wrap: --attach: no file matches $T/none*"
}

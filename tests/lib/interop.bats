#!/usr/bin/env bats
# Round trips between our codec (build/tests/codec-tool) and python-subunit
# 1.4 (tests/lib/interop.py, run with Debian's $PYTHON).  Events are
# compared as canonical lines (format: the top of tests/lib/codec-tool.c),
# so every check is "our side says exactly what python's side says".
#
# Needs: make build/tests/codec-tool (make check-build does it),
# python3-subunit for $PYTHON, bats-support and bats-assert.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
: "${PYTHON:=/usr/bin/python3}"
CODEC=$ROOT/build/tests/codec-tool
INTEROP=$ROOT/tests/lib/interop.py
# The hex of "subunit.parser", the test id of python's parse errors.
PARSER_ID=737562756e69742e706172736572
PY_SEEDS="1 2 3"

interop() {
	"$PYTHON" "$INTEROP" "$@"
}

# same EXPECTED ACTUAL: the two line files are identical (the first
# difference is shown field by field: lines can hold megabytes of hex).
same() {
	run interop diff "$1" "$2"
	assert_success
}

setup_file() {
	[ -x "$CODEC" ] || {
		echo "# $CODEC is missing: run make build/tests/codec-tool" >&3
		return 1
	}
	local d=$BATS_FILE_TMPDIR
	# python-encoded streams: 3 x 1000 random events (the first 14 of
	# each at the format's edges, up to a 4194303-byte packet), and
	# python's own reading of each.
	for s in $PY_SEEDS; do
		interop gen-py "$s" 1000 "$d/py$s" || return 1
	done
	interop gen-py 4 400 "$d/small" --max-file 70000 || return 1
	# Canonical lines for our encoder, and what python's encoder would
	# make of them.
	interop gen-canon 11 2000 "$d/canon.txt" || return 1
	interop normalize "$d/canon.txt" >"$d/canon.norm" || return 1
	interop gen-canon 12 500 "$d/parent.txt" --parent || return 1
	mkdir -p "$d/crafted"
	interop gen-crafted "$d/crafted"
}

@test "python encodes, we decode: same events as python's own parser" {
	local d=$BATS_FILE_TMPDIR
	for s in $PY_SEEDS; do
		"$CODEC" decode <"$d/py$s.bin" >"$d/py$s.ours"
		same "$d/py$s.txt" "$d/py$s.ours"
	done
	# The streams really hold 3000 events, empty names and huge files.
	run sh -c 'cat "$@" | wc -l' sh "$d"/py[123].txt
	assert_output 3000
	run grep -c 'file=""' "$d/py1.txt"
	[ "$output" -ge 1 ]
	[ "$(wc -c <"$d/py1.bin")" -gt 4194303 ]
}

@test "python encodes, we decode fed 1 and 7 bytes at a time: same events" {
	local d=$BATS_FILE_TMPDIR
	for n in 1 7 4096; do
		"$CODEC" decode --chunk "$n" <"$d/small.bin" >"$d/small.$n"
		same "$d/small.txt" "$d/small.$n"
	done
	# And the stream with the largest packet, byte by byte.
	"$CODEC" decode --chunk 1 <"$d/py1.bin" >"$d/py1.c1"
	same "$d/py1.txt" "$d/py1.c1"
}

@test "packets among junk and text: the same events whatever the feed size" {
	local d=$BATS_FILE_TMPDIR n
	n=$(interop gen-mixed 5 "$d/py1.bin" "$d/mixed.bin")
	"$CODEC" decode --stats <"$d/mixed.bin" >"$d/mixed.all" 2>"$d/mixed.st"
	# Every packet survives the junk around it.
	run cat "$d/mixed.st"
	assert_output --regexp "^packets=$n errors=[1-9]"
	for k in 1 7 4096 65537; do
		"$CODEC" decode --chunk "$k" <"$d/mixed.bin" >"$d/mixed.$k"
		cmp "$d/mixed.all" "$d/mixed.$k"
	done
}

@test "python encodes, we decode: no decoder errors, no text" {
	local d=$BATS_FILE_TMPDIR
	"$CODEC" decode --stats <"$d/py2.bin" 2>"$d/py2.stats" >/dev/null
	run cat "$d/py2.stats"
	assert_output "packets=1000 errors=0 text_bytes=0 text_events=0"
}

@test "we encode: byte-identical to python's StreamResultToBytes" {
	local d=$BATS_FILE_TMPDIR
	"$CODEC" encode <"$d/canon.txt" >"$d/canon.ours.bin"
	interop encode-py "$d/canon.txt" "$d/canon.py.bin"
	run cmp "$d/canon.py.bin" "$d/canon.ours.bin"
	assert_success
}

@test "we encode, python decodes: the same events, no parser errors" {
	local d=$BATS_FILE_TMPDIR
	"$CODEC" encode <"$d/canon.txt" >"$d/canon.bin"
	interop decode "$d/canon.bin" >"$d/canon.pydec"
	same "$d/canon.norm" "$d/canon.pydec"
	run grep -c "id=$PARSER_ID" "$d/canon.pydec"
	assert_output 0
	# Our own decoder agrees too.
	"$CODEC" decode <"$d/canon.bin" >"$d/canon.ours"
	same "$d/canon.norm" "$d/canon.ours"
}

@test "parent-id extension: python ignores it cleanly, we read it back" {
	local d=$BATS_FILE_TMPDIR
	"$CODEC" encode <"$d/parent.txt" >"$d/parent.bin"
	run grep -c 'parent=[0-9a-f"]' "$d/parent.txt"
	[ "$output" -ge 100 ]
	interop decode "$d/parent.bin" >"$d/parent.pydec"
	run grep -c "id=$PARSER_ID" "$d/parent.pydec"
	assert_output 0
	interop normalize "$d/parent.txt" >"$d/parent.norm"
	same "$d/parent.norm" "$d/parent.pydec"
	interop normalize --keep-parent "$d/parent.txt" >"$d/parent.normk"
	"$CODEC" decode <"$d/parent.bin" >"$d/parent.ours"
	same "$d/parent.normk" "$d/parent.ours"
}

@test "python's parser reports no error on anything we encode" {
	local d=$BATS_FILE_TMPDIR
	# Re-encode python's own random streams (every field, big files).
	for s in $PY_SEEDS; do
		"$CODEC" encode <"$d/py$s.txt" >"$d/py$s.re.bin"
		interop decode "$d/py$s.re.bin" >"$d/py$s.re.txt"
		run grep -c "id=$PARSER_ID" "$d/py$s.re.txt"
		assert_output 0
		same "$d/py$s.txt" "$d/py$s.re.txt"
		# Byte-identical to python's encoding of the same events
		# (the original .bin may order tags differently: a set).
		interop encode-py "$d/py$s.txt" "$d/py$s.re.py.bin"
		run cmp "$d/py$s.re.py.bin" "$d/py$s.re.bin"
		assert_success
	done
}

@test "a test id with NUL or invalid UTF-8 is refused by the encoder" {
	local ok='status=3 runnable=1 eof=0 ts=- id=74 route=- parent=-'
	ok="$ok tags=- mime=- file=- bytes=-"
	for id in 610062 c328 c080 eda080 c3 00; do
		run "$CODEC" encode <<-EOF
		$ok
		${ok/id=74/id=$id}
		EOF
		assert_failure 1
		assert_output --partial "line 2: cannot encode"
		assert_output --partial "(-22)"
	done
	# The same for a tag, the mime type, the file name and the route.
	for f in "tags=6100,62" "mime=ff" "file=00 bytes=\"\"" "route=c0af"; do
		local line=$ok
		case $f in
		tags=*) line=${line/tags=-/$f} ;;
		mime=*) line=${line/mime=-/$f} ;;
		file=*) line=${line/file=- bytes=-/$f} ;;
		route=*) line=${line/route=-/$f} ;;
		esac
		run "$CODEC" encode <<<"$line"
		assert_failure 1
		assert_output --partial "line 1: cannot encode"
	done
}

@test "crafted valid streams (odd Numbers, tag count 0, text): as python" {
	local d=$BATS_FILE_TMPDIR/crafted f n
	for f in "$d"/*.bin; do
		n=${f%.bin}
		case $n in */version-*|*/flags-f803|*/malformed-*) continue ;;
		esac
		"$CODEC" decode <"$f" >"$n.ours"
		same "$n.txt" "$n.ours"
		"$CODEC" decode --chunk 1 <"$f" >"$n.c1"
		same "$n.txt" "$n.c1"
	done
}

@test "crafted: a packet whose version nibble is not 2 is kept as text" {
	# The spec says such a packet "cannot be read"; python reads it anyway.
	# We keep every byte as untied text instead (sw_dec.h).
	local d=$BATS_FILE_TMPDIR/crafted n hex
	for n in version-0 version-3 flags-f803; do
		hex=$("$PYTHON" -c 'import sys; print(open(sys.argv[1], "rb").read().hex())' "$d/$n.bin")
		run "$CODEC" decode <"$d/$n.bin"
		assert_success
		assert_output "status=0 runnable=1 eof=0 ts=- id=- route=- parent=- tags=- mime=- file=7374646f7574 bytes=$hex"
	done
}

# The text of python's "Parser Error" attachment, masked: our messages name
# the same fault but not always in python's words or offsets.
mask_error_text() {
	sed 's/\(file=506172736572204572726f72 bytes=\).*/\1MESSAGE/' "$1"
}

@test "crafted packets with a good CRC but bad fields: python's error pair" {
	local d=$BATS_FILE_TMPDIR/crafted f n
	for f in "$d"/malformed-*.bin; do
		n=${f%.bin}
		"$CODEC" decode <"$f" >"$n.ours"
		mask_error_text "$n.txt" >"$n.txt.m"
		mask_error_text "$n.ours" >"$n.ours.m"
		same "$n.txt.m" "$n.ours.m"
		run grep -c 'id=737562756e69742e706172736572' "$n.ours"
		assert_output 2
	done
}

@test "the largest packet (4194303 bytes) encodes; one byte more is refused" {
	local d=$BATS_FILE_TMPDIR n
	for n in 4194289 4194290; do
		"$PYTHON" -c 'import sys; sys.stdout.write(
		    "status=0 runnable=0 eof=0 ts=- id=- route=- parent=- "
		    "tags=- mime=- file=\"\" bytes=" + "b3" * int(sys.argv[1])
		    + "\n")' "$n" >"$d/max$n.txt"
	done
	"$CODEC" encode <"$d/max4194289.txt" >"$d/max.bin"
	run wc -c <"$d/max.bin"
	assert_output 4194303
	interop encode-py "$d/max4194289.txt" "$d/max.py.bin"
	cmp "$d/max.py.bin" "$d/max.bin"
	run "$CODEC" encode <"$d/max4194290.txt"
	assert_failure 1
	assert_output --partial "line 1: cannot encode: Message too long (-90)"
}

#!/usr/bin/env bats
# `make install`: what it installs, and that the installed library, headers
# and pkg-config file build programs that work (shared and static, C and
# C++), that the installed subunit-view runs outside the tree, and that the
# installed man pages render and lint clean.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup_file() {
	export PREFIX="$BATS_FILE_TMPDIR/prefix"
	export VERSION
	VERSION=$(sed -n 's/^VERSION := //p' "$ROOT/Makefile")
	# DESTDIR unset: files go straight under PREFIX.
	(cd "$ROOT" && env -u DESTDIR make -s install PREFIX="$PREFIX") \
	    >"$BATS_FILE_TMPDIR/install.log" 2>&1
	echo $? >"$BATS_FILE_TMPDIR/install.rc"
}

setup() {
	export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
	unset PKG_CONFIG_LIBDIR LD_LIBRARY_PATH
}

# The test program: encode one packet with every kind of field, print it
# in hex, decode it, print the event and the decoder's counters.
write_program() {
	cat >"$BATS_TEST_TMPDIR/prog.c" <<'EOF'
#include <stdio.h>
#include <subunit-wrap.h>

static int
on_event(void *ctx, const struct sw_packet *ev)
{
	(void)ctx;
	printf("event %s id=%.*s", sw_status_name((int)ev->status),
	    (int)ev->test_id.len, ev->test_id.ptr);
	for (size_t i = 0; i < ev->ntags; i++)
		printf(" tag=%.*s", (int)ev->tags[i].len, ev->tags[i].ptr);
	printf(" ts=%lu.%09lu mime=%.*s file=%.*s bytes=%.*s eof=%d\n",
	    (unsigned long)ev->ts_sec, (unsigned long)ev->ts_nsec,
	    (int)ev->mime_type.len, ev->mime_type.ptr,
	    (int)ev->file_name.len, ev->file_name.ptr,
	    (int)ev->file_len, (const char *)ev->file_bytes, ev->eof);
	return 0;
}

int
main(void)
{
	struct sw_str tag = sw_str_c("worker-0");
	struct sw_buf b = SW_BUF_INIT;
	struct sw_dec_stats st;
	struct sw_packet p;
	struct sw_dec *d;
	long n;

	sw_packet_init(&p);
	p.status = SW_STATUS_SUCCESS;
	p.test_id = sw_str_c("pkg.test_one");
	p.tags = &tag;
	p.ntags = 1;
	p.has_timestamp = 1;
	p.ts_sec = 1008161999;
	p.ts_nsec = 45000;
	p.mime_type = sw_str_c("text/plain;charset=utf8");
	p.file_name = sw_str_c("stdout");
	p.file_bytes = (const unsigned char *)"hello";
	p.file_len = 5;
	p.eof = 1;
	n = (long)sw_enc_append(&p, &b);
	if (n < 0) {
		fprintf(stderr, "sw_enc_append: %ld\n", n);
		return 1;
	}
	printf("encoded %ld bytes: ", n);
	for (size_t i = 0; i < b.len; i++)
		printf("%02x", b.data[i]);
	printf("\n");
	d = sw_dec_new(on_event, NULL);
	if (d == NULL || sw_dec_feed(d, b.data, b.len) != 0 ||
	    sw_dec_finish(d) != 0) {
		fprintf(stderr, "decoding failed\n");
		return 1;
	}
	sw_dec_get_stats(d, &st);
	printf("stats packets=%lu errors=%lu text_bytes=%lu\n",
	    (unsigned long)st.packets, (unsigned long)st.errors,
	    (unsigned long)st.text_bytes);
	sw_dec_free(d);
	sw_buf_free(&b);
	return 0;
}
EOF
}

# What the program must print.  The packet bytes are python-subunit's
# StreamResultToBytes output for the same event (timestamp
# 2001-12-12T12:59:59.000045Z).
PROG_OUTPUT='encoded 76 bytes: b32bf3404c3c1754cf80afc80c706b672e746573745f6f6e650108776f726b65722d3017746578742f706c61696e3b636861727365743d75746638067374646f75740568656c6c6f9c79edaa
event success id=pkg.test_one tag=worker-0 ts=1008161999.000045000 mime=text/plain;charset=utf8 file=stdout bytes=hello eof=1
stats packets=1 errors=0 text_bytes=0'

# Every path make install must create under the prefix, sorted.
expected_list() {
	expected="bin
bin/subunit-view
bin/subunit-wrap
include
include/subunit-wrap"
	for h in "$ROOT"/lib/*.h; do
		expected="$expected
include/subunit-wrap/$(basename "$h")"
	done
	expected="$expected
lib
lib/libsubunit-wrap.a
lib/libsubunit-wrap.so
lib/libsubunit-wrap.so.0
lib/libsubunit-wrap.so.$VERSION
lib/pkgconfig
lib/pkgconfig/subunit-wrap.pc
lib/subunit-wrap
lib/subunit-wrap/subunit-wrap-preload.so
share
share/man
share/man/man1
share/man/man1/subunit-view.1
share/man/man1/subunit-wrap.1
share/man/man3
share/man/man3/libsubunit-wrap.3"
	printf '%s\n' "$expected"
}

# Every path under $1, relative to it, sorted.
list_tree() {
	(cd "$1" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort)
}

@test "make install PREFIX=DIR installs exactly the commands, the shim, the libraries, the headers, the .pc and the man pages" {
	run cat "$BATS_FILE_TMPDIR/install.rc"
	assert_output 0
	run list_tree "$PREFIX"
	assert_success
	assert_output "$(expected_list)"
}

@test "installed files have the right modes, links and soname" {
	run stat -c '%a %n' "$PREFIX/bin/subunit-view" \
	    "$PREFIX/lib/libsubunit-wrap.a" "$PREFIX/lib/libsubunit-wrap.so.$VERSION" \
	    "$PREFIX/include/subunit-wrap/subunit-wrap.h" \
	    "$PREFIX/lib/pkgconfig/subunit-wrap.pc" \
	    "$PREFIX/share/man/man1/subunit-wrap.1" \
	    "$PREFIX/share/man/man3/libsubunit-wrap.3"
	assert_success
	assert_output "755 $PREFIX/bin/subunit-view
644 $PREFIX/lib/libsubunit-wrap.a
755 $PREFIX/lib/libsubunit-wrap.so.$VERSION
644 $PREFIX/include/subunit-wrap/subunit-wrap.h
644 $PREFIX/lib/pkgconfig/subunit-wrap.pc
644 $PREFIX/share/man/man1/subunit-wrap.1
644 $PREFIX/share/man/man3/libsubunit-wrap.3"
	run readlink "$PREFIX/lib/libsubunit-wrap.so" "$PREFIX/lib/libsubunit-wrap.so.0"
	assert_output "libsubunit-wrap.so.$VERSION
libsubunit-wrap.so.$VERSION"
	run sh -c "readelf -d '$PREFIX/lib/libsubunit-wrap.so.$VERSION' | grep -o 'Library soname: .*'"
	assert_output "Library soname: [libsubunit-wrap.so.0]"
	# The archive holds the codec: the encoder and decoder entry points.
	run sh -c "nm -g --defined-only '$PREFIX/lib/libsubunit-wrap.a' | grep -o -w -e sw_enc_packet -e sw_dec_feed | sort"
	assert_output "sw_dec_feed
sw_enc_packet"
}

@test "pkg-config reports the installed prefix, flags and libraries" {
	run pkg-config --modversion subunit-wrap
	assert_success
	assert_output "$VERSION"
	run pkg-config --variable=prefix subunit-wrap
	assert_output "$PREFIX"
	# pkg-config ends its flags with a space: compare without it.
	run sh -c "pkg-config --cflags subunit-wrap | sed 's/ *\$//'"
	assert_output "-I$PREFIX/include/subunit-wrap"
	run sh -c "pkg-config --libs subunit-wrap | sed 's/ *\$//'"
	assert_output "-L$PREFIX/lib -lsubunit-wrap"
	# Static: zlib too (named twice today, by Requires.private and
	# Libs.private, which is harmless): compare the set of flags.
	run sh -c "pkg-config --static --libs subunit-wrap | tr ' ' '\n' | sed '/^\$/d' | sort -u"
	assert_output "-L$PREFIX/lib
-lsubunit-wrap
-lz"
}

@test "a program built with pkg-config runs against the installed shared library" {
	write_program
	cd "$BATS_TEST_TMPDIR"
	# shellcheck disable=SC2046
	run cc -std=c11 -Wall -Wextra -Werror -o prog prog.c \
	    $(pkg-config --cflags --libs subunit-wrap)
	assert_success
	assert_output ""
	run sh -c "readelf -d prog | grep -o 'Shared library: \[libsubunit-wrap[^]]*\]'"
	assert_output "Shared library: [libsubunit-wrap.so.0]"
	# Without the library path it cannot start: it really is dynamic.
	run -127 ./prog
	assert_output --partial "libsubunit-wrap.so.0: cannot open shared object file"
	LD_LIBRARY_PATH="$PREFIX/lib" run -0 ./prog
	assert_output "$PROG_OUTPUT"
	LD_LIBRARY_PATH="$PREFIX/lib" run sh -c "ldd ./prog | grep -o '$PREFIX/lib/libsubunit-wrap.so.0'"
	assert_output "$PREFIX/lib/libsubunit-wrap.so.0"
}

@test "the same program compiled as C++ builds against the installed headers and runs" {
	write_program
	cd "$BATS_TEST_TMPDIR"
	cp prog.c prog.cc
	# shellcheck disable=SC2046
	run c++ -std=c++17 -Wall -Wextra -Werror -o prog-cxx prog.cc \
	    $(pkg-config --cflags --libs subunit-wrap)
	assert_success
	assert_output ""
	LD_LIBRARY_PATH="$PREFIX/lib" run -0 ./prog-cxx
	assert_output "$PROG_OUTPUT"
}

@test "a program built with pkg-config --static and the archive runs alone" {
	write_program
	cd "$BATS_TEST_TMPDIR"
	libs=$(pkg-config --static --libs subunit-wrap)
	# Take the archive even though the .so sits next to it.
	libs=${libs/-lsubunit-wrap/-l:libsubunit-wrap.a}
	# shellcheck disable=SC2046,SC2086
	run cc -std=c11 -Wall -Wextra -Werror -o prog-static prog.c \
	    $(pkg-config --static --cflags subunit-wrap) $libs
	assert_success
	assert_output ""
	run sh -c "readelf -d prog-static | grep -c 'Shared library: \[libsubunit-wrap'"
	assert_output 0
	run sh -c "readelf -d prog-static | grep -o 'Shared library: \[libz[^]]*\]'"
	assert_output "Shared library: [libz.so.1]"
	run -0 ./prog-static
	assert_output "$PROG_OUTPUT"
}

@test "the installed subunit-view shows a stream, run outside the tree" {
	cd "$BATS_TEST_TMPDIR"
	/usr/bin/python3 - >stream.bin <<'EOF'
import datetime, sys
from subunit.v2 import StreamResultToBytes
out = StreamResultToBytes(sys.stdout.buffer)
t = lambda s: datetime.datetime(2024, 1, 1, 0, 0, s,
                                tzinfo=datetime.timezone.utc)
out.status(test_id="demo.test_ok", test_status="inprogress", timestamp=t(0))
out.status(test_id="demo.test_ok", test_status="success", timestamp=t(1))
out.status(test_id="demo.test_bad", test_status="inprogress", timestamp=t(1))
out.status(test_id="demo.test_bad", file_name="traceback",
           file_bytes=b"AssertionError: 1 != 2\n",
           mime_type="text/plain;charset=utf8", eof=True)
out.status(test_id="demo.test_bad", test_status="fail", timestamp=t(3))
out.status(test_id="demo.test_skip", test_status="skip", timestamp=t(3))
EOF
	run -1 "$PREFIX/bin/subunit-view" <stream.bin
	assert_output "success    demo.test_ok (1.000s)
fail       demo.test_bad (2.000s)
  traceback:
    AssertionError: 1 != 2
skip       demo.test_skip
1 passed, 1 failed, 1 skipped"
	run -1 "$PREFIX/bin/subunit-view" --stats <stream.bin
	assert_output "1 passed, 1 failed, 1 skipped"
	# Statically linked to the codec: nothing from the tree is needed.
	run sh -c "readelf -d '$PREFIX/bin/subunit-view' | grep -c 'Shared library: \[libsubunit-wrap'"
	assert_output 0
}

@test "the installed subunit-wrap runs a TAP script, outside the tree" {
	cd "$BATS_TEST_TMPDIR"
	printf '#!/bin/sh\necho 1..2\necho "ok 1 - one"\necho "not ok 2 - two"\n' \
	    >t.sh
	chmod +x t.sh
	run sh -c "'$PREFIX/bin/subunit-wrap' ./t.sh | '$PREFIX/bin/subunit-view'"
	assert_failure 1
	assert_line --index 0 --regexp '^success +t\.sh \(1 - one\)'
	assert_line --index 1 --regexp '^fail +t\.sh \(2 - two\)'
	assert_line --index 2 --regexp '^fail +t\.sh '
	assert_line "1 passed, 2 failed, 0 skipped"
}

@test "the installed subunit-wrap loads its installed shim, outside the tree" {
	cd "$BATS_TEST_TMPDIR"
	# Buffered stdout, then stderr, then a pause: only the shim keeps
	# this order (in pipe mode stdout reaches the wrapper at exit, 0.3 s
	# after stderr).
	printf '#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("first\\n"); fprintf(stderr, "second\\n"); usleep(300000); return 0; }\n' >order.c
	cc -o order order.c
	run stat -c '%a' "$PREFIX/lib/subunit-wrap/subunit-wrap-preload.so"
	assert_output 755
	"$PREFIX/bin/subunit-wrap" --pattern exitcode ./order >pre.bin
	run /usr/bin/python3 "$ROOT/tests/wrap/events.py" --packets pre.bin
	assert_success
	assert_output 'order stdout "first\n"
order stderr "second\n"'
	"$PREFIX/bin/subunit-wrap" --no-preload --pattern exitcode ./order >pipe.bin
	run /usr/bin/python3 "$ROOT/tests/wrap/events.py" --packets pipe.bin
	assert_output 'order stderr "second\n"
order stdout "first\n"'
}

@test "make install honours DESTDIR (staged install, .pc names the final prefix)" {
	dest="$BATS_TEST_TMPDIR/stage"
	run sh -c "cd '$ROOT' && make -s install DESTDIR='$dest' PREFIX=/opt/sw"
	assert_success
	run list_tree "$dest"
	assert_output "opt
opt/sw
$(expected_list | sed 's|^|opt/sw/|')"
	run sed -n 's/^prefix=//p' "$dest/opt/sw/lib/pkgconfig/subunit-wrap.pc"
	assert_output "/opt/sw"
}

# The installed man pages, as man(1) finds them under the prefix.
MAN_PAGES='man1/subunit-wrap.1 man1/subunit-view.1 man3/libsubunit-wrap.3'

@test "man -l renders each installed page, and man -M finds them by name" {
	local page text
	for page in $MAN_PAGES; do
		run --separate-stderr env MANWIDTH=80 man -l \
		    "$PREFIX/share/man/$page"
		assert_success
		[ -z "$stderr" ] || fail "$page: $stderr"
		text=$output
		run grep -c -e '^NAME$' -e '^SYNOPSIS$' -e '^DESCRIPTION$' \
		    -e '^SEE ALSO$' <<<"$text"
		assert_output 4
	done
	run env MANWIDTH=80 man -l "$PREFIX/share/man/man1/subunit-wrap.1"
	assert_line --index 0 --regexp '^SUBUNIT-WRAP\(1\) '
	assert_line --regexp '^ +SUBUNIT_WRAP_PRELOAD$'
	assert_line --regexp '^ +subunit-wrap \[options\] --each program \.\.\.$'
	run env MANWIDTH=80 man -l "$PREFIX/share/man/man3/libsubunit-wrap.3"
	assert_line --regexp '^ +sw_dec_feed\(struct sw_dec \*d, const void \*buf, size_t len\);$'
	# man finds them by name under the prefix's man directory.
	run man -M "$PREFIX/share/man" -w subunit-wrap subunit-view \
	    libsubunit-wrap
	assert_success
	assert_output "$PREFIX/share/man/man1/subunit-wrap.1
$PREFIX/share/man/man1/subunit-view.1
$PREFIX/share/man/man3/libsubunit-wrap.3"
}

@test "the man pages lint clean: mandoc -T lint, groff -ww, man --warnings" {
	command -v mandoc >/dev/null ||
		fail "mandoc is missing (Debian package mandoc, make deps)"
	local page
	for page in $MAN_PAGES; do
		run mandoc -T lint -W warning "$PREFIX/share/man/$page"
		assert_success
		assert_output ""
		run groff -mandoc -ww -z "$PREFIX/share/man/$page"
		assert_success
		assert_output ""
		run --separate-stderr man --warnings -l "$PREFIX/share/man/$page"
		assert_success
		[ -z "$stderr" ] || fail "$page: $stderr"
	done
}

@test "the man pages name every option of the commands' --help" {
	local cmd opt text
	for cmd in subunit-wrap subunit-view; do
		text=$(MANWIDTH=1000 man -l "$PREFIX/share/man/man1/$cmd.1")
		for opt in $("$PREFIX/bin/$cmd" --help |
		    grep -o -E '^  (--[a-z-]+|-[a-z])'); do
			grep -q -e "$opt" <<<"$text" ||
				fail "$cmd.1 does not mention $opt"
		done
	done
}

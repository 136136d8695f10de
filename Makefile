# subunit-wrap: one plain GNU Makefile for Debian 12.
#
#   make            build the library, the commands and the shim
#   make check      every test: C unit tests (plain, ASan+UBSan, valgrind),
#                   a short fuzz run, bats tests of the commands
#   make demo       build, then show the tools on the bundled examples
#   make bench      benchmarks, printed as ratios (tests/bench/)
#   make fuzz       long fuzz runs (FUZZ_SECONDS per target)
#   make soak       1,000 runs of a crashing program, fds/zombies/RSS,
#                   valgrind (tests/soak/run.sh; SOAK_RUNS)
#   make install    PREFIX=/usr/local (DESTDIR honoured; man pages: MANDIR)
#   make deps       install missing Debian packages (as root) or name them
#
# Objects go to build/, the sanitizer build to build/asan/.  Commands are
# built in place (wrap/subunit-view) so the tree is usable without install.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
# The shim, where the installed subunit-wrap looks (its ../lib/subunit-wrap).
SHIMDIR := $(PREFIX)/lib/subunit-wrap
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
VERSION := 0.1.0
SOVERSION := 0

CC ?= cc
CLANG ?= clang
PYTHON ?= /usr/bin/python3
CFLAGS ?= -O2 -g
# The commands are linked with link-time optimisation: the wrapper's work
# per test event is many small calls across lib/, patterns/ and wrap/
# (15 % less CPU in the TAP flood).  Fat objects keep the static library
# usable by any compiler.  `make LTO=` turns it off.
LTO ?= -flto=auto -ffat-lto-objects
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Ilib -Ipatterns
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDLIBS_LIB := -lz
LDLIBS_WRAP := -lelf -lbsd -lz -pthread

# The codec library: explicit module list (one .c/.h pair each).
LIB_MODULES := sw_buf sw_utf8 sw_packet sw_crc sw_enc sw_dec sw_map
LIB_HEADERS := lib/subunit-wrap.h lib/sw_side.h $(LIB_MODULES:%=lib/%.h)
LIB_OBJS := $(LIB_MODULES:%=build/lib/%.o)
LIB_PIC_OBJS := $(LIB_MODULES:%=build/pic/lib/%.o)
LIB_ASAN_OBJS := $(LIB_MODULES:%=build/asan/lib/%.o)
STATIC_LIB := lib/libsubunit-wrap.a
SHARED_LIB := lib/libsubunit-wrap.so.$(VERSION)

# The classifier plug-ins (pure code, shared by the wrapper and the shim).
PAT_SRCS := $(sort $(wildcard patterns/*.c))
PAT_HEADERS := $(wildcard patterns/*.h)
PAT_OBJS := $(PAT_SRCS:%.c=build/%.o)
PAT_ASAN_OBJS := $(PAT_SRCS:%.c=build/asan/%.o)

# The preload shim: every preload/shim_*.c, with the codec modules it
# sends packets with, all built hidden so nothing but the hooks is
# exported (a program's own symbols must not meet ours).
SHIM := preload/subunit-wrap-preload.so
SHIM_SRCS := $(sort $(wildcard preload/shim_*.c))
SHIM_OBJS := $(SHIM_SRCS:%.c=build/shim/%.o) \
	$(patsubst %,build/shim/lib/%.o,sw_buf sw_utf8 sw_packet sw_crc sw_enc)
SHIM_CFLAGS := -fPIC -fvisibility=hidden -Ipreload

# subunit-view: the viewer command and its modules.
VIEW_MODULES := view_main view_state view_junit view_live view_key
VIEW_OBJS := $(VIEW_MODULES:%=build/wrap/%.o)
# subunit-wrap: every wrap/wrap_*.c, and the live view it shares with
# subunit-view (its text mode draws it on a thread: -pthread).
WRAP_SRCS := $(sort $(wildcard wrap/wrap_*.c))
WRAP_OBJS := $(WRAP_SRCS:%.c=build/%.o) build/wrap/view_live.o \
	build/wrap/view_key.o
COMMANDS := wrap/subunit-view wrap/subunit-wrap
# Manual pages (mdoc), installed under $(MANDIR).
MAN1 := doc/subunit-view.1 doc/subunit-wrap.1
MAN3 := doc/libsubunit-wrap.3

# C unit tests: every tests/lib/test_*.c and tests/patterns/test_*.c is a
# program printing TAP.
TEST_SRCS := $(sort $(wildcard tests/lib/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/lib/%.c=build/tests/%)
TEST_ASAN_BINS := $(TEST_SRCS:tests/lib/%.c=build/asan/tests/%)
PTEST_SRCS := $(sort $(wildcard tests/patterns/test_*.c))
TEST_BINS += $(PTEST_SRCS:tests/patterns/%.c=build/tests/%)
TEST_ASAN_BINS += $(PTEST_SRCS:tests/patterns/%.c=build/asan/tests/%)
# C tests of the commands' modules: tests/wrap/test_*.c, linked with every
# wrap/wrap_*.o but the one holding main().
WTEST_SRCS := $(sort $(wildcard tests/wrap/test_*.c))
WRAP_LIB_OBJS := $(filter-out build/wrap/wrap_main.o,$(WRAP_OBJS))
WRAP_LIB_ASAN_OBJS := $(WRAP_LIB_OBJS:build/%=build/asan/%)
TEST_BINS += $(WTEST_SRCS:tests/wrap/%.c=build/tests/%)
TEST_ASAN_BINS += $(WTEST_SRCS:tests/wrap/%.c=build/asan/tests/%)
TEST_HELPERS := build/tests/codec-tool
# Fixture programs the command tests run (tests/fixtures/*.c), plus one
# static build: static programs cannot be preloaded, so they test pipe mode.
# Framework fixtures link the Debian packages of their framework.
FIXTURE_SRCS := $(sort $(wildcard tests/fixtures/*.c tests/fixtures/*.cc))
FIXTURE_BINS := $(patsubst tests/fixtures/%,build/fixtures/%,\
	$(basename $(FIXTURE_SRCS))) build/fixtures/c_tap_buffered_static \
	build/fixtures/shim_paths_O0 build/fixtures/shim_paths_O2F
# The upstream googletest samples (Debian package googletest), as they are.
GTEST_SAMPLES := /usr/src/googletest/googletest/samples
GTEST_SAMPLE_BINS := $(foreach n,1 2 3 4 5 6 7 8 9 10,build/fixtures/gtest_sample$(n))
FIXTURE_BINS += $(GTEST_SAMPLE_BINS)
FIXTURE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -g
FIXTURE_CXXFLAGS := -std=c++17 -Wall -Wextra -Werror -O1 -g
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)

all: $(STATIC_LIB) $(SHARED_LIB) $(COMMANDS) $(SHIM)

build/lib/%.o: lib/%.c $(LIB_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LTO) -c -o $@ $<

build/pic/lib/%.o: lib/%.c $(LIB_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -fPIC -c -o $@ $<

build/asan/lib/%.o: lib/%.c $(LIB_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/shim/lib/%.o: lib/%.c $(LIB_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SHIM_CFLAGS) -c -o $@ $<

build/shim/preload/%.o: preload/%.c preload/shim.h $(LIB_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SHIM_CFLAGS) -c -o $@ $<

$(SHIM): $(SHIM_OBJS)
	$(CC) -shared -Wl,-z,defs -o $@ $^ -ldl -lz

$(STATIC_LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_PIC_OBJS)
	$(CC) -shared -Wl,-soname,libsubunit-wrap.so.$(SOVERSION) -o $@ $^ \
		$(LDLIBS_LIB)
	ln -sf libsubunit-wrap.so.$(VERSION) lib/libsubunit-wrap.so.$(SOVERSION)
	ln -sf libsubunit-wrap.so.$(VERSION) lib/libsubunit-wrap.so

build/patterns/%.o: patterns/%.c $(LIB_HEADERS) $(PAT_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LTO) -c -o $@ $<

build/asan/patterns/%.o: patterns/%.c $(LIB_HEADERS) $(PAT_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/wrap/%.o: wrap/%.c $(LIB_HEADERS) $(PAT_HEADERS) $(wildcard wrap/*.h)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LTO) -c -o $@ $<

build/asan/wrap/%.o: wrap/%.c $(LIB_HEADERS) $(PAT_HEADERS) $(wildcard wrap/*.h)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

wrap/subunit-view: $(VIEW_OBJS) $(STATIC_LIB)
	$(CC) $(CFLAGS) $(LTO) -o $@ $(VIEW_OBJS) $(STATIC_LIB) $(LDLIBS_WRAP)

wrap/subunit-wrap: $(WRAP_OBJS) $(PAT_OBJS) $(STATIC_LIB)
	$(CC) $(CFLAGS) $(LTO) -o $@ $(WRAP_OBJS) $(PAT_OBJS) $(STATIC_LIB) \
		$(LDLIBS_WRAP)

build/tests/%: tests/lib/%.c tests/lib/t.h $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests/lib -o $@ $< $(LIB_OBJS) \
		$(LDLIBS_LIB)

build/asan/tests/%: tests/lib/%.c tests/lib/t.h $(LIB_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -Itests/lib -o $@ $< \
		$(LIB_ASAN_OBJS) $(LDLIBS_LIB)

build/tests/%: tests/patterns/%.c tests/lib/t.h $(wildcard tests/patterns/*.h) \
		$(PAT_OBJS) $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests/lib -Itests/patterns -o $@ $< \
		$(PAT_OBJS) $(LIB_OBJS) $(LDLIBS_LIB)

build/tests/%: tests/wrap/%.c tests/lib/t.h $(WRAP_LIB_OBJS) $(PAT_OBJS) \
		$(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests/lib -Iwrap -o $@ $< \
		$(WRAP_LIB_OBJS) $(PAT_OBJS) $(LIB_OBJS) $(LDLIBS_WRAP)

build/asan/tests/%: tests/wrap/%.c tests/lib/t.h $(WRAP_LIB_ASAN_OBJS) \
		$(PAT_ASAN_OBJS) $(LIB_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -Itests/lib -Iwrap -o $@ \
		$< $(WRAP_LIB_ASAN_OBJS) $(PAT_ASAN_OBJS) $(LIB_ASAN_OBJS) \
		$(LDLIBS_WRAP)

build/asan/tests/%: tests/patterns/%.c tests/lib/t.h \
		$(wildcard tests/patterns/*.h) $(PAT_ASAN_OBJS) $(LIB_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -Itests/lib \
		-Itests/patterns -o $@ $< $(PAT_ASAN_OBJS) $(LIB_ASAN_OBJS) \
		$(LDLIBS_LIB)

build/fixtures/%: tests/fixtures/%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -o $@ $<

build/fixtures/%_static: tests/fixtures/%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -static -o $@ $<

build/fixtures/%: tests/fixtures/%.cc
	@mkdir -p $(@D)
	$(CXX) $(FIXTURE_CXXFLAGS) -o $@ $<

# shim_paths as the research note built it: the call sites differ (printf
# becomes puts or __printf_chk, putc_unlocked is inlined...).
build/fixtures/shim_paths_O0: tests/fixtures/shim_paths.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -O0 -fno-builtin -o $@ $<

build/fixtures/shim_paths_O2F: tests/fixtures/shim_paths.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -O2 -D_FORTIFY_SOURCE=2 -o $@ $<

# An AddressSanitizer program: its runtime must come first in LD_PRELOAD.
build/fixtures/shim_asan: tests/fixtures/shim_asan.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -fsanitize=address -fno-omit-frame-pointer \
		-o $@ $<

build/fixtures/gtest_%: tests/fixtures/gtest_%.cc
	@mkdir -p $(@D)
	$(CXX) $(FIXTURE_CXXFLAGS) -o $@ $< -lgtest -lgtest_main -pthread

# sampleN_unittest.cc and the code it tests (9 and 10 have their own
# main(); 5 reuses sample1.cc).  Never name a fixture gtest_sampleN.cc.
build/fixtures/gtest_sample%: $(GTEST_SAMPLES)/sample%_unittest.cc
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O1 -g -I$(GTEST_SAMPLES) -o $@ $(filter %.cc,$^) \
		-lgtest -lgtest_main -pthread
build/fixtures/gtest_sample1: $(GTEST_SAMPLES)/sample1.cc
build/fixtures/gtest_sample2: $(GTEST_SAMPLES)/sample2.cc
build/fixtures/gtest_sample4: $(GTEST_SAMPLES)/sample4.cc
build/fixtures/gtest_sample5: $(GTEST_SAMPLES)/sample1.cc

build/fixtures/glib_%: tests/fixtures/glib_%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) $$(pkg-config --cflags glib-2.0) -o $@ $< \
		$$(pkg-config --libs glib-2.0)

build/fixtures/check_%: tests/fixtures/check_%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) $$(pkg-config --cflags check) -o $@ $< \
		$$(pkg-config --libs check)

build/fixtures/cmocka_%: tests/fixtures/cmocka_%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -o $@ $< -lcmocka

build/fixtures/cunit_%: tests/fixtures/cunit_%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -o $@ $< -lcunit

build/tests/codec-tool: tests/lib/codec-tool.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS_LIB)

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(LIB_HEADERS) $(addprefix lib/,$(LIB_MODULES:=.c))
	@mkdir -p $(@D)
	$(CLANG) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< \
		$(addprefix lib/,$(LIB_MODULES:=.c)) $(LDLIBS_LIB)

# The targets of the plug-ins, the pattern-file parser and the --load-list
# reader are built with those (fuzz_pat.h is their shared checker).
FUZZ_PAT_BINS := build/fuzz/fuzz_patterns build/fuzz/fuzz_pattern_file \
	build/fuzz/fuzz_load_list
FUZZ_PAT_SRCS := $(addprefix lib/,$(LIB_MODULES:=.c)) $(PAT_SRCS) \
	wrap/wrap_list.c
$(FUZZ_PAT_BINS): build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h \
		tests/fuzz/fuzz_pat.h $(LIB_HEADERS) $(PAT_HEADERS) \
		wrap/wrap_list.h $(FUZZ_PAT_SRCS)
	@mkdir -p $(@D)
	$(CLANG) $(BASE_CFLAGS) -Iwrap -O1 -g \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(FUZZ_PAT_SRCS) $(LDLIBS_LIB)

build/bench/%: tests/bench/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O2 -o $@ $< $(LIB_OBJS) $(LDLIBS_LIB)

deps:
	@sh .ci/deps

check-build: all $(TEST_BINS) $(TEST_ASAN_BINS) $(TEST_HELPERS) $(FUZZ_BINS) \
	$(FIXTURE_BINS)

# The test runner prints one TAP stream per suite and the closing line
# "check: N passed, N failed".
check: deps
	$(MAKE) check-build
	PYTHON=$(PYTHON) sh tests/run-all.sh

# The demo's suite: the TAP programs of tests/fixtures/demo/, a googletest
# program and a hang (tests/demo.sh).
demo: deps
	$(MAKE) all $(TEST_HELPERS) build/fixtures/gtest_basic
	sh tests/demo.sh

# The programs make bench times (issue 7): a TAP flood, a write/printf
# probe for the shim's per-write cost, a 20,000-test googletest binary, a
# 50 MiB line for the wrapper's peak RSS.
BENCH_BINS := build/bench/bench-codec build/bench/tap_flood \
	build/bench/writes build/bench/gtest_20k build/bench/long_line \
	build/bench/abtime
build/bench/tap_flood build/bench/writes build/bench/long_line \
	build/bench/abtime: \
	build/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(FIXTURE_CFLAGS) -O2 -o $@ $<
build/bench/gtest_20k: tests/bench/gtest_20k.cc
	@mkdir -p $(@D)
	$(CXX) $(FIXTURE_CXXFLAGS) -O2 -o $@ $< -lgtest -lgtest_main -pthread

bench: all $(BENCH_BINS)
	PYTHON=$(PYTHON) sh tests/bench/run.sh

# Reliability soak (issue 8), not part of check: tests/soak/run.sh.
soak: all $(FIXTURE_BINS)
	PYTHON=$(PYTHON) sh tests/soak/run.sh

FUZZ_SECONDS ?= 600
fuzz: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR)/subunit-wrap $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(COMMANDS) $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(SHIMDIR)
	install -m 755 $(SHIM) $(DESTDIR)$(SHIMDIR)/
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libsubunit-wrap.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/libsubunit-wrap.so.$(SOVERSION)
	ln -sf libsubunit-wrap.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsubunit-wrap.so
	install -m 644 $(LIB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/subunit-wrap/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/subunit-wrap.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/subunit-wrap.pc
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3/

clean:
	rm -rf build lib/libsubunit-wrap.* $(COMMANDS) $(SHIM)

.PHONY: all deps check check-build demo bench soak fuzz install clean
.DELETE_ON_ERROR:
# Keep intermediate objects (pattern-rule chains would delete them).
.SECONDARY:

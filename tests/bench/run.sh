#!/bin/sh
# tests/bench/run.sh: the benchmarks of `make bench`, all in one run on one
# machine so the ratios compare like with like.
#
#   1. Generate the stream of research/subunit.md §6: 200,000
#      status(test_id='test.N', test_status='success') packets written by
#      python-subunit's StreamResultToBytes (3,888,890 bytes).
#   2. Time, as whole processes, the median of BENCH_RUNS (default 5) runs
#      with hyperfine if installed (else a date +%s%N loop); the two
#      millisecond-scale commands (ours, cat) get BENCH_FAST_RUNS (default
#      30): one run costs nothing and a median of 5 moves with the load:
#        python   ByteStreamToStreamResult into a counting result (§6(a))
#        stats    subunit-stats --no-passthrough
#        ours     wrap/subunit-view --stats (override: VIEW_CMD)
#        cat      cat FILE > /dev/null
#   3. Run build/bench/bench-codec (in-process encode/decode MB/s).
#   4. The wrapper and the preload shim (issues 5 and 7).  The wrapper's
#      cost, as BENCH_AB_ROUNDS (default 40) interleaved rounds of
#      build/bench/abtime: each round runs bare, preload and pipe once (in
#      a rotating order), and the cost is the median of the rounds'
#      wrapped/bare ratios, printed with its quartiles.  Timing them in
#      separate blocks of runs put the VM's drift into the ratio (a median
#      of 5 runs of one block moved a ratio by 0.1 between two make bench):
#        flood_bare        build/bench/tap_flood | cat (1,000,000 TAP lines,
#                          printf, fully buffered)
#        flood_preload     wrap/subunit-wrap build/bench/tap_flood
#        flood_pipe        the same with --no-preload
#      Medians as in 2 (BENCH_FAST_RUNS for the commands of about 0.2 s or
#      less):
#        flood_tap2subunit build/bench/tap_flood N | tap2subunit
#                          (python-subunit's filter; N = BENCH_T2S_LINES,
#                          default 1,000,000; a smaller N is scaled to
#                          1,000,000 lines linearly, and the table says so:
#                          python's start-up, ~0.1 s, is scaled with it)
#        gtest_bare, gtest_preload, gtest_pipe: build/bench/gtest_20k
#                          (20,000 googletest tests) the same three ways,
#                          in abtime rounds as the flood
#      and the shim alone, no wrapper (build/bench/writes, stdout a pipe to
#      cat, wall-clock medians of the whole pipeline divided by the count,
#      so ns per write includes the process start, ~1 ms / 10^6):
#        write_*   1,000,000 write(1, "x\n", 2)
#        printf_*  1,000,000 printf("ok %ld\n", i) lines
#      each bare, with the shim sending to /dev/null (_shim_null) and to a
#      FIFO read by cat (_shim_pipe).  Peak RSS of the wrapper in the flood
#      run (/usr/bin/time %M: the largest of the wrapper and tap_flood; as
#      every RSS figure, the median of BENCH_RSS_RUNS runs).
#   5. Memory (issue 7), peak RSS (/usr/bin/time %M, the wrapper's: its
#      program is small): the wrapper, both modes, on one 50 MiB line
#      (build/bench/long_line: with and without its newline), and
#      subunit-view --stats decoding the wrapped flood (1,000,000 tests,
#      saved to a file; its time too).
#   6. A real suite (issue 7): the GLib installed tests of Debian's
#      libglib2.0-tests (installed here if missing and root; skipped with
#      the command to run otherwise), BENCH_GLIB_RUNS (default 3) runs:
#        glib_bare     each program as its .test file's Exec= line says,
#                      in sequence, stdin /dev/null, stdout and stderr to
#                      one pipe to cat
#        glib_wrapped  wrap/subunit-wrap --each over the same programs,
#                      stdout to /dev/null
#      both in the same scratch directory, over the same programs (the
#      ones left out, and why, are listed at glib_skip below).  One more
#      run of each first checks that the wrapped stream agrees with the
#      bare exit statuses program by program (exit 0 or 77: no failed
#      test; any other: at least one), and prints both counts.
#   7. Print a table with the ratios python/ours (target >= 50),
#      subunit-stats/ours, our MB/s over cat's, and bench-codec's numbers,
#      wrapped/bare for the flood (target <= 1.5) and googletest (target
#      <= 1.3), tap2subunit/wrapped (target >= 20), ns per write, the
#      peak RSS figures, the GLib suite and its wrapped/bare;
#      write them to tests/bench/results-latest.txt as "key value" lines;
#      compare with tests/bench/baseline.txt if present and flag any number
#      more than 10% worse (ratio_* and *_mbs: higher is better; cost_*,
#      ns_* and rss_kb_*: lower is better).  Never fails on a slow number
#      (exit 0); exit 2 only if the benchmark cannot run at all.
#
# To set a baseline: cp tests/bench/results-latest.txt tests/bench/baseline.txt
#
# Environment: PYTHON (Debian's python with python3-subunit), BENCH_RUNS,
# BENCH_FAST_RUNS, BENCH_AB_ROUNDS, BENCH_T2S_LINES (lines fed to tap2subunit),
# BENCH_GLIB_RUNS, BENCH_GLIB=0 to skip the GLib suite, BENCH_GLIB_ALL=1
# to run every GLib test --each can run (no exclusions but Exec= lines
# with arguments; as root, fileutils then makes /usr/b/c),
# BENCH_LINE_BYTES (the long line, default 50 MiB), BENCH_RSS_RUNS (runs
# per peak RSS figure, the median kept; default 5),
# VIEW_CMD (the command whose stdin is the stream; default
# "wrap/subunit-view --stats"), BENCH_TIMER=date to skip hyperfine.
# shellcheck disable=SC2317 # median_* are called as "median_$BENCH_TIMER"
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${PYTHON:=/usr/bin/python3}"
: "${BENCH_RUNS:=5}"
: "${BENCH_FAST_RUNS:=30}"
: "${VIEW_CMD:=wrap/subunit-view --stats}"
: "${BENCH_TIMER:=auto}"
: "${BENCH_T2S_LINES:=1000000}"
: "${BENCH_GLIB_RUNS:=3}"
: "${BENCH_GLIB:=1}"
: "${BENCH_GLIB_ALL:=0}"
: "${BENCH_LINE_BYTES:=52428800}"
: "${BENCH_RSS_RUNS:=5}"
: "${BENCH_AB_ROUNDS:=40}"
CODEC_BENCH=build/bench/bench-codec
ABTIME=build/bench/abtime
WRAP=wrap/subunit-wrap
SHIM=$PWD/preload/subunit-wrap-preload.so
FLOOD=build/bench/tap_flood
FLOOD_LINES=1000000
GTEST=build/bench/gtest_20k
GTEST_TESTS=20000
WRITES=build/bench/writes
WRITES_COUNT=1000000
LINE=build/bench/long_line
GLIB_PKG=libglib2.0-tests
GLIB_TESTS=/usr/share/installed-tests/glib
RESULTS=tests/bench/results-latest.txt
BASELINE=tests/bench/baseline.txt

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sw-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
stream=$tmp/v2_200k.bin
kv=$tmp/results

if [ "$BENCH_TIMER" = auto ]; then
	if command -v hyperfine >/dev/null 2>&1; then
		BENCH_TIMER=hyperfine
	else
		BENCH_TIMER="date"
	fi
fi

# ---------------------------------------------------------------- helpers

# record KEY VALUE: keep a result for the table, the file and the baseline.
record() {
	echo "$1 $2" >>"$kv"
}

# get KEY: a recorded value, or empty.
get() {
	awk -v k="$1" '$1 == k { v = $2 } END { if (v != "") print v }' "$kv"
}

# div A B [DECIMALS]: A / B with 1 (or DECIMALS) decimals (empty if
# either is missing or B is 0).
div() {
	awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN {
		if (a != "" && b != "" && b + 0 > 0) printf "%.*f\n", d, a / b }'
}

# median_date CMD RUNS: median wall time of RUNS runs of sh -c CMD,
# after one warm-up run (seconds, including the shell's start).
median_date() {
	sh -c "$1" >/dev/null 2>&1
	i=0
	while [ "$i" -lt "$2" ]; do
		t0=$(date +%s%N)
		sh -c "$1" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $((t1 - t0))
		i=$((i + 1))
	done | sort -n | awk '{ t[NR] = $1 } END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "%.6f\n", m / 1e9 }'
}

# median_hyperfine CMD RUNS: the same with hyperfine (which subtracts the
# shell's start-up time).
median_hyperfine() {
	hyperfine --runs "$2" --warmup 1 --ignore-failure \
	    --style none --export-json "$tmp/h.json" "$1" >/dev/null 2>&1 ||
		return 1
	sed -n 's/^ *"median": *\([0-9.eE+-]*\),*$/\1/p' "$tmp/h.json" |
		head -n 1 | awk '{ printf "%.6f\n", $1 }'
}

# time_cmd KEY CMD [RUNS]: record sec_KEY, the median time of CMD.
time_cmd() {
	s=$("median_$BENCH_TIMER" "$2" "${3:-$BENCH_RUNS}")
	if [ -z "$s" ]; then
		echo "bench: could not time: $2" >&2
		return 1
	fi
	record "sec_$1" "$s"
}

# time_ab W BARE PRELOAD PIPE: the wrapper's cost on program W, as
# interleaved rounds (build/bench/abtime: each round runs the three
# commands once, so a drift of the machine's speed over the seconds of
# the benchmark cancels out of each round's ratio): record sec_W_bare,
# sec_W_preload, sec_W_pipe (medians) and cost_W_preload, cost_W_pipe,
# the medians of the rounds' wrapped/bare ratios, with their quartiles
# (cost_W_*_q1, _q3).  Without abtime: time_cmd medians, and the costs
# are their ratios (computed with the others below).
time_ab() {
	if ! [ -x "$ABTIME" ]; then
		echo "bench: $ABTIME is missing: timing $1 in blocks" >&2
		time_cmd "$1_bare" "$2" "$BENCH_AB_ROUNDS"
		time_cmd "$1_preload" "$3" "$BENCH_AB_ROUNDS"
		time_cmd "$1_pipe" "$4" "$BENCH_AB_ROUNDS"
		return
	fi
	if ! "$ABTIME" "$BENCH_AB_ROUNDS" bare="$2" preload="$3" pipe="$4" \
	    >"$tmp/ab"; then
		echo "bench: could not time $1 with $ABTIME" >&2
		return 1
	fi
	while read -r m sec ratio q1 q3; do
		record "sec_$1_$m" "$sec"
		[ "$m" = bare ] && continue
		record "cost_$1_$m" "$(div "$ratio" 1 2)"
		record "cost_$1_${m}_q1" "$(div "$q1" 1 2)"
		record "cost_$1_${m}_q3" "$(div "$q3" 1 2)"
	done <"$tmp/ab"
}

# rss KEY IN CMD [ARG...]: record rss_kb_KEY, the median of BENCH_RSS_RUNS
# runs of /usr/bin/time %M (the peak RSS in KB of the largest of CMD and
# the children it waited for) on CMD with stdin from the file IN, stdout
# to /dev/null.  One run's figure moves by some 5% from run to run.
rss() {
	rss_key=rss_kb_$1
	rss_in=$2
	shift 2
	if ! [ -x /usr/bin/time ]; then
		[ -n "${rss_warned:-}" ] || echo "bench: /usr/bin/time is" \
		    "missing (Debian package time): no peak RSS figures" >&2
		rss_warned=1
		return 1
	fi
	: >"$tmp/rss.all"
	i=0
	while [ "$i" -lt "$BENCH_RSS_RUNS" ]; do
		/usr/bin/time -o "$tmp/rss" -f %M "$@" <"$rss_in" >/dev/null ||
			return 1
		tail -n 1 "$tmp/rss" >>"$tmp/rss.all"
		i=$((i + 1))
	done
	record "$rss_key" "$(sort -n "$tmp/rss.all" | awk '{ v[NR] = $1 }
	END {
		if (NR % 2)
			print v[(NR + 1) / 2]
		else if (NR)
			print int((v[NR / 2] + v[NR / 2 + 1]) / 2)
	}')"
}

# ---------------------------------------------------------------- stream

gen_stream() {
	"$PYTHON" -c 'import sys
from subunit.v2 import StreamResultToBytes as W
o = W(sys.stdout.buffer)
[o.status(test_id="test.%d" % i, test_status="success")
 for i in range(200000)]' >"$stream"
}

cat >"$tmp/parse.py" <<'EOF'
# research/subunit.md section 6(a): parse into a counting result.
import sys
from subunit.v2 import ByteStreamToStreamResult as P
class C:
    n = 0
    def status(self, **k):
        self.n += 1
r = C()
P(open(sys.argv[1], "rb"), non_subunit_name="stdout").run(r)
print(r.n)
EOF

if ! gen_stream; then
	echo "bench: $PYTHON cannot generate the stream (python3-subunit?)" >&2
	exit 2
fi
bytes=$(wc -c <"$stream" | tr -d ' ')
record stream_bytes "$bytes"
record stream_packets 200000
n=$("$PYTHON" "$tmp/parse.py" "$stream")
[ "$n" = 200000 ] || echo "bench: python parsed $n packets, not 200000" >&2

# ---------------------------------------------------------------- timing

echo "bench: timing with $BENCH_TIMER ..." >&2
time_cmd python "'$PYTHON' '$tmp/parse.py' '$stream'"
if command -v subunit-stats >/dev/null 2>&1; then
	time_cmd stats "subunit-stats --no-passthrough < '$stream'"
else
	echo "bench: subunit-stats not installed (Debian package subunit)" >&2
fi
view_bin=${VIEW_CMD%% *}
if [ -x "$view_bin" ] || command -v "$view_bin" >/dev/null 2>&1; then
	echo "bench: $VIEW_CMD says:" >&2
	sh -c "$VIEW_CMD < '$stream'" 2>&1 | sed 's/^/    /' | head -n 12 >&2
	time_cmd ours "$VIEW_CMD < '$stream'" "$BENCH_FAST_RUNS"
else
	echo "bench: $view_bin is missing (make all builds it)" >&2
fi
time_cmd cat "cat '$stream' > /dev/null" "$BENCH_FAST_RUNS"

if [ -x "$CODEC_BENCH" ]; then
	"$CODEC_BENCH" "$BENCH_RUNS" >"$tmp/codec" ||
		echo "bench: $CODEC_BENCH reported a decode mismatch" >&2
	# encode-typical ... MB/s=437.4 ... -> encode_typical_mbs 437.4
	sed -n 's/^\([a-z0-9-]*\) .* MB\/s=\([0-9.]*\) .*/\1 \2/p' \
	    "$tmp/codec" | tr '-' '_' | while read -r k v; do
		record "${k}_mbs" "$v"
	done
else
	echo "bench: $CODEC_BENCH is missing (make build/bench/bench-codec)" >&2
fi

# ---------------------------------------------------------------- wrapper

# The wrapper's two modes on a TAP flood and a googletest binary, against
# the bare program piped to cat and against python-subunit's tap2subunit.
if [ -x "$WRAP" ] && [ -x "$FLOOD" ] && [ -x "$GTEST" ]; then
	# Preload mode must be live, or flood_preload would time pipe mode.
	if [ -r "$SHIM" ] && "$WRAP" --pattern exitcode /usr/bin/env |
	    grep -aq 'LD_PRELOAD=[^ ]*subunit-wrap-preload'; then
		:
	else
		echo "bench: preload mode is not live ($SHIM):" \
		    "the _preload numbers are pipe mode" >&2
	fi
	# The stream is kept for the viewer's figures below.
	"$WRAP" "$FLOOD" >"$tmp/flood.bin"
	n=$(wrap/subunit-view --stats <"$tmp/flood.bin")
	case $n in "$((FLOOD_LINES + 1)) passed, 0 failed"*) ;; *)
		echo "bench: wrapped tap_flood gave: $n" >&2 ;;
	esac
	record flood_lines "$FLOOD_LINES"
	time_ab flood "$FLOOD | cat > /dev/null" "$WRAP $FLOOD > /dev/null" \
	    "$WRAP --no-preload $FLOOD > /dev/null"
	if command -v tap2subunit >/dev/null 2>&1; then
		record t2s_lines "$BENCH_T2S_LINES"
		time_cmd flood_t2s_measured \
		    "$FLOOD $BENCH_T2S_LINES | tap2subunit > /dev/null"
		s=$(get sec_flood_t2s_measured)
		[ -n "$s" ] && record sec_flood_tap2subunit "$(awk -v s="$s" \
		    -v n="$BENCH_T2S_LINES" -v f="$FLOOD_LINES" \
		    'BEGIN { printf "%.6f\n", s * f / n }')"
	else
		echo "bench: tap2subunit not installed (Debian package subunit)" >&2
	fi
	rss flood_bare /dev/null "$FLOOD"
	rss flood_preload /dev/null "$WRAP" "$FLOOD"
	rss flood_pipe /dev/null "$WRAP" --no-preload "$FLOOD"

	# The viewer decoding the flood's stream from a file: 1,000,000 TAP
	# tests and the program's own (the other end of the 1,000,000-test
	# stream whose wrapper is rss_kb_flood_*).
	record view_1m_tests "$((FLOOD_LINES + 1))"
	record view_1m_bytes "$(wc -c <"$tmp/flood.bin" | tr -d ' ')"
	time_cmd view_1m "wrap/subunit-view --stats < '$tmp/flood.bin'"
	rss view_1m "$tmp/flood.bin" wrap/subunit-view --stats
	rm -f "$tmp/flood.bin"

	n=$("$WRAP" "$GTEST" | wrap/subunit-view --stats)
	case $n in "$GTEST_TESTS passed, 0 failed"*) ;; *)
		echo "bench: wrapped gtest_20k gave: $n" >&2 ;;
	esac
	record gtest_tests "$GTEST_TESTS"
	time_ab gtest "$GTEST | cat > /dev/null" "$WRAP $GTEST > /dev/null" \
	    "$WRAP --no-preload $GTEST > /dev/null"
else
	echo "bench: $WRAP, $FLOOD or $GTEST is missing (make bench builds them)" >&2
fi

# Memory: the wrapper's peak RSS on one long line, both modes, with and
# without its newline.  long_line prints no TAP, so the exit status gives
# the verdict and the line is output the wrapper passes on as the test's
# stdout: it must stream it, not hold it whole.
if [ -x "$WRAP" ] && [ -x "$LINE" ]; then
	record line_bytes "$BENCH_LINE_BYTES"
	for e in nl nonl; do
		k=line
		[ "$e" = nonl ] && k=line_nonl
		"$WRAP" "$LINE" "$BENCH_LINE_BYTES" "$e" >"$tmp/line.bin"
		n=$(wrap/subunit-view --stats <"$tmp/line.bin")
		b=$(wc -c <"$tmp/line.bin" | tr -d ' ')
		case $n in "1 passed, 0 failed"*) ;; *)
			echo "bench: wrapped long_line $e gave: $n" >&2 ;;
		esac
		[ "$b" -gt "$BENCH_LINE_BYTES" ] || echo "bench: wrapped" \
		    "long_line $e: a $b-byte stream for a $BENCH_LINE_BYTES-byte line" >&2
		rm -f "$tmp/line.bin"
		rss "${k}_preload" /dev/null "$WRAP" "$LINE" "$BENCH_LINE_BYTES" "$e"
		rss "${k}_pipe" /dev/null "$WRAP" --no-preload "$LINE" \
		    "$BENCH_LINE_BYTES" "$e"
	done
else
	echo "bench: $WRAP or $LINE is missing (make bench builds them)" >&2
fi

# The shim alone: what it adds to each write(2) and each printf line, with
# the side channel going nowhere (/dev/null) and to a reader (a FIFO to cat).
if [ -x "$WRITES" ] && [ -r "$SHIM" ]; then
	fifo=$tmp/side
	mkfifo "$fifo" || exit 2
	pre="SUBUNIT_WRAP_FD=9 LD_PRELOAD='$SHIM'"
	# The shim must take the bytes off stdout, or this times nothing.
	n=$(SUBUNIT_WRAP_FD=9 LD_PRELOAD=$SHIM "$WRITES" write 10 9>/dev/null |
	    wc -c | tr -d ' ')
	[ "$n" = 0 ] || echo "bench: with the shim, $WRITES still wrote" \
	    "$n bytes to stdout" >&2
	record writes_count "$WRITES_COUNT"
	for m in write printf; do
		r=$BENCH_RUNS
		[ "$m" = printf ] && r=$BENCH_FAST_RUNS
		w="$WRITES $m $WRITES_COUNT"
		time_cmd "${m}_bare" "$w | cat > /dev/null" "$r"
		time_cmd "${m}_shim_null" "$pre $w 9> /dev/null | cat > /dev/null" "$r"
		time_cmd "${m}_shim_pipe" "cat '$fifo' > /dev/null & $pre $w \
9> '$fifo' | cat > /dev/null; wait" "$r"
		for v in bare shim_null shim_pipe; do
			s=$(get "sec_${m}_$v")
			[ -n "$s" ] && record "ns_${m}_$v" "$(awk -v s="$s" \
			    -v n="$WRITES_COUNT" 'BEGIN { printf "%.1f\n", s / n * 1e9 }')"
		done
		a=$(get "ns_${m}_shim_pipe")
		b=$(get "ns_${m}_bare")
		[ -n "$a" ] && [ -n "$b" ] && record "added_ns_${m}_shim_pipe" \
		    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f\n", a - b }')"
	done
else
	echo "bench: $WRITES or $SHIM is missing (make bench builds them)" >&2
fi

# ---------------------------------------------------------------- GLib

# A real suite: the GLib installed tests (Debian's libglib2.0-tests), each
# program as its .test file's Exec= line runs it, bare and wrapped.  Left
# out of both runs, by the name of the .test file, and why:
#   performance, performance-threaded, static-link, gsocketclient-slow:
#     their Exec= lines have arguments or an env prefix, and --each runs a
#     program without arguments (left out even with BENCH_GLIB_ALL=1).
#     performance* are benchmarks of their own (--seconds 1 a case),
#     static-link skips without GLIB_TEST_COMPILATION=1 and a toolchain,
#     gsocketclient-slow needs its own LD_PRELOAD.
#   mapping: its main() takes any argument for its child's mode, so
#     GLib's options (--tap -k) make it abort; it runs with --pattern tap
#     (a known limit, README "Not supported yet").
#   file, fileutils, as root only: root can write where they expect
#     EACCES (fileutils even leaves /usr/b/c behind), they abort in that
#     test, and the wrapper runs their tests after it again: work the bare
#     run never does.
#   glib_long: each took 1 s or more bare on the 2-CPU machine of the
#     baseline (under load), together ~4.9 of the suite's ~6.5 minutes
#     there, the slowest 36 s: they sleep, wait for timeouts, D-Bus
#     daemons and python-dbusmock, or loop threads and allocators for a
#     fixed time, the same wrapped or not.
# None needs a display, and the set gives the same results with no network
# but loopback (unshare -n).
glib_long="1bit-mutex closure-refcount codegen.py cond gdbus-export
gdbus-peer gdbus-proxy gmenumodel gsubprocess gvariant io-channel-basic
mainloop memory-monitor-dbus memory-monitor-portal mkenums.py mutex
network-address network-monitor-race objects-refcount1 objects-refcount2
power-profile-monitor-dbus power-profile-monitor-portal private
properties-refcount1 properties-refcount3 rec-mutex rwlock sequence
signals-refcount1 signals-refcount2 signals-refcount3 signals-refcount4
slice-color slice-eager-freeing slice-glib slice-malloc slice-memchunk
slice-slab socket spawn-multithreaded task thread-deprecated
thread-pool-slow threadtests timeout unix unix-streams utf8-pointer"
glib_skip="mapping"
[ "$(id -u)" -eq 0 ] && glib_skip="$glib_skip file fileutils"

# glib_install: make sure the GLib installed tests are here; as root on
# Debian, install GLIB_PKG; else say what to install.  1: they are not.
glib_install() {
	ls "$GLIB_TESTS"/*.test >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "bench: skipping the GLib suite: no $GLIB_TESTS/*.test;" \
		    "install Debian's $GLIB_PKG, as root:" >&2
		echo "  apt-get update && apt-get install -y" \
		    "--no-install-recommends $GLIB_PKG" >&2
		return 1
	fi
	echo "bench: installing $GLIB_PKG (the GLib suite) ..." >&2
	if apt-get update -q >"$tmp/apt.log" 2>&1 &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "$GLIB_PKG" </dev/null >>"$tmp/apt.log" 2>&1 &&
	    ls "$GLIB_TESTS"/*.test >/dev/null 2>&1; then
		return 0
	fi
	echo "bench: skipping the GLib suite: could not install $GLIB_PKG:" >&2
	tail -n 3 "$tmp/apt.log" | sed 's/^/    /' >&2
	return 1
}

# glib_list: the programs of the set, one a line, as "NAME PROGRAM" (NAME:
# the .test file's), in the order of the .test files.
glib_list() {
	# shellcheck disable=SC2086 # the lists are split into words
	out="$(printf ' %s' $glib_skip $glib_long) "
	[ "$BENCH_GLIB_ALL" = 1 ] && out=
	for t in "$GLIB_TESTS"/*.test; do
		e=$(sed -n 's/^Exec=[[:space:]]*//p' "$t" | head -n 1)
		case $e in "" | *[[:space:]]*) continue ;; esac
		[ -x "$e" ] || continue
		b=${t##*/}
		b=${b%.test}
		case $out in *" $b "*) continue ;; esac
		echo "$b $e"
	done
}

# glib_check: one run each way, the wrapped stream against the bare exit
# statuses, program by program; record the counts, print them.
glib_check() {
	(cd "$gdir" && sh "$tmp/glib_codes.sh") >"$tmp/glib.codes"
	(cd "$gdir" && sh "$tmp/glib_wrapped.sh") >"$tmp/glib.bin" \
	    2>"$tmp/glib.err"
	wrap/subunit-view <"$tmp/glib.bin" >"$tmp/glib.trace" 2>/dev/null
	stats=$(wrap/subunit-view --stats <"$tmp/glib.bin")
	# glib.codes: "RC PROGRAM"; a trace line: "STATUS ID ..." with ID
	# PROGRAM, PROGRAM::TEST or PROGRAM (subtest label).
	awk -v stats="$stats" 'NR == FNR { code[$2] = $1; next }
	/^[a-z]/ {
		id = $2
		sub(/::.*/, "", id)
		if (!(id in code))
			next
		if ($1 == "success" || $1 == "xfail")
			pass[id]++
		else if ($1 == "skip")
			skip[id]++
		else if ($1 ~ /^(fail|uxsuccess|inprogress)$/)
			fail[id]++
		else
			next
		seen[id]++
	}
	END {
		for (p in code) {
			n++
			c = code[p]
			if (c == 0)
				e0++
			else if (c == 77)
				e77++
			else
				ef++
			if (!seen[p]) {
				print "bench: glib: no result in the wrapped" \
				    " stream for " p " (exit " c ")" >"/dev/stderr"
				bad++
			} else if ((c != 0 && c != 77) != (fail[p] > 0)) {
				print "bench: glib: " p " exited " c " bare," \
				    " wrapped: " pass[p] + 0 " passed, " \
				    fail[p] + 0 " failed, " skip[p] + 0 \
				    " skipped" >"/dev/stderr"
				bad++
			}
			tp += pass[p]
			tf += fail[p]
			ts += skip[p]
		}
		split(stats, s, /[ ,]+/)
		if (s[1] != tp || s[3] != tf || s[5] != ts)
			print "bench: glib: --stats says " stats ", the" \
			    " trace " tp " passed, " tf " failed, " ts \
			    " skipped" >"/dev/stderr"
		printf "glib_programs %d\nglib_bare_exit0 %d\n", n, e0
		printf "glib_bare_exit77 %d\nglib_bare_failed %d\n", e77, ef
		printf "glib_tests %d\nglib_passed %d\n", s[1] + s[3] + s[5], s[1]
		printf "glib_failed %d\nglib_skipped %d\n", s[3], s[5]
		printf "glib_inconsistent %d\n", bad
	}' "$tmp/glib.codes" "$tmp/glib.trace" >"$tmp/glib.kv"
	cat "$tmp/glib.kv" >>"$kv"
	echo "bench: GLib suite: $(get glib_programs) programs; bare:" \
	    "$(get glib_bare_exit0) exited 0, $(get glib_bare_exit77) 77" \
	    "(skip), $(get glib_bare_failed) failed; wrapped: $stats;" \
	    "$(get glib_inconsistent) inconsistent" >&2
	if [ -s "$tmp/glib.err" ]; then
		echo "bench: glib: the wrapper said:" >&2
		head -n 5 "$tmp/glib.err" | sed 's/^/    /' >&2
	fi
	rm -f "$tmp/glib.bin" "$tmp/glib.trace"
}

if [ "$BENCH_GLIB" = 0 ]; then
	echo "bench: BENCH_GLIB=0: no GLib suite" >&2
elif ! [ -x "$WRAP" ]; then
	echo "bench: $WRAP is missing: no GLib suite" >&2
elif glib_install; then
	gdir=$tmp/glib
	mkdir "$gdir" || exit 2
	glib_list >"$tmp/glib.list"
	# The three runs: bare (stdout and stderr to the caller: a pipe to
	# cat), bare with the exit statuses, wrapped.
	awk '{ print "\"" $2 "\" </dev/null 2>&1" }' "$tmp/glib.list" \
	    >"$tmp/glib_bare.sh"
	awk '{ print "\"" $2 "\" </dev/null >/dev/null 2>&1; echo \"$? " \
	    $2 "\"" }' "$tmp/glib.list" >"$tmp/glib_codes.sh"
	{
		printf 'exec "%s" --each' "$PWD/$WRAP"
		awk '{ printf " \\\n    \"%s\"", $2 }' "$tmp/glib.list"
		echo
	} >"$tmp/glib_wrapped.sh"
	echo "bench: GLib suite: $(wc -l <"$tmp/glib.list" | tr -d ' ')" \
	    "programs, $BENCH_GLIB_RUNS runs each way ..." >&2
	glib_check
	time_cmd glib_bare "cd '$gdir' && sh '$tmp/glib_bare.sh' | cat > /dev/null" \
	    "$BENCH_GLIB_RUNS"
	time_cmd glib_wrapped "cd '$gdir' && sh '$tmp/glib_wrapped.sh' > /dev/null" \
	    "$BENCH_GLIB_RUNS"
fi

# ---------------------------------------------------------------- ratios

mbs() {
	[ -n "$1" ] && awk -v b="$bytes" -v s="$1" \
	    'BEGIN { if (s > 0) printf "%.1f\n", b / s / 1e6 }'
}
ours=$(get sec_ours)
[ -n "$(get sec_ours)" ] && record ours_mbs "$(mbs "$ours")"
[ -n "$(get sec_cat)" ] && record cat_mbs "$(mbs "$(get sec_cat)")"
r=$(div "$(get sec_python)" "$ours")
[ -n "$r" ] && record ratio_python_ours "$r"
r=$(div "$(get sec_stats)" "$ours")
[ -n "$r" ] && record ratio_stats_ours "$r"
r=$(awk -v a="$(get ours_mbs)" -v b="$(get cat_mbs)" 'BEGIN {
	if (a != "" && b != "" && b + 0 > 0) printf "%.3f\n", a / b }')
[ -n "$r" ] && record ratio_ours_cat_mbs "$r"
for w in flood gtest; do
	for m in preload pipe; do
		[ -n "$(get "cost_${w}_$m")" ] && continue       # abtime's
		r=$(div "$(get "sec_${w}_$m")" "$(get "sec_${w}_bare")" 2)
		[ -n "$r" ] && record "cost_${w}_$m" "$r"
	done
done
r=$(div "$(get sec_glib_wrapped)" "$(get sec_glib_bare)" 2)
[ -n "$r" ] && record cost_glib_wrapped "$r"
for m in preload pipe; do
	r=$(div "$(get sec_flood_tap2subunit)" "$(get "sec_flood_$m")")
	[ -n "$r" ] && record "ratio_tap2subunit_$m" "$r"
done

# ---------------------------------------------------------------- report

# row LABEL KEY [NOTE]
row() {
	printf '  %-40s %12s  %s\n' "$1" "$(get "$2")" "${3:-}"
}

# target_note [KEY OP LIMIT]: "(target OP LIMIT: met)" or "NOT MET";
# nothing if KEY was not recorded.  Default: python / ours >= 50.
target_note() {
	r=$(get "${1:-ratio_python_ours}")
	[ -n "$r" ] || return 0
	if awk -v r="$r" -v op="${2:->=}" -v l="${3:-50}" 'BEGIN {
		exit !(op == ">=" ? r >= l : r <= l) }'; then
		echo "(target ${2:->=} ${3:-50}: met)"
	else
		echo "(target ${2:->=} ${3:-50}: NOT MET)"
	fi
}

# cost_row LABEL KEY LIMIT: a wrapped/bare ratio, its target and, when
# abtime measured it, the quartiles of the rounds' ratios.
cost_row() {
	q=""
	[ -n "$(get "$2_q1")" ] && q="[$(get "$2_q1")-$(get "$2_q3")] "
	row "$1" "$2" "$q$(target_note "$2" '<=' "$3")"
}

# t2s_note: how the tap2subunit time was obtained.
t2s_note() {
	n=$(get t2s_lines)
	[ -n "$n" ] || return 0
	if [ "$n" -ne "$FLOOD_LINES" ]; then
		echo "(ran $n lines, scaled x$(div "$FLOOD_LINES" "$n")," \
		    "python's start-up too)"
	fi
}

report() {
	echo "subunit-wrap benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC')," \
	    "$(uname -n), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)," \
	    "timer $BENCH_TIMER, median of $BENCH_RUNS runs" \
	    "($BENCH_FAST_RUNS for ours, cat, printf_*; flood and gtest:" \
	    "$BENCH_AB_ROUNDS interleaved rounds, build/bench/abtime)"
	echo "stream: $(get stream_packets) packets, $(get stream_bytes)" \
	    "bytes (research/subunit.md §6)"
	echo "whole processes, seconds:"
	row "python ByteStreamToStreamResult" sec_python
	row "subunit-stats --no-passthrough" sec_stats
	row "$VIEW_CMD" sec_ours
	row "cat > /dev/null" sec_cat
	echo "ratios (higher is better for us):"
	row "python / ours" ratio_python_ours "$(target_note)"
	row "subunit-stats / ours" ratio_stats_ours
	row "ours MB/s" ours_mbs
	row "cat MB/s" cat_mbs
	row "ours MB/s / cat MB/s" ratio_ours_cat_mbs
	echo "bench-codec, in process, MB/s (10^6 bytes):"
	row "encode 200k inprogress/success" encode_typical_mbs
	row "decode the same, 64 KiB chunks" decode_typical_mbs
	row "encode 20k x 4 KiB stdout" encode_4k_mbs
	row "decode the same, 64 KiB chunks" decode_4k_mbs
	echo "TAP flood, $(get flood_lines) lines (build/bench/tap_flood)," \
	    "seconds:"
	row "bare | cat" sec_flood_bare
	row "subunit-wrap (preload)" sec_flood_preload
	row "subunit-wrap --no-preload" sec_flood_pipe
	row "| tap2subunit" sec_flood_tap2subunit "$(t2s_note)"
	echo "googletest, $(get gtest_tests) tests (build/bench/gtest_20k)," \
	    "seconds:"
	row "bare | cat" sec_gtest_bare
	row "subunit-wrap (preload)" sec_gtest_preload
	row "subunit-wrap --no-preload" sec_gtest_pipe
	echo "wrapper ratios (median over $BENCH_AB_ROUNDS interleaved" \
	    "rounds of each round's wrapped / bare; [quartiles]):"
	cost_row "flood: preload / bare" cost_flood_preload 1.5
	cost_row "flood: --no-preload / bare" cost_flood_pipe 1.5
	cost_row "gtest: preload / bare" cost_gtest_preload 1.3
	cost_row "gtest: --no-preload / bare" cost_gtest_pipe 1.3
	row "flood: tap2subunit / preload" ratio_tap2subunit_preload \
	    "$(target_note ratio_tap2subunit_preload '>=' 20)"
	row "flood: tap2subunit / --no-preload" ratio_tap2subunit_pipe \
	    "$(target_note ratio_tap2subunit_pipe '>=' 20)"
	echo "peak RSS in the flood run, KB (/usr/bin/time %M, median of" \
	    "$BENCH_RSS_RUNS runs):"
	row "bare tap_flood" rss_kb_flood_bare
	row "subunit-wrap (preload)" rss_kb_flood_preload
	row "subunit-wrap --no-preload" rss_kb_flood_pipe
	echo "peak RSS on one $(get line_bytes)-byte line" \
	    "(build/bench/long_line), KB:"
	row "subunit-wrap (preload), newline" rss_kb_line_preload
	row "subunit-wrap --no-preload, newline" rss_kb_line_pipe
	row "subunit-wrap (preload), no newline" rss_kb_line_nonl_preload
	row "subunit-wrap --no-preload, no newline" rss_kb_line_nonl_pipe
	echo "subunit-view --stats on the flood's stream, $(get view_1m_tests)" \
	    "tests, $(get view_1m_bytes) bytes:"
	row "seconds" sec_view_1m
	row "peak RSS, KB" rss_kb_view_1m
	echo "the shim alone, $(get writes_count) calls, stdout a pipe to cat," \
	    "ns per call (wall-clock medians):"
	row "write(1, \"x\\n\", 2) bare" ns_write_bare
	row "  shim, side channel /dev/null" ns_write_shim_null
	row "  shim, side channel a FIFO to cat" ns_write_shim_pipe
	row "  added by the shim (FIFO - bare)" added_ns_write_shim_pipe
	row "printf(\"ok %ld\\n\") bare" ns_printf_bare
	row "  shim, side channel /dev/null" ns_printf_shim_null
	row "  shim, side channel a FIFO to cat" ns_printf_shim_pipe
	row "  added by the shim (FIFO - bare)" added_ns_printf_shim_pipe
	if [ -z "$(get glib_programs)" ]; then
		echo "GLib installed tests ($GLIB_PKG): not run"
		return 0
	fi
	echo "GLib installed tests ($GLIB_PKG), $(get glib_programs)" \
	    "programs, $(get glib_tests) tests, seconds (median of" \
	    "$BENCH_GLIB_RUNS runs):"
	row "bare, in sequence | cat" sec_glib_bare
	row "subunit-wrap --each" sec_glib_wrapped
	row "wrapped / bare" cost_glib_wrapped
	row "bare: programs exiting 0" glib_bare_exit0
	row "bare: programs exiting 77 (skip)" glib_bare_exit77
	row "bare: programs failing" glib_bare_failed
	row "wrapped: tests passed" glib_passed
	row "wrapped: tests failed" glib_failed
	row "wrapped: tests skipped" glib_skipped
	row "programs whose two runs disagree" glib_inconsistent
}

# compare: every ratio_* and MB/s figure is "higher is better": flag any
# that fell more than 10% below the baseline; cost_* (wrapped / bare),
# ns_* and rss_kb_* are "lower is better": flag any more than 10% above.
compare() {
	[ -f "$BASELINE" ] || {
		echo "no $BASELINE: to keep these numbers as the baseline," \
		    "cp $RESULTS $BASELINE"
		return 0
	}
	echo "against $BASELINE:"
	awk 'NR == FNR { if ($1 !~ /^#/) base[$1] = $2; next }
	$1 ~ /^(ratio_|cost_|ns_|rss_kb_|.*_mbs$)/ && ($1 in base) &&
	    base[$1] > 0 {
		pct = ($2 / base[$1] - 1) * 100
		worse = $1 ~ /^(cost_|ns_|rss_kb_)/ ? pct > 10 : pct < -10
		flag = worse ? "  WORSE by more than 10%" : ""
		printf "  %-26s %10s -> %-10s %+6.1f%%%s\n", $1, base[$1],
		    $2, pct, flag
	}' "$BASELINE" "$kv"
}

report >"$tmp/table"
{
	sed 's/^/# /' "$tmp/table"
	cat "$kv"
} >"$RESULTS"
cat "$tmp/table"
compare
echo "(written to $RESULTS)"
exit 0

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
#   4. The wrapper and the preload shim (issues 5 and 7), medians the same
#      way (BENCH_FAST_RUNS for the commands of about 0.2 s or less):
#        flood_bare        build/bench/tap_flood | cat (1,000,000 TAP lines,
#                          printf, fully buffered)
#        flood_preload     wrap/subunit-wrap build/bench/tap_flood
#        flood_pipe        the same with --no-preload
#        flood_tap2subunit build/bench/tap_flood N | tap2subunit
#                          (python-subunit's filter; N = BENCH_T2S_LINES,
#                          default 1,000,000; a smaller N is scaled to
#                          1,000,000 lines linearly, and the table says so:
#                          python's start-up, ~0.1 s, is scaled with it)
#        gtest_bare, gtest_preload, gtest_pipe: build/bench/gtest_20k
#                          (20,000 googletest tests) the same three ways
#      and the shim alone, no wrapper (build/bench/writes, stdout a pipe to
#      cat, wall-clock medians of the whole pipeline divided by the count,
#      so ns per write includes the process start, ~1 ms / 10^6):
#        write_*   1,000,000 write(1, "x\n", 2)
#        printf_*  1,000,000 printf("ok %ld\n", i) lines
#      each bare, with the shim sending to /dev/null (_shim_null) and to a
#      FIFO read by cat (_shim_pipe).  Peak RSS of the wrapper in the flood
#      run (/usr/bin/time %M: the largest of the wrapper and tap_flood).
#   5. Print a table with the ratios python/ours (target >= 50),
#      subunit-stats/ours, our MB/s over cat's, and bench-codec's numbers,
#      wrapped/bare for the flood (target <= 1.5) and googletest (target
#      <= 1.3), tap2subunit/wrapped (target >= 20), ns per write;
#      write them to tests/bench/results-latest.txt as "key value" lines;
#      compare with tests/bench/baseline.txt if present and flag any number
#      more than 10% worse (ratio_* and *_mbs: higher is better; cost_*,
#      ns_* and rss_kb_*: lower is better).  Never fails on a slow number
#      (exit 0); exit 2 only if the benchmark cannot run at all.
#
# To set a baseline: cp tests/bench/results-latest.txt tests/bench/baseline.txt
#
# Environment: PYTHON (Debian's python with python3-subunit), BENCH_RUNS,
# BENCH_FAST_RUNS, BENCH_T2S_LINES (lines fed to tap2subunit),
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
CODEC_BENCH=build/bench/bench-codec
WRAP=wrap/subunit-wrap
SHIM=$PWD/preload/subunit-wrap-preload.so
FLOOD=build/bench/tap_flood
FLOOD_LINES=1000000
GTEST=build/bench/gtest_20k
GTEST_TESTS=20000
WRITES=build/bench/writes
WRITES_COUNT=1000000
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
	n=$("$WRAP" "$FLOOD" | wrap/subunit-view --stats)
	case $n in "$((FLOOD_LINES + 1)) passed, 0 failed"*) ;; *)
		echo "bench: wrapped tap_flood gave: $n" >&2 ;;
	esac
	record flood_lines "$FLOOD_LINES"
	time_cmd flood_bare "$FLOOD | cat > /dev/null" "$BENCH_FAST_RUNS"
	time_cmd flood_preload "$WRAP $FLOOD > /dev/null"
	time_cmd flood_pipe "$WRAP --no-preload $FLOOD > /dev/null"
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
	if command -v /usr/bin/time >/dev/null 2>&1; then
		for m in bare preload pipe; do
			case $m in
			bare) c="$FLOOD" ;;
			preload) c="$WRAP $FLOOD" ;;
			pipe) c="$WRAP --no-preload $FLOOD" ;;
			esac
			# shellcheck disable=SC2086 # $c is a command line
			/usr/bin/time -o "$tmp/rss" -f %M $c >/dev/null &&
				record "rss_kb_flood_$m" "$(tail -n 1 "$tmp/rss")"
		done
	else
		echo "bench: /usr/bin/time is missing (Debian package time)" >&2
	fi

	n=$("$WRAP" "$GTEST" | wrap/subunit-view --stats)
	case $n in "$GTEST_TESTS passed, 0 failed"*) ;; *)
		echo "bench: wrapped gtest_20k gave: $n" >&2 ;;
	esac
	record gtest_tests "$GTEST_TESTS"
	time_cmd gtest_bare "$GTEST | cat > /dev/null" "$BENCH_FAST_RUNS"
	time_cmd gtest_preload "$WRAP $GTEST > /dev/null" "$BENCH_FAST_RUNS"
	time_cmd gtest_pipe "$WRAP --no-preload $GTEST > /dev/null" \
	    "$BENCH_FAST_RUNS"
else
	echo "bench: $WRAP, $FLOOD or $GTEST is missing (make bench builds them)" >&2
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
		r=$(div "$(get "sec_${w}_$m")" "$(get "sec_${w}_bare")" 2)
		[ -n "$r" ] && record "cost_${w}_$m" "$r"
	done
done
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
	    "($BENCH_FAST_RUNS for ours, cat, flood_bare, gtest_*, printf_*)"
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
	echo "wrapper ratios:"
	row "flood: preload / bare" cost_flood_preload \
	    "$(target_note cost_flood_preload '<=' 1.5)"
	row "flood: --no-preload / bare" cost_flood_pipe \
	    "$(target_note cost_flood_pipe '<=' 1.5)"
	row "gtest: preload / bare" cost_gtest_preload \
	    "$(target_note cost_gtest_preload '<=' 1.3)"
	row "gtest: --no-preload / bare" cost_gtest_pipe \
	    "$(target_note cost_gtest_pipe '<=' 1.3)"
	row "flood: tap2subunit / preload" ratio_tap2subunit_preload \
	    "$(target_note ratio_tap2subunit_preload '>=' 20)"
	row "flood: tap2subunit / --no-preload" ratio_tap2subunit_pipe \
	    "$(target_note ratio_tap2subunit_pipe '>=' 20)"
	echo "peak RSS in the flood run, KB (/usr/bin/time %M):"
	row "bare tap_flood" rss_kb_flood_bare
	row "subunit-wrap (preload)" rss_kb_flood_preload
	row "subunit-wrap --no-preload" rss_kb_flood_pipe
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

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
#   4. Print a table with the ratios python/ours (target >= 50),
#      subunit-stats/ours, our MB/s over cat's, and bench-codec's numbers;
#      write them to tests/bench/results-latest.txt as "key value" lines;
#      compare with tests/bench/baseline.txt if present and flag any number
#      more than 10% worse.  Never fails on a slow number (exit 0); exit 2
#      only if the benchmark cannot run at all.
#
# To set a baseline: cp tests/bench/results-latest.txt tests/bench/baseline.txt
#
# Environment: PYTHON (Debian's python with python3-subunit), BENCH_RUNS,
# BENCH_FAST_RUNS,
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
CODEC_BENCH=build/bench/bench-codec
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

# div A B: A / B with 1 decimal (empty if either is missing or B is 0).
div() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a != "" && b != "" && b + 0 > 0) printf "%.1f\n", a / b }'
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

# ---------------------------------------------------------------- report

# row LABEL KEY [NOTE]
row() {
	printf '  %-40s %12s  %s\n' "$1" "$(get "$2")" "${3:-}"
}

target_note() {
	r=$(get ratio_python_ours)
	[ -n "$r" ] || return 0
	if awk -v r="$r" 'BEGIN { exit !(r >= 50) }'; then
		echo "(target >= 50: met)"
	else
		echo "(target >= 50: NOT MET)"
	fi
}

report() {
	echo "subunit-wrap benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC')," \
	    "$(uname -n), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)," \
	    "timer $BENCH_TIMER, median of $BENCH_RUNS runs" \
	    "($BENCH_FAST_RUNS for ours and cat)"
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
}

# compare: every ratio and MB/s figure is "higher is better"; flag any
# that fell more than 10% below the baseline.
compare() {
	[ -f "$BASELINE" ] || {
		echo "no $BASELINE: to keep these numbers as the baseline," \
		    "cp $RESULTS $BASELINE"
		return 0
	}
	echo "against $BASELINE:"
	awk 'NR == FNR { if ($1 !~ /^#/) base[$1] = $2; next }
	$1 ~ /^(ratio_|.*_mbs$)/ && ($1 in base) && base[$1] > 0 {
		pct = ($2 / base[$1] - 1) * 100
		flag = pct < -10 ? "  WORSE by more than 10%" : ""
		printf "  %-24s %10s -> %-10s %+6.1f%%%s\n", $1, base[$1],
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

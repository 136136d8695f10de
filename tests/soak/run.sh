#!/bin/sh
# run.sh: `make soak` (not part of make check; about two minutes).
#
# 1. One wrapper, SOAK_RUNS (default 1000) runs of a crashing program
#    (build/fixtures/c_crash, --each over SOAK_RUNS links to a copy), in
#    preload mode and in pipe mode.  Probe programs among the runs (after
#    10 %, 50 % and 100 % of them) read their parent, the wrapper, from
#    /proc: its open fds, its RSS, its zombie children.  Between the
#    first and the last probe: the same fds, no zombie, RSS grown by at
#    most SOAK_RSS_KB (default 256 KiB); the stream holds every verdict.
# 2. SOAK_RUNS wrappers one after the other from this shell (both modes
#    in turn): this shell's fds unchanged, no zombie child, every verdict
#    in the streams.
#    After each part: no process of the runs left (every process started
#    runs a file in the soak's own directory, so it can be found).
# 3. valgrind (memcheck, full leak check, the wrapper only:
#    --trace-children=no) on the wrapper in both modes over several
#    fixtures, on 200 runs of c_crash in one wrapper, and on subunit-view
#    over their streams: no error, no leak.
#
# Prints TAP and "soak: N passed, N failed"; exit status 1 if any failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${PYTHON:=/usr/bin/python3}"
: "${SOAK_RUNS:=1000}"
: "${SOAK_RSS_KB:=256}"
WRAP=${SUBUNIT_WRAP:-$PWD/wrap/subunit-wrap}
VIEW=${SUBUNIT_VIEW:-$PWD/wrap/subunit-view}
EVENTS=$PWD/tests/wrap/events.py
for f in "$WRAP" "$VIEW" build/fixtures/c_crash build/fixtures/gtest_segv \
    build/fixtures/check_basic; do
	[ -x "$f" ] || { echo "run.sh: $f is not built (make check-build)" >&2
	    exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sw-soak.XXXXXX") || exit 2
trap '[ -n "${SOAK_KEEP:-}" ] || rm -rf "$work"' EXIT
cp build/fixtures/c_crash "$work/c_crash"
n=0
failed=0

# ok CONDITION-STATUS TEXT [DETAILS]: one TAP line (DETAILS on failure).
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

# leftovers: processes still running a file of the soak's directory.
leftovers() {
	ps -eo pid=,stat=,args= | awk -v d="$work/" \
	    'index($0, d) && $3 != "awk" && $3 != "ps"'
}

# summary FILE: events.py's counts of the stream in FILE.
summary() {
	"$PYTHON" "$EVENTS" --summary "$1"
}

# ---- 1. one wrapper, many runs -------------------------------------------

# The probe: a program the wrapper runs like any other.  Its parent is the
# wrapper; it appends "FDS RSS_KB ZOMBIES" to $work/probe.MODE.
cat >"$work/probe.sh" <<'SH'
#!/bin/sh
w=$PPID
fds=$(ls /proc/$w/fd | wc -l)
rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$w/status)
z=0
for c in $(cat /proc/$w/task/$w/children); do
	[ "$c" = $$ ] && continue
	st=$(awk '{ print $3 }' /proc/$c/stat 2>/dev/null)
	[ "$st" = Z ] && z=$((z + 1))
done
echo "$fds $rss $z" >>"$SOAK_PROBE"
SH
chmod +x "$work/probe.sh"
mkdir "$work/each"
i=1
while [ "$i" -le "$SOAK_RUNS" ]; do
	ln -s ../c_crash "$work/each/c_crash.$i"
	i=$((i + 1))
done
tenth=$((SOAK_RUNS / 10))
half=$((SOAK_RUNS / 2))

# The operands: runs with the probe after 10 %, 50 % and 100 % of them.
operands() {
	i=1
	while [ "$i" -le "$SOAK_RUNS" ]; do
		echo "$work/each/c_crash.$i"
		case $i in
		"$tenth" | "$half" | "$SOAK_RUNS") echo "$work/probe.sh" ;;
		esac
		i=$((i + 1))
	done
}
operands >"$work/operands"

for mode in preload pipe; do
	opt=
	passed_each=2   # (1 - flushed) and, in preload mode, (2 - buffered)
	if [ $mode = pipe ]; then
		opt=--no-preload
		passed_each=1
	fi
	SOAK_PROBE=$work/probe.$mode
	export SOAK_PROBE
	start=$(date +%s)
	# shellcheck disable=SC2046 # one operand a line, no blanks
	"$WRAP" $opt --each $(cat "$work/operands") \
	    >"$work/each.$mode.v2" 2>"$work/each.$mode.err" </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	ok "$rc" "$mode mode: $SOAK_RUNS runs of c_crash in one wrapper (${secs} s), exit 0" \
	    "exit $rc: $(head -c 2000 "$work/each.$mode.err")"
	want="success=$((SOAK_RUNS * passed_each + 3)) fail=$SOAK_RUNS skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
	got=$(summary "$work/each.$mode.v2")
	[ "$got" = "$want" ]
	ok $? "$mode mode: every run's verdict in the stream" \
	    "want: $want
got:  $got"
	first=$(head -n 1 "$work/probe.$mode")
	last=$(tail -n 1 "$work/probe.$mode")
	set -- $first
	f1=$1 r1=$2
	set -- $last
	f3=$1 r3=$2
	[ "$(wc -l <"$work/probe.$mode")" -eq 3 ] && [ "$f1" = "$f3" ]
	ok $? "$mode mode: the wrapper's open fds after $tenth, $half, $SOAK_RUNS runs: $(cut -d' ' -f1 "$work/probe.$mode" | tr '\n' ' ')(no growth)" \
	    "probes (fds rss_kb zombies): $(cat "$work/probe.$mode")"
	awk '$3 != 0 { bad = 1 } END { exit bad }' "$work/probe.$mode"
	ok $? "$mode mode: no zombie child of the wrapper at any probe" \
	    "probes (fds rss_kb zombies): $(cat "$work/probe.$mode")"
	[ $((r3 - r1)) -le "$SOAK_RSS_KB" ]
	ok $? "$mode mode: the wrapper's RSS after $tenth, $half, $SOAK_RUNS runs: $(cut -d' ' -f2 "$work/probe.$mode" | sed 's/$/ KiB/' | tr '\n' ' ')(growth <= $SOAK_RSS_KB KiB)" \
	    "probes (fds rss_kb zombies): $(cat "$work/probe.$mode")"
	sleep 0.2
	left=$(leftovers)
	[ -z "$left" ]
	ok $? "$mode mode: no process of the runs left" "$left"
done

# ---- 2. many wrappers from one shell --------------------------------------

fds_before=$(ls /proc/$$/fd | wc -l)
: >"$work/many.v2"
: >"$work/many.err"
bad=0
start=$(date +%s)
i=1
while [ "$i" -le "$SOAK_RUNS" ]; do
	opt=
	[ $((i % 2)) -eq 0 ] && opt=--no-preload
	"$WRAP" $opt "$work/c_crash" >>"$work/many.v2" 2>>"$work/many.err" \
	    </dev/null || bad=$((bad + 1))
	i=$((i + 1))
done
secs=$(($(date +%s) - start))
ok "$bad" "$SOAK_RUNS wrappers one after the other (${secs} s): every one exited 0" \
    "$bad failed: $(head -c 2000 "$work/many.err")"
[ ! -s "$work/many.err" ]
ok $? "nothing on their stderr" "$(head -c 2000 "$work/many.err")"
pre=$(((SOAK_RUNS + 1) / 2))
pipe=$((SOAK_RUNS / 2))
want="success=$((pre * 2 + pipe)) fail=$SOAK_RUNS skip=0 xfail=0 uxsuccess=0 exists=0 incomplete=0"
got=$(summary "$work/many.v2")
[ "$got" = "$want" ]
ok $? "every run's verdict in their streams" "want: $want
got:  $got"
fds_after=$(ls /proc/$$/fd | wc -l)
[ "$fds_before" -eq "$fds_after" ]
ok $? "this shell's open fds: $fds_before before, $fds_after after"
zombies=$(ps -o stat= --ppid $$ | grep -c '^Z')
[ "$zombies" -eq 0 ]
ok $? "no zombie child of this shell" "$(ps -o pid=,stat=,args= --ppid $$)"
sleep 0.2
left=$(leftovers)
[ -z "$left" ]
ok $? "no process of the runs left" "$left"

# ---- 3. valgrind -------------------------------------------------------------

if command -v valgrind >/dev/null 2>&1; then
	# vg NAME ARGS...: the wrapper (or the viewer, ARGS[0]) under valgrind.
	vg() {
		name=$1
		shift
		rm -f "$work"/vglog.*
		valgrind -q --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect,possible \
		    --error-exitcode=99 --trace-children=no \
		    --log-file="$work/vglog.%p" "$@" >"$work/vg.out" 2>"$work/vg.err"
		rc=$?
		log=$(cat "$work"/vglog.* 2>/dev/null)
		[ "$rc" -ne 99 ] && [ -z "$log" ]
		ok $? "valgrind clean: $name" "exit $rc
$log"
	}
	for opt in "" --no-preload; do
		m=${opt:-(preload mode)}
		vg "subunit-wrap $m c_crash" "$WRAP" $opt build/fixtures/c_crash
		vg "subunit-wrap $m gtest_segv (restarts)" "$WRAP" $opt \
		    build/fixtures/gtest_segv
		vg "subunit-wrap $m check_basic (result FIFO)" "$WRAP" $opt \
		    build/fixtures/check_basic
		vg "subunit-wrap $m --each -j 3 over every framework" "$WRAP" \
		    $opt --each -j 3 build/fixtures/gtest_basic \
		    build/fixtures/glib_basic build/fixtures/cmocka_basic \
		    build/fixtures/cunit_basic build/fixtures/check_fixture \
		    tests/fixtures/tap_yaml.sh tests/fixtures/more_subtests.pl
		vg "subunit-wrap $m --timeout 1 on a hang" "$WRAP" $opt \
		    --timeout 1 tests/fixtures/tap_hang.sh
		vg "subunit-wrap $m a 10 MiB line (bounded buffers)" "$WRAP" $opt \
		    --max-attachment 1M tests/fixtures/bigline.sh 10485760
	done
	grep c_crash "$work/operands" | head -n 200 >"$work/vg.operands"
	# shellcheck disable=SC2046
	vg "subunit-wrap: $(wc -l <"$work/vg.operands") runs of c_crash in one wrapper" \
	    "$WRAP" --each $(cat "$work/vg.operands")
	vg "subunit-wrap --list --each" "$WRAP" --list --each \
	    build/fixtures/gtest_param build/fixtures/glib_basic \
	    build/fixtures/check_basic
	for s in each.preload many; do
		vg "subunit-view < $s stream" "$VIEW" --junit "$work/$s.xml" \
		    <"$work/$s.v2"
	done
	{
		head -c 100000 "$work/each.pipe.v2"
		printf '\263\051\000 junk'
		cat "$work/each.pipe.v2"
	} >"$work/damaged.v2"
	vg "subunit-view --stats < a damaged stream" "$VIEW" --stats \
	    <"$work/damaged.v2"
else
	ok 1 "valgrind is installed (make deps)"
fi

echo "1..$n"
echo "soak: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]

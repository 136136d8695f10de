#!/usr/bin/env bats
# The environment a test program gets (issue 8): every variable the
# wrapper or a pattern plug-in sets, clears or changes for a program must
# be a row of the README's "Environment" table.  A fixture that writes
# its environment to a file (tests/fixtures/env_dump.sh, one file a run)
# is run under every built-in pattern and a pattern file, in preload and
# pipe mode, for a full run, --list and --load-list, with Check's
# no-fork mode and without; each run's environment is compared with the
# one the same fixture gets when run directly.  The wrapper is given a
# controlled environment (env -i) holding a value for every variable
# name patterns/ and lib/sw_side.h spell out, so that clearing one shows.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

PATTERNS="tap automake exitcode gtest glib check cmocka cunit subunit
tests/fixtures/gotest.pattern"

setup_file() {
	wrap_setup_file
	cd "$ROOT" || return 1
	local d=$BATS_FILE_TMPDIR names n pattern mode sel fork i
	# Every NAME or NAME=value string literal of the plug-ins, the side
	# channel's variables (an outer wrapper's), and variables of a
	# framework whose plug-in touches none (GLib's), each given a value
	# of ours.  Not the settings the wrapper reads (they would change
	# what it does); CK_FORK is given by the loop below, both ways.
	names=$( {
		grep -ohE '"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+(=[^"]*)?"' \
		    patterns/pat_*.c
		grep -ohE '^#define SW_SIDE_ENV_[A-Z_]+ "[A-Z_]+"' \
		    lib/sw_side.h
		echo '"G_DEBUG" "G_MESSAGES_DEBUG" "G_TEST_SRCDIR" "G_TEST_BUILDDIR"'
	} | grep -oE '"[A-Z][A-Z0-9_]*' | tr -d '"' | sort -u |
	    grep -vxE 'SUBUNIT_WRAP_PRELOAD|LD_PRELOAD|PATH|TMPDIR|TERM|NO_COLOR|CK_FORK')
	[ -n "$names" ] || return 1
	BASE=(PATH="$PATH" TMPDIR="$d")
	for n in $names; do
		BASE+=("$n=wrap_env.bats")
	done
	# The ids --load-list asks for: Check's tcase (env_dump.sh writes
	# its XML log) and the program itself.
	printf '%s\n' 'Env/Dump' tests/fixtures/env_dump.sh >"$d/ids"
	: >"$d/changed"
	: >"$d/runs"
	i=0
	for fork in 'CK_FORK=wrap_env.bats' CK_FORK=no; do
		# What the fixture gets without the wrapper.
		mkdir "$d/base$i"
		env -i "${BASE[@]}" "$fork" tests/fixtures/env_dump.sh \
		    "$d/base$i" || return 1
		for pattern in '' $PATTERNS; do
			for mode in '' --no-preload; do
				for sel in '' --list "--load-list=$d/ids"; do
					# A stream cannot be listed (usage
					# error, exit 2).
					[ "$pattern$sel" != subunit--list ] ||
						continue
					env_run "$d/base$i"/env.* "$fork" \
					    "$pattern" "$mode" "$sel" || return 1
				done
			done
		done
		i=$((i + 1))
	done
}

# env_run BASEFILE FORK PATTERN MODE SEL: run the fixture under the
# wrapper and append to $d/changed one line per variable whose presence
# or value differs from BASEFILE: "NAME<TAB>added|removed|changed<TAB>
# the run".  $d/runs gets a line per run of the fixture.
env_run() {
	local base=$1 fork=$2 pattern=$3 mode=$4 sel=$5 out args=()
	out=$(mktemp -d "$BATS_FILE_TMPDIR/run.XXXXXX")
	[ -z "$pattern" ] || args+=(--pattern "$pattern")
	[ -z "$mode" ] || args+=("$mode")
	[ -z "$sel" ] || args+=("$sel")
	env -i "${BASE[@]}" "$fork" "$WRAP" "${args[@]}" -- \
	    tests/fixtures/env_dump.sh "$out" >"$out.stream" 2>"$out.err" ||
		{ echo "subunit-wrap ${args[*]} failed: $(cat "$out.err")" >&2
		  return 1; }
	"$PYTHON" - "$base" "$fork subunit-wrap ${args[*]}" \
	    "$out"/env.* >>"$BATS_FILE_TMPDIR/changed" <<'EOF' || return 1
import sys

def load(path):
	env = {}
	with open(path, "rb") as f:
		for entry in f.read().split(b"\0"):
			if entry:
				name, _, value = entry.partition(b"=")
				env[name.decode("latin-1")] = value
	return env

base = load(sys.argv[1])
for path in sys.argv[3:]:
	if path.endswith("env.*"):
		continue	# the fixture did not run (no glob match)
	env = load(path)
	for name in sorted(set(base) | set(env)):
		how = ("added" if name not in base else
		    "removed" if name not in env else
		    "changed" if base[name] != env[name] else None)
		if how:
			print("%s\t%s\t%s" % (name, how, sys.argv[2]))
EOF
	for f in "$out"/env.*; do
		[ -e "$f" ] && echo "$fork subunit-wrap ${args[*]}"
	done >>"$BATS_FILE_TMPDIR/runs"
	return 0
}

# The names in the first column of the README's "## Environment" table.
readme_names() {
	awk '/^## Environment$/ { on = 1; next }
	    /^## / { on = 0 }
	    on && /^\| / { print }' "$ROOT/README.md" |
	    awk -F'|' '{ print $2 }' |
	    grep -oE '`[A-Za-z_][A-Za-z0-9_]*`' | tr -d '`' | sort -u
}

setup() {
	wrap_setup
	D=$BATS_FILE_TMPDIR
}

@test "the README's Environment table names every variable a run sets, clears or changes" {
	local names missing=
	names=$(readme_names)
	[ -n "$names" ] || fail "README.md has no '## Environment' table"
	while IFS=$'\t' read -r name how where; do
		grep -qxF -- "$name" <<<"$names" ||
			missing+="  $name ($how by: $where)"$'\n'
	done < <(sort -t$'\t' -u -k1,1 "$D/changed")
	[ -z "$missing" ] ||
		fail "not in the README's Environment table:"$'\n'"$missing"
}

@test "the comparison sees what the wrapper and the plug-ins do (not vacuous)" {
	# A full run of every pattern ran the fixture, in both modes.
	local pattern mode want
	for pattern in $PATTERNS; do
		for mode in '' ' --no-preload'; do
			want="CK_FORK=wrap_env.bats subunit-wrap --pattern $pattern$mode"
			grep -qxF -- "$want" "$D/runs" ||
				fail "the fixture did not run under: $want"
		done
	done
	for want in 'LD_PRELOAD	added' 'SUBUNIT_WRAP_FD	changed' \
	    'SUBUNIT_WRAP_STDOUT	removed' 'GTEST_FILTER	removed' \
	    'GTEST_COLOR	changed' 'CMOCKA_TEST_ABORT	removed' \
	    'AM_COLOR_TESTS	changed' 'CK_XML_LOG_FILE_NAME	changed' \
	    'CK_VERBOSITY	changed' 'CK_LOG_FILE_NAME	removed'; do
		grep -qF -- "$want" "$D/changed" ||
			fail "no run shows '$want'"
	done
	# Check's selection-time variables: --list runs in fork mode,
	# --load-list runs one tcase a run; with CK_FORK=no in the
	# environment a full run is a listing in fork mode, then one tcase
	# a run.
	grep -qE '^CK_FORK	changed	CK_FORK=wrap_env.bats subunit-wrap --pattern check( --no-preload)? --list$' \
	    "$D/changed" || fail "no Check listing run with CK_FORK=yes"
	grep -qE '^CK_FORK	changed	CK_FORK=no subunit-wrap --pattern check( --no-preload)?$' \
	    "$D/changed" || fail "no isolated (CK_FORK=no) Check listing"
	for want in CK_RUN_SUITE CK_RUN_CASE; do
		grep -qE "^$want	changed	CK_FORK=wrap_env.bats subunit-wrap --pattern check --load-list" \
		    "$D/changed" || fail "no --load-list run with $want"
		grep -qE "^$want	changed	CK_FORK=no subunit-wrap --pattern check( --no-preload)?\$" \
		    "$D/changed" || fail "no isolated Check run with $want"
	done
	# The GLib plug-in leaves GLib's variables alone.
	run grep -E '^G_' "$D/changed"
	assert_output ""
}

@test "every variable a plug-in's selection sets (pat_cmd_env) is in the table" {
	local names name missing=
	names=$(readme_names)
	for name in $(grep -ohE 'pat_cmd_env\([^,]+, *"[A-Za-z_][A-Za-z0-9_]*"' \
	    "$ROOT"/patterns/pat_*.c | grep -oE '"[^"]+"' | tr -d '"' | sort -u)
	do
		grep -qxF -- "$name" <<<"$names" || missing+=" $name"
	done
	[ -z "$missing" ] || fail "not in the README's Environment table:$missing"
}

@test "the man page's ENVIRONMENT names every variable of the README's table" {
	local names name missing= section
	names=$(readme_names)
	# The section, with "\" continuation lines joined.
	section=$(awk '/^\.Sh ENVIRONMENT/ { on = 1; next } /^\.Sh / { on = 0 }
	    on' "$ROOT/doc/subunit-wrap.1" | sed -e :a -e '/\\$/N' -e 's/\\\n//' -e ta)
	[ -n "$section" ] || fail "doc/subunit-wrap.1 has no ENVIRONMENT"
	for name in $names; do
		grep -qE "^\.It Ev (.* )?$name( |\$)" <<<"$section" ||
			missing+=" $name"
	done
	[ -z "$missing" ] ||
		fail "not an .It Ev of subunit-wrap(1)'s ENVIRONMENT:$missing"
}

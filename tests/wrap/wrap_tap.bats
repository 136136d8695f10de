#!/usr/bin/env bats
# subunit-wrap on TAP producers (sh, perl Test::More, python, C): test ids,
# statuses, plans, directives, YAML and "#" diagnostics, TAP14 and
# Test::More subtests, chatter, names that need escaping, line endings.
# Each fixture says what it expects; every stream is read back with
# python-subunit (tests/wrap/events.py --check: no parser error, every test
# inprogress then one final status).  Reasons are checked apart, by regex.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load wrap_helpers

setup_file() {
	wrap_setup_file
}

setup() {
	wrap_setup
}

@test "plain pass: the program and one subtest per assertion, in order" {
	wrap tests/fixtures/tap_pass.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_pass.sh
inprogress tests/fixtures/tap_pass.sh (1 - adds)
success tests/fixtures/tap_pass.sh (1 - adds)
inprogress tests/fixtures/tap_pass.sh (2 - subtracts)
success tests/fixtures/tap_pass.sh (2 - subtracts)
inprogress tests/fixtures/tap_pass.sh (3)
success tests/fixtures/tap_pass.sh (3)
success tests/fixtures/tap_pass.sh
EOF
}

@test "the program is runnable, its assertions are not" {
	wrap tests/fixtures/tap_pass.sh
	events --runnable
	assert_success
	assert_output - <<'EOF'
R inprogress tests/fixtures/tap_pass.sh
- inprogress tests/fixtures/tap_pass.sh (1 - adds)
- success tests/fixtures/tap_pass.sh (1 - adds)
- inprogress tests/fixtures/tap_pass.sh (2 - subtracts)
- success tests/fixtures/tap_pass.sh (2 - subtracts)
- inprogress tests/fixtures/tap_pass.sh (3)
- success tests/fixtures/tap_pass.sh (3)
R success tests/fixtures/tap_pass.sh
EOF
}

@test "the id is the path as given, without a leading ./" {
	wrap ./tests/fixtures/tap_plan_end.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_plan_end.sh
inprogress tests/fixtures/tap_plan_end.sh (1 - one)
success tests/fixtures/tap_plan_end.sh (1 - one)
inprogress tests/fixtures/tap_plan_end.sh (2 - two)
success tests/fixtures/tap_plan_end.sh (2 - two)
success tests/fixtures/tap_plan_end.sh
EOF
	wrap "$ROOT/tests/fixtures/tap_plan_end.sh"
	events --hide stdout
	assert_success
	assert_line --index 0 "inprogress $ROOT/tests/fixtures/tap_plan_end.sh"
	assert_line --index 5 "success $ROOT/tests/fixtures/tap_plan_end.sh"
}

@test "a failing assertion fails the program; # lines after it are its own" {
	wrap tests/fixtures/tap_fail.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_fail.sh
inprogress tests/fixtures/tap_fail.sh (1 - good)
success tests/fixtures/tap_fail.sh (1 - good)
inprogress tests/fixtures/tap_fail.sh (2 - bad)
file tests/fixtures/tap_fail.sh (2 - bad) stdout "# got 5\n# expected 4\n"
fail tests/fixtures/tap_fail.sh (2 - bad)
inprogress tests/fixtures/tap_fail.sh (3 - after)
success tests/fixtures/tap_fail.sh (3 - after)
fail tests/fixtures/tap_fail.sh
EOF
}

@test "test points without numbers take the running count" {
	wrap tests/fixtures/tap_nonumber.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_nonumber.sh
inprogress tests/fixtures/tap_nonumber.sh (1 - first)
success tests/fixtures/tap_nonumber.sh (1 - first)
inprogress tests/fixtures/tap_nonumber.sh (2 - second)
fail tests/fixtures/tap_nonumber.sh (2 - second)
inprogress tests/fixtures/tap_nonumber.sh (3)
success tests/fixtures/tap_nonumber.sh (3)
fail tests/fixtures/tap_nonumber.sh
EOF
}

@test "a repeated test number still gives unique ids" {
	wrap tests/fixtures/tap_repeat.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_repeat.sh
inprogress tests/fixtures/tap_repeat.sh (1 - same)
success tests/fixtures/tap_repeat.sh (1 - same)
inprogress tests/fixtures/tap_repeat.sh (1 - same #2)
success tests/fixtures/tap_repeat.sh (1 - same #2)
inprogress tests/fixtures/tap_repeat.sh (2 - other)
success tests/fixtures/tap_repeat.sh (2 - other)
success tests/fixtures/tap_repeat.sh
EOF
}

@test "too few tests for the plan: the program fails, saying so" {
	wrap tests/fixtures/tap_plan_few.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_plan_few.sh
inprogress tests/fixtures/tap_plan_few.sh (1 - one)
success tests/fixtures/tap_plan_few.sh (1 - one)
inprogress tests/fixtures/tap_plan_few.sh (2 - two)
success tests/fixtures/tap_plan_few.sh (2 - two)
fail tests/fixtures/tap_plan_few.sh
EOF
	reason_matches tests/fixtures/tap_plan_few.sh '[Pp]lan'
}

@test "too many tests for the plan: the program fails, saying so" {
	wrap tests/fixtures/tap_plan_many.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_plan_many.sh
inprogress tests/fixtures/tap_plan_many.sh (1 - one)
success tests/fixtures/tap_plan_many.sh (1 - one)
inprogress tests/fixtures/tap_plan_many.sh (2 - two)
success tests/fixtures/tap_plan_many.sh (2 - two)
inprogress tests/fixtures/tap_plan_many.sh (3 - three)
success tests/fixtures/tap_plan_many.sh (3 - three)
fail tests/fixtures/tap_plan_many.sh
EOF
	reason_matches tests/fixtures/tap_plan_many.sh '[Pp]lan'
}

@test "no plan at all: the program fails, saying so" {
	wrap tests/fixtures/tap_noplan.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_noplan.sh
inprogress tests/fixtures/tap_noplan.sh (1 - one)
success tests/fixtures/tap_noplan.sh (1 - one)
inprogress tests/fixtures/tap_noplan.sh (2 - two)
success tests/fixtures/tap_noplan.sh (2 - two)
fail tests/fixtures/tap_noplan.sh
EOF
	reason_matches tests/fixtures/tap_noplan.sh '[Pp]lan'
}

@test "1..0 # SKIP reason skips the program, with the reason" {
	wrap tests/fixtures/tap_skip_all.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_skip_all.sh
skip tests/fixtures/tap_skip_all.sh
EOF
	reason_matches tests/fixtures/tap_skip_all.sh 'no frobnicator'
}

@test "SKIP and TODO directives, escapes, and # inside descriptions" {
	wrap tests/fixtures/tap_directives.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_directives.sh
inprogress tests/fixtures/tap_directives.sh (1 - net)
skip tests/fixtures/tap_directives.sh (1 - net)
inprogress tests/fixtures/tap_directives.sh (2 - lower)
skip tests/fixtures/tap_directives.sh (2 - lower)
inprogress tests/fixtures/tap_directives.sh (3 - colon)
skip tests/fixtures/tap_directives.sh (3 - colon)
inprogress tests/fixtures/tap_directives.sh (4 - nospace)
skip tests/fixtures/tap_directives.sh (4 - nospace)
inprogress tests/fixtures/tap_directives.sh (5)
skip tests/fixtures/tap_directives.sh (5)
inprogress tests/fixtures/tap_directives.sh (6 - unwritten)
xfail tests/fixtures/tap_directives.sh (6 - unwritten)
inprogress tests/fixtures/tap_directives.sh (7 - bonus)
uxsuccess tests/fixtures/tap_directives.sh (7 - bonus)
inprogress tests/fixtures/tap_directives.sh (8 - skip on failure)
fail tests/fixtures/tap_directives.sh (8 - skip on failure)
inprogress tests/fixtures/tap_directives.sh (9 - escaped # SKIP not a directive)
success tests/fixtures/tap_directives.sh (9 - escaped # SKIP not a directive)
inprogress tests/fixtures/tap_directives.sh (10 - c#d)
skip tests/fixtures/tap_directives.sh (10 - c#d)
inprogress tests/fixtures/tap_directives.sh (11 - issue #42 fixed)
success tests/fixtures/tap_directives.sh (11 - issue #42 fixed)
fail tests/fixtures/tap_directives.sh
EOF
	reason_matches 'tests/fixtures/tap_directives.sh (1 - net)' 'no network'
}

@test "xfail and uxsuccess do not fail the program" {
	wrap tests/fixtures/tap_todo_pass.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_todo_pass.sh
inprogress tests/fixtures/tap_todo_pass.sh (1 - fine)
success tests/fixtures/tap_todo_pass.sh (1 - fine)
inprogress tests/fixtures/tap_todo_pass.sh (2 - known bug)
xfail tests/fixtures/tap_todo_pass.sh (2 - known bug)
inprogress tests/fixtures/tap_todo_pass.sh (3 - fixed)
uxsuccess tests/fixtures/tap_todo_pass.sh (3 - fixed)
success tests/fixtures/tap_todo_pass.sh
EOF
}

@test "a YAML block is its test point's, TAP-like lines inside are data" {
	wrap tests/fixtures/tap_yaml.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_yaml.sh
inprogress tests/fixtures/tap_yaml.sh (1 - with yaml)
file tests/fixtures/tap_yaml.sh (1 - with yaml) stdout "  ---\n  message: \"values differ\"\n  got: 5\n  expected: 4\n  output: |\n    ok 7 - looks like a test\n    not ok 8 - looks like a failure\n    Bail out! looks like a bail out\n    1..9\n\n  ...\n"
fail tests/fixtures/tap_yaml.sh (1 - with yaml)
inprogress tests/fixtures/tap_yaml.sh (2 - after yaml)
success tests/fixtures/tap_yaml.sh (2 - after yaml)
fail tests/fixtures/tap_yaml.sh
EOF
	reason_refutes tests/fixtures/tap_yaml.sh '[Bb]ail'
}

@test "YAML with no version line: an indented Bail out! does not bail out" {
	wrap tests/fixtures/tap_yaml_noversion.sh
	# Where the block goes may differ; it is somewhere, once, and no
	# status comes from it.
	events --hide stdout
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_yaml_noversion.sh
inprogress tests/fixtures/tap_yaml_noversion.sh (1 - noted)
success tests/fixtures/tap_yaml_noversion.sh (1 - noted)
inprogress tests/fixtures/tap_yaml_noversion.sh (2 - next)
success tests/fixtures/tap_yaml_noversion.sh (2 - next)
success tests/fixtures/tap_yaml_noversion.sh
EOF
	run stream_bytes stdout
	assert_output - <<'EOF'
  ---
  note: |
    not ok 5 - fake
    Bail out! fake
  ...
EOF
}

@test "# diagnostics: the program's before the first test point, then the assertion's, on both streams" {
	wrap tests/fixtures/tap_diag.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_diag.sh
inprogress tests/fixtures/tap_diag.sh (1 - first)
file tests/fixtures/tap_diag.sh (1 - first) stdout "# note about first\n"
success tests/fixtures/tap_diag.sh (1 - first)
inprogress tests/fixtures/tap_diag.sh (2 - second)
file tests/fixtures/tap_diag.sh (2 - second) stdout "# Failed test 'second'\n"
file tests/fixtures/tap_diag.sh (2 - second) stderr "# on stderr about second\n"
fail tests/fixtures/tap_diag.sh (2 - second)
file tests/fixtures/tap_diag.sh stdout "# starting up\n"
fail tests/fixtures/tap_diag.sh
EOF
}

@test "Bail out! fails the program with its reason; what follows is chatter" {
	wrap tests/fixtures/tap_bailout.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_bailout.sh
inprogress tests/fixtures/tap_bailout.sh (1 - connected)
success tests/fixtures/tap_bailout.sh (1 - connected)
file tests/fixtures/tap_bailout.sh stdout "cleaning up\n"
fail tests/fixtures/tap_bailout.sh
EOF
	reason_matches tests/fixtures/tap_bailout.sh 'database gone'
}

@test "TAP14 subtests: # Subtest: names, closing test point names, nesting" {
	wrap tests/fixtures/tap14_subtests.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap14_subtests.sh
inprogress tests/fixtures/tap14_subtests.sh (with header)
inprogress tests/fixtures/tap14_subtests.sh (with header) (1 - leaf a)
success tests/fixtures/tap14_subtests.sh (with header) (1 - leaf a)
inprogress tests/fixtures/tap14_subtests.sh (with header) (2 - leaf b)
success tests/fixtures/tap14_subtests.sh (with header) (2 - leaf b)
success tests/fixtures/tap14_subtests.sh (with header)
inprogress tests/fixtures/tap14_subtests.sh (2 - no header)
inprogress tests/fixtures/tap14_subtests.sh (2 - no header) (1 - leaf c)
success tests/fixtures/tap14_subtests.sh (2 - no header) (1 - leaf c)
inprogress tests/fixtures/tap14_subtests.sh (2 - no header) (2 - leaf d)
fail tests/fixtures/tap14_subtests.sh (2 - no header) (2 - leaf d)
fail tests/fixtures/tap14_subtests.sh (2 - no header)
inprogress tests/fixtures/tap14_subtests.sh (outer)
inprogress tests/fixtures/tap14_subtests.sh (outer) (inner)
inprogress tests/fixtures/tap14_subtests.sh (outer) (inner) (1 - deep)
success tests/fixtures/tap14_subtests.sh (outer) (inner) (1 - deep)
success tests/fixtures/tap14_subtests.sh (outer) (inner)
success tests/fixtures/tap14_subtests.sh (outer)
fail tests/fixtures/tap14_subtests.sh
EOF
}

@test "TAP14 groups without headers, nested: labelled by their closing points" {
	wrap tests/fixtures/py_tap14.py
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/py_tap14.py
inprogress tests/fixtures/py_tap14.py (1 - top)
inprogress tests/fixtures/py_tap14.py (1 - top) (1 - middle)
inprogress tests/fixtures/py_tap14.py (1 - top) (1 - middle) (1 - leaf)
success tests/fixtures/py_tap14.py (1 - top) (1 - middle) (1 - leaf)
success tests/fixtures/py_tap14.py (1 - top) (1 - middle)
success tests/fixtures/py_tap14.py (1 - top)
inprogress tests/fixtures/py_tap14.py (2 - plain)
success tests/fixtures/py_tap14.py (2 - plain)
success tests/fixtures/py_tap14.py
EOF
}

@test "Bail out! inside a subtest stops everything; the open group fails" {
	wrap tests/fixtures/tap14_bailout.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap14_bailout.sh
inprogress tests/fixtures/tap14_bailout.sh (group)
inprogress tests/fixtures/tap14_bailout.sh (group) (1 - fine)
success tests/fixtures/tap14_bailout.sh (group) (1 - fine)
fail tests/fixtures/tap14_bailout.sh (group)
fail tests/fixtures/tap14_bailout.sh
EOF
	reason_matches tests/fixtures/tap14_bailout.sh 'nested failure'
}

@test "chatter on stdout and stderr is the program's, glued chatter too" {
	wrap tests/fixtures/tap_chatter.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_chatter.sh
inprogress tests/fixtures/tap_chatter.sh (1 - first)
success tests/fixtures/tap_chatter.sh (1 - first)
inprogress tests/fixtures/tap_chatter.sh (2 - glued)
success tests/fixtures/tap_chatter.sh (2 - glued)
file tests/fixtures/tap_chatter.sh stdout "setting up\nbetween tests\npartial"
file tests/fixtures/tap_chatter.sh stderr "warning: slow disk\nstderr between\ntearing down\n"
success tests/fixtures/tap_chatter.sh
EOF
}

@test "results printed by child processes count" {
	wrap tests/fixtures/tap_child.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_child.sh
inprogress tests/fixtures/tap_child.sh (1 - parent)
success tests/fixtures/tap_child.sh (1 - parent)
inprogress tests/fixtures/tap_child.sh (2 - from child)
success tests/fixtures/tap_child.sh (2 - from child)
inprogress tests/fixtures/tap_child.sh (3 - from /bin/echo)
success tests/fixtures/tap_child.sh (3 - from /bin/echo)
inprogress tests/fixtures/tap_child.sh (4 - from subshell)
xfail tests/fixtures/tap_child.sh (4 - from subshell)
file tests/fixtures/tap_child.sh stdout "child chatter\n"
success tests/fixtures/tap_child.sh
EOF
}

@test "control characters and bytes that are not UTF-8 are escaped in ids" {
	wrap tests/fixtures/tap_names.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_names.sh
inprogress tests/fixtures/tap_names.sh (1 - caf\xe9 latin-1)
success tests/fixtures/tap_names.sh (1 - caf\xe9 latin-1)
inprogress tests/fixtures/tap_names.sh (2 - tab\there)
success tests/fixtures/tap_names.sh (2 - tab\there)
inprogress tests/fixtures/tap_names.sh (3 - \x1b[31mred\x1b[0m)
success tests/fixtures/tap_names.sh (3 - \x1b[31mred\x1b[0m)
inprogress tests/fixtures/tap_names.sh (4 - café ✓)
success tests/fixtures/tap_names.sh (4 - café ✓)
inprogress tests/fixtures/tap_names.sh (5 - del\x7f cut \xe2\x9c)
success tests/fixtures/tap_names.sh (5 - del\x7f cut \xe2\x9c)
inprogress tests/fixtures/tap_names.sh (6 - trailing)
success tests/fixtures/tap_names.sh (6 - trailing)
success tests/fixtures/tap_names.sh
EOF
}

@test "CRLF line endings: no CR in labels, directives still seen" {
	wrap tests/fixtures/tap_crlf.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_crlf.sh
inprogress tests/fixtures/tap_crlf.sh (1 - one)
success tests/fixtures/tap_crlf.sh (1 - one)
inprogress tests/fixtures/tap_crlf.sh (2 - two)
xfail tests/fixtures/tap_crlf.sh (2 - two)
inprogress tests/fixtures/tap_crlf.sh (3 - three)
skip tests/fixtures/tap_crlf.sh (3 - three)
success tests/fixtures/tap_crlf.sh
EOF
}

@test "a last test point without a newline counts" {
	wrap tests/fixtures/tap_nonewline.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_nonewline.sh
inprogress tests/fixtures/tap_nonewline.sh (1 - one)
success tests/fixtures/tap_nonewline.sh (1 - one)
inprogress tests/fixtures/tap_nonewline.sh (2 - last)
success tests/fixtures/tap_nonewline.sh (2 - last)
success tests/fixtures/tap_nonewline.sh
EOF
}

@test "a clean stream with a non-zero exit fails the program (77 too)" {
	local code
	for code in 3 77; do
		wrap tests/fixtures/tap_exit.sh "$code"
		events
		assert_success
		assert_output - <<'EOF'
inprogress tests/fixtures/tap_exit.sh
inprogress tests/fixtures/tap_exit.sh (1 - fine)
success tests/fixtures/tap_exit.sh (1 - fine)
fail tests/fixtures/tap_exit.sh
EOF
		reason_matches tests/fixtures/tap_exit.sh "(^|[^0-9])$code([^0-9]|\$)"
	done
}

@test "lines written in pieces are still whole lines (YAML start included)" {
	wrap tests/fixtures/tap_pieces.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_pieces.sh
inprogress tests/fixtures/tap_pieces.sh (1 - split point)
file tests/fixtures/tap_pieces.sh (1 - split point) stdout "# diag in pieces\n"
success tests/fixtures/tap_pieces.sh (1 - split point)
inprogress tests/fixtures/tap_pieces.sh (2 - with yaml)
file tests/fixtures/tap_pieces.sh (2 - with yaml) stdout "  ---\n  got: 5\n  ...\n"
fail tests/fixtures/tap_pieces.sh (2 - with yaml)
fail tests/fixtures/tap_pieces.sh
EOF
}

@test "a test point after chatter without newline, in a later write, is still read" {
	wrap tests/fixtures/tap_glued.sh
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/tap_glued.sh
inprogress tests/fixtures/tap_glued.sh (1 - frobnicator)
success tests/fixtures/tap_glued.sh (1 - frobnicator)
file tests/fixtures/tap_glued.sh stdout "checking the frobnicator... same write ok 2\n"
fail tests/fixtures/tap_glued.sh
EOF
	reason_matches tests/fixtures/tap_glued.sh 'planned 2 tests but ran 1'
}

@test "perl Test::More: a passing plan" {
	wrap tests/fixtures/more_pass.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_pass.pl
inprogress tests/fixtures/more_pass.pl (1 - true)
success tests/fixtures/more_pass.pl (1 - true)
inprogress tests/fixtures/more_pass.pl (2 - sum)
success tests/fixtures/more_pass.pl (2 - sum)
inprogress tests/fixtures/more_pass.pl (3 - matches)
success tests/fixtures/more_pass.pl (3 - matches)
success tests/fixtures/more_pass.pl
EOF
}

@test "perl Test::More: failure diagnostics on stderr belong to the failure" {
	wrap tests/fixtures/more_fail.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_fail.pl
inprogress tests/fixtures/more_fail.pl (1 - fine)
success tests/fixtures/more_fail.pl (1 - fine)
inprogress tests/fixtures/more_fail.pl (2 - sum)
file tests/fixtures/more_fail.pl (2 - sum) stderr "#   Failed test 'sum'\n#   at tests/fixtures/more_fail.pl line 12.\n#          got: '5'\n#     expected: '4'\n# Looks like you failed 1 test of 2.\n"
fail tests/fixtures/more_fail.pl (2 - sum)
fail tests/fixtures/more_fail.pl
EOF
}

@test "perl Test::More: subtests nested two deep" {
	wrap tests/fixtures/more_subtests.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_subtests.pl
inprogress tests/fixtures/more_subtests.pl (outer)
inprogress tests/fixtures/more_subtests.pl (outer) (1 - inner a)
success tests/fixtures/more_subtests.pl (outer) (1 - inner a)
inprogress tests/fixtures/more_subtests.pl (outer) (deeper)
inprogress tests/fixtures/more_subtests.pl (outer) (deeper) (1 - deep a)
success tests/fixtures/more_subtests.pl (outer) (deeper) (1 - deep a)
inprogress tests/fixtures/more_subtests.pl (outer) (deeper) (2 - deep b)
success tests/fixtures/more_subtests.pl (outer) (deeper) (2 - deep b)
success tests/fixtures/more_subtests.pl (outer) (deeper)
success tests/fixtures/more_subtests.pl (outer)
inprogress tests/fixtures/more_subtests.pl (2 - top)
success tests/fixtures/more_subtests.pl (2 - top)
success tests/fixtures/more_subtests.pl
EOF
}

@test "perl Test::More: skip_all skips the program" {
	wrap tests/fixtures/more_skip_all.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_skip_all.pl
skip tests/fixtures/more_skip_all.pl
EOF
	reason_matches tests/fixtures/more_skip_all.pl 'no database'
}

@test "perl Test::More: TODO (xfail, uxsuccess) and skip()" {
	wrap tests/fixtures/more_todo.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_todo.pl
inprogress tests/fixtures/more_todo.pl (1 - not yet)
file tests/fixtures/more_todo.pl (1 - not yet) stdout "#   Failed (TODO) test 'not yet'\n#   at tests/fixtures/more_todo.pl line 12.\n"
xfail tests/fixtures/more_todo.pl (1 - not yet)
inprogress tests/fixtures/more_todo.pl (2 - done early)
uxsuccess tests/fixtures/more_todo.pl (2 - done early)
inprogress tests/fixtures/more_todo.pl (3)
skip tests/fixtures/more_todo.pl (3)
inprogress tests/fixtures/more_todo.pl (4 - plain)
success tests/fixtures/more_todo.pl (4 - plain)
success tests/fixtures/more_todo.pl
EOF
}

@test "perl Test::More: BAIL_OUT" {
	wrap tests/fixtures/more_bailout.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_bailout.pl
inprogress tests/fixtures/more_bailout.pl (1 - first)
success tests/fixtures/more_bailout.pl (1 - first)
fail tests/fixtures/more_bailout.pl
EOF
	reason_matches tests/fixtures/more_bailout.pl 'no database'
}

@test "perl Test::More: done_testing, and \\# unescaped in labels" {
	wrap tests/fixtures/more_done_testing.pl
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/more_done_testing.pl
inprogress tests/fixtures/more_done_testing.pl (1 - one)
success tests/fixtures/more_done_testing.pl (1 - one)
inprogress tests/fixtures/more_done_testing.pl (2 - has # hash)
success tests/fixtures/more_done_testing.pl (2 - has # hash)
success tests/fixtures/more_done_testing.pl
EOF
}

@test "python: buffered stdout, stderr first, TODO, SKIP, YAML" {
	wrap tests/fixtures/py_tap.py
	events
	assert_success
	assert_output - <<'EOF'
inprogress tests/fixtures/py_tap.py
inprogress tests/fixtures/py_tap.py (1 - imports)
success tests/fixtures/py_tap.py (1 - imports)
inprogress tests/fixtures/py_tap.py (2 - parses dates)
file tests/fixtures/py_tap.py (2 - parses dates) stdout "  ---\n  reason: tz database\n  ...\n"
xfail tests/fixtures/py_tap.py (2 - parses dates)
inprogress tests/fixtures/py_tap.py (3 - network)
skip tests/fixtures/py_tap.py (3 - network)
inprogress tests/fixtures/py_tap.py (4 - exits)
success tests/fixtures/py_tap.py (4 - exits)
file tests/fixtures/py_tap.py stderr "loading fixtures\n"
success tests/fixtures/py_tap.py
EOF
}

# The C producer, dynamic and static: the same stream either way.
c_buffered_expected() {
	cat <<EOF
inprogress $1
inprogress $1 (1 - first)
success $1 (1 - first)
inprogress $1 (2 - second)
fail $1 (2 - second)
inprogress $1 (3 - third)
success $1 (3 - third)
file $1 stderr "progress: first done\\nprogress: second done\\n"
file $1 stdout "chatter on stdout\\n"
fail $1
EOF
}

@test "C: stdout fully buffered on the pipe, stderr not" {
	need_fixture_bin c_tap_buffered
	wrap build/fixtures/c_tap_buffered
	# stderr comes first here; which attachment is named first may vary.
	events --hide stdout
	assert_success
	assert_output "$(c_buffered_expected build/fixtures/c_tap_buffered |
	    grep -v ' stdout ')"
	run stream_bytes stdout
	assert_output "chatter on stdout"
	reason_matches build/fixtures/c_tap_buffered '(^|[^0-9])1([^0-9]|$)'
}

@test "C: the same program linked statically" {
	need_fixture_bin c_tap_buffered_static
	run file -L build/fixtures/c_tap_buffered_static
	assert_output --partial "statically linked"
	wrap build/fixtures/c_tap_buffered_static
	events --hide stdout
	assert_success
	assert_output "$(c_buffered_expected \
	    build/fixtures/c_tap_buffered_static | grep -v ' stdout ')"
	run stream_bytes stdout
	assert_output "chatter on stdout"
}

@test "--no-preload gives the same stream for a dynamic program" {
	need_fixture_bin c_tap_buffered
	wrap --no-preload build/fixtures/c_tap_buffered
	events --hide stdout
	assert_success
	assert_output "$(c_buffered_expected build/fixtures/c_tap_buffered |
	    grep -v ' stdout ')"
	wrap --no-preload tests/fixtures/tap_fail.sh
	events
	assert_success
	assert_line --index 4 'file tests/fixtures/tap_fail.sh (2 - bad) stdout "# got 5\n# expected 4\n"'
	assert_line --index 8 'fail tests/fixtures/tap_fail.sh'
}

/*
 * test_tap: the TAP plug-in on byte strings (TAP 12/13/14, Test::More).
 * Each case names the behaviour of pat_tap.h it pins down; the expected
 * events are exact, so any change of label, status, attribution or
 * verdict shows.
 */
#include <signal.h>

#include "pat_tap.h"
#include "t.h"
#include "t_pat.h"
#include "t_replay.h"

static struct t_pat r;

/* Start a plug-in, feed text on stdout, finish with exit status code. */
static void
run(const char *options, const char *text, int code)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, options), 0);
	T_EQ_INT(t_pat_feed(&r, 1, text), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(code)), 0);
}

static void
passing_file(void)
{
	run(NULL, "TAP version 13\n1..2\nok 1 - adds\nok 2 subtracts\n", 0);
	T_PAT_EVENTS(&r, "open '1 - adds'", "close success",
	    "open '2 - subtracts'", "close success", "verdict success");
	t_pat_end(&r);
}

static void
failing_assertion_fails_the_program(void)
{
	run(NULL, "1..2\nok 1\nnot ok 2 - broken\n", 1);
	T_PAT_EVENTS(&r, "open '1'", "close success", "open '2 - broken'",
	    "close fail", "verdict fail reason='1 of 2 assertions failed; "
	    "exit status 1'");
	t_pat_end(&r);
}

static void
plan_not_met(void)
{
	run(NULL, "1..3\nok 1\nok 2\n", 0);
	T_PAT_EVENTS(&r, "open '1'", "close success", "open '2'",
	    "close success", "verdict fail reason='planned 3 tests but ran 2'");
	t_pat_end(&r);
	run(NULL, "1..1\nok 1\nok 2\n", 0);
	T_PAT_EVENTS(&r, "open '1'", "close success", "open '2'",
	    "close success", "verdict fail reason='planned 1 tests but ran 2'");
	t_pat_end(&r);
	run(NULL, "ok 1\n", 0);
	T_PAT_EVENTS(&r, "open '1'", "close success",
	    "verdict fail reason='no plan'");
	t_pat_end(&r);
	run(NULL, "1..1\nok 1\n1..1\n", 0);
	T_PAT_EVENTS(&r, "open '1'", "close success",
	    "verdict fail reason='more than one plan'");
	t_pat_end(&r);
}

static void
plan_at_the_end(void)
{
	run(NULL, "ok 1\nok 2\n1..2\n", 0);
	T_PAT_EVENTS(&r, "open '1'", "close success", "open '2'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
skip_all(void)
{
	run(NULL, "1..0 # SKIP no database here\n", 0);
	T_PAT_EVENTS(&r, "verdict skip reason='SKIP no database here'");
	t_pat_end(&r);
	run(NULL, "1..0\n", 77);
	T_PAT_EVENTS(&r, "verdict skip reason='1..0'");
	t_pat_end(&r);
}

static void
directives(void)
{
	run(NULL, "1..9\n"
	    "ok 1 # skip no network\n"
	    "not ok 2 # SKIP a failure all the same\n"
	    "not ok 3 - later # TODO not written\n"
	    "ok 4 - bonus # todo\n"
	    "ok 5 - hello \\# todo\n"
	    "ok 6 - c#d # SKIP here\n"
	    "ok 7 - tricky # Skipped: reason\n"
	    "ok 8 - back \\\\# TODO slash\n"
	    "ok 9 -   spaced   \n", 1);
	T_PAT_EVENTS(&r, "open '1'", "close skip reason='no network'",
	    "open '2'", "close fail reason='a failure all the same'",
	    "open '3 - later'", "close xfail reason='not written'",
	    "open '4 - bonus'", "close uxsuccess",
	    "open '5 - hello # todo'", "close success",
	    "open '6 - c#d'", "close skip reason='here'",
	    "open '7 - tricky'", "close skip reason='reason'",
	    "open '8 - back \\\\'", "close uxsuccess reason='slash'",
	    "open '9 - spaced'", "close success",
	    "verdict fail reason='1 of 9 assertions failed; exit status 1'");
	t_pat_end(&r);
}

static void
numbers_missing_and_repeated(void)
{
	run(NULL, "1..5\nok\nok - named\nok 2\nok 2 - again\nok 9 1 is text\n",
	    0);
	T_PAT_EVENTS(&r, "open '1'", "close success", "open '2 - named'",
	    "close success", "open '2 #2'", "close success",
	    "open '2 - again #3'", "close success", "open '9 - 1 is text'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
not_test_points(void)
{
	run(NULL, "okay 9\nnot okay\n ok 1 indented by one\nok 1\n1..1\n", 0);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'okay 9\\n'",
	    "bytes L0 fd1 'not okay\\n'",
	    "bytes L0 fd1 ' ok 1 indented by one\\n'",
	    "open '1'", "close success", "verdict success");
	t_pat_end(&r);
}

static void
yaml_block_belongs_to_its_point(void)
{
	run(NULL, "TAP version 13\n1..2\nnot ok 1 - bad\n"
	    "  ---\n  message: boom\n  ok 1 - inside yaml\n\n"
	    "  Bail out! not really\n  ...\nchatter\nok 2\n", 1);
	T_PAT_EVENTS(&r, "open '1 - bad'",
	    "bytes L* fd1 '  ---\\n'", "bytes L* fd1 '  message: boom\\n'",
	    "bytes L* fd1 '  ok 1 - inside yaml\\n'", "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '  Bail out! not really\\n'",
	    "bytes L* fd1 '  ...\\n'", "bytes L0 fd1 'chatter\\n'",
	    "close fail", "open '2'", "close success",
	    "verdict fail reason='1 of 2 assertions failed; exit status 1'");
	t_pat_end(&r);
}

static void
diagnostics_belong_to_the_point_before(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "# seed 42\n1..1\nnot ok 1 - eq\n");
	t_pat_feed(&r, 2, "#   Failed test 'eq'\nwarning: plain\n");
	t_pat_feed(&r, 1, "# more\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "bytes L0 fd1 '# seed 42\\n'", "open '1 - eq'",
	    "bytes L* fd2 '#   Failed test \\'eq\\'\\n'",
	    "bytes L0 fd2 'warning: plain\\n'", "bytes L* fd1 '# more\\n'",
	    "close fail",
	    "verdict fail reason='1 of 1 assertions failed; exit status 1'");
	t_pat_end(&r);
}

static void
bail_out(void)
{
	run(NULL, "1..3\nok 1\nBail out!  no \\# database\nok 2\n1..4\n", 255);
	T_PAT_EVENTS(&r, "open '1'", "close success",
	    "bytes L0 fd1 'ok 2\\n'", "bytes L0 fd1 '1..4\\n'",
	    "verdict fail reason='Bail out! no # database; exit status 255'");
	t_pat_end(&r);
}

static void
bail_out_inside_a_subtest_closes_it(void)
{
	run(NULL, "1..1\n# Subtest: s\n    1..2\n    ok 1\n    BAIL OUT! "
	    "stop\n", 0);
	T_PAT_EVENTS(&r, "open 's'", "open '1'", "close success",
	    "close fail reason='Bail out! stop'",
	    "verdict fail reason='Bail out! stop'");
	t_pat_end(&r);
}

static void
tap14_named_subtest(void)
{
	run(NULL, "TAP version 14\n1..2\n# Subtest: parse\n    1..2\n"
	    "    ok 1 - tokens\n    ok 2 - tree\nok 1 - parse\nok 2\n", 0);
	T_PAT_EVENTS(&r, "open 'parse'", "open '1 - tokens'", "close success",
	    "open '2 - tree'", "close success", "close success", "open '2'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
test_more_nested_subtests(void)
{
	/* Test::More 1.302190 (formats.md §1.2), diagnostics on stderr. */
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "# Subtest: outer thing\n    1..2\n"
	    "    ok 1 - inner a\n    # Subtest: deeper\n"
	    "        not ok 1 - deep fail\n");
	t_pat_feed(&r, 2, "        #   Failed test 'deep fail'\n");
	t_pat_feed(&r, 1, "        1..1\n    not ok 2 - deeper\n"
	    "not ok 1 - outer thing\nok 2 - has \\# hash\n1..2\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open 'outer thing'", "open '1 - inner a'",
	    "close success", "open 'deeper'", "open '1 - deep fail'",
	    "bytes L* fd2 '        #   Failed test \\'deep fail\\'\\n'",
	    "close fail", "close fail reason='1 of 1 assertions failed'",
	    "close fail reason='1 of 2 assertions failed'",
	    "open '2 - has # hash'", "close success",
	    "verdict fail reason='1 of 2 assertions failed; exit status 1'");
	t_pat_end(&r);
}

static void
subtest_without_header_takes_its_closing_label(void)
{
	run(NULL, "1..1\n    1..2\n    ok 1 - leaf a\n    ok 2 - leaf b\n"
	    "ok 1 - grouped\n", 0);
	T_PAT_EVENTS(&r, "open -", "open '1 - leaf a'", "close success",
	    "open '2 - leaf b'", "close success", "name '1 - grouped'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
subtest_failing_inside_fails_even_if_its_point_says_ok(void)
{
	run(NULL, "1..1\n# Subtest: s\n    1..2\n    ok 1\nok 1 - s\n", 0);
	T_PAT_EVENTS(&r, "open 's'", "open '1'", "close success",
	    "close fail reason='planned 2 tests but ran 1'",
	    "verdict fail reason='1 of 1 assertions failed'");
	t_pat_end(&r);
}

static void
repeated_subtest_names_stay_unique(void)
{
	run(NULL, "1..2\n# Subtest: s\n    1..1\n    ok 1\nok 1 - s\n"
	    "# Subtest: s\n    1..1\n    ok 1\nok 2 - s\n", 0);
	T_PAT_EVENTS(&r, "open 's'", "open '1'", "close success",
	    "close success", "open 's #2'", "open '1'", "close success",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
unterminated_subtest_fails(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "1..1\n# Subtest: s\n    1..2\n    ok 1\n");
	t_pat_finish(&r, t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r, "open 's'", "open '1'", "close success",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='planned 1 tests but ran 0; killed by signal "
	    "SIGSEGV'");
	t_pat_end(&r);
}

static void
no_tap_means_exit_code_semantics(void)
{
	run(NULL, "hello\n", 0);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'hello\\n'", "verdict success");
	t_pat_end(&r);
	run(NULL, "", 77);
	T_PAT_EVENTS(&r, "verdict skip reason='exit status 77'");
	t_pat_end(&r);
	run(NULL, "# only a comment\n", 3);
	T_PAT_EVENTS(&r, "bytes L0 fd1 '# only a comment\\n'",
	    "verdict fail reason='exit status 3'");
	t_pat_end(&r);
	run("strict", "hello\n", 0);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'hello\\n'",
	    "verdict fail reason='no TAP output'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, "bogus"), -EINVAL);
	T_PAT_STR(r.err, "tap: unknown option 'bogus'");
	t_pat_end(&r);
}

static void
killed_or_timed_out_after_clean_tap_fails(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "1..1\nok 1\n");
	t_pat_finish(&r, t_pat_timed_out(5));
	T_PAT_EVENTS(&r, "open '1'", "close success",
	    "verdict fail reason='timed out after 5 s'");
	t_pat_end(&r);
}

static void
crlf_and_missing_last_newline(void)
{
	run(NULL, "1..2\r\nok 1 - dos\r\nok 2 - last", 0);
	T_PAT_EVENTS(&r, "open '1 - dos'", "close success", "open '2 - last'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
labels_are_passed_raw(void)
{
	run(NULL, "1..1\nok 1 - caf\xe9 \x01\n", 0);
	T_PAT_EVENTS(&r, "open '1 - caf\\xe9 \\x01'", "close success",
	    "verdict success");
	t_pat_end(&r);
}

static void
marker_after_unfinished_chatter_is_still_protocol(void)
{
	static const char line[] = "checking... ok 1 - found\n";

	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_line(&r, 1, line, sizeof line - 1, PAT_LINE_EOL, 12);
	t_pat_line(&r, 1, "1..1\n", 5, PAT_LINE_EOL, 0);
	/* Without a write boundary there, it is just text. */
	t_pat_line(&r, 1, line, sizeof line - 1, PAT_LINE_EOL, 0);
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "bytes L0 fd1 'checking... '", "open '1 - found'",
	    "close success", "bytes L0 fd1 'checking... ok 1 - found\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
a_write_boundary_inside_a_yaml_line_changes_nothing(void)
{
	static const char line[] = "  ---\n";

	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "1..1\nnot ok 1\n");
	for (size_t soft = 1; soft < 5; soft++)
		t_pat_line(&r, 1, line, 6, PAT_LINE_EOL, soft);
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open '1'", "bytes L* fd1 '  ---\\n'",
	    "bytes L* fd1 '  ---\\n'", "bytes L* fd1 '  ---\\n'",
	    "bytes L* fd1 '  ---\\n'", "close fail",
	    "verdict fail reason='1 of 1 assertions failed; exit status 1'");
	t_pat_end(&r);
}

static void
cut_pieces_are_never_protocol(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_line(&r, 1, "ok 1\n", 5, PAT_LINE_EOL | PAT_LINE_CUT, 0);
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "bytes L0 fd1 'ok 1\\n'", "verdict success");
	t_pat_end(&r);
}

static void
stderr_is_never_protocol(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 2, "ok 1\n1..1\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "bytes L0 fd2 'ok 1\\n'", "bytes L0 fd2 '1..1\\n'",
	    "verdict success");
	t_pat_end(&r);
}

/*
 * A plan on the last line, without a newline, reaches the plug-in from
 * the driver's buffer, where the bytes after it are left from an earlier
 * line: its number ends at the line's end, not at the next non-digit
 * byte in memory (found by fuzz_patterns: strtol read past the line).
 */
static void
plan_on_an_unfinished_last_line_ends_with_the_line(void)
{
	static const struct t_write w[] = {
		{ 1, "ok 1\n" },
		{ 1, "xxxx0000" },
		{ 1, "\n" },
		{ 1, "1..1" },
		{ 0, NULL },
	};

	t_replay(&r, &pat_tap_ops, w, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '1'", "bytes L0 fd1 'xxxx0000\\n'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

/*
 * Blocks that never get their closing test point are "unnamed subtest",
 * numbered like repeated names: siblings keep unique labels (found by
 * fuzz_patterns: two "unnamed subtest" in one document).
 */
static void
unterminated_blocks_are_numbered(void)
{
	run(NULL, "    1..1\n    ok 1\n1..2\n    1..1\n    ok 1\n"
	    "Bail out! done\n", 0);
	T_PAT_EVENTS(&r, "open -", "open '1'", "close success",
	    "name 'unnamed subtest'",
	    "close fail reason='subtest not terminated'", "open -",
	    "open '1'", "close success", "name 'unnamed subtest #2'",
	    "close fail reason='Bail out! done'",
	    "verdict fail reason='Bail out! done'");
	t_pat_end(&r);
}

/*
 * "# Subtest:" without a name (or with a NUL first) names the block "":
 * a label, not the absent label that pat.h reserves for blocks named
 * later (found by fuzz_patterns: the block was closed never named); the
 * next such block is "#2", trimmed, not " #2".
 */
static void
subtest_header_without_a_name(void)
{
	run(NULL, "1..2\n# Subtest: \n    1..1\n    ok 1\nok 1 - x\n"
	    "# Subtest:\n    1..1\n    ok 1\nok 2 - y\n", 0);
	T_PAT_EVENTS(&r, "open ''", "open '1'", "close success",
	    "close success", "open '#2'", "open '1'", "close success",
	    "close success", "verdict success");
	t_pat_end(&r);
}

/*
 * Numbers past the repeat bitmap (2^24) were assumed never reused, so a
 * program printing one twice had two tests of one label (found by
 * fuzz_patterns).  They are counted too.
 */
static void
huge_numbers_repeated_stay_unique(void)
{
	run(NULL, "ok 99999999 - a\nok 99999999 - a\nok 999999990 - a\n"
	    "1..3\n", 0);
	T_PAT_EVENTS(&r, "open '99999999 - a'", "close success",
	    "open '99999999 - a #2'", "close success", "open '999999990 - a'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

/*
 * A printed label may end like a repeat: "ok 1 - x \\#2" is "1 - x #2",
 * which the second "ok 1 - x" would be too (found by fuzz_patterns); the
 * repeat takes the next free number.  Likewise for blocks.
 */
static void
printed_labels_that_look_repeated_stay_unique(void)
{
	run(NULL, "ok 1 - x \\#2\nok 1 - x\nok 1 - x\n"
	    "# Subtest: s #2\n    ok 1\n    1..1\nok 2 - a\n"
	    "# Subtest: s\n    ok 1\n    1..1\nok 3 - b\n"
	    "# Subtest: s\n    ok 1\n    1..1\nok 4 - c\n1..6\n", 0);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "open '1 - x #2'", "close success",
	    "open '1 - x #3'", "close success", "open '1 - x #4'",
	    "close success", "open 's #2'", "open '1'", "close success",
	    "close success", "open 's'", "open '1'", "close success",
	    "close success", "open 's #3'", "open '1'", "close success",
	    "close success", "verdict success");
	t_pat_end(&r);
}

/*
 * A subtest name is cut at a NUL byte, and trimmed after the cut: blanks
 * before the NUL stayed in the label (found by fuzz_patterns).
 */
static void
subtest_name_cut_at_a_nul_is_trimmed(void)
{
	static const char header[] = "# Subtest: group  \0junk\n";

	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_line(&r, 1, header, sizeof header - 1, PAT_LINE_EOL, 0);
	t_pat_feed(&r, 1, "    1..1\n    ok 1\nok 1 - group\n1..1\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open 'group'", "open '1'", "close success",
	    "close success", "verdict success");
	t_pat_end(&r);
}

static void
emit_errors_stop_the_plug_in(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "ok 1\nok 2\n"), -EPIPE);
	t_pat_end(&r);
}

/*
 * Descriptions without '#' or '\\' take a shortcut (no directive scan, no
 * unescaping): the labels and statuses are those of the general path.
 */
static void
plain_descriptions_match_the_general_path(void)
{
	run(NULL, "1..6\nok 1 -\t spaced \t\nnot ok 2 plain\n"
	    "ok 3 - has \\\\ slash\nok 4 -\nnot ok 5 - a#b\nok 1 - x\n", 1);
	T_PAT_EVENTS(&r, "open '1 - spaced'", "close success",
	    "open '2 - plain'", "close fail", "open '3 - has \\\\ slash'",
	    "close success", "open '4'", "close success", "open '5 - a#b'",
	    "close fail", "open '1 - x #2'", "close success",
	    "verdict fail reason='2 of 6 assertions failed; exit status 1'");
	t_pat_end(&r);
}

/*
 * "ok" lines at the top level take a shortcut past the line classifier;
 * lines around it in every other state must not: CRLF, after an
 * unterminated YAML block, closing a subtest block, on stderr.
 */
static void
top_level_shortcut_matches_the_general_path(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_tap_ops, NULL), 0);
	t_pat_feed(&r, 1, "1..4\nok 1 - a\r\n  ---\n  x: 1\n"
	    "ok 2 - after yaml\n    ok 1 - inner\n    1..1\nok 3 - block\n");
	t_pat_feed(&r, 2, "ok 4 - on stderr\n");
	t_pat_feed(&r, 1, "ok 4\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '1 - a'", "bytes L* fd1 '  ---\\n'",
	    "bytes L* fd1 '  x: 1\\n'", "close success",
	    "open '2 - after yaml'", "close success", "open -",
	    "open '1 - inner'", "close success", "name '3 - block'",
	    "close success", "bytes L0 fd2 'ok 4 - on stderr\\n'", "open '4'",
	    "close success", "verdict success");
	t_pat_end(&r);
}

int
main(void)
{
	T_RUN(passing_file);
	T_RUN(failing_assertion_fails_the_program);
	T_RUN(plan_not_met);
	T_RUN(plan_at_the_end);
	T_RUN(skip_all);
	T_RUN(directives);
	T_RUN(numbers_missing_and_repeated);
	T_RUN(not_test_points);
	T_RUN(yaml_block_belongs_to_its_point);
	T_RUN(diagnostics_belong_to_the_point_before);
	T_RUN(bail_out);
	T_RUN(bail_out_inside_a_subtest_closes_it);
	T_RUN(tap14_named_subtest);
	T_RUN(test_more_nested_subtests);
	T_RUN(subtest_without_header_takes_its_closing_label);
	T_RUN(subtest_failing_inside_fails_even_if_its_point_says_ok);
	T_RUN(repeated_subtest_names_stay_unique);
	T_RUN(unterminated_subtest_fails);
	T_RUN(no_tap_means_exit_code_semantics);
	T_RUN(killed_or_timed_out_after_clean_tap_fails);
	T_RUN(crlf_and_missing_last_newline);
	T_RUN(labels_are_passed_raw);
	T_RUN(marker_after_unfinished_chatter_is_still_protocol);
	T_RUN(a_write_boundary_inside_a_yaml_line_changes_nothing);
	T_RUN(cut_pieces_are_never_protocol);
	T_RUN(stderr_is_never_protocol);
	T_RUN(plan_on_an_unfinished_last_line_ends_with_the_line);
	T_RUN(unterminated_blocks_are_numbered);
	T_RUN(subtest_header_without_a_name);
	T_RUN(huge_numbers_repeated_stay_unique);
	T_RUN(printed_labels_that_look_repeated_stay_unique);
	T_RUN(subtest_name_cut_at_a_nul_is_trimmed);
	T_RUN(emit_errors_stop_the_plug_in);
	T_RUN(plain_descriptions_match_the_general_path);
	T_RUN(top_level_shortcut_matches_the_general_path);
	return t_done();
}

/*
 * test_automake: unit tests of patterns/pat_automake, fed byte strings,
 * including the real output of `make -k check VERBOSE=yes` of a two-
 * directory project (automake 1.16.5, Debian 12).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pat_automake.h"
#include "t.h"
#include "t_pat.h"

static void
test_ops(void)
{
	T_PAT_STR(pat_automake_ops.name, "automake");
	T_CHECK(pat_automake_ops.whole_program, "not whole-program");
	T_CHECK(pat_automake_ops.env_unset == NULL, "clears environment");
	T_CHECK(pat_automake_ops.env_set != NULL &&
	    strcmp(pat_automake_ops.env_set[0], "AM_COLOR_TESTS=no") == 0 &&
	    pat_automake_ops.env_set[1] == NULL, "env_set");
}

static void
test_every_status(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "PASS: pass.test\n"
	    "FAIL: fail.test\n"
	    "XFAIL: xfail.test\n"
	    "XPASS: xpass.test\n"
	    "SKIP: skip.test\n"
	    "ERROR: hard.test\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(2)), 0);
	T_PAT_EVENTS(&r,
	    "open 'pass.test'", "close success",
	    "open 'fail.test'", "close fail",
	    "open 'xfail.test'", "close xfail",
	    "open 'xpass.test'", "close uxsuccess",
	    "open 'skip.test'", "close skip",
	    "open 'hard.test'", "close fail reason='ERROR'",
	    "verdict fail reason='exit status 2, 3 of 6 subtests failed'");
	t_pat_end(&r);
}

static void
test_chatter(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "make[1]: Entering directory '/x'\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "some stderr\r\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "PASS: a\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "after\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "tail without newline"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 'make[1]: Entering directory \\'/x\\'\\n'",
	    "bytes L0 fd2 'some stderr\\r\\n'",
	    "open 'a'", "close success",
	    "bytes L0 fd2 'after\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'tail without newline'");
	t_pat_end(&r);
}

/* Lines that look close to results but are not. */
static void
test_not_results(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "ERROR:../glib/tests/x.c:12:test_x: assertion failed\n"
	    " PASS: indented\n"
	    "pass: lower case\n"
	    "PASSED: other word\n"
	    "PASS:\n"
	    "PASS: \n"
	    "SKIP:  # only a reason\n"
	    "XFAILS: x\n"
	    "\x1b[0;32mPASS\x1b[m: coloured\n"
	    "FAIL fail.test (exit status: 1)\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd2 'ERROR:../glib/tests/x.c:12:test_x: assertion "
	    "failed\\n'",
	    "bytes L0 fd2 ' PASS: indented\\n'",
	    "bytes L0 fd2 'pass: lower case\\n'",
	    "bytes L0 fd2 'PASSED: other word\\n'",
	    "bytes L0 fd2 'PASS:\\n'",
	    "bytes L0 fd2 'PASS: \\n'",
	    "bytes L0 fd2 'SKIP:  # only a reason\\n'",
	    "bytes L0 fd2 'XFAILS: x\\n'",
	    "bytes L0 fd2 '\\x1b[0;32mPASS\\x1b[m: coloured\\n'",
	    "bytes L0 fd2 'FAIL fail.test (exit status: 1)\\n'");
	t_pat_end(&r);
}

static void
test_names_raw(void)
{
	struct t_pat r;
	const char nul[] = "FAIL: a\0b\n";

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "PASS:   spaced  name \t\r\n"
	    "PASS:\tcaf\xc3\xa9 \xe2\x9c\x93\n"
	    "SKIP: bell\x07 esc\x1b[1m and \xff\n"
	    "FAIL: t/basic.t 1 - adds numbers\n"), 0);
	T_EQ_INT(t_pat_line(&r, 2, nul, sizeof nul - 1, PAT_LINE_EOL, 0), 0);
	T_PAT_EVENTS(&r,
	    "open 'spaced  name'", "close success",
	    "open 'caf\\xc3\\xa9 \\xe2\\x9c\\x93'", "close success",
	    "open 'bell\\x07 esc\\x1b[1m and \\xff'", "close skip",
	    "open 't/basic.t 1 - adds numbers'", "close fail",
	    "open 'a\\x00b'", "close fail");
	t_pat_end(&r);
}

static void
test_reasons(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "SKIP: t/a.t 3 # SKIP no network\n"
	    "XFAIL: t/a.t 4 - x # TODO later  \n"
	    "PASS: c#d # a # b\n"
	    "FAIL: foo (exit status: 1)\n"
	    "ERROR: hard (exit status: 99)\n"
	    "ERROR: t/a.t - missing test plan\n"
	    "ERROR: t/b.t # bailed\n"
	    "FAIL: x (exit status: )\n"
	    "FAIL: y (exit status: 3) more\n"
	    "FAIL: (exit status: 4)\n"
	    "SKIP: # why\n"), 0);
	T_PAT_EVENTS(&r,
	    "open 't/a.t 3'", "close skip reason='SKIP no network'",
	    "open 't/a.t 4 - x'", "close xfail reason='TODO later'",
	    "open 'c#d'", "close success reason='a # b'",
	    "open 'foo'", "close fail reason='exit status: 1'",
	    "open 'hard'", "close fail reason='ERROR: exit status: 99'",
	    "open 't/a.t - missing test plan'", "close fail reason='ERROR'",
	    "open 't/b.t'", "close fail reason='ERROR: bailed'",
	    "open 'x (exit status: )'", "close fail",
	    "open 'y (exit status: 3) more'", "close fail",
	    "bytes L0 fd1 'FAIL: (exit status: 4)\\n'",
	    "bytes L0 fd1 'SKIP: # why\\n'");
	t_pat_end(&r);
}

/* Over-long line pieces and lines without a newline. */
static void
test_cut_and_eol(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_line(&r, 1, "PASS: piece", 11, PAT_LINE_CUT, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, "FAIL: end\n", 10,
	    PAT_LINE_CUT | PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, "FAIL: last", 10, 0, 0), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 'PASS: piece'",
	    "bytes L0 fd1 'FAIL: end\\n'",
	    "open 'last'", "close fail",
	    "verdict fail reason='1 of 1 subtests failed'");
	t_pat_end(&r);
}

/* A result word where the last write of a glued line started. */
static void
test_soft_start(void)
{
	struct t_pat r;
	const char *a = "partial outputPASS: a\n";
	const char *b = "PASS: b and PASS: c\n";
	const char *c = "no marker here\n";

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_line(&r, 2, a, strlen(a), PAT_LINE_EOL, 14), 0);
	T_EQ_INT(t_pat_line(&r, 1, b, strlen(b), PAT_LINE_EOL, 12), 0);
	T_EQ_INT(t_pat_line(&r, 1, c, strlen(c), PAT_LINE_EOL, 3), 0);
	T_EQ_INT(t_pat_line(&r, 1, c, strlen(c), PAT_LINE_EOL, 99), 0);
	T_EQ_INT(t_pat_line(&r, 1, a, strlen(a), PAT_LINE_EOL, 10), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd2 'partial output'",
	    "open 'a'", "close success",
	    "open 'b and PASS: c'", "close success",
	    "bytes L0 fd1 'no marker here\\n'",
	    "bytes L0 fd1 'no marker here\\n'",
	    "bytes L0 fd1 'partial outputPASS: a\\n'");
	t_pat_end(&r);
}

/* The real `make -k check VERBOSE=yes` output, one directory of two. */
static const char make_check[] =
    "Making check in sub1\n"
    "make[1]: Entering directory '/tmp/am/sub1'\n"
    "make  check-TESTS\n"
    "PASS: pass.test\n"
    "FAIL: fail.test\n"
    "SKIP: skip.test\n"
    "ERROR: hard.test\n"
    "XFAIL: xfail.test\n"
    "XPASS: xpass.test\n"
    "===================================\n"
    "   demo 1.0: sub1/test-suite.log\n"
    "===================================\n"
    "\n"
    "# TOTAL: 6\n"
    "# PASS:  1\n"
    "# SKIP:  1\n"
    "# XFAIL: 1\n"
    "# FAIL:  1\n"
    "# XPASS: 1\n"
    "# ERROR: 1\n"
    "\n"
    ".. contents:: :depth: 2\n"
    "\n"
    "FAIL: fail\n"
    "==========\n"
    "\n"
    "fail out\n"
    "FAIL fail.test (exit status: 1)\n"
    "\n"
    "XPASS: xpass\n"
    "============\n"
    "\n"
    "xpass out\n"
    "XPASS xpass.test (exit status: 0)\n"
    "\n"
    "============================================================"
    "================\n"
    "Testsuite summary for demo 1.0\n"
    "============================================================"
    "================\n"
    "# TOTAL: 6\n"
    "# PASS:  1\n"
    "============================================================"
    "================\n"
    "See sub1/test-suite.log\n"
    "make[3]: *** [Makefile:456: test-suite.log] Error 1\n"
    "Making check in sub2\n"
    "PASS: pass.test\n"
    "FAIL: fail\n";

static void
test_make_check_verbose(void)
{
	struct t_pat r;
	char want[4096];
	size_t n = 0;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, make_check), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(2)), 0);
	/* Results: the six console lines, then the two of sub2. */
	for (const char *p = r.out; *p; p = strchr(p, '\n') + 1)
		if (strncmp(p, "open ", 5) == 0 || strncmp(p, "close ", 6) == 0)
			n += (size_t)snprintf(want + n, sizeof want - n, "%.*s",
			    (int)(strchr(p, '\n') - p + 1), p);
	T_PAT_STR(want,
	    "open 'pass.test'\nclose success\n"
	    "open 'fail.test'\nclose fail\n"
	    "open 'skip.test'\nclose skip\n"
	    "open 'hard.test'\nclose fail reason='ERROR'\n"
	    "open 'xfail.test'\nclose xfail\n"
	    "open 'xpass.test'\nclose uxsuccess\n"
	    "open 'pass.test #2'\nclose success\n"
	    "open 'fail'\nclose fail\n");
	/* Every other line is chatter, in full. */
	T_CHECK(strstr(r.out, "bytes L0 fd1 'FAIL: fail\\n'\n"
	    "bytes L0 fd1 '==========\\n'\n") != NULL, "log heading");
	T_CHECK(strstr(r.out, "bytes L0 fd1 'XPASS: xpass\\n'\n") != NULL,
	    "log heading");
	T_CHECK(strstr(r.out, "bytes L0 fd1 '# TOTAL: 6\\n'\n") != NULL,
	    "summary");
	T_CHECK(strstr(r.out, "bytes L0 fd1 'Testsuite summary for demo "
	    "1.0\\n'\n") != NULL, "summary");
	T_CHECK(strstr(r.out, "verdict fail reason='exit status 2, "
	    "4 of 8 subtests failed'\n") != NULL, "verdict");
	t_pat_end(&r);
}

static void
test_log_region_crlf_and_reentry(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    ".. contents:: :depth: 2 \n"
	    "PASS: a\n"
	    ".. contents:: :depth: 2\r\n"
	    "PASS: b\n"
	    "Testsuite summary\n"
	    "PASS: c\n"
	    ".. contents:: :depth: 2"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "FAIL: d\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '.. contents:: :depth: 2 \\n'",
	    "open 'a'", "close success",
	    "bytes L0 fd1 '.. contents:: :depth: 2\\r\\n'",
	    "bytes L0 fd1 'PASS: b\\n'",
	    "bytes L0 fd1 'Testsuite summary\\n'",
	    "open 'c'", "close success",
	    "bytes L0 fd1 '.. contents:: :depth: 2'",
	    "bytes L0 fd1 'FAIL: d\\n'");
	t_pat_end(&r);
}

static void
test_emit_error(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "FAIL: a\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "ERROR: b # x\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_line(&r, 1, "xPASS: c\n", 9, PAT_LINE_EOL, 1), -EPIPE);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'x'");
	t_pat_end(&r);
}

/* The verdict after the given lines and exit. */
static void
check_finish(int line, const char *lines, struct pat_exit ex,
    const char *want)
{
	struct t_pat r;
	const char *v;

	T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
	t_pat_feed(&r, 1, lines);
	T_EQ_INT(t_pat_finish(&r, ex), 0);
	v = strstr(r.out, "verdict ");
	if (v == NULL || strcmp(v, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got %s#   want %s", line, v ? v : "-\n",
		    want);
	}
	t_pat_end(&r);
}

static void
test_finish(void)
{
	check_finish(__LINE__, "", t_pat_exited(0), "verdict success\n");
	check_finish(__LINE__, "chatter\n", t_pat_exited(77),
	    "verdict skip reason='exit status 77'\n");
	check_finish(__LINE__, "SKIP: a\n", t_pat_exited(77),
	    "verdict fail reason='exit status 77'\n");
	check_finish(__LINE__, "PASS: a\nSKIP: b\nXFAIL: c\n",
	    t_pat_exited(0), "verdict success\n");
	check_finish(__LINE__, "PASS: a\nXPASS: b\n", t_pat_exited(0),
	    "verdict fail reason='1 of 2 subtests failed'\n");
	check_finish(__LINE__, "ERROR: a\nPASS: b\nFAIL: c\n",
	    t_pat_exited(0),
	    "verdict fail reason='2 of 3 subtests failed'\n");
	check_finish(__LINE__, "PASS: a\n", t_pat_exited(1),
	    "verdict fail reason='exit status 1'\n");
	check_finish(__LINE__, "PASS: a\n", t_pat_exited(99),
	    "verdict fail reason='exit status 99 (hard error)'\n");
	check_finish(__LINE__, "", t_pat_exited(99),
	    "verdict fail reason='exit status 99 (hard error)'\n");
	check_finish(__LINE__, "FAIL: a\n", t_pat_signaled(SIGSEGV, true),
	    "verdict fail reason='killed by signal SIGSEGV (core dumped), "
	    "1 of 1 subtests failed'\n");
	check_finish(__LINE__, "PASS: a\n", t_pat_timed_out(3),
	    "verdict fail reason='timed out after 3 s'\n");
	check_finish(__LINE__, "", t_pat_interrupted(),
	    "verdict fail reason='interrupted'\n");
	/* Summary lines are not results: nothing failed. */
	check_finish(__LINE__, "# FAIL:  3\n# ERROR: 1\n", t_pat_exited(0),
	    "verdict success\n");
}

int
main(void)
{
	T_RUN(test_ops);
	T_RUN(test_every_status);
	T_RUN(test_chatter);
	T_RUN(test_not_results);
	T_RUN(test_names_raw);
	T_RUN(test_reasons);
	T_RUN(test_cut_and_eol);
	T_RUN(test_soft_start);
	T_RUN(test_make_check_verbose);
	T_RUN(test_log_region_crlf_and_reentry);
	T_RUN(test_emit_error);
	T_RUN(test_finish);
	return t_done();
}

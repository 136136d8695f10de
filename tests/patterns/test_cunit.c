/*
 * test_cunit: unit tests of patterns/pat_cunit, on the real output of the
 * fixtures tests/fixtures/cunit_*.c (CUnit 2.1-3, Debian 12), as strace
 * -e trace=write recorded it: each write with its fd, in program order.
 * CUnit writes every message in pieces ("\n  Test: x ...", then the
 * test's own output, then "passed"), so replaying the writes through the
 * real line driver is what the plug-in sees in practice.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pat_cunit.h"
#include "t.h"
#include "t_pat.h"
#include "t_replay.h"

/* cunit_basic, VERBOSE mode (the default of the fixture); exit 0. */
static const struct t_write verbose[] = {
	{ 1, "\n"
	    "\n"
	    "     CUnit - A unit testing framework for C - Version 2."
	    "1-3\n"
	    "     http://cunit.sourceforge.net/\n"
	    "\n" },
	{ 1, "\n"
	    "Suite: Suite One" },
	{ 1, "\n"
	    "  Test: pass test ..." },
	{ 1, "stdout chatter" },
	{ 1, "\n" },
	{ 2, "stderr chatter\n" },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: fail test ..." },
	{ 1, "FAILED" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:55  - CU_ASSERT_EQUA"
	    "L(1,2)" },
	{ 1, "\n"
	    "    2. tests/fixtures/cunit_basic.c:56  - 0" },
	{ 1, "\n"
	    "  Test: fatal test ..." },
	{ 1, "FAILED" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:62  - 0" },
	{ 1, "\n"
	    "  Test: chatter test ..." },
	{ 1, "step 1 passed" },
	{ 1, "\n" },
	{ 1, "retrying after FAILED" },
	{ 1, "\n" },
	{ 1, "FAILED" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:71  - 0" },
	{ 1, "\n"
	    "  Test: nonl test ..." },
	{ 1, "no newline" },
	{ 2, "err no newline" },
	{ 1, "passed" },
	{ 1, "init chatter" },
	{ 1, "\n"
	    "WARNING - Suite initialization failed for 'Suite Two'." },
	{ 1, "\n"
	    "Suite: Suite Three" },
	{ 1, "\n"
	    "  Test: pass test ..." },
	{ 1, "passed" },
	{ 1, "cleanup chatter" },
	{ 1, "\n" },
	{ 1, "\n"
	    "WARNING - Suite cleanup failed for 'Suite Three'." },
	{ 1, "\n"
	    "Suite: Two Words Suite" },
	{ 1, "\n"
	    "  Test: a test, with: 'punctuation'... ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: pass test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: pass test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "\n" },
	{ 1, "Run Summary:    Type  Total    Ran Passed Failed Inactiv"
	    "e\n"
	    "              suites      4      3    n/a      2        "
	    "0\n"
	    "               tests     12      9      6      3        "
	    "1\n"
	    "             asserts     10     10      6      4      n/"
	    "a\n"
	    "\n"
	    "Elapsed time =    0.000 seconds" },
	{ 1, "\n" },
	{ 0, NULL },
};

/* cunit_basic with SW_FIXTURE_MODE=normal: failures only. */
static const struct t_write normal[] = {
	{ 1, "\n"
	    "\n"
	    "     CUnit - A unit testing framework for C - Version 2."
	    "1-3\n"
	    "     http://cunit.sourceforge.net/\n"
	    "\n" },
	{ 1, "stdout chatter" },
	{ 1, "\n" },
	{ 2, "stderr chatter\n" },
	{ 1, "\n"
	    "Suite Suite One, Test fail test had failures:" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:55  - CU_ASSERT_EQUA"
	    "L(1,2)" },
	{ 1, "\n"
	    "    2. tests/fixtures/cunit_basic.c:56  - 0" },
	{ 1, "\n"
	    "Suite Suite One, Test fatal test had failures:" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:62  - 0" },
	{ 1, "step 1 passed" },
	{ 1, "\n" },
	{ 1, "retrying after FAILED" },
	{ 1, "\n" },
	{ 1, "\n"
	    "Suite Suite One, Test chatter test had failures:" },
	{ 1, "\n"
	    "    1. tests/fixtures/cunit_basic.c:71  - 0" },
	{ 1, "no newline" },
	{ 2, "err no newline" },
	{ 1, "init chatter" },
	{ 1, "\n"
	    "WARNING - Suite initialization failed for 'Suite Two'." },
	{ 1, "cleanup chatter" },
	{ 1, "\n" },
	{ 1, "\n"
	    "WARNING - Suite cleanup failed for 'Suite Three'." },
	{ 1, "\n"
	    "\n" },
	{ 1, "Run Summary:    Type  Total    Ran Passed Failed Inactiv"
	    "e\n"
	    "              suites      4      3    n/a      2        "
	    "0\n"
	    "               tests     12      9      6      3        "
	    "1\n"
	    "             asserts     10     10      6      4      n/"
	    "a\n"
	    "\n"
	    "Elapsed time =    0.000 seconds" },
	{ 1, "\n" },
	{ 0, NULL },
};

/* cunit_basic with SW_FIXTURE_MODE=silent: the summary only. */
static const struct t_write silent[] = {
	{ 1, "stdout chatter" },
	{ 1, "\n" },
	{ 2, "stderr chatter\n" },
	{ 1, "step 1 passed" },
	{ 1, "\n" },
	{ 1, "retrying after FAILED" },
	{ 1, "\n" },
	{ 1, "no newline" },
	{ 2, "err no newline" },
	{ 1, "init chatter" },
	{ 1, "cleanup chatter" },
	{ 1, "\n" },
	{ 1, "\n"
	    "\n" },
	{ 1, "Run Summary:    Type  Total    Ran Passed Failed Inactiv"
	    "e\n"
	    "              suites      4      3    n/a      2        "
	    "0\n"
	    "               tests     12      9      6      3        "
	    "1\n"
	    "             asserts     10     10      6      4      n/"
	    "a\n"
	    "\n"
	    "Elapsed time =    0.000 seconds" },
	{ 1, "\n" },
	{ 0, NULL },
};

/* cunit_stop, SW_FIXTURE_STOP unset: three passing tests. */
static const struct t_write stop_ok[] = {
	{ 1, "\n"
	    "\n"
	    "     CUnit - A unit testing framework for C - Version 2."
	    "1-3\n"
	    "     http://cunit.sourceforge.net/\n"
	    "\n" },
	{ 1, "\n"
	    "Suite: Stop" },
	{ 1, "\n"
	    "  Test: before test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: stop test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: after test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "\n" },
	{ 1, "Run Summary:    Type  Total    Ran Passed Failed Inactiv"
	    "e\n"
	    "              suites      1      1    n/a      0        "
	    "0\n"
	    "               tests      3      3      3      0        "
	    "0\n"
	    "             asserts      3      3      3      0      n/"
	    "a\n"
	    "\n"
	    "Elapsed time =    0.000 seconds" },
	{ 1, "\n" },
	{ 0, NULL },
};

/*
 * cunit_stop with SW_FIXTURE_STOP=segv (killed by SIGSEGV); exit and hang
 * write the same bytes and end with exit status 0 or a time-out.
 */
static const struct t_write stop_segv[] = {
	{ 1, "\n"
	    "\n"
	    "     CUnit - A unit testing framework for C - Version 2."
	    "1-3\n"
	    "     http://cunit.sourceforge.net/\n"
	    "\n" },
	{ 1, "\n"
	    "Suite: Stop" },
	{ 1, "\n"
	    "  Test: before test ..." },
	{ 1, "passed" },
	{ 1, "\n"
	    "  Test: stop test ..." },
	{ 1, "stopping" },
	{ 2, "stopping\n" },
	{ 0, NULL },
};

static void
test_ops(void)
{
	T_PAT_STR(pat_cunit_ops.name, "cunit");
	T_CHECK(pat_cunit_ops.whole_program, "not whole-program");
	T_CHECK(pat_cunit_ops.env_set == NULL &&
	    pat_cunit_ops.env_unset == NULL, "CUnit reads no environment");
	T_CHECK(pat_cunit_ops.list_args == NULL &&
	    pat_cunit_ops.list_line == NULL && pat_cunit_ops.select == NULL,
	    "CUnit cannot list/select");
	T_CHECK(pat_cunit_ops.run_args == NULL, "run_args");
}

/*
 * VERBOSE: suites as groups; passes, failures with their numbered lines,
 * a test that prints "step 1 passed" and "...FAILED" before its real
 * FAILED, chatter without newline glued before "passed" and the next
 * suite's init chatter glued after it, a failed suite init (2 tests never
 * run), a failed suite cleanup with its chatter glued after "passed", a
 * name with punctuation, duplicate test names; exit 0 but failures.
 */
static void
test_verbose(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, verbose, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '     CUnit - A unit testing framework for C - Ve"
	    "rsion 2.1-3\\n'",
	    "bytes L* fd1 '     http://cunit.sourceforge.net/\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'Suite One'",
	    "open 'pass test'",
	    "bytes L* fd1 'stdout chatter\\n'",
	    "bytes L* fd2 'stderr chatter\\n'",
	    "close success",
	    "open 'fail test'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:55  - CU_ASS"
	    "ERT_EQUAL(1,2)\\n'",
	    "bytes L* fd1 '    2. tests/fixtures/cunit_basic.c:56  - 0\\n'",
	    "close fail",
	    "open 'fatal test'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:62  - 0\\n'",
	    "close fail",
	    "open 'chatter test'",
	    "bytes L* fd1 'step 1 '",
	    "bytes L* fd1 'passed\\n'",
	    "bytes L* fd1 'retrying after '",
	    "bytes L* fd1 'FAILED\\n'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:71  - 0\\n'",
	    "close fail",
	    "open 'nonl test'",
	    "bytes L* fd1 'no newlinepassedinit chatter\\n'",
	    "close success",
	    "close fail",
	    "open 'Suite Two'",
	    "open 'suite initialization'",
	    "close fail reason='suite initialization failed, its tests did "
	    "not run'",
	    "close fail",
	    "open 'Suite Three'",
	    "open 'pass test'",
	    "bytes L* fd1 'passedcleanup chatter\\n'",
	    "bytes L* fd1 '\\n'",
	    "close success",
	    "open 'suite cleanup'",
	    "close fail reason='suite cleanup failed'",
	    "close fail",
	    "open 'Two Words Suite'",
	    "open 'a test, with: \\'punctuation\\'...'",
	    "close success",
	    "open 'pass test'",
	    "close success",
	    "open 'pass test #2'",
	    "close success",
	    "bytes L0 fd1 '\\n'",
	    "close success",
	    "bytes L0 fd1 'Run Summary:    Type  Total    Ran Passed Failed"
	    " Inactive\\n'",
	    "bytes L0 fd1 '              suites      4      3    n/a      2"
	    "        0\\n'",
	    "bytes L0 fd1 '               tests     12      9      6      3"
	    "        1\\n'",
	    "bytes L0 fd1 '             asserts     10     10      6      4"
	    "      n/a\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'Elapsed time =    0.000 seconds\\n'",
	    "bytes L* fd2 'err no newline'",
	    "verdict fail reason='5 of 11 subtests failed, 2 tests never ra"
	    "n'");
	t_pat_end(&r);
}

/* Pipe mode, both extremes: the same results (no result uses stderr). */
static void
test_verbose_pipes(void)
{
	struct t_pat r;

	for (int o = T_STDOUT_FIRST; o <= T_STDERR_FIRST; o++) {
		t_replay_order(&r, &pat_cunit_ops, verbose, t_pat_exited(0),
		    (enum t_order)o);
		t_pat_drop_bytes(&r);
		T_PAT_EVENTS(&r,
		    "open 'Suite One'",
		    "open 'pass test'",
		    "close success",
		    "open 'fail test'",
		    "close fail",
		    "open 'fatal test'",
		    "close fail",
		    "open 'chatter test'",
		    "close fail",
		    "open 'nonl test'",
		    "close success",
		    "close fail",
		    "open 'Suite Two'",
		    "open 'suite initialization'",
		    "close fail reason='suite initialization failed, its "
		    "tests did not run'",
		    "close fail",
		    "open 'Suite Three'",
		    "open 'pass test'",
		    "close success",
		    "open 'suite cleanup'",
		    "close fail reason='suite cleanup failed'",
		    "close fail",
		    "open 'Two Words Suite'",
		    "open 'a test, with: \\'punctuation\\'...'",
		    "close success",
		    "open 'pass test'",
		    "close success",
		    "open 'pass test #2'",
		    "close success",
		    "close success",
		    "verdict fail reason='5 of 11 subtests failed, 2 tests "
		    "never ran'");
		t_pat_end(&r);
	}
}

/*
 * NORMAL: "Suite S, Test T had failures:" opens a failing test; it ends
 * after its numbered lines, so the next tests' chatter is the program's.
 */
static void
test_normal(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, normal, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '     CUnit - A unit testing framework for C - Ve"
	    "rsion 2.1-3\\n'",
	    "bytes L* fd1 '     http://cunit.sourceforge.net/\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 'stdout chatter\\n'",
	    "bytes L* fd2 'stderr chatter\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'Suite One'",
	    "open 'fail test'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:55  - CU_ASS"
	    "ERT_EQUAL(1,2)\\n'",
	    "bytes L* fd1 '    2. tests/fixtures/cunit_basic.c:56  - 0\\n'",
	    "close fail",
	    "open 'fatal test'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:62  - 0step "
	    "1 passed\\n'",
	    "close fail",
	    "bytes L* fd1 'retrying after FAILED\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'chatter test'",
	    "bytes L* fd1 '    1. tests/fixtures/cunit_basic.c:71  - 0no ne"
	    "wlineinit chatter\\n'",
	    "close fail",
	    "close fail",
	    "open 'Suite Two'",
	    "open 'suite initialization'",
	    "close fail reason='suite initialization failed, its tests did "
	    "not run'",
	    "close fail",
	    "bytes L* fd1 'cleanup chatter\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'Suite Three'",
	    "open 'suite cleanup'",
	    "close fail reason='suite cleanup failed'",
	    "close fail",
	    "bytes L* fd1 '\\n'",
	    "bytes L0 fd1 'Run Summary:    Type  Total    Ran Passed Failed"
	    " Inactive\\n'",
	    "bytes L0 fd1 '              suites      4      3    n/a      2"
	    "        0\\n'",
	    "bytes L0 fd1 '               tests     12      9      6      3"
	    "        1\\n'",
	    "bytes L0 fd1 '             asserts     10     10      6      4"
	    "      n/a\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'Elapsed time =    0.000 seconds\\n'",
	    "bytes L* fd2 'err no newline'",
	    "verdict fail reason='5 of 11 subtests failed, 2 tests never ra"
	    "n'");
	t_pat_end(&r);
}

/* SILENT: no test is named; the verdict comes from the summary. */
static void
test_silent(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, silent, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'stdout chatter\\n'",
	    "bytes L* fd2 'stderr chatter\\n'",
	    "bytes L* fd1 'step 1 passed\\n'",
	    "bytes L* fd1 'retrying after FAILED\\n'",
	    "bytes L* fd1 'no newlineinit chattercleanup chatter\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L0 fd1 'Run Summary:    Type  Total    Ran Passed Failed"
	    " Inactive\\n'",
	    "bytes L0 fd1 '              suites      4      3    n/a      2"
	    "        0\\n'",
	    "bytes L0 fd1 '               tests     12      9      6      3"
	    "        1\\n'",
	    "bytes L0 fd1 '             asserts     10     10      6      4"
	    "      n/a\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'Elapsed time =    0.000 seconds\\n'",
	    "bytes L* fd2 'err no newline'",
	    "verdict fail reason='5 of 11 subtests failed, 2 tests never ra"
	    "n'");
	t_pat_end(&r);
}

/* A full clean run. */
static void
test_success(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, stop_ok, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '     CUnit - A unit testing framework for C - Ve"
	    "rsion 2.1-3\\n'",
	    "bytes L* fd1 '     http://cunit.sourceforge.net/\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'Stop'",
	    "open 'before test'",
	    "close success",
	    "open 'stop test'",
	    "close success",
	    "open 'after test'",
	    "close success",
	    "bytes L0 fd1 '\\n'",
	    "close success",
	    "bytes L0 fd1 'Run Summary:    Type  Total    Ran Passed Failed"
	    " Inactive\\n'",
	    "bytes L0 fd1 '              suites      1      1    n/a      0"
	    "        0\\n'",
	    "bytes L0 fd1 '               tests      3      3      3      0"
	    "        0\\n'",
	    "bytes L0 fd1 '             asserts      3      3      3      0"
	    "      n/a\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'Elapsed time =    0.000 seconds\\n'",
	    "verdict success");
	t_pat_end(&r);
}

/*
 * CUnit has no signal handling: a crash ends the output in the middle of
 * "  Test: stop test ...stopping".  (stderr's "stopping\n" lands on the
 * previous test: the driver hands a line over when it is complete, and
 * the stdout line is not.)
 */
static void
test_killed_mid_test(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, stop_segv,
	    t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '     CUnit - A unit testing framework for C - Ve"
	    "rsion 2.1-3\\n'",
	    "bytes L* fd1 '     http://cunit.sourceforge.net/\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "open 'Stop'",
	    "open 'before test'",
	    "bytes L* fd2 'stopping\\n'",
	    "close success",
	    "open 'stop test'",
	    "bytes L* fd1 'stopping'",
	    "close fail reason='killed by signal SIGSEGV'",
	    "close fail",
	    "verdict fail reason='killed by signal SIGSEGV, 1 of 2 subtests"
	    " failed, summary missing'");
	t_pat_end(&r);
	t_replay(&r, &pat_cunit_ops, stop_segv, t_pat_exited(0));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 'Stop'",
	    "open 'before test'", "close success",
	    "open 'stop test'", "close fail reason='exit status 0'",
	    "close fail",
	    "verdict fail reason='exit status 0, 1 of 2 subtests failed, "
	    "summary missing'");
	t_pat_end(&r);
	t_replay(&r, &pat_cunit_ops, stop_segv, t_pat_timed_out(3));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 'Stop'",
	    "open 'before test'", "close success",
	    "open 'stop test'", "close fail reason='timed out after 3 s'",
	    "close fail",
	    "verdict fail reason='timed out after 3 s, 1 of 2 subtests "
	    "failed, summary missing'");
	t_pat_end(&r);
}

/*
 * The status word: a test that prints "FAILED" and passes, one that
 * prints a numbered-looking line after no "FAILED" and passes, one with
 * no result word, CUnit 3's "SKIPPED" (the later of it and "passed"
 * counts), a test that prints "bypassed" and fails (its suite's cleanup
 * chatter glued after the numbered line stays with it; what follows goes
 * to the suite).
 */
static void
test_status_words(void)
{
	static const struct t_write w[] = {
		{ 1, "\nSuite: S" },
		{ 1, "\n  Test: a ..." },
		{ 1, "FAILED\n" },
		{ 1, "passed" },
		{ 1, "\n  Test: a2 ..." },
		{ 1, "    1. not an assertion\n" },
		{ 1, "passed" },
		{ 1, "\n  Test: b ..." },
		{ 1, "hello\n" },
		{ 1, "\n  Test: c ..." },
		{ 1, "SKIPPED" },
		{ 1, "\n  Test: e ..." },
		{ 1, "SKIPPED: 2, passed: 1, SKIPPED: 0\n" },
		{ 1, "passed" },
		{ 1, "\n  Test: d ..." },
		{ 1, "bypassed\n" },
		{ 1, "FAILED" },
		{ 1, "\n    1. t.c:9  - 0" },
		{ 1, "cleanup: all passed\n" },
		{ 1, "\n\n" },
		{ 1, "Run Summary:    Type  Total    Ran Passed Failed "
		    "Inactive\n"
		    "              suites      1 "
		    "     1    n/a      0        0\n"
		    "               tests      5 "
		    "     5      3      2        0\n"
		    "             asserts      5 "
		    "     5      3      2      n/a\n"
		    "\nElapsed time =    0.000 seconds" },
		{ 1, "\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, w, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "open 'S'",
	    "open 'a'",
	    "bytes L* fd1 'FAILED\\n'",
	    "close success",
	    "open 'a2'",
	    "bytes L* fd1 '    1. not an assertion\\n'",
	    "close success",
	    "open 'b'",
	    "bytes L* fd1 'hello\\n'",
	    "bytes L* fd1 '\\n'",
	    "close fail reason='no result word'",
	    "open 'c'",
	    "close skip",
	    "open 'e'",
	    "bytes L* fd1 'SKIPPED: 2, passed: 1, SKIPPED: 0\\n'",
	    "close success",
	    "open 'd'",
	    "bytes L* fd1 'by'",
	    "bytes L* fd1 'passed\\n'",
	    "bytes L* fd1 '    1. t.c:9  - 0cleanup: all passed\\n'",
	    "close fail",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '\\n'",
	    "close fail",
	    "bytes L0 fd1 'Run Summary:    Type  Total    Ran Passed Failed "
	    "Inactive\\n'",
	    "bytes L0 fd1 '              suites      1      1    n/a      0 "
	    "       0\\n'",
	    "bytes L0 fd1 '               tests      5      5      3      2 "
	    "       0\\n'",
	    "bytes L0 fd1 '             asserts      5      5      3      2 "
	    "     n/a\\n'",
	    "bytes L0 fd1 '\\n'",
	    "bytes L0 fd1 'Elapsed time =    0.000 seconds\\n'",
	    "verdict fail reason='2 of 6 subtests failed'");
	t_pat_end(&r);
}

/* A test that prints "passed" and then crashes did not pass. */
static void
test_passed_then_crash(void)
{
	static const struct t_write w[] = {
		{ 1, "\nSuite: S" },
		{ 1, "\n  Test: a ..." },
		{ 1, "step passed\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, w, t_pat_signaled(SIGBUS, true));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '\\n'",
	    "open 'S'",
	    "open 'a'",
	    "bytes L* fd1 'step '",
	    "bytes L* fd1 'passed\\n'",
	    "close fail reason='killed by signal SIGBUS (core dumped)'",
	    "close fail",
	    "verdict fail reason='killed by signal SIGBUS (core dumped), 1 "
	    "of 1 subtests failed, summary missing'");
	t_pat_end(&r);
}

/*
 * Suite entries: a cleanup failure of a suite that printed no "Suite:"
 * line (all its tests inactive), an init failure with chatter glued after
 * it (NORMAL mode), quotes in names, a test before any suite line,
 * duplicate suite names (test labels are unique per suite only).  A
 * suite name ends at the first "'.".
 */
static void
test_suites(void)
{
	static const struct t_write w[] = {
		{ 1, "\n  Test: orphan ..." },
		{ 1, "passed" },
		{ 1, "\nWARNING - Suite cleanup failed for 'Bob's suite'." },
		{ 1, "\nWARNING - Suite initialization failed for 'it''s'." },
		{ 1, "next init chatter\n" },
		{ 1, "\nSuite: A" },
		{ 1, "\n  Test: t ..." },
		{ 1, "passed" },
		{ 1, "\nSuite: A" },
		{ 1, "\n  Test: t ..." },
		{ 1, "passed" },
		{ 1, "\n  Test: t ..." },
		{ 1, "passed" },
		{ 1, "\n\n" },
		{ 1, "Run Summary:    Type  Total    Ran Passed Failed "
		    "Inactive\n"
		    "              suites      4 "
		    "     2    n/a      2        1\n"
		    "               tests      7 "
		    "     4      4      0        1\n"
		    "             asserts      4 "
		    "     4      4      0      n/a\n"
		    "\nElapsed time =    0.000 seconds" },
		{ 1, "\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, w, t_pat_exited(0));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 'orphan'", "close success",
	    "open 'Bob\\'s suite'",
	    "open 'suite cleanup'", "close fail reason='suite cleanup failed'",
	    "close fail",
	    "open 'it\\'\\'s'",
	    "open 'suite initialization'",
	    "close fail reason='suite initialization failed, its tests did "
	    "not run'",
	    "close fail",
	    "open 'A'", "open 't'", "close success", "close success",
	    "open 'A #2'", "open 't'", "close success",
	    "open 't #2'", "close success", "close success",
	    "verdict fail reason='2 of 6 subtests failed, 2 tests never ran'");
	t_pat_end(&r);
}

/* The chatter glued after a WARNING goes to the program. */
static void
test_warning_glued(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "WARNING - Suite initialization failed for 'X'.glued\n"
	    "WARNING - Suite cleanup failed for 'Y'.\r\n"
	    "WARNING - Suite cleanup failed for 'unterminated\n"), 0);
	T_PAT_EVENTS(&r,
	    "open 'X'",
	    "open 'suite initialization'",
	    "close fail reason='suite initialization failed, its tests did "
	    "not run'",
	    "close fail",
	    "bytes L* fd1 'glued\\n'",
	    "open 'Y'",
	    "open 'suite cleanup'",
	    "close fail reason='suite cleanup failed'",
	    "close fail",
	    "bytes L* fd1 'WARNING - Suite cleanup failed for "
	    "\\'unterminated\\n'");
	t_pat_end(&r);
}

/*
 * Structure on stderr is chatter; names are trimmed raw bytes; a word
 * that ends the output is not trusted (the program died after it).
 */
static void
test_stderr_and_names(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "Suite: X\n"
	    "  Test: y ...passed\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "Suite:  caf\xc3\xa9 \t\n"
	    "  Test:  \xe2\x9c\x93 a, b: c  ...passed\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "Run Summary:\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd2 'Suite: X\\n'",
	    "bytes L* fd2 '  Test: y ...passed\\n'",
	    "open 'caf\\xc3\\xa9'",
	    "open '\\xe2\\x9c\\x93 a, b: c'",
	    "bytes L* fd2 'Run Summary:\\n'",
	    "bytes L* fd1 'passed\\n'",
	    "close fail reason='exit status 0'",
	    "close fail",
	    "verdict fail reason='exit status 0, 1 of 1 subtests failed, "
	    "summary missing'");
	t_pat_end(&r);
}

/* Two runs in one program: their summaries add up. */
static void
test_two_runs(void)
{
	static const char run[] =
	    "\n\n     CUnit - A unit testing framework for C - Version 2.1-3\n"
	    "     http://cunit.sourceforge.net/\n\n"
	    "\nSuite: S\n  Test: t ...passed\n\n"
	    "Run Summary:    Type  Total    Ran Passed Failed Inactive\n"
	    "              suites      2      1    n/a      1        0\n"
	    "               tests      3      1      1      0        0\n"
	    "             asserts      1      1      1      0      n/a\n"
	    "\nElapsed time =    0.000 seconds\n";
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, run), 0);
	T_EQ_INT(t_pat_feed(&r, 1, run), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 'S'", "open 't'", "close success", "close success",
	    "open 'S #2'", "open 't'", "close success", "close success",
	    "verdict fail reason='2 of 4 subtests failed, 4 tests never "
	    "ran'");
	t_pat_end(&r);
}

/* No CUnit output at all; a summary and nothing else. */
static void
test_no_output(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "hello\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'hello\\n'",
	    "verdict fail reason='exit status 0, no CUnit output'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(77)), 0);
	T_PAT_EVENTS(&r, "verdict skip reason='exit status 77'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "     CUnit - A unit testing framework for C - Version 2.1-3\n"),
	    0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '     CUnit - A unit testing framework for C - "
	    "Version 2.1-3\\n'",
	    "verdict fail reason='exit status 0, summary missing'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "Run Summary:    Type  Total    Ran Passed Failed Inactive\n"
	    "              suites      1      1    n/a      0        0\n"
	    "               tests      2      2      2      0        0\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "verdict success");
	t_pat_end(&r);
}

/* Pieces of over-long lines are never protocol; they free a held word. */
static void
test_cut_lines(void)
{
	static const char test[] = "  Test: t ...passed\n";
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	T_EQ_INT(t_pat_line(&r, 1, test, sizeof test - 1,
	    PAT_LINE_CUT | PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "Suite: S\n  Test: a ...passed\n"), 0);
	T_EQ_INT(t_pat_line(&r, 1, "x", 1, PAT_LINE_CUT, 0), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "Run Summary:\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '  Test: t ...passed\\n'",
	    "open 'S'", "open 'a'",
	    "bytes L* fd1 'passed\\n'",
	    "bytes L* fd1 'x'",
	    "close success", "close success",
	    "bytes L0 fd1 'Run Summary:\\n'");
	t_pat_end(&r);
}

/* An error from emit stops the plug-in and comes back to the caller. */
static void
test_emit_error(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cunit_ops, NULL), 0);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "Suite: S\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "  Test: a ...hello\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1,
	    "WARNING - Suite cleanup failed for 'S'.\n"), -EPIPE);
	t_pat_reset(&r);
	T_EQ_INT(t_pat_feed(&r, 1, "Suite: T\n  Test: b ...passed\n"), 0);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), -EPIPE);
	t_pat_end(&r);
}

/*
 * A test outside any suite is a sibling of the suites: its label is
 * unique among theirs (a test and a suite both named "x" were two "x"
 * under the program; found by fuzz_patterns).
 */
static void
test_loose_tests_share_the_suites_names(void)
{
	static const struct t_write w[] = {
		{ 1, "\n  Test: x ...passed" },
		{ 1, "\nSuite: x" },
		{ 1, "\n  Test: x ...passed" },
		{ 1, "\n\nRun Summary:    Type  Total    Ran Passed Failed "
		    "Inactive\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, w, t_pat_exited(0));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "open 'x'", "close success", "open 'x #2'",
	    "open 'x'", "close success", "close success", "verdict success");
	t_pat_end(&r);
}

/*
 * A suite with an empty name: its name, an empty buffer, is compared
 * without passing its NULL to memcmp (UBSan: the plug-in's twin of what
 * fuzz_patterns found in GLib).
 */
static void
test_empty_suite_name(void)
{
	static const struct t_write w[] = {
		{ 1, "\nSuite: " },
		{ 1, "\n  Test: t ...passed" },
		{ 1, "\nWARNING - Suite cleanup failed for ''." },
		{ 1, "\n\nRun Summary:    Type  Total    Ran Passed Failed "
		    "Inactive\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cunit_ops, w, t_pat_exited(0));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "open ''", "open 't'", "close success",
	    "open 'suite cleanup'", "close fail reason='suite cleanup failed'",
	    "close fail", "verdict fail reason='1 of 2 subtests failed'");
	t_pat_end(&r);
}

int
main(void)
{
	T_RUN(test_ops);
	T_RUN(test_verbose);
	T_RUN(test_verbose_pipes);
	T_RUN(test_normal);
	T_RUN(test_silent);
	T_RUN(test_success);
	T_RUN(test_killed_mid_test);
	T_RUN(test_status_words);
	T_RUN(test_passed_then_crash);
	T_RUN(test_suites);
	T_RUN(test_warning_glued);
	T_RUN(test_stderr_and_names);
	T_RUN(test_two_runs);
	T_RUN(test_no_output);
	T_RUN(test_cut_lines);
	T_RUN(test_emit_error);
	T_RUN(test_loose_tests_share_the_suites_names);
	T_RUN(test_empty_suite_name);
	return t_done();
}

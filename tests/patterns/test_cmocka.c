/*
 * test_cmocka: unit tests of patterns/pat_cmocka, on the real output of
 * the fixtures tests/fixtures/cmocka_*.c (cmocka 1.1.5, Debian 12), as
 * strace -e trace=write recorded it: each write with its fd, in program
 * order.  The same writes are also replayed as the wrapper may read them
 * from two pipes (all of stdout first, or all of stderr first): the
 * results must not change.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pat_cmocka.h"
#include "t.h"
#include "t_pat.h"
#include "t_replay.h"

/* cmocka_basic: one group of nine tests; exit status 6. */
static const struct t_write basic[] = {
	{ 1, "[==========] Running 9 test(s).\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 2, "stderr chatter t_pass\n" },
	{ 1, "stdout chatter t_pass\n"
	    "[       OK ] t_pass\n" },
	{ 1, "[ RUN      ] t_fail\n" },
	{ 2, "[  ERROR   ] --- 0x1 != 0x2\n"
	    "[   LINE   ] --- tests/fixtures/cmocka_basic.c:45: error"
	    ": Failure!\n" },
	{ 1, "[  FAILED  ] t_fail\n" },
	{ 1, "[ RUN      ] t_fail_msg\n" },
	{ 2, "ERROR: custom failure 7\n" },
	{ 2, "[  ERROR   ] --- [   LINE   ] --- tests/fixtures/cmocka_"
	    "basic.c:52: error: Failure!\n" },
	{ 1, "[  FAILED  ] t_fail_msg\n" },
	{ 1, "[ RUN      ] t_skip\n" },
	{ 1, "[  SKIPPED ] t_skip\n" },
	{ 1, "[ RUN      ] t_nonl\n" },
	{ 2, "stderr no newline" },
	{ 1, "stdout no newline[       OK ] t_nonl\n" },
	{ 1, "[ RUN      ] t_segv\n" },
	{ 2, "[  ERROR   ] --- Test failed with exception: Segmentatio"
	    "n fault(11)\n" },
	{ 1, "before segv\n"
	    "[  FAILED  ] t_segv\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 2, "Could not run test: Test setup failed\n" },
	{ 2, "[  ERROR   ] t_pass\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 2, "stderr chatter t_pass\n" },
	{ 2, "Could not run test: Test teardown failed\n" },
	{ 2, "[  ERROR   ] t_pass\n" },
	{ 1, "stdout chatter t_pass\n"
	    "[ RUN      ] t_leak\n" },
	{ 2, "[  ERROR   ] --- Blocks allocated...\n"
	    "tests/fixtures/cmocka_basic.c:84: note: block 0x55dd6506"
	    "b5e0 allocated here\n"
	    "ERROR: t_leak leaked 1 block(s)\n"
	    "\n" },
	{ 1, "[  FAILED  ] t_leak\n" },
	{ 1, "[==========] 9 test(s) run.\n" },
	{ 2, "[  PASSED  ] 2 test(s).\n" },
	{ 2, "[  SKIPPED ] 1 test(s), listed below:\n" },
	{ 2, "[  SKIPPED ] t_skip\n" },
	{ 2, "\n"
	    " 1 SKIPPED TEST(S)\n" },
	{ 2, "[  FAILED  ] 4 test(s), listed below:\n" },
	{ 2, "[  FAILED  ] t_fail\n" },
	{ 2, "[  FAILED  ] t_fail_msg\n" },
	{ 2, "[  FAILED  ] t_segv\n" },
	{ 2, "[  FAILED  ] t_leak\n" },
	{ 2, "\n"
	    " 6 FAILED TEST(S)\n" },
	{ 0, NULL },
};

/* cmocka_groups: five groups, two setups and a teardown fail; exit 4. */
static const struct t_write groups[] = {
	{ 1, "[==========] Running 2 test(s).\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 1, "in t_pass\n"
	    "[       OK ] t_pass\n" },
	{ 1, "[ RUN      ] t_fail\n" },
	{ 2, "[  ERROR   ] --- 0\n"
	    "[   LINE   ] --- tests/fixtures/cmocka_groups.c:43: erro"
	    "r: Failure!\n" },
	{ 1, "[  FAILED  ] t_fail\n" },
	{ 1, "[==========] 2 test(s) run.\n" },
	{ 2, "[  PASSED  ] 1 test(s).\n" },
	{ 2, "[  FAILED  ] 1 test(s), listed below:\n" },
	{ 2, "[  FAILED  ] t_fail\n" },
	{ 2, "\n"
	    " 1 FAILED TEST(S)\n" },
	{ 1, "[==========] Running 2 test(s).\n" },
	{ 2, "group setup chatter\n" },
	{ 2, "[  FAILED  ] GROUP SETUP\n" },
	{ 2, "[  ERROR   ] broken setup\n" },
	{ 1, "[==========] 0 test(s) run.\n" },
	{ 2, "[  PASSED  ] 0 test(s).\n" },
	{ 1, "[==========] Running 2 test(s).\n" },
	{ 2, "ERROR: no database\n" },
	{ 2, "[  ERROR   ] --- [   LINE   ] --- tests/fixtures/cmocka_"
	    "groups.c:58: error: Failure!\n" },
	{ 2, "[  FAILED  ] GROUP SETUP\n" },
	{ 2, "[  ERROR   ] needs db\n" },
	{ 1, "[==========] 0 test(s) run.\n" },
	{ 2, "[  PASSED  ] 0 test(s).\n" },
	{ 1, "[==========] Running 1 test(s).\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 1, "in t_pass\n"
	    "[       OK ] t_pass\n" },
	{ 2, "[  FAILED  ] GROUP TEARDOWN\n" },
	{ 2, "[  ERROR   ] broken teardown\n" },
	{ 1, "[==========] 1 test(s) run.\n" },
	{ 2, "[  PASSED  ] 1 test(s).\n" },
	{ 1, "[==========] Running 2 test(s).\n" },
	{ 1, "[ RUN      ] t_pass\n" },
	{ 1, "in t_pass\n"
	    "[       OK ] t_pass\n" },
	{ 1, "[ RUN      ] t_fail\n" },
	{ 2, "[  ERROR   ] --- 0\n"
	    "[   LINE   ] --- tests/fixtures/cmocka_groups.c:43: erro"
	    "r: Failure!\n" },
	{ 1, "[  FAILED  ] t_fail\n" },
	{ 1, "[==========] 2 test(s) run.\n" },
	{ 2, "[  PASSED  ] 1 test(s).\n" },
	{ 2, "[  FAILED  ] 1 test(s), listed below:\n" },
	{ 2, "[  FAILED  ] t_fail\n" },
	{ 2, "\n"
	    " 1 FAILED TEST(S)\n" },
	{ 0, NULL },
};

/* cmocka_stop with SW_FIXTURE_STOP=exit: exit(0) in t_stop. */
static const struct t_write stop_exit[] = {
	{ 1, "[==========] Running 3 test(s).\n" },
	{ 1, "[ RUN      ] t_before\n" },
	{ 1, "before\n"
	    "[       OK ] t_before\n" },
	{ 1, "[ RUN      ] t_stop\n" },
	{ 1, "stopping\n" },
	{ 2, "stopping\n" },
	{ 1, "unflushed\n" },
	{ 0, NULL },
};

/* cmocka_stop with SW_FIXTURE_STOP=abort (or hang, until killed). */
static const struct t_write stop_abort[] = {
	{ 1, "[==========] Running 3 test(s).\n" },
	{ 1, "[ RUN      ] t_before\n" },
	{ 1, "before\n"
	    "[       OK ] t_before\n" },
	{ 1, "[ RUN      ] t_stop\n" },
	{ 1, "stopping\n" },
	{ 2, "stopping\n" },
	{ 0, NULL },
};

static void
test_ops(void)
{
	T_PAT_STR(pat_cmocka_ops.name, "cmocka");
	T_CHECK(pat_cmocka_ops.whole_program, "not whole-program");
	T_CHECK(pat_cmocka_ops.env_set != NULL &&
	    strcmp(pat_cmocka_ops.env_set[0],
	    "CMOCKA_MESSAGE_OUTPUT=STDOUT") == 0 &&
	    pat_cmocka_ops.env_set[1] == NULL, "env_set");
	T_CHECK(pat_cmocka_ops.env_unset != NULL &&
	    strcmp(pat_cmocka_ops.env_unset[0], "CMOCKA_TEST_ABORT") == 0 &&
	    pat_cmocka_ops.env_unset[1] == NULL, "env_unset");
	T_CHECK(pat_cmocka_ops.list_args == NULL &&
	    pat_cmocka_ops.list_line == NULL &&
	    pat_cmocka_ops.select == NULL, "cmocka 1.1 cannot list/select");
	T_CHECK(pat_cmocka_ops.run_args == NULL, "run_args");
}

/*
 * Program order: passes, failures with their messages, a skip, chatter on
 * both streams (stderr's "stderr no newline" waits in the driver for its
 * newline, which comes during t_segv), a caught SIGSEGV, setup and
 * teardown errors (no result line; reason from "Could not run test:"),
 * a leak; the stderr summary goes to the program.
 */
static void
test_basic(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, basic, t_pat_exited(6));
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "bytes L* fd2 'stderr chatter t_pass\\n'",
	    "bytes L* fd1 'stdout chatter t_pass\\n'",
	    "close success",
	    "open 't_fail'",
	    "bytes L* fd2 '[  ERROR   ] --- 0x1 != 0x2\\n'",
	    "bytes L* fd2 '[   LINE   ] --- tests/fixtures/cmocka_basic.c:4"
	    "5: error: Failure!\\n'",
	    "close fail",
	    "open 't_fail_msg'",
	    "bytes L* fd2 'ERROR: custom failure 7\\n'",
	    "bytes L* fd2 '[  ERROR   ] --- [   LINE   ] --- tests/fixtures"
	    "/cmocka_basic.c:52: error: Failure!\\n'",
	    "close fail",
	    "open 't_skip'",
	    "close skip",
	    "open 't_nonl'",
	    "bytes L* fd1 'stdout no newline'",
	    "close success",
	    "open 't_segv'",
	    "bytes L* fd2 'stderr no newline[  ERROR   ] --- Test failed wi"
	    "th exception: Segmentation fault(11)\\n'",
	    "bytes L* fd1 'before segv\\n'",
	    "close fail",
	    "open 't_pass #2'",
	    "bytes L* fd2 'Could not run test: Test setup failed\\n'",
	    "close fail reason='Could not run test: Test setup failed'",
	    "open 't_pass #3'",
	    "bytes L* fd2 'stderr chatter t_pass\\n'",
	    "bytes L* fd2 'Could not run test: Test teardown failed\\n'",
	    "bytes L* fd1 'stdout chatter t_pass\\n'",
	    "close fail reason='Could not run test: Test teardown failed'",
	    "open 't_leak'",
	    "bytes L* fd2 '[  ERROR   ] --- Blocks allocated...\\n'",
	    "bytes L* fd2 'tests/fixtures/cmocka_basic.c:84: note: block 0x"
	    "55dd6506b5e0 allocated here\\n'",
	    "bytes L* fd2 'ERROR: t_leak leaked 1 block(s)\\n'",
	    "bytes L* fd2 '\\n'",
	    "close fail",
	    "bytes L0 fd2 '[  PASSED  ] 2 test(s).\\n'",
	    "bytes L0 fd2 '[  SKIPPED ] 1 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  SKIPPED ] t_skip\\n'",
	    "bytes L* fd2 '\\n'",
	    "bytes L0 fd2 ' 1 SKIPPED TEST(S)\\n'",
	    "bytes L0 fd2 '[  FAILED  ] 4 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_fail\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_fail_msg\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_segv\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_leak\\n'",
	    "bytes L* fd2 '\\n'",
	    "bytes L0 fd2 ' 6 FAILED TEST(S)\\n'",
	    "verdict fail reason='exit status 6, 6 of 9 subtests failed'");
	t_pat_end(&r);
}

/* Pipe mode, both extremes: same results, same reasons. */
static void
test_basic_pipes(void)
{
	struct t_pat r;

	t_replay_order(&r, &pat_cmocka_ops, basic, t_pat_exited(6),
	    T_STDOUT_FIRST);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "close success",
	    "open 't_fail'",
	    "close fail",
	    "open 't_fail_msg'",
	    "close fail",
	    "open 't_skip'",
	    "close skip",
	    "open 't_nonl'",
	    "close success",
	    "open 't_segv'",
	    "close fail",
	    "open 't_pass #2'",
	    "close fail reason='no result line (a setup or teardown error)'",
	    "open 't_pass #3'",
	    "close fail reason='no result line (a setup or teardown error)'",
	    "open 't_leak'",
	    "close fail",
	    "verdict fail reason='exit status 6, 6 of 9 subtests failed'");
	t_pat_end(&r);
	t_replay_order(&r, &pat_cmocka_ops, basic, t_pat_exited(6),
	    T_STDERR_FIRST);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "close success",
	    "open 't_fail'",
	    "close fail",
	    "open 't_fail_msg'",
	    "close fail",
	    "open 't_skip'",
	    "close skip",
	    "open 't_nonl'",
	    "close success",
	    "open 't_segv'",
	    "close fail",
	    "open 't_pass #2'",
	    "close fail reason='Could not run test: Test setup failed'",
	    "open 't_pass #3'",
	    "close fail reason='Could not run test: Test teardown failed'",
	    "open 't_leak'",
	    "close fail",
	    "verdict fail reason='exit status 6, 6 of 9 subtests failed'");
	t_pat_end(&r);
}

/*
 * Pipe mode, stderr far ahead: all of it arrives while the first t_pass
 * is open, including the "[  ERROR   ] t_pass" of the later t_pass whose
 * setup fails.  The open t_pass still passes (stderr never closes a
 * test) and the reasons still pair with the right tests.
 */
static void
test_basic_stderr_ahead(void)
{
	struct t_pat r;
	struct pat *p = NULL;
	enum sw_status st;
	char reason[256];
	struct pat_exit ex = t_pat_exited(6);
	size_t i, first = 2;              /* "Running 9", "RUN t_pass" */

	memset(&r, 0, sizeof r);
	T_EQ_INT(pat_new(&pat_cmocka_ops, NULL, t_pat_emit, &r, &p, r.err,
	    sizeof r.err), 0);
	for (i = 0; i < first; i++)
		T_EQ_INT(pat_feed(p, 1, basic[i].s, strlen(basic[i].s)), 0);
	for (i = 0; basic[i].s; i++)
		if (basic[i].fd == 2)
			T_EQ_INT(pat_feed(p, 2, basic[i].s,
			    strlen(basic[i].s)), 0);
	for (i = first; basic[i].s; i++)
		if (basic[i].fd == 1)
			T_EQ_INT(pat_feed(p, 1, basic[i].s,
			    strlen(basic[i].s)), 0);
	T_EQ_INT(pat_finish(p, &ex, &st, reason, sizeof reason), 0);
	pat_free(p);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_pass'", "close success",
	    "open 't_fail'", "close fail",
	    "open 't_fail_msg'", "close fail",
	    "open 't_skip'", "close skip",
	    "open 't_nonl'", "close success",
	    "open 't_segv'", "close fail",
	    "open 't_pass #2'",
	    "close fail reason='Could not run test: Test setup failed'",
	    "open 't_pass #3'",
	    "close fail reason='Could not run test: Test teardown failed'",
	    "open 't_leak'", "close fail");
	T_PAT_STR(reason, "exit status 6, 6 of 9 subtests failed");
	t_pat_end(&r);
}

/*
 * Several groups: duplicate names across groups, two failed group
 * setups (2 tests each never run), a failed group teardown.
 */
static void
test_groups(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, groups, t_pat_exited(4));
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "bytes L* fd1 'in t_pass\\n'",
	    "close success",
	    "open 't_fail'",
	    "bytes L* fd2 '[  ERROR   ] --- 0\\n'",
	    "bytes L* fd2 '[   LINE   ] --- tests/fixtures/cmocka_groups.c:"
	    "43: error: Failure!\\n'",
	    "close fail",
	    "bytes L0 fd2 '[  PASSED  ] 1 test(s).\\n'",
	    "bytes L0 fd2 '[  FAILED  ] 1 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_fail\\n'",
	    "bytes L* fd2 '\\n'",
	    "bytes L0 fd2 ' 1 FAILED TEST(S)\\n'",
	    "bytes L* fd2 'group setup chatter\\n'",
	    "bytes L0 fd2 '[  FAILED  ] GROUP SETUP\\n'",
	    "open 'broken setup: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "bytes L0 fd2 '[  PASSED  ] 0 test(s).\\n'",
	    "bytes L* fd2 'ERROR: no database\\n'",
	    "bytes L* fd2 '[  ERROR   ] --- [   LINE   ] --- tests/fixtures"
	    "/cmocka_groups.c:58: error: Failure!\\n'",
	    "bytes L0 fd2 '[  FAILED  ] GROUP SETUP\\n'",
	    "open 'needs db: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "bytes L0 fd2 '[  PASSED  ] 0 test(s).\\n'",
	    "open 't_pass #2'",
	    "bytes L* fd1 'in t_pass\\n'",
	    "close success",
	    "bytes L0 fd2 '[  FAILED  ] GROUP TEARDOWN\\n'",
	    "open 'broken teardown: group teardown'",
	    "close fail reason='group teardown failed'",
	    "bytes L0 fd2 '[  PASSED  ] 1 test(s).\\n'",
	    "open 't_pass #3'",
	    "bytes L* fd1 'in t_pass\\n'",
	    "close success",
	    "open 't_fail #2'",
	    "bytes L* fd2 '[  ERROR   ] --- 0\\n'",
	    "bytes L* fd2 '[   LINE   ] --- tests/fixtures/cmocka_groups.c:"
	    "43: error: Failure!\\n'",
	    "close fail",
	    "bytes L0 fd2 '[  PASSED  ] 1 test(s).\\n'",
	    "bytes L0 fd2 '[  FAILED  ] 1 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_fail\\n'",
	    "bytes L* fd2 '\\n'",
	    "bytes L0 fd2 ' 1 FAILED TEST(S)\\n'",
	    "verdict fail reason='exit status 4, 5 of 8 subtests failed, 4 "
	    "tests never ran'");
	t_pat_end(&r);
}

/* Pipe mode: group failures wait until no test is open. */
static void
test_groups_pipes(void)
{
	struct t_pat r;

	t_replay_order(&r, &pat_cmocka_ops, groups, t_pat_exited(4),
	    T_STDOUT_FIRST);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "close success",
	    "open 't_fail'",
	    "close fail",
	    "open 't_pass #2'",
	    "close success",
	    "open 't_pass #3'",
	    "close success",
	    "open 't_fail #2'",
	    "close fail",
	    "open 'broken setup: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "open 'needs db: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "open 'broken teardown: group teardown'",
	    "close fail reason='group teardown failed'",
	    "verdict fail reason='exit status 4, 5 of 8 subtests failed, 4 "
	    "tests never ran'");
	t_pat_end(&r);
	t_replay_order(&r, &pat_cmocka_ops, groups, t_pat_exited(4),
	    T_STDERR_FIRST);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 'broken setup: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "open 'needs db: group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "open 'broken teardown: group teardown'",
	    "close fail reason='group teardown failed'",
	    "open 't_pass'",
	    "close success",
	    "open 't_fail'",
	    "close fail",
	    "open 't_pass #2'",
	    "close success",
	    "open 't_pass #3'",
	    "close success",
	    "open 't_fail #2'",
	    "close fail",
	    "verdict fail reason='exit status 4, 5 of 8 subtests failed, 4 "
	    "tests never ran'");
	t_pat_end(&r);
}

/* exit(0) inside a test: the output stops at its RUN line, status 0. */
static void
test_exit_mid_test(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, stop_exit, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "open 't_before'",
	    "bytes L* fd1 'before\\n'",
	    "close success",
	    "open 't_stop'",
	    "bytes L* fd1 'stopping\\n'",
	    "bytes L* fd2 'stopping\\n'",
	    "bytes L* fd1 'unflushed\\n'",
	    "close fail reason='exit status 0'",
	    "verdict fail reason='exit status 0, 1 of 2 subtests failed, 1 "
	    "test never ran, summary missing'");
	t_pat_end(&r);
}

/* An uncaught SIGABRT, a hang stopped by --timeout, an interrupt. */
static void
test_killed_mid_test(void)
{
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, stop_abort,
	    t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r,
	    "open 't_before'",
	    "bytes L* fd1 'before\\n'",
	    "close success",
	    "open 't_stop'",
	    "bytes L* fd1 'stopping\\n'",
	    "bytes L* fd2 'stopping\\n'",
	    "close fail reason='killed by signal SIGABRT'",
	    "verdict fail reason='killed by signal SIGABRT, 1 of 2 subtests "
	    "failed, 1 test never ran, summary missing'");
	t_pat_end(&r);
	t_replay(&r, &pat_cmocka_ops, stop_abort, t_pat_timed_out(5));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_before'", "close success",
	    "open 't_stop'", "close fail reason='timed out after 5 s'",
	    "verdict fail reason='timed out after 5 s, 1 of 2 subtests "
	    "failed, 1 test never ran, summary missing'");
	t_pat_end(&r);
	t_replay(&r, &pat_cmocka_ops, stop_abort, t_pat_interrupted());
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r,
	    "open 't_before'", "close success",
	    "open 't_stop'", "close fail reason='interrupted'",
	    "verdict fail reason='interrupted, 1 of 2 subtests failed, 1 "
	    "test never ran, summary missing'");
	t_pat_end(&r);
}

/* A full clean run, and a group whose tests were all filtered out. */
static void
test_success(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] t_before\n"
	    "[       OK ] t_before\n"
	    "[==========] 1 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "[  PASSED  ] 1 test(s).\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 0 test(s).\n"
	    "[==========] 0 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "[  PASSED  ] 0 test(s).\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "open 't_before'", "close success",
	    "bytes L0 fd2 '[  PASSED  ] 1 test(s).\\n'",
	    "bytes L0 fd2 '[  PASSED  ] 0 test(s).\\n'",
	    "verdict success");
	t_pat_end(&r);
}

/* The output stops between tests: the rest never ran. */
static void
test_summary_missing(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 3 test(s).\n"
	    "[ RUN      ] a\n"
	    "[       OK ] a\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'", "close success",
	    "verdict fail reason='exit status 0, 2 tests never ran, summary "
	    "missing'");
	t_pat_end(&r);
}

/* No cmocka line at all: a failure, unless the program says skip. */
static void
test_no_output(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "hello\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'hello\\n'",
	    "verdict fail reason='exit status 0, no cmocka output'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(77)), 0);
	T_PAT_EVENTS(&r, "verdict skip reason='exit status 77'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_signaled(SIGSEGV, true)), 0);
	T_PAT_EVENTS(&r, "verdict fail reason='killed by signal SIGSEGV "
	    "(core dumped), no cmocka output'");
	t_pat_end(&r);
	/* exit 77 after a run is a failure, as for any other status */
	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 0 test(s).\n"
	    "[==========] 0 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(77)), 0);
	T_PAT_EVENTS(&r, "verdict fail reason='exit status 77'");
	t_pat_end(&r);
}

/*
 * Lines that look like results but must not act: other names, results
 * and RUN lines on stderr, a result that names the open test on stderr
 * (the summary's list), malformed tags.
 */
static void
test_fake_results(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 2 test(s).\n"
	    "[ RUN      ] a\n"
	    "[       OK ] other\n"
	    "[  SKIPPED ] b\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "[       OK ] a\n"
	    "[ RUN      ] x\n"
	    "[  FAILED  ] a\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] bogus\n"
	    "[ RUN ] a\n"
	    "[       OK ]a\n"
	    "[       OK ] a\n"
	    "[ RUN      ] \n"
	    "[ RUN      ] b\n"
	    "[  SKIPPED ] b\n"
	    "[==========] 2 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'",
	    "bytes L* fd1 '[       OK ] other\\n'",
	    "bytes L* fd1 '[  SKIPPED ] b\\n'",
	    "bytes L* fd2 '[       OK ] a\\n'",
	    "bytes L* fd2 '[ RUN      ] x\\n'",
	    "bytes L0 fd2 '[  FAILED  ] a\\n'",
	    "bytes L* fd1 '[==========] bogus\\n'",
	    "bytes L* fd1 '[ RUN ] a\\n'",
	    "bytes L* fd1 '[       OK ]a\\n'",
	    "close success",
	    "bytes L* fd1 '[ RUN      ] \\n'",
	    "open 'b'", "close skip",
	    "verdict success");
	t_pat_end(&r);
}

/*
 * Pipe mode: the stderr summary of a group (its name list) arrives while
 * a later test of the same name is open; it must not close it.
 */
static void
test_summary_list_late(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] t_x\n"
	    "[  SKIPPED ] t_x\n"
	    "[==========] 1 test(s) run.\n"
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] t_x\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "[  PASSED  ] 0 test(s).\n"
	    "[  SKIPPED ] 1 test(s), listed below:\n"
	    "[  SKIPPED ] t_x\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[       OK ] t_x\n"
	    "[==========] 1 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "open 't_x'", "close skip",
	    "open 't_x #2'",
	    "bytes L0 fd2 '[  PASSED  ] 0 test(s).\\n'",
	    "bytes L0 fd2 '[  SKIPPED ] 1 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  SKIPPED ] t_x\\n'",
	    "close success",
	    "verdict success");
	t_pat_end(&r);
}

/*
 * Pipe mode: a group failure that arrives while a test is open is
 * reported once that test closes; a group with an empty name.
 */
static void
test_group_failure_held(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] a\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "[  FAILED  ] GROUP TEARDOWN\n"
	    "[  ERROR   ] g1\n"
	    "[  FAILED  ] GROUP SETUP\n"
	    "[  ERROR   ] \n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[       OK ] a\n"
	    "[==========] 1 test(s) run.\n"
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] b\n"
	    "[       OK ] b\n"
	    "[==========] 1 test(s) run.\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'",
	    "bytes L0 fd2 '[  FAILED  ] GROUP TEARDOWN\\n'",
	    "bytes L0 fd2 '[  FAILED  ] GROUP SETUP\\n'",
	    "close success",
	    "open 'g1: group teardown'",
	    "close fail reason='group teardown failed'",
	    "open 'group setup'",
	    "close fail reason='group setup failed, its tests did not run'",
	    "open 'b'", "close success",
	    "verdict fail reason='exit status 1, 2 of 4 subtests failed'");
	t_pat_end(&r);
}

/*
 * Chatter without a newline glued before protocol: a RUN, a result, the
 * end of a group, a group failure.  Tags later in a line that would not
 * act are chatter.
 */
static void
test_glued(void)
{
	static const struct t_write w[] = {
		{ 1, "[==========] Running 1 test(s).\n" },
		{ 1, "setup chatter" },
		{ 1, "[ RUN      ] a\n" },
		{ 1, "array[0] = [1]" },
		{ 1, "[       OK ] zzz\n" },
		{ 2, "x[  ERROR   ] a\n" },
		{ 1, "more[       OK ] a\n" },
		{ 1, "teardown chatter" },
		{ 1, "[==========] 1 test(s) run.\n" },
		{ 2, "group chatter" },
		{ 2, "[  FAILED  ] GROUP TEARDOWN\n" },
		{ 2, "[  ERROR   ] g\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, w, t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'setup chatter'",
	    "open 'a'",
	    "bytes L* fd1 'array[0] = [1][       OK ] zzz\\n'",
	    "bytes L* fd2 'x[  ERROR   ] a\\n'",
	    "bytes L* fd1 'more'",
	    "close success",
	    "bytes L* fd1 'teardown chatter'",
	    "bytes L* fd2 'group chatter'",
	    "bytes L0 fd2 '[  FAILED  ] GROUP TEARDOWN\\n'",
	    "open 'g: group teardown'",
	    "close fail reason='group teardown failed'",
	    "verdict fail reason='1 of 2 subtests failed'");
	t_pat_end(&r);
}

/*
 * Reasons of tests without a result line: "Internal cmocka error", none,
 * and an ERROR line naming another test (its reason is not used).
 */
static void
test_error_reasons(void)
{
	static const struct t_write w[] = {
		{ 1, "[==========] Running 3 test(s).\n" },
		{ 1, "[ RUN      ] a\n" },
		{ 2, "Could not run test: Test setup failed\n" },
		{ 2, "[  ERROR   ] b\n" },
		{ 1, "[ RUN      ] d\n" },
		{ 2, "Internal cmocka error\n[  ERROR   ] d\n" },
		{ 1, "[ RUN      ] e\n" },
		{ 2, "[  ERROR   ] e\n" },
		{ 1, "[==========] 3 test(s) run.\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, w, t_pat_exited(3));
	T_PAT_EVENTS(&r,
	    "open 'a'",
	    "bytes L* fd2 'Could not run test: Test setup failed\\n'",
	    "close fail reason='no result line (a setup or teardown error)'",
	    "open 'd'",
	    "bytes L* fd2 'Internal cmocka error\\n'",
	    "close fail reason='Internal cmocka error'",
	    "open 'e'",
	    "close fail reason='no result line (a setup or teardown error)'",
	    "verdict fail reason='exit status 3, 3 of 3 subtests failed'");
	t_pat_end(&r);
}

/* The deprecated run_tests() API prints the same shapes (real output). */
static void
test_legacy_api(void)
{
	static const struct t_write w[] = {
		{ 1, "[==========] Running 4 test(s).\n" },
		{ 1, "[ RUN      ] t_pass\n" },
		{ 1, "pass\n"
		    "[       OK ] t_pass\n" },
		{ 1, "[ RUN      ] t_fail\n" },
		{ 2, "0\n" },
		{ 2, "legacy.c:10: error: Failure!" },
		{ 1, "[  FAILED  ] t_fail\n" },
		{ 1, "[ RUN      ] t_skip\n" },
		{ 2, "legacy.c:11: Skipped!\n" },
		{ 1, "[  FAILED  ] t_skip\n" },
		{ 1, "[ RUN      ] t_pass\n" },
		{ 1, "pass\n"
		    "[       OK ] t_pass\n" },
		{ 1, "[==========] 4 test(s) run.\n" },
		{ 2, "[  PASSED  ] 2 test(s).\n" },
		{ 2, "[  FAILED  ] 2 test(s), listed below:\n" },
		{ 2, "[  FAILED  ] t_fail\n" },
		{ 2, "[  FAILED  ] t_skip\n" },
		{ 0, NULL },
	};
	struct t_pat r;

	t_replay(&r, &pat_cmocka_ops, w, t_pat_exited(2));
	T_PAT_EVENTS(&r,
	    "open 't_pass'",
	    "bytes L* fd1 'pass\\n'",
	    "close success",
	    "open 't_fail'",
	    "bytes L* fd2 '0\\n'",
	    "close fail",
	    "open 't_skip'",
	    "bytes L* fd2 'legacy.c:10: error: Failure!legacy.c:11: "
	    "Skipped!\\n'",
	    "close fail",
	    "open 't_pass #2'",
	    "bytes L* fd1 'pass\\n'",
	    "close success",
	    "bytes L0 fd2 '[  PASSED  ] 2 test(s).\\n'",
	    "bytes L0 fd2 '[  FAILED  ] 2 test(s), listed below:\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_fail\\n'",
	    "bytes L0 fd2 '[  FAILED  ] t_skip\\n'",
	    "verdict fail reason='exit status 2, 2 of 4 subtests failed'");
	t_pat_end(&r);
}

/* Names are trimmed raw bytes; CRLF line ends; repeats get " #2". */
static void
test_names(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 3 test(s).\r\n"
	    "[ RUN      ]   caf\xc3\xa9 \xe2\x9c\x93 \t\r\n"
	    "[       OK ] caf\xc3\xa9 \xe2\x9c\x93\n"
	    "[ RUN      ] a b\n"
	    "[  FAILED  ]  a b \r\n"
	    "[ RUN      ] a b\n"
	    "[  SKIPPED ] a b\n"
	    "[==========] 3 test(s) run.\r\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "open 'caf\\xc3\\xa9 \\xe2\\x9c\\x93'", "close success",
	    "open 'a b'", "close fail",
	    "open 'a b #2'", "close skip",
	    "verdict fail reason='exit status 1, 1 of 3 subtests failed'");
	t_pat_end(&r);
}

/*
 * More held group failures than the queue takes: the extra one is
 * chatter of the program, never lost.
 */
static void
test_group_queue_full(void)
{
	struct t_pat r;
	const char *p;
	int opens = 0;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[==========] Running 1 test(s).\n"
	    "[ RUN      ] a\n"), 0);
	for (int i = 0; i < 257; i++)
		T_EQ_INT(t_pat_feed(&r, 2,
		    "[  FAILED  ] GROUP SETUP\n[  ERROR   ] g\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "[       OK ] a\n"), 0);
	for (p = r.out; (p = strstr(p, "open 'g: group setup")) != NULL; p++)
		opens++;
	T_EQ_INT(opens, 256);
	T_CHECK(strstr(r.out, "bytes L0 fd2 '[  ERROR   ] g\\n'") != NULL,
	    "the 257th is chatter");
	T_CHECK(strstr(r.out, "open 'g: group setup #256'\nclose fail") !=
	    NULL, "the 256th is reported");
	t_pat_end(&r);
}

/* Pieces of over-long lines are never protocol. */
static void
test_cut_lines(void)
{
	static const char run[] = "[ RUN      ] a\n";
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_line(&r, 1, run, sizeof run - 1,
	    PAT_LINE_CUT | PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_line(&r, 2, run, sizeof run - 1, PAT_LINE_CUT, 0), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '[ RUN      ] a\\n'",
	    "bytes L* fd2 '[ RUN      ] a\\n'");
	t_pat_end(&r);
}

/*
 * A group name with a NUL byte is cut there, and trimmed after the cut:
 * "broken <NUL>x" gave the label "broken " (found by fuzz_patterns).
 */
static void
test_group_name_cut_at_a_nul_is_trimmed(void)
{
	static const char err[] = "[  ERROR   ] broken \0x\n";
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "[==========] Running 1 test(s).\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "[  FAILED  ] GROUP SETUP\n"), 0);
	T_EQ_INT(t_pat_line(&r, 2, err, sizeof err - 1, PAT_LINE_EOL, 0), 0);
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "open 'broken: group setup'",
	    "close fail reason='group setup failed, its tests did not run'");
	t_pat_end(&r);
}

/* An error from emit stops the plug-in and comes back to the caller. */
static void
test_emit_error(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_cmocka_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "[==========] Running 2 test(s).\n"), 0);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "[ RUN      ] a\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "[       OK ] a\n"), -EPIPE);
	t_pat_reset(&r);
	T_EQ_INT(t_pat_feed(&r, 1, "[ RUN      ] b\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2,
	    "[  FAILED  ] GROUP TEARDOWN\n[  ERROR   ] g\n"), 0);
	t_pat_reset(&r);
	r.fail_at = 2;                   /* the held group failure's open */
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), -EPIPE);
	T_CHECK(strncmp(r.out, "close fail reason='exit status 0'\n"
	    "open 'g: group teardown'\nverdict ", 67) == 0, "%s", r.out);
	t_pat_end(&r);
}

int
main(void)
{
	T_RUN(test_ops);
	T_RUN(test_basic);
	T_RUN(test_basic_pipes);
	T_RUN(test_basic_stderr_ahead);
	T_RUN(test_groups);
	T_RUN(test_groups_pipes);
	T_RUN(test_exit_mid_test);
	T_RUN(test_killed_mid_test);
	T_RUN(test_success);
	T_RUN(test_summary_missing);
	T_RUN(test_no_output);
	T_RUN(test_fake_results);
	T_RUN(test_summary_list_late);
	T_RUN(test_group_failure_held);
	T_RUN(test_group_queue_full);
	T_RUN(test_glued);
	T_RUN(test_error_reasons);
	T_RUN(test_legacy_api);
	T_RUN(test_names);
	T_RUN(test_cut_lines);
	T_RUN(test_emit_error);
	T_RUN(test_group_name_cut_at_a_nul_is_trimmed);
	return t_done();
}

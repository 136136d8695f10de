/*
 * test_exitcode: unit tests of patterns/pat_exitcode (every line is
 * chatter, the exit status is the verdict) and of patterns/pat_exit
 * (pat_exit_describe, pat_exit_verdict), which every plug-in reuses.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pat_exit.h"
#include "pat_exitcode.h"
#include "t.h"
#include "t_pat.h"

static void
test_ops(void)
{
	T_PAT_STR(pat_exitcode_ops.name, "exitcode");
	T_CHECK(pat_exitcode_ops.whole_program, "not whole-program");
	T_CHECK(pat_exitcode_ops.env_set == NULL, "sets environment");
	T_CHECK(pat_exitcode_ops.env_unset == NULL, "clears environment");
}

static void
test_chatter_exact(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_exitcode_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "hello\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "PASS: looks like protocol\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "ok 1 - tap too\r\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "no newline"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 'hello\\n'",
	    "bytes L0 fd2 'PASS: looks like protocol\\n'",
	    "bytes L0 fd1 'ok 1 - tap too\\r\\n'",
	    "bytes L0 fd2 '\\n'",
	    "bytes L0 fd1 'no newline'");
	t_pat_end(&r);
}

static void
test_binary_and_cut(void)
{
	struct t_pat r;
	const char bin[] = "a\0b\xff\xc3\xa9\x1b[0m\n";

	T_EQ_INT(t_pat_start(&r, &pat_exitcode_ops, NULL), 0);
	T_EQ_INT(t_pat_line(&r, 1, bin, sizeof bin - 1, PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, "PASS: cut", 9, PAT_LINE_CUT, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, "tail\n", 5, PAT_LINE_CUT | PAT_LINE_EOL,
	    0), 0);
	T_EQ_INT(t_pat_line(&r, 2, "partFAIL: x\n", 12, PAT_LINE_EOL, 4), 0);
	T_EQ_INT(t_pat_line(&r, 1, "", 0, 0, 0), 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 'a\\x00b\\xff\\xc3\\xa9\\x1b[0m\\n'",
	    "bytes L0 fd1 'PASS: cut'",
	    "bytes L0 fd1 'tail\\n'",
	    "bytes L0 fd2 'partFAIL: x\\n'");
	t_pat_end(&r);
}

static void
test_emit_error(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_exitcode_ops, NULL), 0);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "one\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "two\nthree\n"), -EPIPE);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'one\\n'", "bytes L0 fd1 'two\\n'");
	t_pat_end(&r);
}

/* The verdict for one way of ending, with some chatter first. */
static void
check_finish(int line, struct pat_exit ex, const char *want)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_exitcode_ops, "ignored options"), 0);
	t_pat_feed(&r, 1, "x\n");
	t_pat_reset(&r);
	T_EQ_INT(t_pat_finish(&r, ex), 0);
	if (strcmp(r.out, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got %s#   want %s", line, r.out, want);
	}
	t_pat_end(&r);
}

static void
test_finish(void)
{
	struct pat_exit none = { .exited = false };

	check_finish(__LINE__, t_pat_exited(0), "verdict success\n");
	check_finish(__LINE__, t_pat_exited(77),
	    "verdict skip reason='exit status 77'\n");
	check_finish(__LINE__, t_pat_exited(99),
	    "verdict fail reason='exit status 99 (hard error)'\n");
	check_finish(__LINE__, t_pat_exited(1),
	    "verdict fail reason='exit status 1'\n");
	check_finish(__LINE__, t_pat_exited(2),
	    "verdict fail reason='exit status 2'\n");
	check_finish(__LINE__, t_pat_exited(255),
	    "verdict fail reason='exit status 255'\n");
	check_finish(__LINE__, t_pat_exited(78),
	    "verdict fail reason='exit status 78'\n");
	check_finish(__LINE__, t_pat_signaled(SIGSEGV, false),
	    "verdict fail reason='killed by signal SIGSEGV'\n");
	check_finish(__LINE__, t_pat_signaled(SIGSEGV, true),
	    "verdict fail reason='killed by signal SIGSEGV (core dumped)'\n");
	check_finish(__LINE__, t_pat_signaled(SIGABRT, true),
	    "verdict fail reason='killed by signal SIGABRT (core dumped)'\n");
	check_finish(__LINE__, t_pat_signaled(SIGKILL, false),
	    "verdict fail reason='killed by signal SIGKILL'\n");
	check_finish(__LINE__, t_pat_timed_out(5),
	    "verdict fail reason='timed out after 5 s'\n");
	check_finish(__LINE__, t_pat_interrupted(),
	    "verdict fail reason='interrupted'\n");
	check_finish(__LINE__, none, "verdict fail reason='no exit status'\n");
}

static void
check_describe(int line, struct pat_exit ex, const char *want)
{
	char buf[128];

	memset(buf, 'X', sizeof buf);
	if (pat_exit_describe(&ex, buf, sizeof buf) != buf ||
	    strcmp(buf, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got \"%.*s\", want \"%s\"\n", line,
		    (int)strnlen(buf, sizeof buf), buf, want);
	}
}

static void
test_describe(void)
{
	struct pat_exit ex;

	check_describe(__LINE__, t_pat_exited(0), "exit status 0");
	check_describe(__LINE__, t_pat_exited(-1), "exit status -1");
	check_describe(__LINE__, t_pat_signaled(SIGTERM, false),
	    "killed by signal SIGTERM");
	check_describe(__LINE__, t_pat_signaled(SIGBUS, false),
	    "killed by signal SIGBUS");
	check_describe(__LINE__, t_pat_signaled(SIGRTMIN + 3, false),
	    "killed by signal SIGRTMIN+3");
	check_describe(__LINE__, t_pat_signaled(SIGRTMIN, true),
	    "killed by signal SIGRTMIN+0 (core dumped)");
	check_describe(__LINE__, t_pat_signaled(200, false),
	    "killed by signal 200");
	check_describe(__LINE__, t_pat_signaled(0, false),
	    "killed by signal 0");
	/* The wrapper's reason to stop the program wins over the signal. */
	ex = t_pat_timed_out(30);
	ex.interrupted = true;
	check_describe(__LINE__, ex, "interrupted");
	check_describe(__LINE__, t_pat_timed_out(0), "timed out after 0 s");
	/* ... and a signal wins over a stale exit code. */
	ex = t_pat_signaled(SIGINT, false);
	ex.exited = true;
	ex.code = 3;
	check_describe(__LINE__, ex, "killed by signal SIGINT");
}

static void
test_describe_cap(void)
{
	struct pat_exit ex = t_pat_signaled(SIGSEGV, true);
	char buf[16];

	memset(buf, 'X', sizeof buf);
	pat_exit_describe(&ex, buf, 10);
	T_PAT_STR(buf, "killed by");
	T_EQ_INT(buf[10], 'X');
	pat_exit_describe(&ex, buf, 1);
	T_EQ_INT(buf[0], 0);
	T_EQ_INT(buf[1], 'i');
	buf[0] = 'Q';
	T_CHECK(pat_exit_describe(&ex, buf, 0) == buf, "not buf");
	T_EQ_INT(buf[0], 'Q');
}

static void
check_verdict(int line, struct pat_exit ex, unsigned long nfailed,
    unsigned long ntotal, enum sw_status want_st, const char *want)
{
	enum sw_status st = SW_STATUS_NONE;
	char buf[128];

	memset(buf, 'X', sizeof buf);
	pat_exit_verdict(&ex, nfailed, ntotal, &st, buf, sizeof buf);
	if (st != want_st || memchr(buf, 0, sizeof buf) == NULL ||
	    strcmp(buf, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got %s \"%.*s\", want %s \"%s\"\n", line,
		    sw_status_name(st), (int)strnlen(buf, sizeof buf), buf,
		    sw_status_name(want_st), want);
	}
}

static void
test_verdict(void)
{
	enum sw_status st = SW_STATUS_NONE;
	struct pat_exit ex = t_pat_exited(0);
	char small[12];

	check_verdict(__LINE__, t_pat_exited(0), 0, 3, SW_STATUS_SUCCESS, "");
	check_verdict(__LINE__, t_pat_exited(0), 1, 3, SW_STATUS_FAIL,
	    "1 of 3 subtests failed");
	check_verdict(__LINE__, t_pat_exited(1), 2, 5, SW_STATUS_FAIL,
	    "exit status 1, 2 of 5 subtests failed");
	check_verdict(__LINE__, t_pat_exited(1), 0, 5, SW_STATUS_FAIL,
	    "exit status 1");
	check_verdict(__LINE__, t_pat_exited(77), 0, 0, SW_STATUS_SKIP,
	    "exit status 77");
	check_verdict(__LINE__, t_pat_exited(77), 0, 1, SW_STATUS_FAIL,
	    "exit status 77");
	check_verdict(__LINE__, t_pat_signaled(SIGSEGV, false), 1, 1,
	    SW_STATUS_FAIL, "killed by signal SIGSEGV, 1 of 1 subtests failed");
	check_verdict(__LINE__, t_pat_timed_out(9), 0, 0, SW_STATUS_FAIL,
	    "timed out after 9 s");
	/* A time-out that happens to look like exit 77 is not a skip. */
	ex = t_pat_exited(77);
	ex.timed_out = true;
	ex.timeout_secs = 1;
	check_verdict(__LINE__, ex, 0, 0, SW_STATUS_FAIL,
	    "timed out after 1 s");
	/* The wrapper's reasons win over an exit status of 0. */
	ex = t_pat_exited(0);
	ex.timed_out = true;
	ex.timeout_secs = 2;
	check_verdict(__LINE__, ex, 0, 0, SW_STATUS_FAIL,
	    "timed out after 2 s");
	ex = t_pat_exited(0);
	ex.interrupted = true;
	check_verdict(__LINE__, ex, 0, 0, SW_STATUS_FAIL, "interrupted");
	ex = t_pat_exited(0);
	ex.signaled = true;
	ex.signo = SIGHUP;
	check_verdict(__LINE__, ex, 0, 0, SW_STATUS_FAIL,
	    "killed by signal SIGHUP");
	/* Truncation keeps the NUL. */
	ex = t_pat_exited(1);
	pat_exit_verdict(&ex, 2, 5, &st, small, sizeof small);
	T_EQ_INT(st, SW_STATUS_FAIL);
	T_PAT_STR(small, "exit status");
	pat_exit_verdict(&ex, 2, 5, &st, small, 0);
	T_EQ_INT(st, SW_STATUS_FAIL);
}

int
main(void)
{
	T_RUN(test_ops);
	T_RUN(test_chatter_exact);
	T_RUN(test_binary_and_cut);
	T_RUN(test_emit_error);
	T_RUN(test_finish);
	T_RUN(test_describe);
	T_RUN(test_describe_cap);
	T_RUN(test_verdict);
	return t_done();
}

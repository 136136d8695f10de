/*
 * test_gtest: the googletest plug-in on byte strings.  The streams are
 * real output of the fixtures in tests/fixtures/gtest_*.cc (googletest
 * 1.12.1, run with the plug-in's run_args; the command is named above
 * each), stdout and stderr fed in the order the program wrote them.  The
 * cases about lines gtest itself never prints (fake or damaged markers,
 * CRLF, failure-like text out of place) edit real lines and say so.  Each
 * case names the behaviour of pat_gtest.h it pins down; every one was
 * seen to fail against a deliberately broken plug-in.
 */
#include <errno.h>
#include <signal.h>

#include "pat_gtest.h"
#include "t.h"
#include "t_pat.h"

static struct t_pat r;

static void
start(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_gtest_ops, NULL), 0);
}

static void
out(const char *text)
{
	T_EQ_INT(t_pat_feed(&r, 1, text), 0);
}

static void
err(const char *text)
{
	T_EQ_INT(t_pat_feed(&r, 2, text), 0);
}

/* Forget the "bytes" lines recorded (for cases about results only). */
static void
drop_bytes(void)
{
	char *w = r.out, *p = r.out;

	if (p == NULL)
		return;
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;

		if (strncmp(p, "bytes ", 6) != 0) {
			memmove(w, p, n);
			w += n;
		}
		p += n;
	}
	*w = 0;
	r.len = (size_t)(w - r.out);
}

/* Feed a listing on stdout, one line at a time. */
static void
list(int fd, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);
		struct pat_line l = { fd, text, n, nl ? PAT_LINE_EOL : 0, 0 };

		T_EQ_INT(pat_gtest_ops.list_line(r.state, &l, t_pat_emit, &r),
		    0);
		text += n;
	}
}

static bool
in_list(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* ---- what the wrapper is told ----------------------------------------- */

static void
ops_drive_the_framework(void)
{
	const struct pat_ops *o = &pat_gtest_ops;
	static const char *const unset[] = {
		"GTEST_ALSO_RUN_DISABLED_TESTS", "GTEST_BREAK_ON_FAILURE",
		"GTEST_CATCH_EXCEPTIONS", "GTEST_FAIL_FAST", "GTEST_FILTER",
		"GTEST_FLAGFILE", "GTEST_OUTPUT", "GTEST_RANDOM_SEED",
		"GTEST_RECREATE_ENVIRONMENTS_WHEN_REPEATING", "GTEST_REPEAT",
		"GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE",
		"GTEST_SHUFFLE", "GTEST_STREAM_RESULT_TO",
		"GTEST_THROW_ON_FAILURE", "GTEST_TOTAL_SHARDS",
		"TESTBRIDGE_TEST_ONLY", "TESTBRIDGE_TEST_RUNNER_FAIL_FAST",
		"XML_OUTPUT_FILE",
	};
	size_t n = 0;

	T_PAT_STR(o->name, "gtest");
	T_CHECK(!o->whole_program, "gtest names its own tests");
	T_CHECK(o->run_args != NULL, "no run_args");
	T_PAT_STR(o->run_args[0], "--gtest_color=no");
	T_PAT_STR(o->run_args[1], "--gtest_brief=0");
	T_PAT_STR(o->run_args[2], "--gtest_print_time=1");
	T_CHECK(o->run_args[3] == NULL, "more run_args");
	T_PAT_STR(o->list_args[0], "--gtest_list_tests");
	T_CHECK(o->list_args[1] == NULL, "more list_args");
	T_CHECK(o->list_line != NULL && o->select != NULL, "no listing");
	T_EQ_INT(o->select_max, 0);
	T_PAT_STR(o->env_set[0], "GTEST_COLOR=no");
	T_PAT_STR(o->env_set[1], "GTEST_BRIEF=0");
	T_PAT_STR(o->env_set[2], "GTEST_PRINT_TIME=1");
	T_CHECK(o->env_set[3] == NULL, "more env_set");
	for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
		T_CHECK(in_list(o->env_unset, unset[i]), "%s kept", unset[i]);
	while (o->env_unset[n])
		n++;
	T_EQ_INT(n, sizeof unset / sizeof unset[0]);
	/* Harmless ones stay; the pinned ones are set, not unset. */
	T_CHECK(!in_list(o->env_unset, "GTEST_DEATH_TEST_STYLE"), "unset");
	T_CHECK(!in_list(o->env_unset, "GTEST_COLOR"), "GTEST_COLOR unset");
}

/* ---- one suite: every plain result ------------------------------------ */

static void
basic_run(void)
{
	/* build/fixtures/gtest_basic */
	start();
	out("Running main() from ./googletest/src/gtest_main.cc\n"
	    "[==========] Running 6 tests from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "[----------] 6 tests from Basic\n"
	    "[ RUN      ] Basic.Pass\n");
	err("chatter on stderr\n");
	out("chatter on stdout from Basic.Pass\n"
	    "[       OK ] Basic.Pass (0 ms)\n"
	    "[ RUN      ] Basic.Fail\n"
	    "tests/fixtures/gtest_basic.cc:37: Failure\n"
	    "Expected equality of these values:\n"
	    "  3\n"
	    "  1 + 1\n"
	    "    Which is: 2\n"
	    "arithmetic is broken\n"
	    "[  FAILED  ] Basic.Fail (0 ms)\n"
	    "[ RUN      ] Basic.Skip\n"
	    "tests/fixtures/gtest_basic.cc:42: Skipped\n"
	    "not today\n"
	    "[  SKIPPED ] Basic.Skip (0 ms)\n"
	    "[ DISABLED ] Basic.DISABLED_Off\n"
	    "[ RUN      ] Basic.FakeRun\n"
	    "[ RUN      ] Fake.Line\n"
	    "[       OK ] Fake.Line (0 ms)\n"
	    "[==========] 9 tests from 9 test suites ran. (0 ms total)\n"
	    "[       OK ] Basic.FakeRun (0 ms)\n"
	    "[ RUN      ] Basic.NoNewline\n"
	    "no newline at end[       OK ] Basic.NoNewline (0 ms)\n"
	    "[ RUN      ] Basic.Throws\n"
	    "unknown file: Failure\n"
	    "C++ exception with description \"boom\" thrown in the test "
	    "body.\n"
	    "[  FAILED  ] Basic.Throws (0 ms)\n"
	    "[----------] 6 tests from Basic (0 ms total)\n"
	    "\n"
	    "[----------] Global test environment tear-down\n"
	    "[==========] 6 tests from 1 test suite ran. (0 ms total)\n"
	    "[  PASSED  ] 3 tests.\n"
	    "[  SKIPPED ] 1 test, listed below:\n"
	    "[  SKIPPED ] Basic.Skip\n"
	    "[  FAILED  ] 2 tests, listed below:\n"
	    "[  FAILED  ] Basic.Fail\n"
	    "[  FAILED  ] Basic.Throws\n"
	    "\n"
	    " 2 FAILED TESTS\n"
	    "  YOU HAVE 2 DISABLED TESTS\n"
	    "\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'Running main() from ./googletest/src/gtest_main.cc"
	    "\\n'",
	    "bytes L* fd1 '[==========] Running 6 tests from 1 test suite.\\n'",
	    "bytes L* fd1 '[----------] Global test environment set-up.\\n'",
	    "bytes L* fd1 '[----------] 6 tests from Basic\\n'",
	    "open 'Basic.Pass' runnable",
	    "bytes L* fd2 'chatter on stderr\\n'",
	    "bytes L* fd1 'chatter on stdout from Basic.Pass\\n'",
	    "close success",
	    "open 'Basic.Fail' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_basic.cc:37: Failure\\n'",
	    "bytes L* fd1 'Expected equality of these values:\\n'",
	    "bytes L* fd1 '  3\\n'",
	    "bytes L* fd1 '  1 + 1\\n'",
	    "bytes L* fd1 '    Which is: 2\\n'",
	    "bytes L* fd1 'arithmetic is broken\\n'",
	    "close fail",
	    "open 'Basic.Skip' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_basic.cc:42: Skipped\\n'",
	    "bytes L* fd1 'not today\\n'",
	    "close skip",
	    "open 'Basic.DISABLED_Off' runnable",
	    "close skip reason='disabled'",
	    "open 'Basic.FakeRun' runnable",
	    "bytes L* fd1 '[ RUN      ] Fake.Line\\n'",
	    "bytes L* fd1 '[       OK ] Fake.Line (0 ms)\\n'",
	    "bytes L* fd1 '[==========] 9 tests from 9 test suites ran. (0 ms "
	    "total)\\n'",
	    "close success",
	    "open 'Basic.NoNewline' runnable",
	    "bytes L* fd1 'no newline at end'",
	    "close success",
	    "open 'Basic.Throws' runnable",
	    "bytes L* fd1 'unknown file: Failure\\n'",
	    "bytes L* fd1 'C++ exception with description \"boom\" thrown in "
	    "the test body.\\n'",
	    "close fail",
	    "bytes L* fd1 '[----------] 6 tests from Basic (0 ms total)\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '[----------] Global test environment tear-down\\n'",
	    "bytes L* fd1 '[==========] 6 tests from 1 test suite ran. (0 ms "
	    "total)\\n'",
	    "bytes L* fd1 '[  PASSED  ] 3 tests.\\n'",
	    "bytes L* fd1 '[  SKIPPED ] 1 test, listed below:\\n'",
	    "bytes L* fd1 '[  SKIPPED ] Basic.Skip\\n'",
	    "bytes L* fd1 '[  FAILED  ] 2 tests, listed below:\\n'",
	    "bytes L* fd1 '[  FAILED  ] Basic.Fail\\n'",
	    "bytes L* fd1 '[  FAILED  ] Basic.Throws\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 ' 2 FAILED TESTS\\n'",
	    "bytes L* fd1 '  YOU HAVE 2 DISABLED TESTS\\n'",
	    "bytes L* fd1 '\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
closing_tag_must_name_the_open_test(void)
{
	/* edited: closing tags that are not quite Basic.FakeRun's */
	start();
	out("[----------] 1 test from Basic\n"
	    "[ RUN      ] Basic.FakeRun\n"
	    "[       OK ] Basic.FakeRunX (0 ms)\n"
	    "[       OK ] Basic.Fake (0 ms)\n"
	    "[  FAILED  ] Basic.FakeRun (N ms)\n"
	    "[  FAILED  ] Basic.FakeRun junk\n"
	    "[ DISABLED ] Basic.FakeRun\n"
	    "[  SKIPPED ] Basic.FakeRun, where GetParam() = 1 (0 ms)\n");
	T_PAT_EVENTS(&r, "bytes L* fd1 '[----------] 1 test from Basic\\n'",
	    "open 'Basic.FakeRun' runnable",
	    "bytes L* fd1 '[       OK ] Basic.FakeRunX (0 ms)\\n'",
	    "bytes L* fd1 '[       OK ] Basic.Fake (0 ms)\\n'",
	    "bytes L* fd1 '[  FAILED  ] Basic.FakeRun (N ms)\\n'",
	    "bytes L* fd1 '[  FAILED  ] Basic.FakeRun junk\\n'",
	    "bytes L* fd1 '[ DISABLED ] Basic.FakeRun\\n'",
	    "close skip");
	t_pat_end(&r);
}

static void
markers_on_stderr_are_chatter(void)
{
	start();
	out("[ RUN      ] A.B\n");
	err("[       OK ] A.B (0 ms)\n");
	out("[       OK ] A.B (0 ms)\n");
	err("[ RUN      ] C.D\n");
	T_PAT_EVENTS(&r, "open 'A.B' runnable",
	    "bytes L* fd2 '[       OK ] A.B (0 ms)\\n'", "close success",
	    "bytes L* fd2 '[ RUN      ] C.D\\n'");
	t_pat_end(&r);
}

static void
summary_lines_are_not_results(void)
{
	/* After the run: no test open, the repeats are only chatter. */
	start();
	out("[ RUN      ] Basic.Skip\n"
	    "[  SKIPPED ] Basic.Skip (0 ms)\n"
	    "[==========] 1 test from 1 test suite ran. (0 ms total)\n"
	    "[  SKIPPED ] Basic.Skip\n"
	    "[  FAILED  ] Basic.Fail\n"
	    "[       OK ] Basic.Skip (0 ms)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r, "open 'Basic.Skip' runnable", "close skip",
	    "bytes L* fd1 '[==========] 1 test from 1 test suite ran. (0 ms "
	    "total)\\n'",
	    "bytes L* fd1 '[  SKIPPED ] Basic.Skip\\n'",
	    "bytes L* fd1 '[  FAILED  ] Basic.Fail\\n'",
	    "bytes L* fd1 '[       OK ] Basic.Skip (0 ms)\\n'",
	    "verdict success");
	t_pat_end(&r);
}

/* ---- markers glued to chatter ---------------------------------------- */

static void
result_lines_in_a_layer_are_its_chatter(void)
{
	/* a tear-down printing gtest-like result lines */
	start();
	out("[----------] Global test environment tear-down\n"
	    "x.cc:9: Failure\n"
	    "[  FAILED  ] E.A\n"
	    "[       OK ] E.A (0 ms)\n"
	    "[==========] 1 test from 1 test suite ran. (0 ms total)\n");
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '[----------] Global test environment tear-down\\n'",
	    "open 'global environment tear-down'",
	    "bytes L* fd1 'x.cc:9: Failure\\n'",
	    "bytes L* fd1 '[  FAILED  ] E.A\\n'",
	    "bytes L* fd1 '[       OK ] E.A (0 ms)\\n'",
	    "close fail",
	    "bytes L* fd1 '[==========] 1 test from 1 test suite ran. (0 ms "
	    "total)\\n'");
	t_pat_end(&r);
}

static void
marker_after_chatter_without_newline(void)
{
	/* edited from gtest_basic's and gtest_suite_setup's glued lines */
	start();
	out("[ RUN      ] Basic.NoNewline\n"
	    "a [ bracket [ RUN      ] Other.Test and [  FAILED  ] Basic.No "
	    "then[       OK ] Basic.NoNewline (0 ms)\n"
	    "setup chatter[ RUN      ] Next.One\n"
	    "[  FAILED  ] Next.One, where GetParam() = \"[       OK ] Next.One"
	    "\" (0 ms)\n"
	    "bye[----------] 2 tests from Basic (0 ms total)\n");
	T_PAT_EVENTS(&r, "open 'Basic.NoNewline' runnable",
	    "bytes L* fd1 'a [ bracket [ RUN      ] Other.Test and [  FAILED  ]"
	    " Basic.No then'",
	    "close success",
	    "bytes L* fd1 'setup chatter'",
	    "open 'Next.One' runnable",
	    "close fail",
	    "bytes L* fd1 'bye'",
	    "bytes L* fd1 '[----------] 2 tests from Basic (0 ms total)\\n'");
	t_pat_end(&r);
}

static void
cut_pieces_of_a_long_line(void)
{
	/* A test printed 64 KiB without a newline, then gtest's OK line. */
	static char big[PAT_LINE_MAX];
	static const char tail[] = "xyz[       OK ] A.B (3 ms)\n";

	memset(big, 'x', sizeof big);
	start();
	out("[ RUN      ] A.B\n");
	T_EQ_INT(t_pat_line(&r, 1, big, sizeof big, PAT_LINE_CUT, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, tail, strlen(tail),
	    PAT_LINE_CUT | PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: exit status 0'");
	t_pat_end(&r);
}

static void
crlf_line_ends(void)
{
	/* edited: a run as a pty (or Windows) would deliver it */
	start();
	out("[==========] Running 1 test from 1 test suite.\r\n"
	    "[----------] 1 test from A\r\n"
	    "[ RUN      ] A.B\r\n"
	    "x\r\n"
	    "[  FAILED  ] A.B (0 ms)\r\n"
	    "[==========] 1 test from 1 test suite ran. (0 ms total)\r\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '[==========] Running 1 test from 1 test suite."
	    "\\r\\n'",
	    "bytes L* fd1 '[----------] 1 test from A\\r\\n'",
	    "open 'A.B' runnable", "bytes L* fd1 'x\\r\\n'", "close fail",
	    "bytes L* fd1 '[==========] 1 test from 1 test suite ran. (0 ms "
	    "total)\\r\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
colour_codes_after_tags(void)
{
	/* gtest_basic --gtest_color=yes (a main() that forces colour). */
	start();
	out("\033[0;33mNote: Google Test filter = Basic.Pass:Basic.Fail\n"
	    "\033[m\033[0;32m[==========] \033[mRunning 2 tests from 1 test "
	    "suite.\n"
	    "\033[0;32m[----------] \033[m2 tests from Basic\n"
	    "\033[0;32m[ RUN      ] \033[mBasic.Pass\n"
	    "chatter on stdout from Basic.Pass\n"
	    "\033[0;32m[       OK ] \033[mBasic.Pass (0 ms)\n"
	    "\033[0;32m[ RUN      ] \033[mBasic.Fail\n"
	    "\033[0;31m[  FAILED  ] \033[mBasic.Fail (0 ms)\n"
	    "\033[0;32m[==========] \033[m2 tests from 1 test suite ran. (0 "
	    "ms total)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Basic.Pass' runnable", "close success",
	    "open 'Basic.Fail' runnable", "close fail", "verdict success");
	t_pat_end(&r);
}

/* ---- names ----------------------------------------------------------- */

static void
parameterised_and_typed_names(void)
{
	/* build/fixtures/gtest_param (chatter lines elided). */
	start();
	out("[==========] Running 9 tests from 6 test suites.\n"
	    "[----------] Global test environment set-up.\n"
	    "[----------] 1 test from Ty/0, where TypeParam = int\n"
	    "[ RUN      ] Ty/0.Size\n"
	    "[       OK ] Ty/0.Size (0 ms)\n"
	    "[----------] 1 test from Ty/0 (0 ms total)\n"
	    "\n"
	    "[----------] 1 test from Ty/1, where TypeParam = char\n"
	    "[ RUN      ] Ty/1.Size\n"
	    "tests/fixtures/gtest_param.cc:47: Failure\n"
	    "[  FAILED  ] Ty/1.Size, where TypeParam = char (0 ms)\n"
	    "[----------] 1 test from Ty/1 (0 ms total)\n"
	    "[----------] 1 test from My/TP/0, where TypeParam = long\n"
	    "[ RUN      ] My/TP/0.A\n"
	    "[       OK ] My/TP/0.A (0 ms)\n"
	    "[----------] 1 test from My/TP/0 (0 ms total)\n"
	    "[----------] 3 tests from Nums/P\n"
	    "[ RUN      ] Nums/P.Even/0\n"
	    "[       OK ] Nums/P.Even/0 (0 ms)\n"
	    "[ RUN      ] Nums/P.Even/1\n"
	    "tests/fixtures/gtest_param.cc:26: Failure\n"
	    "[  FAILED  ] Nums/P.Even/1, where GetParam() = 3 (0 ms)\n"
	    "[ RUN      ] Nums/P.Even/2\n"
	    "[       OK ] Nums/P.Even/2 (0 ms)\n"
	    "[----------] 3 tests from Nums/P (0 ms total)\n"
	    "[----------] 1 test from P\n"
	    "[ RUN      ] P.Even/0\n"
	    "[       OK ] P.Even/0 (0 ms)\n"
	    "[----------] 1 test from P (0 ms total)\n"
	    "[----------] 2 tests from Named/PS\n"
	    "[ RUN      ] Named/PS.Str/0\n"
	    "[       OK ] Named/PS.Str/0 (0 ms)\n"
	    "[ RUN      ] Named/PS.Str/1\n"
	    "tests/fixtures/gtest_param.cc:36: Failure\n"
	    "Expected: (GetParam()) != (\"c#d  x\"), actual: \"c#d  x\" vs "
	    "\"c#d  x\"\n"
	    "[  FAILED  ] Named/PS.Str/1, where GetParam() = \"c#d  x\" (0 "
	    "ms)\n"
	    "[----------] 2 tests from Named/PS (0 ms total)\n"
	    "\n"
	    "[----------] Global test environment tear-down\n"
	    "[==========] 9 tests from 6 test suites ran. (0 ms total)\n"
	    "[  PASSED  ] 6 tests.\n"
	    "[  FAILED  ] 3 tests, listed below:\n"
	    "[  FAILED  ] Ty/1.Size, where TypeParam = char\n"
	    "[  FAILED  ] Nums/P.Even/1, where GetParam() = 3\n"
	    "[  FAILED  ] Named/PS.Str/1, where GetParam() = \"c#d  x\"\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Ty/0.Size' runnable", "close success",
	    "open 'Ty/1.Size' runnable", "close fail",
	    "open 'My/TP/0.A' runnable", "close success",
	    "open 'Nums/P.Even/0' runnable", "close success",
	    "open 'Nums/P.Even/1' runnable", "close fail",
	    "open 'Nums/P.Even/2' runnable", "close success",
	    "open 'P.Even/0' runnable", "close success",
	    "open 'Named/PS.Str/0' runnable", "close success",
	    "open 'Named/PS.Str/1' runnable", "close fail",
	    "verdict success");
	t_pat_end(&r);
}

static void
repeated_runs_get_unique_labels(void)
{
	/* gtest_exit --gtest_filter=Exit.Before --gtest_repeat=2 */
	static const char iteration[] =
	    "\n"
	    "Note: Google Test filter = Exit.Before\n"
	    "[==========] Running 1 test from 1 test suite.\n"
	    "[----------] 1 test from Exit\n"
	    "[ RUN      ] Exit.Before\n"
	    "[       OK ] Exit.Before (0 ms)\n"
	    "[----------] 1 test from Exit (0 ms total)\n"
	    "\n"
	    "[==========] 1 test from 1 test suite ran. (0 ms total)\n"
	    "[  PASSED  ] 1 test.\n"
	    "\n";

	start();
	out("Repeating all tests (iteration 1) . . .\n");
	out(iteration);
	out("Repeating all tests (iteration 2) . . .\n");
	out(iteration);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Exit.Before' runnable", "close success",
	    "open 'Exit.Before #2' runnable", "close success",
	    "verdict success");
	t_pat_end(&r);
	/* A crash in the second iteration: its summary is missing. */
	start();
	out(iteration);
	out("[==========] Running 1 test from 1 test suite.\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_signaled(SIGABRT, false)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Exit.Before' runnable", "close success",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: killed by signal SIGABRT'");
	t_pat_end(&r);
}

static void
without_print_time(void)
{
	/* gtest_param --gtest_print_time=0: no times, no suite end lines. */
	start();
	out("[==========] Running 2 tests from 2 test suites.\n"
	    "[----------] Global test environment set-up.\n"
	    "[----------] 1 test from Ty/1, where TypeParam = char\n"
	    "[ RUN      ] Ty/1.Size\n"
	    "tests/fixtures/gtest_param.cc:47: Failure\n"
	    "[  FAILED  ] Ty/1.Size, where TypeParam = char\n"
	    "[----------] 1 test from P\n"
	    "[ RUN      ] P.Even/0\n"
	    "[       OK ] P.Even/0\n"
	    "[----------] Global test environment tear-down\n"
	    "[==========] 2 tests from 2 test suites ran.\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Ty/1.Size' runnable", "close fail",
	    "open 'P.Even/0' runnable", "close success", "verdict success");
	t_pat_end(&r);
}

static void
death_test_output_is_chatter(void)
{
	/* gtest_death --gtest_death_test_style=threadsafe */
	start();
	out("[----------] 2 tests from Death\n"
	    "[ RUN      ] Death.Dies\n"
	    "Running main() from ./googletest/src/gtest_main.cc\n"
	    "[       OK ] Death.Dies (1 ms)\n"
	    "[ RUN      ] Death.Lives\n"
	    "tests/fixtures/gtest_death.cc:31: Failure\n"
	    "Death test: printf(\"x\\n\")\n"
	    "    Result: failed to die.\n"
	    " Error msg:\n"
	    "[  DEATH   ] \n"
	    "[  FAILED  ] Death.Lives (1 ms)\n");
	T_PAT_EVENTS(&r, "bytes L* fd1 '[----------] 2 tests from Death\\n'",
	    "open 'Death.Dies' runnable",
	    "bytes L* fd1 'Running main() from ./googletest/src/gtest_main.cc"
	    "\\n'",
	    "close success", "open 'Death.Lives' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_death.cc:31: Failure\\n'",
	    "bytes L* fd1 'Death test: printf(\"x\\\\n\")\\n'",
	    "bytes L* fd1 '    Result: failed to die.\\n'",
	    "bytes L* fd1 ' Error msg:\\n'",
	    "bytes L* fd1 '[  DEATH   ] \\n'", "close fail");
	t_pat_end(&r);
}

/* ---- the program ends ------------------------------------------------ */

static void
crash_mid_test(void)
{
	/* build/fixtures/gtest_segv: rc 139, "before crash" lost. */
	start();
	out("Running main() from ./googletest/src/gtest_main.cc\n"
	    "[==========] Running 4 tests from 2 test suites.\n"
	    "[----------] Global test environment set-up.\n"
	    "[----------] 3 tests from Crash\n"
	    "[ RUN      ] Crash.Before\n"
	    "[       OK ] Crash.Before (0 ms)\n"
	    "[ RUN      ] Crash.Segv\n");
	err("about to crash\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_signaled(SIGSEGV, false)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Crash.Before' runnable", "close success",
	    "open 'Crash.Segv' runnable",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: killed by signal SIGSEGV'");
	t_pat_end(&r);
	/* the stderr line is the crashed test's */
	start();
	out("[ RUN      ] Crash.Segv\n");
	err("about to crash\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_signaled(SIGSEGV, true)), 0);
	T_PAT_EVENTS(&r, "open 'Crash.Segv' runnable",
	    "bytes L* fd2 'about to crash\\n'",
	    "close fail reason='killed by signal SIGSEGV (core dumped)'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: killed by signal SIGSEGV (core dumped)'");
	t_pat_end(&r);
}

static void
exit_zero_mid_test(void)
{
	/* build/fixtures/gtest_exit: rc 0, output stops in Exit.Zero. */
	start();
	out("Running main() from ./googletest/src/gtest_main.cc\n"
	    "[==========] Running 3 tests from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "[----------] 3 tests from Exit\n"
	    "[ RUN      ] Exit.Before\n"
	    "[       OK ] Exit.Before (0 ms)\n"
	    "[ RUN      ] Exit.Zero\n"
	    "leaving early\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Exit.Before' runnable", "close success",
	    "open 'Exit.Zero' runnable", "close fail reason='exit status 0'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: exit status 0'");
	t_pat_end(&r);
}

static void
timeout_mid_test(void)
{
	/* SW_FIXTURE_HANG=1 build/fixtures/gtest_hang, --timeout 5 */
	start();
	out("[----------] 3 tests from Hang\n"
	    "[ RUN      ] Hang.Before\n"
	    "[       OK ] Hang.Before (0 ms)\n"
	    "[ RUN      ] Hang.Forever\n"
	    "hanging\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_timed_out(5)), 0);
	T_PAT_EVENTS(&r, "bytes L* fd1 '[----------] 3 tests from Hang\\n'",
	    "open 'Hang.Before' runnable", "close success",
	    "open 'Hang.Forever' runnable", "bytes L* fd1 'hanging\\n'",
	    "close fail reason='timed out after 5 s'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: timed out after 5 s'");
	t_pat_end(&r);
}

static void
partial_line_at_the_end(void)
{
	/* What the driver passes on at the end: no newline. */
	start();
	out("[ RUN      ] A.B\npartial");
	T_EQ_INT(t_pat_finish(&r, t_pat_interrupted()), 0);
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "bytes L* fd1 'partial'",
	    "close fail reason='interrupted'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: interrupted'");
	t_pat_end(&r);
}

static void
missing_summary(void)
{
	/* Every test passed, but the program stopped before the summary. */
	start();
	out("[==========] Running 1 test from 1 test suite.\n"
	    "[----------] 1 test from A\n"
	    "[ RUN      ] A.B\n"
	    "[       OK ] A.B (0 ms)\n"
	    "[----------] 1 test from A (0 ms total)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: exit status 0'");
	t_pat_end(&r);
	/* a line like the summary without "ran." is not the summary */
	start();
	out("[==========] Running 1 test from 1 test suite.\n"
	    "[==========] 1 test from 1 test suite\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "verdict fail reason='the program ended before "
	    "googletest\\'s summary: exit status 0'");
	t_pat_end(&r);
	/* no googletest output at all */
	start();
	out("usage: prog [options]\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r, "bytes L* fd1 'usage: prog [options]\\n'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: exit status 0'");
	t_pat_end(&r);
}

/* Feed a clean run with nfail failed tests, finish with ex. */
static void
clean_run(int nfail, struct pat_exit ex)
{
	start();
	out("[==========] Running 1 test from 1 test suite.\n"
	    "[----------] 1 test from A\n"
	    "[ RUN      ] A.B\n");
	out(nfail ? "[  FAILED  ] A.B (0 ms)\n" : "[       OK ] A.B (0 ms)\n");
	out("[==========] 1 test from 1 test suite ran. (0 ms total)\n");
	T_EQ_INT(t_pat_finish(&r, ex), 0);
	drop_bytes();
}

static void
exit_status_after_the_summary(void)
{
	clean_run(0, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "verdict success");
	t_pat_end(&r);
	/* gtest exits 1 because a test failed: not another failure */
	clean_run(1, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close fail",
	    "verdict success");
	t_pat_end(&r);
	/* exit 1 though nothing failed */
	clean_run(0, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "verdict fail reason='exit status 1 after googletest\\'s summary'");
	t_pat_end(&r);
	/* LeakSanitizer's exit status, a failed test or not */
	clean_run(1, t_pat_exited(23));
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close fail",
	    "verdict fail reason='exit status 23 after googletest\\'s "
	    "summary'");
	t_pat_end(&r);
	/* a crash in a static destructor */
	clean_run(1, t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close fail",
	    "verdict fail reason='killed by signal SIGSEGV after "
	    "googletest\\'s summary'");
	t_pat_end(&r);
}

/* ---- layers ---------------------------------------------------------- */

static const char suite_setup_head[] =
    "Running main() from ./googletest/src/gtest_main.cc\n"
    "[==========] Running 5 tests from 4 test suites.\n"
    "[----------] Global test environment set-up.\n"
    "[----------] 2 tests from Setup\n"
    "setting up Setup\n"
    "tests/fixtures/gtest_suite_setup.cc:34: Failure\n"
    "Failed\n"
    "no database\n"
    "[ RUN      ] Setup.A\n"
    "tests/fixtures/gtest_suite_setup.cc:38: Skipped\n"
    "\n"
    "[  SKIPPED ] Setup.A (0 ms)\n"
    "[ RUN      ] Setup.B\n"
    "tests/fixtures/gtest_suite_setup.cc:43: Skipped\n"
    "\n"
    "[  SKIPPED ] Setup.B (0 ms)\n"
    "[----------] 2 tests from Setup (0 ms total)\n"
    "\n"
    "[----------] 1 test from Teardown\n"
    "[ RUN      ] Teardown.A\n"
    "[       OK ] Teardown.A (0 ms)\n"
    "tearing downtests/fixtures/gtest_suite_setup.cc:53: Failure\n"
    "Failed\n"
    "leaked a handle\n"
    "[----------] 1 test from Teardown (0 ms total)\n"
    "\n"
    "[----------] 1 test from Fine\n"
    "[ RUN      ] Fine.A\n"
    "[       OK ] Fine.A (0 ms)\n"
    "[----------] 1 test from Fine (0 ms total)\n"
    "\n"
    "[----------] 1 test from Crashy\n";

static void
suite_setup_and_teardown(void)
{
	/* build/fixtures/gtest_suite_setup */
	start();
	out(suite_setup_head);
	out("[ RUN      ] Crashy.A\n"
	    "[       OK ] Crashy.A (0 ms)\n"
	    "[----------] 1 test from Crashy (0 ms total)\n"
	    "\n"
	    "[----------] Global test environment tear-down\n"
	    "[==========] 5 tests from 4 test suites ran. (0 ms total)\n"
	    "[  PASSED  ] 3 tests.\n"
	    "[  SKIPPED ] 2 tests, listed below:\n"
	    "[  SKIPPED ] Setup.A\n"
	    "[  SKIPPED ] Setup.B\n"
	    "[  FAILED  ] 0 tests, listed below:\n"
	    "\n"
	    " 0 FAILED TESTS\n"
	    "[  FAILED  ] Setup: SetUpTestSuite or TearDownTestSuite\n"
	    "[  FAILED  ] Teardown: SetUpTestSuite or TearDownTestSuite\n"
	    "\n"
	    " 2 FAILED TEST SUITES\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	/* The part about the layers, then the results only. */
	{
		const char *from = strstr(r.out, "bytes L* fd1 'setting up");
		const char *to = strstr(r.out, "bytes L* fd1 '[----------] 1 "
		    "test from Teardown (0 ms");
		T_CHECK(from && to, "layers missing: %s", r.out);
		if (from && to) {
			memmove(r.out, from, (size_t)(to - from));
			r.out[to - from] = 0;
			r.len = (size_t)(to - from);
		}
	}
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'setting up Setup\\n'",
	    "open 'Setup (set-up)'",
	    "bytes L* fd1 'tests/fixtures/gtest_suite_setup.cc:34: Failure\\n'",
	    "bytes L* fd1 'Failed\\n'",
	    "bytes L* fd1 'no database\\n'",
	    "close fail",
	    "open 'Setup.A' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_suite_setup.cc:38: Skipped\\n'",
	    "bytes L* fd1 '\\n'",
	    "close fail reason='Setup (set-up) failed'",
	    "open 'Setup.B' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_suite_setup.cc:43: Skipped\\n'",
	    "bytes L* fd1 '\\n'",
	    "close fail reason='Setup (set-up) failed'",
	    "bytes L* fd1 '[----------] 2 tests from Setup (0 ms total)\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '[----------] 1 test from Teardown\\n'",
	    "open 'Teardown.A' runnable",
	    "close success",
	    "open 'Teardown (tear-down)'",
	    "bytes L* fd1 'tearing downtests/fixtures/gtest_suite_setup.cc:53: "
	    "Failure\\n'",
	    "bytes L* fd1 'Failed\\n'",
	    "bytes L* fd1 'leaked a handle\\n'",
	    "close fail");
	t_pat_end(&r);
	/* the whole run: results, and the verdict */
	start();
	out(suite_setup_head);
	out("[ RUN      ] Crashy.A\n[       OK ] Crashy.A (0 ms)\n"
	    "[==========] 5 tests from 4 test suites ran. (0 ms total)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Setup (set-up)'", "close fail",
	    "open 'Setup.A' runnable",
	    "close fail reason='Setup (set-up) failed'",
	    "open 'Setup.B' runnable",
	    "close fail reason='Setup (set-up) failed'",
	    "open 'Teardown.A' runnable", "close success",
	    "open 'Teardown (tear-down)'", "close fail",
	    "open 'Fine.A' runnable", "close success",
	    "open 'Crashy.A' runnable", "close success", "verdict success");
	t_pat_end(&r);
}

static void
crash_in_suite_setup(void)
{
	/* SW_FIXTURE_SETUP_CRASH=1 build/fixtures/gtest_suite_setup */
	start();
	out(suite_setup_head);
	T_EQ_INT(t_pat_finish(&r, t_pat_signaled(SIGSEGV, false)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'Setup (set-up)'", "close fail",
	    "open 'Setup.A' runnable",
	    "close fail reason='Setup (set-up) failed'",
	    "open 'Setup.B' runnable",
	    "close fail reason='Setup (set-up) failed'",
	    "open 'Teardown.A' runnable", "close success",
	    "open 'Teardown (tear-down)'", "close fail",
	    "open 'Fine.A' runnable", "close success",
	    "open 'Crashy (set-up)'",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: killed by signal SIGSEGV'");
	t_pat_end(&r);
	/* ended in a tear-down, a global one, and between suites */
	start();
	out("[----------] 1 test from A\n[ RUN      ] A.B\n"
	    "[       OK ] A.B (0 ms)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(3)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "open 'A (tear-down)'", "close fail reason='exit status 3'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: exit status 3'");
	t_pat_end(&r);
	start();
	out("[----------] Global test environment tear-down\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_timed_out(2)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'global environment tear-down'",
	    "close fail reason='timed out after 2 s'",
	    "verdict fail reason='the program ended before googletest\\'s "
	    "summary: timed out after 2 s'");
	t_pat_end(&r);
	start();
	out("[----------] 1 test from A (0 ms total)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(3)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "verdict fail reason='the program ended before "
	    "googletest\\'s summary: exit status 3'");
	t_pat_end(&r);
}

static const char env_tail[] =
    "[----------] 2 tests from E (0 ms total)\n"
    "\n"
    "[----------] Global test environment tear-down\n"
    "tests/fixtures/gtest_env.cc:37: Failure\n"
    "Failed\n"
    "environment teardown\n"
    "[==========] 2 tests from 1 test suite ran. (0 ms total)\n"
    "[  PASSED  ] 1 test.\n";

static void
global_environment(void)
{
	/* build/fixtures/gtest_env: a non-fatal failure, tests run */
	start();
	out("Running main() from ./googletest/src/gtest_main.cc\n"
	    "[==========] Running 2 tests from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "env set-up\n"
	    "tests/fixtures/gtest_env.cc:33: Failure\n"
	    "Failed\n"
	    "environment is odd\n"
	    "[----------] 2 tests from E\n"
	    "[ RUN      ] E.A\n"
	    "[       OK ] E.A (0 ms)\n"
	    "[ RUN      ] E.B\n"
	    "tests/fixtures/gtest_env.cc:51: Skipped\n"
	    "skipped by the test\n"
	    "[  SKIPPED ] E.B (0 ms)\n");
	out(env_tail);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'Running main() from ./googletest/src/gtest_main.cc"
	    "\\n'",
	    "bytes L* fd1 '[==========] Running 2 tests from 1 test suite.\\n'",
	    "bytes L* fd1 '[----------] Global test environment set-up.\\n'",
	    "bytes L* fd1 'env set-up\\n'",
	    "open 'global environment set-up'",
	    "bytes L* fd1 'tests/fixtures/gtest_env.cc:33: Failure\\n'",
	    "bytes L* fd1 'Failed\\n'",
	    "bytes L* fd1 'environment is odd\\n'",
	    "close fail",
	    "bytes L* fd1 '[----------] 2 tests from E\\n'",
	    "open 'E.A' runnable", "close success",
	    "open 'E.B' runnable",
	    "bytes L* fd1 'tests/fixtures/gtest_env.cc:51: Skipped\\n'",
	    "bytes L* fd1 'skipped by the test\\n'",
	    "close skip",
	    "bytes L* fd1 '[----------] 2 tests from E (0 ms total)\\n'",
	    "bytes L* fd1 '\\n'",
	    "bytes L* fd1 '[----------] Global test environment tear-down\\n'",
	    "open 'global environment tear-down'",
	    "bytes L* fd1 'tests/fixtures/gtest_env.cc:37: Failure\\n'",
	    "bytes L* fd1 'Failed\\n'",
	    "bytes L* fd1 'environment teardown\\n'",
	    "close fail",
	    "bytes L* fd1 '[==========] 2 tests from 1 test suite ran. (0 ms "
	    "total)\\n'",
	    "bytes L* fd1 '[  PASSED  ] 1 test.\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
global_environment_fatal(void)
{
	/* SW_FIXTURE_ENV_FATAL=1: gtest prints every test skipped */
	start();
	out("[==========] Running 2 tests from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "env set-up\n"
	    "tests/fixtures/gtest_env.cc:32: Failure\n"
	    "Failed\n"
	    "environment is unusable\n"
	    "[----------] 2 tests from E\n"
	    "[ RUN      ] E.A\n"
	    "tests/fixtures/gtest_env.cc:44: Skipped\n"
	    "\n"
	    "[  SKIPPED ] E.A (0 ms)\n"
	    "[ RUN      ] E.B\n"
	    "tests/fixtures/gtest_env.cc:49: Skipped\n"
	    "\n"
	    "[  SKIPPED ] E.B (0 ms)\n");
	out(env_tail);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'global environment set-up'", "close fail",
	    "open 'E.A' runnable",
	    "close fail reason='global environment set-up failed'",
	    "open 'E.B' runnable",
	    "close fail reason='global environment set-up failed'",
	    "open 'global environment tear-down'", "close fail",
	    "verdict success");
	t_pat_end(&r);
}

static void
global_environment_skip(void)
{
	/* SW_FIXTURE_ENV_SKIP=1: no test runs at all */
	start();
	out("[==========] Running 2 tests from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "env set-up\n"
	    "tests/fixtures/gtest_env.cc:30: Skipped\n"
	    "no hardware\n"
	    "no hardware\n"
	    "[----------] Global test environment tear-down\n"
	    "tests/fixtures/gtest_env.cc:37: Failure\n"
	    "Failed\n"
	    "environment teardown\n"
	    "[==========] 2 tests from 1 test suite ran. (0 ms total)\n");
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '[==========] Running 2 tests from 1 test suite.\\n'",
	    "bytes L* fd1 '[----------] Global test environment set-up.\\n'",
	    "bytes L* fd1 'env set-up\\n'",
	    "open 'global environment set-up'",
	    "bytes L* fd1 'tests/fixtures/gtest_env.cc:30: Skipped\\n'",
	    "bytes L* fd1 'no hardware\\n'", "bytes L* fd1 'no hardware\\n'",
	    "close skip",
	    "bytes L* fd1 '[----------] Global test environment tear-down\\n'",
	    "open 'global environment tear-down'",
	    "bytes L* fd1 'tests/fixtures/gtest_env.cc:37: Failure\\n'",
	    "bytes L* fd1 'Failed\\n'",
	    "bytes L* fd1 'environment teardown\\n'", "close fail",
	    "bytes L* fd1 '[==========] 2 tests from 1 test suite ran. (0 ms "
	    "total)\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
skips_are_skips_when_no_setup_failed(void)
{
	/* GTEST_SKIP() with no message, or --gtest_fail_fast's skips */
	start();
	out("[----------] 1 test from E\n"
	    "[ RUN      ] E.A\n"
	    "tests/fixtures/gtest_env.cc:44: Skipped\n"
	    "\n"
	    "[  SKIPPED ] E.A (0 ms)\n"
	    "[ RUN      ] E.B\n"
	    "[  SKIPPED ] E.B (0 ms)\n");
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'E.A' runnable", "close skip",
	    "open 'E.B' runnable", "close skip");
	t_pat_end(&r);
	/* after a failed suite set-up, a skip that printed more is a skip */
	start();
	out("[----------] 1 test from S\n"
	    "x.cc:1: Failure\n"
	    "[ RUN      ] S.A\n"
	    "x.cc:2: Skipped\n"
	    "why\n"
	    "[  SKIPPED ] S.A (0 ms)\n"
	    "[----------] 1 test from T\n"
	    "[ RUN      ] T.A\n"
	    "[  SKIPPED ] T.A (0 ms)\n");
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'S (set-up)'", "close fail",
	    "open 'S.A' runnable", "close skip", "open 'T.A' runnable",
	    "close skip");
	t_pat_end(&r);
}

static void
failure_text_elsewhere_is_no_layer(void)
{
	/* outside a run, between suites, or not a location */
	start();
	out("x.cc:3: Failure\n"
	    "[==========] Running 1 test from 1 test suite.\n"
	    "[----------] Global test environment set-up.\n"
	    "Status: Failure\n"
	    ": Failure\n"
	    "x.cc:: Failure\n"
	    "x.cc:3: Skippedx\n"
	    "[----------] 1 test from A\n"
	    "x.cc:4: Failed\n"
	    "[ RUN      ] A.B\n"
	    "[       OK ] A.B (0 ms)\n"
	    "[----------] 1 test from A (0 ms total)\n"
	    "x.cc:5: Failure\n"
	    "[----------] 1 test from C\n"
	    "x.cc:6: Skipped\n"
	    "[ RUN      ] C.D\n"
	    "[       OK ] C.D (0 ms)\n"
	    "x.cc:7: Skipped\n");
	drop_bytes();
	T_PAT_EVENTS(&r, "open 'A.B' runnable", "close success",
	    "open 'C (set-up)'", "close skip", "open 'C.D' runnable",
	    "close success");
	t_pat_end(&r);
}

/* ---- listing --------------------------------------------------------- */

static void
listing(void)
{
	/* gtest_param and gtest_basic --gtest_list_tests, back to back */
	start();
	list(1, "Running main() from ./googletest/src/gtest_main.cc\n"
	    "Ty/0.  # TypeParam = int\n"
	    "  Size\n"
	    "Ty/1.  # TypeParam = char\n"
	    "  Size\n"
	    "My/TP/0.  # TypeParam = long\n"
	    "  A\n"
	    "Nums/P.\n"
	    "  Even/0  # GetParam() = 2\n"
	    "  Even/1  # GetParam() = 3\n"
	    "  Even/2  # GetParam() = 4\n"
	    "P.\n"
	    "  Even/0  # GetParam() = 6\n"
	    "Named/PS.\n"
	    "  Str/0  # GetParam() = \"ab\"\n"
	    "  Str/1  # GetParam() = \"c#d  x\"\n"
	    "Running main() from ./googletest/src/gtest_main.cc\n"
	    "Basic.\n"
	    "  Pass\n"
	    "  Fail\n"
	    "  Skip\n"
	    "  DISABLED_Off\n"
	    "  FakeRun\n"
	    "  NoNewline\n"
	    "  Throws\n"
	    "DISABLED_Hidden.\n"
	    "  Test\n");
	T_PAT_EVENTS(&r, "exists 'Ty/0.Size'", "exists 'Ty/1.Size'",
	    "exists 'My/TP/0.A'", "exists 'Nums/P.Even/0'",
	    "exists 'Nums/P.Even/1'", "exists 'Nums/P.Even/2'",
	    "exists 'P.Even/0'", "exists 'Named/PS.Str/0'",
	    "exists 'Named/PS.Str/1'", "exists 'Basic.Pass'",
	    "exists 'Basic.Fail'", "exists 'Basic.Skip'",
	    "exists 'Basic.FakeRun'", "exists 'Basic.NoNewline'",
	    "exists 'Basic.Throws'");
	t_pat_end(&r);
}

static void
listing_skips_what_is_not_a_list(void)
{
	start();
	/* sample9's pre-output, junk, stderr, CRLF, disabled instances */
	list(1, "Run this program with --terse_output to change the way it "
	    "prints its output.\n"
	    "  Orphan\n"
	    "Note: something.\n"
	    "  Orphan2\n"
	    "A.\r\n"
	    "  B\r\n"
	    "  two words\n"
	    "   Indented3\n"
	    "  C\n"
	    "Junk. after\n"
	    "  D\n"
	    "\tTab.\n"
	    "  E\n"
	    "Inst/DISABLED_P.\n"
	    "  X/0\n"
	    "Q.\n"
	    "  Y/DISABLED_1\n"
	    "  Z\n");
	list(2, "E.\n  F\n");
	T_PAT_EVENTS(&r, "exists 'A.B'", "exists 'Q.Z'");
	t_pat_end(&r);
	/* a suite line cut at PAT_LINE_MAX: the rest is not a line */
	start();
	{
		struct pat_line a = { 1, "Big/0.  # TypeParam = std::map<", 30,
		    PAT_LINE_CUT, 0 };
		struct pat_line b = { 1, "\n  NotATest\n", 12,
		    PAT_LINE_CUT | PAT_LINE_EOL, 0 };

		T_EQ_INT(pat_gtest_ops.list_line(r.state, &a, t_pat_emit, &r),
		    0);
		T_EQ_INT(pat_gtest_ops.list_line(r.state, &b, t_pat_emit, &r),
		    0);
	}
	list(1, "  Size\n");
	T_PAT_EVENTS(&r, "exists 'Big/0.Size'");
	t_pat_end(&r);
}

/* ---- selection ------------------------------------------------------- */

static void
selection_builds_one_filter(void)
{
	struct pat_cmd c = PAT_CMD_INIT;
	struct sw_str ids[] = {
		sw_str_c("Basic.Pass"), sw_str_c("Nums/P.Even/1"),
		sw_str_c("Ty/0.Size #2"), sw_str_c("Setup (set-up)"),
		sw_str_c(""), sw_str_c(" leading"), sw_str_c("odd-name:x*y?"),
	};

	/* The listing is not needed: the filter names whole tests. */
	T_EQ_INT(pat_gtest_ops.select(ids, 2, ids, 7, &c), 0);
	T_EQ_INT(c.nargs, 1);
	T_PAT_STR(c.args[0], "--gtest_filter=Basic.Pass:Nums/P.Even/1");
	T_EQ_INT(c.nenv, 0);
	pat_cmd_free(&c);
	T_EQ_INT(pat_gtest_ops.select(ids, 7, NULL, 0, &c), 0);
	T_EQ_INT(c.nargs, 1);
	T_PAT_STR(c.args[0], "--gtest_filter=Basic.Pass:Nums/P.Even/1:"
	    "Ty/0.Size:Setup:odd?name?x?y?");
	pat_cmd_free(&c);
	/* nothing: run nothing (an empty filter would run everything) */
	T_EQ_INT(pat_gtest_ops.select(ids, 0, NULL, 0, &c), 0);
	T_PAT_STR(c.args[0], "--gtest_filter=-*");
	pat_cmd_free(&c);
	T_EQ_INT(pat_gtest_ops.select(ids + 4, 2, NULL, 0, &c), 0);
	T_PAT_STR(c.args[0], "--gtest_filter=-*");
	pat_cmd_free(&c);
}

static void
selection_too_long(void)
{
	static char a[PAT_GTEST_FILTER_MAX];
	struct pat_cmd c = PAT_CMD_INIT;
	size_t flag = strlen("--gtest_filter=");
	struct sw_str ids[2];

	/* exactly the limit: fine */
	memset(a, 'a', sizeof a);
	ids[0].ptr = a;
	ids[0].len = PAT_GTEST_FILTER_MAX - flag - 2;
	ids[1] = sw_str_c("b");
	T_EQ_INT(pat_gtest_ops.select(ids, 2, NULL, 0, &c), 0);
	T_EQ_INT(c.nargs, 1);
	T_EQ_INT(c.nargs ? strlen(c.args[0]) : 0, PAT_GTEST_FILTER_MAX);
	pat_cmd_free(&c);
	/* one byte more: the caller must split, cmd untouched */
	ids[0].len++;
	T_EQ_INT(pat_gtest_ops.select(ids, 2, NULL, 0, &c), -E2BIG);
	T_EQ_INT(c.nargs, 0);
	/* a single id over the limit too */
	ids[0].len = sizeof a;
	T_EQ_INT(pat_gtest_ops.select(ids, 1, NULL, 0, &c), -E2BIG);
	T_EQ_INT(c.nargs, 0);
	/* many short ids */
	{
		static struct sw_str many[20000];

		for (size_t i = 0; i < 20000; i++)
			many[i] = sw_str_c("Suite.Name");
		/* 15 + 11 * n - 1 bytes */
		T_EQ_INT(pat_gtest_ops.select(many, 9089, NULL, 0, &c), 0);
		pat_cmd_free(&c);
		T_EQ_INT(pat_gtest_ops.select(many, 9090, NULL, 0, &c), -E2BIG);
		T_EQ_INT(c.nargs, 0);
	}
}

/* ---- errors ---------------------------------------------------------- */

static void
emit_errors_stop_the_plug_in(void)
{
	start();
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "[ RUN      ] A.B\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "x[       OK ] A.B (0 ms)\n"), -EPIPE);
	t_pat_end(&r);
	/* a layer opening, at a failure line or at the end */
	start();
	out("[----------] 1 test from Q\n");
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "q.cc:1: Failure\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), -EPIPE);
	t_pat_end(&r);
	start();
	out("[ RUN      ] A.B\n");
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), -EPIPE);
	t_pat_end(&r);
	start();
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "[ DISABLED ] A.DISABLED_B\n"), -EPIPE);
	t_pat_end(&r);
	start();
	r.fail_at = 1;
	list(1, "A.\n");
	{
		struct pat_line l = { 1, "  B\n", 4, PAT_LINE_EOL, 0 };

		T_EQ_INT(pat_gtest_ops.list_line(r.state, &l, t_pat_emit, &r),
		    -EPIPE);
	}
	t_pat_end(&r);
}

/* Layers named in an id file (testr --failing): which tests they mean. */
static void
layers_in_id_files(void)
{
	const struct pat_ops *o = &pat_gtest_ops;

	T_CHECK(o->is_layer(sw_str_c("Crashy (set-up)")), "suite set-up");
	T_CHECK(o->is_layer(sw_str_c("Inst/Param (tear-down)")), "tear-down");
	T_CHECK(o->is_layer(sw_str_c("global environment set-up")), "global");
	T_CHECK(o->is_layer(sw_str_c("global environment tear-down")), "g");
	T_CHECK(!o->is_layer(sw_str_c("Crashy.A")), "a test");
	T_CHECK(!o->is_layer(sw_str_c(" (set-up)")), "no suite");
	T_CHECK(o->layer_selects(sw_str_c("Crashy (set-up)"),
	    sw_str_c("Crashy.A")), "its suite");
	T_CHECK(!o->layer_selects(sw_str_c("Crashy (set-up)"),
	    sw_str_c("CrashyToo.A")), "a longer suite name");
	T_CHECK(!o->layer_selects(sw_str_c("Crashy (set-up)"),
	    sw_str_c("Other.A")), "another suite");
	T_CHECK(o->layer_selects(sw_str_c("Inst/Param (tear-down)"),
	    sw_str_c("Inst/Param.Case/3")), "parameterised");
	T_CHECK(o->layer_selects(sw_str_c("global environment set-up"),
	    sw_str_c("Any.Test")), "global: everything");
}

int
main(void)
{
	T_RUN(ops_drive_the_framework);
	T_RUN(basic_run);
	T_RUN(closing_tag_must_name_the_open_test);
	T_RUN(markers_on_stderr_are_chatter);
	T_RUN(summary_lines_are_not_results);
	T_RUN(result_lines_in_a_layer_are_its_chatter);
	T_RUN(marker_after_chatter_without_newline);
	T_RUN(cut_pieces_of_a_long_line);
	T_RUN(crlf_line_ends);
	T_RUN(colour_codes_after_tags);
	T_RUN(parameterised_and_typed_names);
	T_RUN(repeated_runs_get_unique_labels);
	T_RUN(without_print_time);
	T_RUN(death_test_output_is_chatter);
	T_RUN(crash_mid_test);
	T_RUN(exit_zero_mid_test);
	T_RUN(timeout_mid_test);
	T_RUN(partial_line_at_the_end);
	T_RUN(missing_summary);
	T_RUN(exit_status_after_the_summary);
	T_RUN(suite_setup_and_teardown);
	T_RUN(crash_in_suite_setup);
	T_RUN(global_environment);
	T_RUN(global_environment_fatal);
	T_RUN(global_environment_skip);
	T_RUN(skips_are_skips_when_no_setup_failed);
	T_RUN(failure_text_elsewhere_is_no_layer);
	T_RUN(listing);
	T_RUN(listing_skips_what_is_not_a_list);
	T_RUN(selection_builds_one_filter);
	T_RUN(selection_too_long);
	T_RUN(emit_errors_stop_the_plug_in);
	T_RUN(layers_in_id_files);
	return t_done();
}

/*
 * test_user: unit tests of patterns/pat_user (user pattern files): the
 * file format and each of its error messages, what every kind of line
 * does, finish, and a model-based random test of the open/close rules.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_user.h"
#include "t.h"
#include "t_pat.h"

/* A simple file used by several tests. */
static const char basic[] =
    "# a comment\n"
    "\n"
    "start ^=== RUN +(.+)$\n"
    "pass  ^--- PASS: (.+) \\([0-9.]+s\\)$\n"
    "fail  ^--- FAIL: (.+) \\([0-9.]+s\\)$\n"
    "skip  reason=2 ^--- SKIP: ([^ ]+)( .*)?$\n";

static void
test_ops(void)
{
	T_PAT_STR(pat_user_ops.name, "user");
	T_CHECK(pat_user_ops.whole_program, "not whole-program");
	T_CHECK(pat_user_ops.env_set == NULL, "sets environment");
	T_CHECK(pat_user_ops.env_unset == NULL, "clears environment");
}

/* The example of pat_user.h, verbatim. */
static void
test_header_example(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "# libfoo's runner; the summary repeats \"[ DONE ]\" lines: "
	    "not results\n"
	    "ignore  ^\\[ DONE \\] summary\n"
	    "start   ^\\[ RUN  \\] (.+)$\n"
	    "result  name=1 status=2 reason=4 "
	    "^\\[ DONE \\] (.+): ([A-Z]+)( \\((.*)\\))?$\n"
	    "result  name=1 status=2 ^RESULT\\s+(\\S+)\\s+(\\S+)$\n"
	    "fail    ^\\*\\*\\* CRASH in (.+)$\n"), 0);
	T_PAT_STR(r.err, "");
	T_EQ_INT(t_pat_feed(&r, 1,
	    "[ RUN  ] parser/empty\n"
	    "[ DONE ] parser/empty: OK\n"
	    "[ RUN  ] parser/utf8\n"
	    "[ DONE ] parser/utf8: SKIPPED (no locale)\n"
	    "RESULT quick/one PASS\n"
	    "[ RUN  ] parser/deep\n"
	    "*** CRASH in parser/deep\n"
	    "[ DONE ] summary: FAILED\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "open 'parser/empty'", "close success",
	    "open 'parser/utf8'", "close skip reason='no locale'",
	    "open 'quick/one'", "close success",
	    "open 'parser/deep'", "close fail",
	    "bytes L* fd1 '[ DONE ] summary: FAILED\\n'",
	    "verdict fail reason='exit status 1, 1 of 4 subtests failed'");
	t_pat_end(&r);
}

static void
test_start_end_chatter(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "before\n"
	    "=== RUN   TestA\n"
	    "a says\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 2, "a warns\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "--- PASS: TestA (0.00s)\n"
	    "between\n"
	    "=== RUN   TestB\n"
	    "--- FAIL: TestB (0.01s)\n"
	    "=== RUN   TestC\n"
	    "--- SKIP: TestC needs root\n"
	    "--- SKIP: TestD\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(1)), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'before\\n'",
	    "open 'TestA'",
	    "bytes L* fd1 'a says\\n'",
	    "bytes L* fd2 'a warns\\n'",
	    "close success",
	    "bytes L* fd1 'between\\n'",
	    "open 'TestB'", "close fail",
	    "open 'TestC'", "close skip reason='needs root'",
	    "open 'TestD'", "close skip",
	    "verdict fail reason='exit status 1, 1 of 4 subtests failed'");
	t_pat_end(&r);
}

static void
test_nesting(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "=== RUN a\n"
	    "=== RUN a/b\n"
	    "--- PASS: a/b (0s)\n"
	    "=== RUN a/c\n"
	    "=== RUN a/c/d\n"
	    "--- FAIL: a (1s)\n"), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'", "open 'a/b'", "close success",
	    "open 'a/c'", "open 'a/c/d'",
	    "close fail reason='not finished'",
	    "close fail reason='not finished'",
	    "close fail");
	t_pat_reset(&r);
	/* A result for a test that is not open: a result of its own. */
	T_EQ_INT(t_pat_feed(&r, 1,
	    "=== RUN x\n"
	    "--- PASS: y (0s)\n"
	    "--- PASS: x (0s)\n"
	    "--- PASS: x (0s)\n"), 0);
	/* ... and a second x beside the first is labelled apart (pat.h). */
	T_PAT_EVENTS(&r,
	    "open 'x'", "open 'y'", "close success", "close success",
	    "open 'x #2'", "close success");
	t_pat_reset(&r);
	/* The same name twice: the innermost one ends. */
	T_EQ_INT(t_pat_feed(&r, 1,
	    "=== RUN x\n"
	    "=== RUN x\n"
	    "--- FAIL: x (0s)\n"
	    "--- PASS: x (0s)\n"), 0);
	T_PAT_EVENTS(&r,
	    "open 'x #3'", "open 'x'", "close fail", "close success");
	t_pat_end(&r);
}

static void
test_every_keyword(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "pass reason=2 ^P (\\S+) ?(.*)$\n"
	    "fail reason=2 ^F (\\S+) ?(.*)$\n"
	    "error reason=2 ^E (\\S+) ?(.*)$\n"
	    "skip reason=2 ^S (\\S+) ?(.*)$\n"
	    "xfail reason=2 ^XF (\\S+) ?(.*)$\n"
	    "xpass reason=2 ^XP (\\S+) ?(.*)$\n"
	    "uxsuccess ^U (\\S+)$\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "P a\nF b why\nE c\nE d disk full\nS e\nXF f bug 12\nXP g\n"
	    "U h\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'", "close success",
	    "open 'b'", "close fail reason='why'",
	    "open 'c'", "close fail reason='ERROR'",
	    "open 'd'", "close fail reason='ERROR: disk full'",
	    "open 'e'", "close skip",
	    "open 'f'", "close xfail reason='bug 12'",
	    "open 'g'", "close uxsuccess",
	    "open 'h'", "close uxsuccess",
	    "verdict fail reason='5 of 8 subtests failed'");
	t_pat_end(&r);
}

static void
test_result_words(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "result reason=4 ^([A-Za-z]*): ([^(]+)( \\((.*)\\))?$\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "PASS: 1\nPassed: 2\nok: 3\nSUCCESS: 4\n"
	    "FAIL: 5\nfailed: 6\nFAILURE: 7\nERROR: 8\nerror: 9 (oom)\n"
	    "SKIP: 10\nSkipped: 11 (no net)\nXFAIL: 12\nXPASS: 13\n"
	    "uxsuccess: 14\nTIMEOUT: 15\nCrash: 16 (SIGSEGV)\n"
	    ": 17\n"), 0);
	T_PAT_EVENTS(&r,
	    "open '1'", "close success",
	    "open '2'", "close success",
	    "open '3'", "close success",
	    "open '4'", "close success",
	    "open '5'", "close fail",
	    "open '6'", "close fail",
	    "open '7'", "close fail",
	    "open '8'", "close fail reason='ERROR'",
	    "open '9'", "close fail reason='ERROR: oom'",
	    "open '10'", "close skip",
	    "open '11'", "close skip reason='no net'",
	    "open '12'", "close xfail",
	    "open '13'", "close uxsuccess",
	    "open '14'", "close uxsuccess",
	    "open '15'", "close fail reason='TIMEOUT'",
	    "open '16'", "close fail reason='Crash: SIGSEGV'",
	    "bytes L* fd1 ': 17\\n'");
	t_pat_end(&r);
}

/* End rules without a name close the innermost open subtest. */
static void
test_nameless_end(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "start ^  Test: (.+) \\.\\.\\.\n"
	    "pass ^ *passed$\n"
	    "fail name=0 reason=1 ^ *FAILED: (.*)$\n"
	    "result name=0 status=1 ^ *\\[(OK|SKIP)\\]$\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "passed\n"
	    "  Test: one ...\n"
	    "hello\n"
	    "passed\n"
	    "  Test: two ...\n"
	    "  Test: three ...\n"
	    "  FAILED: x != y\n"
	    "  [SKIP]\n"
	    "[OK]\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'passed\\n'",
	    "open 'one'",
	    "bytes L* fd1 'hello\\n'",
	    "close success",
	    "open 'two'", "open 'three'",
	    "close fail reason='x != y'",
	    "close skip",
	    "bytes L* fd1 '[OK]\\n'");
	t_pat_end(&r);
}

static void
test_ignore_shadows(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "ignore ^FAIL: summary\n"
	    "fail ^FAIL: (.+)$\n"
	    "ignore ^PASS\n"
	    "pass ^PASS: (.+)$\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "FAIL: summary of 3\nFAIL: real\nPASS: never\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'FAIL: summary of 3\\n'",
	    "open 'real'", "close fail",
	    "bytes L* fd1 'PASS: never\\n'");
	t_pat_end(&r);
}

static void
test_line_forms(void)
{
	struct t_pat r;
	const char nul[] = "--- SKIP: a\0b\n";
	const char nul2[] = "=== RUN x\0y\n";

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	/* CRLF: "$" matches before the CR; the name has no CR. */
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN crlf \r\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "--- PASS: crlf (0s)\r\n"), 0);
	/* No newline at all (the last line of the output). */
	T_EQ_INT(t_pat_feed(&r, 1, "--- FAIL: last (0s)"), 0);
	/* Cut pieces are never protocol. */
	T_EQ_INT(t_pat_line(&r, 1, "=== RUN cut", 11, PAT_LINE_CUT, 0), 0);
	T_EQ_INT(t_pat_line(&r, 1, "=== RUN cut\n", 12,
	    PAT_LINE_CUT | PAT_LINE_EOL, 0), 0);
	/*
	 * NUL bytes are matched and passed on raw; glibc's "." does not
	 * match them, "[^ ]" does.
	 */
	T_EQ_INT(t_pat_line(&r, 2, nul, sizeof nul - 1, PAT_LINE_EOL, 0), 0);
	T_EQ_INT(t_pat_line(&r, 2, nul2, sizeof nul2 - 1, PAT_LINE_EOL, 0),
	    0);
	/* Names: trimmed, otherwise raw bytes. */
	T_EQ_INT(t_pat_feed(&r, 1,
	    "=== RUN   caf\xc3\xa9 \xe2\x9c\x93 with  spaces\t\n"
	    "=== RUN ctl\x01\x1b[0m\xff\n"
	    "=== RUN  \n"), 0);
	T_PAT_EVENTS(&r,
	    "open 'crlf'", "close success",
	    "open 'last'", "close fail",
	    "bytes L* fd1 '=== RUN cut'",
	    "bytes L* fd1 '=== RUN cut\\n'",
	    "open 'a\\x00b'", "close skip",
	    "bytes L* fd2 '=== RUN x\\x00y\\n'",
	    "open 'caf\\xc3\\xa9 \\xe2\\x9c\\x93 with  spaces'",
	    "open 'ctl\\x01\\x1b[0m\\xff'",
	    "bytes L* fd1 '=== RUN  \\n'");
	t_pat_end(&r);
}

static void
test_soft_start(void)
{
	struct t_pat r;
	const char *a = "partial=== RUN x\n";
	const char *b = "no rule here\n";
	const char *c = "noise (0s)--- FAIL: x (0s)\n";

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN outer\n"), 0);
	T_EQ_INT(t_pat_line(&r, 1, a, strlen(a), PAT_LINE_EOL, 7), 0);
	T_EQ_INT(t_pat_line(&r, 1, b, strlen(b), PAT_LINE_EOL, 3), 0);
	T_EQ_INT(t_pat_line(&r, 1, b, strlen(b), PAT_LINE_EOL, 12), 0);
	T_EQ_INT(t_pat_line(&r, 1, a, strlen(a), PAT_LINE_EOL, 3), 0);
	/* "^" anchors at soft_start. */
	T_EQ_INT(t_pat_line(&r, 1, c, strlen(c), PAT_LINE_EOL, 10), 0);
	T_PAT_EVENTS(&r,
	    "open 'outer'",
	    "bytes L* fd1 'partial'",
	    "open 'x'",
	    "bytes L* fd1 'no rule here\\n'",
	    "bytes L* fd1 'no rule here\\n'",
	    "bytes L* fd1 'partial=== RUN x\\n'",
	    "bytes L* fd1 'noise (0s)'",
	    "close fail");
	t_pat_end(&r);
}

static void
test_depth_limit(void)
{
	struct t_pat r;
	char line[64];

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	for (int i = 0; i < PAT_USER_DEPTH_MAX; i++) {
		snprintf(line, sizeof line, "=== RUN t%d\n", i);
		t_pat_feed(&r, 1, line);
	}
	T_EQ_INT(r.count, PAT_USER_DEPTH_MAX);
	t_pat_reset(&r);
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN deeper\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "--- PASS: t31 (0s)\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN again\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 '=== RUN deeper\\n'",
	    "close success",
	    "open 'again'");
	t_pat_reset(&r);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_EQ_INT(r.count, PAT_USER_DEPTH_MAX);
	T_CHECK(strstr(r.out, "verdict fail reason='32 of 33 subtests "
	    "failed'\n") != NULL, "%s", r.out);
	t_pat_end(&r);
}

/* finish: open subtests closed with the reason, then the verdict. */
static void
check_finish(int line, const char *lines, struct pat_exit ex,
    const char *want)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	t_pat_feed(&r, 1, lines);
	t_pat_reset(&r);
	T_EQ_INT(t_pat_finish(&r, ex), 0);
	if (strcmp(r.out, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got\n%s#   want\n%s", line, r.out, want);
	}
	t_pat_end(&r);
}

static void
test_finish(void)
{
	const char *two_open = "=== RUN a\n=== RUN b\n";

	check_finish(__LINE__, two_open, t_pat_signaled(SIGSEGV, true),
	    "close fail reason='still running when the program ended: "
	    "killed by signal SIGSEGV (core dumped)'\n"
	    "close fail reason='still running when the program ended: "
	    "killed by signal SIGSEGV (core dumped)'\n"
	    "verdict fail reason='killed by signal SIGSEGV (core dumped), "
	    "2 of 2 subtests failed'\n");
	check_finish(__LINE__, two_open, t_pat_exited(0),
	    "close fail reason='still running when the program ended: "
	    "exit status 0'\n"
	    "close fail reason='still running when the program ended: "
	    "exit status 0'\n"
	    "verdict fail reason='2 of 2 subtests failed'\n");
	check_finish(__LINE__, "=== RUN a\n", t_pat_timed_out(10),
	    "close fail reason='still running when the program ended: "
	    "timed out after 10 s'\n"
	    "verdict fail reason='timed out after 10 s, 1 of 1 subtests "
	    "failed'\n");
	check_finish(__LINE__, "", t_pat_exited(0), "verdict success\n");
	check_finish(__LINE__, "just chatter\n", t_pat_exited(77),
	    "verdict skip reason='exit status 77'\n");
	check_finish(__LINE__, "--- SKIP: a\n", t_pat_exited(77),
	    "verdict fail reason='exit status 77'\n");
	check_finish(__LINE__, "--- PASS: a (0s)\n--- SKIP: b\n",
	    t_pat_exited(0), "verdict success\n");
	check_finish(__LINE__, "--- PASS: a (0s)\n", t_pat_exited(3),
	    "verdict fail reason='exit status 3'\n");
	check_finish(__LINE__, "--- FAIL: a (0s)\n", t_pat_exited(0),
	    "verdict fail reason='1 of 1 subtests failed'\n");
	check_finish(__LINE__, "", t_pat_interrupted(),
	    "verdict fail reason='interrupted'\n");
	check_finish(__LINE__, "", t_pat_exited(99),
	    "verdict fail reason='exit status 99 (hard error)'\n");
}

static void
test_emit_error(void)
{
	struct t_pat r;

	T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN a\n"), -EPIPE);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_feed(&r, 1, "chatter\n"), -EPIPE);
	t_pat_reset(&r);
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN b\n=== RUN c\n"), 0);
	t_pat_reset(&r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_feed(&r, 1, "--- PASS: a (0s)\n"), -EPIPE);
	T_PAT_EVENTS(&r, "close fail reason='not finished'",
	    "close fail reason='not finished'");
	t_pat_reset(&r);
	T_EQ_INT(t_pat_feed(&r, 1, "=== RUN d\n"), 0);
	t_pat_reset(&r);
	r.fail_at = 1;
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), -EPIPE);
	t_pat_end(&r);
}

/* create() must fail with exactly this message. */
static void
check_error(int line, const char *file, const char *want)
{
	struct t_pat r;
	int rc = t_pat_start(&r, &pat_user_ops, file);

	if (rc != -EINVAL || strcmp(r.err, want) != 0) {
		t_case_failed = 1;
		printf("#   line %d: got %d \"%s\"\n#   want \"%s\"\n", line, rc,
		    r.err, want);
	}
	T_CHECK(r.state == NULL, "state left after an error");
	t_pat_end(&r);
}

static void
test_parse_errors(void)
{
	char big[PAT_USER_LINE_MAX + 64];
	char *many;
	size_t n = 0;

	check_error(__LINE__, NULL, "no rules");
	check_error(__LINE__, "", "no rules");
	check_error(__LINE__, "# only\n\n   \n\t# comments\n", "no rules");
	check_error(__LINE__, "strat ^x$\n",
	    "line 1: unknown keyword \"strat\"");
	check_error(__LINE__, "# c\n\nPASS ^x$\n",
	    "line 3: unknown keyword \"PASS\"");
	check_error(__LINE__, "pass (a)\nweird\x01\xff ^x\n",
	    "line 2: unknown keyword \"weird??\"");
	check_error(__LINE__,
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz x\n",
	    "line 1: unknown keyword \"abcdefghijklmnopqrstuvwxyzabcdef\"");
	check_error(__LINE__, "pass (a)\nstart\n",
	    "line 2: start: no regular expression");
	check_error(__LINE__, "pass   \t\r\n",
	    "line 1: pass: no regular expression");
	check_error(__LINE__, "fail name=1\n",
	    "line 1: fail: no regular expression");
	check_error(__LINE__, "start ^(a\n",
	    "line 1: start: bad regular expression: Unmatched ( or \\(");
	check_error(__LINE__, "pass\t*x\n",
	    "line 1: pass: bad regular expression: Invalid preceding "
	    "regular expression");
	check_error(__LINE__, "skip a{2,1}\n",
	    "line 1: skip: bad regular expression: Invalid content of \\{\\}");
	check_error(__LINE__, "start ^x$\n",
	    "line 1: start: no capture group 1 (the expression has 0)");
	check_error(__LINE__, "result ^(PASS) x$\n",
	    "line 1: result: no capture group 2 (the expression has 1)");
	check_error(__LINE__, "pass name=3 ^(a)(b)$\n",
	    "line 1: pass: no capture group 3 (the expression has 2)");
	check_error(__LINE__, "fail reason=2 ^(a)$\n",
	    "line 1: fail: no capture group 2 (the expression has 1)");
	check_error(__LINE__, "result status=4 name=1 ^(a)(b)$\n",
	    "line 1: result: no capture group 4 (the expression has 2)");
	check_error(__LINE__, "pass name=x ^(a)$\n",
	    "line 1: pass: bad option \"name=x\"");
	check_error(__LINE__, "pass name=10 ^(a)$\n",
	    "line 1: pass: bad option \"name=10\"");
	check_error(__LINE__, "pass reason= ^(a)$\n",
	    "line 1: pass: bad option \"reason=\"");
	check_error(__LINE__, "pass status=1 ^(a)$\n",
	    "line 1: pass: no status= option here");
	check_error(__LINE__, "start reason=1 ^(a)$\n",
	    "line 1: start: no reason= option here");
	check_error(__LINE__, "ignore name=1 ^(a)$\n",
	    "line 1: ignore: no name= option here");
	check_error(__LINE__, "ignore reason=1 ^(a)$\n",
	    "line 1: ignore: no reason= option here");
	check_error(__LINE__, "start name=0 ^(a)$\n",
	    "line 1: start: needs a name (name=0)");
	/*
	 * glibc's regcomp copies the operand of '+' and {}: repetitions of
	 * repetitions multiply (30 "+" made 2^30 copies; found by
	 * fuzz_pattern_file: out of memory), and its memory grows with the
	 * square of the size.  Refused.
	 */
	check_error(__LINE__, "pass x+++++++++++++\n",
	    "line 1: pass: regular expression too large (the file's "
	    "expressions make more than 4096 items)");
	check_error(__LINE__, "# nested\n"
	    "fail ^(((((((((((((((x+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)$\n",
	    "line 2: fail: regular expression too large (the file's "
	    "expressions make more than 4096 items)");
	check_error(__LINE__, "skip ^(a{1,512}b){9}$\n",
	    "line 1: skip: regular expression too large (the file's "
	    "expressions make more than 4096 items)");
	/*
	 * Copies of what can match nothing take regcomp exponential time
	 * after an anchor: "^x*++++++$" ran for minutes, "^(a?){0,400}$"
	 * 20 s and 2.6 GB.  Refused: "*" or "?" says the same.
	 */
	check_error(__LINE__, "pass ^x*+$\n",
	    "line 1: pass: regular expression repeats with '+' or {} what can "
	    "match nothing (write * or ?)");
	check_error(__LINE__, "pass ^(a?){0,3}$\n",
	    "line 1: pass: regular expression repeats with '+' or {} what can "
	    "match nothing (write * or ?)");
	check_error(__LINE__, "start ^(x|)+ (.*)$\n",
	    "line 1: start: regular expression repeats with '+' or {} what can "
	    "match nothing (write * or ?)");
	check_error(__LINE__, "fail (\\<){2}\n",
	    "line 1: fail: regular expression repeats with '+' or {} what can "
	    "match nothing (write * or ?)");
	{
		struct t_pat r;

		T_EQ_INT(t_pat_start(&r, &pat_user_ops,
		    "pass ^( [0-9]+)*(ab+)+(a|b?c)+(^a)+x{2}[*+]+\\++$\n"), 0);
		t_pat_end(&r);
	}
	/* The limit is for the whole file: ^a{2000}$ makes 2003 items. */
	{
		struct t_pat r;

		T_EQ_INT(t_pat_start(&r, &pat_user_ops, "pass ^a{2000}$\n"
		    "pass ^b{2000}$\npass ^c{80}$\n"), 0);
		t_pat_end(&r);
	}
	check_error(__LINE__, "pass ^a{2000}$\npass ^b{2000}$\n"
	    "pass ^c{100}$\n",
	    "line 3: pass: regular expression too large (the file's "
	    "expressions make more than 4096 items)");
	/* Longest line: PAT_USER_LINE_MAX bytes without the newline. */
	memset(big, 0, sizeof big);
	memcpy(big, "pass ", 5);
	memset(big + 5, 'x', PAT_USER_LINE_MAX - 5);
	{
		struct t_pat r;

		T_EQ_INT(t_pat_start(&r, &pat_user_ops, big), 0);
		t_pat_end(&r);
	}
	big[PAT_USER_LINE_MAX] = 'x';
	check_error(__LINE__, big, "line 1: longer than 4096 bytes");
	/* Most rules: PAT_USER_RULES_MAX, then one more. */
	many = malloc(64 * (PAT_USER_RULES_MAX + 2));
	if (many == NULL)
		abort();
	for (int i = 0; i < PAT_USER_RULES_MAX; i++)
		n += (size_t)sprintf(many + n, "pass ^x%d$\n", i);
	{
		struct t_pat r;

		T_EQ_INT(t_pat_start(&r, &pat_user_ops, many), 0);
		t_pat_end(&r);
	}
	sprintf(many + n, "# fine\nignore ^y$\n");
	check_error(__LINE__, many, "line 66: more than 64 rules");
	free(many);
}

static void
test_error_message_cap(void)
{
	struct pat_user_small {
		char err[12];
		char guard[4];
	} s;
	void *state = (void *)1;

	memset(&s, 'G', sizeof s);
	T_EQ_INT(pat_user_ops.create("bogus x", &state, s.err, sizeof s.err),
	    -EINVAL);
	T_PAT_STR(s.err, "line 1: unk");
	T_EQ_INT(s.guard[0], 'G');
	T_CHECK(state == NULL, "state not NULL");
	T_EQ_INT(pat_user_ops.create("bogus x", &state, NULL, 0), -EINVAL);
	T_EQ_INT(pat_user_ops.create(NULL, &state, s.err, 1), -EINVAL);
	T_EQ_INT(s.err[0], 0);
}

static void
test_parse_forms(void)
{
	struct t_pat r;

	/* CRLF file, tabs, no final newline, icase, options in any order. */
	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "  # indented comment\r\n"
	    "\t\r\n"
	    "start\ticase\t^begin (.+)$\r\n"
	    "result reason=3  name=2   status=1 ^(\\w+) (\\w+) ?(.*)$ \t"),
	    0);
	T_EQ_INT(t_pat_feed(&r, 1,
	    "BEGIN a\nbegin b\nok b\nfail a because\n"), 0);
	T_PAT_EVENTS(&r,
	    "open 'a'", "open 'b'", "close success",
	    "close fail reason='because'");
	t_pat_end(&r);
	/* A regex that merely starts with an option-like word. */
	T_EQ_INT(t_pat_start(&r, &pat_user_ops,
	    "pass icased ^(x)$\n"
	    "fail names (y)$\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "x\ny\nnames y\n"), 0);
	T_PAT_EVENTS(&r,
	    "bytes L* fd1 'x\\n'",
	    "bytes L* fd1 'y\\n'",
	    "open 'y'", "close fail");
	t_pat_end(&r);
}

/*
 * Model test: random lines of the basic format; the test keeps its own
 * stack of open names, predicts each line's events, and checks them.
 */
static unsigned long t_seed = 12345;

static unsigned
rnd(unsigned n)
{
	t_seed = t_seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((t_seed >> 33) % n);
}

struct model {
	char names[PAT_USER_DEPTH_MAX][8];
	int depth;
	unsigned long total, failed;
	/* times[d][i]: subtests named names[i] opened under depth d */
	unsigned times[PAT_USER_DEPTH_MAX + 1][4];
};

/* The label the plug-in gives a new subtest `name` (index i) at depth. */
static void
model_open(struct model *m, const char *name, unsigned i, struct t_pat *want)
{
	unsigned k = ++m->times[m->depth][i];
	char suffix[16] = "";

	if (k > 1)
		snprintf(suffix, sizeof suffix, " #%u", k);
	t_pat_adds(want, "open '");
	t_pat_adds(want, name);
	t_pat_adds(want, suffix);
	t_pat_adds(want, "'\n");
}

/* A subtest at depth m->depth (after the pop) closed: forget its children. */
static void
model_popped(struct model *m)
{
	memset(m->times[m->depth + 1], 0, sizeof m->times[0]);
}

/* Feed one random line; append the predicted events to want. */
static void
model_step(struct model *m, char *line, size_t cap, struct t_pat *want)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	unsigned idx = rnd(4);
	const char *name = names[idx];
	unsigned what = rnd(4);
	int at;

	if (what == 0) {
		snprintf(line, cap, "=== RUN %s\n", name);
		if (m->depth == PAT_USER_DEPTH_MAX) {
			t_pat_adds(want, "bytes L* fd1 '=== RUN ");
			t_pat_adds(want, name);
			t_pat_adds(want, "\\n'\n");
			return;
		}
		model_open(m, name, idx, want);
		snprintf(m->names[m->depth++], 8, "%s", name);
		return;
	}
	if (what == 3) {
		snprintf(line, cap, "chatter %s\n", name);
		t_pat_adds(want, "bytes L* fd1 'chatter ");
		t_pat_adds(want, name);
		t_pat_adds(want, "\\n'\n");
		return;
	}
	snprintf(line, cap, "--- %s: %s (0s)\n", what == 1 ? "PASS" : "FAIL",
	    name);
	for (at = m->depth - 1; at >= 0; at--)
		if (strcmp(m->names[at], name) == 0)
			break;
	if (at < 0)
		model_open(m, name, idx, want);
	while (at >= 0 && m->depth > at + 1) {
		m->depth--;
		model_popped(m);
		m->total++;
		m->failed++;
		t_pat_adds(want, "close fail reason='not finished'\n");
	}
	if (at >= 0) {
		m->depth--;
		model_popped(m);
	}
	m->total++;
	m->failed += what == 2;
	t_pat_adds(want, what == 1 ? "close success\n" : "close fail\n");
}

static void
test_model(void)
{
	for (int run = 0; run < 200; run++) {
		struct t_pat r, want;
		struct model m;
		char line[64], v[128];
		int steps = (int)rnd(80);

		memset(&m, 0, sizeof m);
		memset(&want, 0, sizeof want);
		t_pat_add(&want, "", 0);
		T_EQ_INT(t_pat_start(&r, &pat_user_ops, basic), 0);
		for (int i = 0; i < steps; i++) {
			model_step(&m, line, sizeof line, &want);
			T_EQ_INT(t_pat_feed(&r, 1, line), 0);
		}
		for (; m.depth > 0; m.depth--, m.total++, m.failed++)
			t_pat_adds(&want, "close fail reason='still running "
			    "when the program ended: exit status 0'\n");
		T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
		if (m.failed)
			snprintf(v, sizeof v, "verdict fail reason='%lu of %lu "
			    "subtests failed'\n", m.failed, m.total);
		else
			snprintf(v, sizeof v, "verdict success\n");
		t_pat_adds(&want, v);
		if (strcmp(r.out, want.out) != 0) {
			t_case_failed = 1;
			printf("#   run %d differs\n# got:\n%s# want:\n%s", run,
			    r.out, want.out);
			run = 1000;
		}
		free(want.out);
		t_pat_end(&r);
	}
}

/*
 * Lines longer than PAT_USER_MATCH_MAX are chatter, never matched: glibc
 * took 16 s for "(.+)$" on a 64 KiB line, which grows with its square
 * (found by fuzz_pattern_file: a timeout).  Up to the limit they match.
 */
static void
test_long_lines_are_not_matched(void)
{
	size_t max = PAT_USER_MATCH_MAX;
	char *line = malloc(max + 3);
	struct t_pat r;

	if (line == NULL)
		abort();
	T_EQ_INT(t_pat_start(&r, &pat_user_ops, "pass ^PASS (x+)$\n"), 0);
	/* PAT_USER_MATCH_MAX bytes and a CRLF: a result. */
	memset(line, 'x', max);
	memcpy(line, "PASS ", 5);
	memcpy(line + max, "\r\n", 2);
	T_EQ_INT(t_pat_line(&r, 1, line, max + 2, PAT_LINE_EOL, 0), 0);
	T_CHECK(r.out != NULL && strncmp(r.out, "open 'xxx", 9) == 0,
	    "got %.40s", r.out ? r.out : "nothing");
	t_pat_reset(&r);
	/* One byte more: chatter. */
	memset(line, 'x', max + 1);
	memcpy(line, "PASS ", 5);
	memcpy(line + max + 1, "\r\n", 2);
	T_EQ_INT(t_pat_line(&r, 1, line, max + 3, PAT_LINE_EOL, 0), 0);
	T_CHECK(r.out != NULL && strncmp(r.out, "bytes L* fd1 'PASS x", 20) == 0,
	    "got %.40s", r.out ? r.out : "nothing");
	t_pat_end(&r);
	free(line);
}

int
main(void)
{
	T_RUN(test_ops);
	T_RUN(test_header_example);
	T_RUN(test_start_end_chatter);
	T_RUN(test_nesting);
	T_RUN(test_every_keyword);
	T_RUN(test_result_words);
	T_RUN(test_nameless_end);
	T_RUN(test_ignore_shadows);
	T_RUN(test_line_forms);
	T_RUN(test_soft_start);
	T_RUN(test_depth_limit);
	T_RUN(test_finish);
	T_RUN(test_emit_error);
	T_RUN(test_parse_errors);
	T_RUN(test_error_message_cap);
	T_RUN(test_parse_forms);
	T_RUN(test_model);
	T_RUN(test_long_lines_are_not_matched);
	return t_done();
}

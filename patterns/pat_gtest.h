/*
 * pat_gtest: the googletest plug-in (observed on googletest 1.12.1, the
 * Debian 12 libgtest-dev; formats.md §2).  Not whole-program: every test
 * is a runnable test of its own, labelled by the name --gtest_filter takes,
 * so --list and --load-list round-trip:
 *
 *   Suite.Name             TEST / TEST_F
 *   Inst/Suite.Name/3      value-parameterised (TEST_P), "Suite.Name/3"
 *                          with an empty instantiation prefix
 *   Suite/0.Name           typed (TYPED_TEST); "Inst/Suite/0.Name" for
 *                          type-parameterised tests
 *
 * Driving the program:
 *   run_args   --gtest_color=no --gtest_brief=0 --gtest_print_time=1
 *              (appended after the user's arguments, so they win: gtest
 *              keeps the last value of a flag).  The same three are set
 *              in the environment (GTEST_COLOR=no, GTEST_BRIEF=0,
 *              GTEST_PRINT_TIME=1) for programs whose main() does not
 *              hand argv to InitGoogleTest.  No colour codes, one line per
 *              test start and end, "(N ms)" after every result.
 *   env_unset  the variables that change what runs, how it is printed or
 *              what is written elsewhere: GTEST_ALSO_RUN_DISABLED_TESTS,
 *              GTEST_BREAK_ON_FAILURE, GTEST_CATCH_EXCEPTIONS,
 *              GTEST_FAIL_FAST, GTEST_FILTER, GTEST_FLAGFILE, GTEST_OUTPUT,
 *              GTEST_RANDOM_SEED, GTEST_RECREATE_ENVIRONMENTS_WHEN_REPEATING,
 *              GTEST_REPEAT, GTEST_SHARD_INDEX, GTEST_SHARD_STATUS_FILE,
 *              GTEST_SHUFFLE, GTEST_STREAM_RESULT_TO, GTEST_THROW_ON_FAILURE,
 *              GTEST_TOTAL_SHARDS, and Bazel's TESTBRIDGE_TEST_ONLY (a
 *              filter), TESTBRIDGE_TEST_RUNNER_FAIL_FAST, XML_OUTPUT_FILE.
 *              Kept: GTEST_DEATH_TEST_STYLE, GTEST_DEATH_TEST_USE_FORK
 *              (valgrind), GTEST_PRINT_UTF8, GTEST_STACK_TRACE_DEPTH,
 *              GTEST_INSTALL_FAILURE_SIGNAL_HANDLER and
 *              TEST_PREMATURE_EXIT_FILE: they change neither the result
 *              lines nor which tests run.  Flags the user passes on the
 *              command line (--gtest_repeat=3, --gtest_filter=...) are
 *              the user's choice and are honoured.
 *   list_args  --gtest_list_tests.  list_line reads "Suite." lines (at
 *              column 0, one word ending in '.', optionally followed by
 *              "  # TypeParam = ...") and the "  Name" lines under them
 *              (indented two spaces, optionally "  # GetParam() = ..."),
 *              and reports "Suite.Name" as PAT_EXISTS.  Any other line
 *              (gtest_main's "Running main() from ...", the program's own
 *              output before RUN_ALL_TESTS) ends the current suite and is
 *              ignored; so is stderr, and the continuation of a line cut
 *              at PAT_LINE_MAX.  Disabled tests (suite or test name
 *              starting with DISABLED_ or containing "/DISABLED_",
 *              gtest's own rule) are listed by gtest but not reported:
 *              they do not run even when selected, so they are not
 *              runnable tests.
 *   select     one argument "--gtest_filter=A:B:C" (select_max 0: any
 *              number of ids).  Each id is cut at its first blank (gtest
 *              names have none; " #2" repeats and "Suite (set-up)" layers
 *              are not names), and ':', '-' and '*', which the filter
 *              would read as syntax, become '?' (which matches them).  No
 *              ids gives "--gtest_filter=-*" (run nothing; an empty filter
 *              would run everything).  -E2BIG if the argument would be
 *              longer than 100,000 bytes (Linux takes 128 KiB per
 *              argument); the caller splits the ids.  Selected disabled
 *              tests still do not run, and gtest then prints nothing for
 *              them (no --gtest_also_run_disabled_tests is added: a
 *              selected run does what a full run does).
 *
 * Reading a run (stdout; stderr is only ever chatter).  A line is protocol
 * when it starts with one of gtest's 13-byte tags at column 0, or contains
 * one after chatter printed without a newline ("text[       OK ] A.B
 * (0 ms)"): the first tag found that makes sense in the current state is
 * taken, and the text before it is chatter of whatever is running (so
 * pat_line.soft_start is not needed, and a marker in the last piece of a
 * line cut at PAT_LINE_MAX is still found).  An ANSI colour sequence
 * right after a tag is skipped (a main() that forces colour); the one
 * before it is chatter.  CRLF line ends are accepted.
 *
 *   [ RUN      ] NAME      opens the runnable test NAME (no test open)
 *   [       OK ] NAME      closes it: success
 *   [  FAILED  ] NAME      fail
 *   [  SKIPPED ] NAME      skip (fail, see "layers", when its set-up
 *                          failed)
 *                          A closing tag closes the open test only if its
 *                          name is exactly the open test's, followed by
 *                          nothing, " (N ms)" or ", where GetParam() =
 *                          ..." / ", where TypeParam = ..." (stripped).
 *   [ DISABLED ] NAME      the test is opened and closed at once: skip,
 *                          reason "disabled".  gtest prints it only when
 *                          another test of the same suite runs: a suite
 *                          whose tests are all disabled leaves no trace.
 *   [----------] ...       suite start and end, global set-up and
 *                          tear-down: tracked (see "layers")
 *   [==========] Running N tests from M test suites.
 *   [==========] N tests from M test suites ran. (N ms total)
 *                          start and end of a run (the end is "the
 *                          summary" below).
 *
 * While a test is open, every other line is chatter of that test
 * (PAT_INNERMOST): its printf output, gtest's failure messages
 * ("file.cc:12: Failure", "Expected equality ..."), and any text that only
 * looks like a marker ("[ RUN      ] Fake.Line" printed by the test,
 * formats.md §12.20).  The "[  FAILED  ] X" / "[  SKIPPED ] X" lines of
 * the final summary come when no test is open, and so are chatter
 * (§12.26).  Lines that produce no event (headers, separators, the
 * summary, "Running main() from ...", "Note: ...") are passed on as
 * chatter with no test open (untied), so nothing is lost.
 *
 * Labels repeat only with --gtest_repeat (or a main() that calls
 * RUN_ALL_TESTS twice): the repeats become "NAME #2", "NAME #3", ...
 * (pat.h: labels are unique; select() cuts the suffix off again).  The
 * labels seen are remembered for that (pat_names), so memory grows with
 * the number of results, about 50 bytes each.
 *
 * Limitation: a marker printed between tests (by a SetUpTestSuite, a
 * thread) is protocol; a fake "[ RUN      ] X" there opens X, which then
 * swallows the real results until its own closing tag.  Inside a test
 * nothing but that test's closing tag is protocol.
 *
 * Layers: code that is not a test and cannot be run on its own.  gtest
 * prints where it runs it, so the plug-in knows which one is running when
 * no test is open:
 *
 *   after "[----------] Global test environment set-up."
 *   until the first suite                 "global environment set-up"
 *   after "[----------] N tests from S"
 *   until S's first "[ RUN      ]"        "S (set-up)"  (SetUpTestSuite)
 *   after S's last result until
 *   "[----------] N tests from S (N ms total)"
 *                                         "S (tear-down)" (TearDownTestSuite)
 *   after "[----------] Global test environment tear-down"
 *   until the summary                     "global environment tear-down"
 *
 * (S without a typed suite's ", where TypeParam = ..." suffix.)  A layer
 * is reported only when something went wrong there: a gtest failure line
 * in that region ("FILE:LINE: Failure" or "unknown file: Failure" at the
 * end of a line, so also after chatter without a newline) opens it as a
 * non-runnable level-0 entry (PAT_OPEN, runnable false), the rest of the
 * region's output is its chatter, and it closes with fail at the next
 * gtest marker.  Chatter of the region before the failure line stays
 * untied.  A "FILE:LINE: Skipped" line in a set-up region opens the layer
 * with skip instead (a failure later makes it fail): GTEST_SKIP() in a
 * global environment's SetUp runs no test at all, and without the layer
 * nothing would say so.  If the program ends inside one of these regions
 * before the summary (a crash or a hang in SetUpTestSuite, exit() in a
 * TearDown), that layer is reported failed with the reason below.
 *
 * Tests prevented by a failed set-up: after a failure in SetUpTestSuite
 * (or a fatal one in a global environment), gtest still prints each test
 * as "[ RUN      ]", "FILE:LINE: Skipped", an empty line, "[  SKIPPED ]".
 * A test that ends SKIPPED having printed nothing but those two lines
 * (or nothing at all), while the set-up of its suite or of the global
 * environment has failed, is reported as fail with the reason "S (set-up)
 * failed" / "global environment set-up failed".  (A test of its own that
 * calls GTEST_SKIP() with no message after a non-fatal global set-up
 * failure looks the same, and is reported so too.)
 *
 * finish: a test still open fails with pat_exit_describe()'s words
 * ("killed by signal SIGSEGV", "exit status 0" for exit(0) inside a test,
 * "timed out after 5 s"); an open layer likewise.  The program's verdict:
 *
 *   no summary line after the last "Running" line (or none at all)
 *                  fail "the program ended before googletest's summary:
 *                  <describe>", whatever the exit status (exit(0) inside
 *                  a test exits 0, §12.22)
 *   exit status 0  success
 *   exit status 1 and a test or layer failed
 *                  success: gtest exits 1 when something failed, and that
 *                  failure is already reported
 *   otherwise      fail "<describe> after googletest's summary"
 *                  (LeakSanitizer's exit 23, a crash in a static
 *                  destructor, exit 1 with nothing failed)
 */
#ifndef PAT_GTEST_H
#define PAT_GTEST_H

#include "pat.h"

/* Longest --gtest_filter argument select() builds, in bytes. */
#define PAT_GTEST_FILTER_MAX 100000u

extern const struct pat_ops pat_gtest_ops;

#endif

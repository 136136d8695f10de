/*
 * pat_cunit: the classifier for CUnit 2.1's basic interface
 * (CU_basic_run_tests and friends; formats.md §5, observed with Debian's
 * 2.1-3).  CUnit cannot list or select tests from outside, so the program
 * is the one runnable test (whole_program); each suite is a non-runnable
 * subtest of it and each test a subtest of its suite:
 *
 *   prog (Suite One) (pass test)
 *
 * Nesting (rather than "Suite:Test" labels) keeps names with spaces,
 * colons and any other byte intact, keeps duplicate test names unique
 * within their suite only, and gives the suite's own failures (init,
 * cleanup) a natural home.
 *
 * What CUnit prints, all on stdout, which it makes unbuffered.  Every
 * message starts with "\n" instead of ending with one, so a line ends only
 * when the next message (or the test's own output) begins:
 *
 *        CUnit - A unit testing framework for C - Version 2.1-3   banner
 *   Suite: NAME                               a suite's first test starts
 *     Test: NAME ...passed                    VERBOSE mode: one per test;
 *     Test: NAME ...FAILED                    the test's output comes
 *       1. file.c:12  - CU_ASSERT_EQUAL(1,2)  between " ..." and the word
 *   Suite S, Test T had failures:             NORMAL mode: failures only
 *       1. file.c:12  - ...
 *   WARNING - Suite initialization failed for 'NAME'.
 *   WARNING - Suite cleanup failed for 'NAME'.
 *   Run Summary:    Type  Total    Ran Passed Failed Inactive
 *                 suites      4      3    n/a      2        0
 *                  tests     12      9      6      3        1
 *                asserts     10     10      6      4      n/a
 *   Elapsed time =    0.000 seconds
 *
 * So the status word lands after whatever the test printed ("  Test: t
 * ...no newlinepassed", or "passed" alone on a later line), and what runs
 * after the test (its suite's cleanup, the next suite's init) is glued
 * after the word ("passedcleanup chatter").  How it is read (fd 1 only;
 * stderr is always chatter):
 *
 *   - "Suite: NAME" (column 0) opens the suite subtest (level 1), closing
 *     the previous one.  Suite labels are unique in the program, test
 *     labels in their suite ("NAME #2", ...: pat_names); a test outside
 *     any suite is a sibling of the suites, unique among them.
 *   - "  Test: NAME ..." opens the test (level 2).  NAME ends at the
 *     first " ..." (a name containing " ..." is cut there; the rest is
 *     chatter) and is trimmed; names are raw bytes (spaces, commas,
 *     quotes, UTF-8).  The rest of the line is the test's output.
 *   - The test ends at the next structural line ("  Test:", "Suite:",
 *     "Suite S, Test T had failures:", "WARNING - Suite ...", "Run
 *     Summary:") or at the end of the output.  Its status:
 *       fail     a line ending in "FAILED" was followed by a numbered
 *                failure line ("    1. "): CUnit prints both together,
 *                a test cannot get between them.  The test then closes
 *                at the first later line that is not a numbered one
 *                (what follows is its suite's cleanup or the next init);
 *       success  otherwise, if "passed" appeared anywhere in its lines
 *                and no "SKIPPED" (CUnit 3's word) after the last one;
 *       skip     otherwise, if "SKIPPED" appeared;
 *       fail     otherwise: "no result word".
 *     So a test that prints "step 1 passed" or "retrying after FAILED"
 *     and then fails still fails, and one that prints "FAILED" and
 *     passes still passes.
 *   - The status word and its line end, when they end a line that is
 *     followed directly by a structural or numbered line (the usual
 *     case), are consumed; blank lines between them and "Run Summary:"
 *     become the program's chatter.  Otherwise the word stays in the
 *     test's output.  Numbered failure lines are the failed test's
 *     chatter (so its attachment shows the failed assertions).
 *   - "Suite S, Test T had failures:" (NORMAL mode, which prints no
 *     passing test) opens suite S if it is not the open one and a test T
 *     that fails.
 *   - "WARNING - Suite initialization failed for 'NAME'." closes the open
 *     suite, opens suite NAME with one child "suite initialization" that
 *     fails ("suite initialization failed, its tests did not run"; CUnit
 *     does not name them, the summary counts them) and closes it as
 *     failed.  "... Suite cleanup failed for 'NAME'." adds a failed
 *     child "suite cleanup" to suite NAME (the open one, or a new entry)
 *     and closes it.  NAME ends at the first "'."; chatter glued after it
 *     (NORMAL mode) goes to the program.
 *   - A suite closes as fail if any child failed, else success.
 *   - "Run Summary:" closes everything; the summary table and the banner
 *     are the program's chatter.  From its "tests" row (Total, Ran,
 *     Inactive) comes the number of tests that never ran, from the
 *     "tests" and "suites" rows the failures (for SILENT and NORMAL
 *     modes, which name fewer or none).  Several runs in one program
 *     (several summaries) add up.
 *
 * Consumed lines: "Suite:", "  Test: NAME ..." (up to " ..."), "had
 * failures:" and WARNING lines (up to "'."), and the status words
 * described above.  Every other byte is chatter, of the innermost open
 * subtest (level PAT_INNERMOST) unless said otherwise above.
 *
 * Pipe mode: CUnit and the tests write stdout unbuffered, so the stdout
 * lines keep their order; stderr chatter is attached to whatever is open
 * when it arrives.  No result depends on stderr.  In any mode, stderr
 * that a test writes before its first stdout newline reaches the
 * plug-in before that test's "  Test: NAME ..." line (the driver passes
 * on complete lines only, and that line is not complete yet), so it
 * lands on the previous test or suite.
 *
 * Verdict (finish).  An open test fails with pat_exit_describe()'s reason
 * ("killed by signal SIGSEGV": CUnit has no signal handling, a crash ends
 * the program in the middle of "  Test: x ...", and "exit status 0" for a
 * test that calls exit(0)); the open suite closes (fail if a child failed
 * or the summary is missing).  CUnit programs usually exit 0 even when
 * tests fail (main returns CU_get_error()), so the program's status comes
 * from the results:
 *
 *   no CUnit line at all, exit 77          skip     "exit status 77"
 *   a summary, nothing failed, none        success  ""
 *   unrun, exit 0
 *   otherwise                              fail     the parts that apply,
 *                                                   joined by ", "
 *
 * The parts: the exit description (when not clean, or no summary came);
 * "N of M subtests failed" (tests and suite init/cleanup entries; the
 * larger of what was seen and what the summaries count); "K tests never
 * ran"; "summary missing" or "no CUnit output".
 *
 * options: ignored.  CUnit reads no environment variable; nothing to set.
 * No listing, no selection.  The automated (XML) and console interfaces
 * are not supported.
 */
#ifndef PAT_CUNIT_H
#define PAT_CUNIT_H

#include "pat.h"

extern const struct pat_ops pat_cunit_ops;

#endif

/*
 * pat_check: the Check plug-in (observed on Check 0.15.2, the Debian 12
 * package, static libcheck_pic.a; formats.md §3).  Not whole-program: the
 * runnable unit is what Check can select from outside, a (suite, tcase)
 * pair, labelled "SUITE/TCASE"; the test functions are its subtests,
 * labelled by function name ("NAME #2", "NAME #3", ... for the iterations
 * of a loop test and for a function registered twice; pat_names).
 *
 * Results come from a side channel, not from stdout: Check writes its
 * results only at the end of the run on stdout, and never names the suite
 * there, but it writes a log file per test as each test ends (flushed) if
 * told to by the environment.  result_fifo_env is CK_XML_LOG_FILE_NAME:
 * the XML log, not the TAP one (CK_TAP_LOG_FILE_NAME), because the XML log
 * is the only one that names the suite in-band, in order (<suite>
 * <title>NAME</title> before that suite's tests, </suite> after them),
 * and puts the tcase, the function, the iteration and the message in
 * elements of their own (a tcase may contain ':' and spaces, which the
 * TAP line "ok N - FILE:TCASE:FN: MSG" cannot separate reliably).  With the
 * TAP log the suite would have to come from stdout's "Running suite(s):"
 * lines, and the order between two pipes is not kept (a full-speed run
 * read stdout-first would put every tcase in the last suite).  Every
 * element is one line; Check escapes < > & " ' and control bytes
 * (&#xA; for a newline) and drops bytes >= 0x80 (so non-ASCII letters are
 * missing from XML names and messages: a suite or tcase named with them
 * gets an id CK_RUN_SUITE/CK_RUN_CASE will not match; see limitations).
 *
 * fd 3 (PAT_FD_RESULTS), the XML log, one element per line:
 *   <testsuites ...>       a run starts (a program may run several)
 *   <title>S</title>       the suite S starts
 *   <test result="R">      a test function's record, closed by </test>,
 *     <id>FN</id>          with FN, the tcase in <description>, the
 *     <description>T       message in <message> (unescaped); <path>,
 *     <message>M           <fn>, <iteration>, <duration> are not used
 *   </test>                the result: if the open runnable test is not
 *                          S/T, it is closed and S/T opened (level 0,
 *                          runnable); then FN opens and closes inside it:
 *                          result "success" -> success (no reason),
 *                          "failure" (a failed check) and "error" (a
 *                          signal, exit(), Check's timeout in fork mode:
 *                          "Received signal 11 (Segmentation fault)",
 *                          "Early exit with return value 3", "Test timeout
 *                          expired") -> fail with the message as reason.
 *                          Check has no skip.
 *   </suite>               the open runnable test closes: fail, reason
 *                          "N of M tests failed", if one of its functions
 *                          failed, else success.
 *   </testsuites>          the run ended (Check's summary, in-band)
 * Other lines on fd 3 (the header, <datetime>, durations) are consumed;
 * a line that is none of these is passed on as stdout chatter (level 0).
 *
 * stdout and stderr are chatter:
 *   - "Running suite(s): S", " S2" (each further suite), the summary
 *     "NN%: Checks: N, Failures: N, Errors: N" (also glued after
 *     "Running suite(s):" when nothing ran) and, after the summary, the
 *     per-failure lines "FILE:LINE:F|E|P:TCASE:FN:ITER: MSG" are Check's
 *     own lines: chatter at level 0 (untied once the runnable tests are
 *     closed), never results again.  The summary line is remembered for
 *     the verdict.
 *   - every other line (the test functions' printf and fprintf(stderr))
 *     is chatter of the innermost open test, i.e. of the running tcase.
 *     In fork mode a child's stdout comes when it exits, before its
 *     result; in no-fork mode Check flushes stdout before writing the
 *     result.  Chatter of the first test of a tcase arrives while the
 *     previous tcase is still open (Check announces no tcase start in
 *     any log) and lands there.
 *   - "FILE:LINE:S:TCASE:unchecked_setup:0: MSG" after the summary: an
 *     unchecked fixture's set-up (tcase_add_unchecked_fixture) failed,
 *     and none of that tcase's tests ran.  Check logs those tests
 *     nowhere, not even by name, so they cannot be reported one by one:
 *     the tcase itself fails, as a runnable test "SUITE/TCASE" (level 0)
 *     opened and closed at once, reason "its unchecked set-up failed
 *     (MSG): its tests did not run" ("its unchecked set-up failed: its
 *     tests did not run" without MSG).  Inside it, a subtest labelled
 *     "unchecked set-up" (id "SUITE/TCASE (unchecked set-up)") fails
 *     with reason MSG; the line itself is the subtest's chatter.  SUITE:
 *     the suite of the runnable test named by the nearest per-failure
 *     line before it (or the first suite of the run).  If a runnable test
 *     is still open (fd 3 read late), the tcase, its subtest and the line
 *     wait until it closes (or finish), in the same shape.  Being a
 *     level-0 runnable open, the tcase counts for the wrapper as a test
 *     that ran (no restart runs it again) and is listed.
 *
 * Crashes, exits and hangs:
 *   - fork mode (default): Check itself reports them as "error" results
 *     (above); a test that hangs is stopped by Check's own timeout
 *     (CK_DEFAULT_TIMEOUT, 4 s) unless the wrapper's --timeout is shorter.
 *   - CK_FORK=no: a crash, exit() or hang stops the program; the open
 *     runnable test fails with pat_exit_describe()'s words ("killed by
 *     signal SIGSEGV").  Check writes nothing when a test starts, so in
 *     a run of several tcases a crash in the first test of a tcase would
 *     be blamed on the previous tcase of the same suite (or, at the
 *     start of a suite, on nothing but the verdict).  So the wrapper
 *     never runs several tcases at once in no-fork mode: isolate_env is
 *     CK_FORK=no, and a program that will run with it is listed first
 *     (in fork mode, list_env) and run one tcase a run (select_max), as
 *     under --load-list, each death blamed on the tcase its run selected
 *     (wrap/wrap_job.h).  A program that chooses no-fork mode itself
 *     (srunner_set_fork_status) is not seen: its full run blames as
 *     above, and if it dies, the wrapper lists it and restarts it one
 *     tcase a run for the tcases that had not opened.
 *   - an unchecked tear-down that fails in fork mode exits the program
 *     (status 1) before the summary: the open tcase fails with "exit
 *     status 1".
 *
 * finish: a runnable test still open fails with pat_exit_describe()'s
 * words; a waiting set-up failure is reported.  The verdict (finish's *status):
 *   the run did not end (no "</testsuites>" and no summary line for
 *   every run started, runs counted by "<testsuites" on fd 3 and
 *   "Running suite(s):" on stdout)
 *                  fail "the program ended before Check's summary:
 *                  <describe>" (exit(0) in a no-fork test exits 0)
 *   killed by a signal, timed out or interrupted after the summary
 *                  fail "<describe> after Check's summary"
 *   otherwise      success, whatever the exit status: Check programs
 *                  usually exit non-zero when a test failed, and those
 *                  failures are already reported.
 *
 * Environment:
 *   env_unset  CK_RUN_SUITE, CK_RUN_CASE, CK_INCLUDE_TAGS, CK_EXCLUDE_TAGS
 *              (they change what runs; select sets the first two),
 *              CK_TAP_LOG_FILE_NAME, CK_LOG_FILE_NAME (a log file the
 *              user asked for would be overwritten by every re-run, and
 *              "-" would mix the log into stdout).  CK_XML_LOG_FILE_NAME
 *              is set by the wrapper (result_fifo_env).  Check 0.15.2
 *              reads no CK_SUBUNIT_LOG_FILE_NAME.
 *   env_set    CK_VERBOSITY=normal: the summary line (programs that pass
 *              CK_ENV would otherwise follow the user's "silent"; programs
 *              that pass a verbosity themselves ignore it, and the XML log
 *              still says when the run ended).
 *   list_env   CK_FORK=yes, for listing runs only (see Listing).
 *   isolate_env CK_FORK=no (Check compares the value exactly: "no" is
 *              no-fork mode, anything else fork mode): a program that
 *              will run in no-fork mode is listed first and run one tcase
 *              a run (if that listing fails, e.g. a hang past --timeout,
 *              it is run whole once instead).
 *   kept       CK_FORK (fork and no-fork both work), CK_DEFAULT_TIMEOUT,
 *              CK_TIMEOUT_MULTIPLIER, CK_MAX_MSG_SIZE.
 *
 * Listing: Check cannot list.  list_by_running: the wrapper runs the
 * program whole with its output discarded; the runnable tests this
 * plug-in opens are the ids, a tcase whose unchecked set-up failed
 * included (a runnable test that fails; selected alone, its set-up runs
 * again).  list_env is CK_FORK=yes: listing runs are in fork mode, so a
 * test that crashes (or exits) the program in no-fork mode cannot stop
 * the listing (a hang still can if the wrapper's --timeout is shorter
 * than Check's own timeout).
 *
 * Selection (select_max 1): the id "SUITE/TCASE" (split at its last '/';
 * a trailing " #N" repeat suffix is dropped) gives CK_RUN_SUITE=SUITE and
 * CK_RUN_CASE=TCASE; an empty SUITE ("/TCASE") sets only CK_RUN_CASE.  An
 * id without '/' is -EINVAL.  No ids gives CK_RUN_SUITE="" (no suite
 * matches: nothing runs).
 *
 * Limitations: a program that sets its own XML log (srunner_set_xml)
 * ignores CK_XML_LOG_FILE_NAME: no results at all, only the verdict.
 * Non-ASCII bytes are missing from suite and tcase names (Check's XML).
 * An id is split at its last '/', so a tcase whose name holds a '/'
 * cannot be selected (its run selects nothing and reports nothing for
 * it); Check itself has no way to say where the suite name ends.
 */
#ifndef PAT_CHECK_H
#define PAT_CHECK_H

#include "pat.h"

extern const struct pat_ops pat_check_ops;

#endif

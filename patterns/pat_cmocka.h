/*
 * pat_cmocka: the classifier for cmocka 1.1's default output (formats.md
 * §4; observed with Debian's 1.1.5).  cmocka 1.1 cannot list or select
 * tests from outside, so the program is the one runnable test
 * (whole_program) and each cmocka test is a subtest of it.
 *
 * What cmocka prints, and on which stream (its print_message goes to
 * stdout and is flushed after every line, print_error goes to stderr):
 *
 *   stdout  [==========] Running N test(s).     a group starts
 *   stdout  [ RUN      ] NAME                   a test starts
 *   stdout  [       OK ] NAME                   ... passed
 *   stdout  [  FAILED  ] NAME                   ... failed
 *   stdout  [  SKIPPED ] NAME                   ... skipped
 *   stderr  [  ERROR   ] --- MESSAGE            why a test failed (may
 *   stderr  [   LINE   ] --- FILE:N: error: Failure!     span lines)
 *   stderr  Could not run test: Test setup failed
 *   stderr  [  ERROR   ] NAME                   the test's setup or
 *                                               teardown failed: no
 *                                               result line on stdout
 *   stderr  [  FAILED  ] GROUP SETUP            the group's setup failed
 *   stderr  [  ERROR   ] GROUP-NAME             (or GROUP TEARDOWN)
 *   stdout  [==========] N test(s) run.         the group ends
 *   stderr  [  PASSED  ] N test(s).             the group's summary
 *   stderr  [  SKIPPED ] N test(s), listed below:  + one line per name,
 *   stderr  [  FAILED  ] N test(s), listed below:  a blank line and
 *   stderr   N SKIPPED TEST(S) / N FAILED TEST(S)
 *
 * A program runs one or more groups, so one or more "[==========]" blocks.
 * cmocka prints a group's name only when its group setup or teardown
 * fails, and test names carry no group: the same NAME may appear in
 * several groups (or twice in one).  The legacy run_tests() API prints
 * the same shapes.
 *
 * Events:
 *
 *   - "[ RUN      ] NAME" opens a subtest labelled NAME (trimmed; repeats
 *     become "NAME #2", "NAME #3", ...: pat_names, over the whole
 *     program).
 *   - "[       OK ]", "[  FAILED  ]", "[  SKIPPED ]" close it (success,
 *     fail, skip) when they come on stdout and name the open test; any
 *     other such line is chatter (the summary repeats them on stderr).
 *   - A test that has no result line when the next "[ RUN      ]" or
 *     "[==========]" arrives failed in its setup or teardown: it closes as
 *     fail, its reason the "Could not run test: ..." (or "Internal cmocka
 *     error") line printed before its "[  ERROR   ] NAME", or "no result
 *     line (a setup or teardown error)" if that has not arrived yet.  (So
 *     a test that itself prints a RUN line at column 0 of stdout ends
 *     there, failed: cmocka's own lines cannot be told from it.)
 *   - "[  FAILED  ] GROUP SETUP" then "[  ERROR   ] G" gives a subtest
 *     labelled "G: group setup" (G trimmed; "group setup" if G is
 *     empty) that fails with "group setup failed, its tests did not run";
 *     GROUP TEARDOWN gives "G: group teardown", "group teardown failed".
 *     They are not runnable (nothing can select them); cmocka does not
 *     name the tests a failed group setup prevented, so they are only
 *     counted: the program's reason says "N tests never ran".
 *
 * Consumed lines (represented by the events above, never chatter): RUN
 * and result lines that act, the two "[==========]" group lines,
 * "[  ERROR   ] NAME" lines.  Everything else is chatter, exact bytes on
 * its own fd:
 *
 *   - at level 0 (the program): the stderr summary ("[  PASSED  ]",
 *     "... listed below:", the stderr name lists, " N FAILED TEST(S)"),
 *     "[  FAILED  ] GROUP SETUP/TEARDOWN", an "[  ERROR   ]" naming
 *     nothing, and a group failure beyond the CM_QUEUE_MAX (256) held
 *     ones;
 *   - at the innermost open test otherwise: the test's own output, the
 *     "[  ERROR   ] ---" / "[   LINE   ] ---" messages, "Could not run
 *     test: ...", lines that look like results but do not name the open
 *     test (a test that prints "[       OK ] other" does not end).
 *
 * Chatter without a trailing newline glues onto the next line
 * ("stdout no newline[       OK ] t_nonl"): a RUN, result or
 * "[==========]" tag (or "[  FAILED  ] GROUP ...") later in a line still
 * acts when what follows it would act at the start of a line; the bytes
 * before it are chatter, emitted first.  Pieces of over-long lines
 * (PAT_LINE_CUT) are always chatter.
 *
 * Pipe mode.  The wrapper reads the two streams on two pipes, so their
 * lines arrive merged in no reliable order: stderr may run ahead of
 * stdout or lag behind it (only each stream's own order is kept).  So
 * that no result depends on that order:
 *
 *   - tests open and close from stdout alone (RUN, results, the next RUN
 *     or "[==========]"); stderr never closes a test;
 *   - "[  ERROR   ] NAME" lines only supply reasons: the k-th one pairs
 *     with the k-th test closed without a result line, whichever comes
 *     first (a mismatched name drops the reason);
 *   - group setup and teardown failures open their subtest only when no
 *     test is open (held until the open test closes);
 *   - result-looking lines on stderr never act (the summary's name lists
 *     would otherwise close a later test of the same name).
 *
 * What stays approximate in pipe mode is attribution: stderr chatter and
 * messages belong to whatever test is open when they arrive.  With the
 * streams in program order (preload mode, or one pipe for both) they land
 * on the right test.
 *
 * Verdict (finish).  An open test fails with the reason
 * pat_exit_describe() gives ("exit status 0", "killed by signal
 * SIGABRT", "timed out after 5 s"), held group failures are reported,
 * then the program's status is:
 *
 *   no cmocka line at all, exit 77        skip     "exit status 77"
 *   exit 0, every group complete, no      success  ""
 *   subtest failed, none never ran
 *   otherwise                             fail     the parts that apply,
 *                                                  joined by ", "
 *
 * The parts of the reason, in this order: the exit description when the
 * exit was not clean or the run stopped early (cmocka's exit status is
 * usually the number of failed tests: "exit status 6"); "N of M subtests
 * failed" (M counts tests and group setup/teardown entries); "K tests
 * never ran" (announced by "Running N test(s)" but given no RUN line:
 * after a failed group setup, or a run that stopped); "summary missing"
 * (a group never printed "N test(s) run.") or "no cmocka output".
 *
 * Environment: CMOCKA_MESSAGE_OUTPUT=STDOUT (overrides a program that
 * chose TAP, SUBUNIT or XML with cmocka_set_message_output; an unknown
 * value would leave the program's choice); CMOCKA_TEST_ABORT is removed
 * (with it set to 1, cmocka aborts the whole program at the first
 * failure or crash instead of recording it and going on).  options:
 * ignored.  No listing, no selection.
 */
#ifndef PAT_CMOCKA_H
#define PAT_CMOCKA_H

#include "pat.h"

extern const struct pat_ops pat_cmocka_ops;

#endif

/*
 * pat_glib: the GLib g_test plug-in (GLib 2.74, Debian 12; other versions
 * at the end).  Not whole-program: GLib names and selects its own tests,
 * so each test path ("/basic/pass") is a runnable test whose id is the
 * path exactly as printed, which is what -p takes.  GLib has nothing
 * outside tests that could fail on its own: g_test_add() fixtures run
 * their setup and teardown inside each test.
 *
 * Driving the program
 *   run_args   "--tap" "-k" "--debug-log"
 *     --tap        TAP output: the default since 2.62, forced on 2.38-2.61.
 *     -k           keep going after a failed test.  Without it GLib prints
 *                  "Bail out!" and aborts at the first failure, so one
 *                  failure would cost the rest of the suite; g_assert*()
 *                  failures and fatal warnings still abort (SIGABRT,
 *                  SIGTRAP), and the wrapper restarts for the rest.
 *     --debug-log  the start marker.  In TAP mode 2.74 prints nothing when a
 *                  test starts: its "ok" line comes at its end, after its
 *                  chatter, and a crash leaves no line at all.  --verbose
 *                  prints "GTest: run: PATH" only in the deprecated non-TAP
 *                  mode, which 2.74 keeps for gtester (--GTestLogFD).
 *                  --debug-log prints one record per framework event on
 *                  stderr (below), so a test opens at its real start, its
 *                  chatter on both streams and its assertion messages are
 *                  its own, and a crash fails the test that was running.
 *                  g_test_trap_subprocess() children do not inherit it.
 *   list_args  "-l" (after run_args): the paths, one per line on stdout,
 *              mixed with "# random seed", "1..N" and "# Start of"/"# End
 *              of" lines (and "list" records on stderr).  Every stdout
 *              line starting with '/' is a test (PAT_EXISTS); stderr is
 *              ignored.  The order is a suite's own tests first, then its
 *              child suites: also the run order.
 *   select     "-p PATH" per id, in the given order (GLib runs the groups
 *              in -p order, with a plan after each).  -p is not exact: it
 *              runs the test PATH and the tests directly inside the suite
 *              PATH ("-p /file/writev" also runs /file/writev/async, one
 *              level down, not deeper; a path containing "/subprocess" is
 *              matched exactly).  An id whose parent path is selected and
 *              itself given to -p is left out, since that -p runs it (both
 *              would run it twice).  Duplicates go once.  Then "-s ID" for
 *              each listed id (pat.h: listed) that a -p of the run would
 *              also run but that is not selected (a direct child of a -p
 *              PATH, no "/subprocess"), in listing order, each once: -s
 *              (exact path) makes GLib 2.74 skip it "by request (-s
 *              option)", and such a test is not reported (below), so the
 *              run reports exactly the tests selected, and testr running
 *              /file/writev on one worker and /file/writev/async on
 *              another counts each once.  (-x PREFIX, 2.68, skips whole
 *              branches: too wide.)  Without a listing no -s is added: the
 *              children run and are reported with their real results.  Ids
 *              that cannot be GLib paths (empty, not starting with '/',
 *              holding a NUL byte) are ignored; when nothing is left, "-p
 *              /" (no test matches it) keeps the program from running
 *              everything.  select_max is 0: a -p costs GLib a walk down
 *              one branch of its tree (2,500 -p on a 10,000-test program:
 *              0.1 s), so the only limit is the command line: -E2BIG, with
 *              nothing added, when the arguments would exceed 100,000
 *              bytes (counting a NUL after each); when only the -s make
 *              them too long and there is one -p (smaller runs cannot
 *              help), the -s are left out and its children run.
 *   env        nothing set or removed.  No variable changes the TAP output
 *              of 2.74.  G_TEST_SRCDIR/G_TEST_BUILDDIR locate test data
 *              and must stay; G_MESSAGES_DEBUG only adds "# DEBUG:" chatter;
 *              G_DEBUG=fatal-warnings/fatal-criticals changes what the user
 *              asked to be fatal, which is theirs to decide.
 *
 * What it reads.  GLib 2.74 writes each piece with its own write(2)
 * (g_print flushes stdout; stderr is unbuffered), a record in several.
 *   stderr:
 *   {*LOG(binary):{ARGV0}:{SEED}:LOG*}
 *                                      g_test_init: --debug-log works.  No
 *                                      record counts before it (they are
 *                                      chatter), so a program that ignores
 *                                      the option cannot forge them.
 *   {*LOG(start):{PATH}:LOG*}          a test starts: PAT_OPEN runnable,
 *                                      label PATH (held back if the test
 *                                      is skippable, see "Skipped by
 *                                      request").  Only between two tests
 *                                      on stderr and while no test runs;
 *                                      else chatter.
 *   {*LOG(stop):{PATH}[:{MSG}]:(R;F;T):LOG*}
 *                                      it ends (only for the PATH stderr
 *                                      entered; else chatter): R 0 success,
 *                                      1 skip (g_test_skip), 2 fail,
 *                                      3 xfail (g_test_incomplete: TAP's
 *                                      "not ok # TODO", counted as skipped
 *                                      by GLib's exit status), other fail;
 *                                      MSG the reason (skip, incomplete,
 *                                      g_test_fail_printf text, newlines
 *                                      kept).  If the test is closed
 *                                      already (see Order), consumed.
 *   {*LOG(error):{MSG}:LOG*}           a g_assert*() failure ("ERROR:file:
 *                                      line:func: assertion failed ...") or
 *                                      fatal log message ("FATAL-WARNING:
 *                                      ...", "GLib-FATAL-ERROR: ..."): the
 *                                      first one is kept for the reason if
 *                                      the test (or, outside tests, the
 *                                      program) then dies.  GLib also
 *                                      prints it on stderr as "**" and
 *                                      "ERROR:..." (chatter).
 *   {*LOG(KIND)...:LOG*}               start suite, stop suite, message,
 *                                      list, skip, minperf, maxperf:
 *                                      consumed, each repeats what stdout
 *                                      says.  Other kinds are chatter.
 *   A record spans lines when one of its strings does ("a\nb"): it ends
 *   at the first line ending in ":LOG*}".  It may follow chatter written
 *   without a newline on the same line ("partial{*LOG(stop)..."): the
 *   text before "{*LOG(" is chatter.  A record that does not end within
 *   4 KiB, or is cut by a line starting "{*LOG(" or by the end, was not
 *   one: its bytes go out as chatter.  Other stderr lines are chatter.
 *   stdout:
 *   ok N PATH                          success
 *   ok N PATH # SKIP MSG               skip, reason MSG (but see
 *                                      "Skipped by request")
 *   not ok N PATH [- MSG]              fail (g_test_fail, g_test_fail_
 *                                      printf: reason MSG)
 *   not ok N PATH # TODO MSG           xfail, reason MSG
 *                                      ("not ok # SKIP" fails, "ok # TODO"
 *                                      is uxsuccess, as TAP has it; N may
 *                                      be absent: later GLib prints "not
 *                                      ok PATH - MSG" on an error.)  The
 *                                      result of the running test when
 *                                      PATH is its path, wherever the line
 *                                      begins ("chatterok 2 /x/y": a test's
 *                                      g_print without a newline glues onto
 *                                      it; the text before is chatter).
 *                                      Between tests, a result whose N is
 *                                      GLib's next number (it counts 1, 2,
 *                                      ... through every -p group) is a
 *                                      test run without markers: it opens
 *                                      and closes at once.  Otherwise
 *                                      chatter: a test printing "ok 1
 *                                      /other" forges nothing.
 *   1..N                               the plan, consumed wherever it
 *                                      comes (two pipes can deliver it
 *                                      after the next start record; a test
 *                                      printing a bare "1..N" line itself
 *                                      would change it).  First (without
 *                                      -p: N = every test) or after each -p
 *                                      group (cumulative).
 *   anything else                      chatter: "# random seed: ..." (kept:
 *                                      it reproduces a run), "# Start of X
 *                                      tests", "# End of X tests", "#
 *                                      MESSAGE: ..." (g_message, also "**
 *                                      Message:" on stderr), "# text"
 *                                      (g_test_message), "Bail out! ..."
 *                                      (before an abort), g_print output.
 * Chatter goes to level 0: the running test, or untied between tests.
 *
 * Order.  A test's events come as: start (stderr), its chatter, its TAP
 * line (stdout), stop (stderr).  The TAP line holds the result; the stop
 * record closes the test with its own (complete) reason, so chatter
 * between the two (the rest of a multi-line message) is still the
 * test's.  On two pipes (pipe mode) the streams arrive in any
 * interleaving, each in its own order, so:
 *   - stderr ahead: the stop record closes the test, and its TAP line is
 *     consumed when it comes (up to 256 closed tests are remembered; a
 *     test's line not seen by the time a later test's comes never will
 *     be);
 *   - stdout ahead: a result for a test whose start record has not come
 *     opens and closes it at once (its reason is the TAP line's, the first
 *     line of a multi-line message), and its records are consumed when
 *     they come; a held test is closed by the next result.
 * Statuses and the verdict depend on each stream's order only, so they
 * are the same in both modes; the chatter's attribution and multi-line
 * reasons may differ.  Without markers (a program handing g_test_init()
 * an argv of its own) every test opens and closes at its TAP line and
 * the chatter before it is untied.
 *
 * Skipped by request.  GLib 2.74 still starts a test that -s names, then
 * skips it: "{*LOG(start):{PATH}:LOG*}", "ok N PATH # SKIP by request (-s
 * option)" and "{*LOG(stop):{PATH}:{by request (-s option)}:(1;...):LOG*}",
 * and counts it in the plan.  A skippable test (its parent path is the
 * path of a test begun earlier in the run: the tests a -p runs without
 * naming them, the only ones select skips) that GLib skips with exactly
 * that reason is not reported: nothing opens, its result line and records
 * are protocol, not chatter (it still counts as started, for the plan).
 * So the PAT_OPEN of a skippable test does not go out at its start record
 * but at its first stderr line or record, its result line (any other), or
 * the end (a crash fails it as usual); stdout it prints meanwhile is held
 * (up to 64 KiB, then the open goes out) and follows the open or, if the
 * test is dropped, goes out untied (such a test runs no code: pipe mode
 * delivered it late).  Stdout before the result does not decide, so
 * statuses stay the same in both modes.  The cost: a skippable test that
 * writes nothing on stderr starts, for the stream, at its result.  A
 * user's own -s is treated alike: a skippable test vanishes, any other is
 * reported as skipped with that reason.
 *
 * Labels: the path as printed (trimmed).  GLib refuses to register a path
 * twice, but overlapping -p options run a test twice: the repeat is
 * labelled "PATH #2" (pat.h: labels unique).
 *
 * finish:
 *   - a running test fails: "WHY; HOW" or "HOW", WHY its first LOG(error)
 *     text (else the reason its TAP line gave), HOW pat_exit_describe
 *     ("killed by signal SIGABRT", "exit status 0", "timed out after
 *     5 s").
 *   - the verdict is, first match:
 *     fail "no GLib test output: HOW" when nothing GLib prints came (no
 *       plan, result or record);
 *     fail "the program ended before all its tests ran: [WHY; ]HOW" when
 *       no plan came, or fewer tests started than a plan printed first
 *       said, or (plans after -p groups) the last plan does not count
 *       every test that started or a result came after it (a crash in the
 *       last selected test also reads so: nothing says it was the last);
 *       WHY is a LOG(error) that came outside tests;
 *     fail "the program failed after its tests ran: [WHY; ]HOW" when
 *       every test ran, none was running at the end, and the exit is not
 *       what GLib gives: 0, 1 when a test failed, 77 when all skipped;
 *     success otherwise (a crash inside the last test is that test's
 *       failure).
 *
 * Ids that cannot round-trip: some programs name tests after a fresh
 * random number (GLib's own queue and sequence tests:
 * "/queue/random/seed:NNN", from g_random_int(), not g_test_rand_int(), so
 * --seed does not help).  The id listed is not the id run next time, so
 * --load-list of it selects nothing ("1..0").  Nothing to fix here: the
 * program changes its own names.
 *
 * Other versions: before 2.38 there is no TAP (--tap is then an unknown
 * option left in argv for the program); --debug-log, its start/stop/
 * error records and -k are in 2.20 already (source read).  2.76 and later
 * (source read, not run) print a "TAP version" line, prefix g_print()
 * output with "# ", print "not ok PATH - MSG" before "Bail out!" on an
 * error (read as the result: N is optional), "# slow test ..." lines,
 * subprocess output as indented TAP subtests, and each LOG record in one
 * write: all chatter or read as above.
 */
#ifndef PAT_GLIB_H
#define PAT_GLIB_H

#include "pat.h"

extern const struct pat_ops pat_glib_ops;

#endif

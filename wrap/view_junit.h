/*
 * view_junit: the JUnit XML report of subunit-view --junit FILE, for CI
 * dashboards (GitLab's unit test reports, Jenkins's junit and xUnit
 * steps).  Fed by view_state's report callback (view_set_report): one
 * <testcase> per finished test.
 *
 * The document, valid against Jenkins's junit-10.xsd (the xUnit plugin's
 * JUnit schema; tests/fixtures/junit/ holds the schema the tests check it
 * with):
 *
 *	<?xml version="1.0" encoding="UTF-8"?>
 *	<testsuites name="subunit" tests=N failures=N errors=N time=S>
 *	<testsuite name="subunit" tests=N failures=N errors=N skipped=N
 *	    time=S timestamp=T>
 *	<testcase classname=C name=N time=S>...</testcase>
 *	...
 *	</testsuite>
 *	</testsuites>
 *
 * One <testsuite> for the whole stream, not one per route code: route
 * codes are workers (testr's, subunit-wrap -j's), and which worker ran a
 * test changes from run to run, so suites per route would move tests
 * between suites and break the dashboards' per-test history.  The route
 * code is not in the report.  time (seconds, 6 decimals) is from the
 * earliest timestamp of any test to the latest (left out when the stream
 * has none); timestamp is that earliest one, UTC, as Ant writes it
 * (YYYY-MM-DDTHH:MM:SS, no zone).  tests counts every <testcase>,
 * failures fail and uxsuccess, errors the tests left in progress, skipped
 * skip.  Text that belongs to no test is not in the report.
 *
 * A <testcase> per final status (a second final status for the same test
 * is a second testcase, as the trace counts it) and per test still in
 * progress at the end.  time is from the test's first timestamp to its
 * final one, 0 when either is missing (never negative).  classname and
 * name come from the id, first rule that applies:
 *   1. a subtest whose parent is known (view_state.h: the parent field,
 *      or a test in progress whose id P makes this id "P (LABEL)"):
 *      classname P, name LABEL ("t/basic.t (2 - adds)": t/basic.t,
 *      "2 - adds"; nested TAP: "t/s.t (outer) (1 - leaf)": "t/s.t
 *      (outer)", "1 - leaf"); a parent field that is not such a prefix:
 *      classname P, name the id;
 *   2. an id "P (LABEL)" whose final ')' closes a '(' after " " (parens
 *      counted): classname P, name LABEL ("Suite (set-up)");
 *   3. a test that had subtests (a TAP program): classname and name the id,
 *      so a program and its assertions share a classname;
 *   4. after the last "::" (subunit-wrap --each's PROGRAM:: prefix, which
 *      stays in the classname), a '.' that is not in a file name (there
 *      is no '/' before it, or one after it, or the path component before
 *      it is a number): split at the last '.' ("Suite.Name": Suite, Name;
 *      "Inst/Suite.Name/3": Inst/Suite, Name/3; "pkg.mod.Class.test");
 *   5. after the last "::", a GLib path "/a/b/c" (no '.' in c): classname
 *      "/a/b", name c (an absolute program path with no subtests too);
 *   6. otherwise classname and name are the id (t/skipped.t, a program
 *      entry build/unit_tests).
 * A program "foo.sh" with no subtests cannot be told from a googletest
 * "Suite.Name": rule 4 makes it foo, sh.
 *
 * Inside a testcase, by status:
 *   fail, uxsuccess  <failure type=STATUS message=REASON>
 *   still running    <error type="incomplete" message=...>
 *   skip             <skipped message=REASON>REASON</skipped>
 *   xfail            passed, with the note "xfail (an expected failure,
 *                    reported as passed): REASON" as the first line of
 *                    <system-out>
 *   success          nothing
 * REASON is the test's "reason" attachment (uxsuccess: "unexpected
 * success: REASON"; no reason: "failed", "unexpected success", "the
 * stream ended before the test's result").  The text of a <failure> or
 * <error> is what subunit-view prints under a failed test: each
 * attachment under its name (binary ones as "NAME: N bytes, MIME"; stdout
 * and stderr once each, their parts joined), since GitLab shows only that
 * text and Jenkins shows it as the stack trace.
 * Then, for every status: <system-out> holds the stdout attachments
 * (stdout, stdout.2, ... joined in order) and <system-err> the stderr
 * ones, then every other text attachment but reason (traceback, crash),
 * each after a line "NAME:".  Empty ones are left out.  Binary
 * attachments (a non-text mime type, or none and not UTF-8) other than
 * stdout and stderr are only named.
 *
 * Escaping: & < > " as entities; in attributes a newline, tab and CR as
 * &#10; &#9; &#13;, in text a CR as &#13; (XML would turn CR LF into LF);
 * classname and name keep to one line (\n, \t, \r, \xNN as the trace
 * writes ids).  Characters XML 1.0 forbids (C0 controls but tab, newline
 * and CR; U+FFFE, U+FFFF) and bytes that are not valid UTF-8 become the
 * text \xNN, one per byte; a character split between stdout and stdout.2
 * is joined first.  A backslash stays as it is.
 *
 * Memory and files: each testcase is written when its test ends, to a
 * scratch file in FILE's directory (created and unlinked by
 * junit_open(), so nothing is left behind); memory is what view_state
 * holds for the tests in progress, whatever the length of the stream.
 * junit_close() then writes the counts, copies the testcases after them
 * into a temporary file in the same directory, and renames it to FILE:
 * FILE is replaced whole or not at all (mode 0666 less the umask).
 *
 * Errors: functions return 0 or a negative errno; nothing prints.
 */
#ifndef VIEW_JUNIT_H
#define VIEW_JUNIT_H

#include "view_state.h"

struct junit;

/*
 * Start the report that junit_close() will write to path: fails at once
 * (-errno) when its directory cannot hold files or path is a directory.
 */
int junit_open(const char *path, struct junit **jp);

/* The view_report_fn: write the testcase of d.  ctx is the junit. */
int junit_case(void *ctx, const struct view_done *d);

/*
 * Write the file, atomically (see above).  On error nothing is written
 * and no temporary file is left.  Frees j either way.
 */
int junit_close(struct junit *j);

/* Give up: free j, leave path as it was (NULL is fine). */
void junit_free(struct junit *j);

#endif

/*
 * pat_automake: the classifier for output in the vocabulary of automake's
 * parallel test harness (formats.md §7): `make check` itself, tap-driver
 * output, and legacy programs that print automake-like result lines.
 *
 * The program is the one runnable test (whole_program is true); each
 * result line is a subtest of it that opens and closes at once.
 *
 * Result lines, at column 0, upper case, the word, a colon, then at least
 * one space or tab, then the name:
 *
 *   PASS: name       success
 *   FAIL: name       fail
 *   XFAIL: name      xfail
 *   XPASS: name      uxsuccess (and a failure of the program, as automake
 *                    counts it)
 *   SKIP: name       skip
 *   ERROR: name      fail, reason "ERROR"
 *
 * Each gives PAT_OPEN (label = the name, not runnable) then PAT_CLOSE.
 * The line's bytes are represented by those events, not repeated as
 * chatter.  Details, in the order they are applied:
 *
 *   - The name is the rest of the line with surrounding white space
 *     (space, tab, CR, LF, VT, FF) trimmed; its bytes are passed raw
 *     (spaces, UTF-8, control characters; escaping is the caller's job).
 *   - " # " after the colon (the first one; the blank after the colon
 *     counts) starts a directive, as tap-driver.sh prints them
 *     ("SKIP: t/a.t 3 # SKIP no network", "XFAIL: t/a.t 4 - x # TODO
 *     later"): the name is what comes before it (trimmed), the close
 *     reason what comes after it (trimmed).
 *   - Otherwise a trailing " (exit status: N)" (the form of automake's
 *     .log files) is cut off the name and becomes the reason
 *     "exit status: N".
 *   - ERROR's reason is "ERROR", or "ERROR: " + the reason found above.
 *   - A result line whose name comes out empty ("PASS:", "SKIP: # x") is
 *     chatter.
 *   - The space after the colon is required: GLib prints assertion
 *     failures as "ERROR:file.c:12:func: assertion failed" (chatter).
 *
 * Chatter: every other line, at level 0 (the program; no subtest is ever
 * left open), same fd, exact bytes.  So are:
 *   - pieces of over-long lines (PAT_LINE_CUT): never protocol;
 *   - the summary automake prints ("# TOTAL: 16", "# PASS:  4", lines of
 *     "=", "Testsuite summary for ...", "See ./test-suite.log"), and the
 *     make and shell noise around it;
 *   - lines with colour escapes ("ESC[0;32mPASS ESC[m: a"); the plug-in
 *     sets AM_COLOR_TESTS=no so `make check` prints none;
 *   - the test-suite.log that `make check VERBOSE=yes` prints when a test
 *     failed: from its line ".. contents:: :depth: 2" up to and including
 *     the next line that starts "Testsuite summary", every line is chatter,
 *     since its section headings ("FAIL: fail", underlined with "=")
 *     repeat results already reported.  (A program that prints that exact
 *     reST line itself loses its results until "Testsuite summary".)
 *
 * Result lines are recognised on both fds, with or without a trailing
 * newline.  When the line was written in pieces (pat_line.soft_start > 0)
 * and does not start with a result word, a result word at soft_start
 * still counts: the bytes before it are chatter, emitted first
 * ("partial outputPASS: a").
 *
 * Verdict (finish; pat_exit_verdict): M is the number of result lines,
 * N the number of FAIL, ERROR and XPASS lines.
 *
 *   exit 77 and no result lines        skip     "exit status 77"
 *   any other end but exit 0           fail     "exit status 2, N of M
 *                                               subtests failed" (the
 *                                               count only if N > 0; or
 *                                               "killed by signal ...",
 *                                               "timed out after N s",
 *                                               "interrupted")
 *   exit 0, N > 0                      fail     "N of M subtests failed"
 *   exit 0, N == 0                     success  ""
 *
 * (exit 77 after some result lines is a failure: "exit status 77".)
 *
 * options: ignored.  Environment: AM_COLOR_TESTS=no.
 */
#ifndef PAT_AUTOMAKE_H
#define PAT_AUTOMAKE_H

#include "pat.h"

extern const struct pat_ops pat_automake_ops;

#endif

/*
 * pat_tap: the TAP plug-in (TAP 12, 13 and 14, and the subtests perl's
 * Test::More prints).  Whole-program: the program is the runnable test,
 * each test point a non-runnable subtest.
 *
 * What it reads (on stdout; stderr is only ever chatter or diagnostics):
 *   TAP version N            consumed
 *   1..N [# reason]          the plan, first or last; 1..0 skips the file
 *   ok / not ok [N] [- desc] [# SKIP|TODO reason]
 *                            a subtest labelled "N - desc" ("N" without a
 *                            description; N is the running count when
 *                            absent).  ok -> success, not ok -> fail,
 *                            SKIP\S* (case-insensitive) -> skip, but
 *                            "not ok # SKIP" -> fail (every harness does),
 *                            TODO: not ok -> xfail, ok -> uxsuccess.  The
 *                            directive is an unescaped '#' after white
 *                            space; "\#" and "\\" are unescaped in labels.
 *                            A repeated number gets " #2", " #3", ...
 *   Bail out! [reason]       any case, any indentation: the program fails,
 *                            open subtests fail, the rest is chatter
 *   # Subtest: NAME          names the subtest block that follows
 *   pragma +x / -x           consumed
 *   YAML (---/...)           indented 2 more than its test point: attached
 *                            to that test point
 *   # comment                after a test point: attached to it (also on
 *                            stderr, where Test::More prints its failure
 *                            diagnostics); otherwise chatter
 * Subtests: a block indented 4 spaces more, opened by its first plan or
 * test point (or an indented "# Subtest:" line), closed by the next test
 * point at the parent's indentation, whose status it takes (a failure or
 * an unmet plan inside makes it fail even if that point says ok).  It is
 * labelled by its "# Subtest:" name if it had one, else by the closing
 * test point's label (PAT_NAME).  Blocks that never close fail.
 *
 * A test point stays open after its line until the next TAP line, so the
 * diagnostics that follow it are attached to it before its final status.
 * Other lines, including text before a marker that started a new write on
 * the same line (pat_line.soft_start), belong to the program (level 0).
 *
 * Verdict: fail if an assertion failed, the plan is missing or not met,
 * there were two plans, it bailed out, or the program exited non-zero,
 * was killed or timed out; skip for "1..0" with no test point (exit 0 or
 * 77); success otherwise.  uxsuccess does not fail the program (TODO
 * tests are not failures in TAP).  If the program printed no TAP at all,
 * the verdict is the exit code's (exitcode plug-in rules: 0 success, 77
 * skip, else fail) unless options is "strict" (--pattern tap), where no
 * TAP output is a failure.
 */
#ifndef PAT_TAP_H
#define PAT_TAP_H

#include "pat.h"

extern const struct pat_ops pat_tap_ops;

#endif

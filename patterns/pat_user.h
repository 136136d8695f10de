/*
 * pat_user: user pattern files, a small declarative format that maps the
 * lines of an in-house test output format to subtests, so a project can
 * describe it without writing C (`subunit-wrap --pattern FILE`).
 *
 * The program is the one runnable test (whole_program is true); the file
 * says which lines start, end or report subtests of it.  The wrapper
 * reads the file and passes its contents as `options` to create().
 *
 * ## The file
 *
 * One rule per line; blank lines and lines whose first non-blank byte is
 * '#' are ignored (there are no comments after a rule: '#' may be part of
 * a regular expression).  A rule is
 *
 *   KEYWORD [OPTION...] REGEX
 *
 * separated by blanks (spaces, tabs).  REGEX is a POSIX extended regular
 * expression (regcomp with REG_EXTENDED; glibc also knows \s \S \w \W \<
 * \>) and runs to the end of the line, trailing blanks and CR excluded: to
 * match a trailing space write "[ ]".  It cannot start with a blank or
 * with a word that looks like an option.
 *
 * Keywords:
 *
 *   start      the line starts a subtest, named by the name group
 *   pass       the line ends a subtest with success
 *   fail       ... with fail
 *   error      ... with fail, reason "ERROR"
 *   skip       ... with skip
 *   xfail      ... with xfail (expected failure)
 *   xpass      ... with uxsuccess (unexpected success); also "uxsuccess"
 *   result     ... with the status named by the word in the status group:
 *                PASS PASSED OK SUCCESS               success
 *                FAIL FAILED FAILURE                  fail
 *                ERROR                                fail, reason "ERROR"
 *                SKIP SKIPPED                         skip
 *                XFAIL                                xfail
 *                XPASS UXSUCCESS                      uxsuccess
 *              (any case); any other word: fail, with the word as reason
 *   ignore     the line is not protocol even if a later rule matches it
 *              (it stays chatter; nothing a program prints is dropped)
 *
 * Options (capture groups are numbered 1..9 as regexec counts them):
 *
 *   name=N     the group holding the test name.  Default: 1, except for
 *              an end keyword whose regex has no group at all, and for
 *              result, whose default is 2.  name=0 means "no name": the
 *              line ends the innermost open subtest (start needs a name)
 *   status=N   result only: the group holding the status word (default 1)
 *   reason=N   end keywords and result: the group holding the reason
 *              (for skips, failures), when it matched something
 *   icase      match regardless of case (REG_ICASE)
 *
 * ## What a line does
 *
 * Each output line is matched without its "\n" (and a CR before it), as
 * raw bytes (NUL included, REG_STARTEND; glibc's "." does not match a NUL
 * byte, "[^ ]" and "\S" do), against the rules in file order; the first
 * rule that matches decides (later rules are not tried, even when that
 * rule makes the line chatter).  Names and reasons are the group's bytes
 * with surrounding blanks (space, tab, CR, LF, VT, FF) trimmed, passed
 * raw (escaping is the caller's job).
 *
 *   - start: PAT_OPEN, a subtest of the innermost open one (so starts
 *     nest; a start beyond PAT_USER_DEPTH_MAX open subtests is chatter).
 *   - an end line with a name closes the innermost open subtest of that
 *     name (exact bytes); subtests opened after it are closed first, with
 *     fail, reason "not finished".  If no open subtest has that name the
 *     line is a result on its own: PAT_OPEN then PAT_CLOSE.
 *   - an end line without a name (name=0) closes the innermost open
 *     subtest; with none open it is chatter.
 *   - an empty name, or a status group that matched nothing, makes the
 *     line chatter.
 *   - A line no rule matches, an ignore line, a line longer than
 *     PAT_USER_MATCH_MAX bytes (without its line end; never matched: an
 *     expression not anchored with "^" takes regexec time that grows with
 *     the square of the line, 16 s for "(.+)$" on 64 KiB) and every piece
 *     of an over-long line (PAT_LINE_CUT, never matched) is chatter:
 *     PAT_BYTES at PAT_INNERMOST (the running subtest owns what it
 *     prints; the program when none is open), same fd, exact bytes.
 *   - Protocol lines are consumed: their bytes are represented by the
 *     events they produced.
 *   - A line written in pieces (pat_line.soft_start > 0) that is not
 *     protocol from its first byte is matched again from soft_start; if
 *     it is protocol from there, the bytes before soft_start are chatter
 *     of the running test, emitted first.  A rule's "^" matches at
 *     soft_start then.
 *
 * finish: subtests still open are closed, innermost first, with fail and
 * the reason "still running when the program ended: " + how it ended
 * (pat_exit_describe).  The verdict is pat_exit_verdict's, where M counts
 * every subtest closed and N those closed with fail or uxsuccess:
 * exit 77 with no subtest: skip; any other end but exit 0: fail ("exit
 * status 1, N of M subtests failed"); N > 0: fail ("N of M subtests
 * failed"); else success.
 *
 * ## Example
 *
 * For an in-house runner that prints
 *
 *   [ RUN  ] parser/empty
 *   [ DONE ] parser/empty: OK
 *   [ RUN  ] parser/utf8
 *   [ DONE ] parser/utf8: SKIPPED (no locale)
 *   RESULT quick/one PASS
 *   [ RUN  ] parser/deep
 *   *** CRASH in parser/deep
 *   [ DONE ] summary: FAILED
 *
 * this file
 *
 *   # libfoo's runner; the summary repeats "[ DONE ]" lines: not results
 *   ignore  ^\[ DONE \] summary
 *   start   ^\[ RUN  \] (.+)$
 *   result  name=1 status=2 reason=4 ^\[ DONE \] (.+): ([A-Z]+)( \((.*)\))?$
 *   result  name=1 status=2 ^RESULT\s+(\S+)\s+(\S+)$
 *   fail    ^\*\*\* CRASH in (.+)$
 *
 * gives: open 'parser/empty', close success; open 'parser/utf8', close
 * skip reason 'no locale'; open 'quick/one', close success (a result
 * line of its own); open 'parser/deep', close fail; and the summary line
 * is chatter.
 *
 * ## Errors
 *
 * create() returns -EINVAL and one line in err:
 *
 *   line N: unknown keyword "K"
 *   line N: K: no regular expression
 *   line N: K: bad regular expression: REGERROR-TEXT
 *   line N: K: bad option "OPT"           (not name=/status=/reason= 0..9)
 *   line N: K: no OPT option here         (status= outside result,
 *                                           name=/reason= on ignore)
 *   line N: start: needs a name (name=0)
 *   line N: K: no capture group G (the expression has M)
 *   line N: K: regular expression too large (the file's expressions make
 *              more than 4096 items)
 *   line N: K: regular expression repeats with '+' or {} what can match
 *              nothing (write * or ?)
 *   line N: longer than 4096 bytes
 *   line N: more than 64 rules
 *   no rules                               (also for NULL options)
 *
 * Bytes of the file that are not printable ASCII show as '?' in the
 * message, and a quoted word is cut at 32 bytes.  -ENOMEM if memory runs
 * out.
 *
 * What regcomp copes with: glibc's regcomp copies the operand of each
 * repetition ("E+" is "E E*", "E{m,n}" n copies of E), its memory grows
 * with the square of the expression, and copies of an operand that can
 * match the empty string take it exponential time after an anchor, so a
 * short line such as "^x++++++++++++++++++++++++$", "^x*++++++$" or
 * "(a?){0,9999}" would take gigabytes or hours.  Hence two rules:
 *   - '+' and intervals with more than one copy ({m,n} with n > 1,
 *     {n} with n > 1, {m,} with m > 0) apply to an operand that cannot
 *     match nothing (not "x*", "a?", "(a|)", "^", "\<", "\1"...): "E*+"
 *     is "E*", "(a?){0,3}" is "a{0,3}";
 *   - the expressions of one file make PAT_USER_ITEMS_MAX items
 *     together: each character, bracket expression or escape is one, a
 *     group or '|' one more, and a repetition of an operand of I items
 *     makes 2I + 1 for '+', nI + 1 for {m,n}, {,n} and {n}, (m + 1)I + 1
 *     for {m,}, I + 1 for '*' and '?'.  A file of 64 rules of 60
 *     characters fits.
 */
#ifndef PAT_USER_H
#define PAT_USER_H

#include "pat.h"

/* Most rules in one file, longest line of it. */
#define PAT_USER_RULES_MAX 64
#define PAT_USER_LINE_MAX 4096
/* Most subtests open at once; deeper starts are chatter. */
#define PAT_USER_DEPTH_MAX 32
/* Longest output line matched against the rules; longer ones are chatter. */
#define PAT_USER_MATCH_MAX 4096
/*
 * Most items regcomp may make of all the file's regular expressions (see
 * Errors); its memory grows with their square, up to some 300 MB here.
 */
#define PAT_USER_ITEMS_MAX 4096

extern const struct pat_ops pat_user_ops;

#endif

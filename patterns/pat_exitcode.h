/*
 * pat_exitcode: the classifier for programs with no protocol at all, where
 * only the exit status means something (formats.md §8).
 *
 * Input: any bytes.  Every line, on either fd, with or without a newline,
 * whole or a PAT_LINE_CUT piece, is chatter: one PAT_BYTES event at level
 * 0 (the program, the one runnable test: whole_program is true), same fd,
 * exactly the bytes received.  An empty line (len 0) emits nothing.  No
 * subtests are ever opened.
 *
 * Verdict (finish), the GNU / automake test-driver convention:
 *
 *   exit 0                   success  ""
 *   exit 77                  skip     "exit status 77"
 *   exit 99                  fail     "exit status 99 (hard error)"
 *   exit N (any other)       fail     "exit status N"
 *   killed by a signal       fail     "killed by signal SIGSEGV"
 *                                     (+ " (core dumped)")
 *   stopped by --timeout     fail     "timed out after N s"
 *   stopped by the wrapper   fail     "interrupted"
 *
 * (pat_exit_verdict with no subtests; the words are pat_exit_describe's.)
 *
 * options: ignored.  Environment: none set or cleared.
 */
#ifndef PAT_EXITCODE_H
#define PAT_EXITCODE_H

#include "pat.h"

extern const struct pat_ops pat_exitcode_ops;

/*
 * The plug-in's functions, shared with pat_subunit (stderr of a stream
 * producer: the same chatter and verdict rules).  As pat_ops says.
 */
int pat_exitcode_create(const char *options, void **state, char *err,
    size_t err_cap);
int pat_exitcode_line(void *state, const struct pat_line *l,
    pat_emit_fn emit, void *ctx);
int pat_exitcode_finish(void *state, const struct pat_exit *ex,
    pat_emit_fn emit, void *ctx, enum sw_status *status, char *reason,
    size_t reason_cap);
void pat_exitcode_destroy(void *state);

#endif

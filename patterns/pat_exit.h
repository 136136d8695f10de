/*
 * pat_exit: how a program ended, in words, and the verdict of a
 * whole-program plug-in from that and its subtests.
 *
 * pat_exit_describe() is declared in pat.h (the wrapper uses it too); this
 * header adds what plug-ins share on top of it.  Pure functions: no I/O,
 * no allocation.
 *
 * pat_exit_describe() gives, first match wins (a program stopped by the
 * wrapper is also killed by a signal, and the reason the wrapper stopped
 * it is the one that matters):
 *
 *   ex->interrupted      "interrupted"
 *   ex->timed_out        "timed out after N s"
 *   ex->signaled         "killed by signal SIGSEGV", + " (core dumped)";
 *                        real-time signals "SIGRTMIN+N", unknown numbers
 *                        "killed by signal N"
 *   ex->exited, 99       "exit status 99 (hard error)" (GNU convention)
 *   ex->exited           "exit status N"
 *   none of them         "no exit status"
 *
 * It writes at most cap bytes, always NUL-terminated when cap > 0
 * (truncated if need be), and returns buf.
 */
#ifndef PAT_EXIT_H
#define PAT_EXIT_H

#include <stdbool.h>
#include <stddef.h>

#include "pat.h"
#include "sw_packet.h"

/* True if the program exited by itself with status 0. */
bool pat_exit_clean(const struct pat_exit *ex);

/* True if the program exited by itself with status 77 (GNU: skipped). */
bool pat_exit_skipped(const struct pat_exit *ex);

/*
 * Append ", " (unless reason is empty) and a printf-formatted part to the
 * NUL-terminated reason[0..cap), truncating what does not fit.
 */
void pat_exit_reason_add(char *reason, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The verdict of a whole program (ops->finish's *status and reason) that
 * reported ntotal subtests, nfailed of which count as failures (fail or
 * uxsuccess).  First match wins:
 *
 *   exited with 77 and ntotal == 0   skip     "exit status 77"
 *   any other end but exit 0         fail     "<describe>", then
 *                                             ", N of M subtests failed"
 *                                             if nfailed > 0
 *   nfailed > 0                      fail     "N of M subtests failed"
 *   exit 0                           success  ""
 *
 * So with no subtests it is the exit-code convention: 0 success, 77 skip,
 * anything else (99, signals, time-outs, interrupts) fail.  reason gets
 * at most cap bytes, NUL-terminated when cap > 0.
 */
void pat_exit_verdict(const struct pat_exit *ex, unsigned long nfailed,
    unsigned long ntotal, enum sw_status *status, char *reason, size_t cap);

#endif

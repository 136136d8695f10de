/*
 * pat_exit: how a program ended, in words (pat_exit_describe, declared in
 * pat.h), and the whole-program verdict the plug-ins share.  Called once
 * per program, so clarity beats speed; signal names come from glibc's
 * sigabbrev_np (2.32 and later), which knows no real-time signals.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pat_exit.h"

#define HARD_ERROR 99            /* GNU: the test itself could not run */
#define SKIPPED 77               /* GNU: the test does not apply here */

static void
describe_signal(int signo, bool core, char *buf, size_t cap)
{
	const char *abbrev = sigabbrev_np(signo);
	const char *tail = core ? " (core dumped)" : "";

	if (abbrev)
		snprintf(buf, cap, "killed by signal SIG%s%s", abbrev, tail);
	else if (signo >= SIGRTMIN && signo <= SIGRTMAX)
		snprintf(buf, cap, "killed by signal SIGRTMIN+%d%s",
		    signo - SIGRTMIN, tail);
	else
		snprintf(buf, cap, "killed by signal %d%s", signo, tail);
}

char *
pat_exit_describe(const struct pat_exit *ex, char *buf, size_t cap)
{
	if (cap == 0)
		return buf;
	if (ex->interrupted)
		snprintf(buf, cap, "interrupted");
	else if (ex->timed_out)
		snprintf(buf, cap, "timed out after %u s", ex->timeout_secs);
	else if (ex->signaled)
		describe_signal(ex->signo, ex->core_dumped, buf, cap);
	else if (ex->exited && ex->code == HARD_ERROR)
		snprintf(buf, cap, "exit status %d (hard error)", ex->code);
	else if (ex->exited)
		snprintf(buf, cap, "exit status %d", ex->code);
	else
		snprintf(buf, cap, "no exit status");
	return buf;
}

bool
pat_exit_clean(const struct pat_exit *ex)
{
	return ex->exited && ex->code == 0 && !ex->signaled &&
	    !ex->timed_out && !ex->interrupted;
}

bool
pat_exit_skipped(const struct pat_exit *ex)
{
	return ex->exited && ex->code == SKIPPED && !ex->signaled &&
	    !ex->timed_out && !ex->interrupted;
}

void
pat_exit_verdict(const struct pat_exit *ex, unsigned long nfailed,
    unsigned long ntotal, enum sw_status *status, char *reason, size_t cap)
{
	size_t n;

	if (cap > 0)
		reason[0] = 0;
	if (pat_exit_skipped(ex) && ntotal == 0) {
		*status = SW_STATUS_SKIP;
		pat_exit_describe(ex, reason, cap);
		return;
	}
	if (pat_exit_clean(ex) && nfailed == 0) {
		*status = SW_STATUS_SUCCESS;
		return;
	}
	*status = SW_STATUS_FAIL;
	if (!pat_exit_clean(ex))
		pat_exit_describe(ex, reason, cap);
	if (nfailed == 0 || cap == 0)
		return;
	n = strlen(reason);
	snprintf(reason + n, cap - n, "%s%lu of %lu subtests failed",
	    n ? ", " : "", nfailed, ntotal);
}

void
pat_exit_reason_add(char *reason, size_t cap, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (cap == 0 || (n = strlen(reason)) + 1 >= cap)
		return;
	if (n > 0) {
		snprintf(reason + n, cap - n, ", ");
		n = strlen(reason);
	}
	va_start(ap, fmt);
	vsnprintf(reason + n, cap - n, fmt, ap);
	va_end(ap);
}

/*
 * t_replay.h: replay a program's writes, in the order it made them (as
 * strace -e trace=write shows them), through the real line driver
 * (pat_new/pat_feed/pat_finish) into a t_pat recorder.  Unlike
 * t_pat_feed, which hands the plug-in whole lines, this exercises the
 * driver's per-fd partial lines and pat_line.soft_start, so a test sees
 * what the plug-in sees when a program writes "  Test: x ..." and
 * "passed" in two writes, or stderr between two halves of a stdout line.
 * Header-only; use with t.h and t_pat.h.
 *
 *   static const struct t_write w[] = {
 *	{ 1, "[ RUN      ] a\n" },
 *	{ 2, "chatter" },
 *	{ 0, NULL },
 *   };
 *   struct t_pat r;
 *
 *   t_replay(&r, &pat_cmocka_ops, w, t_pat_exited(0));
 *   T_PAT_EVENTS(&r, "open 'a'", ..., "verdict fail reason='...'");
 *   t_pat_end(&r);
 *
 * The verdict line is recorded as t_pat_finish() records it.  Every
 * driver call must return 0 (checked with T_EQ_INT).
 *
 * t_replay_order() replays the same writes as the wrapper may read them
 * from two pipes in the worst cases: every stdout write before any stderr
 * one, or the reverse (each stream keeps its own order).
 * t_pat_drop_bytes() then keeps only the results to compare.
 */
#ifndef T_REPLAY_H
#define T_REPLAY_H

#include <string.h>

#include "pat.h"
#include "t.h"
#include "t_pat.h"

/* One write(2): fd 1 or 2 and its bytes (a C string). */
struct t_write {
	int fd;
	const char *s;
};

/* In which order t_replay_order() feeds the writes. */
enum t_order {
	T_AS_WRITTEN,            /* program order (preload mode) */
	T_STDOUT_FIRST,          /* all of stdout, then all of stderr */
	T_STDERR_FIRST,          /* all of stderr, then all of stdout */
};

static inline void
t_replay_order(struct t_pat *r, const struct pat_ops *ops,
    const struct t_write *w, struct pat_exit ex, enum t_order order)
{
	enum sw_status st = (enum sw_status)99;
	char reason[512];
	struct pat *p = NULL;

	memset(r, 0, sizeof *r);
	r->ops = ops;
	T_EQ_INT(pat_new(ops, NULL, t_pat_emit, r, &p, r->err,
	    sizeof r->err), 0);
	if (p == NULL)
		return;
	for (int pass = 0; pass < 2; pass++) {
		int only = order == T_AS_WRITTEN ? 0 :
		    (order == T_STDOUT_FIRST) == (pass == 0) ? 1 : 2;

		for (const struct t_write *q = w; q->s; q++)
			if (only == 0 || q->fd == only)
				T_EQ_INT(pat_feed(p, q->fd, q->s,
				    strlen(q->s)), 0);
		if (order == T_AS_WRITTEN)
			break;
	}
	T_EQ_INT(pat_finish(p, &ex, &st, reason, sizeof reason), 0);
	t_pat_adds(r, "verdict ");
	t_pat_status(r, st);
	if (reason[0]) {
		t_pat_adds(r, " reason=");
		t_pat_quote(r, reason, strlen(reason));
	}
	t_pat_add(r, "\n", 1);
	pat_free(p);
}

static inline void
t_replay(struct t_pat *r, const struct pat_ops *ops, const struct t_write *w,
    struct pat_exit ex)
{
	t_replay_order(r, ops, w, ex, T_AS_WRITTEN);
}

/*
 * Drop the "bytes" lines of what r recorded, to compare results alone
 * (where the bytes land depends on the order, the results must not).
 */
static inline void
t_pat_drop_bytes(struct t_pat *r)
{
	char *in = r->out, *out = r->out;

	if (in == NULL)
		return;
	while (*in) {
		char *nl = strchr(in, '\n');
		size_t n = nl ? (size_t)(nl - in) + 1 : strlen(in);

		if (strncmp(in, "bytes ", 6) != 0) {
			memmove(out, in, n);
			out += n;
		}
		in += n;
	}
	*out = 0;
	r->len = (size_t)(out - r->out);
}

#endif

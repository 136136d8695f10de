/*
 * pat_subunit: stderr chatter and the exit-status verdict of a program
 * whose stdout is forwarded as a v2 stream (see pat_subunit.h).
 * Workload: a little stderr; a line costs one emit and no copy.
 */
#include <errno.h>
#include <stdlib.h>

#include "pat_exit.h"
#include "pat_subunit.h"

/* No state is needed; one byte is allocated so the state is never NULL. */
struct pat_subunit {
	char unused;
};

static int
pat_subunit_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct pat_subunit));
	return *state ? 0 : -ENOMEM;
}

static int
pat_subunit_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_BYTES };

	(void)state;
	if (l->len == 0)
		return 0;
	ev.fd = l->fd;
	ev.level = 0;
	ev.bytes = (const uint8_t *)l->text;
	ev.len = l->len;
	return emit(ctx, &ev);
}

static int
pat_subunit_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	(void)state;
	(void)emit;
	(void)ctx;
	pat_exit_verdict(ex, 0, 0, status, reason, reason_cap);
	return 0;
}

static void
pat_subunit_destroy(void *state)
{
	free(state);
}

const struct pat_ops pat_subunit_ops = {
	.name = "subunit",
	.forward_stdout = true,
	.create = pat_subunit_create,
	.line = pat_subunit_line,
	.finish = pat_subunit_finish,
	.destroy = pat_subunit_destroy,
};

/*
 * pat_exitcode: no protocol, every line is the program's chatter, the exit
 * status is the verdict (see pat_exitcode.h).  Workload: anything a test
 * program prints, up to floods of millions of lines, so a line costs one
 * emit and no copy.
 */
#include <errno.h>
#include <stdlib.h>

#include "pat_exit.h"
#include "pat_exitcode.h"

/* No state is needed; one byte is allocated so the state is never NULL. */
struct pat_exitcode {
	char unused;
};

int
pat_exitcode_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct pat_exitcode));
	return *state ? 0 : -ENOMEM;
}

int
pat_exitcode_line(void *state, const struct pat_line *l, pat_emit_fn emit,
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

int
pat_exitcode_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	(void)state;
	(void)emit;
	(void)ctx;
	pat_exit_verdict(ex, 0, 0, status, reason, reason_cap);
	return 0;
}

void
pat_exitcode_destroy(void *state)
{
	free(state);
}

const struct pat_ops pat_exitcode_ops = {
	.name = "exitcode",
	.whole_program = true,
	.env_unset = NULL,
	.env_set = NULL,
	.create = pat_exitcode_create,
	.line = pat_exitcode_line,
	.finish = pat_exitcode_finish,
	.destroy = pat_exitcode_destroy,
};

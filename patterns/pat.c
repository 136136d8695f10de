/*
 * pat: the driver in front of a classifier plug-in: it cuts each fd's
 * bytes into lines and hands them over one at a time.
 *
 * Workload: test output is mostly short lines arriving in pipe-sized
 * chunks (4-64 KiB), sometimes a huge line (hex dumps, a 50 MiB line with
 * no newline).  Complete lines inside a chunk are passed in place, without
 * copying; only the unfinished tail of a chunk is kept, in a per-fd buffer
 * never larger than PAT_LINE_MAX, so memory stays bounded whatever the
 * program prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat.h"
#include "pat_automake.h"
#include "pat_check.h"
#include "pat_cmocka.h"
#include "pat_cunit.h"
#include "pat_exitcode.h"
#include "pat_glib.h"
#include "pat_gtest.h"
#include "pat_subunit.h"
#include "pat_tap.h"
#include "pat_user.h"
#include "sw_buf.h"

/* The partial line of one fd. */
struct pat_fd {
	struct sw_buf buf;       /* bytes of the line so far */
	size_t soft_start;       /* where the last write began, see pat.h */
	bool cutting;            /* this line is longer than PAT_LINE_MAX */
};

struct pat {
	const struct pat_ops *ops;
	void *state;
	pat_emit_fn emit;
	void *ctx;
	struct pat_fd fds[3];    /* PAT_FD_STDOUT, _STDERR, _RESULTS */
};

int
pat_new(const struct pat_ops *ops, const char *options, pat_emit_fn emit,
    void *ctx, struct pat **out, char *err, size_t err_cap)
{
	struct pat *p = calloc(1, sizeof *p);
	int rc;

	if (err_cap)
		err[0] = 0;
	if (p == NULL)
		return -ENOMEM;
	rc = ops->create(options, &p->state, err, err_cap);
	if (rc < 0) {
		free(p);
		return rc;
	}
	p->ops = ops;
	p->emit = emit;
	p->ctx = ctx;
	*out = p;
	return 0;
}

void
pat_free(struct pat *p)
{
	if (p == NULL)
		return;
	p->ops->destroy(p->state);
	for (int i = 0; i < 3; i++)
		sw_buf_free(&p->fds[i].buf);
	free(p);
}

static int
deliver(struct pat *p, int fd, const char *text, size_t len, unsigned flags,
    size_t soft)
{
	struct pat_line l = { fd, text, len, flags, soft };

	return p->ops->line(p->state, &l, p->emit, p->ctx);
}

/* Pass the buffered part of a long line on as a cut piece. */
static int
deliver_cut(struct pat *p, int fd, struct pat_fd *f, unsigned eol)
{
	int rc = deliver(p, fd, (const char *)f->buf.data, f->buf.len,
	    PAT_LINE_CUT | eol, 0);

	f->buf.len = 0;
	f->soft_start = 0;
	f->cutting = !eol;
	return rc;
}

/*
 * Append n bytes (ending a line if eol) to the partial line, passing it
 * on when it is complete or too long.
 */
static int
add_to_partial(struct pat *p, int fd, struct pat_fd *f, const char *b,
    size_t n, bool eol)
{
	int rc;

	while (f->buf.len + n > PAT_LINE_MAX) {
		size_t room = PAT_LINE_MAX - f->buf.len;

		if (sw_buf_append(&f->buf, b, room) < 0)
			return -ENOMEM;
		b += room;
		n -= room;
		f->cutting = true;
		if ((rc = deliver_cut(p, fd, f, 0)) < 0)
			return rc;
		f->cutting = true;
	}
	if (sw_buf_append(&f->buf, b, n) < 0)
		return -ENOMEM;
	if (!eol)
		return 0;
	if (f->cutting)
		return deliver_cut(p, fd, f, PAT_LINE_EOL);
	rc = deliver(p, fd, (const char *)f->buf.data, f->buf.len,
	    PAT_LINE_EOL, f->soft_start);
	f->buf.len = 0;
	f->soft_start = 0;
	return rc;
}

int
pat_feed(struct pat *p, int fd, const void *bytes, size_t len)
{
	const char *b = bytes;
	struct pat_fd *f;
	int rc = 0;

	if (fd != PAT_FD_STDERR && fd != PAT_FD_RESULTS)
		fd = PAT_FD_STDOUT;
	f = &p->fds[fd - 1];
	if (f->buf.len > 0 && !f->cutting && len > 0)
		f->soft_start = f->buf.len;   /* a new write joins the line */
	while (len > 0 && rc >= 0) {
		const char *nl = memchr(b, '\n', len);
		size_t n = nl ? (size_t)(nl - b) + 1 : len;

		if (nl && f->buf.len == 0 && !f->cutting && n <= PAT_LINE_MAX)
			rc = deliver(p, fd, b, n, PAT_LINE_EOL, 0);
		else
			rc = add_to_partial(p, fd, f, b, n, nl != NULL);
		b += n;
		len -= n;
	}
	return rc;
}

int
pat_finish(struct pat *p, const struct pat_exit *ex, enum sw_status *status,
    char *reason, size_t reason_cap)
{
	int rc;

	for (int i = 0; i < 3; i++) {
		struct pat_fd *f = &p->fds[i];

		if (f->buf.len == 0)
			continue;
		rc = deliver(p, i + 1, (const char *)f->buf.data, f->buf.len,
		    f->cutting ? PAT_LINE_CUT : 0, f->soft_start);
		f->buf.len = 0;
		f->soft_start = 0;
		f->cutting = false;
		if (rc < 0)
			return rc;
	}
	*status = SW_STATUS_SUCCESS;
	if (reason_cap)
		reason[0] = 0;
	return p->ops->finish(p->state, ex, p->emit, p->ctx, status, reason,
	    reason_cap);
}

const struct pat_ops *
pat_find(const char *name)
{
	static const struct pat_ops *const all[] = {
		&pat_tap_ops, &pat_automake_ops, &pat_exitcode_ops,
		&pat_user_ops, &pat_gtest_ops, &pat_glib_ops, &pat_cmocka_ops,
		&pat_cunit_ops, &pat_check_ops, &pat_subunit_ops,
	};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

static bool
is_white(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

struct sw_str
pat_trim(const char *s, size_t n)
{
	struct sw_str out;

	while (n > 0 && is_white(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_white(s[n - 1]))
		n--;
	out.ptr = s;
	out.len = n;
	return out;
}

/* Append s to a NULL-terminated growable array of strings. */
static int
push_string(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n + 2 > *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		char **p = realloc(*v, c * sizeof *p);

		if (p == NULL)
			return -ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
	return 0;
}

int
pat_cmd_arg(struct pat_cmd *c, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	if (push_string(&c->args, &c->nargs, &c->args_cap, s) < 0) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

int
pat_cmd_env(struct pat_cmd *c, const char *name, const char *value)
{
	size_t len = strlen(name);
	char *s;

	if (asprintf(&s, "%s=%s", name, value) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < c->nenv; i++) {
		if (strncmp(c->env[i], name, len) == 0 &&
		    c->env[i][len] == '=') {
			free(c->env[i]);
			c->env[i] = s;
			return 0;
		}
	}
	if (push_string(&c->env, &c->nenv, &c->env_cap, s) < 0) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

void
pat_cmd_free(struct pat_cmd *c)
{
	for (size_t i = 0; i < c->nargs; i++)
		free(c->args[i]);
	for (size_t i = 0; i < c->nenv; i++)
		free(c->env[i]);
	free(c->args);
	free(c->env);
	memset(c, 0, sizeof *c);
}

int
pat_emit_bytes(pat_emit_fn emit, void *ctx, int fd, unsigned level,
    const void *bytes, size_t n)
{
	struct pat_event ev = { .kind = PAT_BYTES, .fd = fd, .level = level,
		.bytes = bytes, .len = n };

	return n == 0 ? 0 : emit(ctx, &ev);
}

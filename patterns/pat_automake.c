/*
 * pat_automake: automake parallel-harness result lines ("PASS: name") as
 * subtests of the program (the format and every decision are in
 * pat_automake.h).
 *
 * Workload: `make check` of a project prints one result line per test
 * program, tens to thousands, among make's and the tests' noise; a legacy
 * program may print one per assertion, up to millions.  A line costs a
 * look at its first bytes; nothing is copied except the text of an ERROR
 * line's reason, into one buffer kept for the instance.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pat_names.h"
#include "pat_automake.h"
#include "pat_exit.h"

struct pat_automake {
	bool in_log;             /* inside a printed test-suite.log */
	unsigned long ntotal;    /* result lines */
	unsigned long nfailed;   /* FAIL, ERROR, XPASS lines */
	char *buf;               /* "ERROR: reason", grown on demand */
	size_t cap;              /* bytes at buf, <= PAT_LINE_MAX + 8 */
	struct pat_names names;  /* labels used, to keep them unique */
};

/* One result line, pointing into the line's bytes. */
struct am_result {
	enum sw_status status;
	bool failed;             /* counts against the program */
	bool error;              /* ERROR: the reason says so */
	struct sw_str name;
	struct sw_str reason;    /* ptr NULL: none */
};

static const struct {
	const char *word;
	enum sw_status status;
	bool failed;
} am_words[] = {
	{ "PASS", SW_STATUS_SUCCESS, false },
	{ "FAIL", SW_STATUS_FAIL, true },
	{ "XFAIL", SW_STATUS_XFAIL, false },
	{ "XPASS", SW_STATUS_UXSUCCESS, true },
	{ "SKIP", SW_STATUS_SKIP, false },
	{ "ERROR", SW_STATUS_FAIL, true },
};

#define LOG_START ".. contents:: :depth: 2"
#define LOG_END "Testsuite summary"
#define EXIT_STATUS " (exit status: "
#define ERROR_PREFIX "ERROR: "

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* The leading blanks stay: " # " right after the colon is a directive. */
static struct sw_str
rtrim(const char *p, size_t n)
{
	struct sw_str s;

	while (n > 0 && is_blank(p[n - 1]))
		n--;
	s.ptr = p;
	s.len = n;
	return s;
}

static bool
has_prefix(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* The line without its "\n" or "\r\n" is exactly `want`. */
static bool
line_is(const char *p, size_t n, const char *want)
{
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

/* Cut " # directive" or " (exit status: N)" off r->name into r->reason. */
static void
split_reason(struct am_result *r)
{
	const char *p = r->name.ptr;
	size_t n = r->name.len, k = strlen(EXIT_STATUS);
	const char *hash = memmem(p, n, " # ", 3);
	size_t i;

	if (hash) {
		r->reason = pat_trim(hash + 3, n - (size_t)(hash + 3 - p));
		r->name.len = (size_t)(hash - p);
		return;
	}
	if (n < 2 || p[n - 1] != ')')
		return;
	for (i = n - 1; i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9'; i--)
		;
	if (i == n - 1 || i < k || memcmp(p + i - k, EXIT_STATUS, k) != 0)
		return;
	r->reason.ptr = p + i - k + 2;
	r->reason.len = n - 1 - (i - k + 2);
	r->name.len = i - k;
}

/* Parse p[0..n) as a result line; false if it is not one. */
static bool
parse_result(const char *p, size_t n, struct am_result *r)
{
	for (size_t w = 0; w < sizeof am_words / sizeof am_words[0]; w++) {
		size_t k = strlen(am_words[w].word);

		if (n < k + 2 || memcmp(p, am_words[w].word, k) != 0 ||
		    p[k] != ':' || (p[k + 1] != ' ' && p[k + 1] != '\t'))
			continue;
		memset(r, 0, sizeof *r);
		r->status = am_words[w].status;
		r->failed = am_words[w].failed;
		r->error = strcmp(am_words[w].word, "ERROR") == 0;
		r->name = rtrim(p + k + 1, n - k - 1);
		split_reason(r);
		r->name = pat_trim(r->name.ptr, r->name.len);
		return r->name.len > 0;
	}
	return false;
}

/* ERROR's reason: "ERROR" or "ERROR: " + r->reason, in st->buf. */
static int
error_reason(struct pat_automake *st, struct am_result *r)
{
	size_t k = strlen(ERROR_PREFIX), need;
	char *nbuf;

	if (r->reason.ptr == NULL) {
		r->reason = sw_str_c("ERROR");
		return 0;
	}
	need = k + r->reason.len;
	if (need > st->cap) {
		if ((nbuf = realloc(st->buf, need)) == NULL)
			return -ENOMEM;
		st->buf = nbuf;
		st->cap = need;
	}
	memcpy(st->buf, ERROR_PREFIX, k);
	memcpy(st->buf + k, r->reason.ptr, r->reason.len);
	r->reason.ptr = st->buf;
	r->reason.len = need;
	return 0;
}

static int
emit_result(struct pat_automake *st, struct am_result *r, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	int rc;

	if (r->error && (rc = error_reason(st, r)) < 0)
		return rc;
	st->ntotal++;
	if (r->failed)
		st->nfailed++;
	if ((rc = pat_names_unique(&st->names, r->name, &ev.label)) < 0 ||
	    (rc = emit(ctx, &ev)) < 0)
		return rc;
	memset(&ev, 0, sizeof ev);
	ev.kind = PAT_CLOSE;
	ev.status = r->status;
	ev.reason = r->reason;
	return emit(ctx, &ev);
}

static int
emit_bytes(int fd, const char *p, size_t n, pat_emit_fn emit, void *ctx)
{
	return pat_emit_bytes(emit, ctx, fd, 0, p, n);
}

/* Track the test-suite.log region; true if l is inside it. */
static bool
in_log(struct pat_automake *st, const struct pat_line *l)
{
	if (st->in_log) {
		if (has_prefix(l->text, l->len, LOG_END))
			st->in_log = false;
		return true;
	}
	if (line_is(l->text, l->len, LOG_START)) {
		st->in_log = true;
		return true;
	}
	return false;
}

static int
pat_automake_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_automake *st = state;
	struct am_result r;
	size_t at = l->soft_start;
	int rc;

	if ((l->flags & PAT_LINE_CUT) || in_log(st, l))
		return emit_bytes(l->fd, l->text, l->len, emit, ctx);
	if (parse_result(l->text, l->len, &r))
		return emit_result(st, &r, emit, ctx);
	if (at == 0 || at >= l->len ||
	    !parse_result(l->text + at, l->len - at, &r))
		return emit_bytes(l->fd, l->text, l->len, emit, ctx);
	if ((rc = emit_bytes(l->fd, l->text, at, emit, ctx)) < 0)
		return rc;
	return emit_result(st, &r, emit, ctx);
}

static int
pat_automake_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct pat_automake));
	return *state ? 0 : -ENOMEM;
}

static int
pat_automake_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	struct pat_automake *st = state;

	(void)emit;
	(void)ctx;
	pat_exit_verdict(ex, st->nfailed, st->ntotal, status, reason,
	    reason_cap);
	return 0;
}

static void
pat_automake_destroy(void *state)
{
	struct pat_automake *st = state;

	if (st == NULL)
		return;
	free(st->buf);
	pat_names_free(&st->names);
	free(st);
}

static const char *const pat_automake_env_set[] = {
	"AM_COLOR_TESTS=no",
	NULL,
};

const struct pat_ops pat_automake_ops = {
	.name = "automake",
	.whole_program = true,
	.env_unset = NULL,
	.env_set = pat_automake_env_set,
	.create = pat_automake_create,
	.line = pat_automake_line,
	.finish = pat_automake_finish,
	.destroy = pat_automake_destroy,
};

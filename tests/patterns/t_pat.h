/*
 * t_pat.h: drive one classifier plug-in (patterns/pat.h) on byte strings
 * and record what it emits as one text line per event, so a test compares
 * the whole sequence and prints it on failure.  Header-only, for the unit
 * tests of every plug-in; use with t.h.
 *
 *   struct t_pat r;
 *
 *   T_EQ_INT(t_pat_start(&r, &pat_automake_ops, NULL), 0);
 *   t_pat_feed(&r, 1, "PASS: a\nhello");      // two lines, the last
 *                                             // without a newline
 *   t_pat_finish(&r, t_pat_exited(0));
 *   T_PAT_EVENTS(&r,
 *       "open 'a'",
 *       "close success",
 *       "bytes L0 fd1 'hello'",
 *       "verdict success");
 *   t_pat_end(&r);
 *
 * One line per event:
 *
 *   open 'LABEL'              PAT_OPEN; "open -" when the label is absent;
 *                             " runnable" appended when ev->runnable
 *   name 'LABEL'              PAT_NAME
 *   exists 'ID'               PAT_EXISTS (listing)
 *   close STATUS              PAT_CLOSE (python-subunit status name), then
 *                             " reason='TEXT'" when reason.ptr != NULL
 *   bytes LN fdF 'TEXT'       PAT_BYTES at level N ("L*" for PAT_INNERMOST)
 *   verdict STATUS            what finish() returned in *status, then
 *                             " reason='TEXT'" when the reason is not "";
 *                             then " rc=N" when finish returned N != 0
 *
 * Text is quoted with single quotes (so expected lines read well as C
 * string literals): printable ASCII is itself, except \' and \\; \n, \r
 * and \t are escaped so; every other byte (controls, DEL, UTF-8) is \xNN
 * with lower-case hex.  So a test checks that a plug-in passes bytes
 * through raw: "open 'caf\\xc3\\xa9'".
 *
 * r.fail_at = N makes the Nth event from now return -EPIPE (the event is
 * recorded first), to check that plug-ins stop and pass the error on.
 */
#ifndef T_PAT_H
#define T_PAT_H

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat.h"
#include "t.h"

struct t_pat {
	const struct pat_ops *ops;
	void *state;             /* the plug-in instance (ops->create) */
	char err[256];           /* ops->create's message */
	char *out;               /* the recorded lines, NUL-terminated */
	size_t len, cap;
	int fail_at;             /* event that returns -EPIPE (0: none) */
	int count;               /* events recorded since the last reset */
};

static inline void
t_pat_add(struct t_pat *r, const char *s, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		r->cap = (r->len + n + 1) * 2;
		r->out = realloc(r->out, r->cap);
		if (r->out == NULL)
			abort();
	}
	memcpy(r->out + r->len, s, n);
	r->len += n;
	r->out[r->len] = 0;
}

static inline void
t_pat_adds(struct t_pat *r, const char *s)
{
	t_pat_add(r, s, strlen(s));
}

/* Append p[0..n) quoted as described at the top. */
static inline void
t_pat_quote(struct t_pat *r, const char *p, size_t n)
{
	char esc[8];

	t_pat_add(r, "'", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\'' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			t_pat_add(r, esc, 2);
		} else if (c == '\n') {
			t_pat_add(r, "\\n", 2);
		} else if (c == '\r') {
			t_pat_add(r, "\\r", 2);
		} else if (c == '\t') {
			t_pat_add(r, "\\t", 2);
		} else if (c >= 0x20 && c < 0x7F) {
			t_pat_add(r, &p[i], 1);
		} else {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			t_pat_add(r, esc, 4);
		}
	}
	t_pat_add(r, "'", 1);
}

static inline void
t_pat_status(struct t_pat *r, int status)
{
	const char *s = sw_status_name(status);

	if (s == NULL)
		s = "BAD-STATUS";
	else if (*s == 0)
		s = "none";
	t_pat_adds(r, s);
}

/* The pat_emit_fn: ctx is the struct t_pat. */
static inline int
t_pat_emit(void *ctx, const struct pat_event *ev)
{
	struct t_pat *r = ctx;
	char num[64];

	switch (ev->kind) {
	case PAT_OPEN:
		t_pat_adds(r, "open ");
		if (ev->label.ptr)
			t_pat_quote(r, ev->label.ptr, ev->label.len);
		else
			t_pat_adds(r, "-");
		if (ev->runnable)
			t_pat_adds(r, " runnable");
		break;
	case PAT_NAME:
		t_pat_adds(r, "name ");
		t_pat_quote(r, ev->label.ptr, ev->label.len);
		break;
	case PAT_CLOSE:
		t_pat_adds(r, "close ");
		t_pat_status(r, ev->status);
		if (ev->reason.ptr) {
			t_pat_adds(r, " reason=");
			t_pat_quote(r, ev->reason.ptr, ev->reason.len);
		}
		break;
	case PAT_EXISTS:
		t_pat_adds(r, "exists ");
		t_pat_quote(r, ev->label.ptr, ev->label.len);
		break;
	case PAT_BYTES:
		if (ev->level == PAT_INNERMOST)
			snprintf(num, sizeof num, "bytes L* fd%d ", ev->fd);
		else
			snprintf(num, sizeof num, "bytes L%u fd%d ", ev->level,
			    ev->fd);
		t_pat_adds(r, num);
		t_pat_quote(r, (const char *)ev->bytes, ev->len);
		break;
	default:
		snprintf(num, sizeof num, "BAD-KIND %d", (int)ev->kind);
		t_pat_adds(r, num);
		break;
	}
	t_pat_add(r, "\n", 1);
	r->count++;
	return r->fail_at && r->count == r->fail_at ? -EPIPE : 0;
}

/* Forget what was recorded (the plug-in instance stays). */
static inline void
t_pat_reset(struct t_pat *r)
{
	r->len = 0;
	if (r->out)
		r->out[0] = 0;
	r->count = 0;
	r->fail_at = 0;
}

/*
 * Create an instance of ops with options into r.  Returns ops->create's
 * value (its message in r->err); r needs t_pat_end() either way.
 */
static inline int
t_pat_start(struct t_pat *r, const struct pat_ops *ops, const char *options)
{
	memset(r, 0, sizeof *r);
	r->ops = ops;
	return ops->create(options, &r->state, r->err, sizeof r->err);
}

static inline void
t_pat_end(struct t_pat *r)
{
	if (r->state)
		r->ops->destroy(r->state);
	free(r->out);
	memset(r, 0, sizeof *r);
}

/* Hand the plug-in one line as given.  Returns ops->line's value. */
static inline int
t_pat_line(struct t_pat *r, int fd, const char *text, size_t len,
    unsigned flags, size_t soft_start)
{
	struct pat_line l = { fd, text, len, flags, soft_start };

	return r->ops->line(r->state, &l, t_pat_emit, r);
}

/*
 * Hand the plug-in the lines of the C string text, written on fd: each
 * piece up to and including a '\n' with PAT_LINE_EOL, a last piece
 * without '\n' with no flag.  Stops at the first error and returns it.
 */
static inline int
t_pat_feed(struct t_pat *r, int fd, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);
		int rc = t_pat_line(r, fd, text, n, nl ? PAT_LINE_EOL : 0, 0);

		if (rc)
			return rc;
		text += n;
	}
	return 0;
}

/* Call ops->finish and record the verdict line.  Returns its value. */
static inline int
t_pat_finish(struct t_pat *r, struct pat_exit ex)
{
	enum sw_status st = (enum sw_status)99;
	char reason[512];
	char num[32];
	int rc;

	memset(reason, 'X', sizeof reason);
	reason[sizeof reason - 1] = 0;
	rc = r->ops->finish(r->state, &ex, t_pat_emit, r, &st, reason,
	    sizeof reason);
	t_pat_adds(r, "verdict ");
	t_pat_status(r, st);
	if (memchr(reason, 0, sizeof reason) == NULL)
		t_pat_adds(r, " reason=UNTERMINATED");
	else if (reason[0]) {
		t_pat_adds(r, " reason=");
		t_pat_quote(r, reason, strlen(reason));
	}
	if (rc) {
		snprintf(num, sizeof num, " rc=%d", rc);
		t_pat_adds(r, num);
	}
	t_pat_add(r, "\n", 1);
	return rc;
}

/* How a program ended, for t_pat_finish. */
static inline struct pat_exit
t_pat_exited(int code)
{
	struct pat_exit ex = { .exited = true, .code = code };

	return ex;
}

static inline struct pat_exit
t_pat_signaled(int signo, bool core)
{
	struct pat_exit ex = { .signaled = true, .signo = signo,
	    .core_dumped = core };

	return ex;
}

/* What the wrapper reports after --timeout: killed, and why. */
static inline struct pat_exit
t_pat_timed_out(unsigned secs)
{
	struct pat_exit ex = { .signaled = true, .signo = SIGTERM,
	    .timed_out = true, .timeout_secs = secs };

	return ex;
}

static inline struct pat_exit
t_pat_interrupted(void)
{
	struct pat_exit ex = { .signaled = true, .signo = SIGTERM,
	    .interrupted = true };

	return ex;
}

/*
 * Compare what r recorded with the expected lines (a NULL-terminated
 * array; a NULL first entry means "no events"); on a mismatch print both.
 */
static inline void
t_pat_expect(const char *file, int line, struct t_pat *r,
    const char *const *want)
{
	struct t_pat w;
	const char *got = r->out ? r->out : "";

	memset(&w, 0, sizeof w);
	t_pat_add(&w, "", 0);
	for (; *want; want++) {
		t_pat_adds(&w, *want);
		t_pat_add(&w, "\n", 1);
	}
	t_asserts++;
	if (strcmp(got, w.out) != 0) {
		t_case_failed = 1;
		printf("#   %s:%d: events differ\n# want:\n", file, line);
		for (const char *p = w.out; *p; p = strchr(p, '\n') + 1)
			printf("#   %.*s\n", (int)(strchr(p, '\n') - p), p);
		printf("# got:\n");
		for (const char *p = got; *p; p = strchr(p, '\n') + 1)
			printf("#   %.*s\n", (int)(strchr(p, '\n') - p), p);
	}
	free(w.out);
}

/* T_PAT_EVENTS(&r, "line", "line", ...) or T_PAT_EVENTS(&r, NULL). */
#define T_PAT_EVENTS(r, ...)                                                  \
	t_pat_expect(__FILE__, __LINE__, (r),                                 \
	    (const char *const[]){ __VA_ARGS__, NULL })

/* Compare two C strings, printing both on a mismatch. */
#define T_PAT_STR(got, want)                                                  \
	do {                                                                  \
		const char *t_g_ = (got), *t_w_ = (want);                     \
		T_CHECK(strcmp(t_g_, t_w_) == 0, "got \"%s\", want \"%s\"",   \
		    t_g_, t_w_);                                              \
	} while (0)

#endif

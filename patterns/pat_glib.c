/*
 * pat_glib: GLib g_test classifier (behaviour: see pat_glib.h).
 *
 * Workload: a GLib test program runs from a handful to a few hundred tests
 * (GLib's own gio tests: up to ~500 per program; a generated program of
 * 10,000 is the stress case), each worth about four framework lines (start
 * and stop records on stderr, the result on stdout, suite comments) and
 * usually little chatter.  A line is classified with a few prefix tests and
 * at most one memmem() scan, without allocation once the buffers have
 * grown.  Memory: the labels used (to number repeats) and the paths begun
 * (to know a skippable test), a ring of at most GLIB_DUE_MAX closed tests
 * whose other half is still due (one entry in program order, more only
 * when two pipes reorder the streams), and at most GLIB_HOLD_MAX bytes of
 * stdout held while a skippable test's open waits.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_glib.h"
#include "pat_names.h"
#include "sw_buf.h"
#include "sw_map.h"

#define GLIB_REC_MAX 4096u         /* a LOG record spanning lines */
#define GLIB_ERROR_MAX 512u        /* kept of a LOG(error) message */
#define GLIB_DUE_MAX 256u          /* closed tests with a half still due */
#define GLIB_ARGS_MAX 100000u      /* bytes select() may add */
#define GLIB_REASON_MAX 1024u
#define GLIB_HOLD_MAX 65536u       /* stdout held while a start is held */

/* GLib's skip reason for a test -s names. */
#define BY_REQUEST "by request (-s option)"

#define LOG_OPEN "{*LOG("
#define LOG_CLOSE ":LOG*}"

/* The halves of a test's protocol that can come after it closed. */
#define HALF_START 0x1u            /* {*LOG(start)...} on stderr */
#define HALF_TAP 0x2u              /* ok / not ok on stdout */

/* A closed test whose other halves are still to come. */
struct glib_due {
	char *path;              /* malloc'd, NUL-terminated */
	size_t len;
	unsigned halves;         /* HALF_* still due, never 0 */
};

/* A result, from a TAP line or a stop record. */
struct glib_result {
	enum sw_status status;
	struct sw_str reason;    /* ptr NULL: none */
};

/* A TAP result line, split. */
struct glib_tap {
	bool ok;
	unsigned long number;    /* 0: none printed */
	struct sw_str rest;      /* "PATH[ suffix]" */
};

/* A LOG record, split. */
struct glib_rec {
	struct sw_str kind;      /* "start", "stop", "start suite", ... */
	struct sw_str s1, s2;    /* its strings; ptr NULL if absent */
	struct sw_str nums;      /* "R;F;T"; ptr NULL if absent */
};

struct glib {
	bool open;               /* a test is running */
	struct sw_buf path;      /* its path (not NUL-terminated) */
	bool pending;            /* its PAT_OPEN is held back (test_open) */
	struct sw_buf pending_out; /* stdout chatter held meanwhile */
	struct sw_map ran;       /* the paths of the tests begun */
	bool held;               /* its TAP line came, its stop record not */
	enum sw_status held_status; /* what the TAP line said */
	struct sw_buf held_reason; /* its reason, if any */
	struct sw_buf error;     /* first LOG(error) since open or close */
	struct glib_due due[GLIB_DUE_MAX]; /* oldest first */
	size_t ndue;
	bool in_rec;             /* a LOG record continues on the next line */
	struct sw_buf rec;       /* its raw bytes so far, <= GLIB_REC_MAX */
	bool seen;               /* any plan, result or record */
	bool marked;             /* the "binary" record came: --debug-log */
	bool err_inside;         /* stderr is between a start and its stop */
	struct sw_buf err_path;  /* the path of that start record */
	unsigned long started;   /* tests opened */
	unsigned long failed;    /* tests closed with fail */
	unsigned long results;   /* TAP result lines read as results */
	unsigned long number;    /* N of the last one (GLib counts 1, 2, ...) */
	unsigned long nplans;
	long plan;               /* N of the last "1..N" */
	bool upfront;            /* the first plan came before any result */
	unsigned long results_at_plan; /* `results` when the last one came */
	struct pat_names names;  /* labels used */
};

/* ---- small helpers ----------------------------------------------------- */

static bool
starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s, w, k) == 0;
}

static bool
ends(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s + n - k, w, k) == 0;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n without the line end ("\n", "\r\n"). */
static size_t
strip_eol(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n;
}

static struct sw_str
str(const char *s, size_t n)
{
	struct sw_str out = { s, n };

	return out;
}

static bool
str_eq(struct sw_str a, const void *b, size_t n)
{
	return a.len == n && (n == 0 || memcmp(a.ptr, b, n) == 0);
}

static int announce(struct glib *, pat_emit_fn, void *);

/*
 * Chatter: bytes owned by the running test, or untied.  While the running
 * test's open is held back, stdout is held with it (up to GLIB_HOLD_MAX)
 * and stderr announces it first.
 */
static int
chatter(struct glib *g, pat_emit_fn emit, void *ctx, int fd, const void *b,
    size_t n)
{
	int rc;

	if (n == 0)
		return 0;
	if (g->pending && fd == 1 && g->pending_out.len + n <= GLIB_HOLD_MAX)
		return sw_buf_append(&g->pending_out, b, n) < 0 ? -ENOMEM : 0;
	if ((rc = announce(g, emit, ctx)) < 0)
		return rc;
	return pat_emit_bytes(emit, ctx, fd, 0, b, n);
}

/* ---- TAP result lines (stdout) ----------------------------------------- */

/*
 * The status of a result from ok/not ok and the text after the path:
 * "", " - MSG", " # SKIP[ MSG]", " # TODO[ MSG]".  False if s is none of
 * these (the path goes on).
 */
static bool
tap_suffix(const char *s, size_t n, bool ok, struct glib_result *r)
{
	r->reason = str(NULL, 0);
	if (n == 0) {
		r->status = ok ? SW_STATUS_SUCCESS : SW_STATUS_FAIL;
		return true;
	}
	if (starts(s, n, " - ")) {
		r->status = ok ? SW_STATUS_SUCCESS : SW_STATUS_FAIL;
		r->reason = str(s + 3, n - 3);
		return true;
	}
	if (!starts(s, n, " # SKIP") && !starts(s, n, " # TODO"))
		return false;
	if (n > 7 && s[7] != ' ')
		return false;
	if (s[3] == 'S')        /* TAP: "not ok # SKIP" is a failure */
		r->status = ok ? SW_STATUS_SKIP : SW_STATUS_FAIL;
	else
		r->status = ok ? SW_STATUS_UXSUCCESS : SW_STATUS_XFAIL;
	if (n > 8)
		r->reason = str(s + 8, n - 8);
	return true;
}

/*
 * "ok N " / "not ok N " / "not ok " (N optional) at s, followed by a path
 * (starting with '/').  False if not a result.
 */
static bool
tap_result(const char *s, size_t n, struct glib_tap *t)
{
	size_t i;

	t->number = 0;
	if (starts(s, n, "ok ")) {
		t->ok = true;
		i = 3;
	} else if (starts(s, n, "not ok ")) {
		t->ok = false;
		i = 7;
	} else {
		return false;
	}
	if (i < n && is_digit(s[i])) {
		while (i < n && is_digit(s[i])) {
			if (t->number < 1000000000)
				t->number = t->number * 10 +
				    (unsigned long)(s[i] - '0');
			i++;
		}
		if (i == n || s[i] != ' ')
			return false;
		i++;
	}
	if (i == n || s[i] != '/')
		return false;
	t->rest = str(s + i, n - i);
	return true;
}

/* Split a result's text into its path and status (no path expected). */
static struct sw_str
tap_split(struct sw_str rest, bool ok, struct glib_result *r)
{
	for (size_t i = 1; i < rest.len; i++)
		if (rest.ptr[i] == ' ' &&
		    tap_suffix(rest.ptr + i, rest.len - i, ok, r))
			return str(rest.ptr, i);
	tap_suffix("", 0, ok, r);
	return rest;
}

/*
 * Does the TAP text `rest` ("PATH[ - MSG| # SKIP MSG| # TODO MSG]") start
 * with path p[0..n), followed by its end or a GLib suffix?
 */
static bool
tap_names(struct sw_str rest, const char *p, size_t n)
{
	struct glib_result r;

	/* p is NULL for an empty path (an empty sw_buf): no memcmp then. */
	return rest.len >= n && (n == 0 || memcmp(rest.ptr, p, n) == 0) &&
	    tap_suffix(rest.ptr + n, rest.len - n, true, &r);
}

/* ---- opening and closing ----------------------------------------------- */

static bool
is_open_path(const struct glib *g, const char *p, size_t n)
{
	return g->open && g->path.len == n &&
	    (n == 0 || memcmp(g->path.data, p, n) == 0);
}

/* A test path begins; remembered for skippable(). */
static int
test_begun(struct glib *g, struct sw_str path)
{
	g->started++;
	return sw_map_put(&g->ran, path.ptr, path.len, NULL, NULL) < 0 ?
	    -ENOMEM : 0;
}

/*
 * Could GLib have skipped path by request because the run did not select
 * it?  Only a test a -p runs without naming it: one directly inside a
 * suite that is the path of a test (the -p PATH) begun before it.
 */
static bool
skippable(const struct glib *g, struct sw_str path)
{
	size_t n = path.len;

	while (n > 0 && path.ptr[n - 1] != '/')
		n--;
	return n > 1 && sw_map_find(&g->ran, path.ptr, n - 1, NULL);
}

/*
 * A test starts.  If it is skippable, its PAT_OPEN is held back
 * (g->pending) until the next line shows it is not a test skipped by
 * request (see pat_glib.h), so that one can vanish (drop_pending).
 */
static int
test_open(struct glib *g, struct sw_str path, bool hold, pat_emit_fn emit,
    void *ctx)
{
	int rc;

	g->path.len = 0;
	g->error.len = 0;
	if (sw_buf_append(&g->path, path.ptr, path.len) < 0)
		return -ENOMEM;
	if ((rc = test_begun(g, path)) < 0)
		return rc;
	g->open = g->pending = true;
	g->pending_out.len = 0;
	return hold ? 0 : announce(g, emit, ctx);
}

/* The running test's held-back PAT_OPEN, then the stdout held with it. */
static int
announce(struct glib *g, pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN, .runnable = true };
	int rc;

	if (!g->pending)
		return 0;
	g->pending = false;
	if (pat_names_unique(&g->names, pat_trim((const char *)g->path.data,
	    g->path.len), &ev.label) < 0)
		return -ENOMEM;
	if ((rc = emit(ctx, &ev)) < 0)
		return rc;
	rc = pat_emit_bytes(emit, ctx, 1, 0, g->pending_out.data,
	    g->pending_out.len);
	g->pending_out.len = 0;
	return rc;
}

/*
 * The running test, held back, was skipped by request: it never opened.
 * The stdout held with it is untied (such a test runs no code).
 */
static int
drop_pending(struct glib *g, pat_emit_fn emit, void *ctx)
{
	int rc;

	g->open = g->pending = g->held = false;
	g->error.len = 0;
	rc = pat_emit_bytes(emit, ctx, 1, 0, g->pending_out.data,
	    g->pending_out.len);
	g->pending_out.len = 0;
	return rc;
}

static int
test_close(struct glib *g, const struct glib_result *r, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_CLOSE, .status = r->status };
	int rc;

	if ((rc = announce(g, emit, ctx)) < 0)
		return rc;
	if (r->reason.ptr && r->reason.len > 0)
		ev.reason = r->reason;
	g->open = false;
	g->held = false;
	g->error.len = 0;
	if (r->status == SW_STATUS_FAIL)
		g->failed++;
	return emit(ctx, &ev);
}

/* ---- halves still due -------------------------------------------------- */

/* Remember that `halves` of the test `path` are still to come. */
static int
due_add(struct glib *g, struct sw_str path, unsigned halves)
{
	char *p = malloc(path.len + 1);

	if (p == NULL)
		return -ENOMEM;
	memcpy(p, path.ptr, path.len);
	p[path.len] = 0;
	if (g->ndue == GLIB_DUE_MAX) {  /* never coming: forget the oldest */
		free(g->due[0].path);
		memmove(g->due, g->due + 1, --g->ndue * sizeof g->due[0]);
	}
	g->due[g->ndue].path = p;
	g->due[g->ndue].len = path.len;
	g->due[g->ndue].halves = halves;
	g->ndue++;
	return 0;
}

/*
 * The index of the oldest test with `half` due whose path is s[0..n)
 * (tap: s is the text after "ok N " and only has to start with it), or
 * -1.
 */
static long
due_find(const struct glib *g, unsigned half, struct sw_str s, bool tap)
{
	for (size_t i = 0; i < g->ndue; i++) {
		const struct glib_due *d = &g->due[i];

		if (!(d->halves & half))
			continue;
		if (tap ? tap_names(s, d->path, d->len) :
		    str_eq(s, d->path, d->len))
			return (long)i;
	}
	return -1;
}

/*
 * `half` of test i came.  The same half of older tests never will (each
 * stream keeps its order): forget it too, and drop tests with nothing due.
 */
static void
due_take(struct glib *g, size_t i, unsigned half)
{
	size_t k = 0;

	for (size_t j = 0; j < g->ndue; j++) {
		if (j <= i)
			g->due[j].halves &= ~half;
		if (g->due[j].halves == 0)
			free(g->due[j].path);
		else
			g->due[k++] = g->due[j];
	}
	g->ndue = k;
}

/* ---- results ----------------------------------------------------------- */

/* Is r GLib's result for a test -s names ("ok N PATH # SKIP by request")? */
static bool
by_request(const struct glib_result *r)
{
	return r->status == SW_STATUS_SKIP && r->reason.ptr != NULL &&
	    str_eq(r->reason, BY_REQUEST, strlen(BY_REQUEST));
}

/*
 * The open test's TAP line: its result, held until its stop record, which
 * follows at once (chatter between the two, such as the rest of a
 * multi-line message, is still the test's).  A test held back that GLib
 * skipped by request vanishes instead (its stop record is consumed).
 */
static int
tap_holds(struct glib *g, const struct glib_tap *t, pat_emit_fn emit,
    void *ctx)
{
	struct glib_result r;
	int rc;

	tap_suffix(t->rest.ptr + g->path.len, t->rest.len - g->path.len,
	    t->ok, &r);
	if (g->pending && by_request(&r))
		return drop_pending(g, emit, ctx);
	if ((rc = announce(g, emit, ctx)) < 0)
		return rc;
	g->held = true;
	g->held_status = r.status;
	g->held_reason.len = 0;
	if (r.reason.len > 0 &&
	    sw_buf_append(&g->held_reason, r.reason.ptr, r.reason.len) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * The next test's result came before the held test's stop record (stdout
 * ahead of stderr): the held test ends with what its TAP line said (its
 * stop record is consumed when it comes, see rec_stop).
 */
static int
close_held(struct glib *g, pat_emit_fn emit, void *ctx)
{
	struct glib_result r = { g->held_status, { NULL, 0 } };

	if (!g->open || !g->held)
		return 0;
	r.reason = str((const char *)g->held_reason.data, g->held_reason.len);
	return test_close(g, &r, emit, ctx);
}

/*
 * A result for a test that is not open and not due: its markers are late
 * (stdout overtook stderr) or absent (the program ignores --debug-log).
 * It opens and closes now; late markers will be consumed.  A skippable
 * test skipped by request never opens.
 */
static int
tap_alone(struct glib *g, const struct glib_tap *t, pat_emit_fn emit,
    void *ctx)
{
	struct glib_result r;
	struct sw_str path = tap_split(t->rest, t->ok, &r);
	int rc;

	if (by_request(&r) && skippable(g, path)) {
		if ((rc = test_begun(g, path)) < 0)
			return rc;
		return due_add(g, path, HALF_START);
	}
	if ((rc = test_open(g, path, false, emit, ctx)) < 0 ||
	    (rc = due_add(g, path, HALF_START)) < 0)
		return rc;
	return test_close(g, &r, emit, ctx);
}

/*
 * Is t the next result GLib prints?  It numbers them 1, 2, ... through
 * every -p group (later versions print no number before "Bail out!").
 */
static bool
tap_next(const struct glib *g, const struct glib_tap *t)
{
	return t->number == 0 || t->number == g->number + 1;
}

/* Is t the result of the open test, not yet held? */
static bool
tap_is_open(const struct glib *g, const struct glib_tap *t)
{
	return g->open && !g->held && tap_names(t->rest,
	    (const char *)g->path.data, g->path.len);
}

/*
 * A result line s[0..n) (no line end).  *mine is false when it is
 * chatter: a result for another path while a test runs, or out of
 * GLib's numbering between tests (a forgery, or a line whose test we
 * lost).
 */
static int
on_result(struct glib *g, const char *s, size_t n, bool *mine,
    pat_emit_fn emit, void *ctx)
{
	struct glib_tap t;
	long i;
	int rc = 0;

	*mine = false;
	if (!tap_result(s, n, &t))
		return 0;
	if (tap_is_open(g, &t))
		rc = tap_holds(g, &t, emit, ctx);
	else if ((i = due_find(g, HALF_TAP, t.rest, true)) >= 0)
		due_take(g, (size_t)i, HALF_TAP);
	else if ((g->open && !g->held) || !tap_next(g, &t))
		return 0;
	else if ((rc = close_held(g, emit, ctx)) >= 0)
		rc = tap_alone(g, &t, emit, ctx);
	*mine = g->seen = true;
	g->results++;
	if (t.number > 0)
		g->number = t.number;
	return rc;
}

/*
 * Where a result starts inside s[0..n), after chatter printed without a
 * newline ("chatterok 2 /x/y"), or 0.  Only a result that on_result takes
 * counts: the open test's, a due one, or between tests the next number.
 */
static size_t
find_glued(const struct glib *g, const char *s, size_t n)
{
	const char *p = s + 1;
	struct glib_tap t;

	if (n < 4)
		return 0;
	while ((p = memmem(p, n - (size_t)(p - s), "ok ", 3)) != NULL) {
		size_t at = (size_t)(p - s);

		if (at >= 4 && memcmp(p - 4, "not ", 4) == 0)
			at -= 4;
		if (at > 0 && tap_result(s + at, n - at, &t) &&
		    (tap_is_open(g, &t) ||
		    due_find(g, HALF_TAP, t.rest, true) >= 0 ||
		    ((!g->open || g->held) && t.number > 0 &&
		    tap_next(g, &t))))
			return at;
		p += 3;
	}
	return 0;
}

/* "1..N" alone on its line. */
static bool
is_plan(const char *s, size_t n)
{
	if (!starts(s, n, "1..") || n == 3)
		return false;
	for (size_t i = 3; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static void
on_plan(struct glib *g, const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 3; i < n && v < 100000000; i++)
		v = v * 10 + (s[i] - '0');
	g->seen = true;
	if (g->nplans++ == 0)
		g->upfront = g->results == 0 && v > 0;
	g->plan = v;
	g->results_at_plan = g->results;
}

static int
on_stdout(struct glib *g, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	const char *s = l->text;
	size_t n = strip_eol(s, l->len), at;
	bool mine;
	int rc;

	if (l->flags & PAT_LINE_CUT)
		return chatter(g, emit, ctx, 1, s, l->len);
	if (is_plan(s, n)) {
		on_plan(g, s, n);
		return 0;
	}
	if (starts(s, n, "ok ") || starts(s, n, "not ok ")) {
		rc = on_result(g, s, n, &mine, emit, ctx);
		if (rc < 0 || mine)
			return rc;
	} else if ((at = find_glued(g, s, n)) > 0) {
		if ((rc = chatter(g, emit, ctx, 1, s, at)) < 0)
			return rc;
		return on_result(g, s + at, n - at, &mine, emit, ctx);
	}
	return chatter(g, emit, ctx, 1, s, l->len);
}

/* ---- LOG records (stderr) ---------------------------------------------- */

/*
 * Split "{*LOG(KIND)[:{S1}[:{S2}]][:(NUMS)]:LOG*}" (s[0..n), no line end).
 * S1 ends at the first "}:{" (paths hold none; messages come second).
 */
static bool
rec_parse(const char *s, size_t n, struct glib_rec *r)
{
	const char *kind = s + strlen(LOG_OPEN), *end, *close, *split;
	size_t len;

	memset(r, 0, sizeof *r);
	if (!starts(s, n, LOG_OPEN) || !ends(s, n, LOG_CLOSE))
		return false;
	end = s + n - strlen(LOG_CLOSE);
	close = memchr(kind, ')', (size_t)(end - kind));
	if (close == NULL || close == kind)
		return false;
	r->kind = str(kind, (size_t)(close - kind));
	s = close + 1;
	len = (size_t)(end - s);
	if (len > 0 && s[len - 1] == ')') {   /* ":(NUMS)" */
		size_t i = len - 1;

		while (i > 0 && !(s[i - 1] == ':' && s[i] == '('))
			i--;
		if (i == 0)
			return false;
		r->nums = str(s + i + 1, len - i - 2);
		len = i - 1;
	}
	if (len == 0)
		return true;
	if (len < 3 || !starts(s, len, ":{") || s[len - 1] != '}')
		return false;
	s += 2;
	len -= 3;
	split = memmem(s, len, "}:{", 3);
	if (split == NULL) {
		r->s1 = str(s, len);
		return true;
	}
	r->s1 = str(s, (size_t)(split - s));
	r->s2 = str(split + 3, len - (size_t)(split - s) - 3);
	return true;
}

/* The status of a stop record: "R;F;T", R a GTestResult. */
static enum sw_status
stop_status(struct sw_str nums)
{
	if (nums.len == 0 || (nums.len > 1 && nums.ptr[1] != ';'))
		return SW_STATUS_FAIL;
	switch (nums.ptr[0]) {
	case '0':
		return SW_STATUS_SUCCESS;
	case '1':
		return SW_STATUS_SKIP;
	case '3':
		return SW_STATUS_XFAIL;
	default:
		return SW_STATUS_FAIL;
	}
}

/*
 * A start record: stderr enters a test.  It opens, unless a TAP result
 * already reported it (then its start is due).  Inside a test (on stderr)
 * or while a test runs, it is chatter.
 */
static int
rec_start(struct glib *g, const struct glib_rec *r, bool *mine,
    pat_emit_fn emit, void *ctx)
{
	long i;

	if (r->s1.ptr == NULL || g->err_inside || g->open)
		return 0;
	*mine = g->err_inside = true;
	g->err_path.len = 0;
	if (sw_buf_append(&g->err_path, r->s1.ptr, r->s1.len) < 0)
		return -ENOMEM;
	if ((i = due_find(g, HALF_START, r->s1, false)) >= 0) {
		due_take(g, (size_t)i, HALF_START);
		return 0;
	}
	return test_open(g, r->s1, skippable(g, r->s1), emit, ctx);
}

/*
 * A stop record: stderr leaves the test it entered.  It closes that test
 * if it is still open (its TAP line is then due); if the TAP line or the
 * next test closed it already, it is consumed.  A test held back that
 * GLib skipped by request vanishes instead (its TAP line is due).  Any
 * other is chatter.
 */
static int
rec_stop(struct glib *g, const struct glib_rec *r, bool *mine,
    pat_emit_fn emit, void *ctx)
{
	struct glib_result res = { stop_status(r->nums), r->s2 };
	int rc;

	if (!g->err_inside || r->s1.ptr == NULL || r->nums.ptr == NULL ||
	    !str_eq(r->s1, g->err_path.data, g->err_path.len))
		return 0;
	*mine = true;
	g->err_inside = false;
	if (!is_open_path(g, r->s1.ptr, r->s1.len))
		return 0;
	if (!g->held && (rc = due_add(g, r->s1, HALF_TAP)) < 0)
		return rc;
	if (g->pending && by_request(&res))
		return drop_pending(g, emit, ctx);
	return test_close(g, &res, emit, ctx);
}

/* Keep the first error message (for the reason if the test dies). */
static int
rec_error(struct glib *g, const struct glib_rec *r)
{
	size_t n = r->s1.len < GLIB_ERROR_MAX ? r->s1.len : GLIB_ERROR_MAX;

	if (g->error.len > 0 || r->s1.ptr == NULL)
		return 0;
	return sw_buf_append(&g->error, r->s1.ptr, n) < 0 ? -ENOMEM : 0;
}

/* Records that only repeat what stdout says. */
static bool
rec_quiet(struct sw_str kind)
{
	static const char *const kinds[] = { "start suite",
		"stop suite", "message", "list", "skip", "minperf", "maxperf",
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (str_eq(kind, kinds[i], strlen(kinds[i])))
			return true;
	return false;
}

/* A whole record s[0..n): consumed, or chatter if not GLib's. */
static int
on_record(struct glib *g, const char *s, size_t n, pat_emit_fn emit,
    void *ctx)
{
	struct glib_rec r;
	bool mine = false;
	int rc = 0;

	if (!rec_parse(s, strip_eol(s, n), &r))
		return chatter(g, emit, ctx, 2, s, n);
	/* Only a stop record can show a held-back test did nothing. */
	if (g->pending && !str_eq(r.kind, "stop", 4) &&
	    (rc = announce(g, emit, ctx)) < 0)
		return rc;
	if (str_eq(r.kind, "binary", 6)) {
		mine = g->marked = true;
	} else if (!g->marked) {
		/* before g_test_init's record: not GLib's */
	} else if (str_eq(r.kind, "start", 5)) {
		rc = rec_start(g, &r, &mine, emit, ctx);
	} else if (str_eq(r.kind, "stop", 4)) {
		rc = rec_stop(g, &r, &mine, emit, ctx);
	} else if (str_eq(r.kind, "error", 5)) {
		mine = true;
		rc = rec_error(g, &r);
	} else {
		mine = rec_quiet(r.kind);
	}
	if (rc < 0)
		return rc;
	if (mine)
		g->seen = true;
	return mine ? 0 : chatter(g, emit, ctx, 2, s, n);
}

/* A record that was cut short was not one: its bytes are chatter. */
static int
rec_abandon(struct glib *g, pat_emit_fn emit, void *ctx)
{
	if (!g->in_rec)
		return 0;
	g->in_rec = false;
	return chatter(g, emit, ctx, 2, g->rec.data, g->rec.len);
}

/* A line that begins a record (s[0..n) with its line end). */
static int
rec_begin(struct glib *g, const char *s, size_t n, pat_emit_fn emit,
    void *ctx)
{
	if (ends(s, strip_eol(s, n), LOG_CLOSE))
		return on_record(g, s, n, emit, ctx);
	if (n > GLIB_REC_MAX)
		return chatter(g, emit, ctx, 2, s, n);
	g->rec.len = 0;
	if (sw_buf_append(&g->rec, s, n) < 0)
		return -ENOMEM;
	g->in_rec = true;
	return 0;
}

/* The next line of a record. */
static int
rec_continue(struct glib *g, const char *s, size_t n, pat_emit_fn emit,
    void *ctx)
{
	if (sw_buf_append(&g->rec, s, n) < 0)
		return -ENOMEM;
	if (g->rec.len > GLIB_REC_MAX)
		return rec_abandon(g, emit, ctx);
	if (!ends(s, strip_eol(s, n), LOG_CLOSE))
		return 0;
	g->in_rec = false;
	return on_record(g, (const char *)g->rec.data, g->rec.len, emit, ctx);
}

static int
on_stderr(struct glib *g, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	const char *s = l->text, *at;
	size_t n = l->len;
	int rc;

	if (l->flags & PAT_LINE_CUT) {
		if ((rc = rec_abandon(g, emit, ctx)) < 0)
			return rc;
		return chatter(g, emit, ctx, 2, s, n);
	}
	if (g->in_rec && !starts(s, n, LOG_OPEN))
		return rec_continue(g, s, n, emit, ctx);
	if ((rc = rec_abandon(g, emit, ctx)) < 0)
		return rc;
	if ((at = memmem(s, n, LOG_OPEN, strlen(LOG_OPEN))) == NULL)
		return chatter(g, emit, ctx, 2, s, n);
	if ((rc = chatter(g, emit, ctx, 2, s, (size_t)(at - s))) < 0)
		return rc;
	return rec_begin(g, at, n - (size_t)(at - s), emit, ctx);
}

static int
glib_line(void *state, const struct pat_line *l, pat_emit_fn emit, void *ctx)
{
	struct glib *g = state;

	if (l->fd == 2)
		return on_stderr(g, l, emit, ctx);
	return on_stdout(g, l, emit, ctx);
}

/* ---- the end ----------------------------------------------------------- */

/*
 * Did every test run?  With one plan first (no -p), as many tests as it
 * said started.  With plans after each -p group (cumulative), the last
 * plan counts every test that started and no result came after it.
 * Counted per stream (results and plans on stdout, starts on stderr), so
 * pipe mode's interleaving does not change the answer.
 */
static bool
all_ran(const struct glib *g)
{
	if (g->nplans == 0)
		return false;
	if (g->nplans == 1 && g->upfront)
		return g->started >= (unsigned long)g->plan;
	return g->started == (unsigned long)g->plan &&
	    g->results == g->results_at_plan;
}

/* Does the exit status say what GLib says after its tests? */
static bool
exit_explained(const struct glib *g, const struct pat_exit *ex)
{
	if (!ex->exited || ex->signaled || ex->timed_out || ex->interrupted)
		return false;
	return ex->code == 0 || ex->code == 77 ||
	    (ex->code == 1 && g->failed > 0);
}

/*
 * "WHY; HOW" or "HOW" into buf: WHY the LOG(error) text, else the reason
 * on the held TAP line.
 */
static void
with_error(const struct glib *g, const char *how, char *buf, size_t cap)
{
	const struct sw_buf *why = &g->error;

	if (why->len == 0 && g->open && g->held)
		why = &g->held_reason;
	if (why->len > 0)
		snprintf(buf, cap, "%.*s; %s", (int)why->len,
		    (const char *)why->data, how);
	else
		snprintf(buf, cap, "%s", how);
}

static int
glib_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *st, char *reason, size_t cap)
{
	struct glib *g = state;
	char how[160], why[GLIB_REASON_MAX];
	struct glib_result r = { SW_STATUS_FAIL, { NULL, 0 } };
	bool died_in_test = g->open;
	int rc;

	pat_exit_describe(ex, how, sizeof how);
	if ((rc = rec_abandon(g, emit, ctx)) < 0)
		return rc;
	with_error(g, how, why, sizeof why);
	if (g->open) {
		r.reason = sw_str_c(why);
		if ((rc = test_close(g, &r, emit, ctx)) < 0)
			return rc;
	}
	*st = SW_STATUS_FAIL;
	if (g->started == 0 && ex->exited && ex->code == 77) {
		/*
		 * The automake and installed-tests convention: the program
		 * skipped itself (gdbus-threading: "all tests skipped
		 * because they are too unreliable") before any test.
		 */
		*st = SW_STATUS_SKIP;
		snprintf(reason, cap, "the program skipped itself before any "
		    "test: exit status 77");
	} else if (!g->seen)
		snprintf(reason, cap, "no GLib test output: %s", how);
	else if (!all_ran(g))
		snprintf(reason, cap, "the program ended before all its tests "
		    "ran: %s", died_in_test ? how : why);
	else if (!died_in_test && !exit_explained(g, ex))
		snprintf(reason, cap, "the program failed after its tests "
		    "ran: %s", why);
	else
		*st = SW_STATUS_SUCCESS;
	if (*st == SW_STATUS_SUCCESS && cap > 0)
		reason[0] = 0;
	return 0;
}

/* ---- listing ----------------------------------------------------------- */

/* -l: every stdout line starting with '/' is a test path. */
static int
glib_list_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_EXISTS };

	(void)state;
	if (l->fd != 1 || (l->flags & PAT_LINE_CUT))
		return 0;
	ev.label = pat_trim(l->text, l->len);
	if (ev.label.len == 0 || ev.label.ptr[0] != '/')
		return 0;
	return emit(ctx, &ev);
}

/* ---- selection --------------------------------------------------------- */

/* Can id be a GLib test path at all? */
static bool
valid_id(struct sw_str id)
{
	return id.ptr != NULL && id.len > 0 && id.ptr[0] == '/' &&
	    memchr(id.ptr, 0, id.len) == NULL;
}

/*
 * Does another -p already run id?  "-p P" runs P and the tests directly
 * in suite P, so id is covered when its parent is selected and not
 * covered itself: along the chain of selected ancestors, every other one
 * is given to -p.  Paths containing "/subprocess" run only when named.
 */
static bool
covered(const struct sw_map *sel, struct sw_str id)
{
	unsigned long k = 0;

	if (memmem(id.ptr, id.len, "/subprocess", 11) != NULL)
		return false;
	for (;;) {
		while (id.len > 0 && id.ptr[id.len - 1] != '/')
			id.len--;
		if (id.len <= 1)
			break;
		id.len--;       /* the parent, without its '/' */
		if (!sw_map_find(sel, id.ptr, id.len, NULL))
			break;
		k++;
	}
	return k % 2 == 1;
}

/* The bytes "-p ID" or "-s ID" adds to the command line (NULs counted). */
static size_t
arg_bytes(struct sw_str id)
{
	return sizeof "-p" + id.len + 1;
}

/*
 * Which ids to give to -p (want[i]), the set of them (targets), and the
 * bytes that adds.  sel: every id that can be a path.
 */
static int
select_plan(const struct sw_str *ids, size_t n, const struct sw_map *sel,
    bool *want, struct sw_map *targets, size_t *bytes)
{
	*bytes = 0;
	for (size_t i = 0; i < n; i++) {
		want[i] = valid_id(ids[i]) &&
		    !sw_map_find(targets, ids[i].ptr, ids[i].len, NULL) &&
		    !covered(sel, ids[i]);
		if (!want[i])
			continue;
		if (sw_map_put(targets, ids[i].ptr, ids[i].len, NULL, NULL) < 0)
			return -ENOMEM;
		*bytes += arg_bytes(ids[i]);
	}
	return 0;
}

/*
 * Which listed ids to give to -s (skip[i]): those not selected that a -p
 * of this run also runs (directly inside a target's suite; not
 * "/subprocess" paths, run only when named), each once; and the bytes
 * that adds.
 */
static int
skip_plan(const struct sw_str *listed, size_t nlisted,
    const struct sw_map *sel, const struct sw_map *targets, bool *skip,
    size_t *bytes)
{
	struct sw_map done = SW_MAP_INIT;
	int rc = 0;

	*bytes = 0;
	for (size_t i = 0; i < nlisted && rc >= 0; i++) {
		struct sw_str id = listed[i];
		size_t k = id.len;

		skip[i] = false;
		if (!valid_id(id) || sw_map_find(sel, id.ptr, id.len, NULL) ||
		    memmem(id.ptr, id.len, "/subprocess", 11) != NULL)
			continue;
		while (k > 0 && id.ptr[k - 1] != '/')
			k--;
		if (k <= 1 || !sw_map_find(targets, id.ptr, k - 1, NULL))
			continue;
		if ((rc = sw_map_put(&done, id.ptr, id.len, NULL, NULL)) <= 0)
			continue;       /* seen already, or -ENOMEM */
		skip[i] = true;
		*bytes += arg_bytes(id);
	}
	sw_map_free(&done, NULL);
	return rc < 0 ? -ENOMEM : 0;
}

/* Append "OPT ID" for each ids[i] with on[i]. */
static int
add_args(struct pat_cmd *cmd, const char *opt, const struct sw_str *ids,
    const bool *on, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (on[i] && (pat_cmd_arg(cmd, "%s", opt) < 0 ||
		    pat_cmd_arg(cmd, "%.*s", (int)ids[i].len, ids[i].ptr) < 0))
			return -ENOMEM;
	return 0;
}

static int
glib_select(const struct sw_str *ids, size_t n, const struct sw_str *listed,
    size_t nlisted, struct pat_cmd *cmd)
{
	struct sw_map sel = SW_MAP_INIT, targets = SW_MAP_INIT;
	bool *want = calloc(n + nlisted + 1, sizeof *want);
	bool *skip = want + n;
	size_t pbytes = 0, sbytes = 0;
	int rc = 0;

	if (want == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (valid_id(ids[i]) &&
		    sw_map_put(&sel, ids[i].ptr, ids[i].len, NULL, NULL) < 0)
			rc = -ENOMEM;
	if (rc == 0)
		rc = select_plan(ids, n, &sel, want, &targets, &pbytes);
	if (rc == 0 && listed != NULL)
		rc = skip_plan(listed, nlisted, &sel, &targets, skip, &sbytes);
	if (rc == 0 && pbytes > GLIB_ARGS_MAX)
		rc = -E2BIG;
	if (rc == 0 && pbytes + sbytes > GLIB_ARGS_MAX) {
		/* Smaller runs skip less; one -p runs its children instead. */
		if (sw_map_len(&targets) > 1)
			rc = -E2BIG;
		memset(skip, 0, nlisted * sizeof *skip);
	}
	if (rc == 0)
		rc = add_args(cmd, "-p", ids, want, n);
	if (rc == 0 && listed != NULL)
		rc = add_args(cmd, "-s", listed, skip, nlisted);
	/* Nothing to run: "-p /" matches no test (no -p would run all). */
	if (rc == 0 && pbytes == 0 &&
	    (pat_cmd_arg(cmd, "-p") < 0 || pat_cmd_arg(cmd, "/") < 0))
		rc = -ENOMEM;
	sw_map_free(&sel, NULL);
	sw_map_free(&targets, NULL);
	free(want);
	return rc;
}

/* ---- life cycle -------------------------------------------------------- */

static int
glib_create(const char *options, void **state, char *err, size_t err_cap)
{
	struct glib *g;

	if (options && *options) {
		snprintf(err, err_cap, "glib: unknown option '%s'", options);
		return -EINVAL;
	}
	if ((g = calloc(1, sizeof *g)) == NULL)
		return -ENOMEM;
	*state = g;
	return 0;
}

static void
glib_destroy(void *state)
{
	struct glib *g = state;

	if (g == NULL)
		return;
	for (size_t i = 0; i < g->ndue; i++)
		free(g->due[i].path);
	sw_buf_free(&g->path);
	sw_buf_free(&g->pending_out);
	sw_map_free(&g->ran, NULL);
	sw_buf_free(&g->held_reason);
	sw_buf_free(&g->err_path);
	sw_buf_free(&g->error);
	sw_buf_free(&g->rec);
	pat_names_free(&g->names);
	free(g);
}

static const char *const glib_run_args[] = { "--tap", "-k", "--debug-log",
	NULL };
static const char *const glib_list_args[] = { "-l", NULL };

const struct pat_ops pat_glib_ops = {
	.name = "glib",
	.whole_program = false,
	.run_args = glib_run_args,
	.list_args = glib_list_args,
	.list_line = glib_list_line,
	.select = glib_select,
	.select_max = 0,
	.env_unset = NULL,
	.env_set = NULL,
	.create = glib_create,
	.line = glib_line,
	.finish = glib_finish,
	.destroy = glib_destroy,
};

/*
 * pat_cmocka: cmocka 1.1 output as subtests of the program (the format
 * and every decision are in pat_cmocka.h).
 *
 * Workload: tens to a few thousand tests per program, four or five lines
 * each, plus whatever the tests print.  A line costs a search for '[' and
 * a 13-byte compare at each one found; nothing is copied but the open
 * test's name, the labels seen (pat_names) and the few reason lines.  Two
 * short queues (at most CM_QUEUE_MAX entries each) fill only in pipe
 * mode, while stderr runs ahead of stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_cmocka.h"
#include "pat_exit.h"
#include "pat_names.h"
#include "sw_buf.h"

#define CM_TAG_LEN 13            /* "[ RUN      ] " */
#define CM_QUEUE_MAX 256
#define CM_REASON_MAX 512        /* bytes kept of a reason line */
#define CM_NO_RESULT "no result line (a setup or teardown error)"
#define CM_SETUP_REASON "group setup failed, its tests did not run"
#define CM_TEARDOWN_REASON "group teardown failed"
#define CM_COULD_NOT "Could not run test: "
#define CM_INTERNAL "Internal cmocka error"

enum cm_tag {
	CM_BAR, CM_RUN, CM_OK, CM_FAILED, CM_SKIPPED, CM_ERROR, CM_LINE,
	CM_PASSED, CM_NTAGS
};

static const char *const cm_tags[CM_NTAGS] = {
	[CM_BAR] = "[==========] ",
	[CM_RUN] = "[ RUN      ] ",
	[CM_OK] = "[       OK ] ",
	[CM_FAILED] = "[  FAILED  ] ",
	[CM_SKIPPED] = "[  SKIPPED ] ",
	[CM_ERROR] = "[  ERROR   ] ",
	[CM_LINE] = "[   LINE   ] ",
	[CM_PASSED] = "[  PASSED  ] ",
};

/* What a line (or the tail of one, after glued chatter) does. */
enum cm_act {
	A_CHATTER,               /* bytes of the innermost open test */
	A_PROGRAM,               /* bytes of the program: the summary */
	A_REASON,                /* chatter that an ERROR line may cite */
	A_GROUP,                 /* "[  FAILED  ] GROUP SETUP/TEARDOWN" */
	A_START,                 /* "[==========] Running N test(s)." */
	A_END,                   /* "[==========] N test(s) run." */
	A_RUN,
	A_RESULT,
	A_ERROR,                 /* "[  ERROR   ] NAME" */
};

struct cm_line {
	enum cm_act act;
	enum sw_status status;   /* A_RESULT */
	bool teardown;           /* A_GROUP */
	struct sw_str name;      /* A_RUN, A_ERROR: trimmed */
	unsigned long count;     /* A_START */
};

/* What the previous line on an fd was, for an "[  ERROR   ] NAME". */
enum cm_last { LAST_NONE, LAST_TEST, LAST_SETUP, LAST_TEARDOWN };

/* An "[  ERROR   ] NAME" line that came before its test closed. */
struct cm_err {
	char *name;
	size_t name_len;
	char *reason;            /* NUL-terminated, or NULL */
};

/* A group setup/teardown failure waiting for no test to be open. */
struct cm_group {
	char *label;             /* NUL-terminated */
	bool teardown;
};

struct pat_cmocka {
	bool open;               /* a test (level 1) is open */
	struct sw_buf open_name; /* its name as printed */
	bool seen;               /* any cmocka framework line */
	bool in_group;           /* "Running N" seen, "N test(s) run." not */
	unsigned long announced; /* N of the open group */
	unsigned long ran;       /* RUN lines in the open group */
	unsigned long ntotal;    /* subtests reported */
	unsigned long nfailed;   /* of them, failed */
	unsigned long never_ran; /* announced but never run */
	unsigned long unpaired;  /* closed without result, ERROR line due */
	struct cm_err errq[CM_QUEUE_MAX];
	size_t nerr;
	struct cm_group groupq[CM_QUEUE_MAX];
	size_t ngroup;
	enum cm_last last[2];    /* per fd (1, 2) */
	struct sw_buf last_text[2];
	struct pat_names names;
	struct sw_buf label;     /* scratch */
};

/* ---- small helpers --------------------------------------------------- */

/* Length of s[0..n) without its line end ("\n" or "\r\n"). */
static size_t
chomp(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

static bool
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool
is_text(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at s[0..n) into *val; the number of digits (0: none). */
static size_t
parse_count(const char *s, size_t n, unsigned long *val)
{
	size_t i;

	*val = 0;
	for (i = 0; i < n && is_digit(s[i]); i++)
		if (*val < 100000000ul)
			*val = *val * 10 + (unsigned long)(s[i] - '0');
	return i;
}

/* s[0..n) is exactly NUMBER followed by `tail`. */
static bool
count_then(const char *s, size_t n, const char *tail, unsigned long *val)
{
	size_t k = parse_count(s, n, val);

	return k > 0 && is_text(s + k, n - k, tail);
}

static int
emit_bytes(pat_emit_fn emit, void *ctx, int fd, unsigned level,
    const char *b, size_t n)
{
	return pat_emit_bytes(emit, ctx, fd, level, b, n);
}

static int
emit_open(pat_emit_fn emit, void *ctx, struct sw_str label)
{
	struct pat_event ev = { .kind = PAT_OPEN };

	ev.label = label;
	return emit(ctx, &ev);
}

static int
emit_close(pat_emit_fn emit, void *ctx, enum sw_status status,
    struct sw_str reason)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	ev.status = status;
	ev.reason = reason;
	return emit(ctx, &ev);
}

static char *
dup_text(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static int
set_buf(struct sw_buf *b, const char *s, size_t n)
{
	b->len = 0;
	return sw_buf_append(b, s, n);
}

/* ---- classifying a line ---------------------------------------------- */

static enum cm_tag
find_tag(const char *s, size_t n)
{
	if (n < CM_TAG_LEN || s[0] != '[')
		return CM_NTAGS;
	for (int t = 0; t < CM_NTAGS; t++)
		if (memcmp(s, cm_tags[t], CM_TAG_LEN) == 0)
			return (enum cm_tag)t;
	return CM_NTAGS;
}

/* A line without a tag: reason lines and the stderr totals. */
static enum cm_act
classify_plain(const char *s, size_t n)
{
	unsigned long k;

	if (has_prefix(s, n, CM_COULD_NOT) || is_text(s, n, CM_INTERNAL))
		return A_REASON;
	if (n > 1 && s[0] == ' ' && (count_then(s + 1, n - 1,
	    " FAILED TEST(S)", &k) || count_then(s + 1, n - 1,
	    " SKIPPED TEST(S)", &k)))
		return A_PROGRAM;
	return A_CHATTER;
}

static enum cm_act
classify_bar(int fd, const char *b, size_t n, struct cm_line *cl)
{
	unsigned long k;

	if (fd != 1)
		return A_CHATTER;
	if (has_prefix(b, n, "Running ") &&
	    count_then(b + 8, n - 8, " test(s).", &cl->count))
		return A_START;
	if (count_then(b, n, " test(s) run.", &k))
		return A_END;
	return A_CHATTER;
}

/* "[       OK ] NAME" and its kin. */
static enum cm_act
classify_result(const struct pat_cmocka *st, int fd, enum cm_tag tag,
    struct sw_str name, bool glued, struct cm_line *cl)
{
	if (tag == CM_FAILED && (is_text(name.ptr, name.len, "GROUP SETUP") ||
	    is_text(name.ptr, name.len, "GROUP TEARDOWN"))) {
		cl->teardown = name.len == strlen("GROUP TEARDOWN");
		return A_GROUP;
	}
	if (fd == 1 && st->open && name.len == st->open_name.len &&
	    memcmp(name.ptr, st->open_name.data, name.len) == 0) {
		cl->status = tag == CM_OK ? SW_STATUS_SUCCESS :
		    tag == CM_FAILED ? SW_STATUS_FAIL : SW_STATUS_SKIP;
		return A_RESULT;
	}
	return fd == 2 && !glued && tag != CM_OK ? A_PROGRAM : A_CHATTER;
}

/*
 * What s[0..n) does; glued: it follows chatter on the same line (only
 * the tags that act are looked at then).
 */
static enum cm_act
classify_tag(const struct pat_cmocka *st, int fd, const char *s, size_t n,
    bool glued, struct cm_line *cl)
{
	enum cm_tag tag = find_tag(s, n);
	size_t len = chomp(s, n);
	struct sw_str name;

	memset(cl, 0, sizeof *cl);
	if (tag == CM_NTAGS)
		return glued ? A_CHATTER : classify_plain(s, len);
	name = pat_trim(s + CM_TAG_LEN, len - CM_TAG_LEN);
	cl->name = name;
	switch (tag) {
	case CM_BAR:
		return classify_bar(fd, s + CM_TAG_LEN, len - CM_TAG_LEN, cl);
	case CM_RUN:
		return fd == 1 && name.len > 0 ? A_RUN : A_CHATTER;
	case CM_OK:
	case CM_FAILED:
	case CM_SKIPPED:
		return classify_result(st, fd, tag, name, glued, cl);
	case CM_ERROR:
		if (glued || has_prefix(s + CM_TAG_LEN, len - CM_TAG_LEN,
		    "--- "))
			return A_CHATTER;
		return A_ERROR;         /* NAME may be empty: a group's */
	case CM_PASSED:
		return glued ? A_CHATTER : A_PROGRAM;
	default:
		return A_CHATTER;
	}
}

static enum cm_act
classify(const struct pat_cmocka *st, int fd, const char *s, size_t n,
    bool glued, struct cm_line *cl)
{
	return cl->act = classify_tag(st, fd, s, n, glued, cl);
}

/*
 * Where the protocol part of line p[0..n) starts: 0, or the first '['
 * further on whose tail acts (pat_cmocka.h: glued chatter).  *cl
 * describes that part.
 */
static size_t
find_split(const struct pat_cmocka *st, int fd, const char *p, size_t n,
    struct cm_line *cl)
{
	enum cm_act act = classify(st, fd, p, n, false, cl);
	const char *q = p;
	struct cm_line g;

	if (act != A_CHATTER)
		return 0;
	while ((q = memchr(q + 1, '[', n - (size_t)(q + 1 - p))) != NULL) {
		act = classify(st, fd, q, n - (size_t)(q - p), true, &g);
		if (act == A_CHATTER || act == A_PROGRAM || act == A_REASON)
			continue;
		*cl = g;
		return (size_t)(q - p);
	}
	return 0;
}

/* ---- tests and groups ------------------------------------------------ */

static int emit_groups(struct pat_cmocka *, pat_emit_fn, void *);

static int
open_test(struct pat_cmocka *st, struct sw_str name, pat_emit_fn emit,
    void *ctx)
{
	struct sw_str label;
	int rc;

	if (set_buf(&st->open_name, name.ptr, name.len) < 0)
		return -ENOMEM;
	if ((rc = pat_names_unique(&st->names, name, &label)) < 0)
		return rc;
	st->open = true;
	st->ntotal++;
	st->ran++;
	return emit_open(emit, ctx, label);
}

static int
close_test(struct pat_cmocka *st, enum sw_status status,
    struct sw_str reason, pat_emit_fn emit, void *ctx)
{
	int rc;

	st->open = false;
	if (status == SW_STATUS_FAIL)
		st->nfailed++;
	if ((rc = emit_close(emit, ctx, status, reason)) < 0)
		return rc;
	return emit_groups(st, emit, ctx);
}

static void
pop_err(struct pat_cmocka *st)
{
	free(st->errq[0].name);
	free(st->errq[0].reason);
	st->nerr--;
	memmove(st->errq, st->errq + 1, st->nerr * sizeof st->errq[0]);
}

/*
 * The open test ended without a result line: an error in its setup or
 * teardown.  Its reason comes from the matching "[  ERROR   ] NAME" if
 * that came first.
 */
static int
close_no_result(struct pat_cmocka *st, pat_emit_fn emit, void *ctx)
{
	struct sw_str reason = sw_str_c(CM_NO_RESULT);
	struct cm_err *e = &st->errq[0];
	int rc;

	if (st->nerr == 0) {
		st->unpaired++;
		return close_test(st, SW_STATUS_FAIL, reason, emit, ctx);
	}
	if (e->reason && e->name_len == st->open_name.len &&
	    memcmp(e->name, st->open_name.data, e->name_len) == 0)
		reason = sw_str_c(e->reason);
	rc = close_test(st, SW_STATUS_FAIL, reason, emit, ctx);
	pop_err(st);
	return rc;
}

static int
emit_group(struct pat_cmocka *st, const char *label, bool teardown,
    pat_emit_fn emit, void *ctx)
{
	struct sw_str l;
	int rc;

	if ((rc = pat_names_unique(&st->names, sw_str_c(label), &l)) < 0 ||
	    (rc = emit_open(emit, ctx, l)) < 0)
		return rc;
	st->ntotal++;
	st->nfailed++;
	return emit_close(emit, ctx, SW_STATUS_FAIL,
	    sw_str_c(teardown ? CM_TEARDOWN_REASON : CM_SETUP_REASON));
}

/* Report the held group failures, if no test is open. */
static int
emit_groups(struct pat_cmocka *st, pat_emit_fn emit, void *ctx)
{
	while (!st->open && st->ngroup > 0) {
		struct cm_group g = st->groupq[0];
		int rc;

		st->ngroup--;
		memmove(st->groupq, st->groupq + 1,
		    st->ngroup * sizeof st->groupq[0]);
		rc = emit_group(st, g.label, g.teardown, emit, ctx);
		free(g.label);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* "G: group setup" (or "group setup" for an empty G) into st->label. */
static int
group_label(struct pat_cmocka *st, struct sw_str g, bool teardown)
{
	const char *what = teardown ? "group teardown" : "group setup";

	/* The label is a C string (held in st->groupq): cut, then trim. */
	if (g.len > 0)
		g = pat_trim(g.ptr, strnlen(g.ptr, g.len));
	st->label.len = 0;
	if (g.len > 0 && (sw_buf_append(&st->label, g.ptr, g.len) < 0 ||
	    sw_buf_append(&st->label, ": ", 2) < 0))
		return -ENOMEM;
	if (sw_buf_append(&st->label, what, strlen(what) + 1) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * "[  FAILED  ] GROUP SETUP" then "[  ERROR   ] G".  Returns 1 if the
 * failure could not be held (too many held already): the line is then
 * chatter.
 */
static int
group_failed(struct pat_cmocka *st, struct sw_str g, bool teardown,
    pat_emit_fn emit, void *ctx)
{
	struct cm_group *q;

	if (group_label(st, g, teardown) < 0)
		return -ENOMEM;
	if (!st->open)
		return emit_group(st, (const char *)st->label.data, teardown,
		    emit, ctx);
	if (st->ngroup == CM_QUEUE_MAX)
		return 1;
	q = &st->groupq[st->ngroup];
	if ((q->label = dup_text((const char *)st->label.data,
	    st->label.len - 1)) == NULL)
		return -ENOMEM;
	q->teardown = teardown;
	st->ngroup++;
	return 0;
}

/* "[  ERROR   ] NAME" of a test: pair it with its close (see .h). */
static int
test_error(struct pat_cmocka *st, struct sw_str name, enum cm_last last,
    const struct sw_buf *why)
{
	struct cm_err *e;

	if (st->unpaired > 0) {
		st->unpaired--;
		return 0;
	}
	if (st->nerr == CM_QUEUE_MAX)
		pop_err(st);
	e = &st->errq[st->nerr];
	memset(e, 0, sizeof *e);
	if ((e->name = dup_text(name.ptr, name.len)) == NULL)
		return -ENOMEM;
	e->name_len = name.len;
	if (last == LAST_TEST && (e->reason = dup_text(
	    (const char *)why->data, why->len)) == NULL) {
		free(e->name);
		return -ENOMEM;
	}
	st->nerr++;
	return 0;
}

static void
end_group(struct pat_cmocka *st)
{
	if (st->in_group && st->announced > st->ran)
		st->never_ran += st->announced - st->ran;
	st->in_group = false;
}

/* ---- the plug-in ----------------------------------------------------- */

/* Remember a line an "[  ERROR   ] NAME" may follow. */
static int
remember(struct pat_cmocka *st, int fd, enum cm_last kind, const char *s,
    size_t n)
{
	struct sw_str t = pat_trim(s, chomp(s, n));

	st->last[fd - 1] = kind;
	return set_buf(&st->last_text[fd - 1], t.ptr,
	    t.len < CM_REASON_MAX ? t.len : CM_REASON_MAX);
}

static int
act_structure(struct pat_cmocka *st, const struct cm_line *cl,
    pat_emit_fn emit, void *ctx)
{
	int rc;

	st->seen = true;
	if (st->open && (rc = close_no_result(st, emit, ctx)) < 0)
		return rc;
	switch (cl->act) {
	case A_START:
		end_group(st);
		st->in_group = true;
		st->announced = cl->count;
		st->ran = 0;
		return 0;
	case A_END:
		end_group(st);
		return 0;
	default:
		return open_test(st, cl->name, emit, ctx);
	}
}

static int
act(struct pat_cmocka *st, int fd, const char *s, size_t n,
    const struct cm_line *cl, pat_emit_fn emit, void *ctx)
{
	enum cm_last last = st->last[fd - 1];
	int rc;

	st->last[fd - 1] = LAST_NONE;
	switch (cl->act) {
	case A_PROGRAM:
		return emit_bytes(emit, ctx, fd, 0, s, n);
	case A_REASON:
		if (remember(st, fd, LAST_TEST, s, n) < 0)
			return -ENOMEM;
		return emit_bytes(emit, ctx, fd, PAT_INNERMOST, s, n);
	case A_GROUP:
		if (remember(st, fd, cl->teardown ? LAST_TEARDOWN :
		    LAST_SETUP, s, n) < 0)
			return -ENOMEM;
		return emit_bytes(emit, ctx, fd, 0, s, n);
	case A_START:
	case A_END:
	case A_RUN:
		return act_structure(st, cl, emit, ctx);
	case A_RESULT:
		return close_test(st, cl->status, (struct sw_str){ NULL, 0 },
		    emit, ctx);
	case A_ERROR:
		st->seen = true;
		if ((last == LAST_SETUP || last == LAST_TEARDOWN) &&
		    (rc = group_failed(st, cl->name, last == LAST_TEARDOWN,
		    emit, ctx)) <= 0)
			return rc;
		if (last == LAST_SETUP || last == LAST_TEARDOWN ||
		    cl->name.len == 0)
			return emit_bytes(emit, ctx, fd, 0, s, n);
		return test_error(st, cl->name, last,
		    &st->last_text[fd - 1]);
	default:
		return emit_bytes(emit, ctx, fd, PAT_INNERMOST, s, n);
	}
}

static int
pat_cmocka_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_cmocka *st = state;
	int fd = l->fd == 2 ? 2 : 1;
	struct cm_line cl;
	size_t at;
	int rc;

	if (l->flags & PAT_LINE_CUT) {
		st->last[fd - 1] = LAST_NONE;
		return emit_bytes(emit, ctx, fd, PAT_INNERMOST, l->text,
		    l->len);
	}
	at = find_split(st, fd, l->text, l->len, &cl);
	if (at > 0 && (rc = emit_bytes(emit, ctx, fd, PAT_INNERMOST,
	    l->text, at)) < 0)
		return rc;
	return act(st, fd, l->text + at, l->len - at, &cl, emit, ctx);
}

static int
pat_cmocka_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct pat_cmocka));
	return *state ? 0 : -ENOMEM;
}

static void
verdict(const struct pat_cmocka *st, const struct pat_exit *ex,
    enum sw_status *status, char *reason, size_t cap)
{
	bool nothing = !st->seen && st->ntotal == 0;
	bool early = st->in_group || nothing;
	char how[128];

	pat_exit_describe(ex, how, sizeof how);
	if (cap > 0)
		reason[0] = 0;
	if (nothing && pat_exit_skipped(ex)) {
		*status = SW_STATUS_SKIP;
		pat_exit_reason_add(reason, cap, "%s", how);
		return;
	}
	*status = !pat_exit_clean(ex) || early || st->nfailed > 0 ||
	    st->never_ran > 0 ? SW_STATUS_FAIL : SW_STATUS_SUCCESS;
	if (!pat_exit_clean(ex) || early)
		pat_exit_reason_add(reason, cap, "%s", how);
	if (st->nfailed > 0)
		pat_exit_reason_add(reason, cap, "%lu of %lu subtests failed",
		    st->nfailed, st->ntotal);
	if (st->never_ran > 0)
		pat_exit_reason_add(reason, cap, "%lu test%s never ran", st->never_ran,
		    st->never_ran == 1 ? "" : "s");
	if (nothing)
		pat_exit_reason_add(reason, cap, "no cmocka output");
	else if (st->in_group)
		pat_exit_reason_add(reason, cap, "summary missing");
}

static int
pat_cmocka_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	struct pat_cmocka *st = state;
	char how[128];
	int rc;

	if (st->open) {
		pat_exit_describe(ex, how, sizeof how);
		if ((rc = close_test(st, SW_STATUS_FAIL, sw_str_c(how), emit,
		    ctx)) < 0)
			return rc;
	}
	if ((rc = emit_groups(st, emit, ctx)) < 0)
		return rc;
	if (st->in_group && st->announced > st->ran)
		st->never_ran += st->announced - st->ran;
	verdict(st, ex, status, reason, reason_cap);
	return 0;
}

static void
pat_cmocka_destroy(void *state)
{
	struct pat_cmocka *st = state;

	if (st == NULL)
		return;
	while (st->nerr > 0)
		pop_err(st);
	for (size_t i = 0; i < st->ngroup; i++)
		free(st->groupq[i].label);
	sw_buf_free(&st->open_name);
	sw_buf_free(&st->last_text[0]);
	sw_buf_free(&st->last_text[1]);
	sw_buf_free(&st->label);
	pat_names_free(&st->names);
	free(st);
}

static const char *const pat_cmocka_env_unset[] = {
	"CMOCKA_TEST_ABORT",
	NULL,
};

static const char *const pat_cmocka_env_set[] = {
	"CMOCKA_MESSAGE_OUTPUT=STDOUT",
	NULL,
};

const struct pat_ops pat_cmocka_ops = {
	.name = "cmocka",
	.whole_program = true,
	.env_unset = pat_cmocka_env_unset,
	.env_set = pat_cmocka_env_set,
	.create = pat_cmocka_create,
	.line = pat_cmocka_line,
	.finish = pat_cmocka_finish,
	.destroy = pat_cmocka_destroy,
};

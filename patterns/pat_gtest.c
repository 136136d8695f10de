/*
 * pat_gtest: the googletest classifier (behaviour and every decision: see
 * pat_gtest.h).
 *
 * Workload: a gtest binary prints about five lines per test (RUN, OK, and
 * the suite separators), from a handful of tests to 20,000 and more (the
 * benchmark target is a wrapped run at most 1.3 times the bare one), plus
 * whatever the tests print, occasionally long failure diffs.  A line costs
 * a look at its first bytes and, while a test runs, one memchr() for '['
 * (a marker glued after chatter); a test costs one copy of its name and
 * one map insertion (to keep labels unique under --gtest_repeat).  Nothing
 * else is allocated after the first few tests.
 *
 * State: at most one open thing, either the running test or a layer (a
 * failed set-up or tear-down, which gtest runs only between tests), and
 * the region of the run gtest last announced, which says which layer runs
 * when no test does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_exit.h"
#include "pat_gtest.h"
#include "pat_names.h"
#include "sw_buf.h"

#define GT_TAG_LEN 13            /* "[ RUN      ] " */
#define GT_REASON_MAX 200        /* how the program ended, in words */

/* The tags gtest starts its lines with. */
enum gt_tag {
	TAG_RUN, TAG_OK, TAG_FAILED, TAG_SKIPPED, TAG_DISABLED, TAG_SEP,
	TAG_BIG,
};

static const struct {
	char text[GT_TAG_LEN + 1];
	enum gt_tag tag;
} gt_tags[] = {
	{ "[ RUN      ] ", TAG_RUN },
	{ "[       OK ] ", TAG_OK },
	{ "[  FAILED  ] ", TAG_FAILED },
	{ "[  SKIPPED ] ", TAG_SKIPPED },
	{ "[ DISABLED ] ", TAG_DISABLED },
	{ "[----------] ", TAG_SEP },
	{ "[==========] ", TAG_BIG },
};

/* What a marker means, once the text after its tag is read. */
enum gt_kind {
	K_NONE,                  /* not protocol */
	K_RUN, K_OK, K_FAILED, K_SKIPPED, K_DISABLED,
	K_ENV_SETUP,             /* Global test environment set-up. */
	K_ENV_TEARDOWN,          /* Global test environment tear-down */
	K_SUITE_START,           /* N tests from SUITE */
	K_SUITE_END,             /* N tests from SUITE (N ms total) */
	K_RUNNING,               /* Running N tests from M test suites. */
	K_RAN,                   /* N tests from M test suites ran. */
};

/* A marker found in a line. */
struct gt_mark {
	enum gt_kind kind;
	size_t at;               /* offset of the tag in the line */
	const char *rest;        /* the text after the tag */
	size_t nrest;            /* its length, without "\n" / "\r\n" */
};

/* Where the run is, as gtest last announced it. */
enum gt_region {
	RG_OUTSIDE,              /* before "Running", after "ran." */
	RG_ENV_SETUP,            /* global environments' SetUp */
	RG_SUITE,                /* a suite: its set-up, tests, tear-down */
	RG_BETWEEN,              /* after a suite's end line */
	RG_ENV_TEARDOWN,         /* global environments' TearDown */
};

/* What the open test printed so far, to recognise a prevented test. */
enum gt_shape {
	SHAPE_NOTHING,
	SHAPE_SKIPPED,           /* only "FILE:LINE: Skipped" */
	SHAPE_PREVENTED,         /* that and an empty line */
	SHAPE_OTHER,
};

struct gtest {
	bool test_open;
	struct sw_buf test;      /* the open test's name, as printed */
	enum gt_shape shape;
	bool layer_open;
	enum sw_status layer_status; /* skip or fail */
	enum gt_region region;
	struct sw_buf suite;     /* the current suite (listing: too) */
	bool in_suite;           /* listing: suite holds a suite */
	unsigned long suite_runs; /* RUN lines in the current suite */
	bool suite_setup_failed;
	bool env_setup_failed;
	bool summary;            /* the last run's "ran." line came */
	bool list_cont;          /* listing: inside a cut line */
	unsigned long nfailed;   /* tests and layers that failed */
	struct pat_names names;  /* labels used, to keep them unique */
	struct sw_buf scratch;   /* labels and reasons being built */
};

/* ---- small string helpers ------------------------------------------ */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f' || c == 0;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the line without its "\n" or "\r\n". */
static size_t
text_len(const struct pat_line *l)
{
	size_t n = l->len;

	if (n > 0 && l->text[n - 1] == '\n')
		n--;
	if (n > 0 && l->text[n - 1] == '\r')
		n--;
	return n;
}

static bool
has_prefix(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

static bool
has_suffix(const char *p, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(p + n - k, suffix, k) == 0;
}

/* A test or suite name: not empty, no blanks. */
static bool
valid_name(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_blank(p[i]))
			return false;
	return true;
}

/* p[0..n) ends with "FILE:LINE: WORD" or "unknown file: WORD". */
static bool
location_line(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word), i;

	if (n < k + 2 || memcmp(p + n - k - 2, ": ", 2) != 0 ||
	    memcmp(p + n - k, word, k) != 0)
		return false;
	n -= k + 2;
	if (has_suffix(p, n, "unknown file"))
		return true;
	for (i = n; i > 0 && is_digit(p[i - 1]); i--)
		;
	return i < n && i >= 2 && p[i - 1] == ':';
}

/* gtest's rule: a name starting with DISABLED_ or holding /DISABLED_. */
static bool
disabled_name(const char *p, size_t n)
{
	return has_prefix(p, n, "DISABLED_") ||
	    memmem(p, n, "/DISABLED_", 10) != NULL;
}

/* ---- reading markers ------------------------------------------------ */

/* The tag at p[at], or -1. */
static int
tag_at(const char *p, size_t n, size_t at)
{
	if (n - at < GT_TAG_LEN || p[at + 11] != ']' || p[at + 12] != ' ')
		return -1;
	for (size_t i = 0; i < sizeof gt_tags / sizeof gt_tags[0]; i++)
		if (memcmp(p + at, gt_tags[i].text, GT_TAG_LEN) == 0)
			return (int)i;
	return -1;
}

/* Offset of the first tag at or after `from`, or n. */
static size_t
find_tag(const char *p, size_t n, size_t from)
{
	const char *b;

	while (from < n && (b = memchr(p + from, '[', n - from)) != NULL) {
		from = (size_t)(b - p);
		if (tag_at(p, n, from) >= 0)
			return from;
		from++;
	}
	return n;
}

/* Skip an ANSI colour sequence ("\033[0;32m", "\033[m"), if any. */
static size_t
skip_sgr(const char *p, size_t n)
{
	size_t i = 2;

	if (n < 3 || p[0] != '\033' || p[1] != '[')
		return 0;
	while (i < n && (is_digit(p[i]) || p[i] == ';'))
		i++;
	return i < n && p[i] == 'm' ? i + 1 : 0;
}

/*
 * "N test[s] from " at the start of p[0..n): the offset after it, or 0.
 */
static size_t
count_from(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(p[i]))
		i++;
	if (i == 0 || !has_prefix(p + i, n - i, " test"))
		return 0;
	i += 5;
	if (i < n && p[i] == 's')
		i++;
	return has_prefix(p + i, n - i, " from ") ? i + 6 : 0;
}

static enum gt_kind
sep_kind(const char *p, size_t n)
{
	size_t i;

	if (has_prefix(p, n, "Global test environment set-up"))
		return K_ENV_SETUP;
	if (has_prefix(p, n, "Global test environment tear-down"))
		return K_ENV_TEARDOWN;
	if ((i = count_from(p, n)) == 0 || i == n || is_blank(p[i]))
		return K_NONE;
	return has_suffix(p, n, " ms total)") ? K_SUITE_END : K_SUITE_START;
}

static enum gt_kind
big_kind(const char *p, size_t n)
{
	if (has_prefix(p, n, "Running ") && n > 8 && is_digit(p[8]))
		return K_RUNNING;
	if (count_from(p, n) > 0 && memmem(p, n, " ran.", 5) != NULL)
		return K_RAN;
	return K_NONE;
}

/* Read the marker whose tag is at p[at] (p[0..n) without the EOL). */
static void
read_mark(const char *p, size_t n, size_t at, struct gt_mark *m)
{
	static const enum gt_kind simple[] = {
		[TAG_RUN] = K_RUN, [TAG_OK] = K_OK, [TAG_FAILED] = K_FAILED,
		[TAG_SKIPPED] = K_SKIPPED, [TAG_DISABLED] = K_DISABLED,
	};
	enum gt_tag tag = gt_tags[tag_at(p, n, at)].tag;

	m->at = at;
	m->rest = p + at + GT_TAG_LEN;
	m->nrest = n - at - GT_TAG_LEN;
	at = skip_sgr(m->rest, m->nrest);
	m->rest += at;
	m->nrest -= at;
	if (tag == TAG_SEP)
		m->kind = sep_kind(m->rest, m->nrest);
	else if (tag == TAG_BIG)
		m->kind = big_kind(m->rest, m->nrest);
	else
		m->kind = simple[tag];
}

/* The suite named by a suite start line, without ", where ...". */
static struct sw_str
suite_name(const struct gt_mark *m)
{
	size_t i = count_from(m->rest, m->nrest);
	struct sw_str s = { m->rest + i, m->nrest - i };
	const char *where = memmem(s.ptr, s.len, ", where ", 8);

	if (where)
		s.len = (size_t)(where - s.ptr);
	return pat_trim(s.ptr, s.len);
}

/* Does the closing marker m name the open test? */
static bool
closes_open_test(const struct gtest *st, const struct gt_mark *m)
{
	const char *p = m->rest;
	size_t n = m->nrest, k = st->test.len, i;

	if (n < k || memcmp(p, st->test.data, k) != 0)
		return false;
	p += k;
	n -= k;
	if (n == 0 || has_prefix(p, n, ", where "))
		return true;
	/* " (N ms)" */
	if (!has_prefix(p, n, " (") || !has_suffix(p, n, " ms)"))
		return false;
	for (i = 2; i < n - 4 && is_digit(p[i]); i++)
		;
	return i > 2 && i == n - 4;
}

/* ---- events ---------------------------------------------------------- */

static int
emit_bytes(int fd, const char *p, size_t n, pat_emit_fn emit, void *ctx)
{
	return pat_emit_bytes(emit, ctx, fd, PAT_INNERMOST, p, n);
}

/* Open a level-0 entry labelled name (made unique). */
static int
emit_open(struct gtest *st, struct sw_str name, bool runnable,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	int rc;

	if ((rc = pat_names_unique(&st->names, name, &ev.label)) < 0)
		return rc;
	ev.runnable = runnable;
	return emit(ctx, &ev);
}

static int
emit_close(struct gtest *st, enum sw_status status, const char *reason,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	if (status == SW_STATUS_FAIL)
		st->nfailed++;
	ev.status = status;
	if (reason)
		ev.reason = sw_str_c(reason);
	return emit(ctx, &ev);
}

/* st->scratch = a[0..na) + b, NUL-terminated. */
static int
scratch_set(struct gtest *st, const char *a, size_t na, const char *b)
{
	st->scratch.len = 0;
	if (sw_buf_append(&st->scratch, a, na) < 0 ||
	    sw_buf_append(&st->scratch, b, strlen(b) + 1) < 0)
		return -ENOMEM;
	st->scratch.len--;
	return 0;
}

/* ---- layers --------------------------------------------------------- */

/*
 * The layer the current region stands for, into st->scratch: 1 if there
 * is one, 0 if not (between suites, outside a run), -ENOMEM.
 */
static int
layer_label(struct gtest *st)
{
	const char *s = (const char *)st->suite.data;
	int rc;

	switch (st->region) {
	case RG_ENV_SETUP:
		rc = scratch_set(st, "", 0, "global environment set-up");
		break;
	case RG_ENV_TEARDOWN:
		rc = scratch_set(st, "", 0, "global environment tear-down");
		break;
	case RG_SUITE:
		rc = scratch_set(st, s, st->suite.len, st->suite_runs ?
		    " (tear-down)" : " (set-up)");
		break;
	default:
		return 0;
	}
	return rc < 0 ? rc : 1;
}

static bool
in_setup(const struct gtest *st)
{
	return st->region == RG_ENV_SETUP ||
	    (st->region == RG_SUITE && st->suite_runs == 0);
}

static int
open_layer(struct gtest *st, enum sw_status status, pat_emit_fn emit,
    void *ctx)
{
	struct sw_str label;
	int rc;

	if ((rc = layer_label(st)) <= 0)
		return rc;
	label.ptr = (const char *)st->scratch.data;
	label.len = st->scratch.len;
	if ((rc = emit_open(st, label, false, emit, ctx)) < 0)
		return rc;
	st->layer_open = true;
	st->layer_status = status;
	return 0;
}

static int
close_layer(struct gtest *st, const char *reason, pat_emit_fn emit, void *ctx)
{
	if (!st->layer_open)
		return 0;
	st->layer_open = false;
	return emit_close(st, st->layer_status, reason, emit, ctx);
}

/*
 * A chatter line on stdout while no test runs: a failure or a skip in a
 * set-up or tear-down region opens its layer (before the line goes out,
 * so the line is the layer's).
 */
static int
watch_layer(struct gtest *st, const char *p, size_t n, pat_emit_fn emit,
    void *ctx)
{
	enum sw_status status;

	if (location_line(p, n, "Failure"))
		status = SW_STATUS_FAIL;
	else if (location_line(p, n, "Skipped") && in_setup(st))
		status = SW_STATUS_SKIP;
	else
		return 0;
	if (status == SW_STATUS_FAIL && st->region == RG_ENV_SETUP)
		st->env_setup_failed = true;
	if (status == SW_STATUS_FAIL && st->region == RG_SUITE &&
	    st->suite_runs == 0)
		st->suite_setup_failed = true;
	if (st->layer_open) {
		if (status == SW_STATUS_FAIL)
			st->layer_status = status;
		return 0;
	}
	return open_layer(st, status, emit, ctx);
}

/* ---- tests ---------------------------------------------------------- */

static int
open_test(struct gtest *st, const char *name, size_t n, pat_emit_fn emit,
    void *ctx)
{
	struct sw_str label = { name, n };

	st->test.len = 0;
	if (sw_buf_append(&st->test, name, n) < 0)
		return -ENOMEM;
	if (st->region == RG_SUITE)
		st->suite_runs++;
	st->test_open = true;
	st->shape = SHAPE_NOTHING;
	return emit_open(st, label, true, emit, ctx);
}

/* Follow what the open test prints (see enum gt_shape). */
static void
track_shape(struct gtest *st, const char *p, size_t n)
{
	if (st->shape == SHAPE_NOTHING && location_line(p, n, "Skipped"))
		st->shape = SHAPE_SKIPPED;
	else if (st->shape == SHAPE_SKIPPED && n == 0)
		st->shape = SHAPE_PREVENTED;
	else
		st->shape = SHAPE_OTHER;
}

/*
 * The reason a SKIPPED test fails instead (its set-up failed), in
 * st->scratch; NULL if it is a plain skip.
 */
static const char *
prevented(struct gtest *st)
{
	if (st->shape != SHAPE_NOTHING && st->shape != SHAPE_PREVENTED)
		return NULL;
	if (st->region == RG_SUITE && st->suite_setup_failed) {
		if (scratch_set(st, (const char *)st->suite.data,
		    st->suite.len, " (set-up) failed") < 0)
			return NULL;
		return (const char *)st->scratch.data;
	}
	if (st->env_setup_failed)
		return "global environment set-up failed";
	return NULL;
}

static int
close_test(struct gtest *st, enum gt_kind kind, pat_emit_fn emit, void *ctx)
{
	enum sw_status status = SW_STATUS_SUCCESS;
	const char *reason = NULL;

	if (kind == K_FAILED)
		status = SW_STATUS_FAIL;
	if (kind == K_SKIPPED && (reason = prevented(st)) == NULL)
		status = SW_STATUS_SKIP;
	else if (kind == K_SKIPPED)
		status = SW_STATUS_FAIL;
	st->test_open = false;
	return emit_close(st, status, reason, emit, ctx);
}

/* A line while a test runs: its closing marker, or its chatter. */
static int
test_line(struct gtest *st, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	const char *p = l->text;
	size_t n = text_len(l), at = l->fd == 1 ? find_tag(p, n, 0) : n;
	struct gt_mark m;
	int rc;

	for (; at < n; at = find_tag(p, n, at + 1)) {
		read_mark(p, n, at, &m);
		if ((m.kind != K_OK && m.kind != K_FAILED &&
		    m.kind != K_SKIPPED) || !closes_open_test(st, &m))
			continue;
		if (at > 0)
			st->shape = SHAPE_OTHER;
		if ((rc = emit_bytes(l->fd, p, at, emit, ctx)) < 0)
			return rc;
		return close_test(st, m.kind, emit, ctx);
	}
	track_shape(st, p, n);
	return emit_bytes(l->fd, l->text, l->len, emit, ctx);
}

/* ---- between tests ------------------------------------------------- */

/* Is m a marker that means something when no test runs? */
static bool
idle_marker(const struct gt_mark *m)
{
	switch (m->kind) {
	case K_RUN:
	case K_DISABLED:
		return valid_name(m->rest, m->nrest);
	case K_NONE:
	case K_OK:
	case K_FAILED:
	case K_SKIPPED:
		return false;
	default:
		return true;
	}
}

/* Follow gtest's announcements of where the run is. */
static int
move_region(struct gtest *st, const struct gt_mark *m)
{
	struct sw_str s;

	switch (m->kind) {
	case K_RUNNING:
		st->summary = false;
		st->region = RG_OUTSIDE;
		break;
	case K_RAN:
		st->summary = true;
		st->region = RG_OUTSIDE;
		break;
	case K_ENV_SETUP:
		st->region = RG_ENV_SETUP;
		st->env_setup_failed = false;
		break;
	case K_ENV_TEARDOWN:
		st->region = RG_ENV_TEARDOWN;
		break;
	case K_SUITE_START:
		s = suite_name(m);
		st->suite.len = 0;
		if (sw_buf_append(&st->suite, s.ptr, s.len) < 0)
			return -ENOMEM;
		st->region = RG_SUITE;
		st->suite_runs = 0;
		st->suite_setup_failed = false;
		break;
	case K_SUITE_END:
		st->region = RG_BETWEEN;
		break;
	default:
		break;
	}
	return 0;
}

/* A marker while no test runs (what was before it is already out). */
static int
idle_marker_line(struct gtest *st, const struct pat_line *l,
    const struct gt_mark *m, pat_emit_fn emit, void *ctx)
{
	struct sw_str name = { m->rest, m->nrest };
	int rc;

	if ((rc = close_layer(st, NULL, emit, ctx)) < 0)
		return rc;
	if (m->kind == K_RUN)
		return open_test(st, m->rest, m->nrest, emit, ctx);
	if (m->kind == K_DISABLED) {
		if ((rc = emit_open(st, name, true, emit, ctx)) < 0)
			return rc;
		return emit_close(st, SW_STATUS_SKIP, "disabled", emit, ctx);
	}
	if ((rc = move_region(st, m)) < 0)
		return rc;
	return emit_bytes(l->fd, l->text + m->at, l->len - m->at, emit, ctx);
}

/* A line while no test runs. */
static int
idle_line(struct gtest *st, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	const char *p = l->text;
	size_t n = text_len(l), at;
	struct gt_mark m;
	int rc;

	if (l->fd != 1)
		return emit_bytes(l->fd, p, l->len, emit, ctx);
	for (at = find_tag(p, n, 0); at < n; at = find_tag(p, n, at + 1)) {
		read_mark(p, n, at, &m);
		if (!idle_marker(&m))
			continue;
		if ((rc = emit_bytes(l->fd, p, at, emit, ctx)) < 0)
			return rc;
		return idle_marker_line(st, l, &m, emit, ctx);
	}
	if ((rc = watch_layer(st, p, n, emit, ctx)) < 0)
		return rc;
	return emit_bytes(l->fd, p, l->len, emit, ctx);
}

static int
gtest_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct gtest *st = state;

	if (st->test_open)
		return test_line(st, l, emit, ctx);
	return idle_line(st, l, emit, ctx);
}

/* ---- the end -------------------------------------------------------- */

/*
 * The program ended inside a set-up or tear-down region before the
 * summary: that layer fails with the reason.
 */
static int
fail_region(struct gtest *st, const char *how, pat_emit_fn emit, void *ctx)
{
	int rc;

	if (st->summary)
		return 0;
	if ((rc = open_layer(st, SW_STATUS_FAIL, emit, ctx)) < 0 ||
	    !st->layer_open)
		return rc;
	return close_layer(st, how, emit, ctx);
}

static void
verdict(const struct gtest *st, const struct pat_exit *ex, const char *how,
    enum sw_status *status, char *reason, size_t cap)
{
	bool failed_run = ex->exited && ex->code == 1 && !ex->signaled &&
	    !ex->timed_out && !ex->interrupted && st->nfailed > 0;

	*status = SW_STATUS_FAIL;
	if (!st->summary)
		snprintf(reason, cap, "the program ended before googletest's "
		    "summary: %s", how);
	else if (!pat_exit_clean(ex) && !failed_run)
		snprintf(reason, cap, "%s after googletest's summary", how);
	else
		*status = SW_STATUS_SUCCESS;
}

static int
gtest_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t cap)
{
	struct gtest *st = state;
	char how[GT_REASON_MAX];
	int rc;

	pat_exit_describe(ex, how, sizeof how);
	if (cap > 0)
		reason[0] = 0;
	if (st->test_open) {
		st->test_open = false;
		rc = emit_close(st, SW_STATUS_FAIL, how, emit, ctx);
	} else if (st->layer_open) {
		st->layer_status = SW_STATUS_FAIL;
		rc = close_layer(st, how, emit, ctx);
	} else {
		rc = fail_region(st, how, emit, ctx);
	}
	if (rc < 0)
		return rc;
	verdict(st, ex, how, status, reason, cap);
	return 0;
}

/* ---- listing -------------------------------------------------------- */

/* "WORD" alone or "WORD  # comment": the length of WORD, else 0. */
static size_t
list_word(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !is_blank(p[i]))
		i++;
	if (i == n || has_prefix(p + i, n - i, "  # "))
		return i;
	return 0;
}

static int
list_test(struct gtest *st, const char *name, size_t n, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_EXISTS };
	const char *suite = (const char *)st->suite.data;

	if (!st->in_suite || disabled_name(suite, st->suite.len) ||
	    disabled_name(name, n))
		return 0;
	st->scratch.len = 0;
	if (sw_buf_append(&st->scratch, suite, st->suite.len) < 0 ||
	    sw_buf_append(&st->scratch, ".", 1) < 0 ||
	    sw_buf_append(&st->scratch, name, n) < 0)
		return -ENOMEM;
	ev.label.ptr = (const char *)st->scratch.data;
	ev.label.len = st->scratch.len;
	return emit(ctx, &ev);
}

static int
gtest_list_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct gtest *st = state;
	const char *p = l->text;
	size_t n = text_len(l), k;
	bool cont = st->list_cont;

	st->list_cont = !(l->flags & PAT_LINE_EOL);
	if (l->fd != 1 || cont)
		return 0;
	if (n > 2 && p[0] == ' ' && p[1] == ' ' && !is_blank(p[2]) &&
	    (k = list_word(p + 2, n - 2)) > 0)
		return list_test(st, p + 2, k, emit, ctx);
	st->in_suite = false;
	if (n == 0 || is_blank(p[0]) || (k = list_word(p, n)) < 2 ||
	    p[k - 1] != '.')
		return 0;
	st->suite.len = 0;
	if (sw_buf_append(&st->suite, p, k - 1) < 0)
		return -ENOMEM;
	st->in_suite = true;
	return 0;
}

/* ---- selection ------------------------------------------------------ */

/*
 * Append id (up to its first blank) to the filter in b, whose first
 * `start` bytes are the flag.
 */
static int
filter_add(struct sw_buf *b, size_t start, struct sw_str id)
{
	size_t n = 0;

	while (n < id.len && !is_blank(id.ptr[n]))
		n++;
	if (n == 0)
		return 0;
	if (b->len > start && sw_buf_append(b, ":", 1) < 0)
		return -ENOMEM;
	if (sw_buf_reserve(b, n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char c = id.ptr[i];

		b->data[b->len++] = c == ':' || c == '-' || c == '*' ? '?' :
		    (uint8_t)c;
	}
	return b->len > PAT_GTEST_FILTER_MAX ? -E2BIG : 0;
}

static int
gtest_select(const struct sw_str *ids, size_t n, const struct sw_str *listed,
    size_t nlisted, struct pat_cmd *cmd)
{
	static const char flag[] = "--gtest_filter=";
	struct sw_buf b = SW_BUF_INIT;
	int rc = 0;

	(void)listed;           /* the filter names whole tests only */
	(void)nlisted;
	if (sw_buf_append(&b, flag, sizeof flag - 1) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = filter_add(&b, sizeof flag - 1, ids[i]);
	if (rc == 0 && b.len == sizeof flag - 1 &&
	    sw_buf_append(&b, "-*", 2) < 0)
		rc = -ENOMEM;
	if (rc == 0 && sw_buf_append(&b, "", 1) < 0)
		rc = -ENOMEM;
	if (rc == 0)
		rc = pat_cmd_arg(cmd, "%s", (const char *)b.data);
	sw_buf_free(&b);
	return rc;
}

/* ---- life cycle ----------------------------------------------------- */

static int
gtest_create(const char *options, void **state, char *err, size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct gtest));
	return *state ? 0 : -ENOMEM;
}

static void
gtest_destroy(void *state)
{
	struct gtest *st = state;

	if (st == NULL)
		return;
	sw_buf_free(&st->test);
	sw_buf_free(&st->suite);
	sw_buf_free(&st->scratch);
	pat_names_free(&st->names);
	free(st);
}

static const char *const gtest_run_args[] = {
	"--gtest_color=no",
	"--gtest_brief=0",
	"--gtest_print_time=1",
	NULL,
};

static const char *const gtest_list_args[] = {
	"--gtest_list_tests",
	NULL,
};

static const char *const gtest_env_unset[] = {
	"GTEST_ALSO_RUN_DISABLED_TESTS",
	"GTEST_BREAK_ON_FAILURE",
	"GTEST_CATCH_EXCEPTIONS",
	"GTEST_FAIL_FAST",
	"GTEST_FILTER",
	"GTEST_FLAGFILE",
	"GTEST_OUTPUT",
	"GTEST_RANDOM_SEED",
	"GTEST_RECREATE_ENVIRONMENTS_WHEN_REPEATING",
	"GTEST_REPEAT",
	"GTEST_SHARD_INDEX",
	"GTEST_SHARD_STATUS_FILE",
	"GTEST_SHUFFLE",
	"GTEST_STREAM_RESULT_TO",
	"GTEST_THROW_ON_FAILURE",
	"GTEST_TOTAL_SHARDS",
	"TESTBRIDGE_TEST_ONLY",
	"TESTBRIDGE_TEST_RUNNER_FAIL_FAST",
	"XML_OUTPUT_FILE",
	NULL,
};

static const char *const gtest_env_set[] = {
	"GTEST_COLOR=no",
	"GTEST_BRIEF=0",
	"GTEST_PRINT_TIME=1",
	NULL,
};

/* ---- layers in id files --------------------------------------------- */

#define GT_GLOBAL_SETUP "global environment set-up"
#define GT_GLOBAL_TEARDOWN "global environment tear-down"

static bool
str_is(struct sw_str s, const char *c)
{
	return s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0;
}

/* "S (set-up)" or "S (tear-down)": the length of S, else 0. */
static size_t
suite_layer(struct sw_str l)
{
	static const char *const ends[] = { " (set-up)", " (tear-down)" };

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(ends[i]);

		if (l.len > n && memcmp(l.ptr + l.len - n, ends[i], n) == 0)
			return l.len - n;
	}
	return 0;
}

static bool
gtest_is_layer(struct sw_str l)
{
	return str_is(l, GT_GLOBAL_SETUP) || str_is(l, GT_GLOBAL_TEARDOWN) ||
	    suite_layer(l) > 0;
}

/* A global layer prevents every test; a suite's, its suite's tests. */
static bool
gtest_layer_selects(struct sw_str l, struct sw_str id)
{
	size_t n;

	if (str_is(l, GT_GLOBAL_SETUP) || str_is(l, GT_GLOBAL_TEARDOWN))
		return true;
	n = suite_layer(l);
	return n > 0 && id.len > n && memcmp(id.ptr, l.ptr, n) == 0 &&
	    id.ptr[n] == '.';
}

const struct pat_ops pat_gtest_ops = {
	.name = "gtest",
	.whole_program = false,
	.run_args = gtest_run_args,
	.list_args = gtest_list_args,
	.list_line = gtest_list_line,
	.select = gtest_select,
	.is_layer = gtest_is_layer,
	.layer_selects = gtest_layer_selects,
	.select_max = 0,
	.env_unset = gtest_env_unset,
	.env_set = gtest_env_set,
	.create = gtest_create,
	.line = gtest_line,
	.finish = gtest_finish,
	.destroy = gtest_destroy,
};

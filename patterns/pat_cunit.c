/*
 * pat_cunit: CUnit basic-interface output as suites and tests under the
 * program (the format and every decision are in pat_cunit.h).
 *
 * Workload: tens to a few thousand tests per program, one to a few lines
 * each, plus whatever the tests print.  A line costs a few prefix compares
 * and, inside a test, one search for the status words; nothing is copied
 * but the open suite's name, the labels seen (pat_names) and a status
 * word held back until the next line says whether it was CUnit's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_cunit.h"
#include "pat_exit.h"
#include "pat_names.h"
#include "sw_buf.h"

#define CU_HELD_MAX 64           /* a held word, its line end, blanks */
#define CU_ROW_MAX 256           /* a summary row, parsed from a copy */

#define CU_BANNER "     CUnit - A unit testing framework for C"
#define CU_SUITE "Suite: "
#define CU_TEST "  Test: "
#define CU_DOTS " ..."
#define CU_HAD "Suite "
#define CU_HAD_TEST ", Test "
#define CU_HAD_END " had failures:"
#define CU_INIT "WARNING - Suite initialization failed for '"
#define CU_CLEANUP "WARNING - Suite cleanup failed for '"
#define CU_SUMMARY "Run Summary:"
#define CU_ELAPSED "Elapsed time ="
#define CU_NO_WORD "no result word"
#define CU_INIT_LABEL "suite initialization"
#define CU_INIT_REASON "suite initialization failed, its tests did not run"
#define CU_CLEANUP_LABEL "suite cleanup"
#define CU_CLEANUP_REASON "suite cleanup failed"

/* What an fd-1 line is. */
enum cu_kind {
	K_OTHER, K_SUITE, K_TEST, K_HAD_FAILURES, K_INIT_FAILED,
	K_CLEANUP_FAILED, K_SUMMARY, K_NUMBERED,
};

struct cu_line {
	enum cu_kind kind;
	struct sw_str name;      /* suite (K_SUITE, K_*_FAILED) or test */
	struct sw_str suite;     /* K_HAD_FAILURES */
	size_t rest;             /* where the chatter after it starts */
};

struct pat_cunit {
	bool seen;               /* any CUnit line */
	bool summary;            /* a "Run Summary:" seen */
	bool in_summary;         /* inside its table */
	bool suite_open;
	bool suite_failed;       /* one of its children failed */
	struct sw_buf suite_name;
	bool test_open;
	bool failed;             /* "FAILED" then a numbered line */
	bool numbered;           /* numbered lines are coming */
	bool after_failed;       /* the last fd-1 line ended with "FAILED" */
	enum sw_status word;     /* of the last "passed"/"SKIPPED" seen */
	char held[CU_HELD_MAX];  /* a status word ending a line, + blanks */
	size_t nheld;
	size_t held_word;        /* bytes of the word and its line end */
	unsigned long ntotal;    /* tests and suite entries reported */
	unsigned long nfailed;
	unsigned long sum_total; /* what the summaries count */
	unsigned long sum_failed;
	unsigned long never_ran;
	struct pat_names suites; /* suite labels in the program */
	struct pat_names tests;  /* test labels in the open suite */
};

static const char *const cu_words[] = { "passed", "FAILED", "SKIPPED" };

/* ---- small helpers --------------------------------------------------- */

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
same(struct sw_str a, const struct sw_buf *b)
{
	/* b->data is NULL for an empty buffer: no memcmp then. */
	return a.len == b->len && (a.len == 0 ||
	    memcmp(a.ptr, b->data, a.len) == 0);
}

static int
emit_bytes(pat_emit_fn emit, void *ctx, unsigned level, const char *b,
    size_t n)
{
	return pat_emit_bytes(emit, ctx, PAT_FD_STDOUT, level, b, n);
}

static int
emit_open(pat_emit_fn emit, void *ctx, struct pat_names *names,
    struct sw_str name)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	int rc;

	if ((rc = pat_names_unique(names, name, &ev.label)) < 0)
		return rc;
	return emit(ctx, &ev);
}

static int
emit_close(pat_emit_fn emit, void *ctx, enum sw_status status,
    const char *reason)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	ev.status = status;
	ev.reason = sw_str_c(reason);
	return emit(ctx, &ev);
}

/* ---- classifying an fd-1 line ---------------------------------------- */

/* "    12. ": a failed assertion. */
static bool
is_numbered(const char *s, size_t n)
{
	size_t i = 4;

	if (!has_prefix(s, n, "    "))
		return false;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 4 && i + 1 < n && s[i] == '.' && s[i + 1] == ' ';
}

/* PREFIX NAME'. rest: the two WARNING lines. */
static bool
parse_warning(const char *s, size_t n, const char *prefix, struct cu_line *cl)
{
	size_t k = strlen(prefix);
	const char *end;

	if (!has_prefix(s, n, prefix) ||
	    (end = memmem(s + k, n - k, "'.", 2)) == NULL)
		return false;
	cl->name = pat_trim(s + k, (size_t)(end - s) - k);
	cl->rest = (size_t)(end - s) + 2;
	return true;
}

/* "Suite S, Test T had failures:" */
static bool
parse_had(const char *s, size_t n, struct cu_line *cl)
{
	size_t k = strlen(CU_HAD), e = strlen(CU_HAD_END);
	const char *t;

	if (!has_prefix(s, n, CU_HAD) || n < k + e ||
	    memcmp(s + n - e, CU_HAD_END, e) != 0 ||
	    (t = memmem(s + k, n - k - e, CU_HAD_TEST,
	    strlen(CU_HAD_TEST))) == NULL)
		return false;
	cl->suite = pat_trim(s + k, (size_t)(t - s) - k);
	t += strlen(CU_HAD_TEST);
	cl->name = pat_trim(t, (size_t)(s + n - e - t));
	return true;
}

/* "  Test: NAME ..." and the test's output after it. */
static bool
parse_test(const char *s, size_t n, struct cu_line *cl)
{
	size_t k = strlen(CU_TEST);
	const char *dots;

	if (!has_prefix(s, n, CU_TEST) ||
	    (dots = memmem(s + k, n - k, CU_DOTS, strlen(CU_DOTS))) == NULL)
		return false;
	cl->name = pat_trim(s + k, (size_t)(dots - s) - k);
	cl->rest = (size_t)(dots - s) + strlen(CU_DOTS);
	return true;
}

static enum cu_kind
classify(const char *s, size_t len, struct cu_line *cl)
{
	size_t n = chomp(s, len);

	memset(cl, 0, sizeof *cl);
	cl->rest = len;
	if (has_prefix(s, n, CU_SUITE)) {
		cl->name = pat_trim(s + strlen(CU_SUITE),
		    n - strlen(CU_SUITE));
		return cl->kind = K_SUITE;
	}
	if (parse_test(s, n, cl))
		return cl->kind = K_TEST;
	if (parse_had(s, n, cl))
		return cl->kind = K_HAD_FAILURES;
	if (parse_warning(s, n, CU_INIT, cl))
		return cl->kind = K_INIT_FAILED;
	if (parse_warning(s, n, CU_CLEANUP, cl))
		return cl->kind = K_CLEANUP_FAILED;
	if (has_prefix(s, n, CU_SUMMARY))
		return cl->kind = K_SUMMARY;
	if (is_numbered(s, n))
		return cl->kind = K_NUMBERED;
	return cl->kind = K_OTHER;
}

/* ---- suites and tests ------------------------------------------------ */

/* The held status word is CUnit's: drop it, keep the blanks after it. */
static void
confirm_held(struct pat_cunit *st)
{
	memmove(st->held, st->held + st->held_word, st->nheld - st->held_word);
	st->nheld -= st->held_word;
	st->held_word = 0;
}

/* Emit the held bytes at level (the test's output after all, or blanks). */
static int
release_held(struct pat_cunit *st, unsigned level, pat_emit_fn emit,
    void *ctx)
{
	size_t n = st->nheld;

	st->nheld = 0;
	st->held_word = 0;
	return emit_bytes(emit, ctx, level, st->held, n);
}

/* Close the open test; reason NULL: its status from what it printed. */
static int
end_test(struct pat_cunit *st, const char *reason, pat_emit_fn emit,
    void *ctx)
{
	enum sw_status status = SW_STATUS_FAIL;
	int rc;

	if (st->held_word > 0)
		confirm_held(st);
	if (reason == NULL && !st->failed && st->word != SW_STATUS_NONE)
		status = st->word;
	else if (reason == NULL && !st->failed)
		reason = CU_NO_WORD;
	st->test_open = false;
	if (status == SW_STATUS_FAIL) {
		st->nfailed++;
		st->suite_failed = true;
	}
	if ((rc = emit_close(emit, ctx, status, reason)) < 0)
		return rc;
	return release_held(st, 0, emit, ctx);   /* blanks: the program's */
}

static int
end_open_test(struct pat_cunit *st, pat_emit_fn emit, void *ctx)
{
	return st->test_open ? end_test(st, NULL, emit, ctx) : 0;
}

static int
close_suite(struct pat_cunit *st, pat_emit_fn emit, void *ctx)
{
	int rc;

	if ((rc = end_open_test(st, emit, ctx)) < 0)
		return rc;
	if (!st->suite_open)
		return 0;
	st->suite_open = false;
	return emit_close(emit, ctx, st->suite_failed ? SW_STATUS_FAIL :
	    SW_STATUS_SUCCESS, NULL);
}

static int
open_suite(struct pat_cunit *st, struct sw_str name, pat_emit_fn emit,
    void *ctx)
{
	int rc;

	if ((rc = close_suite(st, emit, ctx)) < 0)
		return rc;
	st->suite_name.len = 0;
	if (sw_buf_append(&st->suite_name, name.ptr, name.len) < 0)
		return -ENOMEM;
	pat_names_free(&st->tests);
	st->suite_open = true;
	st->suite_failed = false;
	return emit_open(emit, ctx, &st->suites, name);
}

static int
open_test(struct pat_cunit *st, struct sw_str name, pat_emit_fn emit,
    void *ctx)
{
	st->test_open = true;
	st->failed = st->numbered = st->after_failed = false;
	st->word = SW_STATUS_NONE;
	st->ntotal++;
	/* Outside a suite, a test is a sibling of the suites. */
	return emit_open(emit, ctx, st->suite_open ? &st->tests : &st->suites,
	    name);
}

/* A failed suite initialization or cleanup, as a child of suite name. */
static int
suite_entry(struct pat_cunit *st, struct sw_str name, bool cleanup,
    pat_emit_fn emit, void *ctx)
{
	int rc;

	if (cleanup && st->suite_open && same(name, &st->suite_name))
		rc = end_open_test(st, emit, ctx);
	else
		rc = open_suite(st, name, emit, ctx);
	if (rc < 0 || (rc = emit_open(emit, ctx, &st->tests,
	    sw_str_c(cleanup ? CU_CLEANUP_LABEL : CU_INIT_LABEL))) < 0 ||
	    (rc = emit_close(emit, ctx, SW_STATUS_FAIL,
	    cleanup ? CU_CLEANUP_REASON : CU_INIT_REASON)) < 0)
		return rc;
	st->ntotal++;
	st->nfailed++;
	st->suite_failed = true;
	return close_suite(st, emit, ctx);
}

/* ---- a test's output ------------------------------------------------- */

/* Where the last w in p[0..n) ends, or 0. */
static size_t
last_end(const char *p, size_t n, const char *w)
{
	size_t wl = strlen(w), end = 0;
	const char *q = p;

	while ((q = memmem(q, n - (size_t)(q - p), w, wl)) != NULL) {
		q += wl;
		end = (size_t)(q - p);
	}
	return end;
}

/* The later of "passed" and "SKIPPED" in p[0..n) is the test's word. */
static void
note_words(struct pat_cunit *st, const char *p, size_t n)
{
	size_t passed = last_end(p, n, "passed");
	size_t skipped = last_end(p, n, "SKIPPED");

	if (passed > skipped)
		st->word = SW_STATUS_SUCCESS;
	else if (skipped > 0)
		st->word = SW_STATUS_SKIP;
}

/*
 * A line of the open test's output on stdout: note the status words in
 * it, and hold one that ends it until the next line tells whose it is.
 */
static int
test_output(struct pat_cunit *st, const char *p, size_t n, pat_emit_fn emit,
    void *ctx)
{
	size_t k = chomp(p, n);
	int rc;

	if (k == 0 && st->held_word > 0 && st->nheld + n <= CU_HELD_MAX) {
		memcpy(st->held + st->nheld, p, n);      /* a blank line */
		st->nheld += n;
		return 0;
	}
	if ((rc = release_held(st, PAT_INNERMOST, emit, ctx)) < 0)
		return rc;
	st->after_failed = false;
	note_words(st, p, k);
	for (size_t w = 0; w < sizeof cu_words / sizeof cu_words[0]; w++) {
		size_t wl = strlen(cu_words[w]);

		if (k < wl || memcmp(p + k - wl, cu_words[w], wl) != 0)
			continue;
		if ((rc = emit_bytes(emit, ctx, PAT_INNERMOST, p,
		    k - wl)) < 0)
			return rc;
		memcpy(st->held, p + k - wl, n - (k - wl));
		st->nheld = st->held_word = n - (k - wl);
		st->after_failed = strcmp(cu_words[w], "FAILED") == 0;
		return 0;
	}
	return emit_bytes(emit, ctx, PAT_INNERMOST, p, n);
}

/* "    1. file.c:12  - CU_ASSERT(0)" after "FAILED". */
static int
failure_line(struct pat_cunit *st, const char *p, size_t n, pat_emit_fn emit,
    void *ctx)
{
	int rc;

	if (st->after_failed && st->held_word > 0)
		confirm_held(st);
	if ((rc = release_held(st, PAT_INNERMOST, emit, ctx)) < 0)
		return rc;
	st->failed = st->numbered = true;
	st->after_failed = false;
	return emit_bytes(emit, ctx, PAT_INNERMOST, p, n);
}

/* ---- the run summary ------------------------------------------------- */

/* A row of the summary table: count what never ran and what failed. */
static void
summary_row(struct pat_cunit *st, const char *p, size_t n)
{
	char row[CU_ROW_MAX];
	unsigned long total, ran, passed, failed, inactive;

	n = chomp(p, n);
	if (n >= sizeof row)
		return;
	memcpy(row, p, n);
	row[n] = 0;
	if (sscanf(row, " tests %lu %lu %lu %lu %lu", &total, &ran, &passed,
	    &failed, &inactive) == 5) {
		if (total > ran + inactive)
			st->never_ran += total - ran - inactive;
		st->sum_total += ran;
		st->sum_failed += failed;
	} else if (sscanf(row, " suites %lu %lu n/a %lu %lu", &total, &ran,
	    &failed, &inactive) == 4) {
		st->sum_total += failed;
		st->sum_failed += failed;
	}
}

static int
summary_line(struct pat_cunit *st, const char *p, size_t n, pat_emit_fn emit,
    void *ctx)
{
	struct sw_str t = pat_trim(p, n);

	summary_row(st, p, n);
	if (has_prefix(t.ptr, t.len, CU_ELAPSED))
		st->in_summary = false;
	return emit_bytes(emit, ctx, 0, p, n);
}

/* ---- the plug-in ----------------------------------------------------- */

static int
structure(struct pat_cunit *st, const struct cu_line *cl, pat_emit_fn emit,
    void *ctx)
{
	int rc = 0;

	st->seen = true;
	st->in_summary = false;
	switch (cl->kind) {
	case K_SUITE:
		return open_suite(st, cl->name, emit, ctx);
	case K_TEST:
		if ((rc = end_open_test(st, emit, ctx)) < 0)
			return rc;
		return open_test(st, cl->name, emit, ctx);
	case K_HAD_FAILURES:
		if (st->suite_open && same(cl->suite, &st->suite_name))
			rc = end_open_test(st, emit, ctx);
		else
			rc = open_suite(st, cl->suite, emit, ctx);
		if (rc < 0 || (rc = open_test(st, cl->name, emit, ctx)) < 0)
			return rc;
		st->failed = true;
		return 0;
	case K_INIT_FAILED:
	case K_CLEANUP_FAILED:
		return suite_entry(st, cl->name, cl->kind == K_CLEANUP_FAILED,
		    emit, ctx);
	default:
		if ((rc = close_suite(st, emit, ctx)) < 0)
			return rc;
		st->summary = st->in_summary = true;
		return 0;
	}
}

/* An fd-1 line that is not structural. */
static int
other_line(struct pat_cunit *st, const char *p, size_t n, pat_emit_fn emit,
    void *ctx)
{
	if (st->test_open)
		return test_output(st, p, n, emit, ctx);
	if (st->in_summary)
		return summary_line(st, p, n, emit, ctx);
	if (has_prefix(p, n, CU_BANNER))
		st->seen = true;
	return emit_bytes(emit, ctx, PAT_INNERMOST, p, n);
}

static int
stdout_line(struct pat_cunit *st, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct cu_line cl;
	int rc;

	classify(l->text, l->len, &cl);
	if (st->test_open && st->numbered && cl.kind != K_NUMBERED &&
	    (rc = end_test(st, NULL, emit, ctx)) < 0)
		return rc;
	if (cl.kind == K_NUMBERED && st->test_open &&
	    (st->after_failed || st->failed))
		return failure_line(st, l->text, l->len, emit, ctx);
	if (cl.kind == K_OTHER || cl.kind == K_NUMBERED)
		return other_line(st, l->text, l->len, emit, ctx);
	if ((rc = structure(st, &cl, emit, ctx)) < 0)
		return rc;
	if (cl.kind == K_SUMMARY)
		return emit_bytes(emit, ctx, 0, l->text, l->len);
	if (cl.kind == K_TEST)
		return test_output(st, l->text + cl.rest, l->len - cl.rest,
		    emit, ctx);
	if (chomp(l->text + cl.rest, l->len - cl.rest) == 0)
		return 0;                        /* only its line end */
	return emit_bytes(emit, ctx, PAT_INNERMOST, l->text + cl.rest,
	    l->len - cl.rest);
}

static int
pat_cunit_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_cunit *st = state;
	struct pat_event ev = { .kind = PAT_BYTES };
	int rc;

	if (l->fd == 1 && !(l->flags & PAT_LINE_CUT))
		return stdout_line(st, l, emit, ctx);
	if (l->fd == 1) {                        /* a piece of a long line */
		if ((rc = release_held(st, PAT_INNERMOST, emit, ctx)) < 0)
			return rc;
		st->after_failed = false;
	}
	if (l->len == 0)
		return 0;
	ev.fd = l->fd == 2 ? 2 : 1;
	ev.level = PAT_INNERMOST;
	ev.bytes = (const uint8_t *)l->text;
	ev.len = l->len;
	return emit(ctx, &ev);
}

static int
pat_cunit_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	(void)options;
	(void)err;
	(void)err_cap;
	*state = calloc(1, sizeof(struct pat_cunit));
	return *state ? 0 : -ENOMEM;
}

static void
verdict(const struct pat_cunit *st, const struct pat_exit *ex,
    enum sw_status *status, char *reason, size_t cap)
{
	bool nothing = !st->seen && st->ntotal == 0;
	unsigned long failed = st->nfailed > st->sum_failed ? st->nfailed :
	    st->sum_failed;
	unsigned long total = st->ntotal > st->sum_total ? st->ntotal :
	    st->sum_total;
	char how[128];

	pat_exit_describe(ex, how, sizeof how);
	if (cap > 0)
		reason[0] = 0;
	if (nothing && pat_exit_skipped(ex)) {
		*status = SW_STATUS_SKIP;
		pat_exit_reason_add(reason, cap, "%s", how);
		return;
	}
	*status = !pat_exit_clean(ex) || !st->summary || failed > 0 ||
	    st->never_ran > 0 ? SW_STATUS_FAIL : SW_STATUS_SUCCESS;
	if (!pat_exit_clean(ex) || !st->summary)
		pat_exit_reason_add(reason, cap, "%s", how);
	if (failed > 0)
		pat_exit_reason_add(reason, cap, "%lu of %lu subtests failed", failed,
		    total);
	if (st->never_ran > 0)
		pat_exit_reason_add(reason, cap, "%lu test%s never ran", st->never_ran,
		    st->never_ran == 1 ? "" : "s");
	if (nothing)
		pat_exit_reason_add(reason, cap, "no CUnit output");
	else if (!st->summary)
		pat_exit_reason_add(reason, cap, "summary missing");
}

static int
pat_cunit_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	struct pat_cunit *st = state;
	char how[128];
	int rc;

	if (st->test_open) {
		if ((rc = release_held(st, PAT_INNERMOST, emit, ctx)) < 0)
			return rc;
		pat_exit_describe(ex, how, sizeof how);
		if ((rc = end_test(st, how, emit, ctx)) < 0)
			return rc;
	}
	if (st->suite_open && !st->summary)
		st->suite_failed = true;
	if ((rc = close_suite(st, emit, ctx)) < 0)
		return rc;
	verdict(st, ex, status, reason, reason_cap);
	return 0;
}

static void
pat_cunit_destroy(void *state)
{
	struct pat_cunit *st = state;

	if (st == NULL)
		return;
	sw_buf_free(&st->suite_name);
	pat_names_free(&st->suites);
	pat_names_free(&st->tests);
	free(st);
}

const struct pat_ops pat_cunit_ops = {
	.name = "cunit",
	.whole_program = true,
	.create = pat_cunit_create,
	.line = pat_cunit_line,
	.finish = pat_cunit_finish,
	.destroy = pat_cunit_destroy,
};

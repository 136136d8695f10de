/*
 * pat_tap: TAP 12/13/14 classifier (behaviour: see pat_tap.h).
 *
 * Workload: from a few dozen lines (a perl .t file) to a million-line
 * flood from a C program, so a line is classified in one pass with no
 * allocation in the common case (an "ok N - desc" line at the current
 * level).  Memory per TAP document is a bitmap of the test numbers seen
 * (to label repeats; at most 2 MiB) and a map of repeated numbers only
 * (and of every number past the bitmap, which programs hardly print).
 *
 * State is a stack of documents: docs[0] is the program's own TAP, docs[d]
 * the subtest block at indentation 4*d.  Open tests, as the emitter sees
 * them (innermost last): the subtest blocks 1..depth, then the held test
 * point, if any.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_exit.h"
#include "pat_tap.h"
#include "sw_buf.h"
#include "sw_map.h"

#define TAP_MAX_DEPTH 64
#define TAP_BITMAP_MAX (1ul << 24)     /* numbers tracked for repeats */
#define TAP_REASON_MAX 512

struct tap_doc {
	long planned;            /* -1: no plan */
	bool two_plans;
	bool skip_all;           /* 1..0 */
	char *skip_reason;       /* malloc'd text after "1..0 #", or NULL */
	long count;              /* test points */
	long failed;             /* of them, status fail */
	uint8_t *seen;           /* bitmap of numbers seen */
	size_t seen_bytes;
	struct sw_map repeats;   /* number -> times seen, once repeated */
	struct sw_map big;       /* past the bitmap: digits -> times seen */
	/*
	 * Labels of this document's children that end like a repeat
	 * (" #N"): generated ones, and printed ones that look so.
	 */
	struct sw_map suffixed;
	struct sw_map names;     /* "# Subtest:" name -> times seen */
	bool deferred;           /* opened without a label (no "# Subtest:") */
};

struct tap {
	struct tap_doc docs[TAP_MAX_DEPTH + 1];
	int depth;               /* current document, 0 = top */
	bool held;               /* a test point waits for its diagnostics */
	enum sw_status held_status;
	struct sw_buf held_reason; /* its SKIP/TODO text, NUL-terminated */
	bool yaml;               /* inside the held point's YAML block */
	size_t yaml_indent;
	bool seen_tap;           /* any TAP line at all */
	bool bailed;
	char bail_reason[TAP_REASON_MAX];
	char *pending_name;      /* "# Subtest: NAME" awaiting its block */
	bool strict;
	struct sw_buf label;     /* scratch for labels */
};

/* What a line is, once its indentation is removed. */
enum tap_kind {
	K_OTHER, K_VERSION, K_PLAN, K_POINT, K_BAIL, K_SUBTEST, K_COMMENT,
	K_PRAGMA,
};

/* A parsed line. */
struct tap_line {
	enum tap_kind kind;
	size_t indent;           /* leading spaces */
	const char *s;           /* content after the indentation */
	size_t n;                /* its length, without "\n" / "\r\n" */
};

/* ---- small string helpers -------------------------------------------- */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

/* Does s[0..n) start with word w, case-insensitively? */
static bool
starts_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

static bool
starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s, w, k) == 0;
}

static int
emit_event(pat_emit_fn emit, void *ctx, struct pat_event *ev)
{
	return emit(ctx, ev);
}

static int
emit_bytes(pat_emit_fn emit, void *ctx, int fd, unsigned level,
    const char *b, size_t n)
{
	return pat_emit_bytes(emit, ctx, fd, level, b, n);
}

/* ---- classification --------------------------------------------------- */

/* "ok" or "not ok" followed by the end or a non-word character. */
static bool
is_point(const char *s, size_t n)
{
	if (starts(s, n, "not ok")) {
		s += 6;
		n -= 6;
	} else if (starts(s, n, "ok")) {
		s += 2;
		n -= 2;
	} else {
		return false;
	}
	return n == 0 || !is_word(*s);
}

static bool
is_plan(const char *s, size_t n)
{
	size_t i = 3;

	if (!starts(s, n, "1.."))
		return false;
	if (n == 3 || !is_digit(s[3]))
		return false;
	while (i < n && is_digit(s[i]))
		i++;
	while (i < n && is_space(s[i]))
		i++;
	return i == n || s[i] == '#';
}

static enum tap_kind
classify(const char *s, size_t n)
{
	if (is_point(s, n))
		return K_POINT;
	if (is_plan(s, n))
		return K_PLAN;
	if (starts_ci(s, n, "bail out!"))
		return K_BAIL;
	if (starts(s, n, "TAP version ") || starts(s, n, "TAP Version "))
		return K_VERSION;
	if (starts(s, n, "pragma ") && n > 7 && (s[7] == '+' || s[7] == '-'))
		return K_PRAGMA;
	if (starts(s, n, "# Subtest:") || starts(s, n, "# Subtest "))
		return K_SUBTEST;
	if (n > 0 && s[0] == '#')
		return K_COMMENT;
	return K_OTHER;
}

static void
parse_line(const char *text, size_t len, struct tap_line *l)
{
	size_t i = 0;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	while (i < len && text[i] == ' ')
		i++;
	l->indent = i;
	l->s = text + i;
	l->n = len - i;
	l->kind = classify(l->s, l->n);
}

/* ---- documents ---------------------------------------------------------- */

static void
doc_reset(struct tap_doc *d, bool deferred)
{
	free(d->skip_reason);
	free(d->seen);
	sw_map_free(&d->repeats, NULL);
	sw_map_free(&d->big, NULL);
	sw_map_free(&d->suffixed, NULL);
	sw_map_free(&d->names, NULL);
	memset(d, 0, sizeof *d);
	d->planned = -1;
	d->deferred = deferred;
}

/*
 * Record test number num, written as digits[0..n), in d; returns how many
 * times it has now been seen (1 the first time), or -ENOMEM.
 */
static long
doc_see(struct tap_doc *d, unsigned long num, const char *digits, size_t n)
{
	size_t byte = num / 8;
	void *old = NULL;
	uintptr_t times;

	if (num >= TAP_BITMAP_MAX) {
		/* Rare: each counted in a map, by its digits (num is cut). */
		sw_map_find(&d->big, digits, n, &old);
		times = (uintptr_t)old + 1;
		if (sw_map_put(&d->big, digits, n, (void *)times, NULL) < 0)
			return -ENOMEM;
		return (long)times;
	}
	if (byte >= d->seen_bytes) {
		size_t cap = d->seen_bytes ? d->seen_bytes : 64;
		uint8_t *p;

		while (cap <= byte)
			cap *= 2;
		if ((p = realloc(d->seen, cap)) == NULL)
			return -ENOMEM;
		memset(p + d->seen_bytes, 0, cap - d->seen_bytes);
		d->seen = p;
		d->seen_bytes = cap;
	}
	if (!(d->seen[byte] & (1u << (num % 8)))) {
		d->seen[byte] |= (uint8_t)(1u << (num % 8));
		return 1;
	}
	sw_map_find(&d->repeats, &num, sizeof num, &old);
	times = (old ? (uintptr_t)old : 1) + 1;
	if (sw_map_put(&d->repeats, &num, sizeof num, (void *)times, NULL) < 0)
		return -ENOMEM;
	return (long)times;
}

/* ---- opening and closing ---------------------------------------------- */

static int
close_held(struct tap *t, pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	if (!t->held)
		return 0;
	t->held = false;
	t->yaml = false;
	ev.status = t->held_status;
	if (t->held_reason.len > 1) {
		ev.reason.ptr = (const char *)t->held_reason.data;
		ev.reason.len = t->held_reason.len - 1;
	}
	return emit_event(emit, ctx, &ev);
}

/* Does s[0..n) end like a repeat, " #N"? */
static bool
looks_suffixed(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && is_digit(s[i - 1]))
		i--;
	return i < n && i >= 2 && s[i - 1] == '#' && s[i - 2] == ' ';
}

/*
 * t->label holds a label's base (keep bytes): add " #times" if times > 1.
 * A label ending so must not be one a sibling in d already has, as
 * generated or printed ("ok 1 - x \#2", then "ok 1 - x" twice): times
 * goes up until it is new, and it is recorded.  0 or -ENOMEM.
 */
static int
unique_suffix(struct tap *t, struct tap_doc *d, size_t keep, uintptr_t times)
{
	char suffix[32];

	for (;; times++) {
		t->label.len = keep;
		if (times > 1) {
			/* "#2" for "": labels are trimmed (pat.h). */
			snprintf(suffix, sizeof suffix, "%s#%lu",
			    keep ? " " : "", (unsigned long)times);
			if (sw_buf_append(&t->label, suffix, strlen(suffix)) < 0)
				return -ENOMEM;
		}
		if (!looks_suffixed((const char *)t->label.data, t->label.len))
			return 0;
		if (!sw_map_find(&d->suffixed, t->label.data, t->label.len,
		    NULL))
			break;
	}
	return sw_map_put(&d->suffixed, t->label.data, t->label.len, NULL,
	    NULL) < 0 ? -ENOMEM : 0;
}

/*
 * The label of a named block in t->label: its name, with " #N" if the
 * parent document d already had a block of that name.
 */
static int
group_label(struct tap *t, struct tap_doc *d, const char *name)
{
	size_t n = strlen(name);
	void *old = NULL;
	uintptr_t times;

	sw_map_find(&d->names, name, n, &old);
	times = (uintptr_t)old + 1;
	if (sw_map_put(&d->names, name, n, (void *)times, NULL) < 0)
		return -ENOMEM;
	t->label.len = 0;
	if (sw_buf_append(&t->label, name, n) < 0)
		return -ENOMEM;
	return unique_suffix(t, d, n, times);
}

static int
open_group(struct tap *t, pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	int rc;

	if ((rc = close_held(t, emit, ctx)) < 0)
		return rc;
	if (t->depth >= TAP_MAX_DEPTH)
		return 0;       /* deeper blocks are read as their parent */
	if (t->pending_name) {
		if ((rc = group_label(t, &t->docs[t->depth],
		    t->pending_name)) < 0)
			return rc;
		/* "" when nothing was ever put there: NULL means "later". */
		ev.label.ptr = t->label.data ? (const char *)t->label.data : "";
		ev.label.len = t->label.len;
	}
	t->depth++;
	doc_reset(&t->docs[t->depth], t->pending_name == NULL);
	rc = emit_event(emit, ctx, &ev);
	free(t->pending_name);
	t->pending_name = NULL;
	return rc;
}

static void
add_reason(char *buf, size_t cap, const char *what)
{
	size_t len = strlen(buf);

	if (len > 0 && len + 2 < cap) {
		memcpy(buf + len, "; ", 3);
		len += 2;
	}
	snprintf(buf + len, cap - len, "%s", what);
}

/*
 * Why document d failed on its own (assertions, plan), into reason; empty
 * if it did not.  `skipped` tells whether it skipped as a whole.
 */
static void
doc_problems(const struct tap_doc *d, char *reason, size_t cap)
{
	char msg[128];

	if (d->failed > 0) {
		snprintf(msg, sizeof msg, "%ld of %ld assertions failed",
		    d->failed, d->count);
		add_reason(reason, cap, msg);
	}
	if (d->two_plans)
		add_reason(reason, cap, "more than one plan");
	if (d->planned < 0 && d->count > 0) {
		add_reason(reason, cap, "no plan");
	} else if (d->planned < 0) {
		add_reason(reason, cap, "no plan and no test");
	} else if (d->planned != d->count && !(d->skip_all && d->count == 0)) {
		snprintf(msg, sizeof msg, "planned %ld tests but ran %ld",
		    d->planned, d->count);
		add_reason(reason, cap, msg);
	}
}

/*
 * Close the innermost block.  point_status < 0: it never got its closing
 * test point (reason says why); otherwise the point's status and label.
 */
static int
close_group(struct tap *t, int point_status, struct sw_str label,
    const char *why, pat_emit_fn emit, void *ctx, enum sw_status *final)
{
	struct tap_doc *d = &t->docs[t->depth];
	struct pat_event ev = { .kind = PAT_CLOSE };
	char reason[TAP_REASON_MAX] = "";
	int rc;

	if ((rc = close_held(t, emit, ctx)) < 0)
		return rc;
	if (d->deferred) {
		struct pat_event name = { .kind = PAT_NAME, .label = label };

		/* Numbered in the parent like names: siblings stay unique. */
		if (label.ptr == NULL) {
			if ((rc = group_label(t, &t->docs[t->depth - 1],
			    "unnamed subtest")) < 0)
				return rc;
			name.label.ptr = (const char *)t->label.data;
			name.label.len = t->label.len;
		}
		if ((rc = emit_event(emit, ctx, &name)) < 0)
			return rc;
	}
	if (point_status < 0) {
		ev.status = SW_STATUS_FAIL;
		add_reason(reason, sizeof reason, why);
	} else {
		ev.status = (enum sw_status)point_status;
		if (ev.status != SW_STATUS_SKIP && ev.status != SW_STATUS_XFAIL)
			doc_problems(d, reason, sizeof reason);
		if (reason[0] && ev.status == SW_STATUS_SUCCESS)
			ev.status = SW_STATUS_FAIL;
	}
	if (reason[0])
		ev.reason = sw_str_c(reason);
	if (final)
		*final = ev.status;
	rc = emit_event(emit, ctx, &ev);
	doc_reset(d, false);
	t->depth--;
	return rc;
}

/* Close blocks deeper than `depth` that never got a closing point. */
static int
close_unterminated(struct tap *t, int depth, const char *why,
    pat_emit_fn emit, void *ctx)
{
	int rc = 0;

	while (t->depth > depth && rc >= 0)
		rc = close_group(t, -1, (struct sw_str){ NULL, 0 }, why, emit,
		    ctx, NULL);
	return rc;
}

/* ---- test points ------------------------------------------------------- */

/*
 * Where the directive's '#' is in desc[0..n), or n if there is none.  It
 * is an unescaped '#' after white space (TAP14's "\s+#") or right after
 * an escaped backslash (the spec's "hello \\# todo" is a TODO).
 */
static size_t
find_directive(const char *s, size_t n, enum sw_status *dir)
{
	size_t escape_end = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (s[i] == '\\') {
			i++;            /* the escaped character is plain */
			escape_end = i + 1;
			continue;
		}
		if (s[i] != '#' || (i > 0 && !is_space(s[i - 1]) &&
		    i != escape_end))
			continue;
		j = i + 1;
		while (j < n && is_space(s[j]))
			j++;
		if (starts_ci(s + j, n - j, "skip"))
			*dir = SW_STATUS_SKIP;
		else if (starts_ci(s + j, n - j, "todo"))
			*dir = SW_STATUS_XFAIL;
		else
			continue;
		return i;
	}
	return n;
}

/* Append desc to the label, undoing "\#" and "\\". */
static int
append_unescaped(struct sw_buf *b, const char *s, size_t n)
{
	while (n > 0) {
		const char *bs = memchr(s, '\\', n);
		size_t run = bs ? (size_t)(bs - s) : n;

		/* Copy up to the next backslash in one go. */
		if (sw_buf_append(b, s, run) < 0)
			return -ENOMEM;
		s += run;
		n -= run;
		if (n == 0)
			break;
		if (n >= 2 && (s[1] == '#' || s[1] == '\\')) {
			s++;    /* drop the escaping backslash */
			n--;
		}
		if (sw_buf_append(b, s, 1) < 0)
			return -ENOMEM;
		s++;
		n--;
	}
	return 0;
}

/*
 * The label "NUM - desc" (or "NUM") of a test point of document d, into
 * t->label, with " #times" for a repeated number.  plain: desc has no
 * '#' or '\\' (is_plain).
 */
static int
build_label(struct tap *t, struct tap_doc *d, const char *num, size_t numlen,
    const char *desc, size_t dlen, bool plain, long times)
{
	t->label.len = 0;
	if (sw_buf_append(&t->label, num, numlen) < 0)
		return -ENOMEM;
	if (dlen > 0 && (sw_buf_append(&t->label, " - ", 3) < 0 ||
	    (plain ? sw_buf_append(&t->label, desc, dlen) :
	    append_unescaped(&t->label, desc, dlen)) < 0))
		return -ENOMEM;
	/* A plain label cannot look like a repeat: only a repeat needs one. */
	if (plain && times == 1)
		return 0;
	return unique_suffix(t, d, t->label.len, (uintptr_t)times);
}

/*
 * The text after "# SKIP" / "# TODO" (s[0..n) starts at the '#'), into
 * t->held_reason, NUL-terminated; empty when there is none.
 */
static int
directive_reason(struct tap *t, const char *s, size_t n)
{
	size_t i = 1;

	t->held_reason.len = 0;
	while (i < n && is_space(s[i]))
		i++;
	while (i < n && !is_space(s[i]))
		i++;            /* SKIP\S*, TODO\S* */
	s += i;
	n -= i < n ? i : n;
	trim(&s, &n);
	if (append_unescaped(&t->held_reason, s, n) < 0 ||
	    sw_buf_append(&t->held_reason, "", 1) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * Is desc[0..n) free of '#' and '\\'?  Then it has no directive and nothing
 * to unescape, and its label cannot end like a repeat (" #N").
 */
static bool
is_plain(const char *s, size_t n)
{
	return memchr(s, '#', n) == NULL && memchr(s, '\\', n) == NULL;
}

/* The status of a test point from ok/not ok and its directive. */
static enum sw_status
point_status(bool ok, bool has_dir, enum sw_status dir)
{
	if (!has_dir)
		return ok ? SW_STATUS_SUCCESS : SW_STATUS_FAIL;
	if (dir == SW_STATUS_SKIP)
		return ok ? SW_STATUS_SKIP : SW_STATUS_FAIL;
	return ok ? SW_STATUS_UXSUCCESS : SW_STATUS_XFAIL;
}

/*
 * Parse "ok 3 - desc # SKIP why" into its status and t->label (counting
 * it in the current document).
 */
static int
parse_point(struct tap *t, const char *s, size_t n, enum sw_status *st)
{
	struct tap_doc *d = &t->docs[t->depth];
	bool ok = !starts(s, n, "not ok");
	size_t i = ok ? 2 : 6, numstart, numlen, dpos;
	enum sw_status dir = SW_STATUS_NONE;
	char numbuf[24];
	const char *num, *desc;
	unsigned long value = 0;
	long times;
	bool plain;

	while (i < n && is_space(s[i]))
		i++;
	numstart = i;
	while (i < n && is_digit(s[i])) {
		if (value < TAP_BITMAP_MAX)
			value = value * 10 + (unsigned long)(s[i] - '0');
		i++;
	}
	numlen = i - numstart;
	num = s + numstart;
	d->count++;
	if (numlen == 0) {
		value = (unsigned long)d->count;
		numlen = (size_t)snprintf(numbuf, sizeof numbuf, "%ld",
		    d->count);
		num = numbuf;
	}
	desc = s + i;
	if ((plain = is_plain(desc, n - i))) {
		/* The flood's case: no directive, no reason, no escapes. */
		*st = ok ? SW_STATUS_SUCCESS : SW_STATUS_FAIL;
		t->held_reason.len = 0;
		n -= i;
	} else {
		dpos = find_directive(desc, n - i, &dir);
		*st = point_status(ok, dpos < n - i, dir);
		if (directive_reason(t, desc + dpos, n - i - dpos) < 0)
			return -ENOMEM;
		n = dpos;
	}
	trim(&desc, &n);
	if (n >= 2 && desc[0] == '-' && is_space(desc[1])) {
		desc += 2;
		n -= 2;
		trim(&desc, &n);
	} else if (n == 1 && desc[0] == '-') {
		n = 0;
	}
	if ((times = doc_see(d, value, num, numlen)) < 0)
		return (int)times;
	if (*st == SW_STATUS_FAIL)
		d->failed++;
	return build_label(t, d, num, numlen, desc, n, plain, times);
}

/* A test point at the current level: it opens, and is held. */
static int
on_point(struct tap *t, const struct tap_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	enum sw_status st;
	int rc;

	if ((rc = close_held(t, emit, ctx)) < 0)
		return rc;
	if (t->pending_name != NULL) {  /* a "# Subtest:" with no block */
		free(t->pending_name);
		t->pending_name = NULL;
	}
	if ((rc = parse_point(t, l->s, l->n, &st)) < 0)
		return rc;
	ev.label.ptr = (const char *)t->label.data;
	ev.label.len = t->label.len;
	if ((rc = emit_event(emit, ctx, &ev)) < 0)
		return rc;
	t->held = true;
	t->held_status = st;
	return 0;
}

/* A test point at a shallower level closes the block(s) above it. */
static int
on_closing_point(struct tap *t, const struct tap_line *l, int level,
    pat_emit_fn emit, void *ctx)
{
	enum sw_status st, final = SW_STATUS_NONE;
	struct sw_str label;
	int rc;

	rc = close_unterminated(t, level + 1, "subtest not terminated", emit,
	    ctx);
	if (rc < 0)
		return rc;
	t->depth = level;       /* count the point in the parent document */
	rc = parse_point(t, l->s, l->n, &st);
	t->depth = level + 1;
	if (rc < 0)
		return rc;
	label.ptr = (const char *)t->label.data;
	label.len = t->label.len;
	rc = close_group(t, (int)st, label, NULL, emit, ctx, &final);
	/* A block that failed inside fails its parent too. */
	if (rc >= 0 && final == SW_STATUS_FAIL && st != SW_STATUS_FAIL)
		t->docs[level].failed++;
	return rc;
}

/* ---- the other kinds of line ------------------------------------------ */

static int
on_plan(struct tap *t, const struct tap_line *l)
{
	struct tap_doc *d = &t->docs[t->depth];
	const char *s, *hash;
	size_t n;

	if (d->planned >= 0) {
		d->two_plans = true;
		return 0;
	}
	/* Not strtol: the line is not NUL-terminated (the driver's buffer). */
	d->planned = 0;
	for (size_t i = 3; i < l->n && is_digit(l->s[i]); i++)
		d->planned = d->planned > (LONG_MAX - 9) / 10 ? LONG_MAX :
		    d->planned * 10 + (l->s[i] - '0');
	if (d->planned != 0)
		return 0;
	d->skip_all = true;
	hash = memchr(l->s, '#', l->n);
	if (hash == NULL)
		return 0;
	s = hash + 1;
	n = l->n - (size_t)(s - l->s);
	trim(&s, &n);
	d->skip_reason = strndup(s, n);
	return d->skip_reason ? 0 : -ENOMEM;
}

static int
on_bail(struct tap *t, const struct tap_line *l, pat_emit_fn emit, void *ctx)
{
	const char *s = l->s + 9;
	size_t n = l->n - 9;
	struct sw_buf why = SW_BUF_INIT;
	int rc;

	trim(&s, &n);
	if (append_unescaped(&why, s, n) < 0 ||
	    sw_buf_append(&why, "", 1) < 0) {
		sw_buf_free(&why);
		return -ENOMEM;
	}
	snprintf(t->bail_reason, sizeof t->bail_reason, "Bail out!%s%s",
	    n ? " " : "", (char *)why.data);
	sw_buf_free(&why);
	t->bailed = true;
	rc = close_held(t, emit, ctx);
	if (rc >= 0)
		rc = close_unterminated(t, 0, t->bail_reason, emit, ctx);
	return rc;
}

static int
on_subtest_header(struct tap *t, const struct tap_line *l, bool opens_now,
    pat_emit_fn emit, void *ctx)
{
	const char *s = l->s + 10;
	size_t n = l->n - 10;
	int rc;

	if ((rc = close_held(t, emit, ctx)) < 0)
		return rc;
	n = strnlen(s, n);      /* the name is a C string: cut, then trim */
	trim(&s, &n);
	free(t->pending_name);
	if ((t->pending_name = strndup(s, n)) == NULL)
		return -ENOMEM;
	return opens_now ? open_group(t, emit, ctx) : 0;
}

/* A "#" line: the held point's diagnostic, or chatter. */
static int
on_comment(struct tap *t, const struct pat_line *pl, pat_emit_fn emit,
    void *ctx)
{
	return emit_bytes(emit, ctx, pl->fd, t->held ? PAT_INNERMOST : 0,
	    pl->text, pl->len);
}

/* Lines of the held point's YAML block; false when the block is over. */
static bool
in_yaml(struct tap *t, const struct tap_line *l)
{
	if (!t->yaml)
		return false;
	if (l->n == 0 || l->indent >= t->yaml_indent) {
		if (l->indent == t->yaml_indent && starts(l->s, l->n, "..."))
			t->yaml = false;        /* the end line is still YAML */
		return true;
	}
	t->yaml = false;                /* unterminated: this line is not */
	return false;
}

/* ---- the line entry point --------------------------------------------- */

/* A line at the current document's indentation. */
static int
on_level_line(struct tap *t, const struct tap_line *l,
    const struct pat_line *pl, pat_emit_fn emit, void *ctx)
{
	int rc;

	switch (l->kind) {
	case K_POINT:
		t->seen_tap = true;
		return on_point(t, l, emit, ctx);
	case K_PLAN:
		t->seen_tap = true;
		rc = close_held(t, emit, ctx);
		return rc < 0 ? rc : on_plan(t, l);
	case K_VERSION:
	case K_PRAGMA:
		t->seen_tap = true;
		return 0;
	case K_SUBTEST:
		t->seen_tap = true;
		return on_subtest_header(t, l, false, emit, ctx);
	case K_COMMENT:
		return on_comment(t, pl, emit, ctx);
	default:
		return emit_bytes(emit, ctx, pl->fd, 0, pl->text, pl->len);
	}
}

/* A line indented deeper than the current document. */
static int
on_deeper_line(struct tap *t, const struct tap_line *l,
    const struct pat_line *pl, pat_emit_fn emit, void *ctx)
{
	int rc;

	if (l->indent == 4 * (size_t)(t->depth + 1) &&
	    (l->kind == K_POINT || l->kind == K_PLAN ||
	    l->kind == K_SUBTEST)) {
		t->seen_tap = true;
		if (l->kind == K_SUBTEST && t->pending_name == NULL)
			return on_subtest_header(t, l, true, emit, ctx);
		if ((rc = open_group(t, emit, ctx)) < 0)
			return rc;
		return on_level_line(t, l, pl, emit, ctx);
	}
	if (t->held && l->indent == 4 * (size_t)t->depth + 2 &&
	    starts(l->s, l->n, "---")) {
		t->yaml = true;
		t->yaml_indent = l->indent;
		return emit_bytes(emit, ctx, pl->fd, PAT_INNERMOST, pl->text,
		    pl->len);
	}
	if (l->kind == K_COMMENT)
		return on_comment(t, pl, emit, ctx);
	return emit_bytes(emit, ctx, pl->fd, 0, pl->text, pl->len);
}

/* A line indented less than the current document: it may close blocks. */
static int
on_shallower_line(struct tap *t, const struct tap_line *l,
    const struct pat_line *pl, pat_emit_fn emit, void *ctx)
{
	int level = (int)(l->indent / 4), rc;

	if (l->indent % 4 != 0)
		return emit_bytes(emit, ctx, pl->fd, 0, pl->text, pl->len);
	switch (l->kind) {
	case K_POINT:
		return on_closing_point(t, l, level, emit, ctx);
	case K_PLAN:
		rc = close_unterminated(t, level, "subtest not terminated",
		    emit, ctx);
		return rc < 0 ? rc : on_level_line(t, l, pl, emit, ctx);
	case K_SUBTEST:
		return on_subtest_header(t, l, false, emit, ctx);
	case K_COMMENT:
		return on_comment(t, pl, emit, ctx);
	default:
		return emit_bytes(emit, ctx, pl->fd, 0, pl->text, pl->len);
	}
}

static int
on_stdout_line(struct tap *t, const struct tap_line *l,
    const struct pat_line *pl, pat_emit_fn emit, void *ctx)
{
	size_t here = 4 * (size_t)t->depth;

	if (l->kind == K_BAIL) {
		t->seen_tap = true;
		return on_bail(t, l, emit, ctx);
	}
	if (l->indent == here)
		return on_level_line(t, l, pl, emit, ctx);
	if (l->indent > here)
		return on_deeper_line(t, l, pl, emit, ctx);
	return on_shallower_line(t, l, pl, emit, ctx);
}

/*
 * Chatter glued in front of a marker that began a new write: pass the
 * chatter on, then read the rest as the line.  False if that is not it.
 */
static bool
split_soft(const struct pat_line *pl, struct tap_line *l)
{
	struct tap_line rest;

	if (pl->soft_start == 0 || pl->soft_start >= pl->len)
		return false;
	parse_line(pl->text + pl->soft_start, pl->len - pl->soft_start, &rest);
	if (rest.kind != K_POINT && rest.kind != K_PLAN && rest.kind != K_BAIL)
		return false;   /* *l still describes the whole line */
	*l = rest;
	return true;
}

static int
tap_line(void *state, const struct pat_line *pl, pat_emit_fn emit, void *ctx)
{
	struct tap *t = state;
	struct tap_line l;
	struct pat_line rest;
	int rc;

	if (t->bailed || (pl->flags & PAT_LINE_CUT))
		return emit_bytes(emit, ctx, pl->fd, t->yaml ? PAT_INNERMOST :
		    0, pl->text, pl->len);
	/*
	 * The flood's line, "ok N ..." on stdout at the top level, outside
	 * YAML: what the general path below would make of it, directly.
	 */
	if (pl->fd == PAT_FD_STDOUT && t->depth == 0 && !t->yaml &&
	    pl->len >= 3 && memcmp(pl->text, "ok ", 3) == 0) {
		l.kind = K_POINT;
		l.indent = 0;
		l.s = pl->text;
		l.n = pl->len;
		while (l.n > 0 && (l.s[l.n - 1] == '\n' || l.s[l.n - 1] == '\r'))
			l.n--;
		t->seen_tap = true;
		return on_point(t, &l, emit, ctx);
	}
	parse_line(pl->text, pl->len, &l);
	if (pl->fd == 2) {
		/* TAP is read on stdout only; stderr "#" lines are diagnostics. */
		if (l.kind == K_COMMENT)
			return on_comment(t, pl, emit, ctx);
		return emit_bytes(emit, ctx, 2, 0, pl->text, pl->len);
	}
	if (in_yaml(t, &l))
		return emit_bytes(emit, ctx, pl->fd, PAT_INNERMOST, pl->text,
		    pl->len);
	if (l.kind == K_OTHER && split_soft(pl, &l)) {
		rc = emit_bytes(emit, ctx, 1, 0, pl->text, pl->soft_start);
		if (rc < 0)
			return rc;
		rest = *pl;
		rest.text += pl->soft_start;
		rest.len -= pl->soft_start;
		rest.soft_start = 0;
		return on_stdout_line(t, &l, &rest, emit, ctx);
	}
	return on_stdout_line(t, &l, pl, emit, ctx);
}

/* ---- the end ------------------------------------------------------------ */

static bool
exit_clean(const struct pat_exit *ex, bool allow_77)
{
	return ex->exited && !ex->timed_out && !ex->interrupted &&
	    (ex->code == 0 || (allow_77 && ex->code == 77));
}

static int
tap_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *st, char *reason, size_t cap)
{
	struct tap *t = state;
	struct tap_doc *top = &t->docs[0];
	char how[160];
	int rc;

	pat_exit_describe(ex, how, sizeof how);
	if ((rc = close_held(t, emit, ctx)) < 0 ||
	    (rc = close_unterminated(t, 0, exit_clean(ex, false) ?
	    "subtest not terminated" : how, emit, ctx)) < 0)
		return rc;
	reason[0] = 0;
	if (!t->seen_tap && !t->strict) {
		/* No TAP at all: the exit code decides (pat_exit.h). */
		pat_exit_verdict(ex, 0, 0, st, reason, cap);
		return 0;
	}
	if (!t->seen_tap)
		add_reason(reason, cap, "no TAP output");
	if (t->bailed)
		add_reason(reason, cap, t->bail_reason);
	else if (t->seen_tap)
		doc_problems(top, reason, cap);
	if (!exit_clean(ex, top->skip_all && top->count == 0))
		add_reason(reason, cap, how);
	if (reason[0]) {
		*st = SW_STATUS_FAIL;
	} else if (top->skip_all && top->count == 0) {
		*st = SW_STATUS_SKIP;
		snprintf(reason, cap, "%s", top->skip_reason ?
		    top->skip_reason : "1..0");
	} else {
		*st = SW_STATUS_SUCCESS;
	}
	return 0;
}

/* ---- life cycle ---------------------------------------------------------- */

static int
tap_create(const char *options, void **state, char *err, size_t err_cap)
{
	struct tap *t;

	if (options && *options && strcmp(options, "strict") != 0) {
		snprintf(err, err_cap, "tap: unknown option '%s'", options);
		return -EINVAL;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return -ENOMEM;
	t->strict = options && strcmp(options, "strict") == 0;
	doc_reset(&t->docs[0], false);
	*state = t;
	return 0;
}

static void
tap_destroy(void *state)
{
	struct tap *t = state;

	if (t == NULL)
		return;
	for (int i = 0; i <= TAP_MAX_DEPTH; i++) {
		free(t->docs[i].skip_reason);
		free(t->docs[i].seen);
		sw_map_free(&t->docs[i].repeats, NULL);
		sw_map_free(&t->docs[i].big, NULL);
		sw_map_free(&t->docs[i].suffixed, NULL);
		sw_map_free(&t->docs[i].names, NULL);
	}
	free(t->pending_name);
	sw_buf_free(&t->label);
	sw_buf_free(&t->held_reason);
	free(t);
}

const struct pat_ops pat_tap_ops = {
	.name = "tap",
	.whole_program = true,
	.create = tap_create,
	.line = tap_line,
	.finish = tap_finish,
	.destroy = tap_destroy,
};

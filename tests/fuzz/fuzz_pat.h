/*
 * fuzz_pat.h: what the fuzz targets of the classifier plug-ins share
 * (fuzz_patterns.c, fuzz_pattern_file.c): a checker that sits between
 * the line driver (patterns/pat.h) and the plug-in, and on the emit
 * callback, and aborts on any broken promise of pat.h; and the reader of
 * the "writes" format the targets' inputs use.
 *
 * Writes format (the payload of an input): the bytes a program wrote, in
 * order, with write boundaries and fds marked by 0xFF, a byte that never
 * occurs in UTF-8 text, so a real capture is itself, marks added:
 *
 *   0xFF 0xFF      a literal 0xFF byte
 *   0xFF 0xFE L C  (L + 1) * 512 bytes C in the current write: lines
 *                  longer than PAT_LINE_MAX from a short input (at most
 *                  long_budget such bytes per input: 2 * PAT_LINE_MAX +
 *                  1024 unless the target says less)
 *   0xFF D         (any other D) the current write ends; the next one is
 *                  on fd 1, 2 or 3 as D % 3 says
 *
 * The first write is on fd 1.  fd 3 (the result side channel) becomes fd
 * 1 for a plug-in without one, and every fd becomes 2 for a plug-in that
 * sees only stderr (ops->forward_stdout): the driver is never fed what
 * the wrapper would not feed it.  With a nonzero split seed each write is
 * fed in pieces of 0 to 64 bytes, as a pipe may hand it over.
 *
 * What the checker enforces (FUZZ_FAIL aborts, so libFuzzer keeps the
 * input):
 *  - the driver: every line handed to the plug-in is 1..PAT_LINE_MAX
 *    bytes, the next bytes of what was fed on its fd, with at most one
 *    '\n', at its end, and flagged PAT_LINE_EOL exactly then; lines
 *    without EOL come only from pat_finish, or are PAT_LINE_CUT pieces of
 *    exactly PAT_LINE_MAX bytes; soft_start is 0 or inside the line; by
 *    the end every byte fed was handed over; the plug-in gets each line
 *    as a copy of exactly its size, freed after the call, so ASan sees
 *    a read past a line or a pointer kept into one;
 *  - the tree: PAT_CLOSE and PAT_NAME only with a test open, PAT_NAME
 *    only for an unnamed innermost test, no test closed unnamed, nothing
 *    open after pat_finish; runnable only at level 0 and never in
 *    whole-program mode; labels present, trimmed of blanks, and unique
 *    among the children of one test (and among the runnable tests) as
 *    the emitter makes them part of test ids; CLOSE statuses final ones
 *    (success .. xfail);
 *  - chatter: PAT_BYTES on fd 1 or 2, non-empty, at a level that exists
 *    (0, PAT_INNERMOST or an open one); bytes handed over come back at
 *    most once and none is invented: chatter pointing into the line being
 *    classified gives back exactly those bytes, on the line's fd (fd 3
 *    lines that are not results come back on fd 1); chatter a plug-in
 *    copied (held back, joined) must be found, line by line, among the
 *    bytes of its fd not given back yet (order is not promised: Check
 *    holds a set-up failure until its tcase closes); for the plug-ins
 *    that have no protocol (exitcode, subunit) every byte comes back,
 *    from the line itself;
 *  - listing runs (ops->list_line): only PAT_EXISTS, each with an id;
 *  - errors: when the emit callback fails the plug-in emits nothing more
 *    and pat_feed / pat_finish return that very value; otherwise they
 *    return 0; the verdict is a final status with a NUL-terminated reason
 *    inside reason_cap.
 * Whether each fed byte comes back exactly once cannot be checked in
 * general (which lines are protocol is the plug-in's decision): the
 * check is "at most once, nothing invented", and exactly once where
 * every line is chatter.
 */
#ifndef FUZZ_PAT_H
#define FUZZ_PAT_H

#include <errno.h>

#include "fuzz_common.h"
#include "pat.h"

FUZZ_CHECKER_BEGIN

/* What the emit callback returns when told to fail. */
#define FPAT_FAIL_RC (-EPIPE)

/* ---- labels seen, per parent: one hash set ---------------------------- */

struct fpat_ent {
	uint64_t parent;         /* serial of the parent test, 0: the root */
	uint64_t hash;
	char *s;                 /* NULL: a free slot */
	size_t len;
};

struct fpat_set {
	struct fpat_ent *v;
	size_t cap, n;
};

static inline uint64_t
fpat_hash(uint64_t parent, const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (parent * 0x9E3779B97F4A7C15ull);

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
	return h;
}

static inline void
fpat_set_grow(struct fpat_set *t)
{
	struct fpat_set old = *t;

	t->cap = old.cap ? old.cap * 2 : 64;
	t->n = 0;
	if ((t->v = calloc(t->cap, sizeof *t->v)) == NULL)
		FUZZ_FAIL("out of memory");
	for (size_t i = 0; i < old.cap; i++) {
		struct fpat_ent *e = &old.v[i];
		size_t k;

		if (e->s == NULL)
			continue;
		for (k = e->hash & (t->cap - 1); t->v[k].s != NULL;
		    k = (k + 1) & (t->cap - 1))
			;
		t->v[k] = *e;
		t->n++;
	}
	free(old.v);
}

/* Record label s[0..n) under parent; abort if it is there already. */
static inline void
fpat_set_add(struct fpat_set *t, uint64_t parent, const char *s, size_t n,
    const char *what)
{
	uint64_t h = fpat_hash(parent, s, n);
	size_t k;

	if ((t->n + 1) * 2 > t->cap)
		fpat_set_grow(t);
	for (k = h & (t->cap - 1); t->v[k].s != NULL;
	    k = (k + 1) & (t->cap - 1)) {
		struct fpat_ent *e = &t->v[k];

		if (e->hash == h && e->parent == parent && e->len == n &&
		    memcmp(e->s, s, n) == 0)
			FUZZ_FAIL("%s: label \"%.*s\" (%zu bytes) is not "
			    "unique among its siblings", what,
			    (int)(n > 80 ? 80 : n), s, n);
	}
	if ((t->v[k].s = malloc(n ? n : 1)) == NULL)
		FUZZ_FAIL("out of memory");
	memcpy(t->v[k].s, s, n);
	t->v[k].len = n;
	t->v[k].hash = h;
	t->v[k].parent = parent;
	t->n++;
}

static inline void
fpat_set_clear(struct fpat_set *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->v[i].s);
		t->v[i].s = NULL;
	}
	t->n = 0;
}

/* ---- the checker ------------------------------------------------------ */

struct fpat_node {
	uint64_t serial;         /* parent key of its children's labels */
	bool named;
};

struct fpat {
	const struct pat_ops *ops;   /* the plug-in under test */
	struct pat_ops wrapped;      /* the same, line via fpat_line */
	bool listing;                /* a listing run: line is list_line */
	bool whole;                  /* ops->whole_program */
	bool results;                /* ops->result_fifo_env: fd 3 exists */
	bool exact;                  /* no protocol: every byte is chatter */
	/* the open tests, innermost last */
	struct fpat_node *stack;
	size_t depth, stack_cap;
	uint64_t serial;
	struct fpat_set labels;
	/*
	 * Bytes per fd (index 1..3): fed, handed to the plug-in, and for
	 * each byte handed over whether chatter gave it back (0 or 1).
	 */
	struct flog fed[4], got[4], used[4];
	size_t free_from[4];         /* every byte before was given back */
	size_t hint[4];              /* where the last copy's match ended */
	/* the line being classified: its fd, copy, offset in got[fd] */
	int line_fd;
	const char *line_text;
	size_t line_len, line_off;
	bool finishing;
	size_t long_budget;          /* bytes 0xFF 0xFE marks may add */
	/* the emit callback fails at event number fail_at (0: never) */
	unsigned long events, fail_at;
	bool failed;
};

/* Touch every byte (ASan checks the memory is valid). */
static inline unsigned
fpat_touch(const void *p, size_t n)
{
	const volatile uint8_t *b = p;
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += b[i];
	return sum;
}

/*
 * Labels: present, and trimmed of blanks, as pat.h promises (pat_trim's
 * white space also has \r \v \f, but TAP trims only blanks, as its spec
 * reads, and the emitter escapes such bytes in test ids).  An empty label
 * is allowed (a CUnit suite named "").
 */
static inline void
fpat_label(struct sw_str l, const char *what)
{
	if (l.ptr == NULL)
		FUZZ_FAIL("%s without a label", what);
	fpat_touch(l.ptr, l.len);
	if (l.len > 0 && (l.ptr[0] == ' ' || l.ptr[0] == '\t' ||
	    l.ptr[l.len - 1] == ' ' || l.ptr[l.len - 1] == '\t'))
		FUZZ_FAIL("%s: label \"%.*s\" is not trimmed", what,
		    (int)(l.len > 80 ? 80 : l.len), l.ptr);
}

/*
 * The label as the emitter puts it in a test id (wrap_emit.c,
 * append_label): without leading blanks and trailing blanks, CR and LF.
 * Unique labels must stay unique so, or two tests get one id.
 */
static inline struct sw_str
fpat_id_label(struct sw_str l)
{
	while (l.len > 0 && (l.ptr[0] == ' ' || l.ptr[0] == '\t')) {
		l.ptr++;
		l.len--;
	}
	while (l.len > 0 && (l.ptr[l.len - 1] == ' ' ||
	    l.ptr[l.len - 1] == '\t' || l.ptr[l.len - 1] == '\n' ||
	    l.ptr[l.len - 1] == '\r'))
		l.len--;
	return l;
}

/* Record the label of a child of parent; abort if a sibling has it. */
static inline void
fpat_unique(struct fpat_set *t, uint64_t parent, struct sw_str label,
    const char *what)
{
	struct sw_str id = fpat_id_label(label);

	fpat_set_add(t, parent, id.ptr, id.len, what);
}

static inline bool
fpat_final(enum sw_status s)
{
	return s == SW_STATUS_SUCCESS || s == SW_STATUS_UXSUCCESS ||
	    s == SW_STATUS_SKIP || s == SW_STATUS_FAIL ||
	    s == SW_STATUS_XFAIL;
}

/* The serial of the innermost open test, 0 for the root. */
static inline uint64_t
fpat_parent(const struct fpat *c)
{
	return c->depth ? c->stack[c->depth - 1].serial : 0;
}

/* Move free_from[s] past the bytes given back. */
static inline void
fpat_advance(struct fpat *c, int s)
{
	while (c->free_from[s] < c->used[s].len &&
	    c->used[s].p[c->free_from[s]])
		c->free_from[s]++;
}

/* Mark got[s][at..at+n) as given back; false if a byte was already. */
static inline bool
fpat_use(struct fpat *c, int s, size_t at, size_t n)
{
	uint8_t *u = c->used[s].p + at;

	if (memchr(u, 1, n) != NULL)
		return false;
	memset(u, 1, n);
	fpat_advance(c, s);
	return true;
}

/*
 * Find chatter p[0..n) among the bytes handed over on fd s that no
 * chatter gave back yet, and mark them.  For chatter a plug-in held back
 * and copied: it may join several lines, without the protocol lines
 * between, and come after later chatter (Check holds a set-up failure
 * until its tcase closes), so each line of it (each piece ending in '\n',
 * and the rest) is looked for on its own, the earliest free match.
 */
static inline bool
fpat_find(struct fpat *c, int s, const uint8_t *p, size_t n)
{
	const struct flog *g = &c->got[s];

	while (n > 0) {
		const uint8_t *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) + 1 : n, at = c->free_from[s];
		const uint8_t *m;

		/* Copies mostly come in order: first try after the last. */
		m = c->hint[s] < g->len ? memmem(g->p + c->hint[s],
		    g->len - c->hint[s], p, k) : NULL;
		if (m != NULL && memchr(c->used[s].p + (m - g->p), 1, k) ==
		    NULL)
			at = (size_t)(m - g->p);
		else for (;;) {
			m = at < g->len ? memmem(g->p + at, g->len - at, p, k) :
			    NULL;
			if (m == NULL)
				return false;
			at = (size_t)(m - g->p);
			if (memchr(c->used[s].p + at, 1, k) == NULL)
				break;
			at++;
		}
		memset(c->used[s].p + at, 1, k);
		fpat_advance(c, s);
		c->hint[s] = at + k;
		p += k;
		n -= k;
	}
	return true;
}

static inline void
fpat_bytes(struct fpat *c, const struct pat_event *ev)
{
	int second = 0;

	if (c->listing)
		FUZZ_FAIL("PAT_BYTES in a listing run");
	if (ev->fd != 1 && ev->fd != 2)
		FUZZ_FAIL("PAT_BYTES on fd %d", ev->fd);
	if (ev->len == 0 || ev->bytes == NULL)
		FUZZ_FAIL("PAT_BYTES of %zu bytes at %p", ev->len,
		    (const void *)ev->bytes);
	if (ev->level != PAT_INNERMOST && ev->level != 0 &&
	    ev->level >= c->depth + (c->whole ? 1 : 0))
		FUZZ_FAIL("PAT_BYTES at level %u with %zu tests open%s",
		    ev->level, c->depth, c->whole ? " (and the program)" : "");
	fpat_touch(ev->bytes, ev->len);
	/* Chatter pointing into the line being classified: those bytes. */
	if (c->line_text != NULL && (const char *)ev->bytes >= c->line_text &&
	    (const char *)ev->bytes + ev->len <= c->line_text + c->line_len) {
		if (ev->fd != c->line_fd && !(c->line_fd == 3 && ev->fd == 1))
			FUZZ_FAIL("chatter of a line on fd %d given back on fd "
			    "%d", c->line_fd, ev->fd);
		if (!fpat_use(c, c->line_fd, c->line_off +
		    (size_t)((const char *)ev->bytes - c->line_text), ev->len))
			FUZZ_FAIL("PAT_BYTES fd %d, %zu bytes \"%.*s\": given "
			    "back twice", ev->fd, ev->len,
			    (int)(ev->len > 80 ? 80 : ev->len),
			    (const char *)ev->bytes);
		return;
	}
	if (c->exact)
		FUZZ_FAIL("a plug-in without protocol gave back a copy");
	/* A result line that is not a result comes back on fd 1. */
	if (ev->fd == 1 && c->results)
		second = 3;
	if (fpat_find(c, ev->fd, ev->bytes, ev->len) ||
	    (second && fpat_find(c, second, ev->bytes, ev->len)))
		return;
	FUZZ_FAIL("PAT_BYTES fd %d, %zu bytes \"%.*s\": not among the bytes "
	    "handed over on that fd and not given back yet (invented or "
	    "repeated)", ev->fd, ev->len, (int)(ev->len > 80 ? 80 : ev->len),
	    (const char *)ev->bytes);
}

static inline void
fpat_open(struct fpat *c, const struct pat_event *ev)
{
	struct fpat_node *n;

	if (ev->runnable && c->whole)
		FUZZ_FAIL("a runnable PAT_OPEN in whole-program mode");
	if (ev->runnable && c->depth > 0)
		FUZZ_FAIL("a runnable PAT_OPEN inside %zu open tests",
		    c->depth);
	if (ev->label.ptr != NULL) {
		fpat_label(ev->label, "PAT_OPEN");
		fpat_unique(&c->labels, fpat_parent(c), ev->label,
		    "PAT_OPEN");
	}
	if (c->depth == c->stack_cap) {
		c->stack_cap = c->stack_cap ? 2 * c->stack_cap : 16;
		c->stack = realloc(c->stack, c->stack_cap * sizeof *c->stack);
		if (c->stack == NULL)
			FUZZ_FAIL("out of memory");
	}
	n = &c->stack[c->depth++];
	n->serial = ++c->serial;
	n->named = ev->label.ptr != NULL;
}

/* FPAT_TRACE=1 in the environment: every event on stderr, to debug. */
static inline void
fpat_trace(const struct pat_event *ev)
{
	static int on = -1;
	static const char *const kinds[] = { "open", "name", "close", "bytes",
		"exists" };
	const char *p = ev->kind == PAT_BYTES ? (const char *)ev->bytes :
	    ev->label.ptr;
	size_t n = ev->kind == PAT_BYTES ? ev->len : ev->label.len;

	if (on < 0)
		on = getenv("FPAT_TRACE") != NULL;
	if (!on)
		return;
	fprintf(stderr, "event %s", (unsigned)ev->kind < 5 ?
	    kinds[ev->kind] : "?");
	if (ev->kind == PAT_BYTES)
		fprintf(stderr, " fd%d L%d", ev->fd,
		    ev->level == PAT_INNERMOST ? -1 : (int)ev->level);
	if (ev->kind == PAT_CLOSE)
		fprintf(stderr, " status %d reason '%.*s'", (int)ev->status,
		    ev->reason.ptr ? (int)ev->reason.len : 0,
		    ev->reason.ptr ? ev->reason.ptr : "");
	if (ev->kind == PAT_OPEN && ev->runnable)
		fprintf(stderr, " runnable");
	if (p != NULL)
		fprintf(stderr, " '%.*s' (%zu bytes)",
		    (int)(n > 300 ? 300 : n), p, n);
	fprintf(stderr, "\n");
}

static inline int
fpat_emit(void *ctx, const struct pat_event *ev)
{
	struct fpat *c = ctx;

	fpat_trace(ev);
	if (c->failed)
		FUZZ_FAIL("an event (kind %d) after the emit callback failed",
		    (int)ev->kind);
	c->events++;
	if (c->listing && ev->kind != PAT_EXISTS && ev->kind != PAT_BYTES)
		FUZZ_FAIL("event kind %d in a listing run", (int)ev->kind);
	switch (ev->kind) {
	case PAT_OPEN:
		fpat_open(c, ev);
		break;
	case PAT_NAME:
		if (c->depth == 0)
			FUZZ_FAIL("PAT_NAME with no test open");
		if (c->stack[c->depth - 1].named)
			FUZZ_FAIL("PAT_NAME for a test that has a label");
		fpat_label(ev->label, "PAT_NAME");
		c->stack[c->depth - 1].named = true;
		fpat_unique(&c->labels, c->depth > 1 ?
		    c->stack[c->depth - 2].serial : 0, ev->label, "PAT_NAME");
		break;
	case PAT_CLOSE:
		if (c->depth == 0)
			FUZZ_FAIL("PAT_CLOSE with no test open");
		if (!c->stack[c->depth - 1].named)
			FUZZ_FAIL("PAT_CLOSE of a test never named");
		if (!fpat_final(ev->status))
			FUZZ_FAIL("PAT_CLOSE with status %d", (int)ev->status);
		if (ev->reason.ptr != NULL)
			fpat_touch(ev->reason.ptr, ev->reason.len);
		c->depth--;
		break;
	case PAT_BYTES:
		fpat_bytes(c, ev);
		break;
	case PAT_EXISTS:
		if (!c->listing)
			FUZZ_FAIL("PAT_EXISTS outside a listing run");
		if (ev->label.ptr == NULL || ev->label.len == 0)
			FUZZ_FAIL("PAT_EXISTS without an id");
		fpat_touch(ev->label.ptr, ev->label.len);
		break;
	default:
		FUZZ_FAIL("event of kind %d", (int)ev->kind);
	}
	if (c->fail_at != 0 && c->events == c->fail_at) {
		c->failed = true;
		return FPAT_FAIL_RC;
	}
	return 0;
}

/* Between the driver and the plug-in: check each line it hands over. */
static inline int
fpat_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct fpat *c = ctx;
	struct pat_line copy;
	const char *nl;
	char *text;
	size_t extra;
	int rc;

	if (l->fd < 1 || l->fd > 3 || (l->fd == 3 && !c->results))
		FUZZ_FAIL("a line on fd %d", l->fd);
	if (l->len == 0 || l->len > PAT_LINE_MAX)
		FUZZ_FAIL("a line of %zu bytes", l->len);
	if (l->flags & ~(unsigned)(PAT_LINE_EOL | PAT_LINE_CUT))
		FUZZ_FAIL("line flags %#x", l->flags);
	nl = memchr(l->text, '\n', l->len);
	if (nl != NULL && nl != l->text + l->len - 1)
		FUZZ_FAIL("a line with a '\\n' inside");
	if ((nl != NULL) != ((l->flags & PAT_LINE_EOL) != 0))
		FUZZ_FAIL("PAT_LINE_EOL is %s but the line %s with '\\n'",
		    l->flags & PAT_LINE_EOL ? "set" : "clear",
		    nl ? "ends" : "does not end");
	if (!c->finishing && !(l->flags & PAT_LINE_EOL) &&
	    !((l->flags & PAT_LINE_CUT) && l->len == PAT_LINE_MAX))
		FUZZ_FAIL("an unfinished line of %zu bytes (flags %#x) before "
		    "pat_finish", l->len, l->flags);
	if (l->soft_start >= l->len && l->soft_start != 0)
		FUZZ_FAIL("soft_start %zu in a line of %zu bytes",
		    l->soft_start, l->len);
	if ((l->flags & PAT_LINE_CUT) && l->soft_start != 0)
		FUZZ_FAIL("soft_start %zu in a cut piece", l->soft_start);
	if (c->got[l->fd].len + l->len > c->fed[l->fd].len ||
	    memcmp(c->fed[l->fd].p + c->got[l->fd].len, l->text, l->len) != 0)
		FUZZ_FAIL("a line of %zu bytes on fd %d is not the next bytes "
		    "fed there (%zu handed over of %zu)", l->len, l->fd,
		    c->got[l->fd].len, c->fed[l->fd].len);
	c->line_off = c->got[l->fd].len;
	flog_put(&c->got[l->fd], l->text, l->len);
	while (c->used[l->fd].len < c->got[l->fd].len) {
		static const uint8_t zero;

		flog_put(&c->used[l->fd], &zero, 1);
	}
	/*
	 * The plug-in gets a copy of exactly the line's size, freed after
	 * the call: ASan then sees a read past the line or a pointer kept
	 * into it.  Only the user plug-in's copy ends in a NUL byte:
	 * ASan's regexec interceptor reads up to a NUL whatever
	 * REG_STARTEND says (glibc itself stays inside rm_eo).
	 */
	copy = *l;
	extra = strcmp(c->ops->name, "user") == 0;
	if ((text = malloc(l->len + extra)) == NULL)
		FUZZ_FAIL("out of memory");
	memcpy(text, l->text, l->len);
	if (extra)
		text[l->len] = 0;
	copy.text = text;
	c->line_fd = l->fd;
	c->line_text = text;
	c->line_len = l->len;
	rc = c->listing ? c->ops->list_line(state, &copy, emit, ctx) :
	    c->ops->line(state, &copy, emit, ctx);
	c->line_fd = 0;
	c->line_text = NULL;
	free(text);
	return rc;
}

/* Get c ready for a run of ops (c keeps its memory between runs). */
static inline void
fpat_start(struct fpat *c, const struct pat_ops *ops, bool listing,
    unsigned long fail_at)
{
	c->ops = ops;
	c->wrapped = *ops;
	c->wrapped.line = fpat_line;
	c->listing = listing && ops->list_line != NULL;
	c->whole = ops->whole_program;
	c->results = ops->result_fifo_env != NULL;
	c->exact = !c->listing && (strcmp(ops->name, "exitcode") == 0 ||
	    strcmp(ops->name, "subunit") == 0);
	c->depth = 0;
	c->serial = 0;
	fpat_set_clear(&c->labels);
	for (int i = 0; i < 4; i++) {
		c->fed[i].len = c->got[i].len = c->used[i].len = 0;
		c->free_from[i] = c->hint[i] = 0;
	}
	c->line_fd = 0;
	c->line_text = NULL;
	c->finishing = false;
	c->long_budget = 2 * PAT_LINE_MAX + 1024;
	c->events = 0;
	c->fail_at = fail_at;
	c->failed = false;
}

/* A driver call returned rc: 0, or the emit callback's failure. */
static inline void
fpat_rc(const struct fpat *c, int rc, const char *call)
{
	if (c->failed ? rc != FPAT_FAIL_RC : rc != 0)
		FUZZ_FAIL("%s returned %d (the emit callback %s)", call, rc,
		    c->failed ? "failed with -EPIPE" : "never failed");
}

/* The fd a write marked d goes to, for this plug-in. */
static inline int
fpat_fd(const struct fpat *c, unsigned d)
{
	int fd = 1 + (int)(d % 3);

	if (fd == 3 && !c->results)
		fd = 1;
	if (c->ops->forward_stdout)
		fd = 2;
	return fd;
}

/* Feed one write, in pieces if *seed.  false once the driver failed. */
static inline bool
fpat_write(struct fpat *c, struct pat *p, int fd, const uint8_t *b,
    size_t n, uint64_t *seed)
{
	do {
		size_t k = n;
		int rc;

		if (*seed != 0) {
			k = (size_t)(rng_next(seed) % 65);
			if (k > n)
				k = n;
		}
		flog_put(&c->fed[fd], b, k);
		rc = pat_feed(p, fd, b, k);
		fpat_rc(c, rc, "pat_feed");
		if (rc < 0)
			return false;
		if (k > 0) {            /* b is NULL for an empty write */
			b += k;
			n -= k;
		}
	} while (n > 0);
	return true;
}

/*
 * Feed the writes of in[0..n) (the format above).  Returns false if the
 * emit callback failed (the run is over: the caller frees the driver).
 */
static inline bool
fpat_feed_all(struct fpat *c, struct pat *p, const uint8_t *in, size_t n,
    uint64_t seed)
{
	static struct flog w;
	int fd = fpat_fd(c, 0);
	size_t i = 0, budget = c->long_budget;

	w.len = 0;
	while (i < n) {
		uint8_t b = in[i++];

		if (b != 0xFF || i == n) {
			flog_put(&w, &b, 1);
			continue;
		}
		b = in[i++];
		if (b == 0xFF) {
			flog_put(&w, &b, 1);
		} else if (b == 0xFE) {
			size_t len = i < n ? ((size_t)in[i] + 1) * 512 : 512;
			uint8_t ch = i + 1 < n ? in[i + 1] : 'x';

			i += i + 1 < n ? 2 : n - i;
			/* A budget per input keeps runs fast. */
			if (len > budget)
				len = budget;
			budget -= len;
			for (size_t k = 0; k < len; k++)
				flog_put(&w, &ch, 1);
		} else {
			if (!fpat_write(c, p, fd, w.p, w.len, &seed))
				return false;
			w.len = 0;
			fd = fpat_fd(c, b);
		}
	}
	return fpat_write(c, p, fd, w.p, w.len, &seed);
}

/*
 * pat_finish, then the end-of-run checks.  reason_cap bytes are allocated
 * exactly, so ASan sees a write past them.
 */
static inline void
fpat_finish(struct fpat *c, struct pat *p, const struct pat_exit *ex,
    size_t reason_cap)
{
	enum sw_status status = (enum sw_status)99;
	char *reason = malloc(reason_cap);
	int rc;

	if (reason == NULL)
		FUZZ_FAIL("out of memory");
	memset(reason, 'R', reason_cap);
	c->finishing = true;
	rc = pat_finish(p, ex, &status, reason, reason_cap);
	c->finishing = false;
	fpat_rc(c, rc, "pat_finish");
	if (rc < 0) {
		free(reason);
		return;
	}
	if (c->depth != 0)
		FUZZ_FAIL("%zu tests still open after pat_finish", c->depth);
	if (!fpat_final(status))
		FUZZ_FAIL("verdict status %d", (int)status);
	if (strnlen(reason, reason_cap) == reason_cap)
		FUZZ_FAIL("the verdict's reason is not NUL-terminated within "
		    "%zu bytes", reason_cap);
	for (int fd = 1; fd <= 3; fd++) {
		if (c->got[fd].len != c->fed[fd].len)
			FUZZ_FAIL("fd %d: %zu bytes fed, %zu handed to the "
			    "plug-in", fd, c->fed[fd].len, c->got[fd].len);
		if (c->exact && c->got[fd].len > 0 &&
		    memchr(c->used[fd].p, 0, c->used[fd].len) != NULL)
			FUZZ_FAIL("fd %d: %zu bytes fed, not all came back as "
			    "chatter", fd, c->got[fd].len);
	}
	free(reason);
}

FUZZ_CHECKER_END

#endif

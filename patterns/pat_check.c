/*
 * pat_check: the Check classifier (behaviour and every decision: see
 * pat_check.h).
 *
 * Workload: per test function about ten XML lines on fd 3 and whatever
 * the test prints; a line costs a prefix comparison or two.  A result
 * costs a few small copies and one pat_names insertion.
 *
 * State: the XML record being read, the current suite, the open runnable
 * test (suite, tcase and its counts), the runnable tests opened so far
 * (to find the suite of an unchecked set-up failure), set-up failures
 * waiting for the open runnable test to close, and run counters for the
 * verdict.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pat_check.h"
#include "pat_names.h"
#include "sw_buf.h"

#define CK_REASON_MAX 200        /* how the program ended, in words */

struct check {
	/* fd 3: the XML log */
	bool in_test;            /* between <test ...> and </test> */
	enum sw_status rec_status;
	struct sw_buf rec_fn;    /* <id> */
	struct sw_buf rec_tcase; /* <description> */
	struct sw_buf rec_msg;   /* <message> */
	struct sw_buf suite;     /* <title> of the current suite */
	struct sw_buf first;     /* stdout's first "Running suite(s): S" */
	struct sw_buf names;     /* stdout's suite names with non-ASCII
	                            bytes, "NAME\0" records */
	struct sw_buf summary;   /* stdout's last "NN%: Checks: ..." */
	/* the open runnable test */
	bool open;
	struct sw_buf open_suite, open_tcase;
	unsigned long nrun, nfail; /* its test functions */
	/* runnable tests opened: "SUITE\0TCASE\0" records (names without NUL) */
	struct sw_buf opened;
	size_t cursor;           /* offset of the record the last end line
	                            matched (SIZE_MAX: none) */
	/*
	 * unchecked set-up failures waiting for the open runnable test to
	 * close: records of three fields (pending_put)
	 */
	struct sw_buf pending;
	struct sw_buf why;       /* report_setup's reason */
	/* runs */
	unsigned long xml_starts, xml_ends, stdout_starts, summaries;
	unsigned long xml_lines; /* any line of the XML log at all */
	struct pat_names top;    /* level-0 labels */
	struct pat_names sub;    /* labels inside the open runnable test */
	struct sw_buf scratch;
};

/* ---- small string helpers ------------------------------------------ */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_ident(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (!first && is_digit(c));
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

static int
buf_set(struct sw_buf *b, const char *p, size_t n)
{
	b->len = 0;
	return sw_buf_append(b, p, n);
}

static bool
buf_eq(const struct sw_buf *b, const char *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

/* Append XML text p[0..n) to b with Check's escapes undone. */
static int
unescape(struct sw_buf *b, const char *p, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};

	b->len = 0;
	for (size_t i = 0; i < n;) {
		char c = p[i];
		size_t k = 1;

		if (c == '&') {
			size_t e;

			for (e = 0; e < sizeof ents / sizeof ents[0]; e++)
				if (has_prefix(p + i, n - i, ents[e].ent))
					break;
			if (e < sizeof ents / sizeof ents[0]) {
				c = ents[e].c;
				k = strlen(ents[e].ent);
			} else if (has_prefix(p + i, n - i, "&#x")) {
				const char *s = p + i + 3;
				char *end = NULL;
				unsigned long v;

				if (i + 3 < n && memchr(s, ';', n - i - 3) &&
				    (v = strtoul(s, &end, 16), end && *end == ';') &&
				    end > s) {
					c = (char)(v & 0xFF);
					k = (size_t)(end - (p + i)) + 1;
				}
			}
		}
		if (sw_buf_append(b, &c, 1) < 0)
			return -ENOMEM;
		i += k;
	}
	return 0;
}

/* ---- events --------------------------------------------------------- */

static int
emit_bytes(int fd, unsigned level, const char *p, size_t n,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_BYTES };

	if (n == 0)
		return 0;
	ev.fd = fd;
	ev.level = level;
	ev.bytes = (const uint8_t *)p;
	ev.len = n;
	return emit(ctx, &ev);
}

static int
emit_open(struct pat_names *names, struct sw_str name, bool runnable,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	int rc;

	/* Trimmed (pat.h), as the emitter makes the id: "S/T " is "S/T". */
	name = pat_trim(name.ptr, name.len);
	if ((rc = pat_names_unique(names, name, &ev.label)) < 0)
		return rc;
	ev.runnable = runnable;
	return emit(ctx, &ev);
}

static int
emit_close(enum sw_status status, const char *reason, size_t nreason,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	ev.status = status;
	if (reason) {
		ev.reason.ptr = reason;
		ev.reason.len = nreason;
	}
	return emit(ctx, &ev);
}

/* ---- unchecked set-ups ---------------------------------------------- */

/*
 * A tcase whose unchecked set-up failed: the runnable test tcase
 * ("SUITE/TCASE"), opened and closed at once, with its set-up as a
 * subtest: chatter the failure line (Check's, on stdout), reason msg.
 * The tcase fails: its tests did not run (Check never names them).
 */
static int
report_setup(struct check *st, struct sw_str tcase, struct sw_str msg,
    const char *line, size_t nline, pat_emit_fn emit, void *ctx)
{
	static const char head[] = "its unchecked set-up failed";
	static const char tail[] = ": its tests did not run";
	int rc;

	if (buf_set(&st->why, head, sizeof head - 1) < 0 ||
	    (msg.len > 0 && (sw_buf_append(&st->why, " (", 2) < 0 ||
	    sw_buf_append(&st->why, msg.ptr, msg.len) < 0 ||
	    sw_buf_append(&st->why, ")", 1) < 0)) ||
	    sw_buf_append(&st->why, tail, sizeof tail - 1) < 0)
		return -ENOMEM;
	pat_names_free(&st->sub);
	if ((rc = emit_open(&st->top, tcase, true, emit, ctx)) < 0 ||
	    (rc = emit_open(&st->sub, sw_str_c("unchecked set-up"), false,
	    emit, ctx)) < 0 ||
	    (rc = emit_bytes(PAT_FD_STDOUT, PAT_INNERMOST, line, nline, emit,
	    ctx)) < 0 ||
	    (rc = emit_close(SW_STATUS_FAIL, msg.len ? msg.ptr : NULL,
	    msg.len, emit, ctx)) < 0)
		return rc;
	return emit_close(SW_STATUS_FAIL, (const char *)st->why.data,
	    st->why.len, emit, ctx);
}

/* Append a field of a waiting record: its length, then its bytes. */
static int
pending_put(struct check *st, const char *p, size_t n)
{
	if (sw_buf_append(&st->pending, &n, sizeof n) < 0 ||
	    sw_buf_append(&st->pending, p, n) < 0)
		return -ENOMEM;
	return 0;
}

/* The field of a waiting record at *off; *off moves past it. */
static struct sw_str
pending_get(const struct check *st, size_t *off)
{
	struct sw_str f;

	memcpy(&f.len, st->pending.data + *off, sizeof f.len);
	f.ptr = (const char *)st->pending.data + *off + sizeof f.len;
	*off += sizeof f.len + f.len;
	return f;
}

/*
 * Report the waiting set-up failures (no runnable test is open): records
 * of three fields, the tcase's label, the message and the failure line.
 */
static int
flush_setups(struct check *st, pat_emit_fn emit, void *ctx)
{
	size_t off = 0;
	int rc;

	while (off < st->pending.len) {
		struct sw_str tcase = pending_get(st, &off);
		struct sw_str msg = pending_get(st, &off);
		struct sw_str line = pending_get(st, &off);

		if ((rc = report_setup(st, tcase, msg, line.ptr, line.len,
		    emit, ctx)) < 0)
			return rc;
	}
	st->pending.len = 0;
	return 0;
}

/* ---- runnable tests ------------------------------------------------- */

static int
close_runnable(struct check *st, const char *how, pat_emit_fn emit,
    void *ctx)
{
	char reason[80];
	int rc;

	if (!st->open)
		return 0;
	st->open = false;
	if (how)
		rc = emit_close(SW_STATUS_FAIL, how, strlen(how), emit, ctx);
	else if (st->nfail > 0) {
		snprintf(reason, sizeof reason, "%lu of %lu tests failed",
		    st->nfail, st->nrun);
		rc = emit_close(SW_STATUS_FAIL, reason, strlen(reason), emit,
		    ctx);
	} else
		rc = emit_close(SW_STATUS_SUCCESS, NULL, 0, emit, ctx);
	if (rc < 0)
		return rc;
	return flush_setups(st, emit, ctx);
}

static int
open_runnable(struct check *st, pat_emit_fn emit, void *ctx)
{
	struct sw_str label;
	static const char nul = 0;

	if (buf_set(&st->open_suite, (const char *)st->suite.data,
	    st->suite.len) < 0 ||
	    buf_set(&st->open_tcase, (const char *)st->rec_tcase.data,
	    st->rec_tcase.len) < 0 ||
	    buf_set(&st->scratch, (const char *)st->suite.data,
	    st->suite.len) < 0 ||
	    sw_buf_append(&st->scratch, "/", 1) < 0 ||
	    sw_buf_append(&st->scratch, st->rec_tcase.data,
	    st->rec_tcase.len) < 0)
		return -ENOMEM;
	/* A name with a NUL ("&#x0;") would break the records' NULs. */
	if (memchr(st->scratch.data, 0, st->scratch.len) == NULL &&
	    (sw_buf_append(&st->opened, st->suite.data, st->suite.len) < 0 ||
	    sw_buf_append(&st->opened, &nul, 1) < 0 ||
	    sw_buf_append(&st->opened, st->rec_tcase.data,
	    st->rec_tcase.len) < 0 ||
	    sw_buf_append(&st->opened, &nul, 1) < 0))
		return -ENOMEM;
	pat_names_free(&st->sub);
	st->open = true;
	st->nrun = st->nfail = 0;
	label.ptr = (const char *)st->scratch.data;
	label.len = st->scratch.len;
	return emit_open(&st->top, label, true, emit, ctx);
}

/* </test>: one test function's result. */
static int
result(struct check *st, pat_emit_fn emit, void *ctx)
{
	struct sw_str fn = { (const char *)st->rec_fn.data, st->rec_fn.len };
	int rc;

	if (st->open && (!buf_eq(&st->open_suite,
	    (const char *)st->suite.data, st->suite.len) ||
	    !buf_eq(&st->open_tcase, (const char *)st->rec_tcase.data,
	    st->rec_tcase.len)) &&
	    (rc = close_runnable(st, NULL, emit, ctx)) < 0)
		return rc;
	if (!st->open && (rc = open_runnable(st, emit, ctx)) < 0)
		return rc;
	/* No <id>: "", since no label at all means "named later" (pat.h). */
	fn = pat_trim(fn.ptr ? fn.ptr : "", fn.len);
	if ((rc = emit_open(&st->sub, fn, false, emit, ctx)) < 0)
		return rc;
	st->nrun++;
	if (st->rec_status == SW_STATUS_SUCCESS)
		return emit_close(SW_STATUS_SUCCESS, NULL, 0, emit, ctx);
	st->nfail++;
	return emit_close(SW_STATUS_FAIL, (const char *)st->rec_msg.data,
	    st->rec_msg.len, emit, ctx);
}

/* ---- non-ASCII suite names ------------------------------------------ */

/*
 * Remember a suite name stdout printed if it has bytes >= 0x80 (Check's
 * XML drops them, CK_RUN_SUITE needs them).
 */
static int
note_name(struct check *st, const char *p, size_t n)
{
	static const char nul = 0;
	struct sw_str s = pat_trim(p, n);
	bool high = false;

	for (size_t i = 0; i < s.len; i++)
		high |= (unsigned char)s.ptr[i] >= 0x80;
	if (!high || memchr(s.ptr, 0, s.len))
		return 0;
	if (sw_buf_append(&st->names, s.ptr, s.len) < 0 ||
	    sw_buf_append(&st->names, &nul, 1) < 0)
		return -ENOMEM;
	return 0;
}

/* The XML title in st->suite: the stdout name it came from, if known. */
static int
resolve_title(struct check *st)
{
	const char *p = (const char *)st->names.data;
	size_t off = 0;

	while (off < st->names.len) {
		size_t n = strlen(p + off), k = 0, i;

		for (i = 0; i < n && k <= st->suite.len; i++) {
			unsigned char c = (unsigned char)p[off + i];

			if (c >= 0x80)
				continue;
			if (k == st->suite.len || st->suite.data[k] != c)
				break;
			k++;
		}
		if (i == n && k == st->suite.len)
			return buf_set(&st->suite, p + off, n);
		off += n + 1;
	}
	return 0;
}

/* ---- fd 3 ----------------------------------------------------------- */

/* If p[0..n) is "<tag>TEXT</tag>", TEXT unescaped into b: 1; else 0. */
static int
element(const char *p, size_t n, const char *tag, struct sw_buf *b)
{
	char open[32], close[32];
	size_t ko, kc;

	ko = (size_t)snprintf(open, sizeof open, "<%s>", tag);
	kc = (size_t)snprintf(close, sizeof close, "</%s>", tag);
	if (n < ko + kc || !has_prefix(p, n, open) || !has_suffix(p, n, close))
		return 0;
	return unescape(b, p + ko, n - ko - kc) < 0 ? -ENOMEM : 1;
}

static int
xml_line(struct check *st, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	size_t n = text_len(l);
	const char *p = l->text;
	int rc;

	st->xml_lines++;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	if (st->in_test) {
		if (n == 7 && memcmp(p, "</test>", 7) == 0) {
			st->in_test = false;
			return result(st, emit, ctx);
		}
		if ((rc = element(p, n, "id", &st->rec_fn)) != 0 ||
		    (rc = element(p, n, "description", &st->rec_tcase)) != 0 ||
		    (rc = element(p, n, "message", &st->rec_msg)) != 0)
			return rc < 0 ? rc : 0;
		if (has_prefix(p, n, "<path>") || has_prefix(p, n, "<fn>") ||
		    has_prefix(p, n, "<iteration>") ||
		    has_prefix(p, n, "<duration>"))
			return 0;
	} else {
		if (has_prefix(p, n, "<test result=\"")) {
			st->in_test = true;
			st->rec_fn.len = st->rec_tcase.len = st->rec_msg.len = 0;
			st->rec_status = has_prefix(p, n,
			    "<test result=\"success\"") ? SW_STATUS_SUCCESS :
			    SW_STATUS_FAIL;
			return 0;
		}
		if ((rc = element(p, n, "title", &st->suite)) != 0)
			return rc < 0 ? rc : resolve_title(st);
		if (n == 8 && memcmp(p, "</suite>", 8) == 0)
			return close_runnable(st, NULL, emit, ctx);
		if (has_prefix(p, n, "<testsuites")) {
			st->xml_starts++;
			return 0;
		}
		if (n == 13 && memcmp(p, "</testsuites>", 13) == 0) {
			st->xml_ends++;
			return 0;
		}
		if (has_prefix(p, n, "<?xml") || (n == 7 &&
		    memcmp(p, "<suite>", 7) == 0) ||
		    has_prefix(p, n, "<datetime>") ||
		    has_prefix(p, n, "<duration>"))
			return 0;
	}
	return emit_bytes(PAT_FD_STDOUT, 0, l->text, l->len, emit, ctx);
}

/* ---- stdout --------------------------------------------------------- */

/* "NN%: Checks: " at p. */
static bool
summary_at(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(p[i]))
		i++;
	return i > 0 && has_prefix(p + i, n - i, "%: Checks: ");
}

/*
 * A per-failure line "FILE:LINE:R:TCASE:FN:ITER: MSG": 1 with its parts,
 * else 0.  FILE is taken up to the first ":LINE:R:"; FN is the first C
 * identifier between ':'s followed by ":ITER:" and a blank or the end.
 */
struct end_line {
	char r;
	const char *tcase, *fn, *msg;
	size_t ntcase, nfn, nmsg;
};

static bool
parse_end_line(const char *p, size_t n, struct end_line *e)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (p[i] != ':')
			continue;
		for (j = i + 1; j < n && is_digit(p[j]); j++)
			;
		if (j > i + 1 && j + 2 < n && p[j] == ':' &&
		    strchr("PFES", p[j + 1]) && p[j + 2] == ':')
			break;
	}
	if (i >= n)
		return false;
	e->r = p[j + 1];
	p += j + 3;
	n -= j + 3;
	for (i = 0; i < n; i++) {
		if (p[i] != ':' || i + 1 >= n || !is_ident(p[i + 1], true))
			continue;
		for (j = i + 1; j < n && is_ident(p[j], false); j++)
			;
		if (j >= n || p[j] != ':')
			continue;
		for (k = j + 1; k < n && is_digit(p[k]); k++)
			;
		if (k == j + 1 || k >= n || p[k] != ':' ||
		    (k + 1 < n && p[k + 1] != ' '))
			continue;
		e->tcase = p;
		e->ntcase = i;
		e->fn = p + i + 1;
		e->nfn = j - i - 1;
		e->msg = p + k + 1;
		e->nmsg = n - k - 1;
		return true;
	}
	return false;
}

/* Move the cursor to the next runnable test of tcase t (if any). */
static void
follow_end_line(struct check *st, const char *t, size_t nt)
{
	const char *p = (const char *)st->opened.data;
	size_t off = st->cursor == SIZE_MAX ? 0 : st->cursor;

	while (off < st->opened.len) {
		size_t ns = strlen(p + off), ntc = strlen(p + off + ns + 1);

		if (ntc == nt && memcmp(p + off + ns + 1, t, nt) == 0) {
			st->cursor = off;
			return;
		}
		off += ns + 1 + ntc + 1;
	}
}

/*
 * An unchecked set-up failure: its tcase and subtest (now, or when no
 * runnable test is open, with the line held back until then).
 */
static int
setup_failed(struct check *st, const struct pat_line *l,
    const struct end_line *e, pat_emit_fn emit, void *ctx)
{
	const char *suite = "";
	struct sw_str msg = pat_trim(e->msg, e->nmsg), tcase;
	static const char nul = 0;

	if (st->cursor != SIZE_MAX)
		suite = (const char *)st->opened.data + st->cursor;
	else if (st->opened.len > 0)
		suite = (const char *)st->opened.data;
	else if (st->suite.len > 0) {
		if (sw_buf_append(&st->suite, &nul, 1) < 0)
			return -ENOMEM;
		st->suite.len--;
		suite = (const char *)st->suite.data;
	} else if (st->first.len > 0)
		suite = (const char *)st->first.data;
	if (buf_set(&st->scratch, suite, strlen(suite)) < 0 ||
	    sw_buf_append(&st->scratch, "/", 1) < 0 ||
	    sw_buf_append(&st->scratch, e->tcase, e->ntcase) < 0)
		return -ENOMEM;
	tcase.ptr = (const char *)st->scratch.data;
	tcase.len = st->scratch.len;
	if (!st->open)
		return report_setup(st, tcase, msg, l->text, l->len, emit,
		    ctx);
	if (pending_put(st, tcase.ptr, tcase.len) < 0 ||
	    pending_put(st, msg.ptr, msg.len) < 0 ||
	    pending_put(st, l->text, l->len) < 0)
		return -ENOMEM;
	return 0;
}

/* Remember Check's summary line, trimmed, as a C string. */
static int
keep_summary(struct check *st, const char *p, size_t n)
{
	struct sw_str s = pat_trim(p, n);
	static const char nul = 0;

	if (buf_set(&st->summary, s.ptr, strnlen(s.ptr, s.len)) < 0 ||
	    sw_buf_append(&st->summary, &nul, 1) < 0)
		return -ENOMEM;
	return 0;
}

static int
stdout_line(struct check *st, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	static const char running[] = "Running suite(s):";
	const char *p = l->text;
	size_t n = text_len(l);
	struct end_line e;

	if (has_prefix(p, n, running)) {
		const char *rest = p + sizeof running - 1;
		size_t nrest = n - (sizeof running - 1);

		st->stdout_starts++;
		if (summary_at(rest, nrest)) {
			st->summaries++;
			if (keep_summary(st, rest, nrest) < 0)
				return -ENOMEM;
		} else {
			struct sw_str s = pat_trim(rest, nrest);
			static const char nul = 0;

			if (note_name(st, rest, nrest) < 0 ||
			    (st->first.len == 0 &&
			    (buf_set(&st->first, s.ptr, s.len) < 0 ||
			    sw_buf_append(&st->first, &nul, 1) < 0)))
				return -ENOMEM;
		}
		return emit_bytes(l->fd, 0, l->text, l->len, emit, ctx);
	}
	if (n > 1 && p[0] == ' ' && p[1] != ' ' && st->summaries <
	    st->stdout_starts && note_name(st, p, n) < 0)
		return -ENOMEM;
	if (summary_at(p, n)) {
		st->summaries++;
		if (keep_summary(st, p, n) < 0)
			return -ENOMEM;
		return emit_bytes(l->fd, 0, l->text, l->len, emit, ctx);
	}
	if (st->summaries > 0 && parse_end_line(p, n, &e)) {
		if (e.r == 'S' && e.nfn == 15 &&
		    memcmp(e.fn, "unchecked_setup", 15) == 0)
			return setup_failed(st, l, &e, emit, ctx);
		follow_end_line(st, e.tcase, e.ntcase);
		return emit_bytes(l->fd, 0, l->text, l->len, emit, ctx);
	}
	return emit_bytes(l->fd, PAT_INNERMOST, l->text, l->len, emit, ctx);
}

static int
check_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct check *st = state;

	if (l->fd == PAT_FD_RESULTS)
		return xml_line(st, l, emit, ctx);
	if (l->fd == PAT_FD_STDOUT)
		return stdout_line(st, l, emit, ctx);
	return emit_bytes(l->fd, PAT_INNERMOST, l->text, l->len, emit, ctx);
}

/* ---- the end -------------------------------------------------------- */

static int
check_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t cap)
{
	struct check *st = state;
	unsigned long starts = st->xml_starts > st->stdout_starts ?
	    st->xml_starts : st->stdout_starts;
	bool ended = starts > 0 &&
	    (st->xml_ends >= starts || st->summaries >= starts);
	char how[CK_REASON_MAX];
	int rc;

	pat_exit_describe(ex, how, sizeof how);
	if (cap > 0)
		reason[0] = 0;
	if ((rc = close_runnable(st, how, emit, ctx)) < 0 ||
	    (rc = flush_setups(st, emit, ctx)) < 0)
		return rc;
	*status = SW_STATUS_FAIL;
	if (!ended)
		snprintf(reason, cap, "the program ended before Check's "
		    "summary: %s", how);
	else if (st->xml_lines == 0)
		/*
		 * Check ran, its stdout says so, but its XML log never
		 * came: the program set its own (srunner_set_xml).  Its
		 * tests cannot be reported, so the run must not look green.
		 */
		snprintf(reason, cap, "Check's results did not reach "
		    "subunit-wrap (does the program set its own XML log with "
		    "srunner_set_xml?), so its tests cannot be reported; "
		    "Check said \"%s\"; %s", (const char *)st->summary.data,
		    how);
	else if (ex->signaled || ex->timed_out || ex->interrupted)
		snprintf(reason, cap, "%s after Check's summary", how);
	else
		*status = SW_STATUS_SUCCESS;
	return 0;
}

/* ---- selection ------------------------------------------------------ */

static int
check_select(const struct sw_str *ids, size_t n, const struct sw_str *listed,
    size_t nlisted, struct pat_cmd *cmd)
{
	const char *p, *slash;
	size_t len;
	char *suite, *tcase;
	int rc;

	(void)listed;           /* a tcase runs alone: nothing else to skip */
	(void)nlisted;
	if (n == 0)
		return pat_cmd_env(cmd, "CK_RUN_SUITE", "");
	if (n > 1)
		return -E2BIG;
	p = ids[0].ptr;
	len = ids[0].len;
	/* Drop a " #N" repeat suffix. */
	{
		size_t i = len;

		while (i > 0 && is_digit(p[i - 1]))
			i--;
		if (i < len && i >= 2 && p[i - 1] == '#' && p[i - 2] == ' ')
			len = i - 2;
	}
	slash = memrchr(p, '/', len);
	if (slash == NULL)
		return -EINVAL;
	suite = strndup(p, (size_t)(slash - p));
	tcase = strndup(slash + 1, len - (size_t)(slash - p) - 1);
	if (suite == NULL || tcase == NULL)
		rc = -ENOMEM;
	else if (*suite == 0)
		rc = pat_cmd_env(cmd, "CK_RUN_CASE", tcase);
	else if ((rc = pat_cmd_env(cmd, "CK_RUN_SUITE", suite)) == 0)
		rc = pat_cmd_env(cmd, "CK_RUN_CASE", tcase);
	free(suite);
	free(tcase);
	return rc;
}

/* ---- life cycle ----------------------------------------------------- */

static int
check_create(const char *options, void **state, char *err, size_t err_cap)
{
	struct check *st;

	(void)options;
	(void)err;
	(void)err_cap;
	st = calloc(1, sizeof *st);
	if (st == NULL)
		return -ENOMEM;
	st->cursor = SIZE_MAX;
	*state = st;
	return 0;
}

static void
check_destroy(void *state)
{
	struct check *st = state;

	if (st == NULL)
		return;
	sw_buf_free(&st->rec_fn);
	sw_buf_free(&st->rec_tcase);
	sw_buf_free(&st->rec_msg);
	sw_buf_free(&st->suite);
	sw_buf_free(&st->first);
	sw_buf_free(&st->summary);
	sw_buf_free(&st->names);
	sw_buf_free(&st->open_suite);
	sw_buf_free(&st->open_tcase);
	sw_buf_free(&st->opened);
	sw_buf_free(&st->pending);
	sw_buf_free(&st->why);
	sw_buf_free(&st->scratch);
	pat_names_free(&st->top);
	pat_names_free(&st->sub);
	free(st);
}

static const char *const check_env_unset[] = {
	"CK_RUN_SUITE",
	"CK_RUN_CASE",
	"CK_INCLUDE_TAGS",
	"CK_EXCLUDE_TAGS",
	"CK_TAP_LOG_FILE_NAME",
	"CK_LOG_FILE_NAME",
	NULL,
};

static const char *const check_env_set[] = {
	"CK_VERBOSITY=normal",
	NULL,
};

/* Listing runs in fork mode: a crashing test cannot stop the listing. */
static const char *const check_list_env[] = { "CK_FORK=yes", NULL };

const struct pat_ops pat_check_ops = {
	.name = "check",
	.whole_program = false,
	.select = check_select,
	.select_max = 1,
	.list_by_running = true,
	.list_env = check_list_env,
	.isolate_env = "CK_FORK=no",
	.result_fifo_env = "CK_XML_LOG_FILE_NAME",
	.env_unset = check_env_unset,
	.env_set = check_env_set,
	.create = check_create,
	.line = check_line,
	.finish = check_finish,
	.destroy = check_destroy,
};

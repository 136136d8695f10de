/*
 * pat_user: user pattern files (the format and every decision are in
 * pat_user.h).
 *
 * Workload: a file of a handful of rules (at most 64), written by hand,
 * compiled once per program run; then every output line is tried against
 * the rules in order, so a line costs up to one regexec per rule and no
 * copy.  Names of open subtests are copied (a few, at most 32 deep, each
 * below PAT_LINE_MAX), and composed reasons go to one buffer kept for the
 * instance, so memory stays bounded whatever the program prints.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pat_exit.h"
#include "pat_names.h"
#include "pat_user.h"

#define NGROUPS 10               /* groups 0..9 */
#define WORD_MAX 32              /* bytes of a file's word in a message */

enum rule_kind {
	RULE_START,
	RULE_END,                /* pass, fail, error, skip, xfail, xpass */
	RULE_RESULT,
	RULE_IGNORE,
};

struct rule {
	regex_t re;
	enum rule_kind kind;
	enum sw_status status;   /* RULE_END */
	const char *word;        /* RULE_END: reason ("ERROR") or NULL */
	int name;                /* groups 0..9; -1 until set */
	int status_grp;
	int reason;
};

struct open_test {
	char *name;
	size_t len;
};

struct pat_user {
	struct rule rules[PAT_USER_RULES_MAX];
	unsigned nrules;
	size_t items;            /* regcomp items of the rules so far */
	struct open_test open[PAT_USER_DEPTH_MAX];
	unsigned depth;          /* open subtests, innermost last */
	/* names[d]: labels of the children of the test at depth d */
	struct pat_names names[PAT_USER_DEPTH_MAX + 1];
	unsigned long ntotal;    /* subtests closed */
	unsigned long nfailed;   /* ... with fail or uxsuccess */
	char *buf;               /* a composed reason */
	size_t cap;
};

static const struct {
	const char *word;
	enum rule_kind kind;
	enum sw_status status;
	const char *reason;
} user_keywords[] = {
	{ "start", RULE_START, SW_STATUS_NONE, NULL },
	{ "pass", RULE_END, SW_STATUS_SUCCESS, NULL },
	{ "fail", RULE_END, SW_STATUS_FAIL, NULL },
	{ "error", RULE_END, SW_STATUS_FAIL, "ERROR" },
	{ "skip", RULE_END, SW_STATUS_SKIP, NULL },
	{ "xfail", RULE_END, SW_STATUS_XFAIL, NULL },
	{ "xpass", RULE_END, SW_STATUS_UXSUCCESS, NULL },
	{ "uxsuccess", RULE_END, SW_STATUS_UXSUCCESS, NULL },
	{ "result", RULE_RESULT, SW_STATUS_NONE, NULL },
	{ "ignore", RULE_IGNORE, SW_STATUS_NONE, NULL },
};

static const struct {
	const char *word;
	enum sw_status status;
	bool is_reason;          /* the word is also the reason */
} user_words[] = {
	{ "PASS", SW_STATUS_SUCCESS, false },
	{ "PASSED", SW_STATUS_SUCCESS, false },
	{ "OK", SW_STATUS_SUCCESS, false },
	{ "SUCCESS", SW_STATUS_SUCCESS, false },
	{ "FAIL", SW_STATUS_FAIL, false },
	{ "FAILED", SW_STATUS_FAIL, false },
	{ "FAILURE", SW_STATUS_FAIL, false },
	{ "ERROR", SW_STATUS_FAIL, true },
	{ "SKIP", SW_STATUS_SKIP, false },
	{ "SKIPPED", SW_STATUS_SKIP, false },
	{ "XFAIL", SW_STATUS_XFAIL, false },
	{ "XPASS", SW_STATUS_UXSUCCESS, false },
	{ "UXSUCCESS", SW_STATUS_UXSUCCESS, false },
};

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

static void destroy(struct pat_user *st);

/* ---- the pattern file ---- */

/* What the parser of one file line needs. */
struct parse {
	struct pat_user *st;
	unsigned lineno;
	const char *keyword;     /* as in the table */
	char *err;
	size_t err_cap;
};

__attribute__((format(printf, 2, 3)))
static int
parse_error(struct parse *ps, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (ps->err == NULL || ps->err_cap == 0)
		return -EINVAL;
	if (ps->lineno)
		n = snprintf(ps->err, ps->err_cap, "line %u: ", ps->lineno);
	if (n >= 0 && (size_t)n < ps->err_cap) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->err_cap - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* A word of the file as a message shows it: printable, at most 32. */
static const char *
shown(const char *p, size_t n, char out[WORD_MAX + 1])
{
	size_t i;

	for (i = 0; i < n && i < WORD_MAX; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7F ? p[i] : '?';
	out[i] = 0;
	return out;
}

static size_t
token_len(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	return n;
}

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* name=N, status=N, reason=N; returns the field or NULL if not one. */
static int *
option_field(struct rule *r, const char *p, size_t n, size_t *klen)
{
	static const char *const keys[] = { "name=", "status=", "reason=" };
	int *fields[] = { &r->name, &r->status_grp, &r->reason };

	for (size_t i = 0; i < NITEMS(keys); i++) {
		*klen = strlen(keys[i]);
		if (n >= *klen && memcmp(p, keys[i], *klen) == 0)
			return fields[i];
	}
	return NULL;
}

/*
 * Read the options at *pp into r and *cflags, leaving *pp at the regex.
 */
static int
parse_options(struct parse *ps, const char **pp, struct rule *r,
    int *cflags)
{
	char w[WORD_MAX + 1];
	const char *p = *pp;
	size_t n, klen;
	int *field;

	for (;; p = skip_blanks(p + n)) {
		n = token_len(p);
		if (n == 5 && memcmp(p, "icase", 5) == 0) {
			*cflags |= REG_ICASE;
			continue;
		}
		if ((field = option_field(r, p, n, &klen)) == NULL)
			break;
		if (n != klen + 1 || p[klen] < '0' || p[klen] > '9')
			return parse_error(ps, "%s: bad option \"%s\"",
			    ps->keyword, shown(p, n, w));
		*field = p[klen] - '0';
	}
	*pp = p;
	return 0;
}

/* Options that make no sense for the rule's keyword. */
static int
check_options(struct parse *ps, const struct rule *r)
{
	const char *bad = NULL;

	if (r->status_grp >= 0 && r->kind != RULE_RESULT)
		bad = "status=";
	else if (r->reason >= 0 && (r->kind == RULE_START ||
	    r->kind == RULE_IGNORE))
		bad = "reason=";
	else if (r->name >= 0 && r->kind == RULE_IGNORE)
		bad = "name=";
	else if (r->name == 0 && r->kind == RULE_START)
		return parse_error(ps, "start: needs a name (name=0)");
	if (bad)
		return parse_error(ps, "%s: no %s option here", ps->keyword,
		    bad);
	return 0;
}

/* Fill in default groups and check them against the regex. */
static int
check_groups(struct parse *ps, struct rule *r)
{
	int nsub = (int)r->re.re_nsub;
	int *groups[] = { &r->name, &r->status_grp, &r->reason };

	if (r->kind == RULE_RESULT && r->status_grp < 0)
		r->status_grp = 1;
	if (r->name < 0 && r->kind == RULE_RESULT)
		r->name = 2;
	else if (r->name < 0 && r->kind == RULE_END)
		r->name = nsub > 0 ? 1 : 0;
	else if (r->name < 0 && r->kind == RULE_START)
		r->name = 1;
	for (size_t i = 0; i < NITEMS(groups); i++)
		if (*groups[i] > nsub)
			return parse_error(ps, "%s: no capture group %d (the "
			    "expression has %d)", ps->keyword, *groups[i],
			    nsub);
	return 0;
}

/* a * b + c, saturated above PAT_USER_ITEMS_MAX. */
static size_t
sat(size_t a, size_t b, size_t c)
{
	const size_t top = PAT_USER_ITEMS_MAX + 1;

	if (a >= top || b >= top || c >= top || a * b + c >= top)
		return top;
	return a * b + c;
}

/*
 * "{m}", "{m,}", "{m,n}", "{,n}" at p: how many copies of its operand
 * regcomp makes (n, or m + 1 for no n), its least count in *min and its
 * length in *len; 0 if p is no interval (glibc takes the '{' literally
 * then, or fails).
 */
static size_t
interval(const char *p, size_t *min, size_t *len)
{
	size_t i = 1, m = 0, n = 0;
	bool comma = false, have_n = false;

	for (; p[i] >= '0' && p[i] <= '9'; i++)
		m = sat(m, 10, (size_t)(p[i] - '0'));
	if (p[i] == ',') {
		comma = true;
		for (i++; p[i] >= '0' && p[i] <= '9'; i++) {
			n = sat(n, 10, (size_t)(p[i] - '0'));
			have_n = true;
		}
	}
	if (p[i] != '}' || (i == 1))
		return 0;
	*len = i + 1;
	*min = m;
	if (!comma)
		return m > 0 ? m : 1;
	return have_n ? (n > 0 ? n : 1) : sat(m, 1, 1);
}

/* The length of the bracket expression at p ('['), or of the rest. */
static size_t
bracket(const char *p)
{
	size_t i = 1;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] && p[i] != ']'; i++) {
		if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '=' ||
		    p[i + 1] == '.')) {
			char end = p[i + 1];

			for (i += 2; p[i] && !(p[i] == end && p[i + 1] == ']');
			    i++)
				;
			if (p[i] == 0)
				return i;
			i++;
		}
	}
	return p[i] ? i + 1 : i;
}

/* An atom that can match the empty string: an anchor, a backreference. */
static bool
empty_atom(const char *p)
{
	if (*p == '^' || *p == '$')
		return true;
	return *p == '\\' && p[1] != 0 && strchr("bB<>`'123456789", p[1]);
}

/*
 * One open group of an expression: its items so far and its last
 * operand, which a repetition multiplies; whether the operands before the
 * last all can match the empty string (cat), the last can (last_empty),
 * an earlier alternative can (alt).
 */
struct group {
	size_t total, last;
	bool cat, last_empty, alt;
};

static void
group_open(struct group *g)
{
	g->total = g->last = 0;
	g->cat = g->last_empty = true;
	g->alt = false;
}

/* A new last operand of n items. */
static void
group_add(struct group *g, size_t n, bool empty)
{
	g->total = sat(g->total, 1, g->last);
	g->cat = g->cat && g->last_empty;
	g->last = n;
	g->last_empty = empty;
}

/* Can the group, as read so far, match the empty string? */
static bool
group_empty(const struct group *g)
{
	return g->alt || (g->cat && g->last_empty);
}

/*
 * Check an extended regular expression against what glibc's regcomp
 * copes with (pat_user.h, "Items"): its items in *items, and whether a
 * copying repetition ('+' or an interval) applies to an operand that can
 * match the empty string, in *empty_rep.  0 or -ENOMEM.
 */
static int
measure(const char *p, size_t *items, bool *empty_rep)
{
	struct group *st;
	size_t d = 0, k, min, mult;

	*empty_rep = false;
	if ((st = calloc(strlen(p) + 1, sizeof *st)) == NULL)
		return -ENOMEM;
	group_open(&st[0]);
	while (*p) {
		mult = 0;
		min = 1;
		k = 1;
		if (*p == '(') {
			group_open(&st[++d]);
		} else if (*p == ')' && d > 0) {
			d--;
			group_add(&st[d], sat(st[d + 1].total, 1,
			    sat(st[d + 1].last, 1, 1)), group_empty(&st[d + 1]));
		} else if (*p == '|') {
			st[d].alt = group_empty(&st[d]);
			st[d].total = sat(st[d].total, 1, sat(st[d].last, 1, 1));
			st[d].last = 0;
			st[d].cat = st[d].last_empty = true;
		} else if (*p == '*' || *p == '?') {
			mult = 1;
			min = 0;
		} else if (*p == '+') {
			mult = 2;
		} else if (*p != '{' || (mult = interval(p, &min, &k)) == 0) {
			if (*p == '[')
				k = bracket(p);
			else if (*p == '\\' && p[1] != 0)
				k = 2;
			group_add(&st[d], 1, empty_atom(p));
		}
		if (mult > 1 && st[d].last > 0 && st[d].last_empty)
			*empty_rep = true;
		if (mult > 0) {
			st[d].last = sat(st[d].last, mult, 1);
			st[d].last_empty = st[d].last_empty || min == 0;
		}
		p += k;
	}
	for (; d > 0; d--)
		st[d - 1].total = sat(st[d - 1].total, 1,
		    sat(st[d].total, 1, st[d].last));
	*items = sat(st[0].total, 1, st[0].last);
	free(st);
	return 0;
}

static int
compile(struct parse *ps, struct rule *r, const char *regex, int cflags)
{
	char msg[256];
	bool empty_rep;
	size_t n;
	int rc;

	if (*regex == 0)
		return parse_error(ps, "%s: no regular expression",
		    ps->keyword);
	if (measure(regex, &n, &empty_rep) < 0)
		return -ENOMEM;
	if (empty_rep)
		return parse_error(ps, "%s: regular expression repeats with '+' "
		    "or {} what can match nothing (write * or ?)",
		    ps->keyword);
	ps->st->items = sat(ps->st->items, 1, n);
	if (ps->st->items > PAT_USER_ITEMS_MAX)
		return parse_error(ps, "%s: regular expression too large "
		    "(the file's expressions make more than %d items)",
		    ps->keyword, PAT_USER_ITEMS_MAX);
	if ((rc = regcomp(&r->re, regex, cflags)) != 0) {
		regerror(rc, &r->re, msg, sizeof msg);
		return rc == REG_ESPACE ? -ENOMEM : parse_error(ps,
		    "%s: bad regular expression: %s", ps->keyword, msg);
	}
	return 0;
}

/* A rule from the NUL-terminated line p (blanks trimmed, not a comment). */
static int
parse_rule(struct parse *ps, const char *p)
{
	struct rule r = { .name = -1, .status_grp = -1, .reason = -1 };
	char w[WORD_MAX + 1];
	size_t n = token_len(p), k;
	int cflags = REG_EXTENDED, rc;

	for (k = 0; k < NITEMS(user_keywords); k++)
		if (strlen(user_keywords[k].word) == n &&
		    memcmp(user_keywords[k].word, p, n) == 0)
			break;
	if (k == NITEMS(user_keywords))
		return parse_error(ps, "unknown keyword \"%s\"", shown(p, n, w));
	if (ps->st->nrules == PAT_USER_RULES_MAX)
		return parse_error(ps, "more than %d rules",
		    PAT_USER_RULES_MAX);
	ps->keyword = user_keywords[k].word;
	r.kind = user_keywords[k].kind;
	r.status = user_keywords[k].status;
	r.word = user_keywords[k].reason;
	p = skip_blanks(p + n);
	if ((rc = parse_options(ps, &p, &r, &cflags)) < 0 ||
	    (rc = check_options(ps, &r)) < 0 ||
	    (rc = compile(ps, &r, p, cflags)) < 0)
		return rc;
	if ((rc = check_groups(ps, &r)) < 0) {
		regfree(&r.re);
		return rc;
	}
	ps->st->rules[ps->st->nrules++] = r;
	return 0;
}

/* One line of the file, n bytes at p without its newline. */
static int
parse_line(struct parse *ps, const char *p, size_t n)
{
	char line[PAT_USER_LINE_MAX + 1];
	const char *s;

	if (n > PAT_USER_LINE_MAX)
		return parse_error(ps, "longer than %d bytes",
		    PAT_USER_LINE_MAX);
	memcpy(line, p, n);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r'))
		n--;
	line[n] = 0;
	s = skip_blanks(line);
	if (*s == 0 || *s == '#')
		return 0;
	return parse_rule(ps, s);
}

static int
parse_file(struct pat_user *st, const char *text, char *err, size_t cap)
{
	struct parse ps = { st, 0, NULL, err, cap };
	const char *p = text ? text : "";
	int rc;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		ps.lineno++;
		if ((rc = parse_line(&ps, p, n)) < 0)
			return rc;
		p += n + (nl != NULL);
	}
	ps.lineno = 0;
	if (st->nrules == 0)
		return parse_error(&ps, "no rules");
	return 0;
}

/* ---- classifying lines ---- */

/* What a matched line does. */
struct action {
	enum { ACT_CHATTER, ACT_OPEN, ACT_CLOSE } what;
	struct sw_str name;      /* ACT_CLOSE: ptr NULL means innermost */
	enum sw_status status;
	struct sw_str word;      /* "ERROR", an unknown status word, or NULL */
	struct sw_str reason;    /* the reason group, or NULL */
};

static struct sw_str
group(const char *base, const regmatch_t *m, int g)
{
	struct sw_str s = { NULL, 0 };
	const char *p;
	size_t n;

	if (g <= 0 || m[g].rm_so < 0)
		return s;
	p = base + m[g].rm_so;
	n = (size_t)(m[g].rm_eo - m[g].rm_so);
	return pat_trim(p, n);
}

/* The first rule matching base[0..n), or -1; its groups in m. */
static int
match(const struct pat_user *st, const char *base, size_t n,
    regmatch_t m[NGROUPS])
{
	for (unsigned i = 0; i < st->nrules; i++) {
		m[0].rm_so = 0;
		m[0].rm_eo = (regoff_t)n;
		if (regexec(&st->rules[i].re, base, NGROUPS, m,
		    REG_STARTEND) == 0)
			return (int)i;
	}
	return -1;
}

static void
status_word(struct action *a, struct sw_str w)
{
	a->status = SW_STATUS_FAIL;
	a->word = w;
	for (size_t i = 0; i < NITEMS(user_words); i++) {
		if (strlen(user_words[i].word) != w.len ||
		    strncasecmp(user_words[i].word, w.ptr, w.len) != 0)
			continue;
		a->status = user_words[i].status;
		if (!user_words[i].is_reason)
			a->word.ptr = NULL;
		else
			a->word = sw_str_c(user_words[i].word);
		return;
	}
}

/* Decide what a line that matched rule r does (ACT_CHATTER: nothing). */
static void
decide(const struct pat_user *st, const struct rule *r, const char *base,
    const regmatch_t *m, struct action *a)
{
	struct sw_str w;

	memset(a, 0, sizeof *a);
	a->what = ACT_CHATTER;
	if (r->kind == RULE_IGNORE)
		return;
	a->name = group(base, m, r->name);
	if (r->name > 0 && a->name.len == 0)
		return;
	if (r->kind == RULE_START) {
		if (st->depth < PAT_USER_DEPTH_MAX)
			a->what = ACT_OPEN;
		return;
	}
	if (r->name == 0 && st->depth == 0)
		return;
	a->status = r->status;
	a->word = sw_str_c(r->word);
	if (r->kind == RULE_RESULT) {
		w = group(base, m, r->status_grp);
		if (w.len == 0)
			return;
		status_word(a, w);
	}
	a->reason = group(base, m, r->reason);
	if (a->reason.len == 0)
		a->reason.ptr = NULL;
	a->what = ACT_CLOSE;
}

static int
emit_bytes(int fd, const char *p, size_t n, pat_emit_fn emit, void *ctx)
{
	return pat_emit_bytes(emit, ctx, fd, PAT_INNERMOST, p, n);
}

/* "WORD: reason", "WORD", "reason" or none, in st->buf if composed. */
static int
compose(struct pat_user *st, struct sw_str word, struct sw_str reason,
    struct sw_str *out)
{
	size_t need;
	char *nbuf;

	*out = word.ptr ? word : reason;
	if (word.ptr == NULL || reason.ptr == NULL)
		return 0;
	need = word.len + 2 + reason.len;
	if (need > st->cap) {
		if ((nbuf = realloc(st->buf, need)) == NULL)
			return -ENOMEM;
		st->buf = nbuf;
		st->cap = need;
	}
	memcpy(st->buf, word.ptr, word.len);
	memcpy(st->buf + word.len, ": ", 2);
	memcpy(st->buf + word.len + 2, reason.ptr, reason.len);
	out->ptr = st->buf;
	out->len = need;
	return 0;
}

static int
emit_close(struct pat_user *st, enum sw_status status, struct sw_str reason,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_CLOSE };

	st->ntotal++;
	if (status == SW_STATUS_FAIL || status == SW_STATUS_UXSUCCESS)
		st->nfailed++;
	ev.status = status;
	ev.reason = reason;
	return emit(ctx, &ev);
}

/* Close the innermost open subtest. */
static int
close_top(struct pat_user *st, enum sw_status status, struct sw_str reason,
    pat_emit_fn emit, void *ctx)
{
	struct open_test *t = &st->open[--st->depth];

	free(t->name);
	t->name = NULL;
	pat_names_free(&st->names[st->depth + 1]);
	return emit_close(st, status, reason, emit, ctx);
}

static int
open_subtest(struct pat_user *st, struct sw_str name, bool keep,
    pat_emit_fn emit, void *ctx)
{
	struct pat_event ev = { .kind = PAT_OPEN };
	struct open_test *t;
	int rc;

	/* The label is unique among its siblings; matching uses the name. */
	if ((rc = pat_names_unique(&st->names[st->depth], name,
	    &ev.label)) < 0)
		return rc;
	if (keep) {
		t = &st->open[st->depth];
		if ((t->name = malloc(name.len ? name.len : 1)) == NULL)
			return -ENOMEM;
		memcpy(t->name, name.ptr, name.len);
		t->len = name.len;
		st->depth++;
	}
	return emit(ctx, &ev);
}

/* The open subtest named name, innermost first; -1 if none. */
static int
find_open(const struct pat_user *st, struct sw_str name)
{
	for (int i = (int)st->depth - 1; i >= 0; i--)
		if (st->open[i].len == name.len &&
		    memcmp(st->open[i].name, name.ptr, name.len) == 0)
			return i;
	return -1;
}

static int
perform_close(struct pat_user *st, const struct action *a,
    pat_emit_fn emit, void *ctx)
{
	struct sw_str reason;
	int at, rc;

	if ((rc = compose(st, a->word, a->reason, &reason)) < 0)
		return rc;
	at = a->name.ptr ? find_open(st, a->name) : (int)st->depth - 1;
	if (at < 0) {
		if ((rc = open_subtest(st, a->name, false, emit, ctx)) < 0)
			return rc;
		return emit_close(st, a->status, reason, emit, ctx);
	}
	while (st->depth > (unsigned)at + 1)
		if ((rc = close_top(st, SW_STATUS_FAIL,
		    sw_str_c("not finished"), emit, ctx)) < 0)
			return rc;
	return close_top(st, a->status, reason, emit, ctx);
}

static int
perform(struct pat_user *st, const struct action *a, pat_emit_fn emit,
    void *ctx)
{
	if (a->what == ACT_OPEN)
		return open_subtest(st, a->name, true, emit, ctx);
	return perform_close(st, a, emit, ctx);
}

/* Match base[0..n) and decide; false if it is chatter. */
static bool
classify(const struct pat_user *st, const char *base, size_t n,
    struct action *a)
{
	regmatch_t m[NGROUPS];
	int i = match(st, base, n, m);

	if (i < 0)
		return false;
	decide(st, &st->rules[i], base, m, a);
	return a->what != ACT_CHATTER;
}

static int
pat_user_line(void *state, const struct pat_line *l, pat_emit_fn emit,
    void *ctx)
{
	struct pat_user *st = state;
	size_t n = l->len, at = l->soft_start;
	struct action a;
	int rc;

	if (l->flags & PAT_LINE_CUT)
		return emit_bytes(l->fd, l->text, l->len, emit, ctx);
	if (n > 0 && l->text[n - 1] == '\n')
		n--;
	if (n > 0 && l->text[n - 1] == '\r')
		n--;
	/* regexec's time grows with the square of a line: bounded here. */
	if (n > PAT_USER_MATCH_MAX)
		return emit_bytes(l->fd, l->text, l->len, emit, ctx);
	if (classify(st, l->text, n, &a))
		return perform(st, &a, emit, ctx);
	if (at == 0 || at >= n || !classify(st, l->text + at, n - at, &a))
		return emit_bytes(l->fd, l->text, l->len, emit, ctx);
	if ((rc = emit_bytes(l->fd, l->text, at, emit, ctx)) < 0)
		return rc;
	return perform(st, &a, emit, ctx);
}

static int
pat_user_finish(void *state, const struct pat_exit *ex, pat_emit_fn emit,
    void *ctx, enum sw_status *status, char *reason, size_t reason_cap)
{
	struct pat_user *st = state;
	char how[128], why[192];
	int rc;

	pat_exit_describe(ex, how, sizeof how);
	snprintf(why, sizeof why, "still running when the program ended: %s",
	    how);
	while (st->depth > 0)
		if ((rc = close_top(st, SW_STATUS_FAIL, sw_str_c(why), emit,
		    ctx)) < 0)
			return rc;
	pat_exit_verdict(ex, st->nfailed, st->ntotal, status, reason,
	    reason_cap);
	return 0;
}

static int
pat_user_create(const char *options, void **state, char *err,
    size_t err_cap)
{
	struct pat_user *st;
	int rc;

	*state = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL)
		return -ENOMEM;
	if ((rc = parse_file(st, options, err, err_cap)) < 0) {
		destroy(st);
		return rc;
	}
	*state = st;
	return 0;
}

static void
destroy(struct pat_user *st)
{
	if (st == NULL)
		return;
	for (unsigned i = 0; i < st->nrules; i++)
		regfree(&st->rules[i].re);
	for (unsigned i = 0; i < st->depth; i++)
		free(st->open[i].name);
	for (unsigned i = 0; i <= PAT_USER_DEPTH_MAX; i++)
		pat_names_free(&st->names[i]);
	free(st->buf);
	free(st);
}

static void
pat_user_destroy(void *state)
{
	destroy(state);
}

const struct pat_ops pat_user_ops = {
	.name = "user",
	.whole_program = true,
	.env_unset = NULL,
	.env_set = NULL,
	.create = pat_user_create,
	.line = pat_user_line,
	.finish = pat_user_finish,
	.destroy = pat_user_destroy,
};

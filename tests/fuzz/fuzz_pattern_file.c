/*
 * fuzz_pattern_file: libFuzzer target for the user pattern-file parser
 * (patterns/pat_user.h): create() with any text as the file, and, when it
 * is accepted, the rules it made run on output, checked by fuzz_pat.h.
 *
 * Input: the file's text up to the first NUL byte (the wrapper refuses a
 * file holding a NUL, so the plug-in never sees one); after it, one byte,
 * the program's exit status, then the writes (format in fuzz_pat.h).
 *
 * Invariants (abort() on violation), besides fuzz_pat.h's:
 *  - create returns 0 or -EINVAL (-ENOMEM only if memory ran out, which
 *    does not happen here), and pat_new then leaves the message "";
 *  - -EINVAL comes with one line of printable ASCII in err, in a form
 *    pat_user.h lists: "no rules" when no line is a rule (and nothing
 *    else then, unless a line is too long), else "line N: " with N a
 *    line of the file that is not blank or a comment (a too long line
 *    may be anything), then one of the documented messages;
 *  - with a smaller err_cap, the same result and the same message cut
 *    to fit, NUL-terminated (err is allocated to the byte, so ASan sees
 *    a write past it).
 *
 * Workload: inputs of a few KiB (0xFF 0xFE marks add at most 16 KiB);
 * a file is at most 64 rules, so an execution is a few dozen regcomp and
 * a few hundred lines.
 */
#include "fuzz_pat.h"
#include "pat_user.h"

FUZZ_CHECKER_BEGIN

/* The keywords of pat_user.h. */
static const char *const keywords[] = {
	"start", "pass", "fail", "error", "skip", "xfail", "xpass",
	"uxsuccess", "result", "ignore",
};

/* What may follow "KEYWORD: " in a message. */
static const char *const tails[] = {
	"no regular expression", "bad regular expression: ", "bad option \"",
	"no status= option here", "no reason= option here",
	"no name= option here", "needs a name (name=0)", "no capture group ",
	"regular expression too large (",
	"regular expression repeats with '+' or {} what can match nothing",
};

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Line n (1-based) of text: its bytes and length, false past the end. */
static bool
nth_line(const char *text, unsigned n, const char **p, size_t *len)
{
	const char *s = text;

	for (unsigned i = 1; *s; i++) {
		const char *nl = strchr(s, '\n');
		size_t k = nl ? (size_t)(nl - s) : strlen(s);

		if (i == n) {
			*p = s;
			*len = k;
			return true;
		}
		s += k + (nl != NULL);
	}
	return false;
}

/*
 * Blank or a comment: not a rule.  Blanks are spaces and tabs; a CR
 * counts only at the end (trimmed with trailing blanks).
 */
static bool
not_a_rule(const char *p, size_t n)
{
	size_t i = 0;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r'))
		n--;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i == n || p[i] == '#';
}

static bool
has_rule(const char *text, bool *too_long)
{
	const char *p;
	size_t n;
	bool any = false;

	*too_long = false;
	for (unsigned i = 1; nth_line(text, i, &p, &n); i++) {
		if (n > PAT_USER_LINE_MAX)
			*too_long = true;
		if (!not_a_rule(p, n))
			any = true;
	}
	return any;
}

static void
check_message(const char *text, const char *err, size_t cap)
{
	const char *p, *m;
	unsigned long line;
	size_t n, k;
	bool too_long, rules = has_rule(text, &too_long);
	char *end;

	if (strnlen(err, cap) == cap)
		FUZZ_FAIL("the message is not NUL-terminated within %zu bytes",
		    cap);
	if (err[0] == 0)
		FUZZ_FAIL("-EINVAL without a message");
	for (m = err; *m; m++)
		if (*m < 0x20 || *m > 0x7E)
			FUZZ_FAIL("byte %#x in the message \"%s\"",
			    (unsigned)(uint8_t)*m, err);
	if (strcmp(err, "no rules") == 0) {
		if (rules)
			FUZZ_FAIL("\"no rules\" for a file with a rule");
		return;
	}
	if (!rules && !too_long)
		FUZZ_FAIL("\"%s\" for a file without rules", err);
	if (!starts(err, "line "))
		FUZZ_FAIL("message \"%s\" names no line", err);
	line = strtoul(err + 5, &end, 10);
	if (end == err + 5 || !starts(end, ": "))
		FUZZ_FAIL("message \"%s\" names no line", err);
	if (line == 0 || !nth_line(text, (unsigned)line, &p, &n))
		FUZZ_FAIL("message \"%s\": the file has no such line", err);
	m = end + 2;
	if (starts(m, "longer than ")) {
		if (n <= PAT_USER_LINE_MAX)
			FUZZ_FAIL("\"%s\" for a line of %zu bytes", err, n);
		return;
	}
	if (not_a_rule(p, n))
		FUZZ_FAIL("\"%s\" for a blank or comment line", err);
	if (starts(m, "unknown keyword \"") || starts(m, "more than "))
		return;
	for (k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
		size_t kl = strlen(keywords[k]);

		if (strncmp(m, keywords[k], kl) != 0 || !starts(m + kl, ": "))
			continue;
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
			if (starts(m + kl + 2, tails[t]))
				return;
	}
	FUZZ_FAIL("message \"%s\" is none of pat_user.h's", err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fpat c;
	const uint8_t *nul = memchr(data, 0, size), *out = NULL;
	size_t tlen = nul ? (size_t)(nul - data) : size, rest, cap;
	struct pat_exit ex = { .exited = true };
	const struct pat_ops *ops = pat_find("user");
	char *text, *err, *small;
	struct pat *p = NULL;
	void *state = NULL;
	int rc, rc2;

	if ((text = malloc(tlen + 1)) == NULL || (err = malloc(256)) == NULL)
		FUZZ_FAIL("out of memory");
	memcpy(text, data, tlen);
	text[tlen] = 0;
	rest = nul ? size - tlen - 1 : 0;
	if (rest > 0) {
		ex.code = nul[1];
		out = nul + 2;
		rest--;
	}
	fpat_start(&c, ops, false, 0);
	/*
	 * Lines past PAT_USER_MATCH_MAX are not matched; a few of them are
	 * enough, and matching costs up to the square of a line.
	 */
	c.long_budget = 4 * PAT_USER_MATCH_MAX;
	rc = pat_new(&c.wrapped, text, fpat_emit, &c, &p, err, 256);
	if (rc == 0) {
		if (err[0] != 0)
			FUZZ_FAIL("a valid file, and the message \"%s\"", err);
		/* Odd sizes feed the writes in pieces. */
		if (fpat_feed_all(&c, p, out, rest, size & 1 ? size : 0))
			fpat_finish(&c, p, &ex, 128);
		pat_free(p);
	} else if (rc == -EINVAL) {
		check_message(text, err, 256);
		/* A smaller buffer: the same message, cut. */
		cap = 1 + tlen % 40;
		if ((small = malloc(cap)) == NULL)
			FUZZ_FAIL("out of memory");
		memset(small, 'X', cap);
		rc2 = ops->create(text, &state, small, cap);
		if (rc2 != rc)
			FUZZ_FAIL("create = %d with err_cap %zu, %d with 256",
			    rc2, cap, rc);
		if (strnlen(small, cap) == cap ||
		    strncmp(small, err, strlen(small)) != 0 ||
		    strlen(small) != (strlen(err) < cap ? strlen(err) :
		    cap - 1))
			FUZZ_FAIL("with err_cap %zu the message is \"%.*s\", "
			    "not \"%s\" cut", cap, (int)cap, small, err);
		free(small);
	} else {
		FUZZ_FAIL("create = %d (\"%s\")", rc, err);
	}
	free(err);
	free(text);
	return 0;
}

FUZZ_CHECKER_END

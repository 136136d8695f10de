/*
 * view_junit: JUnit XML for subunit-view --junit; the format, the naming
 * rules and the file handling are documented in view_junit.h.
 *
 * Workload assumed: streams of up to millions of tests, nearly all passing
 * with little or no output, written once at the end of a CI job.  So a
 * testcase costs one pass over its attachments straight into a stdio
 * buffer (no copy, no allocation), the scratch file is read back once in
 * 64 KiB blocks, and escaping copies runs of ordinary bytes whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sw_utf8.h"
#include "view_junit.h"

#define JUNIT_SUITE_NAME "subunit"
#define JUNIT_TEMP_NAME "/.subunit-view.XXXXXX"
#define JUNIT_COPY_CHUNK (64 * 1024)

struct junit {
	char *path;                /* the report */
	char *dir;                 /* its directory: temporary files */
	FILE *body;                /* the testcases so far (unlinked) */
	int body_errno;            /* first write error on body, or 0 */
	uint64_t tests;
	uint64_t failures;
	uint64_t errors;
	uint64_t skipped;
	bool has_time;             /* first and last hold timestamps */
	int64_t first_ns;          /* earliest timestamp of any test */
	int64_t last_ns;           /* latest */
};

/* ---- escaping ---- */

/* Where escaped text goes: element text, an attribute, a one-line name. */
enum esc_mode {
	ESC_TEXT,
	ESC_ATTR,
	ESC_LINE,
};

/* A UTF-8 character cut at the end of one piece, kept for the next. */
struct esc_carry {
	uint8_t b[4];
	size_t n;
};

static void
put_hex(FILE *out, uint8_t c)
{
	fprintf(out, "\\x%02x", c);
}

/* An ASCII byte that cannot be copied as is, written escaped for mode. */
static void
put_special(FILE *out, enum esc_mode mode, uint8_t c)
{
	switch (c) {
	case '&':
		fputs("&amp;", out);
		return;
	case '<':
		fputs("&lt;", out);
		return;
	case '>':
		fputs("&gt;", out);
		return;
	case '"':
		fputs("&quot;", out);
		return;
	case '\n':
		fputs(mode == ESC_TEXT ? "\n" : mode == ESC_ATTR ? "&#10;" :
		    "\\n", out);
		return;
	case '\t':
		fputs(mode == ESC_TEXT ? "\t" : mode == ESC_ATTR ? "&#9;" :
		    "\\t", out);
		return;
	case '\r':
		fputs(mode == ESC_LINE ? "\\r" : "&#13;", out);
		return;
	default:
		put_hex(out, c);
	}
}

/* True if an ASCII byte is copied as is in mode. */
static bool
plain_ascii(enum esc_mode mode, uint8_t c)
{
	if (c >= 0x20 && c != 0x7f)
		return c != '&' && c != '<' && c != '>' &&
		    (c != '"' || mode == ESC_TEXT);
	if (c == 0x7f)
		return mode != ESC_LINE;
	return mode == ESC_TEXT && (c == '\n' || c == '\t');
}

/*
 * Length of the character XML allows at p[0..len) (a byte >= 0x80 first),
 * 0 if there is none, or -1 if the text is cut inside one that may go on
 * in the next piece.
 */
static int
utf8_char(const uint8_t *p, size_t len)
{
	int n = sw_utf8_seq_len(p[0]);
	size_t j;

	if (n == 0)
		return 0;
	if ((size_t)n > len) {
		for (j = 1; j < len && (p[j] & 0xc0) == 0x80; j++)
			;
		return j == len ? -1 : 0;
	}
	if (!sw_utf8_valid((const char *)p, (size_t)n))
		return 0;
	/* U+FFFE and U+FFFF are not XML characters. */
	if (n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
		return 0;
	return n;
}

/*
 * Escape p[0..len) to out.  With more, stop before a UTF-8 sequence that
 * is cut by the end of p but may go on in the next piece; returns the
 * bytes taken.
 */
static size_t
esc_run(FILE *out, enum esc_mode mode, const uint8_t *p, size_t len,
    bool more)
{
	size_t i = 0, run = 0;
	int n;

	while (i < len) {
		uint8_t c = p[i];

		if (c < 0x80) {
			if (plain_ascii(mode, c)) {
				i++;
				continue;
			}
			fwrite(p + run, 1, i - run, out);
			put_special(out, mode, c);
			run = ++i;
			continue;
		}
		if ((n = utf8_char(p + i, len - i)) > 0) {
			i += (size_t)n;
			continue;
		}
		fwrite(p + run, 1, i - run, out);
		if (n < 0 && more)
			return i;
		put_hex(out, c);
		run = ++i;
	}
	fwrite(p + run, 1, len - run, out);
	return len;
}

/* Escape one piece of a text that may go on in the next piece. */
static void
esc_feed(FILE *out, enum esc_mode mode, struct esc_carry *cr,
    const uint8_t *p, size_t len)
{
	size_t done;

	if (cr->n > 0) {
		uint8_t tmp[8];
		size_t take = len < 4 ? len : 4, have = cr->n + take;

		memcpy(tmp, cr->b, cr->n);
		memcpy(tmp + cr->n, p, take);
		done = esc_run(out, mode, tmp, have, true);
		if (done < cr->n) {
			/* Still cut: all of p went into the carry. */
			memmove(cr->b, tmp + done, have - done);
			cr->n = have - done;
			return;
		}
		p += done - cr->n;
		len -= done - cr->n;
		cr->n = 0;
	}
	done = esc_run(out, mode, p, len, true);
	memcpy(cr->b, p + done, len - done);
	cr->n = len - done;
}

/* End of a text fed in pieces: a cut character left is escaped. */
static void
esc_end(FILE *out, enum esc_mode mode, struct esc_carry *cr)
{
	esc_run(out, mode, cr->b, cr->n, false);
	cr->n = 0;
}

static void
put_esc(FILE *out, enum esc_mode mode, const void *p, size_t len)
{
	esc_run(out, mode, p, len, false);
}

/* ---- attachments ---- */

static bool
file_named(const struct view_file *f, const char *name)
{
	size_t n = strlen(name);

	return f->name.len == n && memcmp(f->name.data, name, n) == 0;
}

/* f is base or one of its continuations base.2, base.3, ... */
static bool
file_part_of(const struct view_file *f, const char *base)
{
	size_t n = strlen(base);

	if (f->name.len < n || memcmp(f->name.data, base, n) != 0)
		return false;
	if (f->name.len == n)
		return true;
	if (f->name.len < n + 2 || f->name.data[n] != '.')
		return false;
	for (size_t i = n + 1; i < f->name.len; i++)
		if (f->name.data[i] < '0' || f->name.data[i] > '9')
			return false;
	return true;
}

static const struct view_file *
find_reason(const struct view_done *d)
{
	for (const struct view_file *f = d->files; f != NULL; f = f->next)
		if (file_named(f, "reason"))
			return f;
	return NULL;
}

/* The reason without trailing newlines (it becomes one attribute). */
static size_t
reason_len(const struct view_file *r)
{
	size_t n = r->data.len;

	while (n > 0 && (r->data.data[n - 1] == '\n' ||
	    r->data.data[n - 1] == '\r'))
		n--;
	return n;
}

/* "NAME: N bytes, MIME" for an attachment that is not shown. */
static void
put_binary_line(FILE *out, const struct view_file *f)
{
	put_esc(out, ESC_LINE, f->name.data, f->name.len);
	fprintf(out, ": %zu byte%s", f->data.len, f->data.len == 1 ? "" : "s");
	if (f->has_mime) {
		fputs(", ", out);
		put_esc(out, ESC_LINE, f->mime.data, f->mime.len);
	}
	putc('\n', out);
}

/* "NAME:" then its text, ending in a newline. */
static void
put_named_text(FILE *out, const struct view_file *f)
{
	put_esc(out, ESC_LINE, f->name.data, f->name.len);
	fputs(":\n", out);
	put_esc(out, ESC_TEXT, f->data.data, f->data.len);
	if (f->data.len > 0 && f->data.data[f->data.len - 1] != '\n')
		putc('\n', out);
}

/* Joined parts of base (stdout, stdout.2, ...); returns the last byte. */
static int
put_parts(FILE *out, const struct view_done *d, const char *base)
{
	struct esc_carry cr = { .n = 0 };
	int last = -1;

	for (const struct view_file *f = d->files; f != NULL; f = f->next) {
		if (!file_part_of(f, base) || f->data.len == 0)
			continue;
		esc_feed(out, ESC_TEXT, &cr, f->data.data, f->data.len);
		last = f->data.data[f->data.len - 1];
	}
	esc_end(out, ESC_TEXT, &cr);
	return last;
}

/* f is the first attachment of d that is a part of base. */
static bool
first_part(const struct view_done *d, const struct view_file *f,
    const char *base)
{
	const struct view_file *g;

	for (g = d->files; g != f && !file_part_of(g, base); g = g->next)
		;
	return g == f;
}

/*
 * The text of a <failure> or <error>: every attachment under its name, as
 * the trace shows them, but stdout and stderr each once, parts joined.
 */
static void
put_failure_text(FILE *out, const struct view_done *d)
{
	static const char *const bases[] = { "stdout", "stderr" };
	const struct view_file *f;
	size_t b;

	for (f = d->files; f != NULL; f = f->next) {
		for (b = 0; b < 2 && !file_part_of(f, bases[b]); b++)
			;
		if (b < 2) {
			if (!first_part(d, f, bases[b]))
				continue;
			fprintf(out, "%s:\n", bases[b]);
			if (put_parts(out, d, bases[b]) != '\n')
				putc('\n', out);
		} else if (view_file_is_text(f))
			put_named_text(out, f);
		else
			put_binary_line(out, f);
	}
}

static bool
has_parts(const struct view_done *d, const char *base)
{
	for (const struct view_file *f = d->files; f != NULL; f = f->next)
		if (file_part_of(f, base) && f->data.len > 0)
			return true;
	return false;
}

/* Attachments that go to <system-err> after the stderr parts. */
static bool
file_is_other(const struct view_file *f)
{
	return !file_part_of(f, "stdout") && !file_part_of(f, "stderr") &&
	    !file_named(f, "reason");
}

static void
put_system_out(FILE *out, const struct view_done *d)
{
	const struct view_file *r = find_reason(d);
	bool note = d->status == SW_STATUS_XFAIL;

	if (!note && !has_parts(d, "stdout"))
		return;
	fputs("\t<system-out>", out);
	if (note) {
		fputs("xfail (an expected failure, reported as passed)", out);
		if (r != NULL) {
			fputs(": ", out);
			put_esc(out, ESC_TEXT, r->data.data, reason_len(r));
		}
		putc('\n', out);
	}
	put_parts(out, d, "stdout");
	fputs("</system-out>\n", out);
}

static void
put_system_err(FILE *out, const struct view_done *d)
{
	const struct view_file *f;
	bool any = has_parts(d, "stderr");
	int last;

	for (f = d->files; f != NULL && !any; f = f->next)
		any = file_is_other(f);
	if (!any)
		return;
	fputs("\t<system-err>", out);
	last = put_parts(out, d, "stderr");
	for (f = d->files; f != NULL; f = f->next) {
		if (!file_is_other(f))
			continue;
		if (last != -1 && last != '\n')
			putc('\n', out);
		last = '\n';
		if (view_file_is_text(f))
			put_named_text(out, f);
		else
			put_binary_line(out, f);
	}
	fputs("</system-err>\n", out);
}

/* ---- names ---- */

struct junit_names {
	const char *cls;
	size_t cls_len;
	const char *name;
	size_t name_len;
};

static void
names_set(struct junit_names *nm, const char *id, size_t cls_len,
    const char *name, size_t name_len)
{
	nm->cls = id;
	nm->cls_len = cls_len;
	nm->name = name;
	nm->name_len = name_len;
}

/* Rule 2: "P (LABEL)" with the parens of LABEL balanced. */
static bool
names_label(struct junit_names *nm, const char *id, size_t len)
{
	size_t depth = 0;

	if (len < 4 || id[len - 1] != ')')
		return false;
	for (size_t k = len; k-- > 0;) {
		if (id[k] == ')')
			depth++;
		else if (id[k] == '(' && --depth == 0) {
			if (k < 2 || id[k - 1] != ' ')
				return false;
			names_set(nm, id, k - 1, id + k + 1, len - k - 2);
			return true;
		}
	}
	return false;
}

/* Rules 4 and 5, on the part of the id after its last "::". */
static bool
names_local(struct junit_names *nm, const char *id, size_t len)
{
	size_t start = 0, dot = 0, slash_before = 0, k;
	bool has_dot = false, has_slash_before = false, slash_after, number;

	for (k = 0; k + 1 < len; k++)
		if (id[k] == ':' && id[k + 1] == ':')
			start = k + 2;
	for (k = len; k-- > start;)
		if (id[k] == '.') {
			dot = k;
			has_dot = true;
			break;
		}
	if (has_dot && dot > start && dot + 1 < len) {
		for (k = dot; k-- > start;)
			if (id[k] == '/') {
				slash_before = k;
				has_slash_before = true;
				break;
			}
		slash_after = memchr(id + dot, '/', len - dot) != NULL;
		number = has_slash_before && dot > slash_before + 1;

		for (k = slash_before + 1; number && k < dot; k++)
			number = id[k] >= '0' && id[k] <= '9';
		if (!has_slash_before || slash_after || number) {
			names_set(nm, id, dot, id + dot + 1, len - dot - 1);
			return true;
		}
	}
	if (len > start + 1 && id[start] == '/') {
		for (k = len; k-- > start + 1;)
			if (id[k] == '/')
				break;
		/* A last component with a '.' is a file: rule 4 said so. */
		if (k > start && k + 1 < len &&
		    memchr(id + k, '.', len - k) == NULL) {
			names_set(nm, id, k, id + k + 1, len - k - 1);
			return true;
		}
	}
	return false;
}

/* classname and name of d (the rules of view_junit.h). */
static void
names_of(const struct view_done *d, struct junit_names *nm)
{
	const char *id = d->id.ptr;
	size_t len = d->id.len;
	struct sw_str p = d->parent;

	if (p.ptr != NULL) {
		if (len >= p.len + 3 && memcmp(id, p.ptr, p.len) == 0 &&
		    id[p.len] == ' ' && id[p.len + 1] == '(' &&
		    id[len - 1] == ')')
			names_set(nm, p.ptr, p.len, id + p.len + 2,
			    len - p.len - 3);
		else
			names_set(nm, p.ptr, p.len, id, len);
		return;
	}
	if (names_label(nm, id, len))
		return;
	if (!d->had_subtests && names_local(nm, id, len))
		return;
	names_set(nm, id, len, id, len);
}

/* ---- testcases ---- */

static int64_t
ts_ns(uint32_t sec, uint32_t nsec)
{
	return (int64_t)sec * 1000000000 + nsec;
}

/* Seconds with 6 decimals; negative durations (clock steps) are 0. */
static void
put_seconds(FILE *out, int64_t ns)
{
	uint64_t us = ns > 0 ? ((uint64_t)ns + 500) / 1000 : 0;

	fprintf(out, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
}

static void
note_time(struct junit *j, int64_t ns)
{
	if (!j->has_time || ns < j->first_ns)
		j->first_ns = ns;
	if (!j->has_time || ns > j->last_ns)
		j->last_ns = ns;
	j->has_time = true;
}

/* <failure>, <error> or <skipped> with its message. */
static void
put_verdict(FILE *out, const struct view_done *d)
{
	const struct view_file *r = find_reason(d);
	const char *elem = "failure", *type, *dflt;

	switch (d->status) {
	case SW_STATUS_FAIL:
		type = "fail";
		dflt = "failed";
		break;
	case SW_STATUS_UXSUCCESS:
		type = "uxsuccess";
		dflt = "unexpected success";
		break;
	case SW_STATUS_SKIP:
		fputs("\t<skipped", out);
		if (r == NULL) {
			fputs("/>\n", out);
			return;
		}
		fputs(" message=\"", out);
		put_esc(out, ESC_ATTR, r->data.data, reason_len(r));
		fputs("\">", out);
		put_esc(out, ESC_TEXT, r->data.data, reason_len(r));
		fputs("</skipped>\n", out);
		return;
	case SW_STATUS_INPROGRESS:
		elem = "error";
		type = "incomplete";
		dflt = "the stream ended before the test's result";
		break;
	default:
		return;
	}
	fprintf(out, "\t<%s type=\"%s\" message=\"", elem, type);
	if (r == NULL)
		fputs(dflt, out);
	else {
		if (d->status != SW_STATUS_FAIL)
			fprintf(out, "%s: ", dflt);
		put_esc(out, ESC_ATTR, r->data.data, reason_len(r));
	}
	fputs("\">", out);
	put_failure_text(out, d);
	fprintf(out, "</%s>\n", elem);
}

int
junit_case(void *ctx, const struct view_done *d)
{
	struct junit *j = ctx;
	FILE *out = j->body;
	struct junit_names nm;
	int64_t dur = 0;

	j->tests++;
	if (d->status == SW_STATUS_FAIL || d->status == SW_STATUS_UXSUCCESS)
		j->failures++;
	else if (d->status == SW_STATUS_INPROGRESS)
		j->errors++;
	else if (d->status == SW_STATUS_SKIP)
		j->skipped++;
	if (d->has_start)
		note_time(j, ts_ns(d->start_sec, d->start_nsec));
	if (d->has_end)
		note_time(j, ts_ns(d->end_sec, d->end_nsec));
	if (d->has_start && d->has_end)
		dur = ts_ns(d->end_sec, d->end_nsec) -
		    ts_ns(d->start_sec, d->start_nsec);

	names_of(d, &nm);
	fputs("<testcase classname=\"", out);
	put_esc(out, ESC_LINE, nm.cls, nm.cls_len);
	fputs("\" name=\"", out);
	put_esc(out, ESC_LINE, nm.name, nm.name_len);
	fputs("\" time=\"", out);
	put_seconds(out, dur);
	fputs("\">\n", out);
	put_verdict(out, d);
	put_system_out(out, d);
	put_system_err(out, d);
	fputs("</testcase>\n", out);
	if (ferror(out) && j->body_errno == 0)
		j->body_errno = errno != 0 ? errno : EIO;
	return 0;
}

/* ---- the file ---- */

/* dir + JUNIT_TEMP_NAME, for mkstemp.  NULL on ENOMEM. */
static char *
temp_template(const struct junit *j)
{
	size_t n = strlen(j->dir) + sizeof(JUNIT_TEMP_NAME);
	char *t = malloc(n);

	if (t != NULL)
		snprintf(t, n, "%s%s", j->dir, JUNIT_TEMP_NAME);
	return t;
}

int
junit_open(const char *path, struct junit **jp)
{
	struct junit *j;
	struct stat st;
	const char *slash;
	char *tmpl;
	int fd, rc;

	*jp = NULL;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->path = strdup(path)) == NULL)
		goto nomem;
	if ((slash = strrchr(path, '/')) == NULL)
		j->dir = strdup(".");
	else if (slash == path)
		j->dir = strdup("/");
	else
		j->dir = strndup(path, (size_t)(slash - path));
	if (j->dir == NULL || (tmpl = temp_template(j)) == NULL)
		goto nomem;
	fd = mkstemp(tmpl);
	rc = -errno;
	if (fd >= 0) {
		unlink(tmpl);
		if ((j->body = fdopen(fd, "w+")) == NULL) {
			rc = -errno;
			close(fd);
		}
	}
	free(tmpl);
	if (j->body == NULL) {
		junit_free(j);
		return rc;
	}
	*jp = j;
	return 0;
nomem:
	junit_free(j);
	return -ENOMEM;
}

/* The <testsuites> and <testsuite> start tags, with the counts. */
static void
put_head(FILE *out, const struct junit *j)
{
	char stamp[32];
	time_t t;
	struct tm tm;
	int64_t span = j->last_ns - j->first_ns;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"" JUNIT_SUITE_NAME "\" tests=\"%"
	    PRIu64 "\" failures=\"%" PRIu64 "\" errors=\"%" PRIu64 "\"",
	    j->tests, j->failures, j->errors);
	if (j->has_time) {
		fputs(" time=\"", out);
		put_seconds(out, span);
		putc('"', out);
	}
	fputs(">\n", out);
	fprintf(out, "<testsuite name=\"" JUNIT_SUITE_NAME "\" tests=\"%"
	    PRIu64 "\" failures=\"%" PRIu64 "\" errors=\"%" PRIu64
	    "\" skipped=\"%" PRIu64 "\"", j->tests, j->failures, j->errors,
	    j->skipped);
	if (j->has_time) {
		fputs(" time=\"", out);
		put_seconds(out, span);
		t = (time_t)(j->first_ns / 1000000000);
		if (gmtime_r(&t, &tm) != NULL &&
		    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S",
		    &tm) > 0)
			fprintf(out, "\" timestamp=\"%s", stamp);
		putc('"', out);
	}
	fputs(">\n", out);
}

/* Write the whole report to out (an open temporary file). */
static int
write_report(struct junit *j, FILE *out)
{
	static char buf[JUNIT_COPY_CHUNK];
	size_t n;

	put_head(out, j);
	if (fseek(j->body, 0, SEEK_SET) != 0)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), j->body)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -errno;
	if (ferror(j->body))
		return -EIO;
	fputs("</testsuite>\n</testsuites>\n", out);
	if (fflush(out) == EOF || ferror(out))
		return -errno;
	if (fsync(fileno(out)) < 0)
		return -errno;
	return 0;
}

int
junit_close(struct junit *j)
{
	char *tmpl;
	FILE *out = NULL;
	mode_t mask;
	int fd, rc;

	errno = 0;
	if (fflush(j->body) == EOF || ferror(j->body) || j->body_errno != 0) {
		rc = j->body_errno != 0 ? -j->body_errno :
		    errno != 0 ? -errno : -EIO;
		junit_free(j);
		return rc;
	}
	if ((tmpl = temp_template(j)) == NULL) {
		junit_free(j);
		return -ENOMEM;
	}
	mask = umask(0);
	umask(mask);
	if ((fd = mkstemp(tmpl)) < 0) {
		rc = -errno;
		goto out;
	}
	if (fchmod(fd, 0666 & ~mask) < 0 || (out = fdopen(fd, "w")) == NULL) {
		rc = -errno;
		close(fd);
		unlink(tmpl);
		goto out;
	}
	rc = write_report(j, out);
	if (fclose(out) == EOF && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmpl, j->path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmpl);
out:
	free(tmpl);
	junit_free(j);
	return rc;
}

void
junit_free(struct junit *j)
{
	if (j == NULL)
		return;
	if (j->body != NULL)
		fclose(j->body);
	free(j->path);
	free(j->dir);
	free(j);
}

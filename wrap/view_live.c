/*
 * view_live: state and drawing of the live view (view_live.h).
 *
 * Tests in progress are kept as view_state keeps them: a map from (route,
 * id) to a state, in a list oldest first, states recycled through a short
 * spare list.  Map keys are one byte saying whether a route code is
 * present, the route, a NUL, then the test id (unambiguous: the decoder
 * rejects NUL in both).  Unlike view_state, an attachment is never kept
 * whole: only its last lines (its first ones for "crash"), so a test that
 * prints gigabytes costs LIVE_TAIL_BYTES.
 *
 * The progress line is built as a few segments (text in one scratch
 * buffer, each with its colour), measured in columns (one per UTF-8
 * character), cut to the width, then written with its SGR sequences.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "sw_buf.h"
#include "sw_map.h"
#include "sw_utf8.h"
#include "view_key.h"
#include "view_live.h"

#define LIVE_WIDTH_DEFAULT 80
#define LIVE_SPARE_MAX 64
#define LIVE_NS_PER_MS 1000000LL
#define LIVE_NS_PER_S 1000000000LL
/* Segments of the progress line. */
#define LIVE_SEGS_MAX 16

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_FAIL "\033[1;31m"
#define SGR_RED "\033[31m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"

/* One attachment of a test in progress: its name, counts and kept lines. */
struct live_file {
	struct live_file *next;    /* the test's next attachment */
	struct sw_buf name;        /* the base name ("stdout" for stdout.2) */
	struct sw_buf mime;
	bool has_mime;
	bool eof;
	bool head;                 /* keeps its first lines ("crash") */
	bool full;                 /* head: keeps nothing more */
	bool mid;                  /* tail: starts in the middle of a line */
	uint8_t last;              /* the last byte of the attachment */
	uint64_t bytes;
	uint64_t newlines;
	struct sw_buf kept;        /* the lines shown */
};

struct live_test {
	struct live_test *prev;    /* in-progress list, oldest first; */
	struct live_test *next;    /* also the spare list (next only) */
	struct sw_buf key;
	struct live_file *files;   /* in arrival order */
	struct live_file **files_tail;
	bool runnable;             /* its first event's runnable flag */
	bool has_start;            /* start_ns holds its first timestamp */
	int64_t start_ns;
	int64_t seen_ns;           /* when its first event arrived */
};

struct live {
	FILE *out;
	struct live_opts o;
	struct sw_map tests;       /* key -> struct live_test * */
	struct live_test *head;    /* tests in progress, oldest first */
	struct live_test *tail;
	size_t nrunning;
	size_t nrunnable;          /* runnable ones among them */
	struct live_test *spare;
	size_t nspare;
	struct sw_buf key;         /* scratch key of the current event */
	struct live_counts counts;
	uint64_t done;             /* final statuses */
	uint64_t total;            /* exists packets */
	int64_t t0_ns;             /* live_new() */
	bool drawn;                /* the progress line is on the screen */
	bool ever_drawn;
	bool dirty;                /* something it shows changed */
	int64_t drawn_ns;
	size_t drawn_cols;
	bool has_ts;               /* the stream's first and last timestamps */
	int64_t ts_min;
	int64_t ts_max;
	struct sw_buf pending;     /* untied text after its last newline */
	struct sw_buf ufile;       /* untied file being counted (--attach) */
	uint64_t ufile_bytes;
	struct sw_buf failed[LIVE_FAILED_MAX]; /* keys of the first failures */
	size_t nfailed;
	struct sw_buf line;        /* the progress line's text */
};

/* A segment of the progress line: line[off, off + len) in colour sgr. */
struct live_seg {
	size_t off;
	size_t len;
	const char *sgr;           /* NULL: plain */
	bool dots;                 /* "..." first: its start was cut */
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * LIVE_NS_PER_S + ts.tv_nsec;
}

void
live_opts_for(int fd, struct live_opts *o)
{
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");

	memset(o, 0, sizeof(*o));
	o->tty = isatty(fd) == 1;
	o->ansi = o->tty && term != NULL && *term != '\0' &&
	    strcmp(term, "dumb") != 0;
	o->color = o->ansi && (no_color == NULL || *no_color == '\0');
}

struct live *
live_new(FILE *out, const struct live_opts *o)
{
	struct live *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->out = out;
	l->o = *o;
	l->o.color = o->color && o->ansi && o->tty;
	l->t0_ns = now_ns();
	return l;
}

/* ---- output helpers ---- */

static void
sgr(struct live *l, const char *code)
{
	if (l->o.color && code != NULL)
		fputs(code, l->out);
}

static void
sgr_end(struct live *l, const char *code)
{
	if (l->o.color && code != NULL)
		fputs(SGR_RESET, l->out);
}

/*
 * Write one line of text (without its newline): control characters but
 * tab as \xNN, a CR at the end (of a CR LF) dropped.
 */
static void
put_text_line(FILE *out, const uint8_t *p, size_t len)
{
	size_t run = 0;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	for (size_t i = 0; i < len; i++) {
		if ((p[i] >= 0x20 && p[i] != 0x7f) || p[i] == '\t')
			continue;
		fwrite(p + run, 1, i - run, out);
		run = i + 1;
		fprintf(out, "\\x%02x", p[i]);
	}
	fwrite(p + run, 1, len - run, out);
}

/* Seconds as "4.2s", "3m05s", "2h07m". */
static void
fmt_elapsed(char *buf, size_t cap, int64_t ns)
{
	int64_t ds = ns < 0 ? 0 : ns / (LIVE_NS_PER_S / 10);

	if (ds < 600)
		snprintf(buf, cap, "%lld.%llds", (long long)(ds / 10),
		    (long long)(ds % 10));
	else if (ds < 36000)
		snprintf(buf, cap, "%lldm%02llds", (long long)(ds / 600),
		    (long long)(ds / 10 % 60));
	else
		snprintf(buf, cap, "%lldh%02lldm", (long long)(ds / 36000),
		    (long long)(ds / 600 % 60));
}

/* Erase the progress line (the cursor ends at column 0). */
static void
erase(struct live *l)
{
	if (!l->drawn)
		return;
	if (l->o.ansi) {
		fputs("\r\033[K", l->out);
	} else {
		putc('\r', l->out);
		for (size_t i = 0; i < l->drawn_cols; i++)
			putc(' ', l->out);
		putc('\r', l->out);
	}
	l->drawn = false;
	l->dirty = true;
}

/* ---- the progress line ---- */

/* Columns of s[0..len): one per UTF-8 character. */
static size_t
cols(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Byte offset in s[0..len) after the first n columns. */
static size_t
cols_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n-- == 0)
			break;
	return i;
}

/* Add a printf-formatted segment; false when out of memory or room. */
static bool
seg_add(struct live *l, struct live_seg *segs, size_t *n, const char *code,
    const char *fmt, ...)
{
	va_list ap;
	int len;

	if (*n >= LIVE_SEGS_MAX || sw_buf_reserve(&l->line, 128) < 0)
		return false;
	va_start(ap, fmt);
	len = vsnprintf((char *)l->line.data + l->line.len, 128, fmt, ap);
	va_end(ap);
	if (len < 0)
		return false;
	if (len > 127)
		len = 127;
	segs[*n].off = l->line.len;
	segs[*n].len = (size_t)len;
	segs[*n].sgr = code;
	segs[*n].dots = false;
	l->line.len += (size_t)len;
	(*n)++;
	return true;
}

/* Add s[0..len) escaped as one segment (a test id). */
static bool
seg_add_id(struct live *l, struct live_seg *segs, size_t *n,
    const char *code, const char *s, size_t len)
{
	size_t off = l->line.len;

	/* "\xNN" per byte at most, and snprintf's NUL. */
	if (*n >= LIVE_SEGS_MAX || sw_buf_reserve(&l->line, len * 4 + 1) < 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != 0x7f)
			l->line.data[l->line.len++] = c;
		else
			l->line.len += (size_t)snprintf(
			    (char *)l->line.data + l->line.len, 5, "\\x%02x",
			    c);
	}
	segs[*n].off = off;
	segs[*n].len = l->line.len - off;
	segs[*n].sgr = code;
	segs[*n].dots = false;
	(*n)++;
	return true;
}

static unsigned
term_width(const struct live *l)
{
	struct winsize ws;

	if (ioctl(fileno(l->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return LIVE_WIDTH_DEFAULT;
}

/* The test the line names: the oldest runnable one, else the oldest. */
static const struct live_test *
running_test(const struct live *l)
{
	for (const struct live_test *t = l->head; t != NULL; t = t->next)
		if (t->runnable)
			return t;
	return l->head;
}

/*
 * Build the segments of the line; *idseg is the index of the running
 * id's segment (or LIVE_SEGS_MAX).  False when out of memory.
 */
static bool
build_line(struct live *l, int64_t now, struct live_seg *segs, size_t *n,
    size_t *idseg)
{
	const struct live_test *t = running_test(l);
	const struct live_counts *c = &l->counts;
	struct sw_str route, id;
	char el[32];
	bool ok;

	*n = 0;
	*idseg = LIVE_SEGS_MAX;
	l->line.len = 0;
	if (l->total > 0 && l->done <= l->total)
		ok = seg_add(l, segs, n, NULL, "%llu/%llu done",
		    (unsigned long long)l->done, (unsigned long long)l->total);
	else
		ok = seg_add(l, segs, n, NULL, "%llu done",
		    (unsigned long long)l->done);
	fmt_elapsed(el, sizeof(el), now - l->t0_ns);
	ok = ok && seg_add(l, segs, n, NULL, " | ") &&
	    seg_add(l, segs, n, c->passed ? SGR_GREEN : NULL, "%llu passed",
	    (unsigned long long)c->passed) &&
	    seg_add(l, segs, n, NULL, ", ") &&
	    seg_add(l, segs, n, c->failed ? SGR_FAIL : NULL, "%llu failed",
	    (unsigned long long)c->failed) &&
	    seg_add(l, segs, n, NULL, ", ") &&
	    seg_add(l, segs, n, c->skipped ? SGR_YELLOW : NULL, "%llu skipped",
	    (unsigned long long)c->skipped) &&
	    seg_add(l, segs, n, NULL, " | %s", el);
	if (!ok || t == NULL)
		return ok;
	view_key_split(&t->key, &route, &id);
	fmt_elapsed(el, sizeof(el), now - t->seen_ns);
	ok = seg_add(l, segs, n, NULL, " | running ");
	*idseg = *n;
	ok = ok && seg_add_id(l, segs, n, SGR_BOLD, id.ptr, id.len);
	if (ok && t->runnable && l->nrunnable > 1)
		ok = seg_add(l, segs, n, NULL, " (%s, +%zu more)", el,
		    l->nrunnable - 1);
	else if (ok)
		ok = seg_add(l, segs, n, NULL, " (%s)", el);
	return ok;
}

/* Draw the progress line now. */
static void
draw(struct live *l, int64_t now)
{
	struct live_seg segs[LIVE_SEGS_MAX];
	size_t n, idseg, total = 0, limit, keep, id_cols, over, skip;
	const char *base;

	if (!build_line(l, now, segs, &n, &idseg))
		return;
	base = (const char *)l->line.data;
	limit = term_width(l) - 1;
	for (size_t i = 0; i < n; i++)
		total += cols(base + segs[i].off, segs[i].len);
	/* Too wide: the id loses its beginning, behind "...". */
	if (total > limit && idseg < n) {
		id_cols = cols(base + segs[idseg].off, segs[idseg].len);
		over = total - limit;
		if (id_cols >= over + 4) {
			skip = cols_prefix(base + segs[idseg].off,
			    segs[idseg].len, over + 3);
			segs[idseg].off += skip;
			segs[idseg].len -= skip;
			segs[idseg].dots = true;
			total = limit;
		}
	}
	/* Still too wide: the line loses its end. */
	putc('\r', l->out);
	keep = limit;
	for (size_t i = 0; i < n && keep > 0; i++) {
		const char *s = base + segs[i].off;
		size_t len = segs[i].len, c;

		sgr(l, segs[i].sgr);
		if (segs[i].dots && keep >= 3) {
			fputs("...", l->out);
			keep -= 3;
		}
		c = cols(s, len);
		if (c > keep) {
			len = cols_prefix(s, len, keep);
			c = keep;
		}
		fwrite(s, 1, len, l->out);
		keep -= c;
		sgr_end(l, segs[i].sgr);
	}
	total = limit - keep;
	if (l->o.ansi) {
		fputs("\033[K", l->out);
	} else {
		for (size_t i = total; i < l->drawn_cols; i++)
			putc(' ', l->out);
	}
	fflush(l->out);
	l->drawn = true;
	l->ever_drawn = true;
	l->dirty = false;
	l->drawn_ns = now;
	l->drawn_cols = total;
}

/* Draw if something changed and the last draw is LIVE_TICK_MS old. */
static void
maybe_draw(struct live *l)
{
	int64_t now;

	if (!l->o.tty || !l->dirty)
		return;
	now = now_ns();
	if (!l->ever_drawn || now - l->drawn_ns >= LIVE_TICK_MS *
	    LIVE_NS_PER_MS)
		draw(l, now);
}

int
live_next_ms(const struct live *l)
{
	int64_t left;

	if (!l->o.tty || !l->ever_drawn)
		return LIVE_TICK_MS;
	left = LIVE_TICK_MS - (now_ns() - l->drawn_ns) / LIVE_NS_PER_MS;
	if (left < 1)
		return 1;
	return left > LIVE_TICK_MS ? LIVE_TICK_MS : (int)left;
}

void
live_tick(struct live *l)
{
	int64_t now;

	if (l->o.tty) {
		/* The clocks on the line move: due means redraw. */
		now = now_ns();
		if (!l->ever_drawn || now - l->drawn_ns >= LIVE_TICK_MS *
		    LIVE_NS_PER_MS)
			draw(l, now);
	}
	fflush(l->out);
}

void
live_clear(struct live *l)
{
	erase(l);
	fflush(l->out);
}

/* ---- test state ---- */

static void
file_free(struct live_file *f)
{
	sw_buf_free(&f->name);
	sw_buf_free(&f->mime);
	sw_buf_free(&f->kept);
	free(f);
}

static void
test_drop_files(struct live_test *t)
{
	struct live_file *f, *next;

	for (f = t->files; f != NULL; f = next) {
		next = f->next;
		file_free(f);
	}
	t->files = NULL;
	t->files_tail = &t->files;
}

static void
test_free(struct live_test *t)
{
	test_drop_files(t);
	sw_buf_free(&t->key);
	free(t);
}

/* Forget a finished test, keeping its memory if the spare list has room. */
static void
test_recycle(struct live *l, struct live_test *t)
{
	test_drop_files(t);
	if (l->nspare >= LIVE_SPARE_MAX) {
		test_free(t);
		return;
	}
	t->next = l->spare;
	l->spare = t;
	l->nspare++;
}

static void
list_unlink(struct live *l, struct live_test *t)
{
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		l->head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	else
		l->tail = t->prev;
	t->prev = t->next = NULL;
	l->nrunning--;
	if (t->runnable)
		l->nrunnable--;
}

/* The state of ev's test, created (in progress) if needed.  NULL: ENOMEM. */
static struct live_test *
test_get(struct live *l, const struct sw_packet *ev)
{
	struct live_test *t;

	if (view_key_build(&l->key, ev->route_code, ev->test_id) < 0)
		return NULL;
	if ((t = sw_map_get(&l->tests, l->key.data, l->key.len)) != NULL)
		return t;
	if ((t = l->spare) != NULL) {
		l->spare = t->next;
		l->nspare--;
	} else if ((t = calloc(1, sizeof(*t))) == NULL) {
		return NULL;
	}
	t->prev = t->next = NULL;
	t->files = NULL;
	t->files_tail = &t->files;
	t->runnable = ev->runnable;
	t->has_start = false;
	t->seen_ns = now_ns();
	t->key.len = 0;
	if (sw_buf_append(&t->key, l->key.data, l->key.len) < 0 ||
	    sw_map_put(&l->tests, t->key.data, t->key.len, t, NULL) < 0) {
		test_free(t);
		return NULL;
	}
	t->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = t;
	else
		l->head = t;
	l->tail = t;
	l->nrunning++;
	if (t->runnable)
		l->nrunnable++;
	l->dirty = true;
	return t;
}

/* Take ev's test out of the map and the list into *tp (NULL: none). */
static int
test_take(struct live *l, const struct sw_packet *ev, struct live_test **tp)
{
	void *t;
	int rc;

	*tp = NULL;
	if (sw_map_len(&l->tests) == 0)
		return 0;
	if ((rc = view_key_build(&l->key, ev->route_code, ev->test_id)) < 0)
		return rc;
	if (sw_map_remove(&l->tests, l->key.data, l->key.len, &t)) {
		list_unlink(l, t);
		*tp = t;
	}
	return 0;
}

/* ---- attachments ---- */

/* Is name f's name, or a continuation of it (f's name + ".N", N >= 2)? */
static bool
file_continues(const struct live_file *f, struct sw_str name)
{
	size_t n = f->name.len;

	if (name.len < n || memcmp(name.ptr, f->name.data, n) != 0)
		return false;
	if (name.len == n)
		return !f->eof;
	if (name.len < n + 2 || name.ptr[n] != '.' || name.ptr[n + 1] == '0')
		return false;
	for (size_t i = n + 1; i < name.len; i++)
		if (name.ptr[i] < '0' || name.ptr[i] > '9')
			return false;
	return true;
}

static size_t
count_newlines(const uint8_t *p, size_t len)
{
	size_t n = 0;
	const uint8_t *end = p + len, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p = nl + 1;
	}
	return n;
}

/* head: keep the first lines, up to LIVE_TAIL_LINES and LIVE_TAIL_BYTES. */
static int
file_keep_head(struct live_file *f, const uint8_t *p, size_t len)
{
	size_t have = count_newlines(f->kept.data, f->kept.len);
	size_t take = LIVE_TAIL_BYTES - f->kept.len;

	if (take >= len)
		take = len;
	else
		/* Do not split a UTF-8 character. */
		while (take > 0 && (p[take] & 0xc0) == 0x80)
			take--;
	for (size_t i = 0; i < take; i++)
		if (p[i] == '\n' && ++have == LIVE_TAIL_LINES) {
			take = i + 1;
			f->full = true;
			break;
		}
	if (take < len)
		f->full = true;
	return sw_buf_append(&f->kept, p, take);
}

/* tail: keep the last lines, up to LIVE_TAIL_LINES and LIVE_TAIL_BYTES. */
static int
file_keep_tail(struct live_file *f, const uint8_t *p, size_t len)
{
	size_t want, nl = 0, cut = 0, klen;
	uint8_t *d;
	int rc;

	if (len > LIVE_TAIL_BYTES) {
		/* The chunk alone fills what is kept. */
		f->kept.len = 0;
		f->mid = p[len - LIVE_TAIL_BYTES - 1] != '\n';
		p += len - LIVE_TAIL_BYTES;
		len = LIVE_TAIL_BYTES;
	}
	if ((rc = sw_buf_append(&f->kept, p, len)) < 0)
		return rc;
	d = f->kept.data;
	klen = f->kept.len;
	/* A final partial line is one of the lines kept. */
	want = LIVE_TAIL_LINES + (d[klen - 1] == '\n');
	for (size_t i = klen; i > 0; i--)
		if (d[i - 1] == '\n' && ++nl == want) {
			cut = i;
			f->mid = false;
			break;
		}
	if (klen - cut > LIVE_TAIL_BYTES) {
		cut = klen - LIVE_TAIL_BYTES;
		f->mid = d[cut - 1] != '\n';
	}
	while (cut < klen && (d[cut] & 0xc0) == 0x80)
		cut++;
	sw_buf_consume(&f->kept, cut);
	return 0;
}

/* Add ev's file chunk to t: continues the attachment it belongs to. */
static int
test_attach(struct live_test *t, const struct sw_packet *ev)
{
	struct live_file *f, *open = NULL;
	struct sw_str name = ev->file_name;
	int rc;

	for (f = t->files; f != NULL; f = f->next)
		if (file_continues(f, name))
			open = f;
	if ((f = open) == NULL) {
		if ((f = calloc(1, sizeof(*f))) == NULL)
			return -ENOMEM;
		if ((rc = sw_buf_append(&f->name, name.ptr, name.len)) < 0) {
			file_free(f);
			return rc;
		}
		f->head = name.len == 5 && memcmp(name.ptr, "crash", 5) == 0;
		*t->files_tail = f;
		t->files_tail = &f->next;
	}
	if (!f->has_mime && ev->mime_type.ptr != NULL &&
	    ev->mime_type.len > 0) {
		if ((rc = sw_buf_append(&f->mime, ev->mime_type.ptr,
		    ev->mime_type.len)) < 0)
			return rc;
		f->has_mime = true;
	}
	f->eof = ev->eof;
	if (ev->file_len == 0)
		return 0;
	f->bytes += ev->file_len;
	f->newlines += count_newlines(ev->file_bytes, ev->file_len);
	f->last = ev->file_bytes[ev->file_len - 1];
	if (f->head)
		return f->full ? 0 : file_keep_head(f, ev->file_bytes,
		    ev->file_len);
	return file_keep_tail(f, ev->file_bytes, ev->file_len);
}

/*
 * Text: a text/... mime type, or none and UTF-8 (a character cut by the
 * end of what arrived so far is fine).
 */
static bool
file_is_text(const struct live_file *f)
{
	long bad;

	if (f->has_mime)
		return f->mime.len >= 5 &&
		    strncasecmp((const char *)f->mime.data, "text/", 5) == 0;
	bad = sw_utf8_invalid_at((const char *)f->kept.data, f->kept.len);
	return bad < 0 || (size_t)bad + 4 > f->kept.len;
}

/* One attachment of a failure: its header line, then its kept lines. */
static void
put_file(struct live *l, const struct live_file *f)
{
	FILE *out = l->out;
	const uint8_t *p = f->kept.data, *end = p + f->kept.len, *nl;
	uint64_t lines = f->newlines + (f->last != '\n');
	uint64_t shown = count_newlines(p, f->kept.len) +
	    (f->kept.len > 0 && end[-1] != '\n');
	bool first = true;

	if (f->bytes == 0)
		return;
	fputs("  ", out);
	view_put_escaped(out, (const char *)f->name.data, f->name.len);
	if (!file_is_text(f)) {
		fprintf(out, ": %llu byte%s", (unsigned long long)f->bytes,
		    f->bytes == 1 ? "" : "s");
		if (f->has_mime) {
			fputs(", ", out);
			view_put_escaped(out, (const char *)f->mime.data,
			    f->mime.len);
		}
		putc('\n', out);
		return;
	}
	if (lines == 1 && !f->mid && f->kept.len == f->bytes) {
		/* One line: on the header line. */
		fputs(": ", out);
		put_text_line(out, p, f->kept.len - (end[-1] == '\n'));
		putc('\n', out);
		return;
	}
	if (f->mid)
		fprintf(out, " (last %zu bytes of %llu, %llu line%s)",
		    f->kept.len, (unsigned long long)f->bytes,
		    (unsigned long long)lines, lines == 1 ? "" : "s");
	else if (shown < lines)
		fprintf(out, " (%s %llu of %llu lines)", f->head ? "first" :
		    "last", (unsigned long long)shown,
		    (unsigned long long)lines);
	fputs(":\n", out);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		fputs(first && f->mid ? "    ..." : "    ", out);
		put_text_line(out, p, (size_t)((nl != NULL ? nl : end) - p));
		if (nl == NULL && f->head && f->full)
			fputs("...", out);
		putc('\n', out);
		first = false;
		p = nl != NULL ? nl + 1 : end;
	}
}

/* ---- events ---- */

/* Remember a failed test for the closing list (the first ones only). */
static int
note_failed(struct live *l, const struct sw_buf *key)
{
	struct sw_buf *b;

	if (l->nfailed >= LIVE_FAILED_MAX)
		return 0;
	b = &l->failed[l->nfailed];
	b->len = 0;
	if (sw_buf_append(b, key->data, key->len) < 0)
		return -ENOMEM;
	l->nfailed++;
	return 0;
}

static void
put_id_route(struct live *l, struct sw_str id, struct sw_str route)
{
	view_put_escaped(l->out, id.ptr, id.len);
	if (route.ptr != NULL) {
		fputs(" [route ", l->out);
		view_put_escaped(l->out, route.ptr, route.len);
		putc(']', l->out);
	}
}

/* "FAIL ID [route R] (D.DDDs)", then t's attachments, reason first. */
static void
put_failure(struct live *l, const char *word, struct sw_str id,
    struct sw_str route, const struct live_test *t, bool has_dur,
    int64_t dur)
{
	uint64_t ms;

	erase(l);
	sgr(l, SGR_FAIL);
	fputs(word, l->out);
	sgr_end(l, SGR_FAIL);
	putc(' ', l->out);
	put_id_route(l, id, route);
	if (has_dur) {
		ms = (uint64_t)((dur < 0 ? -dur : dur) + 500000) / 1000000;
		fprintf(l->out, " (%s%llu.%03llus)", dur < 0 ? "-" : "",
		    (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000));
	}
	putc('\n', l->out);
	for (const struct live_file *f = t->files; f != NULL; f = f->next)
		if (f->name.len == 6 && memcmp(f->name.data, "reason", 6) == 0)
			put_file(l, f);
	for (const struct live_file *f = t->files; f != NULL; f = f->next)
		if (f->name.len != 6 || memcmp(f->name.data, "reason", 6) != 0)
			put_file(l, f);
}

/* Print whole lines of untied text; keep the rest (see the header). */
static void
untied_lines(struct live *l, bool all)
{
	const uint8_t *p = l->pending.data, *end = p + l->pending.len, *nl;
	size_t len;

	if (l->pending.len == 0 || (!all && l->pending.len <=
	    LIVE_PENDING_MAX && memchr(p, '\n', l->pending.len) == NULL))
		return;
	erase(l);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL && !all && end - p <= LIVE_PENDING_MAX)
			break;
		len = (size_t)((nl != NULL ? nl : end) - p);
		if (len > 0 && !(len == 1 && *p == '\r')) {
			sgr(l, SGR_DIM);
			put_text_line(l->out, p, len);
			sgr_end(l, SGR_DIM);
		}
		putc('\n', l->out);
		p = nl != NULL ? nl + 1 : end;
	}
	sw_buf_consume(&l->pending, (size_t)(p - l->pending.data));
}

static bool
str_is(struct sw_str s, const char *c)
{
	return s.ptr != NULL && s.len == strlen(c) && memcmp(s.ptr, c, s.len)
	    == 0;
}

/* No test id: text goes through, other files are counted. */
static int
on_untied(struct live *l, const struct sw_packet *ev)
{
	bool text = ev->mime_type.ptr == NULL || ev->mime_type.len == 0 ||
	    (ev->mime_type.len >= 5 &&
	    strncasecmp(ev->mime_type.ptr, "text/", 5) == 0);
	int rc;

	if (ev->file_name.ptr == NULL)
		return 0;
	if (text && (str_is(ev->file_name, "stdout") ||
	    str_is(ev->file_name, "stderr"))) {
		if (ev->file_len == 0)
			return 0;
		if ((rc = sw_buf_append(&l->pending, ev->file_bytes,
		    ev->file_len)) < 0)
			return rc;
		if (memchr(ev->file_bytes, '\n', ev->file_len) != NULL ||
		    l->pending.len > LIVE_PENDING_MAX)
			untied_lines(l, false);
		return 0;
	}
	if (l->ufile.len != ev->file_name.len || memcmp(l->ufile.data,
	    ev->file_name.ptr, ev->file_name.len) != 0) {
		l->ufile.len = 0;
		l->ufile_bytes = 0;
		if ((rc = sw_buf_append(&l->ufile, ev->file_name.ptr,
		    ev->file_name.len)) < 0)
			return rc;
	}
	l->ufile_bytes += ev->file_len;
	if (ev->eof) {
		untied_lines(l, true);
		erase(l);
		fputs("attached ", l->out);
		view_put_escaped(l->out, (const char *)l->ufile.data, l->ufile.len);
		fprintf(l->out, ": %llu byte%s\n",
		    (unsigned long long)l->ufile_bytes,
		    l->ufile_bytes == 1 ? "" : "s");
		l->ufile.len = 0;
		l->ufile_bytes = 0;
	}
	return 0;
}

static int
on_exists(struct live *l, const struct sw_packet *ev)
{
	l->total++;
	l->dirty = true;
	if (l->o.list) {
		untied_lines(l, true);
		erase(l);
		view_put_escaped(l->out, ev->test_id.ptr, ev->test_id.len);
		putc('\n', l->out);
	}
	return 0;
}

/* inprogress, status 0 or a bare attachment: the test is running. */
static int
on_progress(struct live *l, const struct sw_packet *ev)
{
	struct live_test *t = test_get(l, ev);

	if (t == NULL)
		return -ENOMEM;
	if (ev->has_timestamp && !t->has_start) {
		t->has_start = true;
		t->start_ns = (int64_t)ev->ts_sec * LIVE_NS_PER_S + ev->ts_nsec;
	}
	if (ev->file_name.ptr != NULL)
		return test_attach(t, ev);
	return 0;
}

static int
on_final(struct live *l, const struct sw_packet *ev)
{
	struct live_test *t, fake;
	enum sw_status s = ev->status;
	int64_t dur = 0;
	int rc;

	if ((rc = test_take(l, ev, &t)) < 0)
		return rc;
	l->done++;
	l->dirty = true;
	if (s == SW_STATUS_SUCCESS || s == SW_STATUS_XFAIL)
		l->counts.passed++;
	else if (s == SW_STATUS_SKIP)
		l->counts.skipped++;
	else
		l->counts.failed++;
	if (s == SW_STATUS_FAIL || s == SW_STATUS_UXSUCCESS) {
		if (t == NULL) {
			memset(&fake, 0, sizeof(fake));
			fake.files_tail = &fake.files;
		}
		if (ev->file_name.ptr != NULL)
			rc = test_attach(t != NULL ? t : &fake, ev);
		if (rc == 0 && (rc = view_key_build(&l->key, ev->route_code,
		    ev->test_id)) == 0)
			rc = note_failed(l, &l->key);
		if (t != NULL && t->has_start && ev->has_timestamp)
			dur = (int64_t)ev->ts_sec * LIVE_NS_PER_S +
			    ev->ts_nsec - t->start_ns;
		untied_lines(l, true);
		put_failure(l, s == SW_STATUS_FAIL ? "FAIL" : "UXSUCCESS",
		    ev->test_id, ev->route_code, t != NULL ? t : &fake,
		    t != NULL && t->has_start && ev->has_timestamp, dur);
		if (t == NULL)
			test_drop_files(&fake);
	}
	if (t != NULL)
		test_recycle(l, t);
	return rc;
}

int
live_event(struct live *l, const struct sw_packet *ev)
{
	int64_t ts;
	int rc;

	if (ev->has_timestamp) {
		ts = (int64_t)ev->ts_sec * LIVE_NS_PER_S + ev->ts_nsec;
		if (!l->has_ts || ts < l->ts_min)
			l->ts_min = ts;
		if (!l->has_ts || ts > l->ts_max)
			l->ts_max = ts;
		l->has_ts = true;
	}
	if (ev->test_id.ptr == NULL)
		rc = on_untied(l, ev);
	else if (ev->status == SW_STATUS_EXISTS)
		rc = on_exists(l, ev);
	else if (ev->status >= SW_STATUS_SUCCESS)
		rc = on_final(l, ev);
	else
		rc = on_progress(l, ev);
	maybe_draw(l);
	return rc;
}

/* ---- the end ---- */

static void
put_count(struct live *l, uint64_t n, const char *code, const char *what)
{
	sgr(l, n > 0 ? code : NULL);
	fprintf(l->out, "%llu %s", (unsigned long long)n, what);
	sgr_end(l, n > 0 ? code : NULL);
}

int
live_finish(struct live *l)
{
	struct live_test *t;
	struct sw_str route, id;
	char el[32];
	int64_t span;
	int rc = 0;

	untied_lines(l, true);
	erase(l);
	for (t = l->head; t != NULL; t = t->next) {
		l->counts.failed++;
		if (rc == 0)
			rc = note_failed(l, &t->key);
		view_key_split(&t->key, &route, &id);
		put_failure(l, "INCOMPLETE", id, route, t, false, 0);
	}
	while ((t = l->head) != NULL) {
		list_unlink(l, t);
		sw_map_remove(&l->tests, t->key.data, t->key.len, NULL);
		test_recycle(l, t);
	}
	if (l->o.list && l->done == 0) {
		fprintf(l->out, "%llu test%s listed\n",
		    (unsigned long long)l->total, l->total == 1 ? "" : "s");
		fflush(l->out);
		return rc;
	}
	if (l->counts.failed > 0) {
		fputs("failed:\n", l->out);
		for (size_t i = 0; i < l->nfailed; i++) {
			view_key_split(&l->failed[i], &route, &id);
			fputs("  ", l->out);
			put_id_route(l, id, route);
			putc('\n', l->out);
		}
		if (l->counts.failed > l->nfailed)
			fprintf(l->out, "  ... and %llu more\n",
			    (unsigned long long)(l->counts.failed -
			    l->nfailed));
	}
	put_count(l, l->counts.passed, SGR_GREEN, "passed");
	fputs(", ", l->out);
	put_count(l, l->counts.failed, SGR_FAIL, "failed");
	fputs(", ", l->out);
	put_count(l, l->counts.skipped, SGR_YELLOW, "skipped");
	span = l->has_ts && l->ts_max > l->ts_min ? l->ts_max - l->ts_min :
	    now_ns() - l->t0_ns;
	if (span < 60 * LIVE_NS_PER_S)
		snprintf(el, sizeof(el), "%lld.%03llds",
		    (long long)(span / LIVE_NS_PER_S),
		    (long long)(span % LIVE_NS_PER_S / LIVE_NS_PER_MS));
	else
		fmt_elapsed(el, sizeof(el), span);
	fprintf(l->out, " in %s\n", el);
	fflush(l->out);
	return rc;
}

void
live_get_counts(const struct live *l, struct live_counts *c)
{
	*c = l->counts;
}

void
live_free(struct live *l)
{
	struct live_test *t, *next;

	if (l == NULL)
		return;
	for (t = l->head; t != NULL; t = next) {
		next = t->next;
		test_free(t);
	}
	for (t = l->spare; t != NULL; t = next) {
		next = t->next;
		test_free(t);
	}
	for (size_t i = 0; i < LIVE_FAILED_MAX; i++)
		sw_buf_free(&l->failed[i]);
	sw_map_free(&l->tests, NULL);
	sw_buf_free(&l->key);
	sw_buf_free(&l->pending);
	sw_buf_free(&l->ufile);
	sw_buf_free(&l->line);
	free(l);
}

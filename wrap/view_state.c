/*
 * view_state: per-test state of subunit-view and its rendering.
 *
 * Workload assumed: streams of up to millions of packets, mostly
 * "inprogress" then a final status with no attachment, a few tests in
 * progress at once, and streams (tap2subunit's, python's simplest) that
 * carry only final statuses.  So:
 *
 *  - a final status for a test with no state costs no allocation, and no
 *    hashing at all while nothing is in progress;
 *  - a test's state is recycled (a short spare list keeps the memory of
 *    the last finished ones) and the map keeps short keys inline, so the
 *    inprogress/final cycle allocates nothing in the steady state;
 *  - attachments are kept only in full mode or for a report, and only
 *    until the final status, then printed (failure), reported, dropped;
 *  - with a report, a subtest's parent is looked up among the tests in
 *    progress only for ids ending in ')', one lookup per " (" from the
 *    right until one is found.
 *
 * Map keys are one byte saying whether a route code is present, the route,
 * a NUL, then the test id.  That is unambiguous because the decoder
 * rejects NUL in both strings.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sw_buf.h"
#include "sw_map.h"
#include "sw_utf8.h"
#include "view_key.h"
#include "view_state.h"

/* Finished tests whose memory is kept for the next ones. */
#define VIEW_SPARE_MAX 64
/* Width of the status column. */
#define VIEW_STATUS_WIDTH 10
#define VIEW_HEX_PER_LINE 16

struct view_test {
	struct view_test *prev;    /* in-progress list, oldest first; */
	struct view_test *next;    /* also the spare list (next only) */
	struct sw_buf key;         /* the map key, see above */
	struct view_file *files;   /* in arrival order */
	struct view_file **files_tail;
	bool has_start;            /* start_* hold its first timestamp */
	bool had_subtests;         /* a subtest of it ended (reports only) */
	uint32_t start_sec;
	uint32_t start_nsec;
};

struct view {
	FILE *out;
	bool stats_only;
	bool mid_line;             /* passthrough text ended without \n */
	struct sw_map tests;       /* key -> struct view_test * */
	struct view_test *head;    /* tests in progress, oldest first */
	struct view_test *tail;
	struct view_test *spare;   /* at most VIEW_SPARE_MAX */
	size_t nspare;
	struct sw_buf key;         /* scratch key of the current event */
	struct view_counts counts;
	view_report_fn report;     /* NULL: no report */
	void *report_ctx;
};

struct view *
view_new(FILE *out, bool stats_only)
{
	struct view *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->out = out;
	v->stats_only = stats_only;
	return v;
}

void
view_set_report(struct view *v, view_report_fn fn, void *ctx)
{
	v->report = fn;
	v->report_ctx = ctx;
}

/* Attachments are kept for the trace or for a report. */
static bool
view_keeps_files(const struct view *v)
{
	return !v->stats_only || v->report != NULL;
}

static bool
status_is_final(enum sw_status s)
{
	return s >= SW_STATUS_SUCCESS;
}

static bool
status_is_failure(enum sw_status s)
{
	return s == SW_STATUS_FAIL || s == SW_STATUS_UXSUCCESS;
}

/* ---- output helpers ---- */

/* Our own lines start at column 0 even after unterminated passthrough. */
static void
view_line_start(struct view *v)
{
	if (v->mid_line)
		putc('\n', v->out);
	v->mid_line = false;
}

/* Duration as seconds with 3 decimals, rounded half away from zero. */
static void
put_duration(FILE *out, int64_t ns)
{
	uint64_t a = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t ms = (a + 500000) / 1000000;

	fprintf(out, " (%s%llu.%03llus)", ns < 0 ? "-" : "",
	    (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
}

/* "STATUS     ID [route R] (D.DDDs)" */
static void
put_result(struct view *v, const char *word, struct sw_str id,
    struct sw_str route, bool has_dur, int64_t dur_ns)
{
	FILE *out = v->out;
	size_t n = strlen(word);

	view_line_start(v);
	fputs(word, out);
	do
		putc(' ', out);
	while (++n < VIEW_STATUS_WIDTH + 1);
	view_put_escaped(out, id.ptr, id.len);
	if (route.ptr != NULL) {
		fputs(" [route ", out);
		view_put_escaped(out, route.ptr, route.len);
		putc(']', out);
	}
	if (has_dur)
		put_duration(out, dur_ns);
	putc('\n', out);
}

static bool
mime_is_text(const struct view_file *f)
{
	return f->has_mime && f->mime.len >= 5 &&
	    strncasecmp((const char *)f->mime.data, "text/", 5) == 0;
}

bool
view_file_is_text(const struct view_file *f)
{
	return mime_is_text(f) || (!f->has_mime &&
	    sw_utf8_valid((const char *)f->data.data, f->data.len));
}

/* Attachment bytes, indented; text as is, anything else in hex. */
static void
put_file_body(FILE *out, const struct view_file *f)
{
	const uint8_t *p = f->data.data;
	size_t len = f->data.len, shown;

	if (view_file_is_text(f)) {
		for (size_t i = 0; i < len;) {
			const uint8_t *nl = memchr(p + i, '\n', len - i);
			size_t end = nl != NULL ? (size_t)(nl - p) + 1 : len;

			fputs("    ", out);
			fwrite(p + i, 1, end - i, out);
			i = end;
		}
		if (len > 0 && p[len - 1] != '\n')
			putc('\n', out);
		return;
	}
	shown = len < VIEW_HEX_MAX ? len : VIEW_HEX_MAX;
	for (size_t i = 0; i < shown; i++) {
		bool first = i % VIEW_HEX_PER_LINE == 0;
		bool last = i % VIEW_HEX_PER_LINE == VIEW_HEX_PER_LINE - 1 ||
		    i == shown - 1;

		fprintf(out, "%s%02x%s", first ? "    " : " ", p[i],
		    last ? "\n" : "");
	}
	if (shown < len)
		fprintf(out, "    ... %zu more bytes\n", len - shown);
}

static void
put_files(struct view *v, const struct view_test *t)
{
	for (const struct view_file *f = t->files; f != NULL; f = f->next) {
		fputs("  ", v->out);
		view_put_escaped(v->out, (const char *)f->name.data, f->name.len);
		if (view_file_is_text(f)) {
			putc(':', v->out);
		} else {
			fprintf(v->out, ": %zu byte%s", f->data.len,
			    f->data.len == 1 ? "" : "s");
			if (f->has_mime) {
				fputs(", ", v->out);
				view_put_escaped(v->out, (const char *)f->mime.data,
				    f->mime.len);
			}
		}
		putc('\n', v->out);
		put_file_body(v->out, f);
	}
}

/* ---- test state ---- */

/* Build the map key of ev's test in v->key. */
static int
view_key(struct view *v, const struct sw_packet *ev)
{
	return view_key_build(&v->key, ev->route_code, ev->test_id);
}

static void
file_free(struct view_file *f)
{
	sw_buf_free(&f->name);
	sw_buf_free(&f->mime);
	sw_buf_free(&f->data);
	free(f);
}

static void
test_drop_files(struct view_test *t)
{
	struct view_file *f, *next;

	for (f = t->files; f != NULL; f = next) {
		next = f->next;
		file_free(f);
	}
	t->files = NULL;
	t->files_tail = &t->files;
}

static void
test_free(struct view_test *t)
{
	test_drop_files(t);
	sw_buf_free(&t->key);
	free(t);
}

/* A fresh state for the test whose key is in v->key, in no list yet. */
static struct view_test *
test_alloc(struct view *v)
{
	struct view_test *t = v->spare;

	if (t != NULL) {
		v->spare = t->next;
		v->nspare--;
	} else if ((t = calloc(1, sizeof(*t))) == NULL) {
		return NULL;
	}
	t->prev = t->next = NULL;
	t->files = NULL;
	t->files_tail = &t->files;
	t->has_start = false;
	t->had_subtests = false;
	t->key.len = 0;
	if (sw_buf_append(&t->key, v->key.data, v->key.len) < 0) {
		test_free(t);
		return NULL;
	}
	return t;
}

/* Forget a finished test, keeping its memory if the spare list has room. */
static void
test_recycle(struct view *v, struct view_test *t)
{
	test_drop_files(t);
	if (v->nspare >= VIEW_SPARE_MAX) {
		test_free(t);
		return;
	}
	t->next = v->spare;
	v->spare = t;
	v->nspare++;
}

static void
list_unlink(struct view *v, struct view_test *t)
{
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		v->head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	else
		v->tail = t->prev;
	t->prev = t->next = NULL;
}

/* The state of ev's test, created if needed.  NULL on ENOMEM. */
static struct view_test *
test_get(struct view *v, const struct sw_packet *ev)
{
	struct view_test *t;

	if (view_key(v, ev) < 0)
		return NULL;
	if ((t = sw_map_get(&v->tests, v->key.data, v->key.len)) != NULL)
		return t;
	if ((t = test_alloc(v)) == NULL)
		return NULL;
	if (sw_map_put(&v->tests, t->key.data, t->key.len, t, NULL) < 0) {
		test_free(t);
		return NULL;
	}
	t->prev = v->tail;
	if (v->tail != NULL)
		v->tail->next = t;
	else
		v->head = t;
	v->tail = t;
	return t;
}

/*
 * Take ev's test out of the map and the in-progress list into *tp (NULL
 * if it has no state).  Returns 0 or -ENOMEM.
 */
static int
test_take(struct view *v, const struct sw_packet *ev, struct view_test **tp)
{
	void *t;
	int rc;

	*tp = NULL;
	/* Streams of bare final statuses never pay for a key or a hash. */
	if (sw_map_len(&v->tests) == 0)
		return 0;
	if ((rc = view_key(v, ev)) < 0)
		return rc;
	if (sw_map_remove(&v->tests, v->key.data, v->key.len, &t)) {
		list_unlink(v, t);
		*tp = t;
	}
	return 0;
}

/* Add ev's file chunk to t: continues the open file of that name, if any. */
static int
test_attach(struct view_test *t, const struct sw_packet *ev)
{
	struct view_file *f, *open = NULL;
	int rc;

	for (f = t->files; f != NULL; f = f->next)
		if (!f->eof && f->name.len == ev->file_name.len &&
		    memcmp(f->name.data, ev->file_name.ptr, f->name.len) == 0)
			open = f;
	if ((f = open) == NULL) {
		if ((f = calloc(1, sizeof(*f))) == NULL)
			return -ENOMEM;
		if ((rc = sw_buf_append(&f->name, ev->file_name.ptr,
		    ev->file_name.len)) < 0) {
			file_free(f);
			return rc;
		}
		*t->files_tail = f;
		t->files_tail = &f->next;
	}
	if (!f->has_mime && ev->mime_type.ptr != NULL) {
		if ((rc = sw_buf_append(&f->mime, ev->mime_type.ptr,
		    ev->mime_type.len)) < 0)
			return rc;
		f->has_mime = true;
	}
	if ((rc = sw_buf_append(&f->data, ev->file_bytes, ev->file_len)) < 0)
		return rc;
	f->eof = ev->eof;
	return 0;
}

/* ---- events ---- */

/* No test id: not a test; its bytes go straight through. */
static int
view_untied(struct view *v, const struct sw_packet *ev)
{
	if (v->stats_only || ev->file_name.ptr == NULL || ev->file_len == 0)
		return 0;
	fwrite(ev->file_bytes, 1, ev->file_len, v->out);
	v->mid_line = ev->file_bytes[ev->file_len - 1] != '\n';
	return 0;
}

/* inprogress, status 0 or a bare attachment: the test is running. */
static int
view_progress(struct view *v, const struct sw_packet *ev)
{
	struct view_test *t = test_get(v, ev);

	if (t == NULL)
		return -ENOMEM;
	if (ev->has_timestamp && !t->has_start) {
		t->has_start = true;
		t->start_sec = ev->ts_sec;
		t->start_nsec = ev->ts_nsec;
	}
	if (ev->file_name.ptr != NULL && view_keeps_files(v))
		return test_attach(t, ev);
	return 0;
}

static void
count(struct view *v, enum sw_status s)
{
	if (s == SW_STATUS_SUCCESS || s == SW_STATUS_XFAIL)
		v->counts.passed++;
	else if (s == SW_STATUS_SKIP)
		v->counts.skipped++;
	else
		v->counts.failed++;
}

/*
 * The test in progress on route whose id P makes id "P (LABEL)", the
 * longest such P, into *pp (NULL if none).  Uses v->key.  Returns 0 or
 * -ENOMEM.
 */
static int
find_parent(struct view *v, struct sw_str route, struct sw_str id,
    struct view_test **pp)
{
	int rc;

	*pp = NULL;
	if (id.len < 4 || id.ptr[id.len - 1] != ')' ||
	    sw_map_len(&v->tests) == 0)
		return 0;
	for (size_t k = id.len - 3; k > 0; k--) {
		if (id.ptr[k] != ' ' || id.ptr[k + 1] != '(')
			continue;
		if ((rc = view_key_build(&v->key, route, (struct sw_str){ id.ptr, k })) < 0)
			return rc;
		if ((*pp = sw_map_get(&v->tests, v->key.data, v->key.len)) !=
		    NULL)
			return 0;
	}
	return 0;
}

/*
 * Fill d->parent: the packet's parent field if given, else the parent in
 * progress; mark that one as having subtests.
 */
static int
done_parent(struct view *v, struct view_done *d, struct sw_str field)
{
	struct view_test *p;
	struct sw_str route;
	int rc;

	if ((rc = find_parent(v, d->route, d->id, &p)) < 0)
		return rc;
	if (p != NULL) {
		p->had_subtests = true;
		view_key_split(&p->key, &route, &d->parent);
	}
	if (field.ptr != NULL)
		d->parent = field;
	return 0;
}

/* Hand t (a state in no list) to the report as ending with ev. */
static int
report_final(struct view *v, const struct view_test *t,
    const struct sw_packet *ev)
{
	struct view_done d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.id = ev->test_id;
	d.route = ev->route_code;
	d.status = ev->status;
	d.had_subtests = t->had_subtests;
	d.has_start = t->has_start;
	d.start_sec = t->start_sec;
	d.start_nsec = t->start_nsec;
	d.has_end = ev->has_timestamp;
	d.end_sec = ev->ts_sec;
	d.end_nsec = ev->ts_nsec;
	d.files = t->files;
	if ((rc = done_parent(v, &d, ev->parent_id)) < 0)
		return rc;
	return v->report(v->report_ctx, &d);
}

static int
view_final(struct view *v, const struct sw_packet *ev)
{
	struct view_test *t, fake, *ft;
	bool failed = status_is_failure(ev->status), has_dur = false;
	int64_t dur = 0;
	int rc;

	if ((rc = test_take(v, ev, &t)) < 0)
		return rc;
	count(v, ev->status);
	if (!view_keeps_files(v)) {
		if (t != NULL)
			test_recycle(v, t);
		return 0;
	}
	/* No earlier event: only this packet's file, a state on the stack. */
	if ((ft = t) == NULL) {
		memset(&fake, 0, sizeof(fake));
		fake.files_tail = &fake.files;
		ft = &fake;
	}
	if (ev->file_name.ptr != NULL && (failed || v->report != NULL))
		rc = test_attach(ft, ev);
	if (!v->stats_only) {
		if (ft->has_start && ev->has_timestamp) {
			has_dur = true;
			dur = ((int64_t)ev->ts_sec - ft->start_sec) *
			    1000000000 + ((int64_t)ev->ts_nsec - ft->start_nsec);
		}
		put_result(v, sw_status_name(ev->status), ev->test_id,
		    ev->route_code, has_dur, dur);
		if (failed)
			put_files(v, ft);
	}
	if (v->report != NULL && rc == 0)
		rc = report_final(v, ft, ev);
	if (t != NULL)
		test_recycle(v, t);
	else
		test_drop_files(&fake);
	return rc;
}

int
view_event(struct view *v, const struct sw_packet *ev)
{
	if (ev->test_id.ptr == NULL)
		return view_untied(v, ev);
	if (ev->status == SW_STATUS_EXISTS)
		return 0;
	if (status_is_final(ev->status))
		return view_final(v, ev);
	return view_progress(v, ev);
}

/* Hand t, still in progress at the end, to the report. */
static int
report_incomplete(struct view *v, const struct view_test *t)
{
	struct view_done d;
	int rc;

	memset(&d, 0, sizeof(d));
	view_key_split(&t->key, &d.route, &d.id);
	d.status = SW_STATUS_INPROGRESS;
	d.had_subtests = t->had_subtests;
	d.has_start = t->has_start;
	d.start_sec = t->start_sec;
	d.start_nsec = t->start_nsec;
	d.files = t->files;
	if ((rc = done_parent(v, &d, (struct sw_str){ NULL, 0 })) < 0)
		return rc;
	return v->report(v->report_ctx, &d);
}

int
view_finish(struct view *v)
{
	struct view_test *t, *p;
	struct sw_str route, id;
	int rc = 0;

	/* Parents first learn of their subtests, then all are reported. */
	for (t = v->head; v->report != NULL && t != NULL; t = t->next) {
		view_key_split(&t->key, &route, &id);
		if ((rc = find_parent(v, route, id, &p)) < 0)
			break;
		if (p != NULL)
			p->had_subtests = true;
	}
	for (t = v->head; t != NULL; t = t->next) {
		v->counts.failed++;
		if (!v->stats_only) {
			view_key_split(&t->key, &route, &id);
			put_result(v, "incomplete", id, route, false, 0);
			put_files(v, t);
		}
		if (v->report != NULL && rc == 0)
			rc = report_incomplete(v, t);
	}
	while ((t = v->head) != NULL) {
		list_unlink(v, t);
		sw_map_remove(&v->tests, t->key.data, t->key.len, NULL);
		test_recycle(v, t);
	}
	if (v->out == NULL)
		return rc;
	view_line_start(v);
	fprintf(v->out, "%llu passed, %llu failed, %llu skipped\n",
	    (unsigned long long)v->counts.passed,
	    (unsigned long long)v->counts.failed,
	    (unsigned long long)v->counts.skipped);
	return rc;
}

void
view_get_counts(const struct view *v, struct view_counts *c)
{
	*c = v->counts;
}

void
view_free(struct view *v)
{
	struct view_test *t, *next;

	if (v == NULL)
		return;
	for (t = v->head; t != NULL; t = next) {
		next = t->next;
		test_free(t);
	}
	for (t = v->spare; t != NULL; t = next) {
		next = t->next;
		test_free(t);
	}
	sw_map_free(&v->tests, NULL);
	sw_buf_free(&v->key);
	free(v);
}

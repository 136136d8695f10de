/*
 * wrap_emit: classifier events -> subunit v2 packets (see wrap_emit.h).
 *
 * Workload: from one program with a handful of tests up to a
 * 1,000,000-line TAP flood, i.e. two or three small packets per line.  So
 * each event encodes straight into the shared output buffer (no per-event
 * allocation once the id buffers have grown), ids are built by appending
 * to the parent's id (kept in place for the next sibling), and the caller
 * writes the buffer out once per batch of input.  In a flood most packets
 * are copies of one still in the buffer: a final status is its test's
 * inprogress packet with the status changed, an inprogress packet its
 * last sibling's with the id replaced (see put_status, do_open).
 *
 * The one slow path is a test whose label is deferred (PAT_OPEN without a
 * label): its ids are not known yet, so its events are copied into a hold
 * list with their timestamps and replayed when the name arrives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sw_enc.h"
#include "sw_utf8.h"
#include "wrap_emit.h"

/* Each named attachment of a test stays below testr's 4 MiB limit. */
#define ATTACH_PART_MAX EMIT_PART_MAX
/* Bytes of chatter per packet. */
#define CHUNK_MAX (65536u)
/* Held events (deferred labels) above this make the test take a label. */
#define HOLD_MAX (1u << 20)
#define TAIL_MAX 1024u
#define MIME_TEXT "text/plain;charset=utf8"

struct emit_out {
	int fd;
	struct sw_buf buf;
	/*
	 * The time of the current batch: everything emitted between two
	 * flushes came from one read of the program's output, so it happened
	 * "now" as far as the wrapper can tell; one clock read serves it all.
	 */
	struct timespec now;
	bool now_valid;
	bool now_set;            /* now given by emit_out_set_time */
	struct emit_opts opts;
	/* A status after its inprogress reuses that packet's CRC work. */
	struct sw_crc_memo crc_memo;
	/* Flushes so far: packets in buf before one are gone from it. */
	uint64_t flushes;
};

/*
 * With --max-attachment: the last bytes of one stream of one test, kept
 * while its head has been sent and the middle is being dropped.
 */
struct emit_ring {
	size_t cap, len, pos;    /* pos: where the next byte goes */
	uint64_t dropped;        /* bytes that went past the ring */
	char data[];
};

struct emit_test {
	struct sw_buf id;        /* the full test id */
	/*
	 * gen: which push made it (0: never used); parent_gen: its parent's
	 * gen then.  A sibling of the same parent finds the parent's id and
	 * " (" already at the start of id, and keeps them.
	 */
	uint64_t gen, parent_gen;
	bool runnable;
	bool id_checked;         /* its inprogress packet was encoded: the
	                            encoder checked id, route and parent */
	/*
	 * Its inprogress packet, while it is still in the output buffer
	 * (ip_flushes == out->flushes): a final status at the same time
	 * is a copy of it with another status (see do_close).
	 */
	bool ip_kept;            /* ip_* describe a packet written */
	size_t ip_off, ip_len;
	uint64_t ip_flushes;
	struct timespec ip_ts;
	size_t part_bytes[2];    /* bytes in the current stdout/stderr part */
	unsigned part[2];        /* 1: "stdout", 2: "stdout.2", ... */
	uint64_t total[2];       /* chatter bytes seen, per stream */
	struct emit_ring *ring[2]; /* --max-attachment: the tail kept */
};

/* A held event, for a test whose label is deferred. */
struct held {
	enum pat_kind kind;
	struct timespec ts;
	bool runnable;
	enum sw_status status;
	unsigned level;
	int fd;
	size_t len;              /* of data */
	bool has_label;
	char data[];             /* label, reason or bytes */
};

struct emit {
	struct emit_out *out;
	char *route;
	char *prefix;
	/*
	 * route and prefix are valid UTF-8 (checked once): then every id,
	 * built by escaping labels onto them, needs no check per packet.
	 */
	bool ids_valid;
	struct emit_test *stack;
	unsigned depth, cap;
	uint64_t pushes;         /* gens given out */
	unsigned hold_depth;     /* depth of the deferred test, 0: none */
	struct held **held;
	size_t nheld, held_cap, held_bytes;
	unsigned unnamed;        /* labels given to overflowing holds */
	char tail[TAIL_MAX];     /* ring of the last chatter bytes */
	size_t tail_len, tail_pos;
};

/* ---- output -------------------------------------------------------------- */

struct emit_out *
emit_out_new(int fd)
{
	struct emit_out *o = calloc(1, sizeof *o);

	if (o)
		o->fd = fd;
	return o;
}

int
emit_out_flush(struct emit_out *o)
{
	size_t done = 0;

	o->flushes++;
	while (done < o->buf.len) {
		ssize_t n = write(o->fd, o->buf.data + done, o->buf.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sw_buf_consume(&o->buf, done);
			return -errno;
		}
		done += (size_t)n;
	}
	o->buf.len = 0;
	if (!o->now_set)
		o->now_valid = false;
	return 0;
}

size_t
emit_out_pending(const struct emit_out *o)
{
	return o->buf.len;
}

void
emit_out_free(struct emit_out *o)
{
	if (o == NULL)
		return;
	sw_buf_free(&o->buf);
	free(o);
}

void
emit_out_set_time(struct emit_out *o, const struct timespec *ts)
{
	o->now_set = ts != NULL;
	o->now_valid = ts != NULL;
	if (ts != NULL)
		o->now = *ts;
}

void
emit_out_set_opts(struct emit_out *o, const struct emit_opts *opts)
{
	o->opts = *opts;
}

int
emit_out_packet(struct emit_out *o, const struct sw_packet *p)
{
	ssize_t n = p->file_name.ptr ? sw_enc_append_chunked(p, 0, &o->buf) :
	    sw_enc_append_memo(p, &o->buf, &o->crc_memo);

	return n < 0 ? (int)n : 0;
}

/* ---- packets ------------------------------------------------------------- */

/* A packet with the emitter's route and the given time; id may be NULL. */
static void
packet_init(const struct emit *e, struct sw_packet *p, const struct sw_buf *id,
    const struct timespec *ts)
{
	sw_packet_init(p);
	p->has_timestamp = true;
	p->ts_sec = (uint32_t)ts->tv_sec;
	p->ts_nsec = (uint32_t)ts->tv_nsec;
	p->route_code = sw_str_c(e->route);
	if (id) {
		p->test_id.ptr = (const char *)id->data;
		p->test_id.len = id->len;
	}
	/* --parent-ids: a subtest's packets name the test it belongs to. */
	for (unsigned i = 1; id && e->out->opts.parent_ids && i < e->depth;
	    i++)
		if (&e->stack[i].id == id) {
			p->parent_id.ptr = (const char *)e->stack[i - 1].id.data;
			p->parent_id.len = e->stack[i - 1].id.len;
		}
}

static int
put(struct emit *e, const struct sw_packet *p)
{
	ssize_t n = p->file_name.ptr ? sw_enc_append_chunked(p, 0, &e->out->buf)
	    : sw_enc_append_memo(p, &e->out->buf, &e->out->crc_memo);

	return n < 0 ? (int)n : 0;
}

static struct timespec
now(struct emit *e)
{
	struct emit_out *o = e->out;

	if (!o->now_valid) {
		clock_gettime(CLOCK_REALTIME, &o->now);
		o->now_valid = true;
	}
	return o->now;
}

/* ---- the stack of open tests ----------------------------------------- */

static bool
valid_or_null(const char *s)
{
	return s == NULL || sw_utf8_invalid_at(s, strlen(s)) < 0;
}

struct emit *
emit_new(struct emit_out *o, const char *route_code, const char *id_prefix)
{
	struct emit *e = calloc(1, sizeof *e);

	if (e == NULL)
		return NULL;
	e->out = o;
	if ((route_code && (e->route = strdup(route_code)) == NULL) ||
	    (id_prefix && (e->prefix = strdup(id_prefix)) == NULL)) {
		emit_free(e);
		return NULL;
	}
	e->ids_valid = valid_or_null(e->route) && valid_or_null(e->prefix);
	return e;
}

static void
drop_held(struct emit *e)
{
	for (size_t i = 0; i < e->nheld; i++)
		free(e->held[i]);
	e->nheld = 0;
	e->held_bytes = 0;
}

void
emit_free(struct emit *e)
{
	if (e == NULL)
		return;
	for (unsigned i = 0; i < e->cap; i++) {
		sw_buf_free(&e->stack[i].id);
		free(e->stack[i].ring[0]);
		free(e->stack[i].ring[1]);
	}
	free(e->stack);
	drop_held(e);
	free(e->held);
	free(e->route);
	free(e->prefix);
	free(e);
}

unsigned
emit_depth(const struct emit *e)
{
	return e->depth;
}

/* Escape and trim a label, appending it to id. */
static int
append_label(struct sw_buf *id, struct sw_str label)
{
	const char *s = label.ptr ? label.ptr : "";
	size_t n = label.ptr ? label.len : 0;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return sw_utf8_escape(s, n, id);
}

/* Push a test; its id is built from the parent's and the label. */
static int
push(struct emit *e, struct sw_str label, bool runnable)
{
	struct emit_test *t;
	int rc = 0;

	if (e->depth == e->cap) {
		unsigned cap = e->cap ? e->cap * 2 : 8;
		struct emit_test *s = realloc(e->stack, cap * sizeof *s);

		if (s == NULL)
			return -ENOMEM;
		memset(s + e->cap, 0, (cap - e->cap) * sizeof *s);
		e->stack = s;
		e->cap = cap;
	}
	t = &e->stack[e->depth];
	t->id.len = 0;
	if (e->depth == 0) {
		if (e->prefix)
			rc = sw_buf_append(&t->id, e->prefix, strlen(e->prefix));
	} else {
		struct emit_test *up = &e->stack[e->depth - 1];

		if (t->gen != 0 && t->parent_gen == up->gen)
			t->id.len = up->id.len + 2;     /* still there */
		else if (sw_buf_append(&t->id, up->id.data, up->id.len) < 0 ||
		    sw_buf_append(&t->id, " (", 2) < 0)
			return -ENOMEM;
		t->parent_gen = up->gen;
	}
	if (rc < 0 || append_label(&t->id, label) < 0 ||
	    (e->depth > 0 && sw_buf_append(&t->id, ")", 1) < 0))
		return -ENOMEM;
	t->gen = ++e->pushes;
	t->runnable = runnable;
	t->id_checked = false;
	memset(t->part_bytes, 0, sizeof t->part_bytes);
	t->part[0] = t->part[1] = 1;
	t->total[0] = t->total[1] = 0;
	for (int i = 0; i < 2; i++)
		if (t->ring[i])
			t->ring[i]->len = t->ring[i]->pos = t->ring[i]->dropped = 0;
	e->depth++;
	return 0;
}

/* ---- holding events for a deferred label ------------------------------- */

static int
hold(struct emit *e, enum pat_kind kind, const struct timespec *ts,
    const void *data, size_t len, bool has_label)
{
	struct held *h;

	if (e->nheld == e->held_cap) {
		size_t cap = e->held_cap ? e->held_cap * 2 : 64;
		struct held **p = realloc(e->held, cap * sizeof *p);

		if (p == NULL)
			return -ENOMEM;
		e->held = p;
		e->held_cap = cap;
	}
	if ((h = calloc(1, sizeof *h + len + 1)) == NULL)
		return -ENOMEM;
	h->kind = kind;
	h->ts = *ts;
	h->len = len;
	h->has_label = has_label;
	if (len)
		memcpy(h->data, data, len);
	e->held[e->nheld++] = h;
	e->held_bytes += sizeof *h + len;
	return 0;
}

static int do_open(struct emit *, struct sw_str, bool, const struct timespec *);
static int ring_flush(struct emit *, struct emit_test *,
    const struct timespec *);
static int do_close(struct emit *, enum sw_status, const char *, size_t,
    const struct timespec *);
static int do_bytes(struct emit *, unsigned, int, const uint8_t *, size_t,
    const struct timespec *);
static int do_name(struct emit *, struct sw_str, const struct timespec *);

/* Replay the held events now that the deferred test has its label. */
static int
replay(struct emit *e, struct sw_str label)
{
	struct held **list = e->held;
	size_t n = e->nheld;
	int rc = 0;

	e->held = NULL;
	e->nheld = e->held_cap = 0;
	e->held_bytes = 0;
	e->hold_depth = 0;
	/* The first held event is the deferred open itself. */
	for (size_t i = 0; i < n; i++) {
		struct held *h = list[i];
		struct sw_str s = { h->data, h->len };

		if (rc < 0)
			;
		else if (i == 0)
			rc = do_open(e, label, h->runnable, &h->ts);
		else if (h->kind == PAT_OPEN)
			rc = do_open(e, h->has_label ? s : (struct sw_str){ 0 },
			    h->runnable, &h->ts);
		else if (h->kind == PAT_NAME)
			rc = do_name(e, s, &h->ts);
		else if (h->kind == PAT_CLOSE)
			rc = do_close(e, h->status, h->data, h->len, &h->ts);
		else
			rc = do_bytes(e, h->level, h->fd,
			    (const uint8_t *)h->data, h->len, &h->ts);
		free(h);
	}
	free(list);
	return rc;
}

/* Too much held: give the deferred test a label of its own now. */
static int
hold_overflow(struct emit *e)
{
	char label[48];

	if (e->held_bytes <= HOLD_MAX)
		return 0;
	snprintf(label, sizeof label, "unnamed subtest %u", ++e->unnamed);
	return replay(e, sw_str_c(label));
}

/* ---- the operations ---------------------------------------------------- */

/*
 * Can the next test at this depth have its inprogress packet copied from
 * the last one's there (sw_enc_append_reid)?  Only if that packet is
 * still in the buffer, of the same time and runnable flag, and its ids
 * were valid (so the new one, escaped onto them, is); without parent ids
 * (a new parent would change that field too).
 */
static bool
sibling_packet_usable(const struct emit *e, bool runnable,
    const struct timespec *ts)
{
	const struct emit_test *t;

	if (e->depth >= e->cap || !e->ids_valid || e->out->opts.parent_ids)
		return false;
	t = &e->stack[e->depth];
	return t->ip_kept && t->runnable == runnable &&
	    t->ip_flushes == e->out->flushes &&
	    t->ip_ts.tv_sec == ts->tv_sec && t->ip_ts.tv_nsec == ts->tv_nsec;
}

static int
do_open(struct emit *e, struct sw_str label, bool runnable,
    const struct timespec *ts)
{
	struct sw_packet p;
	struct emit_test *t;
	bool sibling;
	size_t at;
	int rc;

	if (e->hold_depth || label.ptr == NULL) {
		if (e->hold_depth == 0)
			e->hold_depth = e->depth + 1;
		rc = hold(e, PAT_OPEN, ts, label.ptr, label.len,
		    label.ptr != NULL);
		if (rc == 0)
			e->held[e->nheld - 1]->runnable = runnable;
		return rc;
	}
	sibling = sibling_packet_usable(e, runnable, ts);
	if ((rc = push(e, label, runnable)) < 0)
		return rc;
	t = &e->stack[e->depth - 1];
	at = e->out->buf.len;
	rc = -EMSGSIZE;
	if (sibling)
		rc = (int)sw_enc_append_reid(&e->out->buf, t->ip_off, t->ip_len,
		    (struct sw_str){ (const char *)t->id.data, t->id.len },
		    SW_STATUS_INPROGRESS, &e->out->crc_memo);
	if (rc == -EMSGSIZE) {
		packet_init(e, &p, &t->id, ts);
		p.status = SW_STATUS_INPROGRESS;
		p.runnable = runnable;
		p.ids_checked = e->ids_valid;
		rc = put(e, &p);
	}
	if (rc < 0)
		return rc;
	/* The encoder checked the id (or push() escaped it onto valid
	   ones): its status packet needs no second scan. */
	t->id_checked = true;
	t->ip_kept = true;
	t->ip_off = at;
	t->ip_len = e->out->buf.len - at;
	t->ip_flushes = e->out->flushes;
	t->ip_ts = *ts;
	return 0;
}

static int
do_name(struct emit *e, struct sw_str label, const struct timespec *ts)
{
	/* Only the deferred test itself is named by this; see pat.h. */
	if (e->hold_depth && e->hold_depth == e->depth + 1 + 0 &&
	    e->nheld > 0) {
		int open_after = 0;

		/* Is the deferred test the innermost held open one? */
		for (size_t i = 1; i < e->nheld; i++) {
			if (e->held[i]->kind == PAT_OPEN)
				open_after++;
			else if (e->held[i]->kind == PAT_CLOSE)
				open_after--;
		}
		if (open_after == 0)
			return replay(e, label);
	}
	if (e->hold_depth)
		return hold(e, PAT_NAME, ts, label.ptr, label.len, true);
	return 0;       /* already labelled (overflow): nothing to do */
}

/*
 * The final status packet of t.  At the time of its inprogress packet,
 * still in the buffer, it is that packet with another status: a copy.
 */
static int
put_status(struct emit *e, struct emit_test *t, enum sw_status status,
    const struct timespec *ts)
{
	struct emit_out *o = e->out;
	struct sw_packet p;
	ssize_t n;

	if (t->id_checked && t->ip_flushes == o->flushes &&
	    t->ip_ts.tv_sec == ts->tv_sec && t->ip_ts.tv_nsec == ts->tv_nsec) {
		n = sw_enc_append_restatus(&o->buf, t->ip_off, t->ip_len,
		    status, &o->crc_memo);
		return n < 0 ? (int)n : 0;
	}
	packet_init(e, &p, &t->id, ts);
	p.status = status;
	p.runnable = t->runnable;
	/* Its inprogress packet had the id (and route, parent) checked. */
	p.ids_checked = t->id_checked;
	return put(e, &p);
}

/* The reason attachment, then the final status, then pop. */
static int
do_close(struct emit *e, enum sw_status status, const char *reason,
    size_t rlen, const struct timespec *ts)
{
	struct sw_packet p;
	struct emit_test *t;
	int rc;

	if (e->hold_depth) {
		rc = hold(e, PAT_CLOSE, ts, reason, rlen, false);
		if (rc == 0)
			e->held[e->nheld - 1]->status = status;
		return rc < 0 ? rc : hold_overflow(e);
	}
	if (e->depth == 0)
		return 0;
	t = &e->stack[e->depth - 1];
	if ((rc = ring_flush(e, t, ts)) < 0)
		return rc;
	if (reason && rlen > 0) {
		packet_init(e, &p, &t->id, ts);
		p.runnable = t->runnable;
		p.mime_type = sw_str_c(MIME_TEXT);
		p.file_name = sw_str_c("reason");
		p.file_bytes = (const uint8_t *)reason;
		p.file_len = rlen;
		p.eof = true;
		if ((rc = put(e, &p)) < 0)
			return rc;
	}
	/* Popped only once written: emit_last_rites still sees it if not. */
	if ((rc = put_status(e, t, status, ts)) == 0)
		e->depth--;
	return rc;
}

static void
remember_tail(struct emit *e, const uint8_t *b, size_t n)
{
	if (n >= TAIL_MAX) {
		memcpy(e->tail, b + n - TAIL_MAX, TAIL_MAX);
		e->tail_len = TAIL_MAX;
		e->tail_pos = 0;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		e->tail[e->tail_pos] = (char)b[i];
		e->tail_pos = (e->tail_pos + 1) % TAIL_MAX;
	}
	e->tail_len = e->tail_len + n > TAIL_MAX ? TAIL_MAX : e->tail_len + n;
}

/* The attachment name of part `part` of stream fd: "stdout", "stdout.2". */
static const char *
part_name(int fd, unsigned part, char *buf, size_t cap)
{
	const char *base = fd == 2 ? "stderr" : "stdout";

	if (part <= 1)
		return base;
	snprintf(buf, cap, "%s.%u", base, part);
	return buf;
}

/* One packet of chatter for test t (NULL: untied). */
static int
put_chunk(struct emit *e, struct emit_test *t, int fd, const uint8_t *b,
    size_t n, const struct timespec *ts)
{
	struct sw_packet p;
	char name[32];
	unsigned part = t ? t->part[fd == 2] : 1;

	packet_init(e, &p, t ? &t->id : NULL, ts);
	p.runnable = t ? t->runnable : true;
	p.mime_type = sw_str_c(MIME_TEXT);
	p.file_name = sw_str_c(part_name(fd, part, name, sizeof name));
	p.file_bytes = b;
	p.file_len = n;
	return put(e, &p);
}

/* Chatter for test t (NULL: untied), continuing in "stdout.2"... */
static int
put_chatter(struct emit *e, struct emit_test *t, int fd, const uint8_t *b,
    size_t n, const struct timespec *ts)
{
	int rc;

	while (n > 0) {
		size_t k = n < CHUNK_MAX ? n : CHUNK_MAX;
		int i = fd == 2;

		if (t && t->part_bytes[i] + k > ATTACH_PART_MAX) {
			if (t->part_bytes[i] == ATTACH_PART_MAX) {
				t->part[i]++;
				t->part_bytes[i] = 0;
			}
			k = ATTACH_PART_MAX - t->part_bytes[i] < k ?
			    ATTACH_PART_MAX - t->part_bytes[i] : k;
		}
		if ((rc = put_chunk(e, t, fd, b, k, ts)) < 0)
			return rc;
		if (t)
			t->part_bytes[i] += k;
		b += k;
		n -= k;
	}
	return 0;
}

/* Keep the last bytes of b in t's ring for stream i (made on first use). */
static int
ring_push(struct emit *e, struct emit_test *t, int i, const uint8_t *b,
    size_t n)
{
	struct emit_ring *r = t->ring[i];
	size_t cap = e->out->opts.max_attachment / 2;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r) + cap)) == NULL)
			return -ENOMEM;
		r->cap = cap;
		t->ring[i] = r;
	}
	if (n > r->cap) {
		r->dropped += n - r->cap;
		b += n - r->cap;
		n = r->cap;
	}
	if (r->len + n > r->cap) {
		r->dropped += r->len + n - r->cap;
		r->len = r->cap - n;
	}
	for (size_t j = 0; j < n; j++) {
		r->data[r->pos] = (char)b[j];
		r->pos = (r->pos + 1) % r->cap;
	}
	r->len += n;
	return 0;
}

/*
 * At close, with --max-attachment: what the rings kept, after a note
 * saying how much of the middle was dropped.
 */
static int
ring_flush(struct emit *e, struct emit_test *t, const struct timespec *ts)
{
	char note[96];
	int rc;

	for (int i = 0; i < 2; i++) {
		struct emit_ring *r = t->ring[i];
		size_t start, first;

		if (r == NULL || r->len == 0)
			continue;
		if (r->dropped > 0) {
			snprintf(note, sizeof(note), "\n[subunit-wrap: %llu "
			    "bytes cut by --max-attachment]\n",
			    (unsigned long long)r->dropped);
			if ((rc = put_chatter(e, t, i + 1, (const uint8_t *)note,
			    strlen(note), ts)) < 0)
				return rc;
		}
		start = (r->pos + r->cap - r->len) % r->cap;
		first = r->cap - start < r->len ? r->cap - start : r->len;
		if ((rc = put_chatter(e, t, i + 1, (uint8_t *)r->data + start,
		    first, ts)) < 0 || (rc = put_chatter(e, t, i + 1,
		    (uint8_t *)r->data, r->len - first, ts)) < 0)
			return rc;
		r->len = r->pos = r->dropped = 0;
	}
	return 0;
}

static int
do_bytes(struct emit *e, unsigned level, int fd, const uint8_t *b, size_t n,
    const struct timespec *ts)
{
	size_t max = e->out->opts.max_attachment;
	struct emit_test *t = NULL;
	int i = fd == 2, rc;

	if (e->hold_depth) {
		rc = hold(e, PAT_BYTES, ts, b, n, false);
		if (rc == 0) {
			e->held[e->nheld - 1]->level = level;
			e->held[e->nheld - 1]->fd = fd;
		}
		return rc < 0 ? rc : hold_overflow(e);
	}
	remember_tail(e, b, n);
	if (e->depth > 0)
		t = &e->stack[level < e->depth ? level : e->depth - 1];
	if (t == NULL || max == 0)
		return put_chatter(e, t, fd, b, n, ts);
	/* --max-attachment: the head now, the tail at close. */
	if (t->total[i] < max - max / 2) {
		size_t k = max - max / 2 - t->total[i];

		k = k < n ? k : n;
		if ((rc = put_chatter(e, t, fd, b, k, ts)) < 0)
			return rc;
		t->total[i] += k;
		b += k;
		n -= k;
	}
	t->total[i] += n;
	return n > 0 ? ring_push(e, t, i, b, n) : 0;
}

/* ---- public entry points ----------------------------------------------- */

int
emit_open(struct emit *e, struct sw_str label, bool runnable)
{
	struct timespec ts = now(e);

	return do_open(e, label, runnable, &ts);
}

int
emit_name(struct emit *e, struct sw_str label)
{
	struct timespec ts = now(e);

	return do_name(e, label, &ts);
}

int
emit_close(struct emit *e, enum sw_status status, const char *reason)
{
	struct timespec ts = now(e);

	return do_close(e, status, reason, reason ? strlen(reason) : 0, &ts);
}

/* Write n bytes to the output, all of them; 0 or -errno. */
static int
write_all(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int
emit_last_rites(struct emit *e, enum sw_status status, const char *reason)
{
	/* Room for a reason and a status next to ids of a few KiB. */
	uint8_t pkt[16384];
	struct timespec ts;
	int rc;

	if ((rc = emit_out_flush(e->out)) < 0)
		return rc;
	clock_gettime(CLOCK_REALTIME, &ts);
	for (; e->depth > 0; e->depth--) {
		struct emit_test *t = &e->stack[e->depth - 1];
		struct sw_packet p;
		ssize_t n;

		packet_init(e, &p, &t->id, &ts);
		p.runnable = t->runnable;
		p.mime_type = sw_str_c(MIME_TEXT);
		p.file_name = sw_str_c("reason");
		p.file_bytes = (const uint8_t *)reason;
		p.file_len = strlen(reason);
		p.eof = true;
		n = sw_enc_packet(&p, pkt, sizeof pkt);
		if (n > 0 && (rc = write_all(e->out->fd, pkt, (size_t)n)) < 0)
			return rc;
		packet_init(e, &p, &t->id, &ts);
		p.status = status;
		p.runnable = t->runnable;
		n = sw_enc_packet(&p, pkt, sizeof pkt);
		if (n > 0 && (rc = write_all(e->out->fd, pkt, (size_t)n)) < 0)
			return rc;
	}
	e->hold_depth = 0;
	drop_held(e);
	return 0;
}

int
emit_close_all(struct emit *e, enum sw_status status, const char *reason)
{
	int rc = 0;

	if (e->hold_depth) {
		/* Give the deferred test a label so it can be closed. */
		char label[48];

		snprintf(label, sizeof label, "unnamed subtest %u",
		    ++e->unnamed);
		rc = replay(e, sw_str_c(label));
	}
	while (rc == 0 && e->depth > 0)
		rc = emit_close(e, status, reason);
	return rc;
}

int
emit_bytes(struct emit *e, unsigned level, int fd, const void *bytes,
    size_t len)
{
	struct timespec ts = now(e);

	return do_bytes(e, level, fd, bytes, len, &ts);
}

int
emit_attach(struct emit *e, const char *name, const void *bytes, size_t len)
{
	struct timespec ts = now(e);
	struct emit_test *t = e->depth > 0 ? &e->stack[0] : NULL;
	struct sw_packet p;

	if (len > CHUNK_MAX)
		len = CHUNK_MAX;
	packet_init(e, &p, t ? &t->id : NULL, &ts);
	p.runnable = t ? t->runnable : true;
	p.mime_type = sw_str_c(MIME_TEXT);
	p.file_name = sw_str_c(name);
	p.file_bytes = bytes;
	p.file_len = len;
	return put(e, &p);
}

int
emit_file(struct emit *e, const char *name, const char *mime,
    const void *bytes, size_t len, bool eof)
{
	struct timespec ts = now(e);
	struct sw_packet p;

	packet_init(e, &p, NULL, &ts);
	p.mime_type = sw_str_c(mime);
	p.file_name = sw_str_c(name);
	p.file_bytes = bytes;
	p.file_len = len;
	p.eof = eof;
	return put(e, &p);
}

int
emit_exists(struct emit *e, struct sw_str id)
{
	struct timespec ts = now(e);
	struct sw_buf buf = SW_BUF_INIT;
	struct sw_packet p;
	int rc;

	if ((e->prefix && sw_buf_append(&buf, e->prefix,
	    strlen(e->prefix)) < 0) || append_label(&buf, id) < 0) {
		sw_buf_free(&buf);
		return -ENOMEM;
	}
	packet_init(e, &p, &buf, &ts);
	p.status = SW_STATUS_EXISTS;
	rc = put(e, &p);
	sw_buf_free(&buf);
	return rc;
}

size_t
emit_tail(const struct emit *e, char *buf, size_t cap)
{
	size_t n = e->tail_len < cap - 1 ? e->tail_len : cap - 1;
	size_t start = (e->tail_pos + TAIL_MAX - n) % TAIL_MAX;

	for (size_t i = 0; i < n; i++)
		buf[i] = e->tail[(start + i) % TAIL_MAX];
	buf[n] = 0;
	return n;
}

int
emit_pat_event(void *ctx, const struct pat_event *ev)
{
	struct emit *e = ctx;
	struct timespec ts = now(e);

	switch (ev->kind) {
	case PAT_OPEN:
		return do_open(e, ev->label, ev->runnable, &ts);
	case PAT_NAME:
		return do_name(e, ev->label, &ts);
	case PAT_CLOSE:
		return do_close(e, ev->status, ev->reason.ptr, ev->reason.ptr ?
		    ev->reason.len : 0, &ts);
	case PAT_BYTES:
		return do_bytes(e, ev->level, ev->fd, ev->bytes, ev->len, &ts);
	case PAT_EXISTS:
		return emit_exists(e, ev->label);
	}
	return -EINVAL;
}

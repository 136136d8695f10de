/*
 * sw_dec: streaming subunit v2 decoder (behaviour: see sw_dec.h).
 *
 * Workload: well-formed packets of tens of bytes, read from a pipe in
 * chunks of 4 to 64 KiB, sometimes with runs of plain text between them.
 * So the scan runs in place over the caller's chunk (memchr to the next
 * signature byte, parse, CRC, deliver) and only an unfinished tail is
 * copied into `pend`.  pend always holds [pending text][undecided bytes]:
 * text that has been scanned but not delivered yet (at most
 * SW_DEC_TEXT_MAX), then a packet candidate waiting for more bytes.
 *
 * Decisions are final: once a signature byte has been judged to be text,
 * it stays text, so rescans after more input start at `scanned`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_buf.h"
#include "sw_crc.h"
#include "sw_dec.h"
#include "sw_utf8.h"

/* Bytes appended to pend per round when pend is not empty. */
#define FEED_CHUNK 65536u
#define REASON_MAX 160

struct sw_dec {
	sw_dec_cb cb;
	void *ctx;
	struct sw_buf pend;      /* [pending text][undecided], see above */
	size_t scanned;          /* bytes of pend already judged as text */
	uint8_t hist[3];         /* last text bytes delivered since the last */
	size_t nhist;            /*  packet, for the UTF-8 mid-character rule */
	struct sw_str *tags;     /* scratch for a packet's tags */
	size_t tags_cap;
	struct sw_dec_stats st;
};

/* Outcome of looking at a signature byte. */
enum verdict {
	V_PACKET,     /* a good packet of *plen bytes */
	V_MALFORMED,  /* CRC good, fields bad: consume *plen bytes, report */
	V_INVALID,    /* not a packet: the signature byte only */
	V_NEED_MORE,  /* cannot tell before more bytes arrive */
};

/* A scan over one contiguous buffer. */
struct scan {
	struct sw_dec *d;
	const uint8_t *buf;
	size_t len;
	size_t text;     /* start of the undelivered text run */
	size_t pos;      /* next byte to judge */
	bool eof;
	int rc;          /* callback's stop value or -ENOMEM */
};

struct sw_dec *
sw_dec_new(sw_dec_cb cb, void *ctx)
{
	struct sw_dec *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	d->cb = cb;
	d->ctx = ctx;
	return d;
}

void
sw_dec_free(struct sw_dec *d)
{
	if (d == NULL)
		return;
	sw_buf_free(&d->pend);
	free(d->tags);
	free(d);
}

void
sw_dec_get_stats(const struct sw_dec *d, struct sw_dec_stats *out)
{
	*out = d->st;
}

/* ---- delivering events ------------------------------------------------ */

static void
remember_text(struct sw_dec *d, const uint8_t *p, size_t n)
{
	if (n >= 3) {
		memcpy(d->hist, p + n - 3, 3);
		d->nhist = 3;
		return;
	}
	while (n--) {
		if (d->nhist == 3) {
			d->hist[0] = d->hist[1];
			d->hist[1] = d->hist[2];
			d->nhist = 2;
		}
		d->hist[d->nhist++] = *p++;
	}
}

static int
emit_text(struct sw_dec *d, const uint8_t *p, size_t n)
{
	struct sw_packet ev;

	if (n == 0)
		return 0;
	sw_packet_init(&ev);
	ev.file_name = sw_str_c("stdout");
	ev.file_bytes = p;
	ev.file_len = n;
	ev.flags = SW_FLAG_VERSION2 | SW_FLAG_RUNNABLE | SW_FLAG_FILE;
	remember_text(d, p, n);
	d->st.text_bytes += n;
	d->st.text_events++;
	return d->cb(d->ctx, &ev);
}

/* python-subunit's two events for a parse error. */
static int
emit_error(struct sw_dec *d, const uint8_t *data, size_t n, const char *why)
{
	struct sw_packet ev;
	int rc, rc2;

	d->st.errors++;
	d->nhist = 0;
	sw_packet_init(&ev);
	ev.test_id = sw_str_c(SW_DEC_PARSER_ID);
	ev.eof = true;
	ev.file_name = sw_str_c("Packet data");
	ev.mime_type = sw_str_c("application/octet-stream");
	ev.file_bytes = data;
	ev.file_len = n;
	ev.flags = SW_FLAG_VERSION2 | SW_FLAG_TEST_ID | SW_FLAG_RUNNABLE |
	    SW_FLAG_FILE | SW_FLAG_MIME | SW_FLAG_EOF;
	/* The pair is delivered whole, even if the first asks to stop. */
	rc = d->cb(d->ctx, &ev);
	ev.status = SW_STATUS_FAIL;
	ev.flags |= SW_STATUS_FAIL;
	ev.file_name = sw_str_c("Parser Error");
	ev.mime_type = sw_str_c("text/plain;charset=utf8");
	ev.file_bytes = (const uint8_t *)why;
	ev.file_len = strlen(why);
	rc2 = d->cb(d->ctx, &ev);
	return rc ? rc : rc2;
}

/* ---- parsing one packet ----------------------------------------------- */

/* A cursor over the fields of a packet whose CRC has been checked. */
struct fields {
	const uint8_t *p;     /* start of the packet */
	size_t at;            /* next field byte */
	size_t end;           /* offset of the CRC */
	char *why;            /* REASON_MAX bytes for an error message */
};

static bool
fail(struct fields *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->why, REASON_MAX, fmt, ap);
	va_end(ap);
	return false;
}

/* Read a Number (any width: non-minimal forms are accepted). */
static bool
get_number(struct fields *f, uint32_t *v)
{
	size_t n;

	if (f->at >= f->end)
		return fail(f, "Number at offset %zu extends past end of packet",
		    f->at);
	n = (size_t)(f->p[f->at] >> 6) + 1;
	if (f->end - f->at < n)
		return fail(f, "Number at offset %zu extends past end of packet",
		    f->at);
	*v = f->p[f->at] & 0x3Fu;
	for (size_t i = 1; i < n; i++)
		*v = (*v << 8) | f->p[f->at + i];
	f->at += n;
	return true;
}

static bool
get_string(struct fields *f, struct sw_str *s)
{
	size_t start = f->at;
	uint32_t n;
	long bad;

	if (!get_number(f, &n))
		return false;
	if (n > f->end - f->at)
		return fail(f, "UTF8 string at offset %zu extends past end of "
		    "packet: claimed %u bytes, %zu available", start, n,
		    f->end - f->at);
	s->ptr = (const char *)f->p + f->at;
	s->len = n;
	bad = sw_utf8_invalid_at(s->ptr, s->len);
	if (bad >= 0)
		return fail(f, "UTF8 string at offset %zu %s", start,
		    s->ptr[bad] == 0 ? "contains NUL byte" : "is not UTF8");
	f->at += n;
	return true;
}

static bool
get_timestamp(struct fields *f, struct sw_packet *ev)
{
	const uint8_t *q = f->p + f->at;

	if (f->end - f->at < 4)
		return fail(f, "Timestamp at offset %zu extends past end of "
		    "packet", f->at);
	ev->ts_sec = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	    (uint32_t)q[2] << 8 | q[3];
	f->at += 4;
	ev->has_timestamp = true;
	return get_number(f, &ev->ts_nsec);
}

static int
grow_tags(struct sw_dec *d, size_t n)
{
	struct sw_str *t;

	if (n <= d->tags_cap)
		return 0;
	t = realloc(d->tags, n * sizeof *t);
	if (t == NULL)
		return -ENOMEM;
	d->tags = t;
	d->tags_cap = n;
	return 0;
}

static bool
get_tags(struct sw_dec *d, struct fields *f, struct sw_packet *ev, int *rc)
{
	uint32_t n;

	if (!get_number(f, &n))
		return false;
	/* Each tag takes at least one byte: a bigger count is a lie. */
	if (n > f->end - f->at)
		return fail(f, "Tag count %u at offset %zu exceeds the packet",
		    n, f->at);
	if ((*rc = grow_tags(d, n)) < 0)
		return fail(f, "out of memory");
	for (uint32_t i = 0; i < n; i++)
		if (!get_string(f, &d->tags[i]))
			return false;
	ev->has_tags = true;
	ev->tags = d->tags;
	ev->ntags = n;
	return true;
}

static bool
get_file(struct fields *f, struct sw_packet *ev)
{
	uint32_t n;

	if (!get_string(f, &ev->file_name) || !get_number(f, &n))
		return false;
	if (n > f->end - f->at)
		return fail(f, "File content extends past end of packet: "
		    "claimed %u bytes, %zu available", n, f->end - f->at);
	ev->file_bytes = f->p + f->at;
	ev->file_len = n;
	f->at += n;
	return true;
}

/* Decode the fields of a CRC-checked packet into *ev, in wire order. */
static bool
parse_fields(struct sw_dec *d, struct fields *f, struct sw_packet *ev,
    int *rc)
{
	uint16_t fl = ev->flags;

	if ((fl & SW_FLAG_TIMESTAMP) && !get_timestamp(f, ev))
		return false;
	if ((fl & SW_FLAG_TEST_ID) && !get_string(f, &ev->test_id))
		return false;
	if ((fl & SW_FLAG_TAGS) && !get_tags(d, f, ev, rc))
		return false;
	if ((fl & SW_FLAG_MIME) && !get_string(f, &ev->mime_type))
		return false;
	if ((fl & SW_FLAG_FILE) && !get_file(f, ev))
		return false;
	if ((fl & SW_FLAG_ROUTE) && !get_string(f, &ev->route_code))
		return false;
	/*
	 * The extension: read only if the writer left bytes for it, and
	 * ignore bytes that are not a string (python ignores them all).
	 */
	if ((fl & SW_FLAG_PARENT) && f->at < f->end) {
		struct fields rest = *f;

		if (!get_string(&rest, &ev->parent_id))
			ev->parent_id.ptr = NULL;
	}
	return true;
}

static void
init_event(struct sw_packet *ev, uint16_t flags)
{
	memset(ev, 0, sizeof *ev);
	ev->flags = flags;
	ev->status = (enum sw_status)(flags & SW_FLAG_STATUS_MASK);
	ev->runnable = (flags & SW_FLAG_RUNNABLE) != 0;
	ev->eof = (flags & SW_FLAG_EOF) != 0;
}

/*
 * Judge the signature byte at p[0] with n bytes available.  On V_PACKET
 * *ev is filled; on V_PACKET/V_MALFORMED *plen is the packet length; on
 * V_MALFORMED/V_INVALID why says what is wrong.
 */
static enum verdict
judge(struct sw_dec *d, const uint8_t *p, size_t n, bool eof,
    struct sw_packet *ev, size_t *plen, char *why, int *rc)
{
	size_t lsize, length, hdr;
	uint32_t stored, crc;
	struct fields f;

	if (n < 4) {
		if (!eof)
			return V_NEED_MORE;
		snprintf(why, REASON_MAX, "Short read - got %zu bytes, wanted "
		    "5 bytes", n - 1);
		return V_INVALID;
	}
	lsize = (size_t)(p[3] >> 6) + 1;
	if (lsize == 4) {
		snprintf(why, REASON_MAX, "3 byte maximum given but 4 byte "
		    "value found.");
		return V_INVALID;
	}
	hdr = 3 + lsize;
	if (n < hdr) {
		if (!eof)
			return V_NEED_MORE;
		snprintf(why, REASON_MAX, "Short read - got %zu bytes, wanted "
		    "5 bytes", n - 1);
		return V_INVALID;
	}
	length = p[3] & 0x3Fu;
	for (size_t i = 4; i < hdr; i++)
		length = (length << 8) | p[i];
	if (length < hdr + 4) {
		snprintf(why, REASON_MAX, "Packet length %zu is shorter than "
		    "its header and checksum", length);
		return V_INVALID;
	}
	if (n < length) {
		if (!eof)
			return V_NEED_MORE;
		snprintf(why, REASON_MAX, "Short read - got %zu bytes, wanted "
		    "%zu bytes", n - hdr, length - hdr);
		return V_INVALID;
	}
	crc = sw_crc32(p, (size_t)(length - 4));
	stored = (uint32_t)p[length - 4] << 24 | (uint32_t)p[length - 3] << 16
	    | (uint32_t)p[length - 2] << 8 | p[length - 1];
	if (crc != stored) {
		snprintf(why, REASON_MAX, "Bad checksum - calculated (0x%x), "
		    "stored (0x%x)", crc, stored);
		return V_INVALID;
	}
	*plen = length;
	init_event(ev, (uint16_t)(p[1] << 8 | p[2]));
	f = (struct fields){ p, hdr, length - 4, why };
	return parse_fields(d, &f, ev, rc) ? V_PACKET : V_MALFORMED;
}

/* ---- scanning --------------------------------------------------------- */

/*
 * Is the signature byte at s->buf[at] inside a UTF-8 character that the
 * text before it started?  (python-subunit's mid_character rule.)
 */
static bool
mid_character(const struct scan *s, size_t at)
{
	uint8_t back[3];
	size_t nb = 0;

	/* Up to 3 preceding text bytes, nearest first. */
	for (size_t i = at; i > s->text && nb < 3; i--)
		back[nb++] = s->buf[i - 1];
	for (size_t i = s->d->nhist; i > 0 && nb < 3; i--)
		back[nb++] = s->d->hist[i - 1];
	for (size_t k = 0; k < nb; k++) {
		int len = sw_utf8_seq_len(back[k]);

		if ((back[k] & 0xC0) == 0x80)
			continue;      /* a continuation: look further back */
		return len > 1 && (size_t)len > k + 1;
	}
	return false;
}

/* Deliver text [s->text, end), cutting it every SW_DEC_TEXT_MAX bytes. */
static bool
deliver_text(struct scan *s, size_t end, bool all)
{
	while (end - s->text >= SW_DEC_TEXT_MAX ||
	    (all && end > s->text)) {
		size_t n = end - s->text;

		if (n > SW_DEC_TEXT_MAX)
			n = SW_DEC_TEXT_MAX;
		s->text += n;
		s->rc = emit_text(s->d, s->buf + s->text - n, n);
		if (s->rc)
			return false;
	}
	return true;
}

/* Deliver the text before a packet or error at `at`, then the event. */
static bool
deliver_event(struct scan *s, size_t at, const struct sw_packet *ev,
    size_t plen, const char *why)
{
	if (!deliver_text(s, at, true))
		return false;
	s->text = s->pos = at + plen;
	s->d->nhist = 0;
	if (ev) {
		s->d->st.packets++;
		s->rc = s->d->cb(s->d->ctx, ev);
	} else {
		s->rc = emit_error(s->d, s->buf + at, plen, why);
	}
	return s->rc == 0;
}

/* Judge the signature at s->pos; false to stop the scan. */
static bool
step(struct scan *s)
{
	size_t at = s->pos, plen = 0;
	char why[REASON_MAX];
	struct sw_packet ev;
	bool looks;
	int rc = 0;

	/* Only version-2 flags can start a packet (the spec's rule). */
	if (s->len - at >= 2 && (s->buf[at + 1] & 0xF0) != 0x20) {
		s->pos++;
		return true;
	}
	switch (judge(s->d, s->buf + at, s->len - at, s->eof, &ev, &plen,
	    why, &rc)) {
	case V_NEED_MORE:
		return false;
	case V_PACKET:
		return deliver_event(s, at, &ev, plen, NULL);
	case V_MALFORMED:
		if (rc < 0) {
			s->rc = rc;
			return false;
		}
		return deliver_event(s, at, NULL, plen, why);
	case V_INVALID:
		break;
	}
	looks = !mid_character(s, at) && s->len - at >= 2;
	if (looks)
		return deliver_event(s, at, NULL, 1, why);
	s->pos++;
	return true;
}

/*
 * Scan buf[from..len) (buf[0..from) is pending text already judged).
 * Returns the number of leading bytes delivered; the rest must be kept.
 */
static size_t
scan(struct sw_dec *d, const uint8_t *buf, size_t len, size_t from, bool eof,
    int *rc)
{
	struct scan s = { d, buf, len, 0, from, eof, 0 };

	while (s.pos < len) {
		const uint8_t *q = memchr(buf + s.pos, SW_SIGNATURE,
		    len - s.pos);

		s.pos = q ? (size_t)(q - buf) : len;
		if (!deliver_text(&s, s.pos, false))
			break;
		if (s.pos == len || !step(&s))
			break;
	}
	if (s.rc == 0 && eof && s.pos == len)
		deliver_text(&s, len, true);
	if (s.rc == 0 && s.pos == len)
		deliver_text(&s, len, false);
	*rc = s.rc;
	d->scanned = s.pos - s.text;
	return s.text;
}

/* Scan pend after appending; drop what was delivered. */
static int
scan_pend(struct sw_dec *d, bool eof)
{
	int rc;
	size_t used = scan(d, d->pend.data, d->pend.len, d->scanned, eof, &rc);

	sw_buf_consume(&d->pend, used);
	return rc;
}

int
sw_dec_feed(struct sw_dec *d, const void *data, size_t len)
{
	const uint8_t *in = data;
	size_t used;
	int rc;

	if (len == 0)   /* resume after a callback stopped us */
		return d->pend.len ? scan_pend(d, false) : 0;
	while (len > 0 && d->pend.len > 0) {
		size_t take = len < FEED_CHUNK ? len : FEED_CHUNK;

		if (sw_buf_append(&d->pend, in, take) < 0)
			return -ENOMEM;
		in += take;
		len -= take;
		rc = scan_pend(d, false);
		if (rc)
			return sw_buf_append(&d->pend, in, len) < 0 ? -ENOMEM
			    : rc;
	}
	if (len == 0)
		return 0;
	/* Fast path: nothing pending, scan the caller's bytes in place. */
	d->scanned = 0;
	used = scan(d, in, len, 0, false, &rc);
	if (sw_buf_append(&d->pend, in + used, len - used) < 0)
		return -ENOMEM;
	return rc;
}

int
sw_dec_flush(struct sw_dec *d)
{
	struct scan s = { d, d->pend.data, d->pend.len, 0, d->scanned, false,
	    0 };

	/* Deliver the judged text; an undecided candidate stays. */
	deliver_text(&s, d->scanned, true);
	sw_buf_consume(&d->pend, s.text);
	d->scanned -= s.text;
	return s.rc;
}

int
sw_dec_finish(struct sw_dec *d)
{
	int rc = scan_pend(d, true);

	if (rc == 0) {
		d->nhist = 0;
		d->scanned = 0;
	}
	return rc;
}

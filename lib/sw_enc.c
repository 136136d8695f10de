/*
 * sw_enc: subunit v2 encoder.
 *
 * Workload: millions of small packets per run (an event or a chunk of
 * output each), so a packet is sized once (packet_size) and written in one
 * pass (write_fields) straight into the caller's memory.  The CRC is zlib's
 * crc32(), the one python-subunit uses, through sw_crc (a caller's memo
 * makes a status after its inprogress almost free).
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "sw_crc.h"
#include "sw_enc.h"
#include "sw_utf8.h"

/* Bytes a Number of this value takes (values are checked by the caller). */
static size_t
number_len(size_t v)
{
	if (v <= 0x3F)
		return 1;
	if (v <= 0x3FFF)
		return 2;
	if (v <= 0x3FFFFF)
		return 3;
	return 4;
}

/* Write a checked Number; returns its length.  Inline: 2-3 per packet. */
static inline int
put_number(uint32_t v, uint8_t *out)
{
	switch (number_len(v)) {
	case 1:
		out[0] = (uint8_t)v;
		return 1;
	case 2:
		out[0] = (uint8_t)(0x40 | (v >> 8));
		out[1] = (uint8_t)v;
		return 2;
	case 3:
		out[0] = (uint8_t)(0x80 | (v >> 16));
		out[1] = (uint8_t)(v >> 8);
		out[2] = (uint8_t)v;
		return 3;
	default:
		out[0] = (uint8_t)(0xC0 | (v >> 24));
		out[1] = (uint8_t)(v >> 16);
		out[2] = (uint8_t)(v >> 8);
		out[3] = (uint8_t)v;
		return 4;
	}
}

int
sw_enc_number(uint32_t v, uint8_t *out)
{
	if (v > SW_NUMBER_MAX)
		return -ERANGE;
	return put_number(v, out);
}

static bool
str_ok(struct sw_str s)
{
	return s.ptr == NULL || sw_utf8_valid(s.ptr, s.len);
}

/* Size of a present string field (Number length + bytes); 0 if absent. */
static size_t
str_field_len(struct sw_str s)
{
	return s.ptr ? number_len(s.len) + s.len : 0;
}

static bool
has_mime(const struct sw_packet *p)
{
	return p->mime_type.ptr != NULL && p->mime_type.len > 0;
}

static bool
has_file(const struct sw_packet *p)
{
	return p->file_name.ptr != NULL;
}

/* -EINVAL unless every field can be written as the decoder will accept. */
static int
check_fields(const struct sw_packet *p)
{
	if ((unsigned)p->status > 7)
		return -EINVAL;
	if (p->has_timestamp && p->ts_nsec >= 1000000000u)
		return -EINVAL;
	if (!p->ids_checked && (!str_ok(p->test_id) ||
	    !str_ok(p->route_code) || !str_ok(p->parent_id)))
		return -EINVAL;
	if (!str_ok(p->mime_type) || !str_ok(p->file_name))
		return -EINVAL;
	if (has_file(p) && p->file_len > 0 && p->file_bytes == NULL)
		return -EINVAL;
	if (p->ntags > 0 && p->tags == NULL)
		return -EINVAL;
	for (size_t i = 0; i < p->ntags; i++)
		if (p->tags[i].ptr == NULL || !str_ok(p->tags[i]))
			return -EINVAL;
	return 0;
}

/*
 * Bytes of all fields between the length and the CRC, with a file of
 * file_len bytes.  Saturates above SW_PACKET_MAX so callers can compare.
 */
static size_t
fields_len(const struct sw_packet *p, size_t file_len)
{
	size_t n = 0;

	if (p->has_timestamp)
		n += 4 + number_len(p->ts_nsec);
	n += str_field_len(p->test_id);
	if (p->ntags > 0) {
		n += number_len(p->ntags);
		for (size_t i = 0; i < p->ntags && n <= SW_PACKET_MAX; i++)
			n += str_field_len(p->tags[i]);
	}
	if (has_mime(p))
		n += str_field_len(p->mime_type);
	if (has_file(p)) {
		if (file_len > SW_PACKET_MAX)
			return SW_PACKET_MAX + 1;
		n += str_field_len(p->file_name);
		n += number_len(file_len) + file_len;
	}
	n += str_field_len(p->route_code);
	n += str_field_len(p->parent_id);
	return n > SW_PACKET_MAX ? SW_PACKET_MAX + 1 : n;
}

/*
 * Whole packet size for fields of n bytes: python's rule of the shortest
 * length prefix that fits the total including itself.  0 if too big.
 */
static size_t
total_len(size_t n)
{
	size_t base = 1 + 2 + n + 4;

	if (base <= 62)
		return base + 1;
	if (base <= 16381)
		return base + 2;
	if (base <= 4194300)
		return base + 3;
	return 0;
}

static size_t
packet_size(const struct sw_packet *p, size_t file_len)
{
	return total_len(fields_len(p, file_len));
}

ssize_t
sw_enc_size(const struct sw_packet *p)
{
	int rc = check_fields(p);
	size_t n;

	if (rc < 0)
		return rc;
	n = packet_size(p, has_file(p) ? p->file_len : 0);
	return n ? (ssize_t)n : -EMSGSIZE;
}

static uint16_t
packet_flags(const struct sw_packet *p)
{
	uint16_t f = SW_FLAG_VERSION2 | (uint16_t)p->status;

	if (p->test_id.ptr)
		f |= SW_FLAG_TEST_ID;
	if (p->route_code.ptr)
		f |= SW_FLAG_ROUTE;
	if (p->has_timestamp)
		f |= SW_FLAG_TIMESTAMP;
	if (p->runnable)
		f |= SW_FLAG_RUNNABLE;
	if (p->ntags > 0)
		f |= SW_FLAG_TAGS;
	if (has_file(p))
		f |= SW_FLAG_FILE;
	if (has_mime(p))
		f |= SW_FLAG_MIME;
	if (p->eof)
		f |= SW_FLAG_EOF;
	if (p->parent_id.ptr)
		f |= SW_FLAG_PARENT;
	return f;
}

static uint8_t *
put_bytes(uint8_t *o, const void *src, size_t n)
{
	if (n)
		memcpy(o, src, n);
	return o + n;
}

static uint8_t *
put_str(uint8_t *o, struct sw_str s)
{
	o += put_number((uint32_t)s.len, o);
	return put_bytes(o, s.ptr, s.len);
}

static uint8_t *
put_u32(uint8_t *o, uint32_t v)
{
	o[0] = (uint8_t)(v >> 24);
	o[1] = (uint8_t)(v >> 16);
	o[2] = (uint8_t)(v >> 8);
	o[3] = (uint8_t)v;
	return o + 4;
}

/* Write the fields in wire order; returns the end. */
static uint8_t *
write_fields(const struct sw_packet *p, uint8_t *o)
{
	if (p->has_timestamp) {
		o = put_u32(o, p->ts_sec);
		o += put_number(p->ts_nsec, o);
	}
	if (p->test_id.ptr)
		o = put_str(o, p->test_id);
	if (p->ntags > 0) {
		o += put_number((uint32_t)p->ntags, o);
		for (size_t i = 0; i < p->ntags; i++)
			o = put_str(o, p->tags[i]);
	}
	if (has_mime(p))
		o = put_str(o, p->mime_type);
	if (has_file(p)) {
		o = put_str(o, p->file_name);
		o += put_number((uint32_t)p->file_len, o);
		o = put_bytes(o, p->file_bytes, p->file_len);
	}
	if (p->route_code.ptr)
		o = put_str(o, p->route_code);
	if (p->parent_id.ptr)
		o = put_str(o, p->parent_id);
	return o;
}

/* Length prefix of a packet of total bytes, python's choice of width. */
static uint8_t *
put_length(uint8_t *o, size_t total)
{
	if (total <= 63) {
		*o++ = (uint8_t)total;
	} else if (total <= 16383) {
		*o++ = (uint8_t)(0x40 | (total >> 8));
		*o++ = (uint8_t)total;
	} else {
		*o++ = (uint8_t)(0x80 | (total >> 16));
		*o++ = (uint8_t)(total >> 8);
		*o++ = (uint8_t)total;
	}
	return o;
}

/* Write a packet of `size` bytes (already checked) into out. */
static void
write_packet(const struct sw_packet *p, size_t size, uint8_t *out,
    struct sw_crc_memo *memo)
{
	uint16_t flags = packet_flags(p);
	uint8_t *o;
	uint32_t crc;

	o = out;
	*o++ = SW_SIGNATURE;
	*o++ = (uint8_t)(flags >> 8);
	*o++ = (uint8_t)flags;
	o = put_length(o, size);
	o = write_fields(p, o);
	crc = sw_crc_memo_packet(memo, out, (size_t)(o - out));
	put_u32(o, crc);
}

ssize_t
sw_enc_packet(const struct sw_packet *p, uint8_t *out, size_t cap)
{
	ssize_t size = sw_enc_size(p);

	if (size < 0)
		return size;
	if ((size_t)size > cap)
		return -ENOBUFS;
	write_packet(p, (size_t)size, out, NULL);
	return size;
}

ssize_t
sw_enc_head(const struct sw_packet *p, uint8_t *head, size_t cap)
{
	struct sw_packet q = *p;
	uint16_t flags;
	ssize_t size;
	uint8_t *o;

	if (!has_file(p) || p->route_code.ptr || p->parent_id.ptr)
		return -EINVAL;
	q.file_bytes = NULL;
	q.file_len = 0;
	if ((size = sw_enc_size(&q)) < 0)
		return size;
	size = (ssize_t)packet_size(p, p->file_len);
	if (size == 0)
		return -EMSGSIZE;
	/* Everything but the content and the CRC. */
	if ((size_t)size - p->file_len - 4 > cap)
		return -ENOBUFS;
	flags = packet_flags(p);
	o = head;
	*o++ = SW_SIGNATURE;
	*o++ = (uint8_t)(flags >> 8);
	*o++ = (uint8_t)flags;
	o = put_length(o, (size_t)size);
	o = write_fields(&q, o);
	/* write_fields wrote a zero length for the content: redo it. */
	o -= 1;
	o += put_number((uint32_t)p->file_len, o);
	return o - head;
}

void
sw_enc_tail(uint32_t crc, uint8_t out[4])
{
	put_u32(out, crc);
}

ssize_t
sw_enc_append(const struct sw_packet *p, struct sw_buf *b)
{
	return sw_enc_append_memo(p, b, NULL);
}

ssize_t
sw_enc_append_memo(const struct sw_packet *p, struct sw_buf *b,
    struct sw_crc_memo *memo)
{
	ssize_t size = sw_enc_size(p);
	int rc;

	if (size < 0)
		return size;
	rc = sw_buf_reserve(b, (size_t)size);
	if (rc < 0)
		return rc;
	write_packet(p, (size_t)size, b->data + b->len, memo);
	b->len += (size_t)size;
	return size;
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The whole-packet length a put_length() field at o says (0: bad width). */
static size_t
length_field(const uint8_t *o)
{
	switch (o[0] >> 6) {
	case 0:
		return o[0];
	case 1:
		return (size_t)(o[0] & 0x3F) << 8 | o[1];
	case 2:
		return (size_t)(o[0] & 0x3F) << 16 | (size_t)o[1] << 8 | o[2];
	default:
		return 0;
	}
}

/*
 * The flags of the packet at b->data[off..off + len), one this encoder
 * wrote, or -EINVAL if the range is outside b or is not a v2 packet of
 * exactly that length.  The copying functions' only check of it.
 */
static int
copyable_flags(const struct sw_buf *b, size_t off, size_t len)
{
	const uint8_t *q;

	if (off > b->len || len > b->len - off || len < SW_PACKET_MIN)
		return -EINVAL;
	q = b->data + off;
	if (q[0] != SW_SIGNATURE ||
	    (q[1] << 8 & SW_FLAG_VERSION_MASK) != SW_FLAG_VERSION2 ||
	    length_field(q + 3) != len)
		return -EINVAL;
	return q[1] << 8 | q[2];
}

ssize_t
sw_enc_append_restatus(struct sw_buf *b, size_t off, size_t len,
    enum sw_status status, struct sw_crc_memo *memo)
{
	uint8_t *q;
	uint16_t old, change;
	uint32_t crc;
	int rc = copyable_flags(b, off, len);

	if (rc < 0 || (unsigned)status > SW_FLAG_STATUS_MASK)
		return -EINVAL;
	old = (uint16_t)rc;
	if ((rc = sw_buf_reserve(b, len)) < 0)
		return rc;
	q = b->data + off;      /* reserve may have moved the data */
	memcpy(b->data + b->len, q, len);
	q = b->data + b->len;
	change = (uint16_t)((old & SW_FLAG_STATUS_MASK) ^ (unsigned)status);
	q[2] ^= (uint8_t)change;
	/* Small packets: a constant from the memo; big ones: a fresh CRC. */
	if (len - 4 <= SW_CRC_MEMO_MAX)
		crc = sw_crc_memo_reflag(memo, get_u32(q + len - 4), len - 4,
		    change);
	else
		crc = sw_crc32(q, len - 4);
	put_u32(q + len - 4, crc);
	b->len += len;
	return (ssize_t)len;
}

/* Bytes of the Number starting with byte c. */
static size_t
number_width(uint8_t c)
{
	return (size_t)(c >> 6) + 1;
}

/* The value of the Number at o (number_width(o[0]) bytes). */
static size_t
number_value(const uint8_t *o)
{
	size_t v = o[0] & 0x3F;

	for (size_t i = 1; i < number_width(o[0]); i++)
		v = v << 8 | o[i];
	return v;
}

ssize_t
sw_enc_append_reid(struct sw_buf *b, size_t off, size_t len,
    struct sw_str id, enum sw_status status, struct sw_crc_memo *memo)
{
	const uint8_t *src;
	uint8_t *q;
	uint16_t flags, change;
	uint32_t crc;
	size_t pos;
	int rc = copyable_flags(b, off, len);

	if (rc < 0 || !(rc & SW_FLAG_TEST_ID) ||
	    (unsigned)status > SW_FLAG_STATUS_MASK || id.ptr == NULL)
		return -EINVAL;
	q = b->data + off;
	flags = (uint16_t)rc;
	/* The id follows the length and the timestamp, if any. */
	pos = 3 + number_width(q[3]);
	if (flags & SW_FLAG_TIMESTAMP) {
		if (pos + 4 >= len - 4)
			return -EINVAL;
		pos += 4 + number_width(q[pos + 4]);
	}
	if (pos >= len - 4 || pos + number_width(q[pos]) > len - 4)
		return -EINVAL;
	if (number_value(q + pos) != id.len)
		return -EMSGSIZE;
	pos += number_width(q[pos]);
	if (pos + id.len > len - 4)
		return -EINVAL;
	if ((rc = sw_buf_reserve(b, len)) < 0)
		return rc;
	src = b->data + off;    /* reserve may have moved the data */
	q = b->data + b->len;
	memcpy(q, src, len);
	memcpy(q + pos, id.ptr, id.len);
	change = (uint16_t)((flags & SW_FLAG_STATUS_MASK) ^ (unsigned)status);
	q[2] = (uint8_t)((flags & 0xFF) ^ change);
	/* From the source's CRC and what changed: the copy is not read. */
	crc = get_u32(src + len - 4);
	if (change != 0)
		crc = sw_crc_memo_reflag(memo, crc, len - 4, change);
	crc = sw_crc_memo_respan(memo, crc, len - 4, pos, src + pos,
	    (const uint8_t *)id.ptr, id.len);
	put_u32(q + len - 4, crc);
	b->len += len;
	return (ssize_t)len;
}

/* Largest file length for which the packet fits in max bytes, or -1. */
static long
room_for(const struct sw_packet *p, size_t max)
{
	size_t lo = 0, hi = max;

	if (packet_size(p, 0) == 0 || packet_size(p, 0) > max)
		return -1;
	/* packet_size grows with the file length: binary search the edge. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		size_t n = packet_size(p, mid);

		if (n != 0 && n <= max)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (long)lo;
}

ssize_t
sw_enc_file_room(const struct sw_packet *p)
{
	struct sw_packet t = *p;
	int rc = check_fields(p);
	long room;

	if (rc < 0)
		return rc;
	if (t.file_name.ptr == NULL)
		t.file_name = sw_str_c("");
	room = room_for(&t, SW_PACKET_MAX);
	return room < 0 ? -EMSGSIZE : room;
}

/* The template for chunk i of an attachment (first/last flags given). */
static void
chunk_template(const struct sw_packet *p, bool first, bool last,
    struct sw_packet *c)
{
	*c = *p;
	if (!first)
		c->has_timestamp = false;
	if (!last) {
		c->status = SW_STATUS_NONE;
		c->eof = false;
	}
}

ssize_t
sw_enc_append_chunked(const struct sw_packet *p, size_t max_packet,
    struct sw_buf *b)
{
	size_t done = 0, saved_len = b->len;
	ssize_t count = 0;
	int rc = check_fields(p);

	if (rc < 0)
		return rc;
	if (!has_file(p))
		return -EINVAL;
	if (max_packet == 0 || max_packet > SW_PACKET_MAX)
		max_packet = SW_PACKET_MAX;
	do {
		struct sw_packet c;
		size_t left = p->file_len - done, n;
		long room;

		/* Size as if last: status and eof do not change the size. */
		chunk_template(p, done == 0, true, &c);
		room = room_for(&c, max_packet);
		if (room < 0 || (room == 0 && left > 0)) {
			b->len = saved_len;
			return -EMSGSIZE;
		}
		n = left < (size_t)room ? left : (size_t)room;
		chunk_template(p, done == 0, n == left, &c);
		c.file_bytes = p->file_bytes ? p->file_bytes + done : NULL;
		c.file_len = n;
		rc = (int)sw_enc_append(&c, b);
		if (rc < 0) {
			b->len = saved_len;
			return rc;
		}
		done += n;
		count++;
	} while (done < p->file_len);
	return count;
}

/*
 * fuzz_roundtrip: libFuzzer target for the encoder (lib/sw_enc.h), checked
 * against the reference model in fuzz_common.h and against the decoder.
 *
 * The input describes one packet (every field, see build_packet) plus a
 * chunk size and a Number.  Invariants (abort() on violation):
 *  - sw_utf8 agrees with the reference UTF-8 validator on every string;
 *  - sw_enc_size() succeeds exactly when the model says the packet is
 *    writable, with the model's size (shortest length prefix), and
 *    otherwise fails for a documented reason: -EINVAL (invalid UTF-8 or
 *    NUL, ts_nsec >= 10^9, status > 7, file bytes missing) or -EMSGSIZE
 *    (over SW_PACKET_MAX);
 *  - sw_enc_packet() writes nothing on error, -ENOBUFS one byte short;
 *    on success the bytes have the expected flags and length, a good CRC,
 *    and both the reference parser and sw_dec give back exactly one event
 *    with identical fields (nothing else: no text, no parser error);
 *  - sw_enc_append() appends the same bytes;
 *  - sw_enc_file_room() is the exact edge between fitting and -EMSGSIZE;
 *  - sw_enc_append_chunked() gives packets no bigger than asked that
 *    decode to the same attachment, timestamp on the first, status and eof
 *    on the last only;
 *  - sw_enc_number() writes the shortest form, or -ERANGE above 2^30-1;
 *  - sw_enc_append_restatus() and sw_enc_append_reid() copy a packet with
 *    another status or id into exactly what encoding that packet gives.
 */
#include <errno.h>

#include "fuzz_common.h"

FUZZ_CHECKER_BEGIN

/* A file that ends just below or above SW_PACKET_MAX (bytes all zero). */
#define BIG_FILE (SW_PACKET_MAX + 1024u)
static uint8_t zeros[BIG_FILE];

/* ---- reading the input ------------------------------------------------- */

struct src {
	const uint8_t *p;
	size_t n;
};

static uint8_t
get_u8(struct src *s)
{
	uint8_t v = 0;

	if (s->n) {
		v = *s->p++;
		s->n--;
	}
	return v;
}

static uint32_t
get_u32(struct src *s)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | get_u8(s);
	return v;
}

/* Up to len bytes of the input (fewer at its end), copied to storage. */
static struct sw_str
get_str(struct src *s, uint8_t len, bool ascii, char *store)
{
	size_t n = len < s->n ? len : s->n;

	memcpy(store, s->p, n);
	s->p += n;
	s->n -= n;
	if (ascii)
		for (size_t i = 0; i < n; i++)
			store[i] = (char)(0x20 + (unsigned char)store[i] % 0x5F);
	return (struct sw_str){ store, n };
}

#define MAX_TAGS 7
#define NSTR (5 + MAX_TAGS)

struct input {
	struct sw_packet p;
	struct sw_str tags[MAX_TAGS];
	char store[NSTR][256];
	bool big;             /* file of about SW_PACKET_MAX zero bytes */
	                      /* (encoded in full once every 64 times) */
	size_t chunk_max;     /* for sw_enc_append_chunked */
	uint32_t number;      /* for sw_enc_number */
};

/*
 * Layout: present bits (0x01 timestamp, 0x02 id, 0x04 route, 0x08 parent,
 * 0x10 mime, 0x20 file, 0x40 runnable, 0x80 eof); status in the low
 * nibble (% 9: 8 is invalid), tag count in the high one (% 8); options (0x01
 * strings made ASCII, 0x02 nanoseconds unreduced, 0x04 a tags array even
 * for no tags, 0x08 tags NULL, 0x10 file bytes non-NULL when empty, 0x20
 * file bytes NULL; 0xA5 a file of about SW_PACKET_MAX bytes, 0x5A one
 * around the 2/3-byte length edge); timestamp (8); chunk size (2); Number
 * (4); each present string as a length byte and its bytes (id, route,
 * parent, mime, tags); file length (2), name, and the rest as file bytes.
 */
static void
build_packet(const uint8_t *data, size_t size, struct input *in)
{
	struct src s = { data, size };
	struct sw_packet *p = &in->p;
	uint8_t have = get_u8(&s), st = get_u8(&s), opt = get_u8(&s);
	bool ascii = (opt & 0x01) != 0;
	int k = 0;

	sw_packet_init(p);
	p->status = (enum sw_status)((st & 0x0F) % 9);  /* 8: invalid */
	p->runnable = (have & 0x40) != 0;
	p->eof = (have & 0x80) != 0;
	p->has_timestamp = (have & 0x01) != 0;
	p->ts_sec = get_u32(&s);
	p->ts_nsec = get_u32(&s);
	if (!(opt & 0x02))
		p->ts_nsec %= 1000000000u;
	in->chunk_max = (size_t)get_u8(&s) << 8;
	in->chunk_max |= get_u8(&s);
	in->number = get_u32(&s);
	if (have & 0x02)
		p->test_id = get_str(&s, get_u8(&s), ascii, in->store[k++]);
	if (have & 0x04)
		p->route_code = get_str(&s, get_u8(&s), ascii, in->store[k++]);
	if (have & 0x08)
		p->parent_id = get_str(&s, get_u8(&s), ascii, in->store[k++]);
	if (have & 0x10)
		p->mime_type = get_str(&s, get_u8(&s), ascii, in->store[k++]);
	p->ntags = (st >> 4) % (MAX_TAGS + 1);
	for (size_t i = 0; i < p->ntags; i++)
		in->tags[i] = get_str(&s, get_u8(&s) % 16, ascii,
		    in->store[k++]);
	p->tags = p->ntags || (opt & 0x04) ? in->tags : NULL;
	if (opt & 0x08)       /* tag count without tags: must be refused */
		p->tags = NULL;
	if (have & 0x20) {
		size_t flen = (size_t)get_u8(&s) << 8;

		flen |= get_u8(&s);
		p->file_name = get_str(&s, get_u8(&s) % 64, ascii,
		    in->store[k++]);
		in->big = opt == 0xA5;
		if (in->big) {
			p->file_len = SW_PACKET_MAX - 600 + flen % 700;
			p->file_bytes = zeros;
		} else if (opt == 0x5A) {  /* around the 2/3-byte edge */
			p->file_len = 16200 + flen % 300;
			p->file_bytes = zeros;
		} else {
			p->file_len = flen < s.n ? flen : s.n;
			p->file_bytes = p->file_len || (opt & 0x10) ? s.p : NULL;
			if (opt & 0x20)   /* bytes missing: must be refused */
				p->file_bytes = NULL;
		}
	}
}

/* ---- the model ----------------------------------------------------------- */

static size_t
number_size(size_t v)
{
	return v < 64 ? 1 : v < 16384 ? 2 : v < 4194304 ? 3 : 4;
}

static size_t
str_size(struct sw_str s)
{
	return s.ptr ? number_size(s.len) + s.len : 0;
}

static bool
str_valid(struct sw_str s)
{
	if (s.ptr == NULL)
		return true;
	check_utf8_agrees(s.ptr, s.len);
	return ref_utf8_valid(s.ptr, s.len);
}

static bool
model_valid(const struct sw_packet *p)
{
	bool ok = (unsigned)p->status <= 7;

	ok &= !p->has_timestamp || p->ts_nsec < 1000000000u;
	ok &= str_valid(p->test_id);
	ok &= str_valid(p->route_code);
	ok &= str_valid(p->parent_id);
	ok &= str_valid(p->mime_type);
	ok &= str_valid(p->file_name);
	if (p->file_name.ptr && p->file_len > 0 && p->file_bytes == NULL)
		ok = false;
	if (p->ntags > 0 && p->tags == NULL)
		return false;
	for (size_t i = 0; i < p->ntags; i++)
		ok &= str_valid(p->tags[i]);
	return ok;
}

/* Whole packet size with python's length-prefix rule, 0 if too big. */
static size_t
model_size(const struct sw_packet *p)
{
	size_t n = 3 + 4;   /* signature, flags; CRC */

	if (p->has_timestamp)
		n += 4 + number_size(p->ts_nsec);
	n += str_size(p->test_id) + str_size(p->route_code);
	n += str_size(p->parent_id);
	if (p->ntags > 0 && p->tags) {
		n += number_size(p->ntags);
		for (size_t i = 0; i < p->ntags; i++)
			n += str_size(p->tags[i]);
	}
	if (p->mime_type.ptr && p->mime_type.len)
		n += str_size(p->mime_type);
	if (p->file_name.ptr)
		n += str_size(p->file_name) + number_size(p->file_len) +
		    p->file_len;
	for (size_t w = 1; w <= 3; w++)
		if (n + w < ((size_t)1 << (8 * w - 2)))
			return n + w;
	return 0;
}

static uint16_t
model_flags(const struct sw_packet *p)
{
	uint16_t f = 0x2000 | (uint16_t)p->status;

	f |= p->test_id.ptr ? 0x0800 : 0;
	f |= p->route_code.ptr ? 0x0400 : 0;
	f |= p->has_timestamp ? 0x0200 : 0;
	f |= p->runnable ? 0x0100 : 0;
	f |= p->ntags > 0 ? 0x0080 : 0;
	f |= p->file_name.ptr ? 0x0040 : 0;
	f |= p->mime_type.ptr && p->mime_type.len ? 0x0020 : 0;
	f |= p->eof ? 0x0010 : 0;
	f |= p->parent_id.ptr ? 0x0008 : 0;
	return f;
}

/* What a decoder must give back for *p (absent = what was not written). */
static void
model_decoded(const struct sw_packet *p, struct sw_packet *want)
{
	*want = *p;
	want->flags = model_flags(p);
	want->has_tags = p->ntags > 0;
	if (!want->has_timestamp)
		want->ts_sec = want->ts_nsec = 0;
	if (p->mime_type.ptr && p->mime_type.len == 0)
		want->mime_type = (struct sw_str){ NULL, 0 };
	if (p->file_name.ptr == NULL) {
		want->file_bytes = NULL;
		want->file_len = 0;
	}
}

/* ---- decoding what was encoded ------------------------------------------ */

struct collect {
	const struct sw_packet *expect;  /* expected events, in order */
	size_t nexpect;
	size_t got;
	const char *what;
};

static int
collect_cb(void *ctx, const struct sw_packet *ev)
{
	struct collect *c = ctx;
	const char *diff;

	check_event_strings(ev, c->got);
	if (c->got >= c->nexpect)
		FUZZ_FAIL("%s: decoding gave more than %zu events", c->what,
		    c->nexpect);
	diff = ev_diff(ev, &c->expect[c->got]);
	if (diff)
		FUZZ_FAIL("%s: event %zu decoded with a different %s",
		    c->what, c->got, diff);
	c->got++;
	return 0;
}

/* Decode buf with sw_dec; it must give exactly the expected events. */
static void
decode_expect(const uint8_t *buf, size_t len, const struct sw_packet *expect,
    size_t n, const char *what)
{
	struct collect c = { .expect = expect, .nexpect = n, .what = what };
	struct sw_dec *d = sw_dec_new(collect_cb, &c);
	struct sw_dec_stats st;

	if (d == NULL)
		FUZZ_FAIL("sw_dec_new failed");
	if (sw_dec_feed(d, buf, len) != 0 || sw_dec_finish(d) != 0)
		FUZZ_FAIL("%s: sw_dec_feed/finish failed", what);
	sw_dec_get_stats(d, &st);
	if (c.got != n || st.packets != n || st.errors || st.text_bytes)
		FUZZ_FAIL("%s: %zu events (%llu packets, %llu errors, %llu text "
		    "bytes), want %zu packets", what, c.got,
		    (unsigned long long)st.packets,
		    (unsigned long long)st.errors,
		    (unsigned long long)st.text_bytes, n);
	sw_dec_free(d);
}

/* ---- the checks ------------------------------------------------------------ */

static void
check_encoded(const struct sw_packet *p, const uint8_t *out, size_t size)
{
	struct sw_packet want, ref;
	const char *diff;
	size_t plen = 0;
	uint32_t len;
	size_t at = 3;

	model_decoded(p, &want);
	if (out[0] != SW_SIGNATURE || (uint16_t)(out[1] << 8 | out[2]) !=
	    want.flags)
		FUZZ_FAIL("encoded flags %02x%02x, want %04x", out[1], out[2],
		    want.flags);
	if (!ref_number(out, size, &at, &len) || len != size ||
	    number_size(len) != at - 3)
		FUZZ_FAIL("length prefix is not the shortest form of %zu",
		    size);
	if (ref_judge(out, size, &plen, &ref) != REF_GOOD || plen != size)
		FUZZ_FAIL("reference parser rejects the encoded packet");
	diff = ev_diff(&ref, &want);
	if (diff)
		FUZZ_FAIL("reference parser reads back a different %s", diff);
	decode_expect(out, size, &want, 1, "round trip");
}

static void
check_number(uint32_t v)
{
	uint8_t out[8] = { 0 };
	int rc = sw_enc_number(v, out);
	size_t at = 0;
	uint32_t back;

	if (v > SW_NUMBER_MAX) {
		if (rc != -ERANGE)
			FUZZ_FAIL("sw_enc_number(%u) = %d, want -ERANGE", v, rc);
		return;
	}
	if (rc != (int)number_size(v) || !ref_number(out, 8, &at, &back) ||
	    back != v || at != (size_t)rc)
		FUZZ_FAIL("sw_enc_number(%u) = %d bytes, not its shortest form",
		    v, rc);
}

/* Errors: the documented reason, and nothing written. */
static void
check_refused(const struct sw_packet *p, ssize_t rc, bool valid, size_t msize)
{
	static uint8_t out[512];
	struct sw_buf b = SW_BUF_INIT;
	ssize_t rc2;

	if (valid && msize)
		FUZZ_FAIL("sw_enc_size refused a writable packet: %zd", rc);
	if (rc != -EINVAL && rc != -EMSGSIZE)
		FUZZ_FAIL("sw_enc_size = %zd, not -EINVAL or -EMSGSIZE", rc);
	if (rc == -EINVAL && valid)
		FUZZ_FAIL("-EINVAL for a packet with valid fields");
	if (rc == -EMSGSIZE && msize)
		FUZZ_FAIL("-EMSGSIZE for a packet of %zu bytes", msize);
	memset(out, 0xEE, sizeof out);
	rc2 = sw_enc_packet(p, out, sizeof out);
	if (rc2 != rc)
		FUZZ_FAIL("sw_enc_packet = %zd, sw_enc_size = %zd", rc2, rc);
	for (size_t i = 0; i < sizeof out; i++)
		if (out[i] != 0xEE)
			FUZZ_FAIL("sw_enc_packet wrote byte %zu on error", i);
	sw_buf_append(&b, "abc", 3);
	rc2 = sw_enc_append(p, &b);
	if (rc2 != rc || b.len != 3 || memcmp(b.data, "abc", 3) != 0)
		FUZZ_FAIL("sw_enc_append = %zd (len %zu), want %zd unchanged",
		    rc2, b.len, rc);
	sw_buf_free(&b);
}

static void
check_written(const struct sw_packet *p, size_t size)
{
	uint8_t *out = malloc(size + 64);
	struct sw_buf b = SW_BUF_INIT;
	ssize_t rc;

	if (out == NULL)
		FUZZ_FAIL("out of memory");
	memset(out, 0xEE, size + 64);
	rc = sw_enc_packet(p, out, size - 1);
	if (rc != -ENOBUFS)
		FUZZ_FAIL("sw_enc_packet with cap %zu = %zd, want -ENOBUFS",
		    size - 1, rc);
	for (size_t i = 0; i < size + 64; i++)
		if (out[i] != 0xEE)
			FUZZ_FAIL("sw_enc_packet wrote byte %zu on -ENOBUFS", i);
	rc = sw_enc_packet(p, out, size + 64);
	if (rc != (ssize_t)size)
		FUZZ_FAIL("sw_enc_packet = %zd, sw_enc_size = %zu", rc, size);
	for (size_t i = size; i < size + 64; i++)
		if (out[i] != 0xEE)
			FUZZ_FAIL("sw_enc_packet wrote past the packet");
	check_encoded(p, out, size);
	sw_buf_append(&b, "abc", 3);
	rc = sw_enc_append(p, &b);
	if (rc != (ssize_t)size || b.len != 3 + size ||
	    memcmp(b.data + 3, out, size) != 0)
		FUZZ_FAIL("sw_enc_append differs from sw_enc_packet");
	sw_buf_free(&b);
	free(out);
}

/*
 * The copies the emitter makes of a packet already in a buffer (after
 * "abc"): with another status (sw_enc_append_restatus), and with the id's
 * first ASCII byte changed (sw_enc_append_reid), each byte for byte what
 * encoding the changed packet gives.  One memo for every run, so its
 * caches see many packets.
 */
static void
check_copies(const struct sw_packet *p, size_t size, uint32_t salt)
{
	static struct sw_crc_memo memo;
	struct sw_buf b = SW_BUF_INIT, want = SW_BUF_INIT;
	struct sw_packet q = *p;
	char id[256];
	size_t at = SIZE_MAX;
	ssize_t rc;

	sw_buf_append(&b, "abc", 3);
	sw_enc_append(p, &b);
	q.status = (enum sw_status)((p->status + 1 + salt % 7) % 8);
	rc = sw_enc_append_restatus(&b, 3, size, q.status,
	    salt & 0x100 ? &memo : NULL);
	if (rc != (ssize_t)size || sw_enc_append(&q, &want) != rc ||
	    memcmp(b.data + 3 + size, want.data, size) != 0)
		FUZZ_FAIL("sw_enc_append_restatus differs (rc %zd)", rc);
	for (size_t i = 0; p->test_id.ptr && i < p->test_id.len; i++)
		if ((unsigned char)p->test_id.ptr[i] >= 0x20 &&
		    (unsigned char)p->test_id.ptr[i] < 0x7F) {
			at = i;
			break;
		}
	if (at != SIZE_MAX && p->test_id.len <= sizeof id) {
		memcpy(id, p->test_id.ptr, p->test_id.len);
		id[at] = (char)(0x20 + (id[at] - 0x20 + 1 + salt % 90) % 95);
		q.test_id = (struct sw_str){ id, p->test_id.len };
		q.status = (enum sw_status)(salt % 8);
		want.len = 0;
		rc = sw_enc_append_reid(&b, 3, size, q.test_id, q.status,
		    salt & 0x200 ? &memo : NULL);
		if (rc != (ssize_t)size || sw_enc_append(&q, &want) != rc ||
		    memcmp(b.data + 3 + 2 * size, want.data, size) != 0)
			FUZZ_FAIL("sw_enc_append_reid differs (rc %zd)", rc);
	}
	sw_buf_free(&b);
	sw_buf_free(&want);
}

/* sw_enc_file_room: room bytes fit, room + 1 do not. */
static void
check_file_room(const struct sw_packet *p, bool valid)
{
	struct sw_packet t = *p;
	ssize_t room = sw_enc_file_room(p);

	if (!valid) {
		if (room != -EINVAL)
			FUZZ_FAIL("sw_enc_file_room = %zd for invalid fields",
			    room);
		return;
	}
	if (t.file_name.ptr == NULL)
		t.file_name = (struct sw_str){ "", 0 };
	t.file_bytes = zeros;
	t.file_len = 0;
	if (room < 0) {
		if (room != -EMSGSIZE || model_size(&t) != 0)
			FUZZ_FAIL("sw_enc_file_room = %zd, but an empty file "
			    "fits", room);
		return;
	}
	t.file_len = (size_t)room;
	if (model_size(&t) == 0 || sw_enc_size(&t) != (ssize_t)model_size(&t))
		FUZZ_FAIL("sw_enc_file_room = %zd does not fit", room);
	t.file_len++;
	if (model_size(&t) != 0 || sw_enc_size(&t) != -EMSGSIZE)
		FUZZ_FAIL("sw_enc_file_room = %zd, but one more byte fits",
		    room);
}

/* Chunk i of n as the decoder must give it back (file bytes excepted). */
static void
chunk_want(const struct sw_packet *p, size_t i, size_t n,
    const struct sw_packet *got, struct sw_packet *want)
{
	struct sw_packet c = *p;

	if (i > 0) {
		c.has_timestamp = false;
		c.ts_sec = c.ts_nsec = 0;
	}
	if (i + 1 < n) {
		c.status = SW_STATUS_NONE;
		c.eof = false;
	}
	c.file_bytes = got->file_bytes;
	c.file_len = got->file_len;
	model_decoded(&c, want);
}

static int
count_cb(void *ctx, const struct sw_packet *ev)
{
	check_event_strings(ev, 0);
	(*(size_t *)ctx)++;
	return 0;
}

static void
check_chunked(const struct sw_packet *p, bool valid, size_t max)
{
	size_t eff = max == 0 || max > SW_PACKET_MAX ? SW_PACKET_MAX : max;
	struct sw_buf b = SW_BUF_INIT;
	struct sw_packet first = *p;
	size_t at = 2, done = 0, events = 0;
	ssize_t rc;
	struct sw_dec *d;
	struct sw_dec_stats st;

	sw_buf_append(&b, "xy", 2);
	rc = sw_enc_append_chunked(p, max, &b);
	first.file_len = p->file_len ? 1 : 0;
	if (rc < 0) {
		if (b.len != 2)
			FUZZ_FAIL("sw_enc_append_chunked changed the buffer on "
			    "error %zd", rc);
		if (rc == -EINVAL && valid)
			FUZZ_FAIL("sw_enc_append_chunked: -EINVAL for valid "
			    "fields");
		if (rc != -EINVAL && (rc != -EMSGSIZE ||
		    (model_size(&first) && model_size(&first) <= eff)))
			FUZZ_FAIL("sw_enc_append_chunked = %zd with max %zu, "
			    "but a first chunk of %zu bytes fits", rc, eff,
			    model_size(&first));
		sw_buf_free(&b);
		return;
	}
	if (!valid)
		FUZZ_FAIL("sw_enc_append_chunked accepted invalid fields");
	if (rc == 0 || (p->file_len == 0 && rc != 1))
		FUZZ_FAIL("sw_enc_append_chunked = %zd packets for %zu bytes",
		    rc, p->file_len);
	for (size_t i = 0; i < (size_t)rc; i++) {
		struct sw_packet ev, want, bigger;
		const char *diff;
		size_t plen = 0;

		if (ref_judge(b.data + at, b.len - at, &plen, &ev) != REF_GOOD)
			FUZZ_FAIL("chunk %zu of %zd is not a good packet", i, rc);
		if (plen > eff)
			FUZZ_FAIL("chunk %zu is %zu bytes, max %zu", i, plen,
			    eff);
		chunk_want(p, i, (size_t)rc, &ev, &want);
		diff = ev_diff(&ev, &want);
		if (diff)
			FUZZ_FAIL("chunk %zu of %zd has a different %s", i, rc,
			    diff);
		if (ev.file_len > p->file_len - done || (ev.file_len &&
		    memcmp(ev.file_bytes, p->file_bytes + done, ev.file_len)))
			FUZZ_FAIL("chunk %zu: file bytes differ", i);
		if (p->file_len > 0 && ev.file_len == 0)
			FUZZ_FAIL("chunk %zu is empty", i);
		/* Greedy: a chunk before the last could not hold one more. */
		bigger = want;
		bigger.file_len++;
		bigger.file_bytes = zeros;
		if (i + 1 < (size_t)rc && model_size(&bigger) &&
		    model_size(&bigger) <= eff)
			FUZZ_FAIL("chunk %zu of %zd (%zu bytes) had room for "
			    "more", i, rc, plen);
		done += ev.file_len;
		at += plen;
	}
	if (done != p->file_len || at != b.len)
		FUZZ_FAIL("chunks hold %zu of %zu file bytes in %zu of %zu "
		    "bytes", done, p->file_len, at - 2, b.len - 2);
	d = sw_dec_new(count_cb, &events);
	if (d == NULL || sw_dec_feed(d, b.data + 2, b.len - 2) ||
	    sw_dec_finish(d))
		FUZZ_FAIL("decoding the chunks failed");
	sw_dec_get_stats(d, &st);
	if (events != (size_t)rc || st.packets != (uint64_t)rc)
		FUZZ_FAIL("the chunks decode to %zu events, want %zd", events,
		    rc);
	sw_dec_free(d);
	sw_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct input in;
	static unsigned big_runs;
	const struct sw_packet *p = &in.p;
	bool valid;
	size_t msize;
	ssize_t rc;

	memset(&in, 0, sizeof in);
	build_packet(data, size, &in);
	check_number(in.number);
	valid = model_valid(p);
	msize = model_size(p);
	rc = sw_enc_size(p);
	if (rc < 0)
		check_refused(p, rc, valid, msize);
	else if (!valid || (size_t)rc != msize)
		FUZZ_FAIL("sw_enc_size = %zd; the model says %s, %zu bytes", rc,
		    valid ? "valid" : "invalid", msize);
	else if (!in.big || big_runs++ % 64 == 0)
		check_written(p, (size_t)rc);   /* 4 MiB: not every time */
	if (in.big)
		return 0;
	if (rc > 0)
		check_copies(p, (size_t)rc, in.number);
	check_file_room(p, valid);
	if (p->file_name.ptr)
		check_chunked(p, valid,
		    in.chunk_max & 0x8000 ? 0 : in.chunk_max % 1200);
	return 0;
}

FUZZ_CHECKER_END

/*
 * test_enc: the encoder against python-subunit's bytes.  Reference vectors
 * are upstream's (python/tests/test_test_protocol2.py) and those recorded
 * in ../shared/research/subunit.md §1.9; size edges are §7 cases 1-5.
 */
#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include "sw_enc.h"
#include "t.h"

static uint8_t out[SW_PACKET_MAX + 16];

/* Encode p and compare with hex. */
static void
expect_packet(const struct sw_packet *p, const char *hex)
{
	ssize_t n = sw_enc_packet(p, out, sizeof out);

	T_CHECK(n > 0, "encode failed: %zd", n);
	if (n > 0)
		T_EQ_HEX(out, (size_t)n, hex);
}

static struct sw_packet
pkt_id(const char *id, enum sw_status st)
{
	struct sw_packet p;

	sw_packet_init(&p);
	p.test_id = sw_str_c(id);
	p.status = st;
	return p;
}

static void
number_encodes_shortest_form(void)
{
	uint8_t b[4];

	T_EQ_INT(sw_enc_number(0, b), 1);
	T_EQ_HEX(b, 1, "00");
	T_EQ_INT(sw_enc_number(63, b), 1);
	T_EQ_HEX(b, 1, "3f");
	T_EQ_INT(sw_enc_number(64, b), 2);
	T_EQ_HEX(b, 2, "4040");
	T_EQ_INT(sw_enc_number(16383, b), 2);
	T_EQ_HEX(b, 2, "7fff");
	T_EQ_INT(sw_enc_number(16384, b), 3);
	T_EQ_HEX(b, 3, "804000");
	T_EQ_INT(sw_enc_number(4194303, b), 3);
	T_EQ_HEX(b, 3, "bfffff");
	T_EQ_INT(sw_enc_number(4194304, b), 4);
	T_EQ_HEX(b, 4, "c0400000");
	T_EQ_INT(sw_enc_number(1073741823, b), 4);
	T_EQ_HEX(b, 4, "ffffffff");
	T_EQ_INT(sw_enc_number(1073741824, b), -ERANGE);
}

static void
upstream_status_vectors_match(void)
{
	static const char *hex[8] = {
		NULL, "b329010c03666f6f08555f1b",
		"b329020c03666f6f8ec12db5", "b329030c03666f6f459dfe10",
		"b329040c03666f6f5898cea8", "b329050c03666f6f93c41d0d",
		"b329060c03666f6f15506fa3", "b329070c03666f6fde0cbc06",
	};

	for (int st = 1; st <= 7; st++) {
		struct sw_packet p = pkt_id("foo", (enum sw_status)st);

		expect_packet(&p, hex[st]);
	}
}

static void
upstream_eof_file_timestamp_vectors_match(void)
{
	struct sw_packet p;

	sw_packet_init(&p);
	p.eof = true;
	expect_packet(&p, "b32110085315 88dc");

	sw_packet_init(&p);
	p.file_name = sw_str_c("barney");
	p.file_bytes = (const uint8_t *)"woo";
	p.file_len = 3;
	expect_packet(&p, "b3214013 06 626172 6e6579 03 776f6f 4135e38c");

	p = pkt_id("bar", SW_STATUS_SUCCESS);
	p.has_timestamp = true;
	p.ts_sec = 0x3c1754cf;  /* 2001-12-12 12:59:59 */
	p.ts_nsec = 45000;
	expect_packet(&p, "b32b0313 3c1754cf 80afc8 03626172 49963e2d");
}

static void
observed_python_vectors_match(void)
{
	struct sw_packet p = pkt_id("", SW_STATUS_SUCCESS);
	struct sw_str tag = sw_str_c("worker-0");

	expect_packet(&p, "b3290309009ffb607d");   /* empty id is written */

	sw_packet_init(&p);
	p.runnable = false;
	expect_packet(&p, "b32000081815f0ba");     /* no field at all */

	p = pkt_id("x", SW_STATUS_FAIL);
	p.has_timestamp = true;
	p.ts_sec = 0x3c1754cf;
	p.ts_nsec = 45000;
	p.tags = &tag;
	p.ntags = 1;
	p.mime_type = sw_str_c("text/plain");
	p.file_name = sw_str_c("traceback");
	p.file_bytes = (const uint8_t *)"boom";
	p.file_len = 4;
	p.eof = true;
	p.route_code = sw_str_c("0/1");
	expect_packet(&p, "b32ff6393c1754cf80afc801780108776f726b65722d30"
	    "0a746578742f706c61696e0974726163656261636b04626f6f6d03302f31"
	    "719a0662");

	sw_packet_init(&p);
	p.file_name = sw_str_c("stdout");
	p.file_bytes = (const uint8_t *)"hello\n";
	p.file_len = 6;
	expect_packet(&p, "b3214016067374646f7574066865 6c6c6f0a dfa7b201");

	p = pkt_id("test 1", SW_STATUS_SUCCESS);
	p.runnable = false;
	p.eof = true;
	expect_packet(&p, "b328130f06746573742031f190efe4");
}

static void
empty_tags_and_empty_mime_are_omitted(void)
{
	struct sw_packet p = pkt_id("foo", SW_STATUS_SUCCESS);
	struct sw_str none = { NULL, 0 };

	p.tags = &none;
	p.ntags = 0;
	p.mime_type = sw_str_c("");
	expect_packet(&p, "b329030c03666f6f459dfe10");
}

/* A packet with an id of idlen bytes: its total size and length prefix. */
static void
expect_id_packet_size(size_t idlen, size_t total, const char *lenhex)
{
	char *id = malloc(idlen + 1);
	struct sw_packet p;
	ssize_t n;

	memset(id, 'a', idlen);
	id[idlen] = 0;
	p = pkt_id(id, SW_STATUS_SUCCESS);
	n = sw_enc_packet(&p, out, sizeof out);
	T_EQ_INT(n, total);
	T_EQ_INT(sw_enc_size(&p), total);
	if (n > 3)
		T_EQ_HEX(out + 3, strlen(lenhex) / 2, lenhex);
	free(id);
}

static void
length_prefix_widths_follow_python(void)
{
	/* header 3 + id Number 1 + crc 4 (+ length bytes) */
	expect_id_packet_size(54, 63, "3f");
	expect_id_packet_size(55, 65, "4041");     /* 64 cannot occur */
	expect_id_packet_size(16372, 16383, "7fff");
	expect_id_packet_size(16373, 16385, "804001");
}

static void
largest_packet_is_4194303_bytes(void)
{
	static uint8_t content[4194290];
	struct sw_packet p;
	ssize_t n;

	sw_packet_init(&p);
	p.file_name = sw_str_c("");
	p.file_bytes = content;
	p.file_len = 4194289;
	n = sw_enc_packet(&p, out, sizeof out);
	T_EQ_INT(n, 4194303);
	T_EQ_HEX(out + 3, 3, "bfffff");
	T_EQ_INT(sw_enc_file_room(&p), 4194289);
	p.file_len = 4194290;
	T_EQ_INT(sw_enc_size(&p), -EMSGSIZE);
	T_EQ_INT(sw_enc_packet(&p, out, sizeof out), -EMSGSIZE);
}

static void
invalid_strings_are_refused(void)
{
	static const struct { const char *s; size_t n; } bad[] = {
		{ "a\0b", 3 }, { "\xc3\x28", 2 }, { "\xc0\x80", 2 },
		{ "\xed\xa0\x80", 3 }, { "ab\xc3", 3 }, { "\xf4\x90\x80\x80", 4 },
		{ "\xff", 1 }, { "\x80", 1 },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct sw_str s = { bad[i].s, bad[i].n };
		struct sw_packet p;

		for (int field = 0; field < 5; field++) {
			sw_packet_init(&p);
			if (field == 0)
				p.test_id = s;
			else if (field == 1)
				p.route_code = s;
			else if (field == 2)
				p.mime_type = s;
			else if (field == 3)
				p.file_name = s;
			else {
				p.tags = &s;
				p.ntags = 1;
			}
			T_CHECK(sw_enc_size(&p) == -EINVAL, "case %zu field %d",
			    i, field);
			T_CHECK(sw_enc_packet(&p, out, sizeof out) == -EINVAL,
			    "case %zu field %d", i, field);
		}
	}
}

static void
valid_multibyte_strings_are_accepted(void)
{
	struct sw_packet p = pkt_id("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    SW_STATUS_SUCCESS);

	T_CHECK(sw_enc_size(&p) > 0, "utf-8 id refused");
}

static void
bad_numbers_are_refused(void)
{
	struct sw_packet p = pkt_id("t", SW_STATUS_SUCCESS);

	p.has_timestamp = true;
	p.ts_nsec = 1000000000;
	T_EQ_INT(sw_enc_size(&p), -EINVAL);
	p.ts_nsec = 999999999;
	T_CHECK(sw_enc_size(&p) > 0, "nsec 999999999 refused");
	p.status = (enum sw_status)8;
	T_EQ_INT(sw_enc_size(&p), -EINVAL);
	p = pkt_id("t", SW_STATUS_SUCCESS);
	T_EQ_INT(sw_enc_packet(&p, out, 5), -ENOBUFS);
}

static void
parent_extension_sets_bit_and_follows_route(void)
{
	struct sw_packet p = pkt_id("foo", SW_STATUS_SUCCESS);
	ssize_t n;

	p.route_code = sw_str_c("0");
	p.parent_id = sw_str_c("t.sh");
	n = sw_enc_packet(&p, out, sizeof out);
	T_CHECK(n > 0, "encode failed");
	/* flags 0x2d0b: id, route, runnable, parent bit, success */
	T_EQ_HEX(out, 3, "b32d0b");
	/* ... id "foo", route "0", then parent "t.sh", then CRC */
	T_EQ_HEX(out + 4, (size_t)n - 8, "03666f6f 0130 04742e7368");
}

static void
chunked_attachment_splits_below_the_limit(void)
{
	size_t total = 10u << 20, seen = 0, npk = 0;
	uint8_t *big = malloc(total);
	struct sw_buf b = SW_BUF_INIT;
	struct sw_packet p = pkt_id("t", SW_STATUS_FAIL);
	ssize_t n;

	for (size_t i = 0; i < total; i++)
		big[i] = (uint8_t)(i * 7);
	p.has_timestamp = true;
	p.ts_sec = 1;
	p.eof = true;
	p.mime_type = sw_str_c("text/plain;charset=utf8");
	p.file_name = sw_str_c("stdout");
	p.file_bytes = big;
	p.file_len = total;
	n = sw_enc_append_chunked(&p, 0, &b);
	T_EQ_INT(n, 3);
	/* Walk the packets: each within the limit, flags as documented. */
	for (size_t at = 0; at < b.len; npk++) {
		size_t len = ((size_t)(b.data[at + 3] & 0x3f) << 16) |
		    (size_t)b.data[at + 4] << 8 | b.data[at + 5];
		uint16_t fl = (uint16_t)(b.data[at + 1] << 8 | b.data[at + 2]);
		bool last = at + len == b.len;

		T_CHECK(len <= SW_PACKET_MAX, "packet %zu too big", npk);
		T_CHECK(((fl & SW_FLAG_TIMESTAMP) != 0) == (npk == 0), "ts");
		T_CHECK(((fl & SW_FLAG_EOF) != 0) == last, "eof");
		T_CHECK((fl & 7) == (last ? SW_STATUS_FAIL : 0), "status");
		T_CHECK((fl & SW_FLAG_MIME) != 0, "mime on every chunk");
		seen += len;
		at += len;
	}
	T_EQ_INT(npk, 3);
	T_EQ_INT(seen, b.len);
	sw_buf_free(&b);

	/* A small limit, and an empty file giving one packet. */
	p.file_len = 1000;
	n = sw_enc_append_chunked(&p, 100, &b);
	T_CHECK(n > 10, "only %zd packets of <= 100 bytes", n);
	for (size_t at = 0; at < b.len;) {
		size_t len = b.data[at + 3] & 0x3f;

		if (b.data[at + 3] & 0x40)
			len = (len << 8) | b.data[at + 4];
		T_CHECK(len <= 100, "packet of %zu bytes", len);
		at += len;
	}
	sw_buf_free(&b);
	p.file_len = 0;
	T_EQ_INT(sw_enc_append_chunked(&p, 0, &b), 1);
	T_EQ_INT(sw_enc_append_chunked(&p, 20, &b), -EMSGSIZE);
	sw_buf_free(&b);
	free(big);
}

/* head + content + tail is byte for byte what sw_enc_packet writes. */
static void
scattered_packet_equals_whole_packet(void)
{
	static const size_t sizes[] = { 0, 1, 40, 63, 16000, 70000, 4194000 };
	uint8_t *content = malloc(4194000), *whole = malloc(SW_PACKET_MAX);
	struct sw_packet p = pkt_id("t", SW_STATUS_NONE);
	uint8_t head[256], tail[4];

	for (size_t i = 0; i < 4194000; i++)
		content[i] = (uint8_t)(i * 13);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		ssize_t n, h;

		sw_packet_init(&p);
		p.file_name = sw_str_c("stdout");
		p.has_timestamp = k % 2;
		p.ts_sec = 7;
		p.test_id = k % 3 ? sw_str_c("a test") : (struct sw_str){ 0 };
		p.file_bytes = content;
		p.file_len = sizes[k];
		n = sw_enc_packet(&p, whole, SW_PACKET_MAX);
		h = sw_enc_head(&p, head, sizeof(head));
		T_CHECK(n > 0 && h > 0, "size %zu: %zd %zd", sizes[k], n, h);
		if (n <= 0 || h <= 0)
			continue;
		T_EQ_INT(h + (ssize_t)sizes[k] + 4, n);
		T_CHECK(memcmp(whole, head, (size_t)h) == 0, "head %zu", k);
		T_CHECK(memcmp(whole + h, content, sizes[k]) == 0, "content");
		sw_enc_tail((uint32_t)crc32(crc32(0, head, (uInt)h), content,
		    (uInt)sizes[k]), tail);
		T_CHECK(memcmp(whole + n - 4, tail, 4) == 0, "crc %zu", k);
	}
	/* Fields after the content, or no file: refused. */
	p.route_code = sw_str_c("0");
	T_EQ_INT(sw_enc_head(&p, head, sizeof(head)), -EINVAL);
	sw_packet_init(&p);
	T_EQ_INT(sw_enc_head(&p, head, sizeof(head)), -EINVAL);
	p.file_name = sw_str_c("stdout");
	p.file_len = 10;
	T_EQ_INT(sw_enc_head(&p, head, 3), -ENOBUFS);
	p.file_len = SW_PACKET_MAX;
	T_EQ_INT(sw_enc_head(&p, head, sizeof(head)), -EMSGSIZE);
	free(content);
	free(whole);
}

/* sw_packet_init sets every field to python's default, whatever was there. */
static void
init_resets_every_field(void)
{
	struct sw_packet p;
	uint8_t ref[64];

	memset(&p, 0xAB, sizeof p);
	sw_packet_init(&p);
	T_EQ_INT(p.status, SW_STATUS_NONE);
	T_CHECK(p.runnable && !p.eof && !p.has_timestamp && !p.has_tags,
	    "flags");
	T_CHECK(p.ts_sec == 0 && p.ts_nsec == 0, "timestamp");
	T_CHECK(p.test_id.ptr == NULL && p.test_id.len == 0, "test_id");
	T_CHECK(p.route_code.ptr == NULL && p.route_code.len == 0, "route");
	T_CHECK(p.parent_id.ptr == NULL && p.parent_id.len == 0, "parent");
	T_CHECK(p.tags == NULL && p.ntags == 0, "tags");
	T_CHECK(p.mime_type.ptr == NULL && p.mime_type.len == 0, "mime");
	T_CHECK(p.file_name.ptr == NULL && p.file_name.len == 0, "file_name");
	T_CHECK(p.file_bytes == NULL && p.file_len == 0, "file");
	T_EQ_INT(p.flags, 0);
	/* ... and encodes as the smallest packet python writes. */
	T_EQ_INT(sw_enc_packet(&p, ref, sizeof ref), 8);
}

/*
 * ids_checked skips the UTF-8 scan of test_id, route_code and parent_id
 * only: the packet is the same, other strings are still checked.
 */
static void
ids_checked_skips_only_the_id_scans(void)
{
	struct sw_packet p;
	uint8_t a[128], b[128];
	ssize_t na, nb;

	sw_packet_init(&p);
	p.test_id = sw_str_c("prog (1 - ok)");
	p.route_code = sw_str_c("0");
	p.status = SW_STATUS_SUCCESS;
	na = sw_enc_packet(&p, a, sizeof a);
	p.ids_checked = true;
	nb = sw_enc_packet(&p, b, sizeof b);
	T_CHECK(na > 0 && na == nb && memcmp(a, b, (size_t)na) == 0,
	    "same bytes (%zd, %zd)", na, nb);
	/* Unchecked, a bad id is refused; a bad file name always is. */
	p.ids_checked = false;
	p.test_id = (struct sw_str){ "bad\xff", 4 };
	T_EQ_INT(sw_enc_packet(&p, a, sizeof a), -EINVAL);
	p.ids_checked = true;
	p.test_id = sw_str_c("prog");
	p.file_name = (struct sw_str){ "x\xff", 2 };
	T_EQ_INT(sw_enc_packet(&p, a, sizeof a), -EINVAL);
}

/*
 * sw_enc_append_restatus copies a packet with another status: byte for
 * byte what sw_enc_append writes for that status, small packets (CRC from
 * the memo) and big ones (CRC recomputed), with or without a memo.
 */
static void
restatus_equals_encoding_the_status(void)
{
	static const size_t sizes[] = { 0, 5, 60, 100, 200, 70000 };
	uint8_t *content = malloc(70000);
	struct sw_buf b = SW_BUF_INIT, want = SW_BUF_INIT;
	struct sw_crc_memo m;
	struct sw_packet p;

	sw_crc_memo_init(&m);
	for (size_t i = 0; i < 70000; i++)
		content[i] = (uint8_t)('a' + i % 26);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		for (int from = 0; from <= 7; from++)
			for (int to = 0; to <= 7; to++) {
				ssize_t n, r;

				sw_packet_init(&p);
				p.test_id = sw_str_c("prog (12 - a test)");
				p.route_code = k % 2 ? sw_str_c("3") :
				    (struct sw_str){ 0 };
				p.has_timestamp = true;
				p.ts_sec = 1700000000u;
				p.ts_nsec = 123456789u;
				p.runnable = to % 3 != 0;
				p.eof = to == 5;
				if (sizes[k] > 0) {
					p.file_name = sw_str_c("stdout");
					p.file_bytes = content;
					p.file_len = sizes[k];
				}
				p.status = (enum sw_status)from;
				b.len = want.len = 0;
				n = sw_enc_append(&p, &b);
				r = sw_enc_append_restatus(&b, 0, (size_t)n,
				    (enum sw_status)to, to % 2 ? &m : NULL);
				p.status = (enum sw_status)to;
				T_CHECK(sw_enc_append(&p, &want) == n && r == n,
				    "size %zu %d->%d: %zd %zd", sizes[k], from,
				    to, n, r);
				T_CHECK(b.len == 2 * (size_t)n && memcmp(b.data +
				    n, want.data, (size_t)n) == 0,
				    "bytes %zu %d->%d", sizes[k], from, to);
			}
	/* A range outside the buffer, or not a packet: refused, b unchanged. */
	b.len = 0;
	sw_packet_init(&p);
	p.test_id = sw_str_c("t");
	T_EQ_INT(sw_enc_append(&p, &b), 10);
	T_EQ_INT(sw_enc_append_restatus(&b, 1, 10, SW_STATUS_FAIL, &m),
	    -EINVAL);
	T_EQ_INT(sw_enc_append_restatus(&b, 0, 9, SW_STATUS_FAIL, &m),
	    -EINVAL);
	T_EQ_INT(sw_enc_append_restatus(&b, 0, 10, 8, &m), -EINVAL);
	b.data[0] = 0xB2;
	T_EQ_INT(sw_enc_append_restatus(&b, 0, 10, SW_STATUS_FAIL, &m),
	    -EINVAL);
	T_EQ_INT((int)b.len, 10);
	sw_buf_free(&b);
	sw_buf_free(&want);
	free(content);
}

/*
 * sw_enc_append_reid: the next sibling's packet from the last one, byte
 * for byte what sw_enc_append writes, whatever the field widths; ids of
 * another length are left to the encoder (-EMSGSIZE).
 */
static void
reid_equals_encoding_the_new_id(void)
{
	static const size_t id_lens[] = { 1, 20, 63, 64, 200, 20000 };
	struct sw_buf b = SW_BUF_INIT, want = SW_BUF_INIT;
	char *old_id = malloc(20000), *new_id = malloc(20000);
	struct sw_crc_memo m;
	struct sw_packet p;

	sw_crc_memo_init(&m);
	for (size_t k = 0; k < sizeof(id_lens) / sizeof(id_lens[0]); k++)
		for (int shape = 0; shape < 8; shape++) {
			size_t n = id_lens[k];
			ssize_t a, r;

			for (size_t i = 0; i < n; i++) {
				old_id[i] = (char)('a' + (i * 7 + k) % 26);
				new_id[i] = old_id[i];
			}
			new_id[n - 1] = (char)(old_id[n - 1] == 'z' ? 'y' :
			    old_id[n - 1] + 1);
			new_id[n / 2] = '#';
			sw_packet_init(&p);
			p.test_id = (struct sw_str){ old_id, n };
			p.has_timestamp = shape & 1;
			p.ts_sec = 1700000000u;
			p.ts_nsec = shape & 2 ? 999999999u : 5u;
			p.route_code = shape & 4 ? sw_str_c("12") :
			    (struct sw_str){ 0 };
			p.runnable = shape != 3;
			p.status = SW_STATUS_SUCCESS;
			b.len = want.len = 0;
			a = sw_enc_append(&p, &b);
			r = sw_enc_append_reid(&b, 0, (size_t)a,
			    (struct sw_str){ new_id, n }, SW_STATUS_INPROGRESS,
			    shape & 1 ? &m : NULL);
			p.test_id = (struct sw_str){ new_id, n };
			p.status = SW_STATUS_INPROGRESS;
			T_CHECK(sw_enc_append(&p, &want) == a && r == a,
			    "id %zu shape %d: %zd %zd", n, shape, a, r);
			T_CHECK(b.len == 2 * (size_t)a && memcmp(b.data + a,
			    want.data, (size_t)a) == 0, "bytes id %zu shape %d",
			    n, shape);
			/* Another length: the caller must encode it. */
			T_EQ_INT(sw_enc_append_reid(&b, 0, (size_t)a,
			    (struct sw_str){ new_id, n - 1 },
			    SW_STATUS_INPROGRESS, &m), -EMSGSIZE);
		}
	/* No test id, a bad range or status: refused, b unchanged. */
	b.len = 0;
	sw_packet_init(&p);
	p.status = SW_STATUS_FAIL;
	T_EQ_INT(sw_enc_append(&p, &b), 8);
	T_EQ_INT(sw_enc_append_reid(&b, 0, 8, sw_str_c("x"), SW_STATUS_FAIL,
	    &m), -EINVAL);
	p.test_id = sw_str_c("t");
	T_EQ_INT(sw_enc_append(&p, &b), 10);
	T_EQ_INT(sw_enc_append_reid(&b, 8, 11, sw_str_c("u"), SW_STATUS_FAIL,
	    &m), -EINVAL);
	T_EQ_INT(sw_enc_append_reid(&b, 8, 10, sw_str_c("u"), 9, &m),
	    -EINVAL);
	T_EQ_INT((int)b.len, 18);
	T_EQ_INT(sw_enc_append_reid(&b, 8, 10, sw_str_c("u"), SW_STATUS_SKIP,
	    &m), 10);
	sw_buf_free(&b);
	sw_buf_free(&want);
	free(old_id);
	free(new_id);
}

int
main(void)
{
	T_RUN(number_encodes_shortest_form);
	T_RUN(init_resets_every_field);
	T_RUN(ids_checked_skips_only_the_id_scans);
	T_RUN(upstream_status_vectors_match);
	T_RUN(upstream_eof_file_timestamp_vectors_match);
	T_RUN(observed_python_vectors_match);
	T_RUN(empty_tags_and_empty_mime_are_omitted);
	T_RUN(length_prefix_widths_follow_python);
	T_RUN(largest_packet_is_4194303_bytes);
	T_RUN(invalid_strings_are_refused);
	T_RUN(valid_multibyte_strings_are_accepted);
	T_RUN(bad_numbers_are_refused);
	T_RUN(parent_extension_sets_bit_and_follows_route);
	T_RUN(chunked_attachment_splits_below_the_limit);
	T_RUN(scattered_packet_equals_whole_packet);
	T_RUN(restatus_equals_encoding_the_status);
	T_RUN(reid_equals_encoding_the_new_id);
	return t_done();
}

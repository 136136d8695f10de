/*
 * test_dec: the streaming decoder against python-subunit 1.4's parser
 * (../shared/research/subunit.md §2.3, §2.4 and §7; case numbers below are
 * §7's), and the places where we deliberately keep data python loses.
 */
#include <stdlib.h>
#include <zlib.h>

#include "sw_enc.h"
#include "t.h"
#include "t_events.h"

/* A byte string under construction. */
struct bytes {
	unsigned char b[1 << 16];
	size_t n;
};

static void
add_hex(struct bytes *s, const char *hex)
{
	s->n += t_unhex(hex, s->b + s->n, sizeof s->b - s->n);
}

static void
add_raw(struct bytes *s, const void *p, size_t n)
{
	memcpy(s->b + s->n, p, n);
	s->n += n;
}

/* Append hex (a packet without its CRC) and the CRC of those bytes. */
static void
add_crc_packet(struct bytes *s, const char *hex)
{
	size_t start = s->n;
	uLong crc;

	add_hex(s, hex);
	crc = crc32(0L, s->b + start, (uInt)(s->n - start));
	s->b[s->n++] = (unsigned char)(crc >> 24);
	s->b[s->n++] = (unsigned char)(crc >> 16);
	s->b[s->n++] = (unsigned char)(crc >> 8);
	s->b[s->n++] = (unsigned char)crc;
}

#define GOOD "b329030b02743125fa4bca"   /* t1 success */
#define GOOD_EV "success id=t1\n"

/* Decode s whole and 1 byte at a time; both must give `want`. */
static void
expect_events(const struct bytes *s, const char *want)
{
	size_t chunks[] = { 0, 1, 3 };

	for (size_t i = 0; i < 3; i++) {
		struct t_rec r = T_REC_INIT;

		T_EQ_INT(t_decode(&r, s->b, s->n, chunks[i]), 0);
		T_CHECK(r.out && strcmp(r.out, want) == 0,
		    "chunk %zu:\n--- want\n%s--- got\n%s", chunks[i], want,
		    r.out ? r.out : "(nothing)\n");
		t_rec_free(&r);
	}
}

#define ERR(data, why) \
	"none id=subunit.parser mime=application/octet-stream " \
	"file=Packet data:" data " eof\n" \
	"fail id=subunit.parser mime=text/plain;charset=utf8 " \
	"file=Parser Error:" why " eof\n"

static void
reference_vectors_decode(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b329010c03666f6f08555f1b b329070c03666f6fde0cbc06");
	add_hex(&s, "b32110085315 88dc");
	add_hex(&s, "b3214013 06 626172 6e6579 03 776f6f 4135e38c");
	add_hex(&s, "b32b0313 3c1754cf 80afc8 03626172 49963e2d");
	add_hex(&s, "b32ff6393c1754cf80afc801780108776f726b65722d300a746578"
	    "742f706c61696e0974726163656261636b04626f6f6d03302f31719a0662");
	add_hex(&s, "b328130f06746573742031f190efe4");
	expect_events(&s,
	    "exists id=foo\n"
	    "xfail id=foo\n"
	    "none eof\n"
	    "none file=barney:woo\n"
	    "success ts=1008161999.000045000 id=bar\n"
	    "fail ts=1008161999.000045000 id=x route=0/1 tags=worker-0 "
	    "mime=text/plain file=traceback:boom eof\n"
	    "success id=test 1 eof norun\n");
}

static void
case02_non_minimal_numbers_are_accepted(void)
{
	struct bytes s = { .n = 0 };

	/* length 12 as 2 bytes, then 13 as 3 bytes with id length as 4. */
	add_crc_packet(&s, "b32903400c 02 7431");
	add_crc_packet(&s, "b32903 800010 c0000002 7432");
	expect_events(&s, "success id=t1\nsuccess id=t2\n");
}

static void
case06_four_byte_length_costs_one_byte(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b32903c000000f");
	add_hex(&s, GOOD);
	expect_events(&s, ERR("\\xb3", "3 byte maximum given but 4 byte value "
	    "found.") "none file=stdout:)\\x03\\xc0\\x00\\x00\\x0f\n" GOOD_EV);
}

static void
case07_length_below_header_rescans(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b3290305");
	add_hex(&s, GOOD);
	expect_events(&s, ERR("\\xb3", "Packet length 5 is shorter than its "
	    "header and checksum") "none file=stdout:)\\x03\\x05\n" GOOD_EV);
}

static void
case09_minimal_packet_is_an_empty_event(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b32000081815f0ba");
	expect_events(&s, "none norun\n");
}

static void
case10_bad_crc_then_good_packet(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b329030b02743125fa4b35");
	add_hex(&s, GOOD);
	expect_events(&s, ERR("\\xb3", "Bad checksum - calculated (0x25fa4bca),"
	    " stored (0x25fa4b35)") "none file=stdout:)\\x03\\x0b\\x02t1%"
	    "\\xfaK5\n" GOOD_EV);
}

static void
case11_overlong_claim_loses_no_packet(void)
{
	struct bytes s = { .n = 0 };

	/* python swallows the next two packets here (§2.3 case L). */
	add_hex(&s, "b3290328 02 7431 25fa4bca");
	for (int i = 0; i < 4; i++)
		add_hex(&s, GOOD);
	expect_events(&s, ERR("\\xb3", "Bad checksum - calculated (0xe6abf95d),"
	    " stored (0xb027431)") "none file=stdout:)\\x03(\\x02t1%\\xfaK"
	    "\\xca\n" GOOD_EV GOOD_EV GOOD_EV GOOD_EV);
}

static void
case12_truncated_packet_at_eof(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, GOOD);
	add_hex(&s, "b329030b0274");
	expect_events(&s, GOOD_EV ERR("\\xb3", "Short read - got 2 bytes, "
	    "wanted 7 bytes") "none file=stdout:)\\x03\\x0b\\x02t\n");
}

static void
case12_lone_signature_at_eof_is_text(void)
{
	struct bytes s = { .n = 0 };

	/* Too short to look like a packet: no error, nothing lost. */
	add_hex(&s, GOOD "b3");
	expect_events(&s, GOOD_EV "none file=stdout:\\xb3\n");
}

static void
case13_reserved_bit_without_bytes_is_accepted(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b3290b0b 02 7431");
	expect_events(&s, "success id=t1\n");
}

static void
case13_parent_extension_is_decoded(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b32d0b14 02 7431 0130 06706172656e74");
	/* Bytes after the fields that are not a string: no parent. */
	add_hex(&s, "b3290b0f03666f6f78797ac67e9f63");
	expect_events(&s, "success id=t1 route=0 parent=parent\n"
	    "success id=foo\n");
}

static void
case14_other_version_is_text(void)
{
	struct bytes s = { .n = 0 };

	/* The spec: "cannot be read".  Kept as text, never lost. */
	add_crc_packet(&s, "b339030b 02 7431");
	add_hex(&s, GOOD);
	expect_events(&s, "none file=stdout:\\xb39\\x03\\x0b\\x02t1&,IQ\n" GOOD_EV);
}

static void
case15_trailing_bytes_before_crc_are_ignored(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b329030e 02 7431 aabbcc");
	expect_events(&s, "success id=t1\n");
}

static void
case16_flag_without_field_is_a_parse_error(void)
{
	struct bytes s = { .n = 0 };

	/* python crashes with struct.error on these (§2.3 T, U). */
	add_crc_packet(&s, "b3280008");
	add_crc_packet(&s, "b322000a 0000");
	add_hex(&s, GOOD);
	expect_events(&s,
	    ERR("\\xb3(\\x00\\x08\\x16\\x06\\xa1\\x02", "Number at offset 4 "
	    "extends past end of packet")
	    ERR("\\xb3\"\\x00\\x0a\\x00\\x00\\x9b\\x0a9\\xca", "Timestamp "
	    "at offset 4 extends past end of packet") GOOD_EV);
}

static void
case17_empty_id_and_route_differ_from_absent(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "b3290309009ffb607d");
	add_crc_packet(&s, "b32d030a 00 00");
	expect_events(&s, "success id=\nsuccess id= route=\n");
}

static void
case18_19_empty_tag_set_and_empty_mime(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b329830a 00 00");       /* id "", tag count 0 */
	add_crc_packet(&s, "b321600c 00 0161 00");  /* mime "", file a */
	add_crc_packet(&s, "b329830e 00 02 0161 0161");
	expect_events(&s, "success id= tags=\nnone mime= file=a:\n"
	    "success id= tags=a,a\n");
}

static void
case20_21_bad_strings_are_parse_errors(void)
{
	static const char *const bad[] = {
		"02 6100", "02 c328", "02 c080", "03 eda080", "01 c3",
	};
	static const char *const why[] = {
		"contains NUL byte", "is not UTF8", "is not UTF8",
		"is not UTF8", "is not UTF8",
	};

	for (size_t i = 0; i < 5; i++) {
		struct bytes s = { .n = 0 };
		struct t_rec r = T_REC_INIT;
		char hex[64];

		snprintf(hex, sizeof hex, "b32903%02zx %s",
		    8 + t_unhex(bad[i], s.b, 0), bad[i]);
		add_crc_packet(&s, hex);
		add_hex(&s, GOOD);
		t_decode(&r, s.b, s.n, 0);
		T_CHECK(strstr(r.out, why[i]) != NULL, "%zu: %s", i, r.out);
		T_CHECK(strstr(r.out, "UTF8 string at offset 4") != NULL, "%s",
		    r.out);
		T_CHECK(strcmp(r.out + r.len - strlen(GOOD_EV), GOOD_EV) == 0,
		    "good packet after bad string lost: %s", r.out);
		T_EQ_INT(r.count, 3);
		t_rec_free(&r);
	}
}

static void
case22_lengths_past_the_end(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b329030b 09 6162");
	add_crc_packet(&s, "b321400c 00 09 6162");
	expect_events(&s,
	    ERR("\\xb3)\\x03\\x0b\\x09ab\\xecxBq",
	    "UTF8 string at offset 4 extends past end of packet: claimed 9 "
	    "bytes, 2 available")
	    ERR("\\xb3!@\\x0c\\x00\\x09abN\\xb2\\xbau",
	    "File content extends past end of packet: claimed 9 bytes, 2 "
	    "available"));
}

static void
case23_24_timestamps_are_reported_raw(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b32200 0e 80000000 45dc");         /* 2^31 s */
	add_crc_packet(&s, "b32200 10 ffffffff ffffffff");     /* max */
	expect_events(&s, "none ts=2147483648.000001500 norun\n"
	    "none ts=4294967295.1073741823 norun\n");
}

static void
case25_26_eof_alone_and_status_with_file(void)
{
	struct bytes s = { .n = 0 };

	add_crc_packet(&s, "b32916 0b 02 7431");
	add_crc_packet(&s, "b32946 0f 02 7431 0161 0178");
	expect_events(&s, "fail id=t1 eof\nfail id=t1 file=a:x\n");
}

static void
case27_31_text_around_packets(void)
{
	struct bytes s = { .n = 0 };

	add_raw(&s, "abc", 3);
	add_hex(&s, GOOD);
	add_raw(&s, "def\nline\r\n", 10);
	add_hex(&s, GOOD);
	expect_events(&s, "none file=stdout:abc\n" GOOD_EV
	    "none file=stdout:def\\x0aline\\x0d\\x0a\n" GOOD_EV);
}

static void
case28_signature_inside_a_character_is_text(void)
{
	struct bytes s = { .n = 0 };

	add_hex(&s, "78 c2b3 20 79 0a");    /* "x³ y\n": looks like flags */
	add_hex(&s, GOOD);
	expect_events(&s, "none file=stdout:x\\xc2\\xb3 y\\x0a\n" GOOD_EV);
}

static void
case29_stray_lead_byte_does_not_hide_a_packet(void)
{
	struct bytes s = { .n = 0 };

	/* python loses the packet after "x\xc2" and "x\xe2\x82" (X2, X3). */
	add_hex(&s, "78 c2");
	add_hex(&s, GOOD);
	add_hex(&s, "78 e282");
	add_hex(&s, GOOD);
	expect_events(&s, "none file=stdout:x\\xc2\n" GOOD_EV
	    "none file=stdout:x\\xe2\\x82\n" GOOD_EV);
}

static void
case30_latin1_signature_does_not_hide_a_packet(void)
{
	struct bytes s = { .n = 0 };

	/* python loses the packet after this one (§2.3 case Z). */
	add_raw(&s, "price \xb3 5\n", 10);   /* flags 0x2035: looks real */
	add_hex(&s, GOOD);
	add_raw(&s, "x\xb3" "5\n", 4);          /* version nibble 3: text */
	add_hex(&s, GOOD);
	expect_events(&s, "none file=stdout:price \n" ERR("\\xb3",
	    "Bad checksum - calculated (0xab65072e), stored (0x30b0274)")
	    "none file=stdout: 5\\x0a\n" GOOD_EV
	    "none file=stdout:x\\xb35\\x0a\n" GOOD_EV);
}

static void
text_is_cut_every_64k_whatever_the_feeding(void)
{
	size_t n = 3 * SW_DEC_TEXT_MAX + 10;
	unsigned char *buf = malloc(n + 64);
	struct t_rec whole = T_REC_INIT, bytewise = T_REC_INIT;

	memset(buf, 'z', n);
	buf[100] = 0xb3;                      /* a false signature in text */
	buf[101] = 0x77;
	n += t_unhex(GOOD, buf + n, 64);
	t_decode(&whole, buf, n, 0);
	t_decode(&bytewise, buf, n, 1);
	T_EQ_INT(whole.count, 5);
	T_CHECK(strcmp(whole.out, bytewise.out) == 0, "events differ");
	T_CHECK(strcmp(whole.out + whole.len - strlen(GOOD_EV), GOOD_EV) == 0,
	    "packet lost");
	t_rec_free(&whole);
	t_rec_free(&bytewise);
	free(buf);
}

static void
character_split_by_a_text_cut_is_still_one_character(void)
{
	size_t n = SW_DEC_TEXT_MAX - 1;
	unsigned char *buf = malloc(n + 64);
	struct t_rec r = T_REC_INIT;

	/* U+20B3 = e2 82 b3, cut after e2 by the 64 KiB text limit. */
	memset(buf, 'a', n);
	n += t_unhex("e2 82b3 29 0a 0a", buf + n, 64);
	t_decode(&r, buf, n, 0);
	T_EQ_INT(r.count, 2);
	T_CHECK(strstr(r.out, "subunit.parser") == NULL, "error reported");
	t_rec_free(&r);
	free(buf);
}

static void
stopping_in_the_callback_loses_nothing(void)
{
	struct bytes s = { .n = 0 };
	struct t_rec once = T_REC_INIT, stop = T_REC_INIT;

	add_raw(&s, "a", 1);
	for (int i = 0; i < 5; i++) {
		add_hex(&s, GOOD);
		add_raw(&s, "b", 1);
		add_hex(&s, "b329030b02743125fa4b35");
	}
	t_decode(&once, s.b, s.n, 0);
	stop.stop_after = 1;                  /* stop after every event */
	t_decode(&stop, s.b, s.n, 0);
	T_CHECK(strcmp(once.out, stop.out) == 0, "--- whole\n%s--- stopping\n"
	    "%s", once.out, stop.out);
	t_rec_free(&once);
	t_rec_free(&stop);
}

static void
flush_delivers_text_but_keeps_a_partial_packet(void)
{
	struct t_rec r = T_REC_INIT;
	struct sw_dec *d = sw_dec_new(t_rec_cb, &r);
	unsigned char good[16];
	size_t n = t_unhex(GOOD, good, sizeof good);

	sw_dec_feed(d, "hello", 5);
	sw_dec_feed(d, good, 4);
	T_EQ_INT(sw_dec_flush(d), 0);
	T_CHECK(r.out && strcmp(r.out, "none file=stdout:hello\n") == 0, "%s",
	    r.out ? r.out : "nothing");
	sw_dec_feed(d, good + 4, n - 4);
	sw_dec_finish(d);
	T_CHECK(strcmp(r.out, "none file=stdout:hello\n" GOOD_EV) == 0, "%s",
	    r.out);
	sw_dec_free(d);
	t_rec_free(&r);
}

int
main(void)
{
	T_RUN(reference_vectors_decode);
	T_RUN(case02_non_minimal_numbers_are_accepted);
	T_RUN(case06_four_byte_length_costs_one_byte);
	T_RUN(case07_length_below_header_rescans);
	T_RUN(case09_minimal_packet_is_an_empty_event);
	T_RUN(case10_bad_crc_then_good_packet);
	T_RUN(case11_overlong_claim_loses_no_packet);
	T_RUN(case12_truncated_packet_at_eof);
	T_RUN(case12_lone_signature_at_eof_is_text);
	T_RUN(case13_reserved_bit_without_bytes_is_accepted);
	T_RUN(case13_parent_extension_is_decoded);
	T_RUN(case14_other_version_is_text);
	T_RUN(case15_trailing_bytes_before_crc_are_ignored);
	T_RUN(case16_flag_without_field_is_a_parse_error);
	T_RUN(case17_empty_id_and_route_differ_from_absent);
	T_RUN(case18_19_empty_tag_set_and_empty_mime);
	T_RUN(case20_21_bad_strings_are_parse_errors);
	T_RUN(case22_lengths_past_the_end);
	T_RUN(case23_24_timestamps_are_reported_raw);
	T_RUN(case25_26_eof_alone_and_status_with_file);
	T_RUN(case27_31_text_around_packets);
	T_RUN(case28_signature_inside_a_character_is_text);
	T_RUN(case29_stray_lead_byte_does_not_hide_a_packet);
	T_RUN(case30_latin1_signature_does_not_hide_a_packet);
	T_RUN(text_is_cut_every_64k_whatever_the_feeding);
	T_RUN(character_split_by_a_text_cut_is_still_one_character);
	T_RUN(stopping_in_the_callback_loses_nothing);
	T_RUN(flush_delivers_text_but_keeps_a_partial_packet);
	return t_done();
}

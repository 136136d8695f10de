/*
 * test_crc: sw_crc gives exactly zlib's crc32() for every length and for
 * packets that differ from the remembered one in their flags, in other
 * bytes, in length, or not at all; sw_enc_append_memo writes the same bytes
 * as sw_enc_append.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sw_crc.h"
#include "sw_enc.h"
#include "t.h"

static uint32_t
zlib_crc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0L, p, (uInt)n);
}

/* Deterministic bytes, so a failure repeats. */
static uint32_t rng = 12345;

static uint8_t
next_byte(void)
{
	rng = rng * 1103515245u + 12345u;
	return (uint8_t)(rng >> 16);
}

static void
random_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = next_byte();
}

static void
every_length_matches_zlib(void)
{
	uint8_t b[600];

	random_bytes(b, sizeof b);
	/* Every length and start offset (zlib's braid depends on alignment). */
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n + off <= sizeof b; n++)
			T_CHECK(sw_crc32(b + off, n) == zlib_crc(b + off, n),
			    "length %zu at offset %zu", n, off);
}

/* Feed a packet to the memo and compare with zlib. */
static void
memo_check(struct sw_crc_memo *m, const uint8_t *p, size_t n, const char *what)
{
	uint32_t got = sw_crc_memo_packet(m, p, n);

	T_CHECK(got == zlib_crc(p, n), "%s: length %zu: 0x%08x, zlib 0x%08x",
	    what, n, got, zlib_crc(p, n));
}

static void
memo_matches_zlib_for_every_kind_of_change(void)
{
	struct sw_crc_memo m;
	uint8_t p[SW_CRC_MEMO_MAX + 8] = { 0 };

	sw_crc_memo_init(&m);
	for (int round = 0; round < 20000; round++) {
		size_t n = 3 + next_byte() % (SW_CRC_MEMO_MAX + 6);
		int kind = next_byte() % 6;

		if (round == 0 || kind == 0)            /* anything */
			for (size_t i = 0; i < n; i++)
				p[i] = next_byte();
		else if (kind == 1)                     /* flags only */
			p[1 + next_byte() % 2] ^= next_byte() | 1;
		else if (kind == 2)                     /* one other byte */
			p[next_byte() % n] ^= next_byte() | 1;
		else if (kind == 3)                     /* nothing */
			;
		else if (kind == 4)                     /* flags back and forth */
			p[2] ^= 0x03;
		else {                                  /* flags and the end */
			p[1] ^= 0x20;
			p[n - 1 - next_byte() % (n / 2)] ^= next_byte() | 1;
		}
		memo_check(&m, p, n, "round");
	}
}

static void
memo_survives_a_full_cache(void)
{
	struct sw_crc_memo m;
	uint8_t p[SW_CRC_MEMO_MAX];

	sw_crc_memo_init(&m);
	random_bytes(p, sizeof p);
	/* More (length, change) pairs than slots, twice, colliding. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t n = 3; n <= sizeof p; n++)
			for (unsigned c = 1; c < 70; c += 3) {
				memo_check(&m, p, n, "first");
				p[1] ^= (uint8_t)c;
				p[2] ^= (uint8_t)(c * 7);
				memo_check(&m, p, n, "flags changed");
			}
	memo_check(NULL, p, sizeof p, "no memo");
}

static void
memo_encoding_is_byte_identical(void)
{
	struct sw_buf plain = SW_BUF_INIT, memo = SW_BUF_INIT;
	struct sw_crc_memo m;
	struct sw_packet p;
	char id[64];

	sw_crc_memo_init(&m);
	for (int i = 0; i < 3000; i++) {
		int len = snprintf(id, sizeof id, "prog (%d - line)", i / 2);

		sw_packet_init(&p);
		p.test_id.ptr = id;
		p.test_id.len = (size_t)len;
		p.has_timestamp = true;
		p.ts_sec = 1700000000u + (uint32_t)(i / 7);
		p.ts_nsec = (uint32_t)(i / 3) * 1000u;
		p.status = i % 2 ? SW_STATUS_SUCCESS : SW_STATUS_INPROGRESS;
		if (i % 11 == 0)
			p.status = SW_STATUS_FAIL;
		p.runnable = i % 13 != 0;
		T_CHECK(sw_enc_append(&p, &plain) > 0, "plain %d", i);
		T_CHECK(sw_enc_append_memo(&p, &memo, &m) > 0, "memo %d", i);
	}
	T_CHECK(plain.len == memo.len && memcmp(plain.data, memo.data,
	    plain.len) == 0, "streams differ (%zu, %zu bytes)", plain.len,
	    memo.len);
	sw_buf_free(&plain);
	sw_buf_free(&memo);
}

/* sw_crc_memo_reflag: the CRC after a flag change, any length, any memo. */
static void
reflag_matches_zlib(void)
{
	static uint8_t p[5000];
	struct sw_crc_memo m;

	sw_crc_memo_init(&m);
	random_bytes(p, sizeof p);
	for (int round = 0; round < 3000; round++) {
		size_t n = 3 + (round < 2000 ? next_byte() %
		    (SW_CRC_MEMO_MAX + 10) : (size_t)next_byte() * 19);
		uint16_t change = (uint16_t)(next_byte() << 8 | next_byte());
		uint32_t before = zlib_crc(p, n), got;

		got = sw_crc_memo_reflag(round % 2 ? &m : NULL, before, n,
		    change);
		p[1] ^= (uint8_t)(change >> 8);
		p[2] ^= (uint8_t)change;
		T_CHECK(got == zlib_crc(p, n), "length %zu change 0x%04x", n,
		    change);
	}
}

/*
 * One differing byte: the memo keeps a constant per (distance to the end,
 * XOR); many of them, colliding in the cache, each still zlib's CRC.
 */
static void
memo_one_byte_differences_match_zlib(void)
{
	struct sw_crc_memo m;
	uint8_t p[SW_CRC_MEMO_MAX];

	sw_crc_memo_init(&m);
	random_bytes(p, sizeof p);
	for (int pass = 0; pass < 2; pass++)
		for (size_t n = 8; n <= sizeof p; n += 3)
			for (unsigned x = 1; x < 256; x++) {
				/* x and x + 64 share a slot at one distance. */
				size_t at = n - 1 - (x / 128 + n) % (n / 2);

				memo_check(&m, p, n, "before");
				p[at] ^= (uint8_t)x;
				memo_check(&m, p, n, "one byte");
				p[at] ^= (uint8_t)x;
				p[2] ^= 1;      /* and with the flags */
				p[at] ^= (uint8_t)x;
				memo_check(&m, p, n, "flags and one byte");
			}
}

/*
 * A span rewritten: none, one or several of its bytes changed, anywhere
 * in a message of any length (past the memo's maximum too), with and
 * without a memo; the one-byte constants collide in the cache as above.
 */
static void
respan_matches_zlib(void)
{
	static uint8_t p[3000];
	struct sw_crc_memo m;
	uint8_t old[64];

	sw_crc_memo_init(&m);
	random_bytes(p, sizeof p);
	for (int round = 0; round < 20000; round++) {
		size_t n = 1 + (round % 4 ? next_byte() % (SW_CRC_MEMO_MAX + 8) :
		    (size_t)next_byte() * 11);
		size_t k = next_byte() % (n < sizeof old ? n + 1 : sizeof old);
		size_t at = next_byte() * 7u % (n - k + 1);
		unsigned changed = k ? next_byte() % 4 : 0;
		uint32_t before = zlib_crc(p, n), got;

		memcpy(old, p + at, k);
		/* 0: same bytes; 1: one byte; 2, 3: random bytes anywhere. */
		for (unsigned c = 0; c < changed; c++)
			p[at + next_byte() % k] ^= (uint8_t)(1 + next_byte() %
			    255);
		got = sw_crc_memo_respan(round % 3 ? &m : NULL, before, n, at,
		    old, p + at, k);
		T_CHECK(got == zlib_crc(p, n), "length %zu span %zu+%zu "
		    "changes %u", n, at, k, changed);
	}
}

int
main(void)
{
	T_RUN(every_length_matches_zlib);
	T_RUN(memo_matches_zlib_for_every_kind_of_change);
	T_RUN(memo_survives_a_full_cache);
	T_RUN(memo_encoding_is_byte_identical);
	T_RUN(reflag_matches_zlib);
	T_RUN(memo_one_byte_differences_match_zlib);
	T_RUN(respan_matches_zlib);
	return t_done();
}

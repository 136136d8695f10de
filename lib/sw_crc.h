/*
 * sw_crc: the CRC-32 of subunit v2 packets, zlib's crc32() (the one
 * python-subunit uses), made cheaper for the small packets the wrapper
 * writes by the million.
 *
 * Workload assumed: a TAP flood gives every assertion two packets of about
 * 60 bytes, its inprogress and its final status, which differ only in
 * their flags.  Two facts about zlib 1.2.13 on x86-64 make the CRC most of
 * the wrapper's time there, and this module works around both without
 * computing a CRC any other way than by calling zlib:
 *   - crc32() of 47 to about 80 bytes takes a "braided" path whose set-up
 *     costs more than it saves; the same bytes given as two calls of at
 *     most 46 bytes each are about a quarter cheaper (sw_crc32);
 *   - the CRC is affine: for messages A and B of one length,
 *     crc(A) ^ crc(B) == crc(A ^ B) ^ crc(zeros of that length), and zero
 *     bytes in front of a message change only that constant.  So a packet
 *     of the same length as the previous one gets its CRC from the
 *     previous CRC: a constant per (length, flag change), which zlib
 *     computes once and the memo keeps, and, if other bytes differ too,
 *     zlib's CRC of the XOR of the two packets from the first other
 *     difference to the end (the next test's id differs from the last one
 *     in a few digits near the end) (sw_crc_memo_packet).  A caller that
 *     knows which bytes it changed says so and skips the comparison
 *     (sw_crc_memo_reflag for the flags, sw_crc_memo_respan for a span).
 * Every function returns exactly what zlib's crc32(0, p, n) returns;
 * tests/lib/test_crc.c checks it against zlib for random packets.
 */
#ifndef SW_CRC_H
#define SW_CRC_H

#include <stddef.h>
#include <stdint.h>

/* crc32(0, p, n) as zlib computes it, for any n; p may be NULL if n is 0. */
uint32_t sw_crc32(const uint8_t *p, size_t n);

/* Packets longer than this are not remembered (their CRC is cheap per byte). */
#define SW_CRC_MEMO_MAX 128
/* Flag changes remembered, by (length, change): a small direct-mapped cache. */
#define SW_CRC_MEMO_SLOTS 32
/* One-byte differences remembered, by (distance to the end, XOR): likewise. */
#define SW_CRC_MEMO_BYTE_SLOTS 64

/*
 * The last small packet and its CRC, and the constants derived so far.
 * Caller-owned, one per output stream (packets compared across streams
 * would only miss).  Zero it or call sw_crc_memo_init before use; it holds
 * no pointers and needs no freeing.  Not thread-safe: one user at a time.
 */
struct sw_crc_memo {
	uint8_t last[SW_CRC_MEMO_MAX];
	size_t last_len;                /* 0: nothing remembered */
	uint32_t last_crc;
	struct {
		uint16_t len;           /* 0: empty slot */
		uint16_t change;        /* XOR of the two flag fields */
		uint32_t k;             /* crc(delta) ^ crc(zeros), both of len */
	} slot[SW_CRC_MEMO_SLOTS];
	/*
	 * When only one byte differs (the last digit of a test number, most
	 * of the time), the tail's constant depends on that byte's XOR and
	 * its distance to the end alone: kept, so zlib is not called.
	 */
	struct {
		uint16_t len;           /* distance to the end; 0: empty */
		uint8_t x;              /* XOR of the differing byte */
		uint32_t k;             /* tail_constant of that difference */
	} byte_slot[SW_CRC_MEMO_BYTE_SLOTS];
	/* crc(n zero bytes) for n in 0..MAX, once known (bit n of known). */
	uint32_t zeros[SW_CRC_MEMO_MAX + 1];
	uint64_t known[(SW_CRC_MEMO_MAX + 64) / 64];
};

/* Forget everything (same as zeroing the struct). */
void sw_crc_memo_init(struct sw_crc_memo *m);

/*
 * crc32(0, p, n) of a whole encoded packet p[0..n-1] without its CRC
 * field, using and updating the memo m (NULL: plain sw_crc32); the packet
 * becomes the remembered one.  A packet of the remembered one's length
 * costs a comparison, and zlib's CRC of the bytes from its first
 * difference after the flags to the end when that is at most half of it
 * (a remembered constant when that is the only byte that differs);
 * others cost sw_crc32.  Never fails, allocates nothing.
 */
uint32_t sw_crc_memo_packet(struct sw_crc_memo *m, const uint8_t *p,
    size_t n);

/*
 * The CRC of packet B from the CRC of packet A (crc == crc32(0, A, n)),
 * for n-byte packets (without their CRC field) that differ only in the
 * flags field, bytes 1 and 2, whose XOR is `change`: a packet copied with
 * another status.  Uses and fills the memo's constants (NULL, or n above
 * SW_CRC_MEMO_MAX: zlib computes the constant, which costs a CRC of n
 * bytes).  Does not change the remembered packet.  Never fails, allocates
 * nothing.
 */
uint32_t sw_crc_memo_reflag(struct sw_crc_memo *m, uint32_t crc, size_t n,
    uint16_t change);

/*
 * The CRC of message B from the CRC of message A (crc == crc32(0, A, n)),
 * for n-byte messages that differ only in the k bytes at offset `at`:
 * A has was[0..k) there, B now[0..k) (a packet copied with another test
 * id of the same length).  A difference in one byte costs a remembered
 * constant (zlib computes it the first time); a wider one, zlib on the
 * XOR of the differing bytes and on the zeros after them.  Uses the memo's
 * constants only (NULL: computes them, which costs a CRC of n bytes); does
 * not change the remembered packet.  Needs at + k <= n.  Never fails,
 * allocates nothing.
 */
uint32_t sw_crc_memo_respan(struct sw_crc_memo *m, uint32_t crc, size_t n,
    size_t at, const uint8_t *was, const uint8_t *now, size_t k);

#endif

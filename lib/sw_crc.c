/*
 * sw_crc: zlib's CRC-32 for packets, cheaper for small ones.  See sw_crc.h
 * for the two facts this relies on; every value still comes from crc32().
 */
#include <stdbool.h>
#include <string.h>
#include <zlib.h>

#include "sw_crc.h"

/*
 * zlib 1.2.13 braids inputs of 47 bytes and more; with a single 40-byte
 * block (up to about 80 bytes) the braid's set-up and final combination
 * cost more than byte-at-a-time.  Measured on x86-64: 55 bytes 101 ns in
 * one call, 82 ns as 46 + 9.
 */
#define BYTEWISE_MAX 46
#define SPLIT_BELOW 80

uint32_t
sw_crc32(const uint8_t *p, size_t n)
{
	uLong crc;

	if (n == 0)
		return (uint32_t)crc32(0L, Z_NULL, 0);
	if (n <= BYTEWISE_MAX || n >= SPLIT_BELOW)
		return (uint32_t)crc32(0L, p, (uInt)n);
	crc = crc32(0L, p, BYTEWISE_MAX);
	return (uint32_t)crc32(crc, p + BYTEWISE_MAX, (uInt)(n - BYTEWISE_MAX));
}

void
sw_crc_memo_init(struct sw_crc_memo *m)
{
	memset(m, 0, sizeof *m);
}

/* zlib's crc32 continued from crc over n zero bytes, for any n. */
static uint32_t
zeros_after(uint32_t crc, size_t n)
{
	static const uint8_t z[4096];
	uLong c = crc;

	while (n > 0) {
		size_t step = n < sizeof z ? n : sizeof z;

		c = crc32(c, z, (uInt)step);
		n -= step;
	}
	return (uint32_t)c;
}

/* crc(n zero bytes), by zlib, kept in m when there is room. */
static uint32_t
zeros_crc(struct sw_crc_memo *m, size_t n)
{
	uint64_t bit = (uint64_t)1 << (n % 64);

	if (m == NULL || n > SW_CRC_MEMO_MAX)
		return zeros_after(0, n);
	if ((m->known[n / 64] & bit) == 0) {
		m->zeros[n] = zeros_after(0, n);
		m->known[n / 64] |= bit;
	}
	return m->zeros[n];
}

/* crc32(0, a ^ b, n): the CRC of the two byte strings' XOR. */
static uint32_t
xor_crc(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t x[64];
	uLong c = crc32(0L, Z_NULL, 0);

	while (n > 0) {
		size_t step = n < sizeof x ? n : sizeof x;

		for (size_t i = 0; i < step; i++)
			x[i] = a[i] ^ b[i];
		c = crc32(c, x, (uInt)step);
		a += step;
		b += step;
		n -= step;
	}
	return (uint32_t)c;
}

/*
 * crc(A) ^ crc(B) for messages A and B of one length whose XOR is
 * a[0..k) ^ b[0..k) followed by `rest` zero bytes (and zeros before:
 * leading zeros do not change it).
 */
static uint32_t
span_constant(struct sw_crc_memo *m, const uint8_t *a, const uint8_t *b,
    size_t k, size_t rest)
{
	return zeros_after(xor_crc(a, b, k), rest) ^ zeros_crc(m, k + rest);
}

/*
 * crc(A) ^ crc(B) for two n-byte messages whose XOR is `change` in bytes 1
 * and 2 and zero elsewhere (span_constant of those bytes; m may be NULL).
 */
static uint32_t
flag_delta(struct sw_crc_memo *m, size_t n, uint16_t change)
{
	uint8_t head[3] = { 0, (uint8_t)(change >> 8), (uint8_t)change };
	uint8_t zero[3] = { 0, 0, 0 };
	size_t h = n < 3 ? n : 3;

	return span_constant(m, head, zero, h, n - h);
}

/* flag_delta for n <= SW_CRC_MEMO_MAX, kept in the memo's slots. */
static uint32_t
flag_constant(struct sw_crc_memo *m, size_t n, uint16_t change)
{
	unsigned i = (unsigned)(n * 31 + change) % SW_CRC_MEMO_SLOTS;

	if (m->slot[i].len != n || m->slot[i].change != change) {
		m->slot[i].k = flag_delta(m, n, change);
		m->slot[i].len = (uint16_t)n;
		m->slot[i].change = change;
	}
	return m->slot[i].k;
}

uint32_t
sw_crc_memo_reflag(struct sw_crc_memo *m, uint32_t crc, size_t n,
    uint16_t change)
{
	if (change == 0)
		return crc;
	if (m == NULL || n < 3 || n > SW_CRC_MEMO_MAX)
		return crc ^ flag_delta(NULL, n, change);
	return crc ^ flag_constant(m, n, change);
}

/* Index of the first byte where a[0..n) and b[0..n) differ, or n. */
static size_t
span_first(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest set bit of x ^ y is in the first byte. */
			return i + (size_t)__builtin_ctzll(x ^ y) / 8;
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Index of the first byte after the flags where p and q differ, or n. */
static size_t
first_difference(const uint8_t *p, const uint8_t *q, size_t n)
{
	return 3 + span_first(p + 3, q + 3, n - 3);
}

/* memcmp(a, b, n) == 0 for the few bytes after a digit, without a call. */
static bool
same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * crc(A) ^ crc(B) for n-byte A and B that are equal before byte `from`
 * (span_constant of the bytes from `from` on).
 */
static uint32_t
tail_constant(struct sw_crc_memo *m, const uint8_t *a, const uint8_t *b,
    size_t from, size_t n)
{
	return span_constant(m, a + from, b + from, n - from, 0);
}

/*
 * span_constant when only the byte a[0] ^ b[0] differs, `rest` bytes
 * before the end: by that XOR and the distance, kept.
 */
static uint32_t
byte_constant(struct sw_crc_memo *m, const uint8_t *a, const uint8_t *b,
    size_t rest)
{
	uint8_t x = a[0] ^ b[0];
	size_t len = rest + 1;
	unsigned i = (unsigned)(len * 251 + x) % SW_CRC_MEMO_BYTE_SLOTS;

	if (m->byte_slot[i].len != len || m->byte_slot[i].x != x) {
		m->byte_slot[i].k = span_constant(m, a, b, 1, rest);
		m->byte_slot[i].len = (uint16_t)len;
		m->byte_slot[i].x = x;
	}
	return m->byte_slot[i].k;
}

uint32_t
sw_crc_memo_packet(struct sw_crc_memo *m, const uint8_t *p, size_t n)
{
	uint32_t crc;
	size_t from;

	if (m == NULL || n < 3 || n > SW_CRC_MEMO_MAX)
		return sw_crc32(p, n);
	if (n == m->last_len && p[0] == m->last[0] &&
	    (from = first_difference(p, m->last, n)) * 2 >= n) {
		uint16_t change = (uint16_t)((p[1] ^ m->last[1]) << 8 |
		    (p[2] ^ m->last[2]));

		bool one = from < n && same_bytes(p + from + 1,
		    m->last + from + 1, n - from - 1);

		crc = m->last_crc;
		if (change != 0)
			crc ^= flag_constant(m, n, change);
		if (one)
			crc ^= byte_constant(m, p + from, m->last + from,
			    n - from - 1);
		else if (from < n)
			crc ^= tail_constant(m, p, m->last, from, n);
		/* Only what differs becomes the remembered packet. */
		m->last[1] = p[1];
		m->last[2] = p[2];
		if (one)
			m->last[from] = p[from];
		else if (from < n)
			memcpy(m->last + from, p + from, n - from);
	} else {
		crc = sw_crc32(p, n);
		memcpy(m->last, p, n);
		m->last_len = n;
	}
	m->last_crc = crc;
	return crc;
}

/* Index of the last byte where a[0..n) and b[0..n) differ; they do. */
static size_t
span_last(const uint8_t *a, const uint8_t *b, size_t n)
{
	while (n >= 8) {
		uint64_t x, y;

		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		if (x != y) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The highest set bit of x ^ y is in the last byte. */
			return n - 1 - (size_t)__builtin_clzll(x ^ y) / 8;
#else
			break;
#endif
		}
		n -= 8;
	}
	while (a[n - 1] == b[n - 1])
		n--;
	return n - 1;
}

uint32_t
sw_crc_memo_respan(struct sw_crc_memo *m, uint32_t crc, size_t n, size_t at,
    const uint8_t *was, const uint8_t *now, size_t k)
{
	size_t first = span_first(was, now, k), last;

	if (first == k)
		return crc;
	/* The next test's number differs in its last digit, mostly. */
	if (m != NULL && n <= SW_CRC_MEMO_MAX && same_bytes(was + first + 1,
	    now + first + 1, k - first - 1))
		return crc ^ byte_constant(m, was + first, now + first,
		    n - at - first - 1);
	last = span_last(was, now, k);
	return crc ^ span_constant(m, was + first, now + first,
	    last - first + 1, n - at - last - 1);
}

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

/*
 * crc(A) ^ crc(B) for two n-byte messages whose XOR is `change` in bytes 1
 * and 2 and zero elsewhere: crc(that XOR) ^ crc(n zeros), by zlib, kept.
 */
static uint32_t
flag_constant(struct sw_crc_memo *m, size_t n, uint16_t change)
{
	unsigned i = (unsigned)(n * 31 + change) % SW_CRC_MEMO_SLOTS;
	uint8_t z[SW_CRC_MEMO_MAX];
	uint32_t k;

	if (m->slot[i].len == n && m->slot[i].change == change)
		return m->slot[i].k;
	memset(z, 0, n);
	k = sw_crc32(z, n);
	z[1] = (uint8_t)(change >> 8);
	z[2] = (uint8_t)change;
	k ^= sw_crc32(z, n);
	m->slot[i].len = (uint16_t)n;
	m->slot[i].change = change;
	m->slot[i].k = k;
	return k;
}

/* flag_constant without a memo, for any n: zlib on n bytes, twice. */
static uint32_t
flag_constant_now(size_t n, uint16_t change)
{
	static const uint8_t zeros[4096];
	uint8_t head[3] = { 0, (uint8_t)(change >> 8), (uint8_t)change };
	uint32_t k = 0, z = 0;
	size_t done = 0;

	/* crc(delta) ^ crc(zeros): delta is head then zeros, so feed both. */
	k = (uint32_t)crc32(0L, head, (uInt)(n < 3 ? n : 3));
	z = (uint32_t)crc32(0L, zeros, (uInt)(n < 3 ? n : 3));
	for (done = n < 3 ? n : 3; done < n; ) {
		size_t step = n - done < sizeof zeros ? n - done : sizeof zeros;

		k = (uint32_t)crc32(k, zeros, (uInt)step);
		z = (uint32_t)crc32(z, zeros, (uInt)step);
		done += step;
	}
	return k ^ z;
}

uint32_t
sw_crc_memo_reflag(struct sw_crc_memo *m, uint32_t crc, size_t n,
    uint16_t change)
{
	if (change == 0)
		return crc;
	if (m == NULL || n < 3 || n > SW_CRC_MEMO_MAX)
		return crc ^ flag_constant_now(n, change);
	return crc ^ flag_constant(m, n, change);
}

/* crc(n zero bytes), by zlib, kept. */
static uint32_t
zeros_crc(struct sw_crc_memo *m, size_t n)
{
	static const uint8_t z[SW_CRC_MEMO_MAX];
	uint64_t bit = (uint64_t)1 << (n % 64);

	if ((m->known[n / 64] & bit) == 0) {
		m->zeros[n] = sw_crc32(z, n);
		m->known[n / 64] |= bit;
	}
	return m->zeros[n];
}

/* Index of the first byte after the flags where p and q differ, or n. */
static size_t
first_difference(const uint8_t *p, const uint8_t *q, size_t n)
{
	size_t i = 3;

	while (i + 8 <= n) {
		uint64_t a, b;

		memcpy(&a, p + i, 8);
		memcpy(&b, q + i, 8);
		if (a != b) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest set bit of a ^ b is in the first byte. */
			return i + (size_t)__builtin_ctzll(a ^ b) / 8;
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && p[i] == q[i])
		i++;
	return i;
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
 * crc(A) ^ crc(B) for n-byte A and B that are equal before byte `from`:
 * their XOR is zero there, and leading zeros leave only crc(zeros of the
 * rest), so it is crc(XOR from `from` on) ^ crc(that many zeros).
 */
static uint32_t
tail_constant(struct sw_crc_memo *m, const uint8_t *a, const uint8_t *b,
    size_t from, size_t n)
{
	uint8_t x[SW_CRC_MEMO_MAX];

	for (size_t i = from; i < n; i++)
		x[i - from] = a[i] ^ b[i];
	return sw_crc32(x, n - from) ^ zeros_crc(m, n - from);
}

/*
 * tail_constant when a and b differ in byte `from` only: by the XOR of
 * that byte and its distance to the end, kept.
 */
static uint32_t
byte_constant(struct sw_crc_memo *m, const uint8_t *a, const uint8_t *b,
    size_t from, size_t n)
{
	uint8_t x = a[from] ^ b[from];
	size_t len = n - from;
	unsigned i = (unsigned)(len * 251 + x) % SW_CRC_MEMO_BYTE_SLOTS;

	if (m->byte_slot[i].len != len || m->byte_slot[i].x != x) {
		m->byte_slot[i].k = tail_constant(m, a, b, from, n);
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
			crc ^= byte_constant(m, p, m->last, from, n);
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

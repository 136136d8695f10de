/*
 * sw_utf8: strict UTF-8 validation (RFC 3629 ranges, as Python's codec).
 * Strings checked here are test ids, tags, mime types and file names:
 * short and mostly ASCII, so the ASCII fast path is a plain byte loop.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sw_utf8.h"

int
sw_utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Allowed range of the second byte after lead byte c (RFC 3629 table). */
static void
second_byte_range(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (c == 0xE0)
		*lo = 0xA0;     /* overlong below U+0800 */
	else if (c == 0xED)
		*hi = 0x9F;     /* surrogates U+D800..U+DFFF */
	else if (c == 0xF0)
		*lo = 0x90;     /* overlong below U+10000 */
	else if (c == 0xF4)
		*hi = 0x8F;     /* above U+10FFFF */
}

/* Whether s[0..7] are all ASCII and none is NUL (no 8-byte alignment needed). */
static bool
ascii8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;

	memcpy(&w, s, sizeof w);
	/* (w - ones) & ~w has a high bit set below the first zero byte. */
	return (w & highs) == 0 && ((w - ones) & ~w & highs) == 0;
}

long
sw_utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char lo, hi;
		int n;

		/* Test ids are mostly ASCII: eight such bytes at a time. */
		if (len - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}

		if (s[i] != 0 && s[i] < 0x80) {
			i++;
			continue;
		}
		n = sw_utf8_seq_len(s[i]);
		if (s[i] == 0 || n == 0 || len - i < (size_t)n)
			return (long)i;
		second_byte_range(s[i], &lo, &hi);
		if (s[i + 1] < lo || s[i + 1] > hi)
			return (long)i;
		for (int k = 2; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
		i += (size_t)n;
	}
	return -1;
}

bool
sw_utf8_valid(const char *s, size_t len)
{
	return sw_utf8_invalid_at(s, len) < 0;
}

/* Whether s[0..7] are all printable ASCII, 0x20..0x7E. */
static bool
printable8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w, del;

	memcpy(&w, s, sizeof w);
	del = w ^ (0x7F * ones);
	/* No high bit, no byte below 0x20, no byte equal to 0x7F. */
	return (w & highs) == 0 && ((w - 0x20 * ones) & ~w & highs) == 0 &&
	    ((del - ones) & ~del & highs) == 0;
}

/* Length of the valid sequence at s[0..len), or 0 if it is not one. */
static size_t
valid_seq(const unsigned char *s, size_t len)
{
	int n = sw_utf8_seq_len(s[0]);

	if (n == 0 || len < (size_t)n)
		return 0;
	return sw_utf8_invalid_at((const char *)s, (size_t)n) < 0 ? (size_t)n :
	    0;
}

/* Bytes of s[0..len) that need no escaping, from the start. */
static size_t
clean_run(const unsigned char *s, size_t len)
{
	size_t i = 0;

	/* Whole words, then the last word overlapping: a clean id in one go. */
	while (i + 8 <= len && printable8(s + i))
		i += 8;
	if (i < len && i + 8 > len && len >= 8 && printable8(s + len - 8))
		return len;
	while (i < len) {
		size_t n;

		if (len - i >= 8 && printable8(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++;
			continue;
		}
		n = s[i] >= 0x80 ? valid_seq(s + i, len - i) : 0;
		if (n == 0)
			break;
		i += n;
	}
	return i;
}

int
sw_utf8_escape(const char *str, size_t len, struct sw_buf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[8];
	size_t i = 0;

	while (i < len) {
		size_t n = clean_run(s + i, len - i);
		const char *e = esc;

		/* Test ids are mostly clean: copy whole runs at once. */
		if (n > 0) {
			if (sw_buf_append(out, s + i, n) < 0)
				return -ENOMEM;
			i += n;
			continue;
		}
		if (s[i] == '\n')
			e = "\\n";
		else if (s[i] == '\r')
			e = "\\r";
		else if (s[i] == '\t')
			e = "\\t";
		else
			snprintf(esc, sizeof esc, "\\x%02x", s[i]);
		if (sw_buf_append(out, e, strlen(e)) < 0)
			return -ENOMEM;
		i++;
	}
	return 0;
}

/*
 * fuzz_common.h: what the fuzz targets share.  A reference model of the
 * wire format written from the spec (../shared/research/subunit.md §1),
 * independent of lib/, so the targets can check the library against it:
 *
 *   ref_utf8_valid()   strict UTF-8 by decoding code points (not RFC
 *                      tables, unlike sw_utf8.c)
 *   ref_judge()        is there a packet at p[0..n): good, CRC-valid but
 *                      malformed, or not a packet; fills a struct
 *                      sw_packet pointing into p
 *   ev_equal()         every field of two events, with the reason
 *   ev_serialise()     every field of an event, appended to a byte log
 *
 * Header-only, every function static inline (each target is one .c file).
 * A violated invariant calls FUZZ_FAIL, which prints and abort()s, so
 * libFuzzer saves the input as a crash file.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "subunit-wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The checking code is not instrumented for coverage (the sanitizers still
 * apply): coverage feedback then comes from lib/ alone, and the executions
 * per second are not spent tracing the checker's own comparisons.  Each
 * target wraps its code in FUZZ_CHECKER_BEGIN / FUZZ_CHECKER_END too.
 */
#ifdef __clang__
#define FUZZ_CHECKER_BEGIN _Pragma("clang attribute push(__attribute__((no_sanitize(\"coverage\"))), apply_to = function)")
#define FUZZ_CHECKER_END _Pragma("clang attribute pop")
#else
#define FUZZ_CHECKER_BEGIN
#define FUZZ_CHECKER_END
#endif

FUZZ_CHECKER_BEGIN

#define FUZZ_FAIL(...)                                                        \
	do {                                                                  \
		fprintf(stderr, "INVARIANT VIOLATED (%s:%d): ", __FILE__,     \
		    __LINE__);                                                \
		fprintf(stderr, __VA_ARGS__);                                 \
		fprintf(stderr, "\n");                                        \
		abort();                                                      \
	} while (0)

/* ---- a byte log (independent of sw_buf) ------------------------------ */

struct flog {
	uint8_t *p;
	size_t len;
	size_t cap;
};

static inline void
flog_put(struct flog *l, const void *src, size_t n)
{
	if (l->len + n > l->cap) {
		size_t cap = l->cap ? l->cap : 4096;

		while (cap < l->len + n)
			cap *= 2;
		l->p = realloc(l->p, cap);
		if (l->p == NULL)
			FUZZ_FAIL("out of memory");
		l->cap = cap;
	}
	if (n)
		memcpy(l->p + l->len, src, n);
	l->len += n;
}

static inline void
flog_u64(struct flog *l, uint64_t v)
{
	flog_put(l, &v, sizeof v);
}

/* ---- reference UTF-8 ------------------------------------------------- */

/* Valid UTF-8 without NUL: decode every code point and check its range. */
static inline bool
ref_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		uint32_t cp, min;
		size_t n;

		if (s[i] == 0)
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			n = 2, cp = s[i] & 0x1Fu, min = 0x80;
		} else if ((s[i] & 0xF0) == 0xE0) {
			n = 3, cp = s[i] & 0x0Fu, min = 0x800;
		} else if ((s[i] & 0xF8) == 0xF0) {
			n = 4, cp = s[i] & 0x07u, min = 0x10000;
		} else {
			return false;
		}
		if (len - i < n)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

/* sw_utf8 must agree with the reference, and say where it goes wrong. */
static inline void
check_utf8_agrees(const char *s, size_t len)
{
	bool want = ref_utf8_valid(s, len);
	long at = sw_utf8_invalid_at(s, len);

	if (sw_utf8_valid(s, len) != want || (at < 0) != want)
		FUZZ_FAIL("sw_utf8 says %s (invalid_at %ld), reference says %s "
		    "for %zu bytes", want ? "invalid" : "valid", at,
		    want ? "valid" : "invalid", len);
	if (at >= 0 && ((size_t)at >= len || !ref_utf8_valid(s, (size_t)at)))
		FUZZ_FAIL("sw_utf8_invalid_at = %ld for %zu bytes, but the "
		    "prefix before it is not valid", at, len);
}

/* ---- reference packet parser ----------------------------------------- */

enum ref_verdict {
	REF_GOOD,       /* CRC good, every field well formed */
	REF_MALFORMED,  /* CRC good, fields bad */
	REF_NOT_PACKET, /* bad length prefix, too short, truncated, bad CRC */
};

/* Number at p[*at..end); false if it does not fit. */
static inline bool
ref_number(const uint8_t *p, size_t end, size_t *at, uint32_t *v)
{
	size_t n;

	if (*at >= end)
		return false;
	n = (size_t)(p[*at] >> 6) + 1;
	if (end - *at < n)
		return false;
	*v = 0;
	for (size_t k = 0; k < n; k++)
		*v = *v << 8 | (k ? p[*at + k] : (p[*at] & 0x3Fu));
	*at += n;
	return true;
}

static inline bool
ref_string(const uint8_t *p, size_t end, size_t *at, struct sw_str *s)
{
	uint32_t n;

	if (!ref_number(p, end, at, &n) || n > end - *at)
		return false;
	s->ptr = (const char *)p + *at;
	s->len = n;
	*at += n;
	return ref_utf8_valid(s->ptr, s->len);
}

/* Tag storage for ref_judge (one parse at a time). */
static struct sw_str *ref_tags;
static size_t ref_tags_cap;

/*
 * Judge the bytes at p[0..n) (p[0] is expected to be 0xB3).  On REF_GOOD
 * and REF_MALFORMED *plen is the packet length; on REF_GOOD *ev holds the
 * fields (pointing into p, tags into ref_tags).
 */
static inline enum ref_verdict
ref_judge(const uint8_t *p, size_t n, size_t *plen, struct sw_packet *ev)
{
	size_t lsize, length, at, end;
	uint32_t v, stored;
	uint16_t fl;

	if (n < 4 || p[0] != SW_SIGNATURE)
		return REF_NOT_PACKET;
	lsize = (size_t)(p[3] >> 6) + 1;
	if (lsize == 4 || n < 3 + lsize)
		return REF_NOT_PACKET;
	at = 3;
	if (!ref_number(p, n, &at, &v))
		return REF_NOT_PACKET;
	length = v;
	if (length < at + 4 || length > n)
		return REF_NOT_PACKET;
	stored = (uint32_t)p[length - 4] << 24 | (uint32_t)p[length - 3] << 16
	    | (uint32_t)p[length - 2] << 8 | p[length - 1];
	if ((uint32_t)crc32(0L, p, (uInt)(length - 4)) != stored)
		return REF_NOT_PACKET;
	*plen = length;
	end = length - 4;
	fl = (uint16_t)(p[1] << 8 | p[2]);
	memset(ev, 0, sizeof *ev);
	ev->flags = fl;
	ev->status = (enum sw_status)(fl & 7);
	ev->runnable = (fl & 0x0100) != 0;
	ev->eof = (fl & 0x0010) != 0;
	if (fl & 0x0200) {
		if (end - at < 4)
			return REF_MALFORMED;
		ev->has_timestamp = true;
		ev->ts_sec = (uint32_t)p[at] << 24 | (uint32_t)p[at + 1] << 16 |
		    (uint32_t)p[at + 2] << 8 | p[at + 3];
		at += 4;
		if (!ref_number(p, end, &at, &ev->ts_nsec))
			return REF_MALFORMED;
	}
	if ((fl & 0x0800) && !ref_string(p, end, &at, &ev->test_id))
		return REF_MALFORMED;
	if (fl & 0x0080) {
		if (!ref_number(p, end, &at, &v) || v > end - at)
			return REF_MALFORMED;
		if (v > ref_tags_cap) {
			ref_tags = realloc(ref_tags, v * sizeof *ref_tags);
			if (ref_tags == NULL)
				FUZZ_FAIL("out of memory");
			ref_tags_cap = v;
		}
		for (uint32_t i = 0; i < v; i++)
			if (!ref_string(p, end, &at, &ref_tags[i]))
				return REF_MALFORMED;
		ev->has_tags = true;
		ev->tags = ref_tags;
		ev->ntags = v;
	}
	if ((fl & 0x0020) && !ref_string(p, end, &at, &ev->mime_type))
		return REF_MALFORMED;
	if (fl & 0x0040) {
		if (!ref_string(p, end, &at, &ev->file_name) ||
		    !ref_number(p, end, &at, &v) || v > end - at)
			return REF_MALFORMED;
		ev->file_bytes = p + at;
		ev->file_len = v;
		at += v;
	}
	if ((fl & 0x0400) && !ref_string(p, end, &at, &ev->route_code))
		return REF_MALFORMED;
	/*
	 * Extension: a parent id only if the writer left bytes for it and
	 * they form a valid string; other bytes are ignored (sw_dec.h).
	 */
	if ((fl & 0x0008) && at < end) {
		struct sw_str parent;

		if (ref_string(p, end, &at, &parent))
			ev->parent_id = parent;
	}
	return REF_GOOD;
}

/* ---- comparing and logging events ------------------------------------ */

static inline bool
str_eq(struct sw_str a, struct sw_str b)
{
	if ((a.ptr == NULL) != (b.ptr == NULL))
		return false;
	return a.ptr == NULL ||
	    (a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0));
}

static inline bool
str_is(struct sw_str a, const char *c)
{
	return a.ptr != NULL && a.len == strlen(c) &&
	    memcmp(a.ptr, c, a.len) == 0;
}

/* NULL if every field is equal, else the name of the first that differs. */
static inline const char *
ev_diff(const struct sw_packet *a, const struct sw_packet *b)
{
	if (a->status != b->status)
		return "status";
	if (a->runnable != b->runnable)
		return "runnable";
	if (a->eof != b->eof)
		return "eof";
	if (a->has_timestamp != b->has_timestamp)
		return "has_timestamp";
	if (a->has_timestamp &&
	    (a->ts_sec != b->ts_sec || a->ts_nsec != b->ts_nsec))
		return "timestamp";
	if (!str_eq(a->test_id, b->test_id))
		return "test_id";
	if (!str_eq(a->route_code, b->route_code))
		return "route_code";
	if (!str_eq(a->parent_id, b->parent_id))
		return "parent_id";
	if (a->has_tags != b->has_tags || a->ntags != b->ntags)
		return "tags (count)";
	for (size_t i = 0; i < a->ntags; i++)
		if (!str_eq(a->tags[i], b->tags[i]))
			return "tags";
	if (!str_eq(a->mime_type, b->mime_type))
		return "mime_type";
	if (!str_eq(a->file_name, b->file_name))
		return "file_name";
	if (a->file_len != b->file_len || (a->file_len &&
	    memcmp(a->file_bytes, b->file_bytes, a->file_len) != 0))
		return "file bytes";
	if (a->flags != b->flags)
		return "flags";
	return NULL;
}

static inline void
log_str(struct flog *l, struct sw_str s)
{
	flog_u64(l, s.ptr ? s.len : UINT64_MAX);
	if (s.ptr)
		flog_put(l, s.ptr, s.len);
}

/* Every field of *ev, so two logs are equal iff the events are. */
static inline void
ev_serialise(struct flog *l, const struct sw_packet *ev)
{
	uint64_t bits = (uint64_t)ev->status | (uint64_t)ev->runnable << 8 |
	    (uint64_t)ev->eof << 9 | (uint64_t)ev->has_timestamp << 10 |
	    (uint64_t)ev->has_tags << 11 | (uint64_t)ev->flags << 16;

	flog_u64(l, bits);
	flog_u64(l, ev->has_timestamp ?
	    (uint64_t)ev->ts_sec << 32 | ev->ts_nsec : 0);
	log_str(l, ev->test_id);
	log_str(l, ev->route_code);
	log_str(l, ev->parent_id);
	flog_u64(l, ev->ntags);
	for (size_t i = 0; i < ev->ntags; i++)
		log_str(l, ev->tags[i]);
	log_str(l, ev->mime_type);
	log_str(l, ev->file_name);
	flog_u64(l, ev->file_len);
	flog_put(l, ev->file_bytes, ev->file_len);
}

/* (c): every string of a decoded event is valid UTF-8 without NUL. */
static inline void
check_event_strings(const struct sw_packet *ev, size_t idx)
{
	const struct sw_str *s[] = { &ev->test_id, &ev->route_code,
		&ev->parent_id, &ev->mime_type, &ev->file_name };

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (s[i]->ptr && (!sw_utf8_valid(s[i]->ptr, s[i]->len) ||
		    !ref_utf8_valid(s[i]->ptr, s[i]->len)))
			FUZZ_FAIL("event %zu: string field %zu is not valid "
			    "UTF-8 without NUL", idx, i);
	if (ev->ntags > 0 && ev->tags == NULL)
		FUZZ_FAIL("event %zu: %zu tags but tags == NULL", idx,
		    ev->ntags);
	for (size_t i = 0; i < ev->ntags; i++)
		if (ev->tags[i].ptr == NULL ||
		    !sw_utf8_valid(ev->tags[i].ptr, ev->tags[i].len) ||
		    !ref_utf8_valid(ev->tags[i].ptr, ev->tags[i].len))
			FUZZ_FAIL("event %zu: tag %zu is not valid UTF-8 "
			    "without NUL", idx, i);
	if (ev->file_len > 0 && ev->file_bytes == NULL)
		FUZZ_FAIL("event %zu: file_len %zu but file_bytes == NULL", idx,
		    ev->file_len);
}

/* A small deterministic generator (xorshift64*) for split sizes. */
static inline uint64_t
rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

FUZZ_CHECKER_END

#endif

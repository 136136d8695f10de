/*
 * t_events.h: record decoder events as one text line each, so tests can
 * compare whole event sequences with strcmp and print them on failure.
 *
 *   struct t_rec r = T_REC_INIT;
 *   t_decode(&r, bytes, n, chunk);   // chunk 0 = all at once
 *   T_CHECK(strcmp(r.out, "success id=t1\n") == 0, "%s", r.out);
 *
 * Line format: the status name (or "none"), then only the fields present:
 * ts=S.N id=.. route=.. parent=.. tags=a,b mime=.. file=NAME:BYTES eof
 * norun (runnable clear).  Strings print raw when printable ASCII, else as
 * \xNN escapes.
 */
#ifndef T_EVENTS_H
#define T_EVENTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_dec.h"

struct t_rec {
	char *out;
	size_t len, cap;
	int stop_after;   /* stop the decoder after this many events (0: never) */
	int count;
};

#define T_REC_INIT { NULL, 0, 0, 0, 0 }

static inline void
t_rec_add(struct t_rec *r, const char *s, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		r->cap = (r->len + n + 1) * 2;
		r->out = realloc(r->out, r->cap);
		if (r->out == NULL)
			abort();
	}
	memcpy(r->out + r->len, s, n);
	r->len += n;
	r->out[r->len] = 0;
}

static inline void
t_rec_str(struct t_rec *r, const char *p, size_t n)
{
	char esc[8];

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7F && c != '\\') {
			t_rec_add(r, (const char *)&p[i], 1);
		} else {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			t_rec_add(r, esc, 4);
		}
	}
}

static inline void
t_rec_field(struct t_rec *r, const char *key, struct sw_str s)
{
	if (s.ptr == NULL)
		return;
	t_rec_add(r, " ", 1);
	t_rec_add(r, key, strlen(key));
	t_rec_add(r, "=", 1);
	t_rec_str(r, s.ptr, s.len);
}

static inline int
t_rec_cb(void *ctx, const struct sw_packet *ev)
{
	struct t_rec *r = ctx;
	const char *name = sw_status_name(ev->status);
	char num[64];

	t_rec_add(r, *name ? name : "none", strlen(*name ? name : "none"));
	if (ev->has_timestamp) {
		snprintf(num, sizeof num, " ts=%u.%09u", ev->ts_sec, ev->ts_nsec);
		t_rec_add(r, num, strlen(num));
	}
	t_rec_field(r, "id", ev->test_id);
	t_rec_field(r, "route", ev->route_code);
	t_rec_field(r, "parent", ev->parent_id);
	if (ev->has_tags) {
		t_rec_add(r, " tags=", 6);
		for (size_t i = 0; i < ev->ntags; i++) {
			if (i)
				t_rec_add(r, ",", 1);
			t_rec_str(r, ev->tags[i].ptr, ev->tags[i].len);
		}
	}
	t_rec_field(r, "mime", ev->mime_type);
	if (ev->file_name.ptr) {
		t_rec_field(r, "file", ev->file_name);
		t_rec_add(r, ":", 1);
		t_rec_str(r, (const char *)ev->file_bytes, ev->file_len);
	}
	if (ev->eof)
		t_rec_add(r, " eof", 4);
	if (!ev->runnable)
		t_rec_add(r, " norun", 6);
	t_rec_add(r, "\n", 1);
	r->count++;
	return r->stop_after && r->count % r->stop_after == 0 ? 7 : 0;
}

/*
 * Decode n bytes fed `chunk` bytes at a time (0: all at once), then
 * finish.  Appends the events to r.  Returns the first non-zero rc seen
 * other than the recorder's own stop value 7 (which is resumed from).
 */
static inline int
t_decode(struct t_rec *r, const void *bytes, size_t n, size_t chunk)
{
	struct sw_dec *d = sw_dec_new(t_rec_cb, r);
	const unsigned char *p = bytes;
	int rc = 0;

	if (chunk == 0)
		chunk = n ? n : 1;
	for (size_t at = 0; at < n && rc == 0; at += chunk) {
		size_t k = n - at < chunk ? n - at : chunk;

		rc = sw_dec_feed(d, p + at, k);
		while (rc == 7)
			rc = sw_dec_feed(d, "", 0) == 0 ? 0 : rc;
	}
	while (rc == 0 && (rc = sw_dec_finish(d)) == 7)
		rc = 0;
	sw_dec_free(d);
	return rc;
}

static inline void
t_rec_free(struct t_rec *r)
{
	free(r->out);
	r->out = NULL;
	r->len = r->cap = 0;
	r->count = 0;
}

#endif

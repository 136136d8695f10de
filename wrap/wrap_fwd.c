/*
 * wrap_fwd: forwarding a nested subunit v2 stream (rules: wrap_fwd.h).
 *
 * State: the decoder, our route, the tests in progress (key "ROUTE\0ID",
 * value: 1 + the runnable flag), and a scratch buffer for prefixed route
 * codes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sw_buf.h"
#include "sw_dec.h"
#include "sw_map.h"
#include "wrap_fwd.h"

#define FWD_MIME_TEXT "text/plain;charset=utf8"

struct fwd {
	struct emit_out *out;
	char *route;
	struct sw_dec *dec;
	struct sw_map open;
	struct sw_buf scratch;   /* prefixed route */
	struct sw_buf key;
	unsigned long packets;
	int error;               /* first error inside the callback */
};

/* "ROUTE\0ID" of a packet, in f->key.  0 or -ENOMEM. */
static int
fwd_key(struct fwd *f, const struct sw_packet *p)
{
	f->key.len = 0;
	if ((p->route_code.ptr && sw_buf_append(&f->key, p->route_code.ptr,
	    p->route_code.len) < 0) || sw_buf_append(&f->key, "", 1) < 0 ||
	    sw_buf_append(&f->key, p->test_id.ptr, p->test_id.len) < 0)
		return -ENOMEM;
	return 0;
}

/* Keep the set of tests in progress up to date with p (already routed). */
static int
fwd_track(struct fwd *f, const struct sw_packet *p)
{
	if (p->test_id.ptr == NULL || (p->status != SW_STATUS_INPROGRESS &&
	    p->status < SW_STATUS_SUCCESS))
		return 0;
	if (fwd_key(f, p) < 0)
		return -ENOMEM;
	if (p->status == SW_STATUS_INPROGRESS)
		return sw_map_put(&f->open, f->key.data, f->key.len,
		    (void *)(uintptr_t)(1 + p->runnable), NULL);
	sw_map_remove(&f->open, f->key.data, f->key.len, NULL);
	return 0;
}

static int
fwd_packet(void *ctx, const struct sw_packet *in)
{
	struct fwd *f = ctx;
	struct sw_packet p = *in;
	int rc;

	if (f->route) {
		f->scratch.len = 0;
		if (sw_buf_append(&f->scratch, f->route,
		    strlen(f->route)) < 0 || (in->route_code.ptr &&
		    (sw_buf_append(&f->scratch, "/", 1) < 0 ||
		    sw_buf_append(&f->scratch, in->route_code.ptr,
		    in->route_code.len) < 0)))
			return f->error = -ENOMEM;
		p.route_code.ptr = (const char *)f->scratch.data;
		p.route_code.len = f->scratch.len;
	}
	/*
	 * Text between packets (the decoder hands it out as an untied
	 * "stdout" file without a MIME type): chatter, labelled as text so
	 * consumers show it.
	 */
	if (in->mime_type.ptr == NULL && in->test_id.ptr == NULL &&
	    in->file_name.len == 6 && in->file_name.ptr != NULL &&
	    memcmp(in->file_name.ptr, "stdout", 6) == 0)
		p.mime_type = sw_str_c(FWD_MIME_TEXT);
	if ((rc = fwd_track(f, &p)) < 0 ||
	    (rc = emit_out_packet(f->out, &p)) < 0)
		return f->error = rc;
	f->packets++;
	return 0;
}

struct fwd *
fwd_new(struct emit_out *out, const char *route)
{
	struct fwd *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->out = out;
	if ((route && (f->route = strdup(route)) == NULL) ||
	    (f->dec = sw_dec_new(fwd_packet, f)) == NULL) {
		fwd_free(f);
		return NULL;
	}
	return f;
}

int
fwd_feed(struct fwd *f, const void *buf, size_t len)
{
	int rc = sw_dec_feed(f->dec, buf, len);

	return rc < 0 ? rc : f->error;
}

/* A final `fail` with a reason for one test left in progress. */
static int
fwd_fail(struct fwd *f, const struct sw_map_entry *e, const char *reason)
{
	const char *key = e->key;
	size_t rlen = strlen(key);
	struct timespec ts;
	struct sw_packet p;
	int rc;

	clock_gettime(CLOCK_REALTIME, &ts);
	sw_packet_init(&p);
	p.has_timestamp = true;
	p.ts_sec = (uint32_t)ts.tv_sec;
	p.ts_nsec = (uint32_t)ts.tv_nsec;
	if (rlen > 0) {
		p.route_code.ptr = key;
		p.route_code.len = rlen;
	}
	p.test_id.ptr = key + rlen + 1;
	p.test_id.len = e->klen - rlen - 1;
	p.runnable = (uintptr_t)e->val == 2;
	p.mime_type = sw_str_c(FWD_MIME_TEXT);
	p.file_name = sw_str_c("reason");
	p.file_bytes = (const uint8_t *)reason;
	p.file_len = strlen(reason);
	p.eof = true;
	if ((rc = emit_out_packet(f->out, &p)) < 0)
		return rc;
	p.mime_type = p.file_name = (struct sw_str){ NULL, 0 };
	p.file_bytes = NULL;
	p.file_len = 0;
	p.eof = false;
	p.status = SW_STATUS_FAIL;
	return emit_out_packet(f->out, &p);
}

int
fwd_finish(struct fwd *f, const char *reason)
{
	struct sw_map_entry e;
	size_t pos = 0;
	int rc, n = 0;

	if ((rc = sw_dec_finish(f->dec)) < 0 || (rc = f->error) < 0)
		return rc;
	while (sw_map_next(&f->open, &pos, &e)) {
		if ((rc = fwd_fail(f, &e, reason)) < 0)
			return rc;
		n++;
	}
	sw_map_free(&f->open, NULL);
	return n;
}

unsigned long
fwd_packets(const struct fwd *f)
{
	return f->packets;
}

void
fwd_free(struct fwd *f)
{
	if (f == NULL)
		return;
	sw_dec_free(f->dec);
	sw_map_free(&f->open, NULL);
	sw_buf_free(&f->scratch);
	sw_buf_free(&f->key);
	free(f->route);
	free(f);
}

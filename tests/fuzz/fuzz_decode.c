/*
 * fuzz_decode: libFuzzer target for the streaming decoder (lib/sw_dec.h).
 *
 * The input is a byte stream.  It is decoded four times:
 *   1. fed whole, then finished, with a checker (the "walk") on every event;
 *   2. a new decoder, fed in pieces (sizes from a generator seeded with
 *      the first 8 bytes and the length; 0-byte pieces included);
 *   3. decoder 1 again after its finish (a new stream), other piece sizes,
 *      the walk again, and the callback stops the decoder every 1 to 5
 *      events (the decoder must resume where it stopped);
 *   4. a new decoder, fed in pieces with sw_dec_flush() between some, with
 *      the walk again (flush moves text cuts, nothing else).
 * Invariants (abort() on violation):
 *  (a) passes 1, 2 and 3 give exactly the same events, every field;
 *  (b) every input byte is accounted for exactly once, in order: the walk
 *      matches each text event and each "Packet data" attachment against
 *      the input at the current offset, and each good packet against the
 *      reference parser (fuzz_common.h) at that offset, field by field;
 *      text + good packets + "Packet data" bytes == input length, and the
 *      decoder's own counters (sw_dec_get_stats) agree;
 *  (c) every string of every event is valid UTF-8 without NUL;
 *  and no good packet is lost: a 0xB3 delivered as text or as a one-byte
 *  error does not start a CRC-valid packet, and the choice between text
 *  and error follows the mid-character rule of sw_dec.h.
 */
#include "fuzz_common.h"

FUZZ_CHECKER_BEGIN

/* ---- the walk: checks each event against the input -------------------- */

#define STOP_RC 7

struct walk {
	const uint8_t *in;
	size_t n;
	size_t pos;          /* next input byte to account for */
	size_t run_start;    /* start of the text run since the last packet */
	size_t idx;          /* events seen */
	bool want_reason;    /* a "Packet data" event was just seen */
	size_t stop_every;   /* stop the decoder every N events (0: never) */
	uint64_t text_bytes, text_events, packets, errors;
	uint64_t pkt_bytes, err_bytes;
	struct flog log;
};

static bool
is_text_event(const struct sw_packet *ev)
{
	return ev->test_id.ptr == NULL && ev->route_code.ptr == NULL &&
	    ev->parent_id.ptr == NULL && ev->mime_type.ptr == NULL &&
	    !ev->has_tags && ev->ntags == 0 && !ev->has_timestamp &&
	    !ev->eof && ev->runnable && ev->status == SW_STATUS_NONE &&
	    str_is(ev->file_name, "stdout");
}

static bool
is_error_event(const struct sw_packet *ev, bool reason)
{
	return str_is(ev->test_id, SW_DEC_PARSER_ID) &&
	    ev->route_code.ptr == NULL && ev->parent_id.ptr == NULL &&
	    !ev->has_tags && !ev->has_timestamp && ev->eof && ev->runnable &&
	    ev->status == (reason ? SW_STATUS_FAIL : SW_STATUS_NONE) &&
	    str_is(ev->file_name, reason ? "Parser Error" : "Packet data") &&
	    str_is(ev->mime_type, reason ? "text/plain;charset=utf8" :
	    "application/octet-stream");
}

static bool
input_has(const struct walk *w, const struct sw_packet *ev)
{
	return ev->file_len <= w->n - w->pos && (ev->file_len == 0 ||
	    memcmp(w->in + w->pos, ev->file_bytes, ev->file_len) == 0);
}

/*
 * python-subunit's mid_character rule: is in[i] inside a UTF-8 character
 * that the text since the last packet or error started?
 */
static bool
mid_character(const struct walk *w, size_t i)
{
	for (size_t k = 1; k <= 3 && i >= w->run_start + k; k++) {
		uint8_t b = w->in[i - k];

		if ((b & 0xC0) == 0x80)
			continue;
		return sw_utf8_seq_len(b) > (int)k;
	}
	return false;
}

static bool
looks_v2(const struct walk *w, size_t i)
{
	return i + 1 < w->n && (w->in[i + 1] & 0xF0) == 0x20;
}

/* A signature byte at i judged "not a packet": check that it is not one. */
static void
check_not_packet(const struct walk *w, size_t i, const char *as)
{
	struct sw_packet ref;
	size_t plen;

	if (ref_judge(w->in + i, w->n - i, &plen, &ref) != REF_NOT_PACKET)
		FUZZ_FAIL("event %zu: 0xB3 at offset %zu delivered as %s, but "
		    "a CRC-valid packet of %zu bytes starts there", w->idx, i,
		    as, plen);
}

static void
walk_text(struct walk *w, const struct sw_packet *ev)
{
	if (ev->file_len == 0 || ev->file_len > SW_DEC_TEXT_MAX)
		FUZZ_FAIL("event %zu: text event of %zu bytes", w->idx,
		    ev->file_len);
	for (size_t i = w->pos; i < w->pos + ev->file_len; i++) {
		if (w->in[i] != SW_SIGNATURE || !looks_v2(w, i))
			continue;
		check_not_packet(w, i, "text");
		if (!mid_character(w, i))
			FUZZ_FAIL("event %zu: 0xB3 at offset %zu (not inside a "
			    "UTF-8 character) delivered as text, not as a "
			    "parser error", w->idx, i);
	}
	w->pos += ev->file_len;
	w->text_bytes += ev->file_len;
	w->text_events++;
}

static void
walk_packet_data(struct walk *w, const struct sw_packet *ev)
{
	struct sw_packet ref;
	size_t i = w->pos, plen = 0;

	if (ev->file_len == 0 || w->in[i] != SW_SIGNATURE || !looks_v2(w, i))
		FUZZ_FAIL("event %zu: \"Packet data\" of %zu bytes at offset "
		    "%zu does not start with a version-2 signature", w->idx,
		    ev->file_len, i);
	if (ev->file_len == 1) {
		check_not_packet(w, i, "a one-byte parser error");
		if (mid_character(w, i))
			FUZZ_FAIL("event %zu: 0xB3 at offset %zu is inside a "
			    "UTF-8 character: text, not a parser error", w->idx,
			    i);
	} else if (ref_judge(w->in + i, w->n - i, &plen, &ref) !=
	    REF_MALFORMED || plen != ev->file_len) {
		FUZZ_FAIL("event %zu: \"Packet data\" of %zu bytes at offset "
		    "%zu is not a CRC-valid malformed packet of that length",
		    w->idx, ev->file_len, i);
	}
	w->pos += ev->file_len;
	w->err_bytes += ev->file_len;
	w->run_start = w->pos;
	w->want_reason = true;
}

static void
walk_good(struct walk *w, const struct sw_packet *ev)
{
	struct sw_packet ref;
	const char *diff;
	size_t plen = 0;

	if (w->pos >= w->n || ref_judge(w->in + w->pos, w->n - w->pos, &plen,
	    &ref) != REF_GOOD)
		FUZZ_FAIL("event %zu is neither text, nor a parser error, nor "
		    "a good packet at offset %zu", w->idx, w->pos);
	diff = ev_diff(ev, &ref);
	if (diff)
		FUZZ_FAIL("event %zu: packet at offset %zu decoded with a "
		    "wrong %s", w->idx, w->pos, diff);
	w->pos += plen;
	w->pkt_bytes += plen;
	w->packets++;
	w->run_start = w->pos;
}

static int
walk_cb(void *ctx, const struct sw_packet *ev)
{
	struct walk *w = ctx;

	check_event_strings(ev, w->idx);
	ev_serialise(&w->log, ev);
	if (w->want_reason) {
		if (!is_error_event(ev, true) || ev->file_len == 0 ||
		    !ref_utf8_valid((const char *)ev->file_bytes, ev->file_len))
			FUZZ_FAIL("event %zu: \"Packet data\" not followed by "
			    "a \"Parser Error\" event with a reason", w->idx);
		w->want_reason = false;
		w->errors++;
	} else if (is_text_event(ev) && input_has(w, ev)) {
		walk_text(w, ev);
	} else if (is_error_event(ev, false) && input_has(w, ev)) {
		walk_packet_data(w, ev);
	} else {
		walk_good(w, ev);
	}
	w->idx++;
	if (w->stop_every && w->idx % w->stop_every == 0)
		return STOP_RC;
	return 0;
}

/* Start over for a new stream of the same input. */
static void
walk_reset(struct walk *w)
{
	struct flog log = w->log;

	log.len = 0;
	*w = (struct walk){ .in = w->in, .n = w->n, .log = log };
}

static void
walk_end(const struct walk *w, const struct sw_dec_stats *st, const char *pass)
{
	if (w->want_reason)
		FUZZ_FAIL("%s: stream ended between the two parser-error events",
		    pass);
	if (w->pos != w->n)
		FUZZ_FAIL("%s: events account for %zu of %zu input bytes", pass,
		    w->pos, w->n);
	if (w->text_bytes + w->pkt_bytes + w->err_bytes != w->n)
		FUZZ_FAIL("%s: text %llu + packets %llu + packet data %llu != "
		    "input %zu", pass, (unsigned long long)w->text_bytes,
		    (unsigned long long)w->pkt_bytes,
		    (unsigned long long)w->err_bytes, w->n);
	if (st->packets != w->packets || st->errors != w->errors ||
	    st->text_bytes != w->text_bytes ||
	    st->text_events != w->text_events)
		FUZZ_FAIL("%s: stats say %llu packets, %llu errors, %llu text "
		    "bytes in %llu events; the events say %llu, %llu, %llu, "
		    "%llu", pass, (unsigned long long)st->packets,
		    (unsigned long long)st->errors,
		    (unsigned long long)st->text_bytes,
		    (unsigned long long)st->text_events,
		    (unsigned long long)w->packets,
		    (unsigned long long)w->errors,
		    (unsigned long long)w->text_bytes,
		    (unsigned long long)w->text_events);
}

/* ---- logging passes ---------------------------------------------------- */

struct logger {
	struct flog log;
	size_t events;
};

static int
log_cb(void *ctx, const struct sw_packet *ev)
{
	struct logger *l = ctx;

	check_event_strings(ev, l->events);
	ev_serialise(&l->log, ev);
	l->events++;
	return 0;
}

static size_t
piece_size(uint64_t *rng)
{
	uint64_t r = rng_next(rng);

	switch (r & 3) {
	case 0:
		return 1;
	case 1:
		return (size_t)(r >> 8) % 16;
	case 2:
		return (size_t)(r >> 8) % 300;
	default:
		return (size_t)(r >> 8) % 5000;
	}
}

static void
check_rc(int rc, const char *what, bool may_stop)
{
	if (rc != 0 && !(may_stop && rc == STOP_RC))
		FUZZ_FAIL("%s returned %d", what, rc);
}

/*
 * Feed data in pieces; stop_ok: the callback may stop the decoder (then
 * carry on with the next piece, and repeat finish until it completes).
 * flush_every: call sw_dec_flush after every that many pieces (0: never).
 */
static void
feed_pieces(struct sw_dec *d, const uint8_t *data, size_t size, uint64_t seed,
    bool stop_ok, unsigned flush_every)
{
	size_t off = 0;
	unsigned pieces = 0;
	int rc;

	while (off < size) {
		size_t k = piece_size(&seed);

		if (k > size - off)
			k = size - off;
		check_rc(sw_dec_feed(d, data + off, k), "sw_dec_feed", stop_ok);
		off += k;
		if (flush_every && ++pieces % flush_every == 0)
			check_rc(sw_dec_flush(d), "sw_dec_flush", stop_ok);
	}
	for (int tries = 0; (rc = sw_dec_finish(d)) != 0; tries++) {
		check_rc(rc, "sw_dec_finish", stop_ok);
		if (tries > 1000000)
			FUZZ_FAIL("sw_dec_finish keeps stopping");
	}
}

static void
compare_logs(const struct flog *want, const struct flog *got, const char *pass)
{
	size_t i = 0;

	if (want->len == got->len && (want->len == 0 ||
	    memcmp(want->p, got->p, want->len) == 0))
		return;
	while (i < want->len && i < got->len && want->p[i] == got->p[i])
		i++;
	FUZZ_FAIL("%s: events differ from the whole-input pass (logs of %zu "
	    "and %zu bytes, first difference at log byte %zu)", pass,
	    want->len, got->len, i);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct walk w = { .in = data, .n = size };
	struct walk w4 = { .in = data, .n = size };
	struct logger l2 = { 0 };
	struct sw_dec_stats st, st2;
	struct sw_dec *a, *b, *c;
	/* The logs keep their memory from one run to the next. */
	static struct flog whole, log3, log4, log2;
	uint64_t seed = 0xcbf29ce484222325ull ^ size;

	for (size_t i = 0; i < size && i < 8; i++)
		seed = (seed ^ data[i]) * 0x100000001b3ull;
	seed |= 1;
	w.log = whole;
	w.log.len = 0;
	w4.log = log4;
	w4.log.len = 0;
	l2.log = log2;
	l2.log.len = 0;

	/* 1: whole, with the walk. */
	a = sw_dec_new(walk_cb, &w);
	if (a == NULL)
		FUZZ_FAIL("sw_dec_new failed");
	check_rc(sw_dec_feed(a, data, size), "sw_dec_feed (whole)", false);
	check_rc(sw_dec_finish(a), "sw_dec_finish (whole)", false);
	sw_dec_get_stats(a, &st);
	walk_end(&w, &st, "whole");
	whole = w.log;
	w.log = log3;

	/* 2: pieces, new decoder. */
	b = sw_dec_new(log_cb, &l2);
	if (b == NULL)
		FUZZ_FAIL("sw_dec_new failed");
	feed_pieces(b, data, size, seed, false, 0);
	compare_logs(&whole, &l2.log, "pieces");
	sw_dec_get_stats(b, &st2);
	if (memcmp(&st, &st2, sizeof st) != 0)
		FUZZ_FAIL("pieces: stats differ from the whole-input pass");

	/* 3: decoder 1 again after its finish, other pieces, with stops. */
	walk_reset(&w);
	w.stop_every = 1 + (size ? data[size - 1] % 5 : 0);
	feed_pieces(a, data, size, rng_next(&seed) | 1, true, 0);
	sw_dec_get_stats(a, &st2);
	st2.packets -= st.packets;
	st2.errors -= st.errors;
	st2.text_bytes -= st.text_bytes;
	st2.text_events -= st.text_events;
	walk_end(&w, &st2, "reused decoder with stops");
	compare_logs(&whole, &w.log, "reused decoder with stops");

	/* 4: pieces with flushes (text cut elsewhere), the walk again. */
	c = sw_dec_new(walk_cb, &w4);
	if (c == NULL)
		FUZZ_FAIL("sw_dec_new failed");
	feed_pieces(c, data, size, rng_next(&seed) | 1, false,
	    1 + (unsigned)(seed % 4));
	sw_dec_get_stats(c, &st);
	walk_end(&w4, &st, "pieces with flushes");

	sw_dec_free(a);
	sw_dec_free(b);
	sw_dec_free(c);
	log3 = w.log;
	log4 = w4.log;
	log2 = l2.log;
	return 0;
}

FUZZ_CHECKER_END

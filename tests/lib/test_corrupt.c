/*
 * test_corrupt: damage must never cost a good packet.
 *
 * Model-based: build a random stream of good packets (encoded by sw_enc)
 * separated by damage (random garbage with signature bytes, bit-flipped
 * packets, truncated packets, packets whose length claims too much), then
 * decode it whole and in random-sized pieces.  Checks, for every stream:
 *   - no crash and no sanitizer report (this also runs under ASan+UBSan
 *     and valgrind),
 *   - every good packet is decoded, in order (its event line appears in
 *     the output as a subsequence),
 *   - every input byte is accounted for exactly once: text bytes +
 *     good-packet bytes + "Packet data" bytes == stream length,
 *   - feeding in pieces gives exactly the events of feeding whole.
 */
#include <stdlib.h>

#include "sw_enc.h"
#include "t.h"
#include "t_events.h"

#define STREAMS 200
#define MAX_STREAM (256 * 1024)

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static char idbuf[64], filebuf[4096];

/* A random but valid packet; its event line goes to want. */
static size_t
random_packet(uint8_t *out, size_t cap, struct t_rec *want)
{
	struct sw_packet p;
	ssize_t n;

	sw_packet_init(&p);
	p.status = (enum sw_status)(rnd() % 8);
	snprintf(idbuf, sizeof idbuf, "test.%u", rnd() % 100000);
	p.test_id = sw_str_c(idbuf);
	if (rnd() % 2) {
		p.has_timestamp = true;
		p.ts_sec = rnd();
		p.ts_nsec = rnd() % 1000000000u;
	}
	if (rnd() % 3 == 0) {
		size_t len = rnd() % sizeof filebuf;

		for (size_t i = 0; i < len; i++)
			filebuf[i] = (char)(rnd() % 4 ? 'a' + rnd() % 26 : rnd());
		p.file_name = sw_str_c("stdout");
		p.file_bytes = (const uint8_t *)filebuf;
		p.file_len = len;
		p.mime_type = sw_str_c("text/plain;charset=utf8");
	}
	if (rnd() % 4 == 0)
		p.route_code = sw_str_c("0/1");
	n = sw_enc_packet(&p, out, cap);
	if (n < 0)
		return 0;
	t_rec_cb(want, &p);
	return (size_t)n;
}

/* Some damage: garbage, or a packet broken in one of several ways. */
static size_t
random_damage(uint8_t *out, size_t cap)
{
	struct t_rec scratch = T_REC_INIT;
	size_t n = 0;

	switch (rnd() % 5) {
	case 0:         /* garbage rich in signature bytes and v2 flags */
		n = rnd() % 64;
		for (size_t i = 0; i < n; i++)
			out[i] = rnd() % 4 ? (uint8_t)rnd() : (i % 2 ? 0x29 : 0xb3);
		break;
	case 1:         /* a bit flip */
		n = random_packet(out, cap, &scratch);
		out[rnd() % n] ^= (uint8_t)(1u << (rnd() % 8));
		break;
	case 2:         /* truncated */
		n = random_packet(out, cap, &scratch);
		n = 1 + rnd() % (n - 1);
		break;
	case 3:         /* length claims more than the packet has */
		n = random_packet(out, cap, &scratch);
		if ((out[3] & 0xc0) == 0)
			out[3] = (uint8_t)(out[3] + 1 + rnd() % 20 > 63 ? 63 :
			    out[3] + 1 + rnd() % 20);
		else
			out[4] ^= 0x10;
		break;
	default:        /* plain text */
		n = (size_t)snprintf((char *)out, cap, "chatter %u\n", rnd());
		break;
	}
	t_rec_free(&scratch);
	return n;
}

/* Adds up the bytes each event accounts for. */
struct tally {
	struct t_rec rec;
	size_t bytes;
};

static int
tally_cb(void *ctx, const struct sw_packet *ev)
{
	struct tally *t = ctx;
	bool text = ev->test_id.ptr == NULL && ev->file_name.ptr &&
	    strcmp(ev->file_name.ptr, "stdout") == 0 && ev->flags == 0x2140;
	bool perr = ev->test_id.ptr && ev->file_name.ptr &&
	    ev->test_id.len == 14 &&
	    memcmp(ev->test_id.ptr, "subunit.parser", 14) == 0;

	if (text || (perr && ev->status == SW_STATUS_NONE))
		t->bytes += ev->file_len;
	else if (!perr)
		t->bytes += (size_t)sw_enc_size(ev);  /* ours are minimal */
	return t_rec_cb(&t->rec, ev);
}

static void
decode_tally(struct tally *t, const uint8_t *s, size_t n, size_t piece)
{
	struct sw_dec *d = sw_dec_new(tally_cb, t);

	for (size_t at = 0; at < n;) {
		size_t k = piece ? 1 + rnd() % piece : n;

		if (k > n - at)
			k = n - at;
		sw_dec_feed(d, s + at, k);
		at += k;
	}
	sw_dec_finish(d);
	sw_dec_free(d);
}

/* Is every line of want found in got, in order (as whole lines)? */
static bool
is_subsequence(const char *want, const char *got)
{
	while (*want) {
		size_t len = strcspn(want, "\n") + 1;

		for (;;) {
			size_t glen = strcspn(got, "\n") + 1;

			if (*got == 0)
				return false;
			got += glen;
			if (glen == len && memcmp(got - glen, want, len) == 0)
				break;
		}
		want += len;
	}
	return true;
}

static void
damage_never_costs_a_good_packet(void)
{
	uint8_t *s = malloc(MAX_STREAM);
	int bad_order = 0, bad_bytes = 0, bad_pieces = 0;

	for (int round = 0; round < STREAMS; round++) {
		struct t_rec want = T_REC_INIT;
		struct tally whole = { T_REC_INIT, 0 }, bits = { T_REC_INIT, 0 };
		size_t n = 0;

		while (n < MAX_STREAM - 2 * sizeof filebuf - 256) {
			if (rnd() % 2)
				n += random_damage(s + n, MAX_STREAM - n);
			n += random_packet(s + n, MAX_STREAM - n, &want);
			if (rnd() % 64 == 0)
				break;
		}
		decode_tally(&whole, s, n, 0);
		decode_tally(&bits, s, n, 1 + rnd() % 40);
		if (!is_subsequence(want.out ? want.out : "", whole.rec.out))
			bad_order++;
		if (whole.bytes != n)
			bad_bytes++;
		if (strcmp(whole.rec.out, bits.rec.out) != 0)
			bad_pieces++;
		t_rec_free(&want);
		t_rec_free(&whole.rec);
		t_rec_free(&bits.rec);
	}
	T_EQ_INT(bad_order, 0);
	T_EQ_INT(bad_bytes, 0);
	T_EQ_INT(bad_pieces, 0);
	free(s);
}

static void
random_bytes_never_crash(void)
{
	uint8_t buf[4096];
	int bad_bytes = 0;

	for (int round = 0; round < 2000; round++) {
		struct tally t = { T_REC_INIT, 0 };
		size_t n = rnd() % sizeof buf;

		for (size_t i = 0; i < n; i++)
			buf[i] = rnd() % 3 ? (uint8_t)rnd() : 0xb3;
		decode_tally(&t, buf, n, round % 2 ? 0 : 17);
		if (t.bytes != n)
			bad_bytes++;
		t_rec_free(&t.rec);
	}
	T_EQ_INT(bad_bytes, 0);
}

int
main(void)
{
	T_RUN(damage_never_costs_a_good_packet);
	T_RUN(random_bytes_never_crash);
	return t_done();
}

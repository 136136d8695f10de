/*
 * bench-codec: encode and decode throughput of the codec, in process.
 *
 *   build/bench/bench-codec [REPEATS]      (make bench runs it)
 *
 * Cases (each timed REPEATS times, default 5; the median is printed):
 *   encode-typical  200,000 packets as a test runner emits them: for each
 *                   of 100,000 tests an `inprogress` and a `success`
 *                   packet, both with a timestamp and the id "test.N",
 *                   written with sw_enc_packet into one preallocated
 *                   buffer (the wrapper's hot path: no allocation)
 *   encode-4k       20,000 packets each carrying 4 KiB of captured output
 *                   (file "stdout", text/plain, id "test.N"): the cost is
 *                   the CRC and the copy
 *   decode-typical  the encode-typical bytes fed to sw_dec in 64 KiB
 *                   chunks, counting packets in the callback
 *   decode-4k       the same for the encode-4k bytes
 *
 * One line per case, fixed keys so tests/bench/run.sh can pick them out:
 *   CASE packets=N bytes=N sec=S MB/s=X pkt/s=Y      (MB = 10^6 bytes)
 * Exit status 1 if a decode did not give back every packet.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sw_dec.h"
#include "sw_enc.h"
#include "sw_packet.h"

#define TYPICAL_PACKETS 200000u
#define ATTACH_PACKETS 20000u
#define ATTACH_SIZE 4096u
#define DECODE_CHUNK 65536u
#define MAX_REPEATS 50

struct stream {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t packets;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
report(const char *name, size_t packets, size_t bytes, double sec)
{
	printf("%-15s packets=%zu bytes=%zu sec=%.6f MB/s=%.1f pkt/s=%.0f\n",
	    name, packets, bytes, sec, (double)bytes / sec / 1e6,
	    (double)packets / sec);
	fflush(stdout);
}

static void
die(const char *what, long rc)
{
	fprintf(stderr, "bench-codec: %s failed (%ld)\n", what, rc);
	exit(2);
}

static void
put(struct stream *s, const struct sw_packet *p)
{
	ssize_t n = sw_enc_packet(p, s->data + s->len, s->cap - s->len);

	if (n < 0)
		die("sw_enc_packet", (long)n);
	s->len += (size_t)n;
	s->packets++;
}

/* The typical stream: inprogress + success per test, 1 ms apart. */
static void
encode_typical(struct stream *s)
{
	struct sw_packet p;
	char id[32];

	s->len = s->packets = 0;
	for (unsigned i = 0; i < TYPICAL_PACKETS / 2; i++) {
		sw_packet_init(&p);
		p.test_id.ptr = id;
		p.test_id.len = (size_t)snprintf(id, sizeof id, "test.%u", i);
		p.has_timestamp = true;
		p.ts_sec = 1700000000u + i / 1000;
		p.ts_nsec = (i % 1000) * 1000000u;
		p.status = SW_STATUS_INPROGRESS;
		put(s, &p);
		p.ts_nsec += 500000u;
		p.status = SW_STATUS_SUCCESS;
		put(s, &p);
	}
}

/* Captured output: 4 KiB chunks of text per packet. */
static void
encode_attach(struct stream *s, const uint8_t *text)
{
	struct sw_packet p;
	char id[32];

	s->len = s->packets = 0;
	for (unsigned i = 0; i < ATTACH_PACKETS; i++) {
		sw_packet_init(&p);
		p.test_id.ptr = id;
		p.test_id.len = (size_t)snprintf(id, sizeof id, "test.%u",
		    i / 4);
		p.file_name = sw_str_c("stdout");
		p.mime_type = sw_str_c("text/plain;charset=utf8");
		p.file_bytes = text;
		p.file_len = ATTACH_SIZE;
		put(s, &p);
	}
}

static int
count_cb(void *ctx, const struct sw_packet *ev)
{
	size_t *n = ctx;

	/* Touch the event so the work cannot be skipped. */
	*n += ev->test_id.len > 0;
	return 0;
}

static size_t
decode(const struct stream *s)
{
	size_t n = 0;
	struct sw_dec *d = sw_dec_new(count_cb, &n);
	int rc = 0;

	if (d == NULL)
		die("sw_dec_new", -ENOMEM);
	for (size_t off = 0; rc == 0 && off < s->len; off += DECODE_CHUNK) {
		size_t k = s->len - off < DECODE_CHUNK ? s->len - off
		    : DECODE_CHUNK;

		rc = sw_dec_feed(d, s->data + off, k);
	}
	if (rc == 0)
		rc = sw_dec_finish(d);
	if (rc != 0)
		die("sw_dec_feed", rc);
	sw_dec_free(d);
	return n;
}

typedef void (*enc_fn)(struct stream *, const uint8_t *);

static void
typical_adapter(struct stream *s, const uint8_t *unused)
{
	(void)unused;
	encode_typical(s);
}

/* Time encode and decode of one case; 1 if a packet went missing. */
static int
run_case(const char *name, enc_fn enc, const uint8_t *arg,
    struct stream *s, int repeats)
{
	double t[MAX_REPEATS];
	char label[32];
	size_t got = 0;

	for (int r = 0; r < repeats; r++) {
		double t0 = now();

		enc(s, arg);
		t[r] = now() - t0;
	}
	snprintf(label, sizeof label, "encode-%s", name);
	report(label, s->packets, s->len, median(t, repeats));
	for (int r = 0; r < repeats; r++) {
		double t0 = now();

		got = decode(s);
		t[r] = now() - t0;
	}
	snprintf(label, sizeof label, "decode-%s", name);
	report(label, got, s->len, median(t, repeats));
	if (got != s->packets) {
		fprintf(stderr, "bench-codec: decode-%s: %zu of %zu packets\n",
		    name, got, s->packets);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int repeats = argc > 1 ? atoi(argv[1]) : 5;
	static uint8_t text[ATTACH_SIZE];
	struct stream s;
	int bad = 0;

	if (repeats < 1 || repeats > MAX_REPEATS) {
		fprintf(stderr, "usage: bench-codec [REPEATS 1..%d]\n",
		    MAX_REPEATS);
		return 2;
	}
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = i % 64 == 63 ? '\n' : (uint8_t)('a' + i % 26);
	/* One buffer big enough for either case (4 KiB + headers each). */
	s.cap = (size_t)ATTACH_PACKETS * (ATTACH_SIZE + 64);
	s.data = malloc(s.cap);
	if (s.data == NULL)
		die("malloc", -ENOMEM);
	bad |= run_case("typical", typical_adapter, NULL, &s, repeats);
	bad |= run_case("4k", encode_attach, text, &s, repeats);
	free(s.data);
	return bad;
}

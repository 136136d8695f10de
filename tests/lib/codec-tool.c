/*
 * codec-tool: the codec as a filter, for the interop tests against
 * python-subunit (tests/lib/interop.bats, tests/lib/interop.py).
 *
 *   codec-tool decode [--chunk N] [--stats] < stream > lines
 *   codec-tool encode < lines > stream
 *
 * decode reads a v2 stream on stdin and feeds it to the decoder N bytes at
 * a time (default 65536; --chunk 1 checks that feeding byte by byte gives
 * the same events), printing one canonical line per event; --stats adds
 * the decoder's counters on stderr.  encode reads canonical lines and
 * writes each as one packet (sw_enc_append).  A line the encoder refuses
 * is reported on stderr with its number and the negative errno, and ends
 * the run with status 1 (the packets before it have been written).  A
 * malformed line or an I/O error gives status 2.
 *
 * Canonical line: one event, eleven space-separated key=value fields in
 * this fixed order (interop.py mirrors it):
 *
 *   status=N runnable=B eof=B ts=T id=S route=S parent=S tags=TAGS
 *   mime=S file=S bytes=S
 *
 *   N     the status number, 0..7 (0 = none, python's None)
 *   B     0 or 1
 *   T     '-' (absent) or SEC.NSEC: decimal seconds, '.', nanoseconds in
 *         exactly 9 digits, as on the wire (python's encoder writes whole
 *         microseconds; its decoder rounds to microseconds)
 *   S     a string: '-' absent, '""' present but empty, otherwise the
 *         lowercase hex of its raw bytes (no UTF-8 check here: the encoder
 *         does that, and the tests rely on it)
 *   TAGS  '-' (no tags flag), '{}' (the flag with zero tags: python reads
 *         set()), or the tags as S values joined by ',', sorted by their
 *         bytes with duplicates removed (python's decoder returns a set)
 *   bytes '-' exactly when file= is '-'; else the file content as S
 *
 * Hex sorts like the bytes it spells, so sorting the hex strings sorts the
 * tags.  No value contains a space or a comma, so splitting is trivial.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_buf.h"
#include "sw_dec.h"
#include "sw_enc.h"
#include "sw_packet.h"

#define READ_BLOCK (1u << 20)
#define OUT_FLUSH (1u << 20)

static const char usage_text[] =
    "usage: codec-tool decode [--chunk N] [--stats] < stream > lines\n"
    "       codec-tool encode < lines > stream\n";

static const char *const field_keys[] = {
	"status", "runnable", "eof", "ts", "id", "route", "parent", "tags",
	"mime", "file", "bytes",
};
enum { NFIELDS = sizeof field_keys / sizeof field_keys[0] };

static void
die(int code, const char *msg)
{
	fprintf(stderr, "codec-tool: %s\n", msg);
	exit(code);
}

/* ------------------------------------------------------------ decode */

static void
put_hex(FILE *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char buf[4096];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		buf[k++] = digits[p[i] >> 4];
		buf[k++] = digits[p[i] & 15];
		if (k == sizeof buf) {
			fwrite(buf, 1, k, out);
			k = 0;
		}
	}
	fwrite(buf, 1, k, out);
}

static void
put_str(FILE *out, const char *key, const void *ptr, size_t len)
{
	fprintf(out, " %s=", key);
	if (ptr == NULL)
		fputc('-', out);
	else if (len == 0)
		fputs("\"\"", out);
	else
		put_hex(out, ptr, len);
}

/* Order two tags as their bytes (a proper prefix sorts first). */
static int
cmp_str(const void *a, const void *b)
{
	const struct sw_str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->ptr, y->ptr, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static void
put_tags(FILE *out, const struct sw_packet *ev)
{
	struct sw_str *t;
	size_t n = ev->ntags;

	fputs(" tags=", out);
	if (!ev->has_tags) {
		fputc('-', out);
		return;
	}
	if (n == 0) {
		fputs("{}", out);
		return;
	}
	/* Sorted copy: the decoder hands them out in wire order. */
	t = malloc(n * sizeof *t);
	if (t == NULL)
		die(2, "out of memory");
	memcpy(t, ev->tags, n * sizeof *t);
	qsort(t, n, sizeof *t, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && cmp_str(&t[i - 1], &t[i]) == 0)
			continue;
		if (i > 0)
			fputc(',', out);
		if (t[i].len == 0)
			fputs("\"\"", out);
		else
			put_hex(out, (const uint8_t *)t[i].ptr, t[i].len);
	}
	free(t);
}

static int
print_event(void *ctx, const struct sw_packet *ev)
{
	FILE *out = ctx;

	fprintf(out, "status=%d runnable=%d eof=%d ts=", (int)ev->status,
	    ev->runnable ? 1 : 0, ev->eof ? 1 : 0);
	if (ev->has_timestamp)
		fprintf(out, "%lu.%09lu", (unsigned long)ev->ts_sec,
		    (unsigned long)ev->ts_nsec);
	else
		fputc('-', out);
	put_str(out, "id", ev->test_id.ptr, ev->test_id.len);
	put_str(out, "route", ev->route_code.ptr, ev->route_code.len);
	put_str(out, "parent", ev->parent_id.ptr, ev->parent_id.len);
	put_tags(out, ev);
	put_str(out, "mime", ev->mime_type.ptr, ev->mime_type.len);
	put_str(out, "file", ev->file_name.ptr, ev->file_name.len);
	if (ev->file_name.ptr == NULL) {
		fputs(" bytes=-", out);
	} else {
		/* Empty content may come as NULL; it is still present. */
		const void *bytes = ev->file_bytes ? ev->file_bytes
		    : (const void *)"";

		put_str(out, "bytes", bytes, ev->file_len);
	}
	fputc('\n', out);
	return 0;
}

static int
feed_all(struct sw_dec *d, const uint8_t *p, size_t n, size_t chunk)
{
	while (n > 0) {
		size_t k = n < chunk ? n : chunk;
		int rc = sw_dec_feed(d, p, k);

		if (rc != 0)
			return rc;
		p += k;
		n -= k;
	}
	return 0;
}

static void
print_stats(const struct sw_dec *d)
{
	struct sw_dec_stats st;

	sw_dec_get_stats(d, &st);
	fprintf(stderr, "packets=%llu errors=%llu text_bytes=%llu "
	    "text_events=%llu\n", (unsigned long long)st.packets,
	    (unsigned long long)st.errors, (unsigned long long)st.text_bytes,
	    (unsigned long long)st.text_events);
}

static int
cmd_decode(size_t chunk, bool stats)
{
	static char outbuf[1 << 20];
	uint8_t *block = malloc(READ_BLOCK);
	struct sw_dec *d = sw_dec_new(print_event, stdout);
	size_t n;
	int rc = 0;

	if (block == NULL || d == NULL)
		die(2, "out of memory");
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	/* Read in big blocks, feed in small slices: the slice size is the
	 * variable under test, not the read size. */
	while (rc == 0 && (n = fread(block, 1, READ_BLOCK, stdin)) > 0)
		rc = feed_all(d, block, n, chunk);
	if (rc == 0 && ferror(stdin))
		die(2, "read error on stdin");
	if (rc == 0)
		rc = sw_dec_finish(d);
	if (rc != 0) {
		fprintf(stderr, "codec-tool: decoder failed: %s (%d)\n",
		    strerror(-rc), rc);
		return 2;
	}
	if (stats)
		print_stats(d);
	sw_dec_free(d);
	free(block);
	if (fflush(stdout) != 0)
		die(2, "write error on stdout");
	return 0;
}

/* ------------------------------------------------------------ encode */

struct line_ctx {
	unsigned long lineno;
	struct sw_str *tags;
	size_t tags_cap;
};

static void
bad_line(const struct line_ctx *lc, const char *what, const char *tok)
{
	fprintf(stderr, "codec-tool: line %lu: %s: '%.40s'\n", lc->lineno,
	    what, tok);
	exit(2);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decode a string value in place (the bytes are never longer than their
 * hex), so a parsed line needs no memory of its own.
 */
static struct sw_str
parse_str(const struct line_ctx *lc, char *v)
{
	struct sw_str s = { NULL, 0 };
	size_t n = strlen(v);

	if (strcmp(v, "-") == 0)
		return s;
	s.ptr = v;
	if (strcmp(v, "\"\"") == 0)
		return s;
	if (n == 0 || n % 2 != 0)
		bad_line(lc, "bad hex string", v);
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(v[i]), lo = hexval(v[i + 1]);

		if (hi < 0 || lo < 0)
			bad_line(lc, "bad hex string", v);
		v[i / 2] = (char)(hi << 4 | lo);
	}
	s.len = n / 2;
	return s;
}

static void
add_tag(struct line_ctx *lc, struct sw_str t, size_t n)
{
	if (n == lc->tags_cap) {
		size_t cap = lc->tags_cap ? 2 * lc->tags_cap : 16;
		struct sw_str *p = realloc(lc->tags, cap * sizeof *p);

		if (p == NULL)
			die(2, "out of memory");
		lc->tags = p;
		lc->tags_cap = cap;
	}
	lc->tags[n] = t;
}

static void
parse_tags(struct line_ctx *lc, char *v, struct sw_packet *p)
{
	size_t n = 0;
	char *save = NULL;

	if (strcmp(v, "-") == 0)
		return;
	p->has_tags = true;
	if (strcmp(v, "{}") != 0) {
		for (char *t = strtok_r(v, ",", &save); t;
		    t = strtok_r(NULL, ",", &save))
			add_tag(lc, parse_str(lc, t), n++);
		if (n == 0)
			bad_line(lc, "bad tags", v);
	}
	p->tags = lc->tags;
	p->ntags = n;
}

static unsigned long
parse_ulong(const struct line_ctx *lc, const char *v, unsigned long max)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || x > max || *v == '-')
		bad_line(lc, "bad number", v);
	return x;
}

static void
parse_ts(const struct line_ctx *lc, char *v, struct sw_packet *p)
{
	char *dot = strchr(v, '.');

	if (strcmp(v, "-") == 0)
		return;
	if (dot == NULL || strlen(dot + 1) != 9)
		bad_line(lc, "bad timestamp (want SEC.NSEC, 9 digits)", v);
	*dot = '\0';
	p->has_timestamp = true;
	p->ts_sec = (uint32_t)parse_ulong(lc, v, UINT32_MAX);
	p->ts_nsec = (uint32_t)parse_ulong(lc, dot + 1, 999999999);
}

/* Split the line into its eleven values, checking every key. */
static void
split_fields(const struct line_ctx *lc, char *line, char *vals[NFIELDS])
{
	char *save = NULL;
	char *tok = strtok_r(line, " ", &save);

	for (size_t i = 0; i < NFIELDS; i++) {
		size_t kl = strlen(field_keys[i]);

		if (tok == NULL || strncmp(tok, field_keys[i], kl) != 0 ||
		    tok[kl] != '=')
			bad_line(lc, "expected the next key", field_keys[i]);
		vals[i] = tok + kl + 1;
		tok = strtok_r(NULL, " ", &save);
	}
	if (tok != NULL)
		bad_line(lc, "extra field", tok);
}

static void
parse_line(struct line_ctx *lc, char *line, struct sw_packet *p)
{
	char *v[NFIELDS];
	struct sw_str bytes;

	split_fields(lc, line, v);
	sw_packet_init(p);
	p->status = (enum sw_status)parse_ulong(lc, v[0], 7);
	p->runnable = parse_ulong(lc, v[1], 1) != 0;
	p->eof = parse_ulong(lc, v[2], 1) != 0;
	parse_ts(lc, v[3], p);
	p->test_id = parse_str(lc, v[4]);
	p->route_code = parse_str(lc, v[5]);
	p->parent_id = parse_str(lc, v[6]);
	parse_tags(lc, v[7], p);
	p->mime_type = parse_str(lc, v[8]);
	p->file_name = parse_str(lc, v[9]);
	bytes = parse_str(lc, v[10]);
	if ((bytes.ptr == NULL) != (p->file_name.ptr == NULL))
		bad_line(lc, "bytes= must be '-' exactly when file= is", v[10]);
	p->file_bytes = (const uint8_t *)bytes.ptr;
	p->file_len = bytes.len;
}

static void
write_all(const struct sw_buf *b)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len)
		die(2, "write error on stdout");
}

static int
cmd_encode(void)
{
	struct line_ctx lc = { 0, NULL, 0 };
	struct sw_buf out = SW_BUF_INIT;
	struct sw_packet p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
		ssize_t len;

		lc.lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		parse_line(&lc, line, &p);
		len = sw_enc_append(&p, &out);
		if (len < 0) {
			fprintf(stderr, "codec-tool: line %lu: cannot encode: "
			    "%s (%zd)\n", lc.lineno, strerror((int)-len), len);
			rc = 1;
		}
		if (out.len >= OUT_FLUSH || rc != 0) {
			write_all(&out);
			sw_buf_consume(&out, out.len);
		}
	}
	write_all(&out);
	if (fflush(stdout) != 0)
		die(2, "write error on stdout");
	sw_buf_free(&out);
	free(lc.tags);
	free(line);
	return rc;
}

/* ------------------------------------------------------------ main */

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	size_t chunk = 65536;
	bool stats = false;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "encode") == 0 && argc == 2)
		return cmd_encode();
	if (strcmp(argv[1], "decode") != 0)
		usage();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) {
			chunk = strtoul(argv[++i], NULL, 10);
			if (chunk == 0)
				usage();
		} else if (strcmp(argv[i], "--stats") == 0) {
			stats = true;
		} else {
			usage();
		}
	}
	return cmd_decode(chunk, stats);
}

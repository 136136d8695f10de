/*
 * test_utf8: strict validation (what python-subunit accepts) and the
 * escaping that turns any bytes into a valid test id.
 */
#include "sw_utf8.h"
#include "t.h"

static void
expect_escape(const char *in, size_t n, const char *want)
{
	struct sw_buf b = SW_BUF_INIT;

	T_EQ_INT(sw_utf8_escape(in, n, &b), 0);
	T_CHECK(b.len == strlen(want) && (b.len == 0 || memcmp(b.data, want, b.len) == 0),
	    "got '%.*s', want '%s'", (int)b.len, (const char *)b.data, want);
	T_CHECK(b.len == 0 || sw_utf8_valid((const char *)b.data, b.len), "not valid");
	sw_buf_free(&b);
}

static void
validation_matches_python(void)
{
	T_CHECK(sw_utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10), "valid");
	T_EQ_INT(sw_utf8_invalid_at("a\0b", 3), 1);
	T_EQ_INT(sw_utf8_invalid_at("ab\xc3", 3), 2);          /* truncated */
	T_EQ_INT(sw_utf8_invalid_at("\xc0\x80", 2), 0);        /* overlong */
	T_EQ_INT(sw_utf8_invalid_at("x\xed\xa0\x80", 4), 1);   /* surrogate */
	T_EQ_INT(sw_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0); /* > 10FFFF */
	T_EQ_INT(sw_utf8_invalid_at("\xe2\x82", 2), 0);
	T_EQ_INT(sw_utf8_invalid_at("", 0), -1);
}

static void
escaping_keeps_text_and_marks_the_rest(void)
{
	expect_escape("plain id (1 - a)", 16, "plain id (1 - a)");
	expect_escape("caf\xc3\xa9", 5, "caf\xc3\xa9");
	expect_escape("caf\xe9", 4, "caf\\xe9");
	expect_escape("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
	expect_escape("\x01\x7f", 2, "\\x01\\x7f");
	expect_escape("nul\0x", 5, "nul\\x00x");
	expect_escape("\xe2\x82\xac\xe2\x82", 5, "\xe2\x82\xac\\xe2\\x82");
	expect_escape("", 0, "");
}

/*
 * The eight-bytes-at-a-time paths: one odd byte at every position of an
 * ASCII id of every length up to 40 is found exactly where the
 * byte-at-a-time rules put it.
 */
static void
odd_byte_anywhere_in_a_long_id(void)
{
	static const struct {
		unsigned char c;
		long invalid;            /* 1: sw_utf8_invalid_at finds it */
		const char *escaped;
	} odd[] = {
		{ 0x00, 1, "\\x00" }, { 0x1F, 0, "\\x1f" }, { 0x7F, 0, "\\x7f" },
		{ 0x80, 1, "\\x80" }, { 0xFF, 1, "\\xff" }, { '\n', 0, "\\n" },
		{ 0x20, 0, " " }, { 0x7E, 0, "~" },
	};
	char id[41], want[96];

	/* Every length, so that the odd byte is also in a last, partial word. */
	for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
		for (size_t len = 1; len <= 40; len++)
			for (size_t pos = 0; pos < len; pos++) {
				memset(id, 'a', len);
				id[pos] = (char)odd[k].c;
				T_EQ_INT(sw_utf8_invalid_at(id, len),
				    odd[k].invalid ? (long)pos : -1);
				snprintf(want, sizeof want, "%.*s%s%.*s",
				    (int)pos, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				    "aaaa", odd[k].escaped, (int)(len - 1 - pos),
				    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
				expect_escape(id, len, want);
			}
	/* A valid two-byte character straddling an eight-byte boundary. */
	memcpy(id, "abcdefg\xc3\xa9hijklmnop", 18);
	T_EQ_INT(sw_utf8_invalid_at(id, 18), -1);
	expect_escape(id, 18, "abcdefg\xc3\xa9hijklmnop");
}

int
main(void)
{
	T_RUN(validation_matches_python);
	T_RUN(escaping_keeps_text_and_marks_the_rest);
	T_RUN(odd_byte_anywhere_in_a_long_id);
	return t_done();
}

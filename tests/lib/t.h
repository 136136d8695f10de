/*
 * t.h: the smallest test harness that does the job.  Each test program
 * registers named cases; each case runs T_CHECK/T_EQ assertions and the
 * program prints TAP ("ok N - name" / "not ok N - name" with the failed
 * assertions as "#" diagnostics) and exits 1 if any case failed.
 *
 *   static void test_number_zero(void) { T_EQ_HEX(buf, n, "00"); }
 *   int main(void) { T_RUN(test_number_zero); return t_done(); }
 *
 * Header-only on purpose: every test program is one .c file.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

static int t_case_failed;
static int t_cases, t_failed_cases;
static long t_asserts;

#define T_CHECK(cond, ...)                                                    \
	do {                                                                  \
		t_asserts++;                                                  \
		if (!(cond)) {                                                \
			t_case_failed = 1;                                    \
			printf("#   %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
			printf(__VA_ARGS__);                                  \
			printf("\n");                                         \
		}                                                             \
	} while (0)

#define T_EQ_INT(got, want)                                                   \
	do {                                                                  \
		long long t_g_ = (long long)(got), t_w_ = (long long)(want);  \
		T_CHECK(t_g_ == t_w_, "got %lld, want %lld", t_g_, t_w_);     \
	} while (0)

/* Compare n bytes at got with a hex string (spaces allowed). */
#define T_EQ_HEX(got, n, hex) t_eq_hex(__FILE__, __LINE__, (got), (n), (hex))

static inline size_t t_unhex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	int half = -1;
	for (; *hex; hex++) {
		int v;
		if (*hex >= '0' && *hex <= '9')
			v = *hex - '0';
		else if (*hex >= 'a' && *hex <= 'f')
			v = *hex - 'a' + 10;
		else if (*hex >= 'A' && *hex <= 'F')
			v = *hex - 'A' + 10;
		else
			continue;
		if (half < 0) {
			half = v;
		} else {
			if (n < cap)
				out[n] = (unsigned char)(half * 16 + v);
			n++;
			half = -1;
		}
	}
	return n;
}

static inline void t_eq_hex(const char *file, int line, const void *got,
    size_t n, const char *hex)
{
	static unsigned char want[1 << 16];
	size_t wn = t_unhex(hex, want, sizeof want);
	t_asserts++;
	if (wn == n && memcmp(got, want, n) == 0)
		return;
	t_case_failed = 1;
	printf("#   %s:%d: bytes differ\n#     want %s\n#     got  ", file, line,
	    hex);
	for (size_t i = 0; i < n; i++)
		printf("%02x", ((const unsigned char *)got)[i]);
	printf("\n");
}

#define T_RUN(fn)                                                             \
	do {                                                                  \
		t_case_failed = 0;                                            \
		fn();                                                         \
		t_cases++;                                                    \
		if (t_case_failed)                                            \
			t_failed_cases++;                                     \
		printf("%s %d - %s\n", t_case_failed ? "not ok" : "ok",       \
		    t_cases, #fn);                                            \
		fflush(stdout);                                               \
	} while (0)

static inline int t_done(void)
{
	printf("1..%d\n", t_cases);
	printf("# %d cases, %d failed, %ld assertions\n", t_cases,
	    t_failed_cases, t_asserts);
	return t_failed_cases ? 1 : 0;
}

#endif

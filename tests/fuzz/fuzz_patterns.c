/*
 * fuzz_patterns: libFuzzer target for every classifier plug-in behind the
 * line driver (patterns/pat.h): the bytes a test program writes on its
 * fds, fed with pat_feed in writes and pieces, then pat_finish, checked
 * by fuzz_pat.h on every line and event.
 *
 * Input: a 5-byte header, then the writes (format in fuzz_pat.h).
 *   [0]  the plug-in, % 10: tap automake exitcode gtest glib cmocka cunit
 *        check subunit user
 *   [1]  bits 0-1  how the program ended: 0 exit status [2], 1 killed by
 *                  signal 1 + [2] % 64, 2 timed out after [2] s, 3
 *                  interrupted (with 2 and 3 the signal that followed:
 *                  SIGKILL, SIGTERM)
 *        bit 2     core dumped (1), or no signal after 2 and 3
 *        bit 3     a listing run (gtest, glib: ops->list_line)
 *        bits 4-5  reason_cap of pat_finish: 512, 64, 8, 1
 *        bits 6-7  the user plug-in's pattern file (user_files below)
 *   [2]  exit status, signal or timeout
 *   [3]  split seed: 0 feeds each write whole, else in pieces
 *   [4]  >= 0xC0: the emit callback fails at event [4] - 0xBF (1..64)
 * A shorter input is padded with zero bytes (tap, exit 0, whole writes).
 *
 * Seeds (tests/fuzz/corpus/patterns/, made by make-pattern-corpus.py):
 * the real output of the fixtures, with their write boundaries and fds
 * as strace saw them, and the captures of tests/patterns/.
 *
 * Workload: inputs up to a few KiB (a 0xFF 0xFE mark makes a line of up
 * to 128 KiB), so one execution is a few thousand lines at most.
 */
#include <signal.h>

#include "fuzz_pat.h"

FUZZ_CHECKER_BEGIN

static const char *const plugins[] = {
	"tap", "automake", "exitcode", "gtest", "glib", "cmocka", "cunit",
	"check", "subunit", "user",
};

/*
 * Pattern files for the user plug-in: the example of pat_user.h, the
 * bundled go test file, one with nesting and every end keyword, one
 * reading TAP.
 */
static const char *const user_files[] = {
	"# libfoo's runner; the summary repeats \"[ DONE ]\" lines\n"
	"ignore  ^\\[ DONE \\] summary\n"
	"start   ^\\[ RUN  \\] (.+)$\n"
	"result  name=1 status=2 reason=4 "
	    "^\\[ DONE \\] (.+): ([A-Z]+)( \\((.*)\\))?$\n"
	"result  name=1 status=2 ^RESULT\\s+(\\S+)\\s+(\\S+)$\n"
	"fail    ^\\*\\*\\* CRASH in (.+)$\n",

	"start   ^=== RUN +(\\S+)$\n"
	"result  status=1 name=2 "
	    "^ *--- (PASS|FAIL|SKIP): (\\S+) \\([0-9.]+s\\)$\n",

	"start   ^ *BEGIN (.*)$\n"
	"pass    name=0 ^ *END OK$\n"
	"fail    name=0 reason=1 ^ *END FAIL:?(.*)$\n"
	"error   icase reason=3 ^error in (\\S+)(: (.*))?$\n"
	"skip    reason=2 ^SKIP (\\S+) ?(.*)$\n"
	"xfail   ^XFAIL (\\S+)$\n"
	"xpass   ^XPASS (\\S+)$\n"
	"uxsuccess ^UX (\\S+)$\n"
	"pass    ^PASS (\\S+)\n",

	"ignore  ^#\n"
	"result  name=3 status=1 reason=5 "
	    "^(ok|not ok) ([0-9]+) ?-? ?([^#]*)(# *(.*))?$\n"
	"start   icase ^ *# Subtest: (.+)$\n",
};

static const size_t reason_caps[] = { 512, 64, 8, 1 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fpat c;
	uint8_t h[5] = { 0 };
	const struct pat_ops *ops;
	struct pat_exit ex = { 0 };
	struct pat *p = NULL;
	char *err;
	uint64_t seed = 0;
	int rc;

	memcpy(h, data, size < 5 ? size : 5);
	ops = pat_find(plugins[h[0] % 10]);
	if (ops == NULL)
		FUZZ_FAIL("no plug-in %s", plugins[h[0] % 10]);
	switch (h[1] & 3) {
	case 0:
		ex.exited = true;
		ex.code = h[2];
		break;
	case 1:
		ex.signaled = true;
		ex.signo = 1 + h[2] % 64;
		ex.core_dumped = h[1] & 4;
		break;
	case 2:
		ex.timed_out = true;
		ex.timeout_secs = h[2];
		ex.signaled = !(h[1] & 4);
		ex.signo = SIGKILL;
		break;
	default:
		ex.interrupted = true;
		ex.signaled = !(h[1] & 4);
		ex.signo = SIGTERM;
		break;
	}
	if (h[3] != 0)
		seed = (0x9E3779B97F4A7C15ull * h[3]) ^ size;
	fpat_start(&c, ops, h[1] & 8, h[4] >= 0xC0 ? h[4] - 0xBFu : 0);

	/* The message buffer is exactly as large as said: ASan watches it. */
	if ((err = malloc(256)) == NULL)
		FUZZ_FAIL("out of memory");
	rc = pat_new(&c.wrapped, strcmp(ops->name, "user") == 0 ?
	    user_files[h[1] >> 6] : NULL, fpat_emit, &c, &p, err, 256);
	if (rc != 0)
		FUZZ_FAIL("pat_new(%s) = %d: %s", ops->name, rc, err);
	free(err);
	if (fpat_feed_all(&c, p, data + (size < 5 ? size : 5),
	    size < 5 ? 0 : size - 5, seed))
		fpat_finish(&c, p, &ex, reason_caps[(h[1] >> 4) & 3]);
	pat_free(p);
	return 0;
}

FUZZ_CHECKER_END

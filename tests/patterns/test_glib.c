/*
 * test_glib: the GLib g_test plug-in.  Most cases replay the real output
 * of the fixtures (glib_output.h: every write(2) of tests/fixtures/glib_*.c
 * under GLib 2.74.6) through the real line driver (pat.c), so write
 * boundaries, glued chatter and records written in pieces are as a
 * program makes them; the expected events are exact.  The others feed
 * byte strings shaped like that output for what no fixture shows.
 */
#include <signal.h>

#include "glib_output.h"
#include "pat_glib.h"
#include "t.h"
#include "t_pat.h"
#include "t_replay.h"

#define NWRITES(a) (sizeof(a) / sizeof((a)[0]))

static struct t_pat r;

/*
 * How the writes reach the plug-in: in program order (the preload shim),
 * or as two pipes deliver them: all of stderr first, all of stdout first,
 * or interleaved at random with several writes per read.
 */
enum order { PROGRAM, STDERR_FIRST, STDOUT_FIRST, SHUFFLED };

/* The verdict line, as t_pat_finish records it. */
static void
record_verdict(int rc, enum sw_status st, const char *reason)
{
	char num[32];

	t_pat_adds(&r, "verdict ");
	t_pat_status(&r, st);
	if (reason[0]) {
		t_pat_adds(&r, " reason=");
		t_pat_quote(&r, reason, strlen(reason));
	}
	if (rc) {
		snprintf(num, sizeof num, " rc=%d", rc);
		t_pat_adds(&r, num);
	}
	t_pat_add(&r, "\n", 1);
}

/* Feed the writes of one fd from *i on, up to k of them, as one read. */
static int
feed_read(struct pat *p, const struct glib_write *w, size_t n, int fd,
    size_t *i, unsigned k)
{
	char buf[4096];
	size_t len = 0;

	for (; *i < n && k > 0; (*i)++) {
		size_t l = strlen(w[*i].bytes);

		if (w[*i].fd != fd)
			continue;
		if (len + l > sizeof buf)
			break;
		memcpy(buf + len, w[*i].bytes, l);
		len += l;
		k--;
	}
	return len ? pat_feed(p, fd, buf, len) : 0;
}

/* Two pipes read in a pseudo-random order (seed), 1-4 writes per read. */
static int
feed_shuffled(struct pat *p, const struct glib_write *w, size_t n,
    unsigned seed)
{
	size_t i[2] = { 0, 0 };
	int rc = 0;

	while (rc == 0) {
		int f;

		for (f = 0; f < 2; f++)
			while (i[f] < n && w[i[f]].fd != f + 1)
				i[f]++;
		if (i[0] == n && i[1] == n)
			break;
		seed = seed * 1103515245u + 12345u;
		f = i[0] == n ? 1 : i[1] == n ? 0 : (int)(seed >> 16) % 2;
		rc = feed_read(p, w, n, f + 1, &i[f], (seed >> 8) % 4 + 1);
	}
	return rc;
}

static int
feed(struct pat *p, const struct glib_write *w, size_t n, enum order o,
    unsigned seed)
{
	int rc = 0;

	if (o == SHUFFLED)
		return feed_shuffled(p, w, n, seed);
	for (int pass = 0; pass < (o == PROGRAM ? 1 : 2); pass++) {
		int fd = (o == STDERR_FIRST) == (pass == 0) ? 2 : 1;

		for (size_t i = 0; i < n && rc == 0; i++)
			if (o == PROGRAM || w[i].fd == fd)
				rc = pat_feed(p, w[i].fd, w[i].bytes,
				    strlen(w[i].bytes));
	}
	return rc;
}

/* Replay a capture through the driver into r, then finish with ex. */
static void
replay_order(const struct glib_write *w, size_t n, struct pat_exit ex,
    enum order o, unsigned seed)
{
	struct pat *p = NULL;
	enum sw_status st = SW_STATUS_NONE;
	char err[128], reason[512] = "";
	int rc;

	memset(&r, 0, sizeof r);
	r.ops = &pat_glib_ops;
	T_EQ_INT(pat_new(&pat_glib_ops, NULL, t_pat_emit, &r, &p, err,
	    sizeof err), 0);
	if (p == NULL)
		return;
	T_EQ_INT(feed(p, w, n, o, seed), 0);
	rc = pat_finish(p, &ex, &st, reason, sizeof reason);
	record_verdict(rc, st, reason);
	pat_free(p);
}

static void
replay(const struct glib_write *w, size_t n, struct pat_exit ex)
{
	replay_order(w, n, ex, PROGRAM, 0);
}

/* ---- runs in program order --------------------------------------------- */

static void
every_outcome_in_program_order(void)
{
	/*
	 * Each test opens at its start record; its chatter on both streams,
	 * the rest of a multi-line message and text glued before a marker
	 * are its own; skip/incomplete/fail-printf reasons come from the stop
	 * record; lines a test prints that look like another test's result
	 * or records are chatter; suite comments are untied.
	 */
	replay(basic_run, NWRITES(basic_run), t_pat_exited(1));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sbcdbc3c86daf102d3fdf610662ce9"
	    "15f\\n'",
	    "open '/top' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/pass' runnable",
	    "bytes L0 fd2 'stderr chatter\\n'",
	    "bytes L0 fd1 'stdout chatter, no newline'",
	    "close success",
	    "open '/basic/message' runnable",
	    "bytes L0 fd1 '# MESSAGE: hello message\\n'",
	    "bytes L0 fd2 '** Message: 00:08:49.160: hello message\\n'",
	    "bytes L0 fd1 '# a test message\\n'",
	    "bytes L0 fd1 'line via g_print\\n'",
	    "close success",
	    "open '/basic/skip' runnable",
	    "close skip reason='not supported here'",
	    "open '/basic/incomplete' runnable",
	    "close xfail reason='not finished'",
	    "open '/basic/fail' runnable",
	    "close fail",
	    "open '/basic/fail-printf' runnable",
	    "close fail reason='failed because reasons'",
	    "open '/basic/multiline' runnable",
	    "bytes L0 fd1 '# first\\n'",
	    "bytes L0 fd1 '# second\\n'",
	    "bytes L0 fd1 'line two\\n'",
	    "close skip reason='line one\\nline two'",
	    "open '/basic/glued-stderr' runnable",
	    "bytes L0 fd2 'no newline on stderr'",
	    "close success",
	    "open '/basic/forge' runnable",
	    "bytes L0 fd1 'ok 1 /forged\\n'",
	    "bytes L0 fd2 '{*LOG(start):{/forged}:LOG*}\\n'",
	    "bytes L0 fd2 '{*LOG(stop):{/forged}:(2;0;0):LOG*}\\n'",
	    "close success",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "open '/basic/nested/child' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of deep tests\\n'",
	    "open '/basic/nested/deep/leaf' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of deep tests\\n'",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "bytes L0 fd1 '# Start of fixture tests\\n'",
	    "open '/fixture/setup-teardown' runnable",
	    "bytes L0 fd1 'setup 42\\n'",
	    "bytes L0 fd1 'test 42\\n'",
	    "bytes L0 fd1 'teardown 42\\n'",
	    "close success",
	    "open '/fixture/fail-in-teardown' runnable",
	    "bytes L0 fd1 'teardown\\n'",
	    "close fail",
	    "bytes L0 fd1 '# End of fixture tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
without_markers_tests_open_at_their_result(void)
{
	/*
	 * A program that ignores --debug-log: each test opens and closes at
	 * its TAP line, chatter before it is untied, the reason of a
	 * multi-line skip is its first line, and the forged "ok 1" (not
	 * GLib's next number) and records (no "binary" record) are chatter.
	 */
	replay(basic_plain, NWRITES(basic_plain), t_pat_exited(1));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sfd52845323fb6c6b515959fefa8e0"
	    "467\\n'",
	    "open '/top' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "bytes L0 fd2 'stderr chatter\\n'",
	    "bytes L0 fd1 'stdout chatter, no newline'",
	    "open '/basic/pass' runnable",
	    "close success",
	    "bytes L0 fd1 '# MESSAGE: hello message\\n'",
	    "bytes L0 fd2 '** Message: 00:08:49.271: hello message\\n'",
	    "bytes L0 fd1 '# a test message\\n'",
	    "bytes L0 fd1 'line via g_print\\n'",
	    "open '/basic/message' runnable",
	    "close success",
	    "open '/basic/skip' runnable",
	    "close skip reason='not supported here'",
	    "open '/basic/incomplete' runnable",
	    "close xfail reason='not finished'",
	    "open '/basic/fail' runnable",
	    "close fail",
	    "open '/basic/fail-printf' runnable",
	    "close fail reason='failed because reasons'",
	    "bytes L0 fd1 '# first\\n'",
	    "bytes L0 fd1 '# second\\n'",
	    "open '/basic/multiline' runnable",
	    "close skip reason='line one'",
	    "bytes L0 fd1 'line two\\n'",
	    "open '/basic/glued-stderr' runnable",
	    "close success",
	    "bytes L0 fd1 'ok 1 /forged\\n'",
	    "bytes L0 fd2 'no newline on stderr'",
	    "bytes L0 fd2 '{*LOG(start):{/forged}:LOG*}\\n'",
	    "bytes L0 fd2 '{*LOG(stop):{/forged}:(2;0;0):LOG*}\\n'",
	    "open '/basic/forge' runnable",
	    "close success",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "open '/basic/nested/child' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of deep tests\\n'",
	    "open '/basic/nested/deep/leaf' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of deep tests\\n'",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "bytes L0 fd1 '# Start of fixture tests\\n'",
	    "bytes L0 fd1 'setup 42\\n'",
	    "bytes L0 fd1 'test 42\\n'",
	    "bytes L0 fd1 'teardown 42\\n'",
	    "open '/fixture/setup-teardown' runnable",
	    "close success",
	    "bytes L0 fd1 'teardown\\n'",
	    "open '/fixture/fail-in-teardown' runnable",
	    "close fail",
	    "bytes L0 fd1 '# End of fixture tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

/* ---- deaths inside a test ---------------------------------------------- */

static void
assertion_fails_the_running_test(void)
{
	replay(assert_run, NWRITES(assert_run),
	    t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sec41d8c3974d274e9134eabbe5e8c"
	    "79b\\n'",
	    "bytes L0 fd1 '# Start of assert tests\\n'",
	    "open '/assert/pass' runnable",
	    "close success",
	    "open '/assert/cmpint' runnable",
	    "bytes L0 fd1 'before the assertion\\n'",
	    "bytes L0 fd2 '**\\n'",
	    "bytes L0 fd2 'ERROR:tests/fixtures/glib_assert.c:30:t_cmpint: a"
	    "ssertion failed (1 + 1 == 3): (2 == 3)\\n'",
	    "bytes L0 fd1 'Bail out! ERROR:tests/fixtures/glib_assert.c:30:t"
	    "_cmpint: assertion failed (1 + 1 == 3): (2 == 3)\\n'",
	    "close fail reason='ERROR:tests/fixtures/glib_assert.c:30:t_cmpin"
	    "t: assertion failed (1 + 1 == 3): (2 == 3); killed by signal SIG"
	    "ABRT'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGABRT'");
	t_pat_end(&r);
}

static void
fatal_warning_fails_the_running_test(void)
{
	replay(warning_run, NWRITES(warning_run),
	    t_pat_signaled(SIGTRAP, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Se06346b8ba72e0545e34c63323c9f"
	    "b22\\n'",
	    "bytes L0 fd1 '# Start of warning tests\\n'",
	    "open '/warning/pass' runnable",
	    "close success",
	    "open '/warning/fatal' runnable",
	    "bytes L0 fd1 'Bail out! FATAL-WARNING: a warning\\n'",
	    "bytes L0 fd2 '\\n'",
	    "bytes L0 fd2 '** (./glib_warning:22291): WARNING **: 00:08:49.7"
	    "08: a warning\\n'",
	    "close fail reason='FATAL-WARNING: a warning; killed by signal SI"
	    "GTRAP'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGTRAP'");
	t_pat_end(&r);
}

static void
crash_without_marker_fails_the_running_test(void)
{
	/* A SIGSEGV leaves no line at all: the start record says who. */
	replay(segv_run, NWRITES(segv_run), t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02S4d046479010104d78e58d77c95d36"
	    "4a7\\n'",
	    "bytes L0 fd1 '# Start of segv tests\\n'",
	    "open '/segv/before' runnable",
	    "close success",
	    "open '/segv/crash' runnable",
	    "bytes L0 fd1 'about to crash\\n'",
	    "bytes L0 fd2 'really\\n'",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGSEGV'");
	t_pat_end(&r);
}

static void
exit_zero_inside_a_test_is_a_failure(void)
{
	replay(exit_run, NWRITES(exit_run), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sff8f79de9bd6fb0d503ac2e5cea13"
	    "40b\\n'",
	    "bytes L0 fd1 '# Start of exit tests\\n'",
	    "open '/exit/before' runnable",
	    "close success",
	    "open '/exit/now' runnable",
	    "bytes L0 fd1 'bye\\n'",
	    "close fail reason='exit status 0'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " exit status 0'");
	t_pat_end(&r);
}

static void
timeout_fails_the_running_test(void)
{
	replay(hang_run, NWRITES(hang_run), t_pat_timed_out(1));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Se19d0a27b73b353c6ad326ad0dda6"
	    "aef\\n'",
	    "bytes L0 fd1 '# Start of hang tests\\n'",
	    "open '/hang/before' runnable",
	    "close success",
	    "open '/hang/sleep' runnable",
	    "bytes L0 fd1 'going to sleep\\n'",
	    "close fail reason='timed out after 1 s'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " timed out after 1 s'");
	t_pat_end(&r);
}

static void
abort_after_a_failure_without_keep_going(void)
{
	/* Without -k: "not ok", "Bail out!", abort before the stop record. */
	replay(basic_no_k, NWRITES(basic_no_k),
	    t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sded59fe7358f6a32765bce5d18424"
	    "77a\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/fail' runnable",
	    "bytes L0 fd1 'Bail out!\\n'",
	    "close fail reason='killed by signal SIGABRT'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGABRT'");
	t_pat_end(&r);
}

static void
fatal_error_before_any_test(void)
{
	replay(dup_run, NWRITES(dup_run), t_pat_signaled(SIGTRAP, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Se86806bca023b37e447c9cc695bb5"
	    "580\\n'",
	    "bytes L0 fd1 'Bail out! GLib-FATAL-ERROR: duplicate test case p"
	    "ath: /dup/x\\n'",
	    "bytes L0 fd2 '\\n'",
	    "bytes L0 fd2 '(./glib_duplicate:23255): GLib-ERROR **: 00:11:09"
	    ".087: duplicate test case path: /dup/x\\n'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " GLib-FATAL-ERROR: duplicate test case path: /dup/x; killed by s"
	    "ignal SIGTRAP'");
	t_pat_end(&r);
}

/* ---- selection runs ---------------------------------------------------- */

static void
selected_run_has_its_plans_at_the_end(void)
{
	/* -p /basic/nested also runs /basic/nested/child (one level). */
	replay(basic_select, NWRITES(basic_select), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02S4085e72f60c92e786b617e111445f"
	    "06a\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "open '/basic/nested/child' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "bytes L0 fd1 '# Start of fixture tests\\n'",
	    "open '/fixture/setup-teardown' runnable",
	    "bytes L0 fd1 'setup 42\\n'",
	    "bytes L0 fd1 'test 42\\n'",
	    "bytes L0 fd1 'teardown 42\\n'",
	    "close success",
	    "bytes L0 fd1 '# End of fixture tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
crash_in_a_selected_run_then_the_rest(void)
{
	/* A crash in the first -p group: no plan followed. */
	replay(segv_select, NWRITES(segv_select),
	    t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02S47a3b560da98dbe7968f434fcad17"
	    "8a3\\n'",
	    "bytes L0 fd1 '# Start of segv tests\\n'",
	    "open '/segv/crash' runnable",
	    "bytes L0 fd1 'about to crash\\n'",
	    "bytes L0 fd2 'really\\n'",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGSEGV'");
	t_pat_end(&r);
	/* The restart for what did not run. */
	replay(segv_resume, NWRITES(segv_resume), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Scafa7689a51559661de48a96af1aa"
	    "265\\n'",
	    "bytes L0 fd1 '# Start of segv tests\\n'",
	    "open '/segv/after' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of segv tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
crash_in_the_second_selected_group(void)
{
	/*
	 * basic_select up to the start of /fixture/setup-teardown: the first
	 * group's plan (1..2) came, the second's never will.
	 */
	replay(basic_select, 64, t_pat_signaled(SIGSEGV, false));
	T_CHECK(strstr(r.out, "open '/fixture/setup-teardown' runnable\n"
	    "close fail reason='killed by signal SIGSEGV'\n"
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGSEGV'\n") != NULL, "%s", r.out);
	t_pat_end(&r);
}

static void
overlapping_selection_runs_a_test_twice(void)
{
	/* -p /basic/nested -p /basic/nested/child: the repeat is "#2". */
	replay(basic_overlap, NWRITES(basic_overlap), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02S93efe7b0ac59fc20e7dd4234fb445"
	    "8ab\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "open '/basic/nested/child' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "open '/basic/nested/child #2' runnable",
	    "close success",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
random_names_do_not_round_trip(void)
{
	struct pat_line l;

	/* The listing names /random/seed:4157521614 ... */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	for (size_t i = 0; i < NWRITES(random_list); i++) {
		l.fd = random_list[i].fd;
		l.text = random_list[i].bytes;
		l.len = strlen(l.text);
		l.flags = l.len && l.text[l.len - 1] == '\n' ? PAT_LINE_EOL :
		    0;
		l.soft_start = 0;
		if (l.flags)    /* whole lines only: see listing() */
			T_EQ_INT(pat_glib_ops.list_line(r.state, &l,
			    t_pat_emit, &r), 0);
	}
	T_PAT_EVENTS(&r, "exists '/random/fixed'",
	    "exists '/random/seed:4157521614'");
	t_pat_end(&r);
	/* ... and selecting the name a listing gave runs nothing. */
	replay(random_select, NWRITES(random_select), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sfd007dd37a8e094b4d9cda7eaef1b"
	    "65a\\n'",
	    "bytes L0 fd1 '# Start of random tests\\n'",
	    "bytes L0 fd1 '# End of random tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
skipped_by_request_is_not_reported(void)
{
	/*
	 * -p /basic/nested -s /basic/nested/child: GLib starts the child and
	 * says "ok 2 /basic/nested/child # SKIP by request (-s option)"; it
	 * was not selected, so nothing of it is reported.
	 */
	replay(basic_skip_child, NWRITES(basic_skip_child), t_pat_exited(0));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sfb2891665e6f335f5917981c6b0fe"
	    "47e\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "verdict success");
	t_pat_end(&r);
	/* Stdout first: the result comes alone, the records late. */
	replay_order(basic_skip_child, NWRITES(basic_skip_child),
	    t_pat_exited(0), STDOUT_FIRST, 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sfb2891665e6f335f5917981c6b0fe"
	    "47e\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "verdict success");
	t_pat_end(&r);
	/* Stderr first: the stop record drops it, the result comes late. */
	replay_order(basic_skip_child, NWRITES(basic_skip_child),
	    t_pat_exited(0), STDERR_FIRST, 0);
	T_PAT_EVENTS(&r,
	    "open '/basic/nested' runnable",
	    "close success",
	    "bytes L0 fd1 '# random seed: R02Sfb2891665e6f335f5917981c6b0fe"
	    "47e\\n'",
	    "bytes L0 fd1 '# Start of basic tests\\n'",
	    "bytes L0 fd1 '# Start of nested tests\\n'",
	    "bytes L0 fd1 '# End of nested tests\\n'",
	    "bytes L0 fd1 '# End of basic tests\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
users_skip_by_request(void)
{
	/*
	 * The user's own -s /top -s /basic/nested/child in a full run: /top
	 * is no test a -p could run unasked, so its skip is reported; the
	 * child (under the path of /basic/nested, which ran) vanishes.
	 */
	replay(basic_skip_user, NWRITES(basic_skip_user), t_pat_exited(1));
	T_CHECK(strstr(r.out, "open '/top' runnable\n"
	    "close skip reason='by request (-s option)'\n") != NULL, "%s",
	    r.out);
	T_CHECK(strstr(r.out, "child") == NULL, "%s", r.out);
	T_CHECK(strstr(r.out, "open '/basic/nested' runnable\n"
	    "close success\n"
	    "bytes L0 fd1 '# Start of nested tests\\n'\n"
	    "bytes L0 fd1 '# Start of deep tests\\n'\n"
	    "open '/basic/nested/deep/leaf' runnable\n") != NULL, "%s",
	    r.out);
	T_CHECK(strstr(r.out, "verdict success\n") != NULL, "%s", r.out);
	t_pat_end(&r);
}

/* ---- pipe mode --------------------------------------------------------- */

/* r's events without chatter and reasons: what pipe mode must keep. */
static char *
statuses(void)
{
	char *out = calloc(1, r.len + 1), *o = out;

	if (out == NULL)
		abort();
	for (const char *p = r.out ? r.out : ""; *p;) {
		const char *nl = strchr(p, '\n'), *why;
		size_t n = (size_t)(nl - p);

		why = memmem(p, n, " reason=", 8);
		if (why)
			n = (size_t)(why - p);
		if (strncmp(p, "bytes ", 6) != 0) {
			memcpy(o, p, n);
			o += n;
			*o++ = '\n';
		}
		p = nl + 1;
	}
	return out;
}

/* Replay w in order o and compare its statuses with the program order. */
static void
same_statuses(const char *name, const struct glib_write *w, size_t n,
    struct pat_exit ex, enum order o, unsigned seed)
{
	char *want, *got;

	replay(w, n, ex);
	want = statuses();
	t_pat_end(&r);
	replay_order(w, n, ex, o, seed);
	got = statuses();
	t_pat_end(&r);
	T_CHECK(strcmp(want, got) == 0, "%s, order %d, seed %u:\n%s---\n%s",
	    name, (int)o, seed, want, got);
	free(want);
	free(got);
}

static void
pipe_order_does_not_change_results(void)
{
	const struct {
		const char *name;
		const struct glib_write *w;
		size_t n;
		struct pat_exit ex;
	} runs[] = {
#define RUN(a, ex) { #a, a, NWRITES(a), ex }
		RUN(basic_run, t_pat_exited(1)),
		RUN(basic_plain, t_pat_exited(1)),
		RUN(basic_select, t_pat_exited(0)),
		RUN(basic_overlap, t_pat_exited(0)),
		RUN(basic_skip_child, t_pat_exited(0)),
		RUN(basic_skip_user, t_pat_exited(1)),
		RUN(assert_run, t_pat_signaled(SIGABRT, false)),
		RUN(segv_run, t_pat_signaled(SIGSEGV, false)),
		RUN(segv_select, t_pat_signaled(SIGSEGV, false)),
		RUN(exit_run, t_pat_exited(0)),
		RUN(hang_run, t_pat_timed_out(1)),
		RUN(basic_no_k, t_pat_signaled(SIGABRT, false)),
		RUN(dup_run, t_pat_signaled(SIGTRAP, false)),
#undef RUN
	};

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		same_statuses(runs[i].name, runs[i].w, runs[i].n, runs[i].ex,
		    STDERR_FIRST, 0);
		same_statuses(runs[i].name, runs[i].w, runs[i].n, runs[i].ex,
		    STDOUT_FIRST, 0);
		for (unsigned seed = 1; seed <= 60; seed++)
			same_statuses(runs[i].name, runs[i].w, runs[i].n,
			    runs[i].ex, SHUFFLED, seed);
	}
}

static void
pipe_order_stdout_first_in_detail(void)
{
	/*
	 * Stdout overtook stderr entirely: tests open and close at their
	 * TAP lines, the late records are consumed, the forged records stay
	 * chatter (stderr is inside /basic/forge when they come).
	 */
	replay_order(segv_run, NWRITES(segv_run),
	    t_pat_signaled(SIGSEGV, false), STDOUT_FIRST, 0);
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02S4d046479010104d78e58d77c95d36"
	    "4a7\\n'",
	    "bytes L0 fd1 '# Start of segv tests\\n'",
	    "open '/segv/before' runnable",
	    "close success",
	    "bytes L0 fd1 'about to crash\\n'",
	    "open '/segv/crash' runnable",
	    "bytes L0 fd2 'really\\n'",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGSEGV'");
	t_pat_end(&r);
}

/* ---- the end of the program -------------------------------------------- */

static void
verdict_when_every_test_ran(void)
{
	struct pat_exit segv = t_pat_signaled(SIGSEGV, true);

	replay(segv_resume, NWRITES(segv_resume), t_pat_exited(3));
	T_CHECK(strstr(r.out, "verdict fail reason='the program failed after"
	    " its tests ran: exit status 3'\n") != NULL, "%s", r.out);
	t_pat_end(&r);
	/* GLib exits 1 when a test failed; none did here. */
	replay(segv_resume, NWRITES(segv_resume), t_pat_exited(1));
	T_CHECK(strstr(r.out, "verdict fail reason='the program failed after"
	    " its tests ran: exit status 1'\n") != NULL, "%s", r.out);
	t_pat_end(&r);
	replay(segv_resume, NWRITES(segv_resume), segv);
	T_CHECK(strstr(r.out, "verdict fail reason='the program failed after"
	    " its tests ran: killed by signal SIGSEGV (core dumped)'\n") !=
	    NULL, "%s", r.out);
	t_pat_end(&r);
	/* 77: every test skipped (GLib's non-TAP convention). */
	replay(segv_resume, NWRITES(segv_resume), t_pat_exited(77));
	T_CHECK(strstr(r.out, "verdict success\n") != NULL, "%s", r.out);
	t_pat_end(&r);
}

static void
verdict_without_glib_output_or_plan(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "hello\n"), 0);
	T_EQ_INT(t_pat_finish(&r, t_pat_exited(0)), 0);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'hello\\n'",
	    "verdict fail reason='no GLib test output: exit status 0'");
	t_pat_end(&r);
	/* g_test_init ran (seed, binary record), then main gave up. */
	replay(basic_run, 5, t_pat_exited(2));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd1 '# random seed: R02Sbcdbc3c86daf102d3fdf610662ce9"
	    "15f\\n'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " exit status 2'");
	t_pat_end(&r);
	/* A plan, then nothing. */
	replay(basic_run, 6, t_pat_exited(0));
	T_CHECK(strstr(r.out, "verdict fail reason='the program ended before"
	    " all its tests ran: exit status 0'\n") != NULL, "%s", r.out);
	t_pat_end(&r);
}

/* ---- records and lines the fixtures do not show ------------------------ */

static const char marked[] = "{*LOG(binary):{./t}:{R02S}:LOG*}\n";

static void
record_cut_short_is_chatter(void)
{
	/* An unterminated record, then another one: the first is chatter. */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(message):{no end\nsecond line\n"
	    "{*LOG(start):{/a}:LOG*}\n{*LOG(message):{at the end\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r,
	    "bytes L0 fd2 '{*LOG(message):{no end\\nsecond line\\n'",
	    "open '/a' runnable",
	    "bytes L0 fd2 '{*LOG(message):{at the end\\n'",
	    "close fail reason='exit status 1'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " exit status 1'");
	t_pat_end(&r);
}

static void
record_longer_than_4k_is_chatter(void)
{
	static char big[5000];

	memset(big, 'x', sizeof big - 2);
	big[sizeof big - 2] = '\n';
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, "{*LOG(message):{long\n");
	t_pat_feed(&r, 2, big);
	t_pat_feed(&r, 2, "}:LOG*}\n");
	T_CHECK(r.count == 2, "%d events:\n%s", r.count, r.out ? r.out : "");
	if (r.count != 2)
		return;
	T_CHECK(strncmp(r.out, "bytes L0 fd2 '{*LOG(message):{long\\nxxx", 38)
	    == 0, "%.60s", r.out);
	T_CHECK(strstr(r.out, "\nbytes L0 fd2 '}:LOG*}\\n'\n") != NULL, "%s",
	    r.out);
	t_pat_end(&r);
}

static void
records_need_the_binary_record(void)
{
	/* Before g_test_init's record nothing is GLib's (no --debug-log). */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, "{*LOG(message):{x}:LOG*}\n{*LOG(start):{/a}:LOG*}\n"
	    "{*LOG(error):{e}:LOG*}\n");
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(message):{x}:LOG*}\n");
	T_PAT_EVENTS(&r, "bytes L0 fd2 '{*LOG(message):{x}:LOG*}\\n'",
	    "bytes L0 fd2 '{*LOG(start):{/a}:LOG*}\\n'",
	    "bytes L0 fd2 '{*LOG(error):{e}:LOG*}\\n'");
	t_pat_end(&r);
}

/*
 * A start record with an empty path opens a test labelled "", not one
 * without a label, which pat.h reserves for tests named later (found by
 * fuzz_patterns: the test was closed never named), and its path, an
 * empty buffer, is compared without passing NULL to memcmp (found by
 * fuzz_patterns: UBSan).
 */
static void
empty_path_is_an_empty_label(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(start):{}:LOG*}\n");
	/* Compared with the empty path: no memcmp of its NULL (UBSan). */
	t_pat_feed(&r, 1, "x ok 1 /a\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open '' runnable", "bytes L0 fd1 'x ok 1 /a\\n'",
	    "close fail reason='exit status 1'",
	    "verdict fail reason='the program ended before all its tests ran: "
	    "exit status 1'");
	t_pat_end(&r);
}

static void
cut_lines_are_chatter(void)
{
	static const char piece[] = "ok 1 /a";

	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_line(&r, 1, piece, 7, PAT_LINE_CUT, 0);
	t_pat_line(&r, 2, "{*LOG(start):{/a}:LOG*}\n", 24,
	    PAT_LINE_CUT | PAT_LINE_EOL, 0);
	T_PAT_EVENTS(&r, "bytes L0 fd1 'ok 1 /a'",
	    "bytes L0 fd2 '{*LOG(start):{/a}:LOG*}\\n'");
	t_pat_end(&r);
}

static void
stop_record_shapes(void)
{
	/* Unknown result codes fail; a stop for another path is chatter. */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(start):{/a b}:LOG*}\n"
	    "{*LOG(stop):{/other}:(0;0;0):LOG*}\n"
	    "{*LOG(stop):{/a b}:{why: (not) }:{x}:(9;0;1e-06):LOG*}\n"
	    "{*LOG(start):{/c}:LOG*}\n{*LOG(stop):{/c}:(1;0;0):LOG*}\n"
	    "{*LOG(stop):{/c}:(1;0;0):LOG*}\n"
	    "{*LOG(future thing):{x}:LOG*}\n");
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a b' runnable",
	    "bytes L0 fd2 '{*LOG(stop):{/other}:(0;0;0):LOG*}\\n'",
	    "close fail reason='why: (not) }:{x'",
	    "open '/c' runnable", "close skip",
	    "bytes L0 fd2 '{*LOG(stop):{/c}:(1;0;0):LOG*}\\n'",
	    "bytes L0 fd2 '{*LOG(future thing):{x}:LOG*}\\n'",
	    "verdict success");
	t_pat_end(&r);
}

static void
first_error_is_the_reason(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(error):{outside}:LOG*}\n"
	    "{*LOG(start):{/x}:LOG*}\n{*LOG(error):{first}:LOG*}\n"
	    "{*LOG(error):{second}:LOG*}\n");
	t_pat_finish(&r, t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r, "open '/x' runnable",
	    "close fail reason='first; killed by signal SIGABRT'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGABRT'");
	t_pat_end(&r);
	/* A test's error is not the reason of a crash after it. */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_feed(&r, 2, "{*LOG(start):{/x}:LOG*}\n{*LOG(error):{mine}:LOG*}\n"
	    "{*LOG(stop):{/x}:(2;0;0):LOG*}\n");
	t_pat_finish(&r, t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r, "open '/x' runnable", "close fail",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGABRT'");
	t_pat_end(&r);
}

static void
late_halves_come_in_order(void)
{
	/*
	 * Stderr ahead: /a and /b closed by their stop records, their TAP
	 * lines due.  /b's line comes first: /a's was lost (it cannot come
	 * after /b's), so a line for /a is now chatter.
	 */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(start):{/a}:LOG*}\n"
	    "{*LOG(stop):{/a}:(0;0;0):LOG*}\n{*LOG(start):{/b}:LOG*}\n"
	    "{*LOG(stop):{/b}:(0;0;0):LOG*}\n");
	t_pat_feed(&r, 1, "ok 2 /b\nok 1 /a\n1..2\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/b' runnable", "close success",
	    "bytes L0 fd1 'ok 1 /a\\n'", "verdict success");
	t_pat_end(&r);
}

static void
later_glib_error_line_is_a_result(void)
{
	/* 2.76+: "not ok PATH - MSG" (no number) before "Bail out!". */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_feed(&r, 2, "{*LOG(start):{/x}:LOG*}\n");
	t_pat_feed(&r, 1, "not ok /x - ERROR:x.c:1:f: assertion failed\n"
	    "Bail out! ERROR:x.c:1:f: assertion failed\n");
	t_pat_finish(&r, t_pat_signaled(SIGABRT, false));
	T_PAT_EVENTS(&r, "open '/x' runnable",
	    "bytes L0 fd1 'Bail out! ERROR:x.c:1:f: assertion failed\\n'",
	    "close fail reason='ERROR:x.c:1:f: assertion failed; killed by s"
	    "ignal SIGABRT'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGABRT'");
	t_pat_end(&r);
}

static void
result_line_statuses(void)
{
	/*
	 * Without markers the TAP line is the result.  "# SKIPPED" is not
	 * "# SKIP" (the path goes on); TAP's "not ok # SKIP" is a failure;
	 * "ok # TODO" (GLib never prints it) a uxsuccess; out of GLib's
	 * numbering it is chatter.
	 */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 1, "ok 1 /a # SKIPPED\n"
	    "not ok 2 /b # SKIP no\n"
	    "ok 3 /c # TODO yes\n"
	    "ok 4 /d - fine\n"
	    "not ok 5 /e - why # SKIP\n"
	    "ok 6 /f # SKIP\n"
	    "not ok 7 /g # TODO\n"
	    "ok 9 /h\n"
	    "ok 8 /i\n"
	    "1..8\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open '/a # SKIPPED' runnable", "close success",
	    "open '/b' runnable", "close fail reason='no'",
	    "open '/c' runnable", "close uxsuccess reason='yes'",
	    "open '/d' runnable", "close success reason='fine'",
	    "open '/e' runnable", "close fail reason='why # SKIP'",
	    "open '/f' runnable", "close skip",
	    "open '/g' runnable", "close xfail",
	    "bytes L0 fd1 'ok 9 /h\\n'",
	    "open '/i' runnable", "close success",
	    "verdict success");
	t_pat_end(&r);
}

static void
result_must_name_the_open_test(void)
{
	/* "/a b", "/ab" and "/a # SKIPPED" are not "/a". */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(start):{/a}:LOG*}\n");
	t_pat_feed(&r, 1, "ok 1 /a b\nok 1 /ab\nok 1 /a # SKIPPED\n"
	    "xok 1 /ab\npartialnot ok 1 /a\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a}:(2;0;0):LOG*}\n");
	t_pat_finish(&r, t_pat_exited(1));
	T_PAT_EVENTS(&r, "open '/a' runnable",
	    "bytes L0 fd1 'ok 1 /a b\\n'", "bytes L0 fd1 'ok 1 /ab\\n'",
	    "bytes L0 fd1 'ok 1 /a # SKIPPED\\n'",
	    "bytes L0 fd1 'xok 1 /ab\\n'", "bytes L0 fd1 'partial'",
	    "close fail",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " exit status 1'");
	t_pat_end(&r);
}

static void
plan_counts_tests_that_started(void)
{
	/* Upfront plan 1..2: a crash in the second (last) test is its own. */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_feed(&r, 2, "{*LOG(start):{/a}:LOG*}\n");
	t_pat_feed(&r, 1, "ok 1 /a\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a}:(0;0;0):LOG*}\n"
	    "{*LOG(start):{/b}:LOG*}\n");
	t_pat_finish(&r, t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/b' runnable",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict success");
	t_pat_end(&r);
}

static void
emit_errors_stop_the_plug_in(void)
{
	for (int at = 1; at <= 4; at++) {
		struct pat *p = NULL;
		enum sw_status st;
		char err[64], reason[256];
		int rc = 0;

		memset(&r, 0, sizeof r);
		T_EQ_INT(pat_new(&pat_glib_ops, NULL, t_pat_emit, &r, &p, err,
		    sizeof err), 0);
		r.fail_at = at;
		for (size_t i = 0; i < NWRITES(segv_run) && rc == 0; i++)
			rc = pat_feed(p, segv_run[i].fd, segv_run[i].bytes,
			    strlen(segv_run[i].bytes));
		if (rc == 0)
			rc = pat_finish(p, &(struct pat_exit){ .signaled = true,
			    .signo = SIGSEGV }, &st, reason, sizeof reason);
		T_EQ_INT(rc, -EPIPE);
		T_EQ_INT(r.count, at);
		pat_free(p);
		t_pat_end(&r);
	}
}

/* /a ran; /a/b starts: a test a -p /a runs unasked, its open held back. */
static void
start_under_a_test(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 2, marked);
	t_pat_feed(&r, 2, "{*LOG(start):{/a}:LOG*}\n");
	t_pat_feed(&r, 1, "ok 1 /a\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a}:(0;0;0):LOG*}\n"
	    "{*LOG(start):{/a/b}:LOG*}\n");
}

static void
held_back_open_comes_with_what_the_test_does(void)
{
	/* Stdout is held with it; its first stderr line opens it. */
	start_under_a_test();
	t_pat_feed(&r, 1, "out\n");
	T_EQ_INT(r.count, 2);
	t_pat_feed(&r, 2, "err\n");
	t_pat_feed(&r, 1, "ok 2 /a/b\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a/b}:(0;0;0):LOG*}\n");
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/a/b' runnable", "bytes L0 fd1 'out\\n'",
	    "bytes L0 fd2 'err\\n'", "close success", "verdict success");
	t_pat_end(&r);
	/* A record (a g_test_message) opens it too. */
	start_under_a_test();
	t_pat_feed(&r, 2, "{*LOG(message):{hi}:LOG*}\n");
	T_CHECK(strstr(r.out, "open '/a/b' runnable\n") != NULL, "%s",
	    r.out);
	t_pat_end(&r);
	/* Its result, any but a skip by request, opens it. */
	start_under_a_test();
	t_pat_feed(&r, 1, "out\nok 2 /a/b # SKIP not here\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a/b}:{not here}:(1;0;0):LOG*}\n");
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/a/b' runnable", "bytes L0 fd1 'out\\n'",
	    "close skip reason='not here'");
	t_pat_end(&r);
	/* A crash in it: it opens and fails. */
	start_under_a_test();
	t_pat_finish(&r, t_pat_signaled(SIGSEGV, false));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/a/b' runnable",
	    "close fail reason='killed by signal SIGSEGV'",
	    "verdict fail reason='the program ended before all its tests ran:"
	    " killed by signal SIGSEGV'");
	t_pat_end(&r);
}

static void
held_back_stdout_is_bounded(void)
{
	static char line[40001];

	memset(line, 'x', sizeof line - 2);
	line[sizeof line - 2] = '\n';
	start_under_a_test();
	t_pat_feed(&r, 1, line);
	T_EQ_INT(r.count, 2);
	t_pat_feed(&r, 1, line);        /* 80,000 bytes: more than 64 KiB */
	T_EQ_INT(r.count, 5);
	T_CHECK(r.out && strstr(r.out, "open '/a/b' runnable\n"
	    "bytes L0 fd1 'xxx") != NULL, "%.200s", r.out ? r.out : "");
	t_pat_end(&r);
}

static void
skip_by_request_of_a_held_back_test(void)
{
	/* Its held stdout (not its own: it ran nothing) goes untied. */
	start_under_a_test();
	t_pat_feed(&r, 1, "late\nok 2 /a/b # SKIP by request (-s option)\n");
	t_pat_feed(&r, 2, "{*LOG(stop):{/a/b}:{by request (-s option)}:"
	    "(1;0;0):LOG*}\n");
	t_pat_feed(&r, 1, "1..2\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "bytes L0 fd1 'late\\n'", "verdict success");
	t_pat_end(&r);
	/* Stop record first: the result is consumed when it comes. */
	start_under_a_test();
	t_pat_feed(&r, 2, "{*LOG(stop):{/a/b}:{by request (-s option)}:"
	    "(1;0;0):LOG*}\n");
	t_pat_feed(&r, 1, "ok 2 /a/b # SKIP by request (-s option)\n1..2\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "verdict success");
	t_pat_end(&r);
	/* Only GLib's exact words: another reason is a skip. */
	start_under_a_test();
	t_pat_feed(&r, 1, "ok 2 /a/b # SKIP by request\n");
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/a/b' runnable");
	t_pat_end(&r);
	/* Without markers: the result alone, under a test that ran. */
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	t_pat_feed(&r, 1, "ok 1 /a\nok 2 /a/b # SKIP by request (-s option)\n"
	    "ok 3 /c # SKIP by request (-s option)\n1..3\n");
	t_pat_finish(&r, t_pat_exited(0));
	T_PAT_EVENTS(&r, "open '/a' runnable", "close success",
	    "open '/c' runnable", "close skip reason='by request (-s option)'",
	    "verdict success");
	t_pat_end(&r);
}

/* ---- listing ----------------------------------------------------------- */

static void
listing(void)
{
	struct pat_line err = { 2, "/on/stderr\n", 11, PAT_LINE_EOL, 0 };

	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	T_EQ_INT(pat_glib_ops.list_line(r.state, &err, t_pat_emit, &r), 0);
	/* Whole lines only: the LOG records come in pieces (no '/'). */
	for (size_t i = 0; i < NWRITES(basic_list); i++) {
		struct pat_line l = { basic_list[i].fd, basic_list[i].bytes,
			strlen(basic_list[i].bytes), PAT_LINE_EOL, 0 };

		if (l.len > 0 && l.text[l.len - 1] == '\n')
			T_EQ_INT(pat_glib_ops.list_line(r.state, &l,
			    t_pat_emit, &r), 0);
	}
	T_PAT_EVENTS(&r, "exists '/top'", "exists '/basic/pass'",
	    "exists '/basic/message'", "exists '/basic/skip'",
	    "exists '/basic/incomplete'", "exists '/basic/fail'",
	    "exists '/basic/fail-printf'", "exists '/basic/multiline'",
	    "exists '/basic/glued-stderr'", "exists '/basic/forge'",
	    "exists '/basic/nested'", "exists '/basic/nested/child'",
	    "exists '/basic/nested/deep/leaf'",
	    "exists '/fixture/setup-teardown'",
	    "exists '/fixture/fail-in-teardown'");
	t_pat_end(&r);
}

/* ---- selection --------------------------------------------------------- */

/*
 * select() on the ids and the listing (NULL-terminated; listed NULL: no
 * listing) into one string "a b c".
 */
static int
select_ids(const char *const *ids, const char *const *listed, char *out,
    size_t cap)
{
	struct sw_str v[16], l[32];
	struct pat_cmd c = PAT_CMD_INIT;
	size_t n = 0, nl = 0, len = 0;
	int rc;

	for (; ids[n]; n++)
		v[n] = sw_str_c(ids[n]);
	for (; listed && listed[nl]; nl++)
		l[nl] = sw_str_c(listed[nl]);
	rc = pat_glib_ops.select(v, n, listed ? l : NULL, nl, &c);
	out[0] = 0;
	for (size_t i = 0; i < c.nargs; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
		    i ? " " : "", c.args[i]);
	T_CHECK(c.nenv == 0, "environment set");
	pat_cmd_free(&c);
	return rc;
}

#define T_SELECT(want, ...)                                                   \
	do {                                                                  \
		char got_[512];                                               \
		T_EQ_INT(select_ids((const char *const[]){ __VA_ARGS__,       \
		    NULL }, NULL, got_, sizeof got_), 0);                     \
		T_PAT_STR(got_, want);                                        \
	} while (0)

/* T_SELECT with the listing `listed`. */
#define T_SELECT_LISTED(want, listed, ...)                                    \
	do {                                                                  \
		char got_[512];                                               \
		T_EQ_INT(select_ids((const char *const[]){ __VA_ARGS__,       \
		    NULL }, listed, got_, sizeof got_), 0);                   \
		T_PAT_STR(got_, want);                                        \
	} while (0)

static void
select_paths(void)
{
	T_SELECT("-p /basic/pass -p /top", "/basic/pass", "/top");
	/* A child of a selected path: its parent's -p runs it. */
	T_SELECT("-p /basic/nested", "/basic/nested", "/basic/nested/child");
	T_SELECT("-p /basic/nested", "/basic/nested/child", "/basic/nested");
	/* Not a grandchild: -p goes one level down. */
	T_SELECT("-p /basic/nested -p /basic/nested/deep/leaf",
	    "/basic/nested", "/basic/nested/deep/leaf");
	/* A chain: every other one. */
	T_SELECT("-p /a -p /a/b/c", "/a", "/a/b", "/a/b/c");
	T_SELECT("-p /a/b -p /a/b/c/d", "/a/b", "/a/b/c", "/a/b/c/d");
	/* "/subprocess" paths run only when named. */
	T_SELECT("-p /a -p /a/subprocess", "/a", "/a/subprocess");
	/* Duplicates once; ids that cannot be paths are ignored. */
	T_SELECT("-p /x -p /y", "/x", "", "x", "/x", "/y");
	/* Nothing to run: a path that matches no test. */
	T_SELECT("-p /", "", "not/a/path");
	T_SELECT("-p /", NULL);
	/* Spaces and the like are the program's business. */
	T_SELECT("-p /a b -p /-k", "/a b", "/-k");
}

static void
select_skips_what_a_path_runs_unasked(void)
{
	static const char *const basic[] = { "/top", "/basic/pass",
		"/basic/nested", "/basic/nested/child",
		"/basic/nested/deep/leaf", NULL };
	static const char *const tree[] = { "/a", "/a/b", "/a/b/c",
		"/a/b/d", "/a/x", "/a/subprocess", "/a/subprocess/y", "/a/x",
		"/b", "x", "", NULL };

	/* -p /basic/nested also runs /basic/nested/child: skip it. */
	T_SELECT_LISTED("-p /basic/nested -s /basic/nested/child", basic,
	    "/basic/nested");
	T_SELECT_LISTED("-p /basic/nested", basic, "/basic/nested",
	    "/basic/nested/child");
	T_SELECT_LISTED("-p /basic/nested/child -p /top", basic,
	    "/basic/nested/child", "/top");
	/*
	 * Only the direct children of a -p path, each once; not one whose
	 * parent is covered, not "/subprocess" paths, not what cannot be a
	 * path.
	 */
	T_SELECT_LISTED("-p /a -p /a/b/c -s /a/x", tree, "/a", "/a/b",
	    "/a/b/c");
	T_SELECT_LISTED("-p /a/b -s /a/b/c -s /a/b/d", tree, "/a/b");
	/* Nothing selected: nothing to skip. */
	T_SELECT_LISTED("-p /", tree, "x");
	/* An empty listing is a listing: nothing to skip. */
	T_SELECT_LISTED("-p /a", (const char *const[]){ NULL }, "/a");
}

static void
select_id_with_nul_is_ignored(void)
{
	struct sw_str v[2] = { { "/a\0b", 4 }, { "/c", 2 } };
	struct sw_str l[2] = { { "/c/\0", 4 }, { "/a\0b/x", 6 } };
	struct pat_cmd c = PAT_CMD_INIT;

	T_EQ_INT(pat_glib_ops.select(v, 2, l, 2, &c), 0);
	T_EQ_INT(c.nargs, 2);
	if (c.nargs == 2)
		T_PAT_STR(c.args[1], "/c");
	pat_cmd_free(&c);
}

static void
select_too_long(void)
{
	/* 2 ids: 2 * ("-p" + NUL + id + NUL) = 100,000 bytes, the most. */
	static char a[49997], b[49997];
	struct sw_str v[2];
	struct pat_cmd c = PAT_CMD_INIT;

	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	a[0] = b[0] = '/';
	v[0] = (struct sw_str){ a, sizeof a - 1 };
	v[1] = (struct sw_str){ b, sizeof b - 1 };
	T_EQ_INT(pat_glib_ops.select(v, 2, NULL, 0, &c), 0);
	T_EQ_INT(c.nargs, 4);
	pat_cmd_free(&c);
	v[1].len++;
	T_EQ_INT(pat_glib_ops.select(v, 2, NULL, 0, &c), -E2BIG);
	T_EQ_INT(c.nargs, 0);           /* nothing half-added */
	pat_cmd_free(&c);
	T_EQ_INT(pat_glib_ops.select_max, 0);
}

static void
select_too_long_to_skip(void)
{
	/* Children /p/a..., /p/c... and /q/b... of 49,996 bytes. */
	static char a[49997], b[49997], c2[49997];
	struct sw_str v[2] = { { "/p", 2 }, { "/q", 2 } }, l[5];
	struct pat_cmd c = PAT_CMD_INIT;

	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	memset(c2, 'c', sizeof c2);
	memcpy(a, "/p/", 3);
	memcpy(b, "/q/", 3);
	memcpy(c2, "/p/", 3);
	l[0] = v[0];
	l[1] = (struct sw_str){ a, sizeof a - 1 };
	l[2] = v[1];
	l[3] = (struct sw_str){ b, sizeof b - 1 };
	l[4] = (struct sw_str){ c2, sizeof c2 - 1 };
	/* -p /p -s /p/a...: 50,006 bytes. */
	T_EQ_INT(pat_glib_ops.select(v, 1, l, 4, &c), 0);
	T_EQ_INT(c.nargs, 4);
	pat_cmd_free(&c);
	/* /p and /q with their -s: too long; smaller runs skip less. */
	T_EQ_INT(pat_glib_ops.select(v, 2, l, 4, &c), -E2BIG);
	T_EQ_INT(c.nargs, 0);
	pat_cmd_free(&c);
	/* One -p whose two -s do not fit: its children run, unskipped. */
	T_EQ_INT(pat_glib_ops.select(v, 1, l, 5, &c), 0);
	T_EQ_INT(c.nargs, 2);
	if (c.nargs == 2)
		T_PAT_STR(c.args[1], "/p");
	pat_cmd_free(&c);
}

/* ---- the table --------------------------------------------------------- */

static void
how_the_program_is_driven(void)
{
	const char *const *a = pat_glib_ops.run_args;

	T_PAT_STR(pat_glib_ops.name, "glib");
	T_CHECK(!pat_glib_ops.whole_program, "whole_program");
	T_CHECK(a && a[0] && a[1] && a[2] && !a[3], "run_args");
	if (a && a[0] && a[1] && a[2]) {
		T_PAT_STR(a[0], "--tap");
		T_PAT_STR(a[1], "-k");
		T_PAT_STR(a[2], "--debug-log");
	}
	a = pat_glib_ops.list_args;
	T_CHECK(a && a[0] && !a[1], "list_args");
	if (a && a[0])
		T_PAT_STR(a[0], "-l");
	T_CHECK(pat_glib_ops.env_unset == NULL, "env_unset");
	T_CHECK(pat_glib_ops.env_set == NULL, "env_set");
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, "strict"), -EINVAL);
	T_PAT_STR(r.err, "glib: unknown option 'strict'");
	t_pat_end(&r);
}

/*
 * Exit status 77 before any test: the program skipped itself (Debian's
 * gdbus-threading); after a test started, 77 is judged like any exit.
 */
static void
exit_77_before_any_test_is_a_skip(void)
{
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "# random seed: R02S0\n"
	    "ok 1 # SKIP all tests skipped\n"), 0);
	t_pat_finish(&r, t_pat_exited(77));
	t_pat_drop_bytes(&r);
	T_PAT_EVENTS(&r, "verdict skip reason='the program skipped itself "
	    "before any test: exit status 77'");
	t_pat_end(&r);
	T_EQ_INT(t_pat_start(&r, &pat_glib_ops, NULL), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "1..1\n# Start of a tests\n"), 0);
	T_EQ_INT(t_pat_feed(&r, 1, "ok 1 /a/b\n"), 0);
	t_pat_finish(&r, t_pat_exited(77));
	t_pat_drop_bytes(&r);
	T_CHECK(r.out != NULL && strstr(r.out, "verdict skip") == NULL,
	    "after a test, 77 is no skip: %s", r.out ? r.out : "(nothing)");
	t_pat_end(&r);
}

int
main(void)
{
	T_RUN(every_outcome_in_program_order);
	T_RUN(exit_77_before_any_test_is_a_skip);
	T_RUN(without_markers_tests_open_at_their_result);
	T_RUN(assertion_fails_the_running_test);
	T_RUN(fatal_warning_fails_the_running_test);
	T_RUN(crash_without_marker_fails_the_running_test);
	T_RUN(exit_zero_inside_a_test_is_a_failure);
	T_RUN(timeout_fails_the_running_test);
	T_RUN(abort_after_a_failure_without_keep_going);
	T_RUN(fatal_error_before_any_test);
	T_RUN(selected_run_has_its_plans_at_the_end);
	T_RUN(crash_in_a_selected_run_then_the_rest);
	T_RUN(crash_in_the_second_selected_group);
	T_RUN(overlapping_selection_runs_a_test_twice);
	T_RUN(random_names_do_not_round_trip);
	T_RUN(skipped_by_request_is_not_reported);
	T_RUN(users_skip_by_request);
	T_RUN(pipe_order_does_not_change_results);
	T_RUN(pipe_order_stdout_first_in_detail);
	T_RUN(verdict_when_every_test_ran);
	T_RUN(verdict_without_glib_output_or_plan);
	T_RUN(record_cut_short_is_chatter);
	T_RUN(record_longer_than_4k_is_chatter);
	T_RUN(records_need_the_binary_record);
	T_RUN(cut_lines_are_chatter);
	T_RUN(stop_record_shapes);
	T_RUN(first_error_is_the_reason);
	T_RUN(late_halves_come_in_order);
	T_RUN(later_glib_error_line_is_a_result);
	T_RUN(result_line_statuses);
	T_RUN(result_must_name_the_open_test);
	T_RUN(plan_counts_tests_that_started);
	T_RUN(emit_errors_stop_the_plug_in);
	T_RUN(held_back_open_comes_with_what_the_test_does);
	T_RUN(held_back_stdout_is_bounded);
	T_RUN(skip_by_request_of_a_held_back_test);
	T_RUN(listing);
	T_RUN(select_paths);
	T_RUN(select_skips_what_a_path_runs_unasked);
	T_RUN(select_id_with_nul_is_ignored);
	T_RUN(select_too_long);
	T_RUN(select_too_long_to_skip);
	T_RUN(how_the_program_is_driven);
	T_RUN(empty_path_is_an_empty_label);
	return t_done();
}

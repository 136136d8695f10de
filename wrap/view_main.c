/*
 * subunit-view: show a subunit v2 stream read on standard input as a
 * human-readable trace, as the live view, or only its counts, and with
 * --junit FILE write it as JUnit XML too.  The only file of the viewer
 * that talks to the user; view_state.c does the bookkeeping and the trace,
 * view_live.c the live view (the one subunit-wrap shows on a terminal),
 * view_junit.c the XML.
 *
 * Input is read with read(2) in 64 KiB chunks straight into the decoder
 * (which parses packets in place), output goes through stdio with a 64 KiB
 * buffer, flushed when the input goes quiet so a live stream shows live.
 * The live view waits for input with poll(2), at most until its progress
 * line is due (live_next_ms), so its clocks move while the input is quiet.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sw_dec.h"
#include "view_junit.h"
#include "view_live.h"
#include "view_state.h"

#define VIEW_CHUNK (64 * 1024)

/* Exit statuses; the usage text documents them. */
enum {
	EXIT_PASSED = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_IO = 3,
};

#define USAGE_LINE \
    "usage: subunit-view [--format trace|text] [--stats] [--junit FILE] " \
    "< STREAM\n"

static const char usage_text[] =
    USAGE_LINE
    "\n"
    "Show the subunit v2 stream on standard input.  The trace: one line\n"
    "per finished test (status, id, route code, duration), the attachments\n"
    "of failed tests under it, text that belongs to no test as it comes,\n"
    "and at the end \"N passed, N failed, N skipped\".  Passed counts\n"
    "success and xfail; failed counts fail, uxsuccess, parser errors and\n"
    "tests still in progress at the end; exists packets are not counted.\n"
    "\n"
    "  --format trace|text\n"
    "                 trace (the default when standard output is not a\n"
    "                 terminal) or the live view (the default on a\n"
    "                 terminal): a progress line at the bottom (done,\n"
    "                 passed, failed, skipped, elapsed, the test running\n"
    "                 and for how long), each failure above it as it\n"
    "                 happens with its reason and the last lines of its\n"
    "                 output, and a summary; colour on a terminal unless\n"
    "                 NO_COLOR is set or TERM is dumb; not with --stats\n"
    "  --stats        print only the closing line\n"
    "  --junit FILE   also write the results to FILE as JUnit XML (GitLab,\n"
    "                 Jenkins): one <testsuite>, a <testcase> per finished\n"
    "                 test or subtest, classname and name from its id\n"
    "                 (\"t/a.t (2 - adds)\": t/a.t, 2 - adds; \"Suite.Name\":\n"
    "                 Suite, Name), <failure>, <skipped>, <error> for a test\n"
    "                 still running at the end, stdout and stderr in\n"
    "                 <system-out>, <system-err>.  FILE is replaced whole\n"
    "                 once the stream has ended\n"
    "  --help         print this help and exit\n"
    "\n"
    "Exit status: 0 if no test failed, 1 if any did, 2 for a usage error,\n"
    "3 if the input could not be read, the output or the --junit FILE\n"
    "could not be written or memory ran out.\n";

static void
usage_error(void)
{
	fputs(USAGE_LINE
	    "Try 'subunit-view --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* sw_dec callback: hand each event to the view. */
static int
on_event(void *ctx, const struct sw_packet *ev)
{
	return view_event(ctx, ev);
}

static void
check_output(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EXIT_IO, "write standard output");
}

/* A negative errno from the decoder or the view: out of memory. */
static void
check_rc(int rc)
{
	if (rc == 0)
		return;
	errno = rc < 0 ? -rc : EIO;
	err(EXIT_IO, "decode standard input");
}

/* The live view and the view behind --junit, fed together. */
struct view_both {
	struct live *live;
	struct view *view;         /* NULL: no --junit */
};

/* sw_dec callback of the live view. */
static int
on_live_event(void *ctx, const struct sw_packet *ev)
{
	struct view_both *b = ctx;
	int rc;

	if ((rc = live_event(b->live, ev)) != 0 || b->view == NULL)
		return rc;
	return view_event(b->view, ev);
}

/*
 * Wait until standard input is readable, ticking the live view whenever
 * its progress line is due.
 */
static void
wait_input(struct live *l)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int rc;

	for (;;) {
		rc = poll(&pfd, 1, live_next_ms(l));
		if (rc < 0 && errno != EINTR)
			err(EXIT_IO, "poll standard input");
		if (rc > 0)
			return;
		live_tick(l);
		check_output();
	}
}

/* Decode standard input to the end (the live view: l not NULL). */
static void
view_input(struct sw_dec *dec, bool live, struct live *l)
{
	static unsigned char buf[VIEW_CHUNK];
	ssize_t n;

	for (;;) {
		if (l != NULL)
			wait_input(l);
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err(EXIT_IO, "read standard input");
		if (n == 0)
			break;
		check_rc(sw_dec_feed(dec, buf, (size_t)n));
		if (live && (size_t)n < sizeof(buf)) {
			/* The writer paused: show what we have. */
			check_rc(sw_dec_flush(dec));
			check_output();
		}
		if (l != NULL) {
			live_tick(l);
			check_output();
		}
	}
	check_rc(sw_dec_finish(dec));
}

/* --format text: the live view (view_live.h).  Returns the exit status. */
static int
run_live(struct junit *junit, const char *junit_path)
{
	struct live_opts lo;
	struct live_counts counts;
	struct view_both b = { NULL, NULL };
	struct sw_dec *dec;
	int rc;

	live_opts_for(STDOUT_FILENO, &lo);
	if ((b.live = live_new(stdout, &lo)) == NULL ||
	    (junit != NULL && (b.view = view_new(NULL, true)) == NULL) ||
	    (dec = sw_dec_new(on_live_event, &b)) == NULL)
		err(EXIT_IO, NULL);
	if (junit != NULL)
		view_set_report(b.view, junit_case, junit);
	view_input(dec, true, b.live);
	check_rc(live_finish(b.live));
	if (b.view != NULL)
		check_rc(view_finish(b.view));
	check_output();
	if (junit != NULL && (rc = junit_close(junit)) < 0) {
		errno = -rc;
		err(EXIT_IO, "cannot write %s", junit_path);
	}
	live_get_counts(b.live, &counts);
	sw_dec_free(dec);
	view_free(b.view);
	live_free(b.live);
	return counts.failed != 0 ? EXIT_FAILED : EXIT_PASSED;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "junit", required_argument, NULL, 'j' },
		{ "stats", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	static char outbuf[VIEW_CHUNK];
	struct view_counts counts;
	struct sw_dec *dec;
	struct view *v;
	struct junit *junit = NULL;
	const char *junit_path = NULL, *format = NULL;
	bool stats = false, text;
	int ch, rc;

	/* getopt's messages name argv[0]; err(3)'s the short name: agree. */
	if (argc > 0)
		argv[0] = program_invocation_short_name;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_text, stdout);
			check_output();
			return EXIT_PASSED;
		case 'f':
			if (strcmp(optarg, "trace") != 0 &&
			    strcmp(optarg, "text") != 0) {
				warnx("--format: '%s' is not trace or text",
				    optarg);
				usage_error();
			}
			format = optarg;
			break;
		case 'j':
			junit_path = optarg;
			break;
		case 's':
			stats = true;
			break;
		default:
			usage_error();
		}
	}
	if (optind < argc) {
		warnx("unexpected operand '%s' (the stream is read from "
		    "standard input)", argv[optind]);
		usage_error();
	}
	if (stats && format != NULL && strcmp(format, "text") == 0) {
		warnx("--stats and --format text exclude each other");
		usage_error();
	}
	/* The live view on a terminal, unless told otherwise. */
	text = format != NULL ? strcmp(format, "text") == 0 :
	    !stats && isatty(STDOUT_FILENO) == 1;

	/* A report that cannot be written fails before reading anything. */
	if (junit_path != NULL && (rc = junit_open(junit_path, &junit)) < 0) {
		errno = -rc;
		err(EXIT_IO, "cannot write %s", junit_path);
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (text)
		return run_live(junit, junit_path);
	if ((v = view_new(stdout, stats)) == NULL ||
	    (dec = sw_dec_new(on_event, v)) == NULL)
		err(EXIT_IO, NULL);
	if (junit != NULL)
		view_set_report(v, junit_case, junit);
	view_input(dec, !stats, NULL);
	check_rc(view_finish(v));
	check_output();
	if (junit != NULL && (rc = junit_close(junit)) < 0) {
		errno = -rc;
		err(EXIT_IO, "cannot write %s", junit_path);
	}
	view_get_counts(v, &counts);
	sw_dec_free(dec);
	view_free(v);
	return counts.failed != 0 ? EXIT_FAILED : EXIT_PASSED;
}

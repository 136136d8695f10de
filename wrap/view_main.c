/*
 * subunit-view: show a subunit v2 stream read on standard input as a
 * human-readable trace, or only its counts, and with --junit FILE write it
 * as JUnit XML too.  The only file of the viewer that talks to the user;
 * view_state.c does the bookkeeping and rendering, view_junit.c the XML.
 *
 * Input is read with read(2) in 64 KiB chunks straight into the decoder
 * (which parses packets in place), output goes through stdio with a 64 KiB
 * buffer, flushed when the input goes quiet so a live stream shows live.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sw_dec.h"
#include "view_junit.h"
#include "view_state.h"

#define VIEW_CHUNK (64 * 1024)

/* Exit statuses; the usage text documents them. */
enum {
	EXIT_PASSED = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_IO = 3,
};

#define USAGE_LINE "usage: subunit-view [--stats] [--junit FILE] < STREAM\n"

static const char usage_text[] =
    USAGE_LINE
    "\n"
    "Show the subunit v2 stream on standard input: one line per finished\n"
    "test (status, id, route code, duration), the attachments of failed\n"
    "tests under it, text that belongs to no test as it comes, and at the\n"
    "end \"N passed, N failed, N skipped\".  Passed counts success and\n"
    "xfail; failed counts fail, uxsuccess, parser errors and tests still\n"
    "in progress at the end; exists packets are not counted.\n"
    "\n"
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

/* Decode standard input to the end into v. */
static void
view_input(struct sw_dec *dec, bool live)
{
	static unsigned char buf[VIEW_CHUNK];
	ssize_t n;

	for (;;) {
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
	}
	check_rc(sw_dec_finish(dec));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
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
	const char *junit_path = NULL;
	bool stats = false;
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

	/* A report that cannot be written fails before reading anything. */
	if (junit_path != NULL && (rc = junit_open(junit_path, &junit)) < 0) {
		errno = -rc;
		err(EXIT_IO, "cannot write %s", junit_path);
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if ((v = view_new(stdout, stats)) == NULL ||
	    (dec = sw_dec_new(on_event, v)) == NULL)
		err(EXIT_IO, NULL);
	if (junit != NULL)
		view_set_report(v, junit_case, junit);
	view_input(dec, !stats);
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

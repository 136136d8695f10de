/*
 * subunit-wrap: run unmodified test programs and write what they do as a
 * subunit v2 stream on standard output.  The only file of the command that
 * talks to the user (err/errx/warnx on stderr); wrap_detect.c tells what
 * a program is, wrap_run.c supervises the programs, wrap_job.c plans each
 * program's runs, wrap_spawn.c starts them, wrap_list.c reads --load-list
 * files, wrap_emit.c writes the packets, wrap_show.c shows them as the
 * live view instead (--format text, the default on a terminal).
 *
 * Everything that can be wrong with the command line is found before the
 * first byte goes to stdout (DESIGN.md, invariant 6): options, the pattern
 * (file), the list file, and every program (found, executable).  Without
 * --pattern each program gets the classifier of the framework it links
 * (wrap_detect.h), or the default.  Then either the tests are listed
 * (--list) or the programs are run.
 *
 * Assumes: Linux, glibc, libbsd (strtonum); the built-in plug-ins are
 * reachable through pat_find(); a user pattern file is handled by the
 * built-in plug-in named WRAP_USER_PATTERN, which takes the file's text as
 * its options.
 */
#include <bsd/stdlib.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pat.h"
#include "sw_map.h"
#include "sw_side.h"
#include "sw_utf8.h"
#include "wrap_attach.h"
#include "wrap_detect.h"
#include "wrap_emit.h"
#include "wrap_list.h"
#include "wrap_run.h"
#include "wrap_show.h"
#include "wrap_spawn.h"

/* Exit statuses; the help text documents them. */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 2,
	EXIT_SYSTEM = 3,
	EXIT_LIST_FAILED = 4,
	EXIT_CANNOT_EXECUTE = 126,
	EXIT_NOT_FOUND = 127,
	EXIT_SIGNAL_BASE = 128,
	EXIT_OUTPUT_GONE = 128 + SIGPIPE,    /* 141, as a shell reports it */
};

/* The classifier when --pattern is not given. */
#define WRAP_DEFAULT_PATTERN "tap"
#define WRAP_SHIM_NAME "subunit-wrap-preload.so"
/* The plug-in that reads user pattern files (patterns/pat_user.c). */
#define WRAP_USER_PATTERN "user"
/* Pattern files are small; refuse anything bigger. */
#define WRAP_PATTERN_FILE_MAX (1024 * 1024)
/* -j upper bound: each job holds 2 pipes and a process tree. */
#define WRAP_JOBS_MAX 1024
/* --max-attachment bounds: below 4 MiB, what testr/stestr can store. */
#define WRAP_MAX_ATTACHMENT_MIN 1024
#define WRAP_MAX_ATTACHMENT_MAX (4000 * 1000)

static const char usage_text[] =
    "usage: subunit-wrap [OPTIONS] [--] PROGRAM [ARG...]\n"
    "       subunit-wrap [OPTIONS] --each PROGRAM...\n"
    "\n"
    "Run a test program and write what it does as a subunit v2 stream on\n"
    "standard output: every test and subtest with its start and its\n"
    "verdict, and every byte the program printed, attached to the test that\n"
    "was running (or to none); on a terminal, a live view of it instead\n"
    "(--format).  The program runs with stdin from /dev/null, stdout and\n"
    "stderr on pipes, in its own process group; whatever it leaves running\n"
    "is stopped at the end.\n"
    "\n"
    "  --list               print an `exists` packet for each runnable test\n"
    "                       and run nothing but the frameworks' own\n"
    "                       listings (googletest --gtest_list_tests, GLib\n"
    "                       -l); Check cannot list: its program is run\n"
    "                       with its output discarded, and stderr says so.\n"
    "                       With --load-list, only those selected.  If a\n"
    "                       listing fails (exit status, signal or timeout;\n"
    "                       for Check a signal, a timeout, or an exit\n"
    "                       status with no test run) nothing is written\n"
    "                       (exit 4)\n"
    "  --load-list FILE     run only the tests named in FILE, one id per\n"
    "                       line; unknown ids are ignored, \"ID (label)\"\n"
    "                       (a subtest) selects ID, a line that is not\n"
    "                       UTF-8 is read as latin-1 (testr 0.0.20).  A\n"
    "                       framework that can select (googletest, GLib,\n"
    "                       Check) runs just those tests; a program none\n"
    "                       of whose tests is named is not run.  Check is\n"
    "                       not listed first: each SUITE/TCASE the file\n"
    "                       names is one run\n"
    "  --pattern NAME|FILE  the classifier: a built-in NAME (tap, automake,\n"
    "                       exitcode, gtest, glib, check, cmocka, cunit,\n"
    "                       subunit: stdout is a v2 stream, forwarded with\n"
    "                       route codes prefixed) or a pattern FILE.  An\n"
    "                       argument with a '/' is a file; otherwise a\n"
    "                       built-in name wins over a file of the same\n"
    "                       name (say ./NAME).  Default: detected\n"
    "                       from the program file: a googletest, GLib,\n"
    "                       Check, cmocka or CUnit program gets its\n"
    "                       framework's classifier, subunit-wrap itself\n"
    "                       subunit; anything else (#! scripts too) tap,\n"
    "                       which falls back to the exit\n"
    "                       status when the program prints no TAP.  With\n"
    "                       --pattern tap, printing no TAP is a failure\n"
    "  --timeout SECONDS    fail a runnable test that runs longer (whole\n"
    "                       seconds, 0 for no limit: the default), stop the\n"
    "                       program (SIGTERM, SIGKILL 2 s later), go on\n"
    "                       with the rest (a framework's remaining tests:\n"
    "                       in a new run of the program).  For googletest,\n"
    "                       GLib and Check the limit is per test (Check:\n"
    "                       per SUITE/TCASE), and per stretch between tests\n"
    "                       (set-up, tear-down); a listing run gets it\n"
    "                       whole (Check's: per test)\n"
    "  --no-preload         pipe mode: do not load the capture shim (static and\n"
    "                       set-id programs always run in pipe mode)\n"
    "  --each               every operand is a test program of its own, run\n"
    "                       without arguments, each on its route code (0,\n"
    "                       1, ... in operand order)\n"
    "  -j N                 with --each: run N programs at once\n"
    "  --attach GLOB        after the programs ended, send every regular\n"
    "                       file matching GLOB (coverage data, logs) as an\n"
    "                       attachment with no test id, named by its path\n"
    "                       (application/octet-stream); repeatable\n"
    "  --parent-ids         subtest packets carry their parent test's id\n"
    "                       (the opt-in parent field, flag 0x0008; python-\n"
    "                       subunit ignores it)\n"
    "  --max-attachment SIZE\n"
    "                       keep at most SIZE bytes (K, M suffixes) of each\n"
    "                       test's stdout and of its stderr: the first and\n"
    "                       last halves, with a line saying how much was\n"
    "                       cut (default 0: keep everything; each named\n"
    "                       attachment continues in stdout.2, ... below\n"
    "                       4 MiB, which testr/stestr store)\n"
    "  --format v2|text     v2: the subunit v2 stream (the default when\n"
    "                       standard output is not a terminal); text: the\n"
    "                       live view (the default on a terminal, as\n"
    "                       subunit-view --format text shows it): a\n"
    "                       progress line (done, passed, failed, skipped,\n"
    "                       elapsed, the test running and for how long),\n"
    "                       each failure above it as it happens with its\n"
    "                       reason and the last lines of its output, then a\n"
    "                       summary (--list: the ids); colour unless\n"
    "                       NO_COLOR is set or TERM is dumb.  Exit statuses\n"
    "                       are the same\n"
    "  --help               print this help and exit\n"
    "\n"
    "Test ids: a TAP, automake, exit-code, cmocka or CUnit program is one\n"
    "runnable test whose id is the program as given without a leading\n"
    "\"./\" (./t/basic.t -> t/basic.t); its assertions or tests are\n"
    "subtests \"ID (LABEL)\".  googletest, GLib and Check tests are runnable\n"
    "tests of their own, named as the framework selects them (Suite.Name,\n"
    "/the/path, SUITE/TCASE with the test functions as subtests); with\n"
    "--each, prefixed \"PROGRAM::\".  When such a program dies in a test,\n"
    "that test fails and the program is run again for the tests it did not\n"
    "reach; tests it never reaches fail \"never ran\" (Check in fork\n"
    "mode, its default, needs none: a crash fails only its test; with\n"
    "CK_FORK=no it is listed in fork mode, then run a TCASE at a time).  A\n"
    "run that goes wrong outside any test (a crash between tests, no\n"
    "closing summary) is reported once as a failed, non-runnable test\n"
    "whose id is the program id.\n"
    "\n"
    "Exit status:\n"
    "  0       the programs ran (whether their tests passed or failed)\n"
    "  2       usage error, unreadable --load-list or bad pattern file\n"
    "  3       system error (out of memory, cannot start a process, cannot\n"
    "          write the output)\n"
    "  4       --list: a program's listing of its tests failed (exit\n"
    "          status, signal or timeout; nothing is written)\n"
    "  126     a program cannot be executed (a directory, not executable,\n"
    "          neither an ELF binary nor a #! script)\n"
    "  127     a program was not found\n"
    "  141     the reader of the output went away (the programs are\n"
    "          stopped, nothing more is written)\n"
    "  128+N   stopped by signal N (129 SIGHUP, 130 SIGINT, 143 SIGTERM),\n"
    "          after every running test got a verdict\n"
    "Errors are found before anything is written on standard output.\n";

/* The command line, parsed. */
struct wrap_opts {
	bool list;
	bool each;
	const char *load_list;           /* --load-list FILE, or NULL */
	const char *pattern;             /* --pattern, or NULL */
	unsigned timeout_secs;
	unsigned jobs;
	bool jobs_given;
	bool no_preload;                 /* --no-preload */
	bool parent_ids;                 /* --parent-ids */
	size_t max_attachment;           /* --max-attachment, 0: none */
	char **attach;                   /* --attach GLOBs */
	size_t nattach;
	const char *format;              /* --format v2|text, NULL: auto */
};

/* The programs named on the command line, and those selected to run. */
struct wrap_progs {
	struct run_prog *all;            /* one per program, operand order */
	size_t n;
	struct run_prog *sel;            /* copies of the selected ones */
	size_t nsel;
	char **argvs;                    /* --each: {operand, NULL} pairs */
	char *shim;                      /* the preload shim, or NULL */
};

/* The classifier chosen, with its options. */
struct wrap_pattern {
	const char *name;                /* for messages */
	const struct pat_ops *ops;
	const char *options;             /* NULL, "strict" or file text */
	char *file_text;                 /* owned copy of a pattern file */
	bool detect;                     /* no --pattern: per program */
};

/* Built-in classifiers a user may name (those pat_find knows). */
static const char *const wrap_builtins[] = {
	"tap", "automake", "exitcode", "gtest", "glib", "check", "cmocka",
	"cunit", "subunit",
};

static void
usage_error(void)
{
	fputs("usage: subunit-wrap [OPTIONS] [--] PROGRAM [ARG...]\n"
	    "       subunit-wrap [OPTIONS] --each PROGRAM...\n"
	    "Try 'subunit-wrap --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* The live view while it runs (--format text), for wrap_warn. */
static struct show *wrap_show;

/* wrap_run's warnings: one line on stderr each, above the live view. */
static void
wrap_warn(const char *msg)
{
	if (wrap_show != NULL)
		show_hold(wrap_show);
	warnx("%s", msg);
	if (wrap_show != NULL)
		show_release(wrap_show);
}

/*
 * The programs get fds 0..2 replaced anyway, but the pipes must never be
 * created as 0..2 (see wrap_spawn.h): fill closed ones with /dev/null.
 * A closed stdout is an error: there is nowhere to write the stream.
 */
static void
wrap_fix_stdio(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF) {
		/* Keep fd 1 taken while we complain. */
		(void)open("/dev/null", O_WRONLY);
		errx(EXIT_SYSTEM, "standard output is closed");
	}
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", O_RDWR) < 0)
			err(EXIT_SYSTEM, "/dev/null");
}

/*
 * Run by another subunit-wrap (a nested run), we inherited its side
 * channel (lib/sw_side.h): our programs must not write into it directly,
 * past us.  In preload mode they get our own channel in the environment;
 * in pipe mode (a static program whose dynamic children would load the
 * shim) they would find the outer one.  So the inherited fd is not passed
 * on, and its variables are removed.  The shim in this process, if any,
 * keeps using it for our own output: that is how it reaches the outer
 * wrapper.
 */
static void
wrap_forget_outer_channel(void)
{
	static const char *const vars[] = {
		SW_SIDE_ENV_FD, SW_SIDE_ENV_FD_ID, SW_SIDE_ENV_STDOUT,
		SW_SIDE_ENV_STDERR,
	};
	const char *s = getenv(SW_SIDE_ENV_FD);
	const char *errstr;
	long long fd;

	if (s != NULL) {
		fd = strtonum(s, 3, INT_MAX, &errstr);
		if (errstr == NULL)
			(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	}
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

/* A whole number in [min, max], or a usage error naming the option. */
static unsigned
wrap_number(const char *opt, const char *arg, long long min, long long max)
{
	const char *errstr;
	long long v;

	v = strtonum(arg, min, max, &errstr);
	if (errstr != NULL) {
		warnx("%s: '%s' is %s (expected a whole number from %lld to "
		    "%lld)", opt, arg, errstr, min, max);
		usage_error();
	}
	return (unsigned)v;
}

/*
 * A size for --max-attachment: digits with an optional K or M (1024,
 * 1048576), from WRAP_MAX_ATTACHMENT_MIN to WRAP_MAX_ATTACHMENT_MAX (a
 * kept attachment must stay below the 4 MiB consumers can store), or 0
 * for no cap.  Exits 2 otherwise.
 */
static size_t
wrap_size(const char *opt, const char *arg)
{
	unsigned long long v, mult = 1;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (end != arg && (*end == 'K' || *end == 'k'))
		mult = 1024, end++;
	else if (end != arg && (*end == 'M' || *end == 'm'))
		mult = 1024 * 1024, end++;
	if (errno || end == arg || *end != '\0' || arg[0] == '-' ||
	    (v != 0 && (v * mult < WRAP_MAX_ATTACHMENT_MIN ||
	    v * mult > WRAP_MAX_ATTACHMENT_MAX))) {
		warnx("%s: '%s' is not a size from %d to %d bytes (K and M "
		    "suffixes allowed), or 0", opt, arg,
		    WRAP_MAX_ATTACHMENT_MIN, WRAP_MAX_ATTACHMENT_MAX);
		usage_error();
	}
	return (size_t)(v * mult);
}

static void
wrap_add_attach(struct wrap_opts *o, char *glob)
{
	char **v = reallocarray(o->attach, o->nattach + 1, sizeof(*v));

	if (v == NULL)
		err(EXIT_SYSTEM, NULL);
	o->attach = v;
	o->attach[o->nattach++] = glob;
}

/* Parse the options; the operands start at argv[optind]. */
static void
wrap_parse(int argc, char **argv, struct wrap_opts *o)
{
	enum { OPT_LIST = 256, OPT_LOAD_LIST, OPT_PATTERN, OPT_TIMEOUT,
	    OPT_NO_PRELOAD, OPT_EACH, OPT_HELP, OPT_PARENT_IDS,
	    OPT_MAX_ATTACHMENT, OPT_ATTACH, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, OPT_LIST },
		{ "load-list", required_argument, NULL, OPT_LOAD_LIST },
		{ "pattern", required_argument, NULL, OPT_PATTERN },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "no-preload", no_argument, NULL, OPT_NO_PRELOAD },
		{ "each", no_argument, NULL, OPT_EACH },
		{ "parent-ids", no_argument, NULL, OPT_PARENT_IDS },
		{ "max-attachment", required_argument, NULL,
		    OPT_MAX_ATTACHMENT },
		{ "attach", required_argument, NULL, OPT_ATTACH },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->jobs = 1;
	/* '+': stop at the program, whose own options are its business. */
	while ((ch = getopt_long(argc, argv, "+j:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_LIST:
			o->list = true;
			break;
		case OPT_LOAD_LIST:
			o->load_list = optarg;
			break;
		case OPT_PATTERN:
			o->pattern = optarg;
			break;
		case OPT_TIMEOUT:
			o->timeout_secs = wrap_number("--timeout", optarg, 0,
			    INT_MAX / 1000);
			break;
		case OPT_NO_PRELOAD:
			o->no_preload = true;
			break;
		case OPT_EACH:
			o->each = true;
			break;
		case OPT_PARENT_IDS:
			o->parent_ids = true;
			break;
		case OPT_MAX_ATTACHMENT:
			o->max_attachment = wrap_size("--max-attachment",
			    optarg);
			break;
		case OPT_ATTACH:
			wrap_add_attach(o, optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "v2") != 0 &&
			    strcmp(optarg, "text") != 0) {
				warnx("--format: '%s' is not v2 or text",
				    optarg);
				usage_error();
			}
			o->format = optarg;
			break;
		case 'j':
			o->jobs = wrap_number("-j", optarg, 1, WRAP_JOBS_MAX);
			o->jobs_given = true;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			if (fflush(stdout) == EOF)
				err(EXIT_SYSTEM, "write standard output");
			exit(EXIT_OK);
		default:
			usage_error();
		}
	}
	if (o->jobs_given && !o->each) {
		warnx("-j needs --each");
		usage_error();
	}
	if (optind >= argc) {
		warnx(o->each ? "no PROGRAM given after --each" :
		    "no PROGRAM given");
		usage_error();
	}
}

/* ---- the classifier ------------------------------------------------ */

/*
 * Read a pattern file whole (it is small), as the user plug-in's options.
 * Errors exit 2: the user named a file that is not there or not usable.
 */
static char *
wrap_read_pattern_file(const char *path)
{
	char *text;
	size_t len = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(EXIT_USAGE, "pattern file %s", path);
	if ((text = malloc(WRAP_PATTERN_FILE_MAX + 1)) == NULL)
		err(EXIT_SYSTEM, NULL);
	while (len <= WRAP_PATTERN_FILE_MAX) {
		n = read(fd, text + len, WRAP_PATTERN_FILE_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err(EXIT_USAGE, "pattern file %s", path);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > WRAP_PATTERN_FILE_MAX)
		errx(EXIT_USAGE, "pattern file %s: larger than %d bytes", path,
		    WRAP_PATTERN_FILE_MAX);
	if (memchr(text, '\0', len) != NULL)
		errx(EXIT_USAGE, "pattern file %s: contains a NUL byte", path);
	text[len] = '\0';
	return text;
}

/* A pat_emit_fn that drops everything (validating a pattern). */
static int
wrap_drop_event(void *ctx, const struct pat_event *ev)
{
	(void)ctx;
	(void)ev;
	return 0;
}

/*
 * Create and free one instance: a bad pattern file is reported now, with
 * the line the plug-in names, not after the first packet.
 */
static void
wrap_check_pattern(const struct wrap_pattern *wp)
{
	char msg[512];
	struct pat *p;
	int rc;

	rc = pat_new(wp->ops, wp->options, wrap_drop_event, NULL, &p, msg,
	    sizeof(msg));
	if (rc == -ENOMEM)
		errx(EXIT_SYSTEM, "out of memory");
	if (rc < 0 && wp->file_text != NULL)
		errx(EXIT_USAGE, "pattern file %s: %s", wp->name,
		    msg[0] ? msg : strerror(-rc));
	if (rc < 0)
		errx(EXIT_USAGE, "pattern %s: %s", wp->name,
		    msg[0] ? msg : strerror(-rc));
	pat_free(p);
}

/*
 * Options a built-in gets when the user forces it with --pattern NAME
 * (pat_tap.h: "strict" makes a program without TAP fail).
 */
static const char *
wrap_forced_options(const char *name)
{
	return strcmp(name, "tap") == 0 ? "strict" : NULL;
}

/* "tap, automake, ...": the built-in names this build has. */
static const char *
wrap_builtin_names(void)
{
	static char names[256];
	size_t i, len = 0;

	for (i = 0; i < sizeof(wrap_builtins) / sizeof(wrap_builtins[0]);
	    i++) {
		if (pat_find(wrap_builtins[i]) == NULL)
			continue;
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", len ? ", " : "", wrap_builtins[i]);
		if (len >= sizeof(names))
			break;
	}
	return names;
}

/*
 * --pattern NAME|FILE.  A '/' means a file; else a built-in name; else
 * an existing file; else an error listing what exists.
 */
static void
wrap_choose_pattern(const char *arg, struct wrap_pattern *wp)
{
	struct stat st;

	memset(wp, 0, sizeof(*wp));
	wp->name = arg != NULL ? arg : WRAP_DEFAULT_PATTERN;
	wp->detect = arg == NULL;
	if (arg == NULL) {
		wp->ops = pat_find(WRAP_DEFAULT_PATTERN);
		if (wp->ops == NULL)
			errx(EXIT_SYSTEM, "built-in pattern '%s' is missing",
			    WRAP_DEFAULT_PATTERN);
		return;
	}
	if (strchr(arg, '/') == NULL && (wp->ops = pat_find(arg)) != NULL &&
	    strcmp(arg, WRAP_USER_PATTERN) != 0) {
		wp->options = wrap_forced_options(arg);
		return;
	}
	if (strchr(arg, '/') == NULL && stat(arg, &st) < 0) {
		warnx("--pattern: '%s' is neither a built-in pattern (%s) "
		    "nor a file", arg, wrap_builtin_names());
		usage_error();
	}
	wp->file_text = wrap_read_pattern_file(arg);
	wp->options = wp->file_text;
	if ((wp->ops = pat_find(WRAP_USER_PATTERN)) == NULL)
		errx(EXIT_SYSTEM, "pattern files are not supported (no '%s' "
		    "plug-in)", WRAP_USER_PATTERN);
}

/* ---- the programs -------------------------------------------------- */

/*
 * The test id of a program: as given, without leading "./", escaped as
 * every id in the stream is (sw_utf8_escape: a byte that is not UTF-8 or a
 * control character becomes \xNN), so that a --load-list line copied from
 * a stream names the program.  Escaping is idempotent, so the emitter's
 * own escaping leaves it as it is.  Allocated; exits when out of memory.
 */
static char *
wrap_program_id(const char *prog)
{
	struct sw_buf b = SW_BUF_INIT;

	while (prog[0] == '.' && prog[1] == '/' && prog[2] != '\0')
		prog += 2;
	if (sw_utf8_escape(prog, strlen(prog), &b) < 0 ||
	    sw_buf_append(&b, "", 1) < 0)
		errx(EXIT_SYSTEM, "out of memory");
	return (char *)b.data;
}

/* Find prog or exit 127 / 126 with one message, as a shell would. */
static char *
wrap_find_program(const char *prog)
{
	char msg[256];
	char *path;
	int rc;

	rc = spawn_find(prog, &path, msg, sizeof(msg));
	if (rc == -ENOMEM)
		errx(EXIT_SYSTEM, "out of memory");
	if (rc == -ENOENT)
		errx(EXIT_NOT_FOUND, "%s: %s", prog, msg);
	if (rc < 0)
		errx(EXIT_CANNOT_EXECUTE, "%s: %s", prog, msg);
	return path;
}

/*
 * The preload shim: $SUBUNIT_WRAP_PRELOAD (empty: none), else beside this
 * command: ../preload/ in the source tree, ../lib/subunit-wrap/ when
 * installed.  An absolute path, or NULL (pipe mode).
 */
static char *
wrap_find_shim(void)
{
	static const char *const rel[] = {
		"/../preload/" WRAP_SHIM_NAME,
		"/../lib/subunit-wrap/" WRAP_SHIM_NAME,
	};
	const char *env = getenv("SUBUNIT_WRAP_PRELOAD");
	char self[PATH_MAX], try[PATH_MAX + 64], *dir, *path;
	ssize_t n;

	if (env != NULL) {
		if (*env == '\0')
			return NULL;
		if ((path = realpath(env, NULL)) == NULL)
			err(EXIT_USAGE, "SUBUNIT_WRAP_PRELOAD=%s", env);
		return path;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return NULL;
	self[n] = '\0';
	if ((dir = strrchr(self, '/')) == NULL)
		return NULL;
	*dir = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(try, sizeof(try), "%s%s", self, rel[i]);
		if (access(try, R_OK) == 0 && (path = realpath(try, NULL)))
			return path;
	}
	return NULL;
}

/*
 * What the program file says (wrap_detect.h): false, with a note, when it
 * cannot be inspected (the program still runs, in pipe mode, with the
 * default classifier unless one was named).
 */
static bool
wrap_inspect(const char *path, const char *id, bool detect,
    struct detect_info *d)
{
	char msg[256];
	int rc;

	rc = detect_program(path, d, msg, sizeof(msg));
	if (rc == -ENOMEM)
		errx(EXIT_SYSTEM, "out of memory");
	if (rc < 0) {
		warnx("%s: cannot inspect it (%s); %s%s", id, msg,
		    detect ? "using the " WRAP_DEFAULT_PATTERN " classifier, " :
		    "", "in pipe mode");
		return false;
	}
	return true;
}

/*
 * The classifier of a program when --pattern is not given: the plug-in of
 * the framework it links, else the default.  A framework this build has
 * no plug-in for gets the default, with a note.
 */
static const struct pat_ops *
wrap_detect_pattern(const struct detect_info *d, const char *id,
    const struct pat_ops *dflt)
{
	const struct pat_ops *ops;
	const char *name = detect_pattern(d);

	if ((ops = pat_find(name)) != NULL)
		return ops;
	warnx("%s: a %s test program, but there is no %s classifier yet; "
	    "using %s", id, name, name, WRAP_DEFAULT_PATTERN);
	return dflt;
}

/*
 * Preload mode for the program, or pipe mode (p->preload NULL): the shim
 * loads only into dynamically linked programs of our ELF class that are
 * not set-id (the loader ignores LD_PRELOAD there).  An ASan program's
 * runtime must come first in LD_PRELOAD.
 */
static bool
wrap_preloadable(const struct detect_info *d)
{
	return d->dynamic && !d->setuid && !d->setgid &&
	    d->elf_bits == sizeof(void *) * 8;
}

static void
wrap_choose_mode(struct run_prog *p, const struct detect_info *d,
    const char *shim)
{
	if (shim == NULL || !wrap_preloadable(d))
		return;
	p->preload = shim;
	if (d->asan_runtime[0] != '\0' &&
	    (p->preload_first = strdup(d->asan_runtime)) == NULL)
		err(EXIT_SYSTEM, NULL);
}

/* The route code of the i-th operand with --each: "0", "1", ... */
static char *
wrap_route(size_t i)
{
	char *route;

	if (asprintf(&route, "%zu", i) < 0)
		err(EXIT_SYSTEM, NULL);
	return route;
}

/* The prefix that keeps framework test ids apart: "PROGRAM::". */
static char *
wrap_id_prefix(const char *id)
{
	char *prefix;

	if (asprintf(&prefix, "%s::", id) < 0)
		err(EXIT_SYSTEM, NULL);
	return prefix;
}

/*
 * The programs to consider: every operand with --each (run without
 * arguments), else the first operand with the rest as its arguments.
 * Each is found (or we exit) before anything is written.
 */
static void
wrap_programs(char **operands, size_t nops, const struct wrap_opts *o,
    const struct wrap_pattern *wp, struct wrap_progs *ps)
{
	char *shim = o->no_preload ? NULL : wrap_find_shim();
	const char *env = getenv("SUBUNIT_WRAP_PRELOAD");
	/* Preload mode wanted, but no shim beside us: say so, once. */
	bool missing = shim == NULL && !o->no_preload &&
	    !(env != NULL && *env == '\0');
	struct detect_info d;
	size_t i;

	memset(ps, 0, sizeof(*ps));
	ps->shim = shim;
	ps->n = o->each ? nops : 1;
	ps->all = calloc(ps->n, sizeof(*ps->all));
	ps->sel = calloc(ps->n, sizeof(*ps->sel));
	ps->argvs = calloc(2 * ps->n, sizeof(*ps->argvs));
	if (ps->all == NULL || ps->sel == NULL || ps->argvs == NULL)
		err(EXIT_SYSTEM, NULL);
	for (i = 0; i < ps->n; i++) {
		struct run_prog *p = &ps->all[i];

		p->path = wrap_find_program(operands[i]);
		p->id = wrap_program_id(operands[i]);
		p->ops = wp->ops;
		p->options = wp->options;
		if (wrap_inspect(p->path, p->id, wp->detect, &d)) {
			if (wp->detect)
				p->ops = wrap_detect_pattern(&d, p->id,
				    wp->ops);
			wrap_choose_mode(p, &d, shim);
			if (missing && wrap_preloadable(&d)) {
				warnx("no capture shim beside this command "
				    "(../preload/ or ../lib/subunit-wrap/): "
				    "pipe mode, without exact stdout/stderr "
				    "order or crash reports (SUBUNIT_WRAP_PRELOAD "
				    "names the shim; --no-preload is quiet)");
				missing = false;
			}
		}
		if (o->each) {
			ps->argvs[2 * i] = operands[i];
			p->argv = &ps->argvs[2 * i];
			p->route = wrap_route(i);
			if (!p->ops->whole_program)
				p->id_prefix = wrap_id_prefix(p->id);
		} else {
			p->argv = operands;
		}
	}
}

/*
 * Test ids must be unique within a run (DESIGN.md); the same program
 * twice breaks that.  Route codes still keep the runs apart, so warn
 * (once per program) and go on.
 */
static void
wrap_warn_duplicates(const struct wrap_progs *ps)
{
	static char warned;
	struct sw_map seen = SW_MAP_INIT;
	const char *id;
	void *val;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		id = ps->all[i].id;
		if (!sw_map_find(&seen, id, strlen(id), &val)) {
			if (sw_map_put(&seen, id, strlen(id), NULL, NULL) < 0)
				err(EXIT_SYSTEM, NULL);
		} else if (val == NULL) {
			warnx("--each: %s is given more than once: its test "
			    "ids repeat", id);
			sw_map_put(&seen, id, strlen(id), &warned, NULL);
		}
	}
	sw_map_free(&seen, NULL);
}

/* Free what wrap_programs allocated (path, route and prefix are ours). */
static void
wrap_free_programs(struct wrap_progs *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free((char *)ps->all[i].path);
		free((char *)ps->all[i].id);
		free((char *)ps->all[i].route);
		free((char *)ps->all[i].id_prefix);
		free((char *)ps->all[i].preload_first);
	}
	free(ps->shim);
	free(ps->all);
	free(ps->sel);
	free(ps->argvs);
}

/*
 * Is this program selected by --load-list?  A whole-program test is run
 * iff its id (or a subtest of it) is listed.  A framework that names its
 * own tests is decided by its job (wrap_job.h), after its listing.
 */
static bool
wrap_selected(const struct run_prog *p, const struct list *l)
{
	if (l == NULL)
		return true;
	if (p->ops->whole_program)
		return list_selects(l, p->id);
	return true;
}

/* The selected programs, in order (route codes unchanged). */
static void
wrap_select(struct wrap_progs *ps, const struct list *l)
{
	size_t i;

	ps->nsel = 0;
	for (i = 0; i < ps->n; i++)
		if (wrap_selected(&ps->all[i], l))
			ps->sel[ps->nsel++] = ps->all[i];
}

/* ---- listing and running ------------------------------------------- */

/*
 * --list for a classifier that cannot list: refuse, before any output.
 * A whole program is one test, its id; a framework lists its own (Check
 * by running its tests, wrap_job.h).
 */
static void
wrap_check_listable(const struct wrap_progs *ps)
{
	size_t i;

	for (i = 0; i < ps->nsel; i++) {
		const struct run_prog *p = &ps->sel[i];

		if (!p->ops->whole_program && p->ops->list_args == NULL &&
		    !p->ops->list_by_running)
			errx(EXIT_USAGE, "--list: %s: the %s classifier "
			    "cannot list its tests", p->id, p->ops->name);
	}
}

/*
 * Run them (or with --list, list them) and turn the outcome into the
 * exit status.
 */
static int
wrap_run(const struct run_prog *progs, size_t n, const struct wrap_opts *o,
    const struct list *list, int out_fd, struct emit_out *out)
{
	struct run_config cfg = {
		.list = o->list,
		.select = list,
		.timeout_secs = o->timeout_secs,
		.jobs = o->jobs,
		.out_fd = out_fd,
		.warn = wrap_warn,
	};
	struct run_result res;

	run_programs(progs, n, &cfg, out, &res);
	if (res.outcome == RUN_DONE && o->nattach > 0 && !o->list) {
		int rc = attach_files(o->attach, o->nattach, NULL, out,
		    wrap_warn);

		if (rc == -EPIPE)
			return EXIT_OUTPUT_GONE;
		if (rc < 0) {
			errno = -rc;
			warn("--attach");
			return EXIT_SYSTEM;
		}
	}
	switch (res.outcome) {
	case RUN_DONE:
		return EXIT_OK;
	case RUN_INTERRUPTED:
		return EXIT_SIGNAL_BASE + res.signo;
	case RUN_OUTPUT_GONE:
		return EXIT_OUTPUT_GONE;
	case RUN_LIST_FAILED:
		return EXIT_LIST_FAILED;
	case RUN_FAILED:
		break;
	}
	errno = -res.error;
	warn("%s", res.what != NULL ? res.what : "run");
	return EXIT_SYSTEM;
}

/*
 * --format text (the default when stdout is a terminal): start the live
 * view (wrap_show.h) and return the fd the stream goes to; stdout for v2.
 */
static int
wrap_start_show(const struct wrap_opts *o)
{
	struct live_opts lo;
	int rc;

	if (o->format != NULL ? strcmp(o->format, "text") != 0 :
	    isatty(STDOUT_FILENO) != 1)
		return STDOUT_FILENO;
	live_opts_for(STDOUT_FILENO, &lo);
	lo.list = o->list;
	if ((rc = show_start(stdout, &lo, &wrap_show)) < 0) {
		errno = -rc;
		err(EXIT_SYSTEM, "live view");
	}
	return show_fd(wrap_show);
}

/*
 * End the live view, if any (it prints its summary).  Its output failing
 * is the run's failure, as a failed write of the stream would be.
 */
static int
wrap_end_show(int status)
{
	struct show *s = wrap_show;
	int rc;

	if (s == NULL)
		return status;
	wrap_show = NULL;
	if ((rc = show_finish(s)) == 0)
		return status;
	if (rc == -EPIPE)
		return status == EXIT_OK ? EXIT_OUTPUT_GONE : status;
	/* The view stopped the run (141) or could not end: its error. */
	if (status != EXIT_OK && status != EXIT_OUTPUT_GONE)
		return status;
	errno = -rc;
	warn("write standard output");
	return EXIT_SYSTEM;
}

int
main(int argc, char **argv)
{
	struct wrap_pattern wp;
	struct wrap_progs ps;
	struct wrap_opts o;
	struct list *list = NULL;
	struct emit_out *out;
	char msg[256];
	int status, out_fd;

	/* getopt's messages name argv[0]; err(3)'s the short name: agree. */
	if (argc > 0)
		argv[0] = program_invocation_short_name;
	/* Before changing any signal state: the programs get it back. */
	spawn_save_signals();
	/* A vanished reader is an EPIPE from write, handled where it fails. */
	signal(SIGPIPE, SIG_IGN);
	wrap_fix_stdio();
	wrap_forget_outer_channel();

	wrap_parse(argc, argv, &o);
	wrap_choose_pattern(o.pattern, &wp);
	wrap_check_pattern(&wp);
	if (o.load_list != NULL &&
	    list_load(o.load_list, &list, msg, sizeof(msg)) < 0)
		errx(EXIT_USAGE, "--load-list %s: %s", o.load_list, msg);
	wrap_programs(&argv[optind], (size_t)(argc - optind), &o, &wp, &ps);
	wrap_warn_duplicates(&ps);
	wrap_select(&ps, list);
	if (o.list)
		wrap_check_listable(&ps);

	/* Nothing was written so far; from here on the stream is ours. */
	out_fd = wrap_start_show(&o);
	if ((out = emit_out_new(out_fd)) == NULL)
		err(EXIT_SYSTEM, NULL);
	emit_out_set_opts(out, &(struct emit_opts){
	    .parent_ids = o.parent_ids,
	    .max_attachment = o.max_attachment,
	});
	status = wrap_run(ps.sel, ps.nsel, &o, list, out_fd, out);
	emit_out_free(out);
	status = wrap_end_show(status);
	wrap_free_programs(&ps);
	list_free(list);
	free(wp.file_text);
	free(o.attach);
	return status;
}

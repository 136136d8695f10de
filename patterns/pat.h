/*
 * pat: the classifier plug-in interface, and the driver that feeds a
 * plug-in the bytes a test program writes.
 *
 * A plug-in is pure: bytes in, events out.  It never does I/O, never reads
 * a clock, holds no global state, so the same object runs inside the
 * wrapper (pipe mode) and inside the LD_PRELOAD shim, and unit tests feed
 * it byte strings.  The driver (pat_new/pat_feed/pat_finish) splits each
 * fd's bytes into lines and hands them to the plug-in one at a time.
 *
 * The events describe a tree of open tests, innermost last:
 *
 *   PAT_OPEN   a test starts, as a child of the innermost open test.
 *              In whole-program mode (ops->whole_program) the driver's
 *              caller has already opened the program's own runnable test
 *              (level 0) and every plug-in test is a non-runnable subtest;
 *              otherwise the plug-in opens the runnable tests (level 0)
 *              itself and says so with `runnable`.
 *              label.ptr == NULL means the label is only known later: a
 *              PAT_NAME event names the innermost open test before it
 *              closes (TAP14 subtests without "# Subtest:"); the caller
 *              holds back what it emits for that test until then.
 *   PAT_NAME   the label of the innermost open test (see above).
 *   PAT_CLOSE  the innermost open test ends with `status` (and, if
 *              reason.ptr, a message saying why, for failures the plug-in
 *              inferred: plan not met, killed by a signal, ...).
 *   PAT_EXISTS a runnable test the program can run (label = its id), from
 *              a listing run (ops->list_line); nothing is opened.
 *   PAT_BYTES  chatter: bytes the program wrote on `fd` (1 or 2) that are
 *              not protocol.  `level` says which open test owns them: 0 is
 *              the outermost (the program in whole-program mode, the running
 *              runnable test otherwise), PAT_INNERMOST the innermost.  If no
 *              test is open at that level the bytes are untied.
 *
 * Every byte fed is either in a PAT_BYTES event or part of a protocol line
 * the plug-in consumed (represented by the events it produced): nothing is
 * dropped, nothing is duplicated.
 *
 * Labels are raw bytes as the program printed them (the caller escapes
 * them into test ids); plug-ins trim surrounding white space.  The labels
 * of the children of one test must be unique: a plug-in that sees a name
 * again labels the repeats "NAME #2", "NAME #3", ... (only the plug-in
 * knows its names cheaply, e.g. TAP's numbers).
 *
 * Error convention: 0 or a negative errno; nothing here prints or exits.
 */
#ifndef PAT_H
#define PAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sw_packet.h"

/* Lines longer than this reach plug-ins in pieces, flagged PAT_LINE_CUT. */
#define PAT_LINE_MAX 65536u
/* PAT_BYTES level meaning "the innermost open test". */
#define PAT_INNERMOST 0xFFFFu

enum pat_kind {
	PAT_OPEN,
	PAT_NAME,
	PAT_CLOSE,
	PAT_BYTES,
	PAT_EXISTS,
};

struct pat_event {
	enum pat_kind kind;
	struct sw_str label;     /* OPEN (may be absent), NAME */
	bool runnable;           /* OPEN: a test the framework can select */
	enum sw_status status;   /* CLOSE */
	struct sw_str reason;    /* CLOSE: optional explanation */
	int fd;                  /* BYTES: 1 or 2 */
	unsigned level;          /* BYTES: owner, 0..depth-1 or PAT_INNERMOST */
	const uint8_t *bytes;    /* BYTES */
	size_t len;
};

/*
 * Receives each event; return 0 to go on, a negative errno to abort the
 * current pat_feed/pat_finish (which returns it).  *ev is valid only
 * during the call.
 */
typedef int (*pat_emit_fn)(void *ctx, const struct pat_event *ev);

/* How the program ended, for the plug-in's verdict. */
struct pat_exit {
	bool exited;             /* exit status in code */
	int code;
	bool signaled;           /* killed by signal signo */
	int signo;
	bool core_dumped;
	bool timed_out;          /* stopped by the wrapper's --timeout */
	unsigned timeout_secs;
	bool interrupted;        /* stopped because the wrapper was told to */
};

/*
 * The fds a plug-in sees: the program's stdout and stderr, and the
 * optional result side channel (ops->result_fifo_env).
 */
#define PAT_FD_STDOUT 1
#define PAT_FD_STDERR 2
#define PAT_FD_RESULTS 3

/* Flags of one line handed to a plug-in. */
#define PAT_LINE_EOL 0x1     /* ends with '\n' (included in the bytes) */
#define PAT_LINE_CUT 0x2     /* a piece of a line longer than PAT_LINE_MAX */

/* One line of output. */
struct pat_line {
	int fd;                  /* PAT_FD_STDOUT, _STDERR or _RESULTS */
	const char *text;        /* the bytes, including the '\n' if EOL */
	size_t len;
	unsigned flags;
	/*
	 * If the line was written in more than one write and the first part
	 * had no newline, the offset where the last write started (else 0):
	 * a protocol marker there, after chatter the running test printed
	 * without a newline, is still protocol.
	 */
	size_t soft_start;
};

/*
 * Command-line arguments and environment to add when running a program,
 * built by a plug-in (ops->select).  Strings are owned by the struct.
 */
struct pat_cmd {
	char **args;             /* appended after the user's arguments */
	size_t nargs, args_cap;
	char **env;              /* "NAME=value", set for the program */
	size_t nenv, env_cap;
};

#define PAT_CMD_INIT { NULL, 0, 0, NULL, 0, 0 }

/* Append a printf-formatted argument.  0 or -ENOMEM. */
int pat_cmd_arg(struct pat_cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set NAME=value for the program (replacing an earlier one).  0, -ENOMEM. */
int pat_cmd_env(struct pat_cmd *c, const char *name, const char *value);

/* Free everything; c is empty and reusable. */
void pat_cmd_free(struct pat_cmd *c);

struct pat_ops {
	const char *name;
	bool whole_program;      /* the program is the one runnable test */
	/*
	 * The program's stdout is a subunit v2 stream the caller forwards
	 * packet by packet (wrap/wrap_fwd.h); the plug-in sees only stderr
	 * (pat_subunit).
	 */
	bool forward_stdout;
	/*
	 * Arguments always appended when running the program (e.g.
	 * "--gtest_color=no"), NULL-terminated, or NULL.
	 */
	const char *const *run_args;
	/*
	 * Listing.  list_args: the arguments that make the program print its
	 * tests instead of running them (appended after run_args; NULL: the
	 * framework cannot list, the program is run whole).  list_line gets
	 * each line of that run's output (a fresh instance from create) and
	 * reports each runnable test as PAT_EXISTS with its id; the output of
	 * a listing run is never chatter.
	 */
	const char *const *list_args;
	int (*list_line)(void *state, const struct pat_line *l,
	    pat_emit_fn emit, void *ctx);
	/*
	 * Selection: add to *cmd what makes the program run exactly the
	 * tests ids[0..n) (their ids as listed / opened).  listed[0..nlisted)
	 * is every id the program's listing reported (the selected ones among
	 * them, in listing order; ids of earlier runs and ids --load-list
	 * left out included), or NULL and 0 when no listing is known (ids
	 * taken from a --load-list file): a framework whose selection also
	 * runs tests it was not asked for (GLib's -p runs a path's children)
	 * uses it to exclude the listed ones.  NULL: the framework cannot
	 * select.  select_max: how many ids one run can take (0: any number).
	 * Returns 0, -ENOMEM, or -E2BIG when the arguments would be too long
	 * (the caller then splits the ids in smaller runs).
	 */
	int (*select)(const struct sw_str *ids, size_t n,
	    const struct sw_str *listed, size_t nlisted, struct pat_cmd *cmd);
	size_t select_max;
	/*
	 * Listing by running, for a framework that cannot list without
	 * running its tests (Check): --list runs the program (run_args only)
	 * with its output discarded, says so on stderr, and reports the
	 * runnable tests the plug-in opened.  Exclusive with list_args.
	 */
	bool list_by_running;
	/*
	 * "NAME=value" variables set only for listing runs (NULL-terminated,
	 * or NULL): Check lists in fork mode (CK_FORK=yes) so a test that
	 * crashes the program in no-fork mode cannot stop the listing.
	 */
	const char *const *list_env;
	/*
	 * "NAME=value", or NULL: when the program will run with this
	 * variable (the wrapper's environment as env_unset and env_set
	 * change it), a full run is planned like --load-list: a listing run
	 * first, then tracked runs of select_max ids each, so a run that
	 * dies is blamed on exactly what it selected (Check: CK_FORK=no,
	 * where a crash stops the program and Check announces no tcase
	 * start).  Needs listing and select.
	 */
	const char *isolate_env;
	/*
	 * Entries the plug-in reports that are not tests (layers: a failed
	 * suite set-up, "Suite (set-up)") come back in --load-list files:
	 * testr keeps every failed id and passes it to `testr run --failing`.
	 * is_layer(label): is this (without a " #N" repeat suffix) the label
	 * of such an entry?  layer_selects(layer, id): does re-running that
	 * entry mean running test id (the tests the set-up prevented)?  NULL:
	 * the plug-in reports no layers.
	 */
	bool (*is_layer)(struct sw_str label);
	bool (*layer_selects)(struct sw_str layer, struct sw_str id);
	/*
	 * A result side channel (Check's CK_XML_LOG_FILE_NAME): when set,
	 * the caller makes a FIFO in a private directory, sets this variable
	 * to its path in the program's environment, and hands the plug-in
	 * each line written to it as fd PAT_FD_RESULTS, in arrival order with
	 * the other fds.  Those bytes are protocol: a plug-in emits them as
	 * chatter only if they are not results.  NULL: no side channel.
	 */
	const char *result_fifo_env;
	/*
	 * Environment for the framework: variables to remove, and
	 * "NAME=value" strings to set (NULL-terminated lists, or NULL).
	 */
	const char *const *env_unset;
	const char *const *env_set;
	/*
	 * Allocate the state into *state.  `options` is plug-in specific text
	 * (a user pattern file's contents) or NULL.  Returns 0, -ENOMEM, or
	 * -EINVAL with a one-line message (naming the line) in err.
	 */
	int (*create)(const char *options, void **state, char *err,
	    size_t err_cap);
	/* Classify one line. */
	int (*line)(void *state, const struct pat_line *l, pat_emit_fn emit,
	    void *ctx);
	/*
	 * The program ended: close every open test (PAT_CLOSE events) and
	 * give the program's own verdict in *status and reason (a
	 * NUL-terminated message of at most reason_cap bytes, "" if none).
	 * In whole-program mode that is the program test's status.  Otherwise
	 * it says whether the run as a whole went wrong outside any test (a
	 * crash between tests, a missing summary, a failed global set-up);
	 * the caller reports a failure as a non-runnable entry named after
	 * the program, so nothing is lost and testr never re-runs it.  A
	 * plug-in may also give SW_STATUS_SKIP: the program skipped itself
	 * before any test (exit status 77); the caller reports a skipped
	 * entry and runs nothing more.
	 */
	int (*finish)(void *state, const struct pat_exit *ex, pat_emit_fn emit,
	    void *ctx, enum sw_status *status, char *reason, size_t reason_cap);
	void (*destroy)(void *state);
};

/*
 * A plug-in by name: "tap", "automake", "exitcode", "user" (a user
 * pattern file, whose contents are the options), "gtest", "glib",
 * "cmocka", "cunit", "check".  NULL if unknown.
 */
const struct pat_ops *pat_find(const char *name);

/* The driver: line splitting in front of one plug-in instance. */
struct pat;

/*
 * A driver for a new instance of ops (created with `options`, see
 * ops->create).  Returns 0 and *out, or ops->create's error (with its
 * message in err) or -ENOMEM.
 */
int pat_new(const struct pat_ops *ops, const char *options, pat_emit_fn emit,
    void *ctx, struct pat **out, char *err, size_t err_cap);

/*
 * Feed len bytes the program wrote on fd (1, 2 or 3); complete lines go to
 * the plug-in now, a partial one is kept (one buffer per fd, at most
 * PAT_LINE_MAX bytes; longer lines go out in PAT_LINE_CUT pieces).
 * Returns 0 or the first negative value from the plug-in or emit.
 */
int pat_feed(struct pat *p, int fd, const void *bytes, size_t len);

/*
 * The program ended: pass on partial lines (without PAT_LINE_EOL), then
 * call the plug-in's finish.  Returns as pat_feed.
 */
int pat_finish(struct pat *p, const struct pat_exit *ex,
    enum sw_status *status, char *reason, size_t reason_cap);

/* Free the driver and the plug-in state (NULL is fine). */
void pat_free(struct pat *p);

/*
 * Emit n bytes the program wrote on fd as chatter owned by the open test
 * at `level` (a PAT_BYTES event); nothing when n is 0.  Returns emit's
 * value.
 */
int pat_emit_bytes(pat_emit_fn emit, void *ctx, int fd, unsigned level,
    const void *bytes, size_t n);

/*
 * s[0..n) without the white space (space, \t, \r, \n, \v, \f) around it:
 * how plug-ins clean up names and reasons.  Never fails.
 */
struct sw_str pat_trim(const char *s, size_t n);

/*
 * A one-line description of how the program ended ("exit status 3",
 * "killed by signal SIGSEGV (core dumped)", "timed out after 5 s"),
 * NUL-terminated into buf.  Returns buf.
 */
char *pat_exit_describe(const struct pat_exit *ex, char *buf, size_t cap);

#endif

/*
 * wrap_run: run test programs (one, or several at once for --each -j N)
 * and supervise them in one poll(2) loop, turning their output into
 * subunit v2 through a classifier (patterns/pat.h) and the emitter
 * (wrap_emit.h), all writing into one shared struct emit_out.
 *
 * Assumptions:
 * - The caller (wrap_main) validated everything first: each program was
 *   found by spawn_find(), the plug-in options are valid, the selection
 *   (--load-list) is applied to whole programs (frameworks apply it after
 *   listing their tests, wrap_job.h), --list is refused for plug-ins that
 *   cannot list.  What can still go wrong here is the run itself.
 * - Nothing else in the wrapper forks or waits, and no other thread takes
 *   signals (the live view's thread, wrap_show.h, blocks them all and
 *   only reads a pipe and writes the terminal): run_programs() owns
 *   SIGCHLD, SIGTERM, SIGINT and SIGHUP (blocked and
 *   read from a signalfd) and reaps every child, including orphans of the
 *   programs (the wrapper makes itself a child subreaper).
 * - Every program is a process group of its own (spawn_start); stopping a
 *   program means SIGTERM to the group, SIGKILL RUN_KILL_GRACE_MS later.
 *
 * Each program's runs are planned by a job (wrap_job.h): a whole-program
 * test is one run; a framework's tests may take a listing run and several
 * test runs (a selection, restarts after a crash).  The runs of one
 * program are sequential, in one slot; -j N runs N programs at once.
 *
 * Input: the program's stdout and stderr pipes, the result FIFO of
 * frameworks that have one, and in preload mode the side channel
 * (lib/sw_side.h): its "stdout" and "stderr" packets are classified
 * exactly like bytes from the pipes (which then carry only what the shim
 * could not capture: static children, raw system calls), and a crash
 * report becomes a "crash" attachment of the test open at that moment.
 *
 * Memory is bounded: one 64 KiB read buffer, the plug-ins' bounded line
 * buffers, and the output flushed after every poll round (plus, per
 * framework program, the ids of its tests).
 */
#ifndef WRAP_RUN_H
#define WRAP_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "pat.h"
#include "wrap_emit.h"
#include "wrap_list.h"

/* SIGTERM to SIGKILL when stopping a program tree. */
#define RUN_KILL_GRACE_MS 2000
/* How long descendants may hold the pipes after the program exited. */
#define RUN_DRAIN_GRACE_MS 3000

/* One program to run, as wrap_main prepared it. */
struct run_prog {
	const char *id;              /* runnable test id (path minus "./") */
	const char *path;            /* executable, from spawn_find */
	char *const *argv;           /* NULL-terminated; argv[0] as given */
	const struct pat_ops *ops;   /* the classifier */
	const char *options;         /* its options (pattern file), or NULL */
	const char *route;           /* route code, or NULL */
	const char *id_prefix;       /* "PROG::" for --each, or NULL */
	/*
	 * Preload mode: the shim to load and a library that must precede
	 * it (wrap_spawn.h); preload NULL: pipe mode.
	 */
	const char *preload;
	const char *preload_first;
};

struct run_config {
	/*
	 * --list: list the tests (frameworks run their listing, nothing
	 * else) and write the `exists` packets of every program at the end,
	 * in program order, only if every listing worked.
	 */
	bool list;
	/* --load-list: frameworks run only the listed tests it selects. */
	const struct list *select;
	unsigned timeout_secs;       /* 0: no timeout */
	unsigned jobs;               /* programs at once, >= 1 */
	/*
	 * The fd the output goes to, watched so that a reader that goes
	 * away is noticed even while the programs are quiet (-1: don't).
	 */
	int out_fd;
	/* Tell the user something (wrap_main prints it on stderr). */
	void (*warn)(const char *msg);
};

enum run_outcome {
	RUN_DONE,            /* every program ran and got a verdict */
	RUN_INTERRUPTED,     /* a signal stopped us; verdicts were given */
	RUN_OUTPUT_GONE,     /* stdout closed (EPIPE): stopped, wrote no more */
	RUN_LIST_FAILED,     /* --list: a listing run failed (warned about);
	                        nothing was written */
	RUN_FAILED,          /* a system error, in error (-errno) */
};

struct run_result {
	enum run_outcome outcome;
	int signo;           /* RUN_INTERRUPTED: the signal */
	int error;           /* RUN_FAILED: negative errno */
	const char *what;    /* RUN_FAILED: what failed ("write", "poll"...) */
};

/*
 * Run the n programs in order, cfg->jobs at a time, then reap everything
 * they left behind.  Packets go into out, flushed after each poll round.
 * Always fills *res; returns 0 for RUN_DONE, -1 otherwise.
 */
int run_programs(const struct run_prog *progs, size_t n,
    const struct run_config *cfg, struct emit_out *out,
    struct run_result *res);

#endif

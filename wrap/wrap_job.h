/*
 * wrap_job: the plan for one test program: which runs it takes (a
 * listing run, then one or more test runs), what each run selects, and
 * what is reported for tests that never ran.  wrap_run starts the runs and
 * tells the job what it saw; the job decides what comes next.  No process
 * control here, no waiting: the job is told, it decides.
 *
 * The plans (ops = the program's classifier, patterns/pat.h):
 *
 *   whole program (ops->whole_program)
 *     --list: `exists` for the program id, nothing run.  Otherwise one
 *     test run (wrap_main already applied --load-list to the program).
 *
 *   a framework that names its tests
 *     --list: one listing run (run_args + list_args; each output line to
 *     ops->list_line), `exists` for each id it reports (with --load-list:
 *     those selected).  The program is refused by wrap_main if the
 *     plug-in cannot list.
 *     Otherwise, if it can list and select, test runs that track which
 *     listed ids opened (a level-0 test):
 *       - without --load-list (and not isolated, below) the first run
 *         selects nothing (every test) and is not preceded by a listing: the labels it opens are kept,
 *         and only if it dies is the program listed (a listing run after
 *         it) to learn which tests it did not reach; a run that ends
 *         cleanly costs no listing;
 *       - with --load-list a listing run comes first, and the first test
 *         run selects the listed ids the file names (none: the program is
 *         not run);
 *       - isolated: without --load-list, when the program will run with
 *         ops->isolate_env (the wrapper's environment, which it inherits,
 *         less ops->env_unset, plus ops->env_set; the selection's
 *         variables are not considered), a listing run comes first as
 *         with --load-list, and the test runs select every listed id,
 *         select_max a run, so a run that dies is blamed on what it
 *         selected, not on the test before it.  A listing that fails is
 *         warned about ("PROG: listing its tests failed (HOW); running it
 *         whole instead: the tests it does not reach are not run") and
 *         the program gets one whole run, untracked; a listing that names
 *         no test also gets one whole run (its verdict and output);
 *       - at most select_max ids per run (0: no limit), halved when
 *         ops->select says -E2BIG; an id too long to select alone is
 *         reported as never run;
 *       - after a run that ended cleanly (verdict success, exited, no test
 *         left open), the selected ids that did not open are dropped:
 *         the framework chose not to run them (disabled tests);
 *       - after a run that died (signal, timeout, a test left open, a
 *         failed verdict) having opened a listed id, the ids not opened
 *         are run again (restart): one crash costs one test;
 *       - a run that died without opening any listed id "stalls".  If it
 *         died in a layer (a non-runnable level-0 entry: googletest's
 *         "Suite (set-up)"), that set-up would fail again: the run's ids
 *         are failed at once, "never ran: the program ended (HOW) in
 *         LAYER, before reaching it".  Otherwise, after a first stall, if
 *         no test was open (a framework that prints a test's result only
 *         after it ran, like GLib without start markers), the first id
 *         the run selected is failed as the test that was running, and
 *         the rest restarted; after a second stall in a row the ids of
 *         that run are failed with "never ran: the program ended (HOW)
 *         before reaching it".  A run whose blamed id was the last of its
 *         selection to run (select_max 1) restarts nothing, so the next
 *         run starts afresh: with one id a run, each run that dies before
 *         any result blames its own id.
 *     A listing run that fails: with --load-list the selection cannot be
 *     made, so the program's entry (below) fails saying so; after a full
 *     run that died, the tests it did not reach are not run again (with a
 *     warning).
 *     A plug-in that lists but cannot select: one whole run (with
 *     --load-list only if one of its listed ids is selected).  One that
 *     cannot list: one whole run.
 *
 *   a framework that lists only by running (ops->list_by_running: Check)
 *     A listing run is a test run with its output discarded (run_args
 *     only; the plug-in's own `line`; its runnable level-0 opens are the
 *     listed ids; wrap_run sets ops->list_env, as for every listing run:
 *     Check lists in fork mode, so a test that crashes the program in
 *     no-fork mode cannot stop the listing), followed by a note through
 *     warn.  Its tests may fail, so its exit status is no listing failure
 *     unless it opened no test at all; a signal, a timeout or "exit
 *     status N" with no test opened is.
 *     --list: one listing run ("PROG cannot list its tests without
 *     running them: ran it with its output discarded").
 *     Without --load-list (and with ops->select), isolated (Check with
 *     CK_FORK=no, ops->isolate_env): the listing run first ("PROG cannot
 *     list its tests without running them: ran it with its output
 *     discarded"), then one tracked run per listed id (select_max), as
 *     above.  Not isolated: the tracked full run of the plan above: the
 *     first run selects nothing and is not listed first; a run that ends
 *     cleanly costs no listing.  If it died, a
 *     listing run follows ("PROG cannot list its tests without running
 *     them: ran it again with its output discarded, to learn the tests
 *     the run that died did not reach"), then tracked runs, select_max
 *     ids each (Check: one tcase a run), for the listed ids the full run
 *     did not open, with the restart, stall and "never ran" rules above;
 *     a listing that fails is warned about and nothing is run again.
 *     Without ops->select: one whole run, no tracking, no restart.
 *     With --load-list (and ops->select): no listing; the ids are the
 *     file's own: each line (with --each only those starting with the
 *     "PROG::" prefix, which is removed; without it, not the program's
 *     own id), cut at its first " (" after its first '/' (the parent
 *     "SUITE/TCASE" of a subtest id "SUITE/TCASE (FUNCTION)").  Then
 *     tracked runs as above, select_max ids each; an id the program does
 *     not have opens nothing and is dropped like a disabled test (and
 *     one ops->select refuses with -EINVAL alone is dropped unrun).
 *
 * Entries that are not tests, named in --load-list (testr --failing
 * passes back every failed id): the program's entry ("PROG", below) and
 * layers (ops->is_layer: "Suite (set-up)", with or without a " #N"
 * repeat suffix).  A layer selects the listed tests it prevented
 * (ops->layer_selects); the program's entry selects nothing more when
 * the file names any test of the program, and every test when it is all
 * the file names of it.  After the last run, each named entry that did
 * not fail again (the program's verdicts all passed; the layer was not
 * reported that many times) is written as a non-runnable `success` of
 * the same id, so testr stops listing it as failing.
 *
 * The program's entry: a failed verdict of ops->finish (the run went
 * wrong outside any test) is reported once per program, after its last
 * run, as a non-runnable test whose id is the program id (no "PROG::"
 * prefix: with --each the framework's ids all have one, so the entry
 * cannot collide with them; without --each a framework id never is a
 * path as given), status fail, reason the verdict's (one line per failed
 * run when there were several: "run 2: ...").  testr lists nothing for
 * it, so it never tries to run it.
 *
 * Layers repeat when a restart runs their set-up again: the second
 * "Suite (set-up)" of a program is labelled "Suite (set-up) #2", and so
 * on (job_layer_label), so ids stay unique in the stream.
 *
 * Ids are compared as the raw labels the plug-in gives (list_line's
 * PAT_EXISTS, the level-0 PAT_OPEN), before the emitter escapes them.
 *
 * Error convention: 0 or a negative errno (-ENOMEM, or an emitter's
 * error); nothing here prints (warnings go to the warn callback).
 */
#ifndef WRAP_JOB_H
#define WRAP_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "pat.h"
#include "wrap_emit.h"
#include "wrap_list.h"
#include "wrap_run.h"

struct job;

/* The kind of the next run. */
enum job_run {
	JOB_RUN_NONE,            /* the job is over */
	JOB_RUN_LIST,            /* run_args + list_args; lines to list_line */
	JOB_RUN_TEST,            /* run_args + the selection's args and env */
};

/* What the job needs from the command line. */
struct job_config {
	bool list;                   /* --list */
	const struct list *select;   /* --load-list, or NULL */
	struct emit_out *out;        /* where reports and listings go */
	void (*warn)(const char *msg);
};

/* A job for program p (both must outlive it).  NULL on ENOMEM. */
struct job *job_new(const struct run_prog *p, const struct job_config *cfg);

/* The program of the job. */
const struct run_prog *job_prog(const struct job *j);

/*
 * The next run: its kind, and for JOB_RUN_TEST the arguments and
 * environment that select its tests in *cmd (empty: every test; the
 * caller frees it).  JOB_RUN_NONE when the job is over (its final
 * reports written).  Returns 0 or a negative errno.
 */
int job_next(struct job *j, enum job_run *kind, struct pat_cmd *cmd);

/* A listing run reported a test id (PAT_EXISTS).  0 or -ENOMEM. */
int job_listed(struct job *j, struct sw_str id);

/* A test run opened a level-0 test with this label.  0 or -ENOMEM. */
int job_opened(struct job *j, struct sw_str label);

/*
 * The label to emit for a layer (a non-runnable level-0 test) the plug-in
 * opens: label itself the first time in this job, then "LABEL #2", ...
 * The result may point into the job (valid until the next call).  Returns
 * 0 or -ENOMEM.
 */
int job_layer_label(struct job *j, struct sw_str label, struct sw_str *out);

/* How a run ended, for job_ended. */
struct job_end {
	const struct pat_exit *ex;
	/*
	 * The level-0 entry ops->finish closed (open when the program ended,
	 * or opened by finish itself, as a layer the program died in); label
	 * NULL if none.
	 */
	struct sw_str open_label;
	bool open_runnable;
	enum sw_status verdict;      /* listing runs: SW_STATUS_SUCCESS */
	const char *reason;          /* the verdict's, "" if none */
};

/*
 * The current run ended.  May write reports.  0 or a negative errno.
 */
int job_ended(struct job *j, const struct job_end *end);

/*
 * The current run could not be started (reason says why): the job is
 * over; what it would have run is reported.  0 or a negative errno.
 */
int job_start_failed(struct job *j, const char *reason);

/* --list: did the listing run fail?  (Warned about already.) */
bool job_list_failed(const struct job *j);

/* --list: write the `exists` packets of the job's tests into cfg->out. */
int job_write_list(const struct job *j);

void job_free(struct job *j);

#endif

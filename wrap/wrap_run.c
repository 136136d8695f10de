/*
 * wrap_run: the supervision loop (see wrap_run.h for the contract).
 *
 * Each running program has a slot that goes through these states:
 *
 *   FREE --start--> RUNNING --main process reaped--> DRAINING
 *                   (timeout or signal: stop the group, TERM then KILL)
 *   DRAINING --both pipes at EOF, or RUN_DRAIN_GRACE_MS passed--> finish:
 *                   pat_finish, close the program test --> LINGERING
 *   LINGERING --its process group is empty (TERM, then KILL)--> FREE
 *
 * One poll(2) round: start programs into free slots, wait for a signal
 * (signalfd), output on any pipe, or the nearest deadline; read at most
 * 64 KiB per readable pipe into the slot's classifier; advance each slot's
 * state; flush the shared output.  Reading one chunk per pipe per round
 * keeps programs that run at once fair to each other, and flushing every
 * round keeps memory bounded and the stream live.
 *
 * A slot runs the runs of one program (its job, wrap_job.h) one after
 * the other: when a run is over and its process group gone, the job says
 * what comes next (a restart, the next batch) or that it is done, and
 * the slot takes the next program.  In a listing run the plug-in's
 * list_line reads the output and only its PAT_EXISTS events matter (to
 * the job); in a test run every event goes to the emitter, and the level-0
 * opens of a framework's tests are shown to the job too.
 *
 * Result FIFO (ops->result_fifo_env, Check's CK_XML_LOG_FILE_NAME): before
 * each run of such a plug-in the slot makes a private directory (mkdtemp
 * under $TMPDIR or /tmp, mode 0700) holding a FIFO (mode 0600), opens its
 * read end (non-blocking, so at once) and then a write end of its own,
 * and sets the variable to the FIFO's path for the program.  The program
 * opening it for writing never blocks (a reader exists); the wrapper's
 * write end means the read end never sees EOF (nor POLLHUP, which would
 * make poll spin) while the program opens and closes it per test.  The
 * read end is a third input of the run, fed to the plug-in as
 * PAT_FD_RESULTS: the write end is closed when the main process is
 * reaped, and the run is not over until the FIFO is at EOF too (same
 * drain grace as the pipes).  The FIFO and its directory are removed
 * when the run's slot is released: after the run, after a start
 * failure, on an abort, and after a signal (which ends the runs
 * normally).  Order: a framework writes a test's result after the test's
 * output, so each round reads a slot's pipes before its FIFO, and leaves
 * the FIFO for the next round when a pipe filled the whole read buffer
 * (more of its output may be waiting).  Output of two tests that arrives
 * within one round still reaches the plug-in before both results.
 *
 * Listing by running (ops->list_by_running: --list, or after a full run
 * that died): the listing run is the program's test run fed to the
 * plug-in's own `line`; no event is emitted, the runnable level-0 opens
 * go to the job as listed ids, and the timer restarts per test as in a
 * test run.  Every listing run (by list_args or by running) gets
 * ops->list_env in its environment.
 *
 * Timeouts: a slot's timer starts when its program starts.  For plug-ins
 * that name their tests it starts again whenever a level-0 test opens or
 * closes, so each test, and each stretch between tests (a framework's
 * set-up or tear-down, a hang after the last test), gets the full time.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_buf.h"
#include "sw_dec.h"
#include "sw_enc.h"
#include "sw_side.h"
#include "wrap_fwd.h"
#include "wrap_job.h"
#include "wrap_run.h"
#include "wrap_spawn.h"

#define RUN_CHUNK (64 * 1024)
/* While a finished program's group lingers, look again this often. */
#define RUN_LINGER_POLL_MS 100
/* After SIGKILL, stop waiting for a group (zombies of a stuck parent). */
#define RUN_GIVEUP_MS 1000
/* Reads of a pipe after its writers were killed: what is left in it. */
#define RUN_LAST_READS 16
/* Room for a verdict's reason. */
#define RUN_REASON_MAX 2048
/*
 * A slot's inputs: the program's stdout and stderr, the result FIFO, the
 * side channel (RUN_SIDE).
 */
#define RUN_NFDS 4
#define RUN_SIDE 3
/* Side-channel reads before a pipe's: bounded, a flood must not starve it. */
#define RUN_SIDE_DRAIN 16
/* Largest crash report kept for the attachment. */
#define RUN_CRASH_MAX (16 * 1024)
/* The result FIFO's name in its private directory. */
#define RUN_FIFO_NAME "results"

enum slot_state {
	SLOT_FREE,
	SLOT_RUNNING,            /* the program's main process is alive */
	SLOT_DRAINING,           /* it exited; reading its pipes to EOF */
	SLOT_LINGERING,          /* verdict given; its group must go */
};

struct slot {
	enum slot_state state;
	const struct run_prog *prog;
	struct job *job;         /* its plan; NULL: take the next program */
	enum job_run kind;       /* the run under way */
	struct pat_ops list_ops; /* listing runs: ops, line = list_line */
	struct emit *emit;       /* test runs only */
	struct pat *pat;
	unsigned depth;          /* open plug-in tests (frameworks) */
	bool unnamed;            /* the level-0 test's label is deferred */
	struct sw_buf top;       /* label of the last level-0 test opened */
	bool top_runnable;
	bool finishing;          /* in pat_finish */
	bool closed_in_finish;   /* pat_finish closed a level-0 test */
	pid_t pgid;              /* main process id = process group id */
	/*
	 * Read ends: stdout, stderr, the result FIFO (fed to the plug-in as
	 * fd which + 1), the side channel; -1 after EOF or when there is
	 * none.
	 */
	int fd[RUN_NFDS];
	struct sw_dec *side;     /* decodes the side channel's packets */
	struct fwd *fwd;         /* ops->forward_stdout: stdout's stream */
	struct run *run;         /* for the decoder's callback */
	unsigned shims;          /* processes that said hello */
	int fifo_wfd;            /* our write end of the FIFO, or -1 */
	char *fifo_dir;          /* its private directory, or NULL */
	char *fifo_path;         /* the FIFO, or NULL */
	char *fifo_env;          /* "NAME=path" for the program, or NULL */
	bool pipe_full;          /* this round filled the buffer from a pipe */
	struct pat_exit ex;      /* how it ended, for pat_finish */
	long long timer_ms;      /* start of the timed stretch; -1: none */
	long long drain_ms;      /* DRAINING: give up on the pipes then */
	long long kill_ms;       /* stopping: SIGKILL then; -1: not stopping */
	long long giveup_ms;     /* after SIGKILL: stop waiting then */
	bool killed;             /* SIGKILL sent */
	bool drain_expired;      /* descendants held the pipes too long */
};

struct run {
	const struct run_config *cfg;
	struct emit_out *out;
	struct job **jobs;       /* one per program, in order */
	size_t njobs;
	size_t next;             /* next job to start */
	struct slot *slots;
	size_t nslots;
	struct pollfd *pfd;      /* 2 + RUN_NFDS * nslots */
	struct slot **pfd_slot;  /* owner of pfd[i] (NULL for the signalfd) */
	int *pfd_which;          /* 0 stdout, 1 stderr, 2 FIFO, 3 side */
	int sigfd;
	int signo;               /* first SIGTERM/INT/HUP received, or 0 */
	bool output_gone;        /* EPIPE on stdout */
	int error;               /* first system error (-errno), or 0 */
	bool list_failed;        /* --list: a listing run failed */
	const char *what;        /* what failed */
	unsigned char buf[RUN_CHUNK];
};

static long long
run_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

__attribute__((format(printf, 2, 3)))
static void
run_warn(const struct run *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (r->cfg->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->cfg->warn(msg);
}

/* Remember the first fatal error; the loop stops after this round. */
static void
run_fail(struct run *r, int rc, const char *what)
{
	if (r->error == 0) {
		r->error = rc;
		r->what = what;
	}
}

static bool
run_active(const struct slot *s)
{
	return s->state != SLOT_FREE;
}

/* ---- stopping process groups ------------------------------------- */

/* Ask the program's group to stop: SIGTERM now, SIGKILL after a grace. */
static void
run_stop(struct slot *s, long long now)
{
	if (s->kill_ms >= 0)
		return;
	spawn_signal_group(s->pgid, SIGTERM);
	s->kill_ms = now + RUN_KILL_GRACE_MS;
}

/* Stop it now: SIGKILL (a second signal, or the output is gone). */
static void
run_kill(struct slot *s, long long now)
{
	if (s->killed)
		return;
	spawn_signal_group(s->pgid, SIGKILL);
	s->killed = true;
	if (s->kill_ms < 0)
		s->kill_ms = now;
	s->giveup_ms = now + RUN_GIVEUP_MS;
}

/* The grace after SIGTERM is over: SIGKILL. */
static void
run_check_kill(struct slot *s, long long now)
{
	if (s->kill_ms >= 0 && !s->killed && now >= s->kill_ms)
		run_kill(s, now);
}

/* ---- classifier events --------------------------------------------- */

/*
 * A level-0 test got its label: in a test run the job learns it opened;
 * in a listing by running, a runnable one is a listed id.
 */
static int
run_top_seen(struct slot *s, struct sw_str label)
{
	if (s->kind != JOB_RUN_LIST)
		return job_opened(s->job, label);
	return s->top_runnable ? job_listed(s->job, label) : 0;
}

/*
 * The level-0 tests of plug-ins that name them: they start and stop the
 * timeout timer, and the job learns which of its tests opened.
 */
static int
run_watch(struct slot *s, const struct pat_event *ev)
{
	switch (ev->kind) {
	case PAT_OPEN:
		if (s->depth++ > 0)
			break;
		s->timer_ms = run_now_ms();
		s->unnamed = ev->label.ptr == NULL;
		s->top_runnable = ev->runnable;
		s->top.len = 0;
		if (ev->label.ptr != NULL &&
		    sw_buf_append(&s->top, ev->label.ptr, ev->label.len) < 0)
			return -ENOMEM;
		return run_top_seen(s, ev->label);
	case PAT_NAME:
		if (s->depth != 1 || !s->unnamed)
			break;
		s->unnamed = false;
		if (sw_buf_append(&s->top, ev->label.ptr, ev->label.len) < 0)
			return -ENOMEM;
		return run_top_seen(s, ev->label);
	case PAT_CLOSE:
		if (s->depth == 0 || --s->depth > 0)
			break;
		s->timer_ms = run_now_ms();
		if (s->finishing)
			s->closed_in_finish = true;
		break;
	case PAT_BYTES:
	case PAT_EXISTS:
		break;
	}
	return 0;
}

/*
 * A layer (non-runnable level-0 test) gets a label unique in its
 * program's runs (job_layer_label); emitted with it, then watched.
 */
static int
run_emit_watched(struct slot *s, const struct pat_event *ev)
{
	struct pat_event copy = *ev;
	int rc;

	if (ev->kind == PAT_OPEN && s->depth == 0 && !ev->runnable &&
	    (rc = job_layer_label(s->job, ev->label, &copy.label)) < 0)
		return rc;
	if ((rc = emit_pat_event(s->emit, &copy)) == 0)
		rc = run_watch(s, ev);
	return rc;
}

/*
 * pat_emit_fn.  Listing runs: ids to the job, nothing else (a listing by
 * running: watched only).  Test runs: every event to the emitter,
 * framework events watched.  (A whole program's test runs give their
 * events to emit_pat_event directly: see run_prepare.)
 */
static int run_side_packet(void *ctx, const struct sw_packet *p);

static int
run_on_event(void *ctx, const struct pat_event *ev)
{
	struct slot *s = ctx;

	if (s->kind == JOB_RUN_LIST && s->prog->ops->list_by_running)
		return run_watch(s, ev);
	if (s->kind == JOB_RUN_LIST)
		return ev->kind == PAT_EXISTS ? job_listed(s->job, ev->label) :
		    0;
	return run_emit_watched(s, ev);
}

/* ---- starting ------------------------------------------------------ */

/* Close our write end of the result FIFO (if open). */
static void
run_fifo_close_writer(struct slot *s)
{
	if (s->fifo_wfd >= 0)
		close(s->fifo_wfd);
	s->fifo_wfd = -1;
}

/* Remove the result FIFO and its directory, if any. */
static void
run_fifo_remove(struct slot *s)
{
	if (s->fifo_path != NULL)
		unlink(s->fifo_path);
	if (s->fifo_dir != NULL)
		rmdir(s->fifo_dir);
	free(s->fifo_path);
	free(s->fifo_dir);
	free(s->fifo_env);
	s->fifo_path = s->fifo_dir = s->fifo_env = NULL;
}

/* Free what a slot holds (no packets) and make it FREE. */
static void
run_release(struct slot *s)
{
	int i;

	for (i = 0; i < RUN_NFDS; i++) {
		if (s->fd[i] >= 0)
			close(s->fd[i]);
		s->fd[i] = -1;
	}
	run_fifo_close_writer(s);
	run_fifo_remove(s);
	sw_dec_free(s->side);
	s->side = NULL;
	fwd_free(s->fwd);
	s->fwd = NULL;
	pat_free(s->pat);
	emit_free(s->emit);
	sw_buf_free(&s->top);
	s->pat = NULL;
	s->emit = NULL;
	s->state = SLOT_FREE;
}

/*
 * The program could not be started (exec failed after spawn_find said
 * it could: the file changed; or no fork, no pipes).  A whole program's
 * test fails with the reason; a framework's job reports what it would
 * have run.  The job is over either way, and the run goes on.
 */
static void
run_start_failed(struct run *r, struct slot *s, const char *reason)
{
	int erc = 0;

	run_warn(r, "%s", reason);
	if (s->prog->ops->whole_program) {
		if (emit_depth(s->emit) == 0)
			erc = emit_open(s->emit, sw_str_c(s->prog->id), true);
		if (erc == 0)
			erc = emit_close_all(s->emit, SW_STATUS_FAIL, reason);
		if (erc == 0)
			erc = job_ended(s->job, &(struct job_end){
			    .ex = &s->ex, .verdict = SW_STATUS_FAIL,
			    .reason = reason });
	} else {
		erc = job_start_failed(s->job, reason);
	}
	if (erc < 0)
		run_fail(r, erc, "emit");
	run_release(s);
}

/* Length of a NULL-terminated array (NULL: 0). */
static size_t
run_count(const char *const *v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

/* Append the NULL-terminated v to out at *n. */
static void
run_append(const char **out, size_t *n, const char *const *v)
{
	while (v != NULL && *v != NULL)
		out[(*n)++] = *v++;
}

/*
 * The arguments of a run: the program's own, the plug-in's run_args, then
 * its list_args (listing runs) or the selection's.  A malloc'd array of
 * borrowed strings, or NULL on ENOMEM.
 */
static char **
run_argv(const struct slot *s, const struct pat_cmd *cmd)
{
	const struct pat_ops *o = s->prog->ops;
	const char *const *extra = s->kind == JOB_RUN_LIST ? o->list_args :
	    (const char *const *)cmd->args;
	size_t n = 0;
	const char **v;

	v = calloc(run_count((const char *const *)s->prog->argv) +
	    run_count(o->run_args) + run_count(extra) + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	run_append(v, &n, (const char *const *)s->prog->argv);
	run_append(v, &n, o->run_args);
	run_append(v, &n, extra);
	return (char **)v;
}

/* Does the "NAME=value" list v set the variable of entry e? */
static bool
run_env_has(char *const *v, size_t nv, const char *e)
{
	size_t len = strcspn(e, "=");

	for (size_t i = 0; i < nv; i++)
		if (strncmp(v[i], e, len) == 0 && v[i][len] == '=')
			return true;
	return false;
}

/*
 * The variables to set for a run: the plug-in's env_set, overridden in a
 * listing run (list_args or list-by-running) by its list_env, both
 * overridden by the selection's, all overridden by the result FIFO's
 * "NAME=path" (fifo, or NULL).  A malloc'd array of borrowed strings, or
 * NULL.
 */
static const char **
run_env(const struct pat_ops *o, bool listing, const struct pat_cmd *cmd,
    char *fifo)
{
	const char *const *le = listing ? o->list_env : NULL;
	size_t n = 0, nf = fifo != NULL, nl = run_count(le);
	const char **v;

	v = calloc(run_count(o->env_set) + nl + cmd->nenv + nf + 1,
	    sizeof(*v));
	if (v == NULL)
		return NULL;
	for (const char *const *e = o->env_set; e != NULL && *e; e++)
		if (!run_env_has((char *const *)le, nl, *e) &&
		    !run_env_has(cmd->env, cmd->nenv, *e) &&
		    !run_env_has(&fifo, nf, *e))
			v[n++] = *e;
	for (const char *const *e = le; e != NULL && *e; e++)
		if (!run_env_has(cmd->env, cmd->nenv, *e) &&
		    !run_env_has(&fifo, nf, *e))
			v[n++] = *e;
	for (size_t i = 0; i < cmd->nenv; i++)
		if (!run_env_has(&fifo, nf, cmd->env[i]))
			v[n++] = cmd->env[i];
	if (fifo != NULL)
		v[n++] = fifo;
	return v;
}

/* Spawn the run described by s->kind and cmd. */
static int
run_spawn(struct slot *s, const struct pat_cmd *cmd, struct spawn_child *c)
{
	struct spawn_req req = {
		.path = s->prog->path,
		.env_unset = s->prog->ops->env_unset,
	};
	char **argv = run_argv(s, cmd);
	const char **env = run_env(s->prog->ops, s->kind == JOB_RUN_LIST,
	    cmd, s->fifo_env);
	int rc = -ENOMEM;

	req.argv = argv;
	req.env_set = env;
	req.preload = s->prog->preload;
	req.preload_first = s->prog->preload_first;
	if (argv != NULL && env != NULL)
		rc = spawn_start(&req, c);
	free(argv);
	free(env);
	return rc;
}

/*
 * The classifier (and for test runs the emitter, and a whole program's
 * test) of the slot's next run.  0 or a negative errno.
 */
static int
run_prepare(struct run *r, struct slot *s)
{
	const struct run_prog *p = s->prog;
	const struct pat_ops *ops = p->ops;
	char err[256];
	int rc;

	if (s->kind == JOB_RUN_LIST && !ops->list_by_running) {
		s->list_ops = *ops;
		s->list_ops.line = ops->list_line;
		ops = &s->list_ops;
	} else if (s->kind == JOB_RUN_LIST) {
		/* Listing by running: the plug-in as is, nothing emitted. */
	} else if ((s->emit = emit_new(r->out, p->route, p->id_prefix)) ==
	    NULL) {
		return -ENOMEM;
	}
	/*
	 * A whole program's test runs have nothing to watch (run_on_event
	 * would only pass the events on): the emitter takes them directly,
	 * a call less per event of a flood.
	 */
	if (s->kind != JOB_RUN_LIST && ops->whole_program)
		rc = pat_new(ops, p->options, emit_pat_event, s->emit, &s->pat,
		    err, sizeof(err));
	else
		rc = pat_new(ops, p->options, run_on_event, s, &s->pat, err,
		    sizeof(err));
	if (rc == 0 && s->kind == JOB_RUN_TEST && ops->forward_stdout &&
	    (s->fwd = fwd_new(r->out, p->route)) == NULL)
		rc = -ENOMEM;
	/* The program test opens before the program starts. */
	if (rc == 0 && s->kind == JOB_RUN_TEST && p->ops->whole_program)
		rc = emit_open(s->emit, sw_str_c(p->id), true);
	return rc;
}

/*
 * The result FIFO of the run (see the top of this file), for a plug-in
 * that has one.  Returns 0, or a negative errno with the path that
 * failed in where (cap bytes).  Whatever was made is removed by
 * run_release.
 */
static int
run_fifo_make(struct slot *s, char *where, size_t cap)
{
	const char *name = s->prog->ops->result_fifo_env;
	const char *tmp = getenv("TMPDIR");
	int rc;

	if (name == NULL)
		return 0;
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	snprintf(where, cap, "%s", tmp);
	if (asprintf(&s->fifo_dir, "%s/subunit-wrap.XXXXXX", tmp) < 0) {
		s->fifo_dir = NULL;
		return -ENOMEM;
	}
	if (mkdtemp(s->fifo_dir) == NULL) {
		rc = -errno;
		free(s->fifo_dir);
		s->fifo_dir = NULL;
		return rc;
	}
	if (asprintf(&s->fifo_path, "%s/" RUN_FIFO_NAME, s->fifo_dir) < 0) {
		s->fifo_path = NULL;
		return -ENOMEM;
	}
	snprintf(where, cap, "%s", s->fifo_path);
	if (mkfifo(s->fifo_path, 0600) < 0) {
		rc = -errno;
		free(s->fifo_path);
		s->fifo_path = NULL;
		return rc;
	}
	/* The reader first: then opening a writer does not block. */
	s->fd[2] = open(s->fifo_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd[2] < 0)
		return -errno;
	s->fifo_wfd = open(s->fifo_path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fifo_wfd < 0)
		return -errno;
	if (asprintf(&s->fifo_env, "%s=%s", name, s->fifo_path) < 0) {
		s->fifo_env = NULL;
		return -ENOMEM;
	}
	return 0;
}

/*
 * Start the next run of the slot's job.  Returns false when the job has
 * no more (its reports written) or its run could not start: the slot is
 * free for the next program.
 */
static bool
run_start(struct run *r, struct slot *s)
{
	struct pat_cmd cmd = PAT_CMD_INIT;
	char reason[RUN_REASON_MAX], where[RUN_REASON_MAX / 2];
	struct spawn_child child;
	struct job *job = s->job;
	enum job_run kind;
	int rc;

	memset(s, 0, sizeof(*s));
	s->job = job;
	s->prog = job_prog(job);
	s->fd[0] = s->fd[1] = s->fd[2] = s->fd[RUN_SIDE] = s->fifo_wfd = -1;
	s->run = r;
	s->timer_ms = s->kill_ms = -1;
	s->ex.timeout_secs = r->cfg->timeout_secs;
	if ((rc = job_next(job, &kind, &cmd)) < 0 || kind == JOB_RUN_NONE) {
		if (rc < 0)
			run_fail(r, rc, "emit");
		pat_cmd_free(&cmd);
		return false;
	}
	s->kind = kind;
	if ((rc = run_prepare(r, s)) < 0) {
		pat_cmd_free(&cmd);
		run_fail(r, rc, "classifier");
		run_release(s);
		return false;
	}
	if ((rc = run_fifo_make(s, where, sizeof(where))) < 0) {
		pat_cmd_free(&cmd);
		snprintf(reason, sizeof(reason), "cannot run %s: cannot make "
		    "its result FIFO (%s): %s", s->prog->path, where,
		    strerror(-rc));
		run_start_failed(r, s, reason);
		return false;
	}
	rc = run_spawn(s, &cmd, &child);
	pat_cmd_free(&cmd);
	if (rc < 0) {
		snprintf(reason, sizeof(reason), "cannot run %s: %s",
		    s->prog->path, strerror(-rc));
		run_start_failed(r, s, reason);
		return false;
	}
	if (child.pipe_fallback)
		run_warn(r, "%s: no file descriptor left for the side channel "
		    "(%s): running it in pipe mode", s->prog->id,
		    strerror(child.pipe_fallback));
	if (child.side_fd >= 0 &&
	    (s->side = sw_dec_new(run_side_packet, s)) == NULL) {
		run_fail(r, -ENOMEM, "side channel");
		close(child.side_fd);
		child.side_fd = -1;
	}
	s->pgid = child.pid;
	s->fd[0] = child.out_fd;
	s->fd[1] = child.err_fd;
	s->fd[RUN_SIDE] = child.side_fd;
	s->state = SLOT_RUNNING;
	s->timer_ms = run_now_ms();
	return true;
}

/* Stop starting runs: a signal, an error, or no reader. */
static bool
run_stopping(const struct run *r)
{
	return r->signo != 0 || r->error != 0 || r->output_gone;
}

/*
 * Fill free slots: the next run of the slot's program, or the next
 * program's first run; unless we are stopping.
 */
static void
run_start_pending(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		while (!run_active(s) && !run_stopping(r)) {
			if (s->job == NULL && r->next >= r->njobs)
				break;
			if (s->job == NULL)
				s->job = r->jobs[r->next++];
			if (!run_start(r, s))
				s->job = NULL;
		}
	}
}

/* ---- signals and reaping ----------------------------------------- */

/* A main process ended: remember how, and drain its pipes and FIFO. */
static void
run_exited(struct slot *s, int status, long long now)
{
	if (WIFEXITED(status)) {
		s->ex.exited = true;
		s->ex.code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		s->ex.signaled = true;
		s->ex.signo = WTERMSIG(status);
		s->ex.core_dumped = WCOREDUMP(status);
	}
	/* The FIFO reaches EOF once the program's writers are gone too. */
	run_fifo_close_writer(s);
	s->state = SLOT_DRAINING;
	s->drain_ms = now + RUN_DRAIN_GRACE_MS;
}

/*
 * Reap every child that ended: the programs' main processes, and the
 * orphans of their trees that were reparented to us (subreaper).
 */
static void
run_reap(struct run *r, long long now)
{
	size_t i;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < r->nslots; i++) {
			struct slot *s = &r->slots[i];

			if (s->state == SLOT_RUNNING && s->pgid == pid) {
				run_exited(s, status, now);
				break;
			}
		}
	}
}

/*
 * SIGTERM/SIGINT/SIGHUP: stop every program (TERM, then KILL), let each
 * finish with interrupted=true, start no more.  A second one: KILL now.
 */
static void
run_interrupt(struct run *r, int signo, long long now)
{
	bool again = r->signo != 0;
	size_t i;

	if (!again)
		r->signo = signo;
	for (i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		if (!run_active(s))
			continue;
		if (s->state != SLOT_LINGERING)
			s->ex.interrupted = true;
		if (again)
			run_kill(s, now);
		else
			run_stop(s, now);
	}
}

/* Read every pending signal from the signalfd and act on it. */
static void
run_signals(struct run *r, long long now)
{
	struct signalfd_siginfo si;
	bool child = false;

	while (read(r->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			child = true;
		else
			run_interrupt(r, (int)si.ssi_signo, now);
	}
	/* SIGCHLDs merge: one means "reap whatever has ended". */
	if (child)
		run_reap(r, now);
}

/* ---- reading ------------------------------------------------------- */

enum run_read_result { READ_DATA, READ_AGAIN, READ_EOF };

static const char *const run_fd_names[RUN_NFDS] = {
	"stdout", "stderr", "result FIFO", "side channel",
};

/*
 * Bytes the program wrote on fd (1 or 2), from a pipe or the side
 * channel: to the classifier, or stdout to the forwarder.
 */
static int
run_feed(struct slot *s, int fd, const void *b, size_t n)
{
	if (fd == 1 && s->fwd != NULL)
		return fwd_feed(s->fwd, b, n);
	return pat_feed(s->pat, fd, b, n);
}

/* Is any input of s still open? */
static bool
run_has_input(const struct slot *s)
{
	for (int i = 0; i < RUN_NFDS; i++)
		if (s->fd[i] >= 0)
			return true;
	return false;
}

/*
 * A crash report from the shim: a "crash" attachment of the test open
 * now (the classifier has seen everything the process wrote before it).
 */
static int
run_side_crash(struct slot *s, const uint8_t *b, size_t n)
{
	if (s->emit == NULL)
		return 0;
	return emit_attach(s->emit, "crash", b, n < RUN_CRASH_MAX ? n :
	    RUN_CRASH_MAX);
}

static bool
run_str_is(struct sw_str s, const char *c)
{
	return s.ptr != NULL && s.len == strlen(c) && memcmp(s.ptr, c,
	    s.len) == 0;
}

/*
 * A packet the shim does not send (a test id, a status, or no file: a
 * program wrote it into the channel, a pipe the whole test tree
 * inherits): its bytes are stdout bytes, as if the program had written
 * them to stdout (where packets stay chatter, wrap_nested.bats), never
 * a result.  The decoder does not keep a packet's bytes, so it is
 * encoded again: a packet python-subunit wrote comes out byte for byte.
 * One the encoder refuses (a field it would not write) keeps its file
 * bytes only.
 */
static int
run_side_foreign(struct slot *s, const struct sw_packet *p)
{
	struct sw_buf b = SW_BUF_INIT;
	ssize_t n;
	int rc;

	if ((n = sw_enc_append(p, &b)) == -ENOMEM)
		return -ENOMEM;
	if (n < 0)
		return run_feed(s, 1, p->file_bytes, p->file_len);
	rc = run_feed(s, 1, b.data, b.len);
	sw_buf_free(&b);
	return rc;
}

/*
 * One packet (or text) from the side channel (sw_dec callback).  Only
 * the shim's file packets mean something; anything else the program may
 * have written into the channel is kept as stdout bytes, never results.
 */
static int
run_side_packet(void *ctx, const struct sw_packet *p)
{
	struct slot *s = ctx;
	bool shim = (p->flags & SW_FLAG_FILE) && p->test_id.ptr == NULL &&
	    p->status == SW_STATUS_NONE;
	bool parser = run_str_is(p->test_id, SW_DEC_PARSER_ID);
	int fd = 1, rc;

	if (shim && run_str_is(p->file_name, SW_SIDE_HELLO)) {
		s->shims++;
		return 0;
	}
	if (shim && run_str_is(p->file_name, SW_SIDE_CRASH))
		rc = run_side_crash(s, p->file_bytes, p->file_len);
	else if (parser && run_str_is(p->file_name, "Parser Error"))
		return 0;       /* the decoder's words, not the program's */
	else if (!shim && !parser)
		rc = run_side_foreign(s, p);
	else {
		if (shim && run_str_is(p->file_name, SW_SIDE_STDERR))
			fd = 2;
		/* Events from these bytes happened when they were written. */
		if (shim && p->has_timestamp)
			emit_out_set_time(s->run->out, &(struct timespec){
			    .tv_sec = p->ts_sec, .tv_nsec = p->ts_nsec });
		rc = run_feed(s, fd, p->file_bytes, p->file_len);
		emit_out_set_time(s->run->out, NULL);
	}
	if (rc < 0)
		run_fail(s->run, rc, "classify");
	return 0;
}

/*
 * Read one chunk of the side channel (a pipe carrying whole packets) into
 * its decoder; a read that fills the buffer sets s->pipe_full.
 */
static enum run_read_result
run_read_side(struct run *r, struct slot *s)
{
	ssize_t n = read(s->fd[RUN_SIDE], r->buf, sizeof(r->buf));
	int rc;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return READ_AGAIN;
	if (n <= 0) {
		if (n < 0)
			run_warn(r, "%s: reading its side channel: %s",
			    s->prog->id, strerror(errno));
		if ((rc = sw_dec_finish(s->side)) < 0)
			run_fail(r, rc, "side channel");
		close(s->fd[RUN_SIDE]);
		s->fd[RUN_SIDE] = -1;
		return READ_EOF;
	}
	if ((size_t)n == sizeof(r->buf))
		s->pipe_full = true;
	if ((rc = sw_dec_feed(s->side, r->buf, (size_t)n)) < 0)
		run_fail(r, rc, "side channel");
	return READ_DATA;
}

/*
 * Read one chunk from input `which` of s (a pipe, or the result FIFO)
 * into its classifier; a pipe's read that fills the buffer sets
 * s->pipe_full.  At EOF (or on a read error, treated as EOF) the input
 * is closed.
 */
static enum run_read_result
run_read(struct run *r, struct slot *s, int which)
{
	ssize_t n;
	int rc;

	if (which == RUN_SIDE)
		return run_read_side(r, s);
	/*
	 * Preload mode: bytes on a pipe bypassed the shim (a stream the
	 * program opened on /dev/stdout, raw system calls, static children).
	 * What the shim sent before them is in the side channel already
	 * (its writes are done when the program goes on): take that first,
	 * so a poll that sees both ready does not put them ahead of it.
	 */
	for (int i = 0; which < 2 && i < RUN_SIDE_DRAIN &&
	    s->fd[RUN_SIDE] >= 0; i++)
		if (run_read_side(r, s) != READ_DATA)
			break;
	n = read(s->fd[which], r->buf, sizeof(r->buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return READ_AGAIN;
	if (n <= 0) {
		if (n < 0)
			run_warn(r, "%s: reading its %s: %s", s->prog->id,
			    run_fd_names[which], strerror(errno));
		close(s->fd[which]);
		s->fd[which] = -1;
		return READ_EOF;
	}
	if (which < 2 && (size_t)n == sizeof(r->buf))
		s->pipe_full = true;
	if ((rc = which < 2 ? run_feed(s, which + 1, r->buf, (size_t)n) :
	    pat_feed(s->pat, which + 1, r->buf, (size_t)n)) < 0)
		run_fail(r, rc, "classify");
	return READ_DATA;
}

/*
 * What is already in the pipes when we stop waiting for their writers
 * (bounded: a writer that escaped the kill may keep writing).
 */
static void
run_read_rest(struct run *r, struct slot *s)
{
	int which, i;

	for (which = 0; which < RUN_NFDS; which++)
		for (i = 0; i < RUN_LAST_READS && s->fd[which] >= 0; i++)
			if (run_read(r, s, which) != READ_DATA)
				break;
}

/* ---- finishing ----------------------------------------------------- */

/* Append "; note" (or just note) to reason. */
static void
run_add_reason(char *reason, size_t cap, const char *note)
{
	size_t len = strlen(reason);

	snprintf(reason + len, cap - len, "%s%s", len ? "; " : "", note);
}

/*
 * After pat_finish: a whole program's test gets the verdict, and nothing
 * stays open, whatever the plug-in did.
 */
static int
run_close_tests(struct slot *s, enum sw_status verdict, const char *reason)
{
	int rc = 0;

	if (s->prog->ops->whole_program)
		rc = emit_close(s->emit, verdict, reason);
	if (rc == 0 && emit_depth(s->emit) > 0)
		rc = emit_close_all(s->emit, SW_STATUS_FAIL,
		    "still open when the program ended");
	return rc;
}

/*
 * The program is over: the classifier closes what is open and gives the
 * program's verdict (closing a whole program's test; a framework's job
 * decides what it means, see wrap_job.h).  Then the slot waits for the
 * rest of the process group.
 */
static void
run_finish(struct run *r, struct slot *s)
{
	struct job_end end = { .ex = &s->ex, .verdict = SW_STATUS_FAIL };
	char reason[RUN_REASON_MAX] = "";
	int rc;

	s->finishing = true;
	if (s->fwd != NULL) {
		char how[RUN_REASON_MAX / 2];

		pat_exit_describe(&s->ex, how, sizeof(how));
		snprintf(reason, sizeof(reason), "the stream ended before "
		    "its result (its producer: %s)", how);
		if ((rc = fwd_finish(s->fwd, reason)) < 0)
			run_fail(r, rc, "forward");
		reason[0] = '\0';
	}
	rc = pat_finish(s->pat, &s->ex, &end.verdict, reason, sizeof(reason));
	if (s->drain_expired)
		run_add_reason(reason, sizeof(reason), "processes it started "
		    "kept its output open after it exited and were killed");
	end.reason = reason;
	if (s->kind == JOB_RUN_LIST)
		end.verdict = SW_STATUS_SUCCESS;
	if (s->closed_in_finish) {
		end.open_label.ptr = (const char *)s->top.data;
		end.open_label.len = s->top.len;
		end.open_runnable = s->top_runnable;
	}
	if (rc == 0 && s->kind == JOB_RUN_TEST)
		rc = run_close_tests(s, end.verdict, reason);
	if (rc == 0)
		rc = job_ended(s->job, &end);
	if (rc < 0)
		run_fail(r, rc, "classify");
	run_release(s);
	/* Its pgid and stopping state stay: run_linger uses them. */
	s->state = SLOT_LINGERING;
}

/*
 * Descendants kept the pipes open too long after the program exited:
 * stop them, take what they wrote, and finish without them.
 */
static void
run_drain_expired(struct run *r, struct slot *s, long long now)
{
	run_warn(r, "%s: exited, but processes it started kept its output "
	    "open for %d s; stopping them", s->prog->id,
	    RUN_DRAIN_GRACE_MS / 1000);
	s->drain_expired = true;
	run_stop(s, now);
	run_read_rest(r, s);
}

/* A finished program's group: wait until it is empty, stopping it. */
static void
run_linger(struct run *r, struct slot *s, long long now)
{
	if (!spawn_signal_group(s->pgid, 0)) {
		s->state = SLOT_FREE;
		return;
	}
	run_stop(s, now);
	run_check_kill(s, now);
	if (s->killed && now >= s->giveup_ms) {
		run_warn(r, "%s: process group %ld did not go away after "
		    "SIGKILL", s->prog->id, (long)s->pgid);
		s->state = SLOT_FREE;
	}
}

/* The timed test ran too long: stop the program. */
static void
run_check_timeout(struct run *r, struct slot *s, long long now)
{
	unsigned t = r->cfg->timeout_secs;

	if (t == 0 || s->timer_ms < 0 || s->ex.timed_out ||
	    now - s->timer_ms < (long long)t * 1000)
		return;
	s->ex.timed_out = true;
	run_warn(r, "%s: timed out after %u s; stopping it", s->prog->id, t);
	run_stop(s, now);
}

/* Advance one slot's state machine. */
static void
run_tick_slot(struct run *r, struct slot *s, long long now)
{
	switch (s->state) {
	case SLOT_RUNNING:
		run_check_timeout(r, s, now);
		run_check_kill(s, now);
		break;
	case SLOT_DRAINING:
		run_check_kill(s, now);
		if (run_has_input(s)) {
			if (now < s->drain_ms)
				break;
			run_drain_expired(r, s, now);
		}
		run_finish(r, s);
		run_linger(r, s, now);
		break;
	case SLOT_LINGERING:
		run_linger(r, s, now);
		break;
	case SLOT_FREE:
		break;
	}
}

/* ---- the poll round ------------------------------------------------ */

/* Lower *best to the time left until deadline (never below 0). */
static void
run_deadline(int *best, long long deadline, long long now)
{
	long long left = deadline > now ? deadline - now : 0;

	if (left > 60000)
		left = 60000;
	if (*best < 0 || left < *best)
		*best = (int)left;
}

/* How long poll may sleep: until the nearest deadline, or forever (-1). */
static int
run_poll_timeout(const struct run *r, long long now)
{
	unsigned t = r->cfg->timeout_secs;
	int best = -1;
	size_t i;

	for (i = 0; i < r->nslots; i++) {
		const struct slot *s = &r->slots[i];

		if (s->state == SLOT_RUNNING && t > 0 && s->timer_ms >= 0 &&
		    !s->ex.timed_out)
			run_deadline(&best, s->timer_ms + (long long)t * 1000,
			    now);
		if (run_active(s) && s->kill_ms >= 0 && !s->killed)
			run_deadline(&best, s->kill_ms, now);
		if (s->state == SLOT_DRAINING)
			run_deadline(&best, s->drain_ms, now);
		if (s->state == SLOT_LINGERING)
			run_deadline(&best, now + RUN_LINGER_POLL_MS, now);
	}
	return best;
}

/*
 * The signalfd, the output (events 0: poll still reports POLLERR when a
 * pipe's reader has gone, POLLHUP for a socket; nothing for a file or a
 * terminal), then every open input, each slot's in the order stdout,
 * stderr, result FIFO.  Returns the number of entries.
 */
static nfds_t
run_poll_fds(struct run *r)
{
	nfds_t n = 0;
	size_t i;
	int w;

	r->pfd[n].fd = r->sigfd;
	r->pfd[n].events = POLLIN;
	r->pfd_slot[n++] = NULL;
	r->pfd[n].fd = r->cfg->out_fd;
	r->pfd[n].events = 0;
	r->pfd_slot[n++] = NULL;
	/* The FIFO last: a result waits for its test's output (run_round). */
	static const int order[RUN_NFDS] = { 0, 1, RUN_SIDE, 2 };

	for (i = 0; i < r->nslots; i++)
		for (int k = 0; k < RUN_NFDS; k++) {
			w = order[k];
			if (r->slots[i].fd[w] < 0)
				continue;
			r->pfd[n].fd = r->slots[i].fd[w];
			r->pfd[n].events = POLLIN;
			r->pfd_slot[n] = &r->slots[i];
			r->pfd_which[n++] = w;
		}
	return n;
}

/* Write out what this round produced. */
static void
run_flush(struct run *r)
{
	int rc = emit_out_flush(r->out);

	if (rc == -EPIPE)
		r->output_gone = true;
	else if (rc < 0)
		run_fail(r, rc, "write standard output");
}

/* Nothing running and nothing (more) to start. */
static bool
run_idle(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->nslots; i++)
		if (run_active(&r->slots[i]))
			return false;
	return r->next >= r->njobs || r->signo != 0 || r->error != 0;
}

/* One round.  Returns false when the run is over (or must stop). */
static bool
run_round(struct run *r)
{
	nfds_t n, i;
	long long now;
	int rc;

	run_start_pending(r);
	run_flush(r);
	if (r->output_gone || r->error != 0 || run_idle(r))
		return false;
	n = run_poll_fds(r);
	rc = poll(r->pfd, n, run_poll_timeout(r, run_now_ms()));
	if (rc < 0 && errno != EINTR) {
		run_fail(r, -errno, "poll");
		return false;
	}
	now = run_now_ms();
	if (rc > 0 && r->pfd[0].revents != 0)
		run_signals(r, now);
	if (rc > 0 && (r->pfd[1].revents & (POLLERR | POLLHUP)) != 0) {
		r->output_gone = true;
		return false;
	}
	for (i = 0; i < r->nslots; i++)
		r->slots[i].pipe_full = false;
	for (i = 2; rc > 0 && i < n; i++) {
		struct slot *s = r->pfd_slot[i];

		/*
		 * A result waits while its test's output may be unread; a
		 * side channel a pipe's read drained to its end is closed.
		 */
		if (r->pfd[i].revents != 0 && s->fd[r->pfd_which[i]] >= 0 &&
		    !(r->pfd_which[i] == 2 && s->pipe_full))
			run_read(r, s, r->pfd_which[i]);
	}
	for (i = 0; i < r->nslots; i++)
		run_tick_slot(r, &r->slots[i], now);
	run_flush(r);
	return !r->output_gone && r->error == 0;
}

/*
 * The output is gone or a system error: kill every program now, reap the
 * main processes, drop their state (no more packets).
 */
static void
run_abort(struct run *r)
{
	long long now = run_now_ms();
	bool rites = r->error == -ENOMEM;
	size_t i;

	for (i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		if (!run_active(s))
			continue;
		run_kill(s, now);
		if (s->state == SLOT_RUNNING)
			while (waitpid(s->pgid, NULL, 0) < 0 && errno == EINTR)
				;
		/*
		 * Out of memory, the output still works: every open test
		 * gets a verdict, written without allocating.  A failed
		 * write ends that (the error message is already decided).
		 */
		if (rites && s->emit && emit_last_rites(s->emit,
		    SW_STATUS_FAIL, "subunit-wrap ran out of memory; the "
		    "program was stopped") < 0)
			rites = false;
		run_release(s);
	}
}

/* ---- setup --------------------------------------------------------- */

/*
 * Block the signals the loop handles and read them from a signalfd.  They
 * stay blocked after run_programs returns: the caller exits, with a code
 * that says which signal came.
 */
static int
run_setup_signals(struct run *r)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);     /* the terminal went away: same */
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	r->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return r->sigfd < 0 ? -errno : 0;
}

static void run_free(struct run *r);

/* One job per program.  0 or -ENOMEM. */
static int
run_new_jobs(struct run *r, const struct run_prog *progs, size_t n)
{
	struct job_config jc = {
		.list = r->cfg->list, .select = r->cfg->select,
		.out = r->out, .warn = r->cfg->warn,
	};

	for (r->njobs = 0; r->njobs < n; r->njobs++)
		if ((r->jobs[r->njobs] = job_new(&progs[r->njobs], &jc)) ==
		    NULL)
			return -ENOMEM;
	return 0;
}

static struct run *
run_new(const struct run_prog *progs, size_t n, const struct run_config *cfg,
    struct emit_out *out)
{
	struct run *r;
	size_t npfd;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->cfg = cfg;
	r->out = out;
	r->sigfd = -1;
	r->nslots = cfg->jobs < n ? cfg->jobs : n;
	if (r->nslots == 0)
		r->nslots = 1;
	npfd = 2 + RUN_NFDS * r->nslots;
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	r->pfd = calloc(npfd, sizeof(*r->pfd));
	r->pfd_slot = calloc(npfd, sizeof(*r->pfd_slot));
	r->pfd_which = calloc(npfd, sizeof(*r->pfd_which));
	r->jobs = calloc(n ? n : 1, sizeof(*r->jobs));
	if (r->slots == NULL || r->pfd == NULL || r->pfd_slot == NULL ||
	    r->pfd_which == NULL || r->jobs == NULL ||
	    run_new_jobs(r, progs, n) < 0) {
		run_free(r);
		return NULL;
	}
	return r;
}

static void
run_free(struct run *r)
{
	if (r->sigfd >= 0)
		close(r->sigfd);
	for (size_t i = 0; i < r->njobs; i++)
		job_free(r->jobs[i]);
	free(r->jobs);
	free(r->slots);
	free(r->pfd);
	free(r->pfd_slot);
	free(r->pfd_which);
	free(r);
}

static void
run_set_result(const struct run *r, struct run_result *res)
{
	memset(res, 0, sizeof(*res));
	if (r->output_gone) {
		res->outcome = RUN_OUTPUT_GONE;
	} else if (r->error != 0) {
		res->outcome = RUN_FAILED;
		res->error = r->error;
		res->what = r->what;
	} else if (r->signo != 0) {
		res->outcome = RUN_INTERRUPTED;
		res->signo = r->signo;
	} else if (r->list_failed) {
		res->outcome = RUN_LIST_FAILED;
	} else {
		res->outcome = RUN_DONE;
	}
}

/*
 * --list, after every listing run: the `exists` packets, in program
 * order, if every listing worked; otherwise nothing.
 */
static void
run_write_lists(struct run *r)
{
	size_t i;
	int rc;

	if (run_stopping(r))
		return;
	for (i = 0; i < r->njobs; i++)
		if (job_list_failed(r->jobs[i]))
			r->list_failed = true;
	for (i = 0; i < r->njobs && !r->list_failed; i++)
		if ((rc = job_write_list(r->jobs[i])) < 0) {
			run_fail(r, rc, "emit");
			return;
		}
	if (!r->list_failed)
		run_flush(r);
}

int
run_programs(const struct run_prog *progs, size_t n,
    const struct run_config *cfg, struct emit_out *out,
    struct run_result *res)
{
	unsigned orphans;
	struct run *r;
	bool aborted;
	int rc;

	if ((r = run_new(progs, n, cfg, out)) == NULL) {
		memset(res, 0, sizeof(*res));
		res->outcome = RUN_FAILED;
		res->error = -ENOMEM;
		res->what = "start";
		return -1;
	}
	if ((rc = spawn_become_subreaper()) < 0)
		run_warn(r, "cannot become a child subreaper (%s): orphans "
		    "of the programs will not be reaped", strerror(-rc));
	if ((rc = run_setup_signals(r)) < 0)
		run_fail(r, rc, "signal setup");
	while (r->error == 0 && run_round(r))
		;
	if (cfg->list)
		run_write_lists(r);
	aborted = r->output_gone || r->error != 0;
	if (aborted)
		run_abort(r);
	orphans = spawn_reap_orphans(aborted || r->signo != 0 ? 0 :
	    RUN_KILL_GRACE_MS);
	/*
	 * Not after an abort: then everything is killed at once, the error
	 * is the one message (invariant 6), and the count would include
	 * members of the groups run_abort just killed (reparented to us,
	 * not yet reaped), which no program left running.
	 */
	if (orphans > 0 && !aborted)
		run_warn(r, "stopped %u process%s the programs left running",
		    orphans, orphans == 1 ? "" : "es");
	run_set_result(r, res);
	run_free(r);
	return res->outcome == RUN_DONE ? 0 : -1;
}

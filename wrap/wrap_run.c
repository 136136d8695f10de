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
 * Timeouts: a slot's timer starts when its program starts (whole-program
 * plug-ins) or when a level-0 test opens (other plug-ins: the emitter's
 * depth goes 0 -> 1), and stops when that test closes.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

enum slot_state {
	SLOT_FREE,
	SLOT_RUNNING,            /* the program's main process is alive */
	SLOT_DRAINING,           /* it exited; reading its pipes to EOF */
	SLOT_LINGERING,          /* verdict given; its group must go */
};

struct slot {
	enum slot_state state;
	const struct run_prog *prog;
	struct emit *emit;
	struct pat *pat;
	pid_t pgid;              /* main process id = process group id */
	int fd[2];               /* stdout, stderr read ends; -1 after EOF */
	struct pat_exit ex;      /* how it ended, for pat_finish */
	long long timer_ms;      /* start of the timed test; -1: none */
	long long drain_ms;      /* DRAINING: give up on the pipes then */
	long long kill_ms;       /* stopping: SIGKILL then; -1: not stopping */
	long long giveup_ms;     /* after SIGKILL: stop waiting then */
	bool killed;             /* SIGKILL sent */
	bool drain_expired;      /* descendants held the pipes too long */
};

struct run {
	const struct run_config *cfg;
	struct emit_out *out;
	const struct run_prog *progs;
	size_t nprogs;
	size_t next;             /* next program to start */
	struct slot *slots;
	size_t nslots;
	struct pollfd *pfd;      /* 2 + 2 * nslots */
	struct slot **pfd_slot;  /* owner of pfd[i] (NULL for the signalfd) */
	int *pfd_which;          /* 0 stdout, 1 stderr */
	int sigfd;
	int signo;               /* first SIGTERM/INT/HUP received, or 0 */
	bool output_gone;        /* EPIPE on stdout */
	int error;               /* first system error (-errno), or 0 */
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
 * Level-0 tests of plug-ins that name them start and stop the timeout
 * timer: the emitter's depth says when one opened or closed.
 */
static void
run_track_timer(struct slot *s, const struct pat_event *ev)
{
	if (ev->kind == PAT_OPEN && emit_depth(s->emit) == 1)
		s->timer_ms = run_now_ms();
	else if (ev->kind == PAT_CLOSE && emit_depth(s->emit) == 0)
		s->timer_ms = -1;
}

/* pat_emit_fn: every event goes to the emitter; watch for the timer. */
static int
run_on_event(void *ctx, const struct pat_event *ev)
{
	struct slot *s = ctx;
	int rc;

	rc = emit_pat_event(s->emit, ev);
	if (rc == 0 && !s->prog->ops->whole_program)
		run_track_timer(s, ev);
	return rc;
}

/* ---- starting ------------------------------------------------------ */

/* Free what a slot holds (no packets) and make it FREE. */
static void
run_release(struct slot *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (s->fd[i] >= 0)
			close(s->fd[i]);
		s->fd[i] = -1;
	}
	pat_free(s->pat);
	emit_free(s->emit);
	s->pat = NULL;
	s->emit = NULL;
	s->state = SLOT_FREE;
}

/*
 * The program could not be started (exec failed after spawn_find said
 * it could: the file changed; or no fork, no pipes).  Its test fails
 * with the reason, and the run goes on.
 */
static void
run_start_failed(struct run *r, struct slot *s, int rc)
{
	char reason[RUN_REASON_MAX];
	int erc = 0;

	snprintf(reason, sizeof(reason), "cannot run %s: %s", s->prog->path,
	    strerror(-rc));
	run_warn(r, "%s", reason);
	if (emit_depth(s->emit) == 0)
		erc = emit_open(s->emit, sw_str_c(s->prog->id), true);
	if (erc == 0)
		erc = emit_close_all(s->emit, SW_STATUS_FAIL, reason);
	if (erc < 0)
		run_fail(r, erc, "emit");
	run_release(s);
}

/* Start program p in the free slot s. */
static void
run_start(struct run *r, struct slot *s, const struct run_prog *p)
{
	struct spawn_req req = {
		.path = p->path, .argv = p->argv,
		.env_unset = p->ops->env_unset, .env_set = p->ops->env_set,
	};
	struct spawn_child child;
	char err[256];
	int rc;

	memset(s, 0, sizeof(*s));
	s->prog = p;
	s->fd[0] = s->fd[1] = -1;
	s->timer_ms = s->kill_ms = -1;
	s->ex.timeout_secs = r->cfg->timeout_secs;
	if ((s->emit = emit_new(r->out, p->route, p->id_prefix)) == NULL) {
		run_fail(r, -ENOMEM, "emit");
		return;
	}
	rc = pat_new(p->ops, p->options, run_on_event, s, &s->pat, err,
	    sizeof(err));
	if (rc < 0) {
		run_fail(r, rc, "classifier");
		run_release(s);
		return;
	}
	/* The program test opens before the program starts. */
	if (p->ops->whole_program &&
	    (rc = emit_open(s->emit, sw_str_c(p->id), true)) < 0) {
		run_fail(r, rc, "emit");
		run_release(s);
		return;
	}
	if ((rc = spawn_start(&req, &child)) < 0) {
		run_start_failed(r, s, rc);
		return;
	}
	s->pgid = child.pid;
	s->fd[0] = child.out_fd;
	s->fd[1] = child.err_fd;
	s->state = SLOT_RUNNING;
	if (p->ops->whole_program)
		s->timer_ms = run_now_ms();
}

/* Fill free slots with the next programs, unless we are stopping. */
static void
run_start_pending(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nslots && r->next < r->nprogs; i++) {
		if (r->signo != 0 || r->error != 0 || r->output_gone)
			return;
		if (!run_active(&r->slots[i]))
			run_start(r, &r->slots[i], &r->progs[r->next++]);
	}
}

/* ---- signals and reaping ----------------------------------------- */

/* A main process ended: remember how, and drain its pipes. */
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

/*
 * Read one chunk from pipe `which` of s into its classifier.  At EOF (or
 * on a read error, treated as EOF) the pipe is closed.
 */
static enum run_read_result
run_read(struct run *r, struct slot *s, int which)
{
	ssize_t n;
	int rc;

	n = read(s->fd[which], r->buf, sizeof(r->buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return READ_AGAIN;
	if (n <= 0) {
		if (n < 0)
			run_warn(r, "%s: reading its %s: %s", s->prog->id,
			    which == 0 ? "stdout" : "stderr",
			    strerror(errno));
		close(s->fd[which]);
		s->fd[which] = -1;
		return READ_EOF;
	}
	if ((rc = pat_feed(s->pat, which + 1, r->buf, (size_t)n)) < 0)
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

	for (which = 0; which < 2; which++)
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
 * The program is over: the classifier closes what is open and gives the
 * program's verdict, which closes the program test.  Then the slot waits
 * for the rest of the process group.
 */
static void
run_finish(struct run *r, struct slot *s)
{
	enum sw_status status = SW_STATUS_FAIL;
	char reason[RUN_REASON_MAX] = "";
	int rc;

	rc = pat_finish(s->pat, &s->ex, &status, reason, sizeof(reason));
	if (s->drain_expired)
		run_add_reason(reason, sizeof(reason), "processes it started "
		    "kept its output open after it exited and were killed");
	if (rc == 0 && s->prog->ops->whole_program)
		rc = emit_close(s->emit, status, reason);
	/* Always a verdict, whatever the plug-in did. */
	if (rc == 0 && emit_depth(s->emit) > 0)
		rc = emit_close_all(s->emit, SW_STATUS_FAIL,
		    "still open when the program ended");
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
		if (s->fd[0] >= 0 || s->fd[1] >= 0) {
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
 * terminal), then every open pipe.  Returns the number of entries.
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
	for (i = 0; i < r->nslots; i++)
		for (w = 0; w < 2; w++) {
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
	return r->next >= r->nprogs || r->signo != 0 || r->error != 0;
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
	for (i = 2; rc > 0 && i < n; i++)
		if (r->pfd[i].revents != 0)
			run_read(r, r->pfd_slot[i], r->pfd_which[i]);
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
	size_t i;

	for (i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		if (!run_active(s))
			continue;
		run_kill(s, now);
		if (s->state == SLOT_RUNNING)
			while (waitpid(s->pgid, NULL, 0) < 0 && errno == EINTR)
				;
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
	r->progs = progs;
	r->nprogs = n;
	r->sigfd = -1;
	r->nslots = cfg->jobs < n ? cfg->jobs : n;
	if (r->nslots == 0)
		r->nslots = 1;
	npfd = 2 + 2 * r->nslots;
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	r->pfd = calloc(npfd, sizeof(*r->pfd));
	r->pfd_slot = calloc(npfd, sizeof(*r->pfd_slot));
	r->pfd_which = calloc(npfd, sizeof(*r->pfd_which));
	if (r->slots == NULL || r->pfd == NULL || r->pfd_slot == NULL ||
	    r->pfd_which == NULL) {
		free(r->slots);
		free(r->pfd);
		free(r->pfd_slot);
		free(r->pfd_which);
		free(r);
		return NULL;
	}
	return r;
}

static void
run_free(struct run *r)
{
	if (r->sigfd >= 0)
		close(r->sigfd);
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
	} else {
		res->outcome = RUN_DONE;
	}
}

int
run_programs(const struct run_prog *progs, size_t n,
    const struct run_config *cfg, struct emit_out *out,
    struct run_result *res)
{
	unsigned orphans;
	struct run *r;
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
	if (r->output_gone || r->error != 0)
		run_abort(r);
	orphans = spawn_reap_orphans(r->output_gone || r->error != 0 ||
	    r->signo != 0 ? 0 : RUN_KILL_GRACE_MS);
	if (orphans > 0 && !r->output_gone)
		run_warn(r, "stopped %u process%s the programs left running",
		    orphans, orphans == 1 ? "" : "es");
	run_set_result(r, res);
	run_free(r);
	return res->outcome == RUN_DONE ? 0 : -1;
}

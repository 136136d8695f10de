/*
 * test_job: the plans of wrap_job, driven by hand with a fake framework
 * plug-in (no process is run): which runs a program gets, what each run
 * selects, a full run listed only after it dies, restarts after a crash,
 * blaming and giving up, -E2BIG halving, select_max batches, --load-list
 * filtering, listing failures, layers relabelled, a framework that lists
 * only by running (Check), isolated runs (ops->isolate_env), and the
 * packets written for tests that never ran and for the program's own
 * failed verdicts (decoded back with lib's decoder).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "t_events.h"
#include "wrap_job.h"

/* ---- a fake framework -------------------------------------------------- */

/* select() says -E2BIG for more ids than this, or for an id "LONG". */
static size_t fake_e2big_over = 1000;

/* One argument "sel=A,B,C"; an id "BAD" is -EINVAL. */
static int
fake_select(const struct sw_str *ids, size_t n, const struct sw_str *listed,
    size_t nlisted, struct pat_cmd *cmd)
{
	char buf[1024] = "sel=";
	size_t i;

	(void)listed;
	(void)nlisted;
	if (n > fake_e2big_over)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (ids[i].len == 3 && memcmp(ids[i].ptr, "BAD", 3) == 0)
			return -EINVAL;
		if (ids[i].len == 4 && memcmp(ids[i].ptr, "LONG", 4) == 0)
			return -E2BIG;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "%s%.*s", i ? "," : "", (int)ids[i].len, ids[i].ptr);
	}
	return pat_cmd_arg(cmd, "%s", buf);
}

static const char *const fake_list_args[] = { "--list", NULL };

static struct pat_ops fake_ops;

static void
fake_reset(size_t select_max)
{
	memset(&fake_ops, 0, sizeof(fake_ops));
	fake_ops.name = "fake";
	fake_ops.list_args = fake_list_args;
	fake_ops.select = fake_select;
	fake_ops.select_max = select_max;
	fake_e2big_over = 1000;
}

/* ---- the rig: a job writing into a temporary file -------------------- */

struct rig {
	struct run_prog prog;
	struct job_config cfg;
	struct job *job;
	struct list *list;
	int fd;
	char path[64];
	char warned[512];
};

static char warned[512];

static void
rig_warn(const char *msg)
{
	snprintf(warned, sizeof(warned), "%s", msg);
}

static void
rig_start(struct rig *g, bool list_mode, const char *prefix,
    const char *load_list)
{
	char err[128];

	memset(g, 0, sizeof(*g));
	warned[0] = '\0';
	snprintf(g->path, sizeof(g->path), "/tmp/test_job.XXXXXX");
	g->fd = mkstemp(g->path);
	if (load_list != NULL) {
		char lp[64] = "/tmp/test_job_list.XXXXXX";
		int lfd = mkstemp(lp);

		T_CHECK(write(lfd, load_list, strlen(load_list)) ==
		    (ssize_t)strlen(load_list), "write list");
		close(lfd);
		T_EQ_INT(list_load(lp, &g->list, err, sizeof(err)), 0);
		unlink(lp);
	}
	g->prog.id = "prog";
	g->prog.path = "/bin/true";
	g->prog.ops = &fake_ops;
	g->prog.id_prefix = prefix;
	g->cfg.list = list_mode;
	g->cfg.select = g->list;
	g->cfg.out = emit_out_new(g->fd);
	g->cfg.warn = rig_warn;
	g->job = job_new(&g->prog, &g->cfg);
}

/* The packets written so far, without timestamps; caller frees. */
static char *
rig_events(struct rig *g)
{
	struct t_rec r = T_REC_INIT;
	off_t size;
	char *buf, *out;
	size_t o = 0;

	T_EQ_INT(emit_out_flush(g->cfg.out), 0);
	size = lseek(g->fd, 0, SEEK_END);
	buf = malloc((size_t)size + 1);
	T_EQ_INT(pread(g->fd, buf, (size_t)size, 0), size);
	t_decode(&r, buf, (size_t)size, 0);
	free(buf);
	out = malloc(r.len + 1);
	for (size_t i = 0; r.out && i < r.len;) {
		if (strncmp(r.out + i, " ts=", 4) == 0) {
			i += 4;
			while (r.out[i] != ' ' && r.out[i] != '\n')
				i++;
			continue;
		}
		out[o++] = r.out[i++];
	}
	out[o] = 0;
	t_rec_free(&r);
	return out;
}

static void
rig_end(struct rig *g)
{
	job_free(g->job);
	emit_out_free(g->cfg.out);
	list_free(g->list);
	close(g->fd);
	unlink(g->path);
}

#define EXPECT(g, want)                                                       \
	do {                                                                  \
		char *got_ = rig_events(g);                                   \
		T_CHECK(strcmp(got_, want) == 0, "\n--- want\n%s--- got\n%s", \
		    want, got_);                                              \
		free(got_);                                                   \
	} while (0)

/* The next run must be `kind`, selecting `sel` ("" for no argument). */
#define NEXT(g, kind, sel)                                                    \
	do {                                                                  \
		struct pat_cmd c_ = PAT_CMD_INIT;                             \
		enum job_run k_;                                              \
		T_EQ_INT(job_next((g)->job, &k_, &c_), 0);                    \
		T_EQ_INT(k_, kind);                                           \
		T_CHECK(strcmp(c_.nargs ? c_.args[0] : "", sel) == 0,         \
		    "selection '%s', want '%s'", c_.nargs ? c_.args[0] : "",  \
		    sel);                                                     \
		pat_cmd_free(&c_);                                            \
	} while (0)

static const struct pat_exit exit_ok = { .exited = true, .code = 0 };
static const struct pat_exit exit_one = { .exited = true, .code = 1 };
static const struct pat_exit segv = { .signaled = true, .signo = SIGSEGV };

static void
ended(struct rig *g, const struct pat_exit *ex, const char *open,
    bool runnable, enum sw_status verdict, const char *reason)
{
	struct job_end e = {
		.ex = ex, .open_runnable = runnable, .verdict = verdict,
		.reason = reason,
	};

	if (open != NULL)
		e.open_label = sw_str_c(open);
	T_EQ_INT(job_ended(g->job, &e), 0);
}

static void
listed(struct rig *g, const char *ids)
{
	char buf[256], *save, *id;

	snprintf(buf, sizeof(buf), "%s", ids);
	for (id = strtok_r(buf, " ", &save); id; id = strtok_r(NULL, " ",
	    &save))
		T_EQ_INT(job_listed(g->job, sw_str_c(id)), 0);
}

static void
opened(struct rig *g, const char *ids)
{
	char buf[256], *save, *id;

	snprintf(buf, sizeof(buf), "%s", ids);
	for (id = strtok_r(buf, " ", &save); id; id = strtok_r(NULL, " ",
	    &save))
		T_EQ_INT(job_opened(g->job, sw_str_c(id)), 0);
}

/* A listing run that reports ids and exits 0. */
static void
listing(struct rig *g, const char *ids)
{
	NEXT(g, JOB_RUN_LIST, "");
	listed(g, ids);
	ended(g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
}

/* ---- the cases --------------------------------------------------------- */

static void
whole_program_runs_once(void)
{
	struct rig g;

	fake_reset(0);
	fake_ops.whole_program = true;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "crashed");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
	/* --list: its id, no run. */
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(!job_list_failed(g.job), "list failed");
	T_EQ_INT(job_write_list(g.job), 0);
	EXPECT(&g, "exists id=prog\n");
	rig_end(&g);
}

static void
full_run_then_clean_end(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	/* No listing first; a clean end (exit 1: tests failed) needs none. */
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "A B");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

static void
crash_restarts_the_rest(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "A B");
	ended(&g, &segv, "B", true, SW_STATUS_FAIL, "no summary");
	/* It died: listed now, to learn what it did not reach. */
	listing(&g, "A B C D");
	NEXT(&g, JOB_RUN_TEST, "sel=C,D");
	opened(&g, "C D");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	/* The program's entry: not runnable, no prefix, the failed run. */
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:run 1: no summary eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
}

static void
stall_blames_first_then_gives_up(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, "p::", NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "");
	listing(&g, "A B C");
	/* A is taken as the crashing test; B and C are tried again. */
	NEXT(&g, JOB_RUN_TEST, "sel=B,C");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=p::A\n"
	    "none id=p::A mime=text/plain;charset=utf8 file=reason:no result: "
	    "the program ended (killed by signal SIGSEGV) before it reported "
	    "one; this test was the first to run, so the failure is taken as "
	    "its own eof\n"
	    "fail id=p::A\n"
	    "inprogress id=p::B\n"
	    "none id=p::B mime=text/plain;charset=utf8 file=reason:never ran: "
	    "the program ended (killed by signal SIGSEGV) before reaching it "
	    "eof\n"
	    "fail id=p::B\n"
	    "inprogress id=p::C\n"
	    "none id=p::C mime=text/plain;charset=utf8 file=reason:never ran: "
	    "the program ended (killed by signal SIGSEGV) before reaching it "
	    "eof\n"
	    "fail id=p::C\n"
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:run 1: the run failed outside any test eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
}

static void
progress_resets_the_stall(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &segv, "X", true, SW_STATUS_SUCCESS, "");
	listing(&g, "A B C D");
	/* An unlisted test was open: nobody blamed, tried again. */
	NEXT(&g, JOB_RUN_TEST, "sel=A,B,C,D");
	opened(&g, "A");
	ended(&g, &segv, "A", true, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "sel=B,C,D");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	/* A first stall again (progress came between): B blamed. */
	NEXT(&g, JOB_RUN_TEST, "sel=C,D");
	opened(&g, "C D");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=B\n"
	    "none id=B mime=text/plain;charset=utf8 file=reason:no result: "
	    "the program ended (killed by signal SIGSEGV) before it reported "
	    "one; this test was the first to run, so the failure is taken as "
	    "its own eof\n"
	    "fail id=B\n");
	rig_end(&g);
}

static void
death_in_a_layer_gives_up_at_once(void)
{
	struct rig g;
	struct sw_str l;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &segv, "S (set-up)", false, SW_STATUS_FAIL, "no summary");
	listing(&g, "A B");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=A\n"
	    "none id=A mime=text/plain;charset=utf8 file=reason:never ran: "
	    "the program ended (killed by signal SIGSEGV) in S (set-up), "
	    "before reaching it eof\n"
	    "fail id=A\n"
	    "inprogress id=B\n"
	    "none id=B mime=text/plain;charset=utf8 file=reason:never ran: "
	    "the program ended (killed by signal SIGSEGV) in S (set-up), "
	    "before reaching it eof\n"
	    "fail id=B\n"
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:no summary eof norun\n"
	    "fail id=prog norun\n");
	/* Layers repeat across runs: "#2", "#3". */
	T_EQ_INT(job_layer_label(g.job, sw_str_c("S (set-up)"), &l), 0);
	T_CHECK(l.len == 10 && memcmp(l.ptr, "S (set-up)", 10) == 0, "%.*s",
	    (int)l.len, l.ptr);
	T_EQ_INT(job_layer_label(g.job, sw_str_c("S (set-up)"), &l), 0);
	T_CHECK(l.len == 13 && memcmp(l.ptr, "S (set-up) #2", 13) == 0,
	    "%.*s", (int)l.len, l.ptr);
	T_EQ_INT(job_layer_label(g.job, sw_str_c("G"), &l), 0);
	T_CHECK(l.len == 1 && l.ptr[0] == 'G', "%.*s", (int)l.len, l.ptr);
	T_EQ_INT(job_layer_label(g.job, sw_str_c("S (set-up)"), &l), 0);
	T_CHECK(l.len == 13 && memcmp(l.ptr, "S (set-up) #3", 13) == 0,
	    "%.*s", (int)l.len, l.ptr);
	rig_end(&g);
}

static void
e2big_halves_the_batch(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "A");
	ended(&g, &segv, "A", true, SW_STATUS_FAIL, "x");
	listing(&g, "A B C D E");
	fake_e2big_over = 3;
	/* 4 ids: too many; 2 fit, and the batch size stays 2. */
	NEXT(&g, JOB_RUN_TEST, "sel=B,C");
	opened(&g, "B C");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "sel=D,E");
	opened(&g, "D E");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
}

static void
an_id_too_long_alone_never_runs(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, "LONG\nB\n");
	listing(&g, "A LONG B");
	/* --load-list: selected at once; LONG cannot be, B can. */
	NEXT(&g, JOB_RUN_TEST, "sel=B");
	opened(&g, "B");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=LONG\n"
	    "none id=LONG mime=text/plain;charset=utf8 file=reason:never ran: "
	    "its id is too long to select it on the program's command line "
	    "eof\n"
	    "fail id=LONG\n");
	rig_end(&g);
}

static void
select_max_batches(void)
{
	struct rig g;

	fake_reset(2);
	rig_start(&g, false, NULL, "A\nB\nC\n");
	listing(&g, "A B C D");
	NEXT(&g, JOB_RUN_TEST, "sel=A,B");
	opened(&g, "A B");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "sel=C");
	opened(&g, "C");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

static void
load_list_with_prefix_and_subtests(void)
{
	struct rig g;

	fake_reset(0);
	/* Unknown ids ignored, a subtest selects its parent, no prefix: no. */
	rig_start(&g, false, "p::", "p::B (sub)\np::Z\nC\nq::A\n");
	listing(&g, "A B C");
	NEXT(&g, JOB_RUN_TEST, "sel=B");
	opened(&g, "B");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
	/* Nothing of this program selected: no test run at all. */
	rig_start(&g, false, "p::", "q::A\n");
	listing(&g, "A B");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

static void
list_mode_writes_exists(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, true, "p::", "p::B\np::A (x)\n");
	listing(&g, "A B C A");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(!job_list_failed(g.job), "failed");
	T_EQ_INT(job_write_list(g.job), 0);
	EXPECT(&g, "exists id=p::A\nexists id=p::B\n");
	rig_end(&g);
}

static void
listing_failures(void)
{
	struct rig g;

	fake_reset(0);
	/* --list: fails, warned. */
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(job_list_failed(g.job), "not failed");
	T_CHECK(strcmp(warned, "prog: listing its tests failed (exit status "
	    "1)") == 0, "%s", warned);
	rig_end(&g);
	/* After a full run that died: warned, nothing run again. */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "A");
	ended(&g, &segv, "A", true, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "A B");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	T_CHECK(strcmp(warned, "prog: listing its tests failed (killed by "
	    "signal SIGSEGV); the tests it did not reach are not run again") ==
	    0, "%s", warned);
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 file=reason:died eof "
	    "norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	/* --load-list: the selection cannot be made; the entry says so. */
	rig_start(&g, false, NULL, "A\n");
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 file=reason:cannot "
	    "select the tests to run: listing them failed (exit status 1) eof "
	    "norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
}

static void
no_listing_no_selection(void)
{
	struct rig g;

	/* Cannot select: one whole run (the listing only for --load-list). */
	fake_reset(0);
	fake_ops.select = NULL;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 file=reason:died eof "
	    "norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	rig_start(&g, false, NULL, "B\n");
	listing(&g, "A B");
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
	/* Cannot list: one whole run; --list refuses. */
	fake_reset(0);
	fake_ops.list_args = NULL;
	rig_start(&g, false, NULL, "A\n");
	NEXT(&g, JOB_RUN_TEST, "");
	rig_end(&g);
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(job_list_failed(g.job), "listed");
	rig_end(&g);
}

static void
interrupted_reports_nothing_more(void)
{
	struct rig g;
	struct pat_exit intr = { .signaled = true, .signo = SIGTERM,
	    .interrupted = true };

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &intr, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

static void
start_failure_reports_the_rest(void)
{
	struct rig g;

	fake_reset(0);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "A");
	ended(&g, &segv, "A", true, SW_STATUS_SUCCESS, "");
	listing(&g, "A B");
	NEXT(&g, JOB_RUN_TEST, "sel=B");
	T_EQ_INT(job_start_failed(g.job, "cannot run /bin/true: gone"), 0);
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=B\n"
	    "none id=B mime=text/plain;charset=utf8 file=reason:never ran: "
	    "cannot run /bin/true: gone eof\n"
	    "fail id=B\n"
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 file=reason:run 2: "
	    "cannot run /bin/true: gone eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
}

/* A Check-like plug-in: no list_args, lists by running, one id a run. */
static void
fake_by_running(void)
{
	fake_reset(1);
	fake_ops.list_args = NULL;
	fake_ops.list_by_running = true;
}

static void
list_by_running_lists_what_opened(void)
{
	struct rig g;

	fake_by_running();
	/* The listing run is the program's run; failing tests are fine. */
	rig_start(&g, true, "p::", NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A S/B");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(!job_list_failed(g.job), "failed");
	T_CHECK(strcmp(warned, "prog cannot list its tests without running "
	    "them: ran it with its output discarded") == 0, "%s", warned);
	T_EQ_INT(job_write_list(g.job), 0);
	EXPECT(&g, "exists id=p::S/A\nexists id=p::S/B\n");
	rig_end(&g);
	/* With --load-list: only the selected ones. */
	rig_start(&g, true, NULL, "S/B (t_x)\n");
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A S/B");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_EQ_INT(job_write_list(g.job), 0);
	EXPECT(&g, "exists id=S/B\n");
	rig_end(&g);
	/* A signal fails the listing; so does an exit status with no test. */
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(job_list_failed(g.job), "not failed");
	T_CHECK(strcmp(warned, "prog: listing its tests failed (killed by "
	    "signal SIGSEGV)") == 0, "%s", warned);
	rig_end(&g);
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(job_list_failed(g.job), "not failed");
	rig_end(&g);
	/* Exit 0 with no test: an empty listing. */
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(!job_list_failed(g.job), "failed");
	T_EQ_INT(job_write_list(g.job), 0);
	EXPECT(&g, "");
	rig_end(&g);
}

static void
list_by_running_full_run_restarts(void)
{
	struct rig g;

	fake_by_running();
	/* A clean full run (tests failed, exit 1) costs no listing. */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "S/A S/B");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	T_CHECK(warned[0] == '\0', "warned: %s", warned);
	rig_end(&g);
	/*
	 * A full run that died: listed by running (its failing tests are
	 * fine), then one run per tcase it did not reach.
	 */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "S/A");
	ended(&g, &segv, "S/A", true, SW_STATUS_FAIL, "no summary");
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A S/B S/C S/D");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	T_CHECK(strcmp(warned, "prog cannot list its tests without running "
	    "them: ran it again with its output discarded, to learn the "
	    "tests the run that died did not reach") == 0, "%s", warned);
	NEXT(&g, JOB_RUN_TEST, "sel=S/B");
	/* S/B crashes in its first test, nothing open: it is blamed. */
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "no summary");
	NEXT(&g, JOB_RUN_TEST, "sel=S/C");
	opened(&g, "S/C");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "sel=S/D");
	opened(&g, "S/D");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=S/B\n"
	    "none id=S/B mime=text/plain;charset=utf8 file=reason:no result: "
	    "the program ended (killed by signal SIGSEGV) before it reported "
	    "one; this test was the first to run, so the failure is taken as "
	    "its own eof\n"
	    "fail id=S/B\n"
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:run 1: no summary\\x0arun 2: no summary eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	/* A listing that fails too: the rest is not run again (warned). */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "S/A");
	ended(&g, &segv, "S/A", true, SW_STATUS_FAIL, "no summary");
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	T_CHECK(strcmp(warned, "prog: listing its tests failed (killed by "
	    "signal SIGSEGV); the tests it did not reach are not run again")
	    == 0, "%s", warned);
	rig_end(&g);
}

static void
list_by_running_load_list_uses_the_file(void)
{
	struct rig g;

	fake_by_running();
	/*
	 * No listing: the file's ids, one a run; subtest ids name their
	 * parent (cut after the '/'), other programs' ids and the program's
	 * own id are not tried, an id select refuses is dropped unrun.
	 */
	rig_start(&g, false, NULL,
	    "S (x)/A (t_one)\nS (x)/A (t_two)\nprog\nBAD\nT/B\nN/O\n");
	NEXT(&g, JOB_RUN_TEST, "sel=S (x)/A");
	T_EQ_INT(job_opened(g.job, sw_str_c("S (x)/A")), 0);
	ended(&g, &segv, "S (x)/A", true, SW_STATUS_FAIL, "died");
	/* A crash costs one tcase: the next runs. */
	NEXT(&g, JOB_RUN_TEST, "sel=T/B");
	opened(&g, "T/B");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	/* N/O is not a tcase of the program: opens nothing, dropped. */
	NEXT(&g, JOB_RUN_TEST, "sel=N/O");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:run 1: died eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	/* --each: only "PROG::" lines; none of them: not run at all. */
	rig_start(&g, false, "p::", "q::S/A\np::S/B (f)\n");
	NEXT(&g, JOB_RUN_TEST, "sel=S/B");
	opened(&g, "S/B");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
	rig_start(&g, false, "p::", "q::S/A\n");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

/*
 * Isolated (ops->isolate_env, Check with CK_FORK=no): listed first, then
 * one run per listed id, so a death is blamed on the id its run selected.
 */
static void
list_by_running_isolated(void)
{
	static const char *const unset[] = { "SW_TEST_ISOLATE", NULL };
	static const char *const set_yes[] = { "SW_TEST_ISOLATE=yes", NULL };
	static const char *const set_no[] = { "SW_TEST_ISOLATE=no", NULL };
	struct rig g;

	fake_by_running();
	fake_ops.isolate_env = "SW_TEST_ISOLATE=yes";
	/* Not in the environment: the full run of the plain plan. */
	unsetenv("SW_TEST_ISOLATE");
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	rig_end(&g);
	setenv("SW_TEST_ISOLATE", "yesno", 1);
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	rig_end(&g);
	/*
	 * In it: the listing, then one run each; two runs in a row that die
	 * before any result each blame their own id.
	 */
	setenv("SW_TEST_ISOLATE", "yes", 1);
	rig_start(&g, false, "p::", NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A S/B S/C S/D");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	T_CHECK(strcmp(warned, "prog cannot list its tests without running "
	    "them: ran it with its output discarded") == 0, "%s", warned);
	NEXT(&g, JOB_RUN_TEST, "sel=S/A");
	opened(&g, "S/A");
	ended(&g, &exit_one, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "sel=S/B");
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_TEST, "sel=S/C");
	ended(&g, &segv, NULL, false, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_TEST, "sel=S/D");
	opened(&g, "S/D");
	ended(&g, &segv, "S/D", true, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=p::S/B\n"
	    "none id=p::S/B mime=text/plain;charset=utf8 file=reason:no "
	    "result: the program ended (killed by signal SIGSEGV) before it "
	    "reported one; this test was the first to run, so the failure is "
	    "taken as its own eof\n"
	    "fail id=p::S/B\n"
	    "inprogress id=p::S/C\n"
	    "none id=p::S/C mime=text/plain;charset=utf8 file=reason:no "
	    "result: the program ended (killed by signal SIGSEGV) before it "
	    "reported one; this test was the first to run, so the failure is "
	    "taken as its own eof\n"
	    "fail id=p::S/C\n"
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:run 2: died\\x0arun 3: died\\x0arun 4: died eof "
	    "norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	/* A listing that fails: one whole run, untracked (warned). */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A");
	ended(&g, &segv, NULL, false, SW_STATUS_SUCCESS, "");
	T_CHECK(strcmp(warned, "prog: listing its tests failed (killed by "
	    "signal SIGSEGV); running it whole instead: the tests it does not "
	    "reach are not run") == 0, "%s", warned);
	NEXT(&g, JOB_RUN_TEST, "");
	opened(&g, "S/A");
	ended(&g, &segv, "S/A", true, SW_STATUS_FAIL, "died");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 "
	    "file=reason:died eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);
	/* A listing that names nothing: one whole run. */
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
	/* --load-list and --list keep their plans. */
	rig_start(&g, false, NULL, "S/B\n");
	NEXT(&g, JOB_RUN_TEST, "sel=S/B");
	rig_end(&g);
	rig_start(&g, true, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	listed(&g, "S/A");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
	/* The plug-in's env_unset and env_set win over the environment. */
	fake_ops.env_unset = unset;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	rig_end(&g);
	fake_ops.env_unset = NULL;
	fake_ops.env_set = set_no;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	rig_end(&g);
	unsetenv("SW_TEST_ISOLATE");
	fake_ops.env_unset = unset;
	fake_ops.env_set = set_yes;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_LIST, "");
	rig_end(&g);
	/* Without select, nothing to isolate: one whole run. */
	setenv("SW_TEST_ISOLATE", "yes", 1);
	fake_ops.env_unset = NULL;
	fake_ops.env_set = NULL;
	fake_ops.select = NULL;
	rig_start(&g, false, NULL, NULL);
	NEXT(&g, JOB_RUN_TEST, "");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	rig_end(&g);
	unsetenv("SW_TEST_ISOLATE");
}

/* Layers are "X (set-up)"; one selects the ids starting with X's letter. */
static bool
fake_is_layer(struct sw_str l)
{
	return l.len > 9 && memcmp(l.ptr + l.len - 9, " (set-up)", 9) == 0;
}

static bool
fake_layer_selects(struct sw_str l, struct sw_str id)
{
	return id.len > 0 && id.ptr[0] == l.ptr[0];
}

/*
 * testr --failing passes back every failed id, the program's entry and
 * layers included: a layer selects the tests it prevented, the entry
 * rides along (alone, it selects everything), and each one that does not
 * fail again is reported passing so testr forgets it.
 */
static void
named_entries_select_and_are_cleared(void)
{
	struct sw_str out;
	struct rig g;

	fake_reset(0);
	fake_ops.is_layer = fake_is_layer;
	fake_ops.layer_selects = fake_layer_selects;
	rig_start(&g, false, NULL, "A (set-up) #2\nprog\nC1\nZ (set-up)\n");
	listing(&g, "A1 A2 B1 C1");
	NEXT(&g, JOB_RUN_TEST, "sel=A1,A2,C1");
	opened(&g, "A1 A2 C1");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=A (set-up) #2 norun\n"
	    "success id=A (set-up) #2 norun\n"
	    "inprogress id=prog norun\n"
	    "success id=prog norun\n"
	    "inprogress id=Z (set-up) norun\n"
	    "success id=Z (set-up) norun\n");
	rig_end(&g);

	/* The entry alone: every test. */
	rig_start(&g, false, NULL, "prog\n");
	listing(&g, "A1 B1");
	NEXT(&g, JOB_RUN_TEST, "sel=A1,B1");
	opened(&g, "A1 B1");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "inprogress id=prog norun\nsuccess id=prog norun\n");
	rig_end(&g);

	/* Failing again (the layer twice, the run too): nothing cleared. */
	rig_start(&g, false, NULL, "prog\nA (set-up) #2\n");
	listing(&g, "A1 B1");
	NEXT(&g, JOB_RUN_TEST, "sel=A1");
	T_EQ_INT(job_layer_label(g.job, sw_str_c("A (set-up)"), &out), 0);
	T_EQ_INT(job_layer_label(g.job, sw_str_c("A (set-up)"), &out), 0);
	T_CHECK(out.len == 13 && memcmp(out.ptr, "A (set-up) #2", 13) == 0,
	    "label %.*s", (int)out.len, out.ptr);
	opened(&g, "A1");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_FAIL, "no summary");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g,
	    "inprogress id=prog norun\n"
	    "none id=prog mime=text/plain;charset=utf8 file=reason:no summary "
	    "eof norun\n"
	    "fail id=prog norun\n");
	rig_end(&g);

	/* Not named: nothing extra; a plain id list selects as before. */
	rig_start(&g, false, NULL, "B1\n");
	listing(&g, "A1 B1");
	NEXT(&g, JOB_RUN_TEST, "sel=B1");
	opened(&g, "B1");
	ended(&g, &exit_ok, NULL, false, SW_STATUS_SUCCESS, "");
	NEXT(&g, JOB_RUN_NONE, "");
	EXPECT(&g, "");
	rig_end(&g);
}

int
main(void)
{
	T_RUN(whole_program_runs_once);
	T_RUN(full_run_then_clean_end);
	T_RUN(crash_restarts_the_rest);
	T_RUN(stall_blames_first_then_gives_up);
	T_RUN(progress_resets_the_stall);
	T_RUN(death_in_a_layer_gives_up_at_once);
	T_RUN(e2big_halves_the_batch);
	T_RUN(an_id_too_long_alone_never_runs);
	T_RUN(select_max_batches);
	T_RUN(load_list_with_prefix_and_subtests);
	T_RUN(list_mode_writes_exists);
	T_RUN(listing_failures);
	T_RUN(no_listing_no_selection);
	T_RUN(interrupted_reports_nothing_more);
	T_RUN(start_failure_reports_the_rest);
	T_RUN(list_by_running_lists_what_opened);
	T_RUN(list_by_running_full_run_restarts);
	T_RUN(list_by_running_load_list_uses_the_file);
	T_RUN(list_by_running_isolated);
	T_RUN(named_entries_select_and_are_cleared);
	return t_done();
}

/*
 * wrap_job: the runs of one program and the bookkeeping of its listed
 * tests (see wrap_job.h for the plans).
 *
 * Workload: up to some 10^4 tests per program (a large googletest
 * binary), a handful of runs, most programs ending cleanly after one.
 * Until a listing is needed, each opened test costs one insertion into a
 * set of labels; listed ids live in one array in listing order with a
 * hash index (raw id -> position), so each opened test then costs one
 * lookup and each run's selection is a walk over the array.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_buf.h"
#include "sw_map.h"
#include "wrap_job.h"

/* Room for a report's reason. */
#define JOB_REASON_MAX 1024

/* What the job does next. */
enum job_phase {
	PHASE_START,             /* nothing planned yet */
	PHASE_LIST,              /* a listing run */
	PHASE_PLAIN,             /* one run, every test, no tracking */
	PHASE_TRACKED,           /* test runs tracking the listed ids */
	PHASE_OVER,
};

enum job_id_state {
	ID_TODO,                 /* listed, selected, not opened yet */
	ID_RAN,                  /* opened in some run */
	ID_GONE,                 /* not selected, dropped or reported */
};

struct job_id {
	char *s;                 /* the raw id, NUL-terminated */
	size_t len;
	enum job_id_state state;
};

struct job {
	const struct run_prog *prog;
	const struct pat_ops *ops;
	struct job_config cfg;
	enum job_phase phase;
	enum job_run current;    /* the run under way */
	struct job_id *ids;      /* listed ids, in listing order */
	size_t nids, ids_cap;
	struct sw_map index;     /* id -> (void *)(position + 1) */
	size_t todo;             /* ids in ID_TODO */
	bool select_all;         /* the next tracked run selects nothing */
	bool from_file;          /* ids taken from --load-list, unlisted */
	bool isolated;           /* ops->isolate_env: listed before a full run */
	/*
	 * A full run goes first, unlisted: its opened labels are kept, and
	 * the program is listed only if the run died (then `died` is how).
	 */
	bool deferred;
	struct sw_map seen;      /* labels opened while deferred */
	struct job_died {
		struct pat_exit ex;
		char *open;          /* the level-0 entry it died in, or NULL */
		size_t open_len;
		bool open_runnable;
		enum sw_status verdict;
	} died;
	size_t *batch;           /* positions the current run selected */
	size_t nbatch;
	size_t batch_max;        /* ids per run, 0: any number */
	size_t opened;           /* listed ids the current run opened */
	bool stalled;            /* the previous run died without progress */
	bool list_failed;
	unsigned test_runs;      /* test runs ended so far */
	struct sw_buf verdicts;  /* "run N: reason\n" per failed verdict */
	struct sw_map layers;    /* layer label -> times opened */
	struct sw_buf label;     /* job_layer_label's "LABEL #N" */
	bool over;               /* final reports written */
	/*
	 * --load-list lines naming entries that are not tests: the program's
	 * entry (it selects every test) and layers (they select the tests
	 * they prevent).  testr passes back every failed id; after the run,
	 * each one that did not fail again is reported passing, or testr
	 * would keep it failing forever.
	 */
	struct job_named {
		const char *line;    /* as in the file (the list owns it) */
		struct sw_str layer; /* the layer without prefix and " #N" */
		size_t nth;          /* N of " #N", 1 without */
		bool program;        /* the program's entry */
	} *named;
	size_t nnamed;
};

__attribute__((format(printf, 2, 3)))
static void
job_warn(const struct job *j, const char *fmt, ...)
{
	char msg[JOB_REASON_MAX];
	va_list ap;

	if (j->cfg.warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j->cfg.warn(msg);
}

/*
 * Split "LABEL #N" into LABEL and N (1 when there is no such suffix, as
 * job_layer_label writes repeats).
 */
static struct sw_str
job_split_repeat(struct sw_str s, size_t *nth)
{
	size_t i = s.len;

	*nth = 1;
	while (i > 0 && s.ptr[i - 1] >= '0' && s.ptr[i - 1] <= '9')
		i--;
	if (i < s.len && i >= 2 && s.ptr[i - 1] == '#' && s.ptr[i - 2] == ' ' &&
	    s.ptr[i] != '0' && s.len - i < 10) {
		*nth = (size_t)strtoul(s.ptr + i, NULL, 10);
		s.len = i - 2;
	}
	return s;
}

/* The --load-list lines naming the program's entry or its layers. */
static int
job_find_named(struct job *j)
{
	const struct list *l = j->cfg.select;
	const char *prefix = j->prog->id_prefix;
	size_t n = l ? list_count(l) : 0, plen = prefix ? strlen(prefix) : 0;

	if (n == 0 || j->cfg.list || j->ops->whole_program)
		return 0;
	if ((j->named = calloc(n, sizeof(*j->named))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct job_named *e = &j->named[j->nnamed];
		const char *line = list_id(l, i);
		struct sw_str s;

		e->line = line;
		if (strcmp(line, j->prog->id) == 0) {
			e->program = true;
			j->nnamed++;
			continue;
		}
		if (j->ops->is_layer == NULL || strncmp(line, prefix ? prefix :
		    "", plen) != 0)
			continue;
		s = job_split_repeat(sw_str_c(line + plen), &e->nth);
		if (j->ops->is_layer(s)) {
			e->layer = s;
			j->nnamed++;
		}
	}
	return 0;
}

struct job *
job_new(const struct run_prog *p, const struct job_config *cfg)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return NULL;
	j->prog = p;
	j->ops = p->ops;
	j->cfg = *cfg;
	j->batch_max = p->ops->select_max;
	if (job_find_named(j) < 0) {
		job_free(j);
		return NULL;
	}
	return j;
}

const struct run_prog *
job_prog(const struct job *j)
{
	return j->prog;
}

void
job_free(struct job *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->nids; i++)
		free(j->ids[i].s);
	free(j->ids);
	free(j->batch);
	sw_map_free(&j->index, NULL);
	sw_buf_free(&j->verdicts);
	sw_map_free(&j->layers, NULL);
	sw_map_free(&j->seen, NULL);
	sw_buf_free(&j->label);
	free(j->died.open);
	free(j->named);
	free(j);
}

/* ---- reports ----------------------------------------------------------- */

/* One test, opened and closed at once with status (level 0, `prefix`). */
static int
job_report_status(const struct job *j, const char *prefix, struct sw_str id,
    bool runnable, enum sw_status status, const char *reason)
{
	struct emit *e = emit_new(j->cfg.out, j->prog->route, prefix);
	int rc;

	if (e == NULL)
		return -ENOMEM;
	rc = emit_open(e, id, runnable);
	if (rc == 0)
		rc = emit_close(e, status, reason);
	emit_free(e);
	return rc;
}

/* The same, failed. */
static int
job_report(const struct job *j, const char *prefix, struct sw_str id,
    bool runnable, const char *reason)
{
	return job_report_status(j, prefix, id, runnable, SW_STATUS_FAIL,
	    reason);
}

/*
 * Each named entry (struct job_named) that this invocation ran again
 * without it failing: a passing, non-runnable entry of the same id.
 */
static int
job_clear_named(struct job *j)
{
	struct emit *e;
	int rc = 0;

	if (j->nnamed == 0 || j->test_runs == 0)
		return 0;
	if ((e = emit_new(j->cfg.out, j->prog->route, NULL)) == NULL)
		return -ENOMEM;
	for (size_t k = 0; k < j->nnamed && rc == 0; k++) {
		struct job_named *n = &j->named[k];
		void *times = NULL;

		if (n->program && j->verdicts.len > 0)
			continue;       /* failed again: reported below */
		if (!n->program && sw_map_find(&j->layers, n->layer.ptr,
		    n->layer.len, &times) && (size_t)times >= n->nth)
			continue;       /* this run reported it again */
		if ((rc = emit_open(e, sw_str_c(n->line), false)) == 0)
			rc = emit_close(e, SW_STATUS_SUCCESS, NULL);
	}
	emit_free(e);
	return rc;
}

/* Fail listed test i with reason; it is gone. */
static int
job_fail_id(struct job *j, size_t i, const char *reason)
{
	struct sw_str id = { j->ids[i].s, j->ids[i].len };

	if (j->ids[i].state == ID_TODO)
		j->todo--;
	j->ids[i].state = ID_GONE;
	return job_report(j, j->prog->id_prefix, id, true, reason);
}

/*
 * The job is over: the program's entry, if a verdict failed.  One
 * failed run: its reason; several runs: one line per failed run.
 */
static int
job_finish(struct job *j)
{
	const char *text = (const char *)j->verdicts.data;
	char *reason;
	size_t len = j->verdicts.len;
	int rc;

	j->phase = PHASE_OVER;
	if (j->over)
		return 0;
	j->over = true;
	if (j->cfg.list)
		return 0;
	if ((rc = job_clear_named(j)) < 0)
		return rc;
	if (len == 0)
		return 0;
	if (j->test_runs <= 1 && strncmp(text, "run 1: ", 7) == 0) {
		text += 7;
		len -= 7;
	}
	while (len > 0 && text[len - 1] == '\n')
		len--;
	if ((reason = strndup(text, len)) == NULL)
		return -ENOMEM;
	rc = job_report(j, NULL, sw_str_c(j->prog->id), false, reason);
	free(reason);
	return rc;
}

/* Remember a failed verdict (or why a run could not be made). */
static int
job_add_verdict(struct job *j, unsigned run, const char *reason)
{
	char head[32];

	if (reason == NULL || reason[0] == '\0')
		reason = "the run failed outside any test";
	snprintf(head, sizeof(head), "run %u: ", run);
	if (sw_buf_append(&j->verdicts, head, strlen(head)) < 0 ||
	    sw_buf_append(&j->verdicts, reason, strlen(reason)) < 0 ||
	    sw_buf_append(&j->verdicts, "\n", 1) < 0)
		return -ENOMEM;
	return 0;
}

/* ---- listed ids -------------------------------------------------------- */

int
job_listed(struct job *j, struct sw_str id)
{
	struct job_id *t;
	char *s;

	if (id.len == 0 || sw_map_find(&j->index, id.ptr, id.len, NULL))
		return 0;
	if (j->nids == j->ids_cap) {
		size_t cap = j->ids_cap ? 2 * j->ids_cap : 64;

		if ((t = reallocarray(j->ids, cap, sizeof(*t))) == NULL)
			return -ENOMEM;
		j->ids = t;
		j->ids_cap = cap;
	}
	if ((s = strndup(id.ptr, id.len)) == NULL)
		return -ENOMEM;
	if (sw_map_put(&j->index, id.ptr, id.len,
	    (void *)(j->nids + 1), NULL) < 0) {
		free(s);
		return -ENOMEM;
	}
	j->ids[j->nids].s = s;
	j->ids[j->nids].len = id.len;
	j->ids[j->nids].state = ID_TODO;
	j->nids++;
	j->todo++;
	return 0;
}

int
job_opened(struct job *j, struct sw_str label)
{
	void *v;
	size_t i;

	if (label.ptr == NULL)
		return 0;
	if (j->deferred)
		return sw_map_put(&j->seen, label.ptr, label.len, NULL, NULL) <
		    0 ? -ENOMEM : 0;
	if (!sw_map_find(&j->index, label.ptr, label.len, &v))
		return 0;
	i = (size_t)v - 1;
	if (j->ids[i].state != ID_TODO)
		return 0;
	j->ids[i].state = ID_RAN;
	j->todo--;
	j->opened++;
	return 0;
}

int
job_layer_label(struct job *j, struct sw_str label, struct sw_str *out)
{
	char suffix[32];
	void *v = NULL;
	size_t n;

	*out = label;
	if (label.ptr == NULL)
		return 0;
	sw_map_find(&j->layers, label.ptr, label.len, &v);
	n = (size_t)v + 1;
	if (sw_map_put(&j->layers, label.ptr, label.len, (void *)n, NULL) < 0)
		return -ENOMEM;
	if (n == 1)
		return 0;
	snprintf(suffix, sizeof(suffix), " #%zu", n);
	j->label.len = 0;
	if (sw_buf_append(&j->label, label.ptr, label.len) < 0 ||
	    sw_buf_append(&j->label, suffix, strlen(suffix)) < 0)
		return -ENOMEM;
	out->ptr = (const char *)j->label.data;
	out->len = j->label.len;
	return 0;
}

/* Is listed id i selected by --load-list (its id with the prefix)? */
static int
job_id_selected(const struct job *j, size_t i, bool *yes)
{
	const char *prefix = j->prog->id_prefix ? j->prog->id_prefix : "";
	char *full;

	if (asprintf(&full, "%s%s", prefix, j->ids[i].s) < 0)
		return -ENOMEM;
	*yes = list_selects(j->cfg.select, full);
	free(full);
	/* A layer that prevented the test. */
	for (size_t k = 0; k < j->nnamed && !*yes; k++)
		*yes = !j->named[k].program &&
		    j->ops->layer_selects(j->named[k].layer,
		    (struct sw_str){ j->ids[i].s, j->ids[i].len });
	return 0;
}

/* Is the program's own entry among the named ones? */
static bool
job_program_named(const struct job *j)
{
	for (size_t k = 0; k < j->nnamed; k++)
		if (j->named[k].program)
			return true;
	return false;
}

/* Drop the listed ids --load-list does not select. */
static int
job_apply_load_list(struct job *j)
{
	size_t i;
	bool yes;
	int rc;

	bool any = false;

	if (j->cfg.select == NULL)
		return 0;
	for (i = 0; i < j->nids && !any; i++)
		if ((rc = job_id_selected(j, i, &any)) < 0)
			return rc;
	/*
	 * The program's entry alone (testr --failing after a run that went
	 * wrong outside any test): run it all.  Named with its failed tests,
	 * it rides along: running those is what can fail it again.
	 */
	if (!any && job_program_named(j))
		return 0;
	for (i = 0; i < j->nids; i++) {
		if ((rc = job_id_selected(j, i, &yes)) < 0)
			return rc;
		if (!yes && j->ids[i].state == ID_TODO) {
			j->ids[i].state = ID_GONE;
			j->todo--;
		}
	}
	return 0;
}

/* ---- planning ---------------------------------------------------------- */

/*
 * The runnable id a --load-list line names for a framework that lists
 * only by running (Check, "SUITE/TCASE"): with an id prefix only lines
 * that start with it, which is removed; the program's own id is not one
 * of its tests; a subtest id "SUITE/TCASE (FUNCTION)" names its parent:
 * the line is cut at its first " (" after its first '/'.  Returns false
 * if the line names nothing of this program.
 */
static bool
job_file_id(const struct job *j, const char *line, struct sw_str *id)
{
	const char *prefix = j->prog->id_prefix;
	const char *slash, *paren;

	if (prefix != NULL) {
		if (strncmp(line, prefix, strlen(prefix)) != 0)
			return false;
		line += strlen(prefix);
	} else if (strcmp(line, j->prog->id) == 0) {
		return false;
	}
	id->ptr = line;
	id->len = strlen(line);
	if ((slash = strchr(line, '/')) != NULL &&
	    (paren = strstr(slash, " (")) != NULL)
		id->len = (size_t)(paren - line);
	return id->len > 0;
}

/*
 * --load-list for a framework that lists only by running: listing would
 * run every test, so the ids are the file's own (job_file_id), each run
 * selecting what the plug-in allows; an id the program does not have
 * opens nothing and is dropped like a disabled test.  0 or -ENOMEM.
 */
static int
job_ids_from_file(struct job *j)
{
	const char *line;
	struct sw_str id;
	size_t i;
	int rc;

	j->from_file = true;
	for (i = 0; (line = list_id(j->cfg.select, i)) != NULL; i++)
		if (job_file_id(j, line, &id) && (rc = job_listed(j, id)) < 0)
			return rc;
	j->phase = PHASE_TRACKED;
	return 0;
}

/*
 * Will the program run with ops->isolate_env ("NAME=value")?  Its
 * environment is the wrapper's, less env_unset, plus env_set (wrap_run,
 * wrap_spawn).  0 (no), 1 (yes) or -ENOMEM.
 */
static int
job_isolates(const struct pat_ops *o)
{
	const char *want = o->isolate_env, *have = NULL;
	const char *const *e;
	char *name;
	size_t n;

	if (want == NULL || want[n = strcspn(want, "=")] != '=')
		return 0;
	for (e = o->env_set; e != NULL && *e != NULL && have == NULL; e++)
		if (strncmp(*e, want, n) == 0 && (*e)[n] == '=')
			have = *e + n + 1;
	for (e = o->env_unset; e != NULL && *e != NULL && have == NULL; e++)
		if (strcspn(*e, "=") == n && strncmp(*e, want, n) == 0)
			return 0;
	if (have == NULL) {
		if ((name = strndup(want, n)) == NULL)
			return -ENOMEM;
		have = getenv(name);
		free(name);
	}
	return have != NULL && strcmp(have, want + n + 1) == 0;
}

/* The first decision, before any run.  0 or -ENOMEM. */
static int
job_plan(struct job *j)
{
	const struct pat_ops *o = j->ops;
	bool lists = o->list_args != NULL || o->list_by_running;
	int rc;

	if (o->whole_program) {
		j->phase = j->cfg.list ? PHASE_OVER : PHASE_PLAIN;
	} else if (j->cfg.list) {
		j->phase = lists ? PHASE_LIST : PHASE_OVER;
	} else if (j->cfg.select != NULL && o->list_by_running) {
		if (o->select != NULL)
			return job_ids_from_file(j);
		j->phase = PHASE_PLAIN;
	} else if (j->cfg.select != NULL) {
		j->phase = lists ? PHASE_LIST : PHASE_PLAIN;
	} else if (lists && o->select != NULL &&
	    (rc = job_isolates(o)) != 0) {
		/* Listed first, then select_max ids a run. */
		if (rc < 0)
			return rc;
		j->isolated = true;
		j->phase = PHASE_LIST;
	} else if (lists && o->select != NULL) {
		/* A full run, tracked; listed only if it dies. */
		j->phase = PHASE_TRACKED;
		j->select_all = true;
		j->deferred = true;
	} else {
		j->phase = PHASE_PLAIN;
	}
	if (j->cfg.list && !lists && !o->whole_program) {
		j->list_failed = true;
		job_warn(j, "%s: the %s classifier cannot list its tests",
		    j->prog->id, o->name);
	}
	return 0;
}

/* The positions of the first n ids still to run: this run's batch. */
static int
job_take_batch(struct job *j, size_t n)
{
	size_t i, k = 0;
	size_t *b;

	if ((b = reallocarray(j->batch, n ? n : 1, sizeof(*b))) == NULL)
		return -ENOMEM;
	j->batch = b;
	for (i = 0; i < j->nids && k < n; i++)
		if (j->ids[i].state == ID_TODO)
			b[k++] = i;
	j->nbatch = k;
	return 0;
}

/*
 * The batch's ids, asked to the plug-in's select with every listed id
 * (none known when they came from the --load-list file).  0, -E2BIG,
 * -ENOMEM.
 */
static int
job_select_batch(struct job *j, struct pat_cmd *cmd)
{
	struct sw_str *strs;
	size_t i, nlisted = j->from_file ? 0 : j->nids;
	int rc;

	if ((strs = calloc(j->nbatch + nlisted + 1, sizeof(*strs))) == NULL)
		return -ENOMEM;
	for (i = 0; i < j->nbatch; i++) {
		strs[i].ptr = j->ids[j->batch[i]].s;
		strs[i].len = j->ids[j->batch[i]].len;
	}
	for (i = 0; i < nlisted; i++) {
		strs[j->nbatch + i].ptr = j->ids[i].s;
		strs[j->nbatch + i].len = j->ids[i].len;
	}
	rc = j->ops->select(strs, j->nbatch, nlisted ? strs + j->nbatch :
	    NULL, nlisted, cmd);
	free(strs);
	return rc;
}

/*
 * The selection of the next tracked run into cmd: as many ids as allowed,
 * fewer while the plug-in says -E2BIG.  Returns 0 with j->nbatch > 0, or
 * 0 with nbatch 0 when nothing is left, or a negative errno.
 */
static int
job_select(struct job *j, struct pat_cmd *cmd)
{
	size_t n;
	int rc;

	while (j->todo > 0) {
		n = j->batch_max && j->batch_max < j->todo ? j->batch_max :
		    j->todo;
		if ((rc = job_take_batch(j, n)) < 0)
			return rc;
		rc = job_select_batch(j, cmd);
		if (rc == -EINVAL && j->from_file && j->nbatch == 1) {
			/* Not an id of this framework: an unknown id. */
			pat_cmd_free(cmd);
			j->ids[j->batch[0]].state = ID_GONE;
			j->todo--;
			continue;
		}
		if (rc != -E2BIG)
			return rc;
		pat_cmd_free(cmd);
		if (j->nbatch > 1) {
			j->batch_max = j->nbatch / 2;
			continue;
		}
		rc = job_fail_id(j, j->batch[0], "never ran: its id is too "
		    "long to select it on the program's command line");
		if (rc < 0)
			return rc;
	}
	j->nbatch = 0;
	return 0;
}

/* The next tracked run, or the end. */
static int
job_next_tracked(struct job *j, enum job_run *kind, struct pat_cmd *cmd)
{
	int rc;

	if (j->select_all) {
		/* Every test: the whole list is this run's batch. */
		j->select_all = false;
		if ((rc = job_take_batch(j, j->todo)) < 0)
			return rc;
		*kind = JOB_RUN_TEST;
		return 0;
	}
	if ((rc = job_select(j, cmd)) < 0)
		return rc;
	if (j->nbatch == 0)
		return job_finish(j);
	*kind = JOB_RUN_TEST;
	return 0;
}

int
job_next(struct job *j, enum job_run *kind, struct pat_cmd *cmd)
{
	int rc = 0;

	*kind = JOB_RUN_NONE;
	if (j->phase == PHASE_START && (rc = job_plan(j)) < 0)
		return rc;
	j->opened = 0;
	switch (j->phase) {
	case PHASE_LIST:
		*kind = JOB_RUN_LIST;
		break;
	case PHASE_PLAIN:
		*kind = JOB_RUN_TEST;
		break;
	case PHASE_TRACKED:
		rc = job_next_tracked(j, kind, cmd);
		break;
	case PHASE_START:
	case PHASE_OVER:
		rc = job_finish(j);
		break;
	}
	j->current = *kind;
	return rc;
}

/* ---- the end of a run -------------------------------------------------- */

static bool
job_died(const struct pat_exit *ex)
{
	return ex->signaled || ex->timed_out || ex->interrupted ||
	    !ex->exited;
}

/* A listing run failed (how): what it means for each plan. */
static int
job_listing_failed(struct job *j, const char *how)
{
	char reason[JOB_REASON_MAX];
	int rc;

	j->list_failed = true;
	if (j->isolated) {
		job_warn(j, "%s: listing its tests failed (%s); running it "
		    "whole instead: the tests it does not reach are not run",
		    j->prog->id, how);
		j->phase = PHASE_PLAIN;
		return 0;
	}
	if (j->cfg.list) {
		job_warn(j, "%s: listing its tests failed (%s)", j->prog->id,
		    how);
		return job_finish(j);
	}
	if (j->cfg.select != NULL) {
		snprintf(reason, sizeof(reason), "cannot select the tests to "
		    "run: listing them failed (%s)", how);
		rc = job_add_verdict(j, 1, reason);
		return rc < 0 ? rc : job_finish(j);
	}
	job_warn(j, "%s: listing its tests failed (%s); the tests it did not "
	    "reach are not run again", j->prog->id, how);
	return job_finish(j);
}

static int job_after_tracked(struct job *j, const struct job_end *end);

/*
 * The listing after a full run that died: what the run opened has run;
 * the rest is handled as after any tracked run (restart, blame, give up).
 */
static int
job_after_late_listing(struct job *j)
{
	struct job_end end = {
		.ex = &j->died.ex, .verdict = j->died.verdict,
		.open_label = { j->died.open, j->died.open_len },
		.open_runnable = j->died.open_runnable, .reason = "",
	};
	size_t i;
	int rc;

	j->deferred = false;
	for (i = 0; i < j->nids; i++) {
		if (!sw_map_find(&j->seen, j->ids[i].s, j->ids[i].len, NULL))
			continue;
		j->ids[i].state = ID_RAN;
		j->todo--;
		j->opened++;
	}
	sw_map_free(&j->seen, NULL);
	j->phase = PHASE_TRACKED;
	j->select_all = false;
	if ((rc = job_take_batch(j, j->todo)) < 0)
		return rc;
	rc = job_after_tracked(j, &end);
	free(j->died.open);
	j->died.open = NULL;
	return rc;
}

/*
 * Did a listing run fail?  A listing by running runs the tests, which may
 * fail, so its exit status counts only if it opened no test at all.
 */
static bool
job_listing_run_failed(const struct job *j, const struct pat_exit *ex)
{
	if (job_died(ex))
		return true;
	return ex->code != 0 && (!j->ops->list_by_running || j->nids == 0);
}

/* After a listing run: what the list allows. */
static int
job_after_listing(struct job *j, const struct pat_exit *ex)
{
	char how[128];
	int rc;

	pat_exit_describe(ex, how, sizeof(how));
	if (ex->interrupted)
		return job_finish(j);
	if (j->ops->list_by_running && j->deferred)
		job_warn(j, "%s cannot list its tests without running them: "
		    "ran it again with its output discarded, to learn the "
		    "tests the run that died did not reach", j->prog->id);
	else if (j->ops->list_by_running)
		job_warn(j, "%s cannot list its tests without running them: "
		    "ran it with its output discarded", j->prog->id);
	if (job_listing_run_failed(j, ex))
		return job_listing_failed(j, how);
	if (j->deferred)
		return job_after_late_listing(j);
	if ((rc = job_apply_load_list(j)) < 0)
		return rc;
	if (j->isolated && j->todo == 0) {
		/* Nothing listed: the run is the program's, whole. */
		j->phase = PHASE_PLAIN;
		return 0;
	}
	if (j->cfg.list || j->todo == 0)
		return job_finish(j);
	/* --load-list or isolated: the first run selects. */
	j->phase = j->ops->select != NULL ? PHASE_TRACKED : PHASE_PLAIN;
	return 0;
}

/*
 * A full run that was not listed first died: remember how, and list the
 * program to learn what it did not reach.
 */
static int
job_list_late(struct job *j, const struct job_end *end)
{
	j->died.ex = *end->ex;
	j->died.verdict = end->verdict;
	j->died.open_runnable = end->open_runnable;
	j->died.open_len = end->open_label.len;
	if (end->open_label.ptr != NULL && (j->died.open =
	    strndup(end->open_label.ptr, end->open_label.len)) == NULL)
		return -ENOMEM;
	j->phase = PHASE_LIST;
	return 0;
}

/* Fail every id of the current run still to run, with reason. */
static int
job_fail_batch(struct job *j, const char *reason)
{
	size_t i;
	int rc;

	for (i = 0; i < j->nbatch; i++)
		if (j->ids[j->batch[i]].state == ID_TODO &&
		    (rc = job_fail_id(j, j->batch[i], reason)) < 0)
			return rc;
	return 0;
}

/* The first id of the current run still to run: the one it crashed in. */
static int
job_blame_first(struct job *j, const char *how)
{
	char reason[JOB_REASON_MAX];
	size_t i;

	for (i = 0; i < j->nbatch; i++) {
		if (j->ids[j->batch[i]].state != ID_TODO)
			continue;
		snprintf(reason, sizeof(reason), "no result: the program "
		    "ended (%s) before it reported one; this test was the "
		    "first to run, so the failure is taken as its own", how);
		return job_fail_id(j, j->batch[i], reason);
	}
	return 0;
}

/*
 * A run died without opening a listed test: give up on its ids if it
 * died in a layer or stalled twice in a row; else blame its first id
 * when nothing was open, and try again.  A run whose blamed id was its
 * only one left (select_max 1) restarts nothing: the next run is not a
 * second stall of it.
 */
static int
job_stall(struct job *j, const struct job_end *end)
{
	char how[128], reason[JOB_REASON_MAX];
	const struct sw_str *open = &end->open_label;
	size_t i;
	int rc;

	pat_exit_describe(end->ex, how, sizeof(how));
	if (open->ptr != NULL && !end->open_runnable) {
		j->stalled = false;
		snprintf(reason, sizeof(reason), "never ran: the program "
		    "ended (%s) in %.*s, before reaching it", how,
		    (int)(open->len > 200 ? 200 : open->len), open->ptr);
		return job_fail_batch(j, reason);
	}
	if (!j->stalled) {
		if (open->ptr != NULL) {
			j->stalled = true;
			return 0;
		}
		if ((rc = job_blame_first(j, how)) < 0)
			return rc;
		/* Only a run that leaves ids to restart can stall again. */
		for (i = 0; i < j->nbatch; i++)
			if (j->ids[j->batch[i]].state == ID_TODO)
				j->stalled = true;
		return 0;
	}
	j->stalled = false;
	snprintf(reason, sizeof(reason), "never ran: the program ended (%s) "
	    "before reaching it", how);
	return job_fail_batch(j, reason);
}

/* After a tracked test run: drop, restart, blame or give up. */
static int
job_after_tracked(struct job *j, const struct job_end *end)
{
	bool clean = end->verdict == SW_STATUS_SUCCESS &&
	    end->open_label.ptr == NULL && !job_died(end->ex);
	size_t i;
	int rc = 0;

	if (end->ex->interrupted || (clean && j->deferred))
		return job_finish(j);
	if (j->deferred)
		return job_list_late(j, end);
	if (clean) {
		for (i = 0; i < j->nbatch; i++)
			if (j->ids[j->batch[i]].state == ID_TODO) {
				j->ids[j->batch[i]].state = ID_GONE;
				j->todo--;
			}
		j->stalled = false;
	} else if (j->opened > 0) {
		j->stalled = false;
	} else {
		rc = job_stall(j, end);
	}
	if (rc == 0 && j->todo == 0)
		rc = job_finish(j);
	return rc;
}

int
job_ended(struct job *j, const struct job_end *end)
{
	int rc;

	if (j->current == JOB_RUN_LIST)
		return job_after_listing(j, end->ex);
	if (j->ops->whole_program)
		return job_finish(j);
	j->test_runs++;
	if (end->verdict == SW_STATUS_SKIP) {
		/* It skipped itself: nothing to list, nothing to re-run. */
		if ((rc = job_finish(j)) < 0)
			return rc;
		return job_report_status(j, NULL, sw_str_c(j->prog->id), false,
		    SW_STATUS_SKIP, end->reason);
	}
	if (end->verdict == SW_STATUS_FAIL &&
	    (rc = job_add_verdict(j, j->test_runs, end->reason)) < 0)
		return rc;
	if (j->phase == PHASE_TRACKED)
		return job_after_tracked(j, end);
	return job_finish(j);
}

int
job_start_failed(struct job *j, const char *reason)
{
	char never[JOB_REASON_MAX];
	size_t i;
	int rc;

	if (j->cfg.list) {
		j->list_failed = true;
		job_warn(j, "%s: listing its tests failed: %s", j->prog->id,
		    reason);
		return job_finish(j);
	}
	if ((rc = job_add_verdict(j, j->test_runs + 1, reason)) < 0)
		return rc;
	snprintf(never, sizeof(never), "never ran: %s", reason);
	for (i = 0; i < j->nids; i++)
		if (j->ids[i].state == ID_TODO &&
		    (rc = job_fail_id(j, i, never)) < 0)
			return rc;
	return job_finish(j);
}

/* ---- --list -------------------------------------------------------------- */

bool
job_list_failed(const struct job *j)
{
	return j->list_failed;
}

int
job_write_list(const struct job *j)
{
	struct emit *e;
	size_t i;
	int rc = 0;

	if ((e = emit_new(j->cfg.out, NULL, j->prog->id_prefix)) == NULL)
		return -ENOMEM;
	if (j->ops->whole_program)
		rc = emit_exists(e, sw_str_c(j->prog->id));
	for (i = 0; rc == 0 && i < j->nids; i++)
		if (j->ids[i].state == ID_TODO)
			rc = emit_exists(e, (struct sw_str){ j->ids[i].s,
			    j->ids[i].len });
	emit_free(e);
	return rc;
}

/*
 * abtime: interleaved A/B timing for `make bench` (tests/bench/run.sh).
 *
 *   abtime ROUNDS NAME=CMD NAME=CMD...
 *
 * Runs every CMD once per round (with /bin/sh -c, stdin /dev/null,
 * stdout and stderr as given), for ROUNDS rounds after one warm-up round,
 * and prints for each command
 *
 *   NAME MEDIAN_SECONDS RATIO Q1 Q3
 *
 * where RATIO is the median over the rounds of this command's time over
 * the first command's time in the same round, and Q1/Q3 are that ratio's
 * quartiles (the first command's line says 1, 1, 1).  Times exclude the
 * shell's own start-up: an empty `sh -c :` is timed in every round too
 * and its median subtracted, as hyperfine does.
 *
 * Why not hyperfine: it runs all of one command's runs, then all of the
 * next's.  On a shared 2-vCPU VM the speed drifts by some 5 % over a few
 * seconds, so a ratio of two blocks of runs carries that drift; a ratio
 * within one round does not.  The order of the commands rotates from
 * round to round so that none always runs right after another.
 *
 * Workload assumed: a handful of commands of 10 ms to 1 s each, some tens
 * of rounds.  Exits 2 on a usage error, 1 if a command cannot be started
 * or is killed by a signal (its exit status is not checked: a benchmark
 * pipeline's status is the last command's).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

struct ab_cmd {
	const char *name;
	const char *cmd;
	double *t;              /* seconds, one per round */
};

static double
ab_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall-clock seconds of one run of sh -c cmd. */
static double
ab_run(const char *cmd)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	posix_spawn_file_actions_t fa;
	double t0, t1;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	t0 = ab_now();
	rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		err(1, "cannot start /bin/sh");
	}
	if (waitpid(pid, &status, 0) < 0)
		err(1, "waitpid");
	t1 = ab_now();
	if (WIFSIGNALED(status))
		errx(1, "killed by signal %d: %s", WTERMSIG(status), cmd);
	return t1 - t0;
}

static int
ab_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile (0..1) of v[0..n), n > 0, by linear interpolation. */
static double
ab_quantile(double *v, size_t n, double q)
{
	double pos, frac;
	size_t i;

	qsort(v, n, sizeof *v, ab_cmp);
	pos = q * (double)(n - 1);
	i = (size_t)pos;
	frac = pos - (double)i;
	return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

int
main(int argc, char **argv)
{
	struct ab_cmd *c;
	double *shell, *r, sh_med;
	size_t n, rounds;
	char *end;

	if (argc < 3 || (rounds = strtoul(argv[1], &end, 10)) == 0 || *end)
		errx(2, "usage: abtime ROUNDS NAME=CMD NAME=CMD...");
	n = (size_t)argc - 2;
	if ((c = calloc(n, sizeof *c)) == NULL ||
	    (shell = calloc(rounds, sizeof *shell)) == NULL ||
	    (r = calloc(rounds, sizeof *r)) == NULL)
		err(1, NULL);
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(argv[i + 2], '=');

		if (eq == NULL || eq == argv[i + 2])
			errx(2, "not NAME=CMD: %s", argv[i + 2]);
		*eq = '\0';
		c[i].name = argv[i + 2];
		c[i].cmd = eq + 1;
		if ((c[i].t = calloc(rounds, sizeof *c[i].t)) == NULL)
			err(1, NULL);
		ab_run(c[i].cmd);       /* warm-up: caches, page tables */
	}
	for (size_t k = 0; k < rounds; k++) {
		shell[k] = ab_run(":");
		for (size_t j = 0; j < n; j++) {
			size_t i = (j + k) % n;

			c[i].t[k] = ab_run(c[i].cmd);
		}
	}
	sh_med = ab_quantile(shell, rounds, 0.5);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < rounds; k++)
			r[k] = (c[i].t[k] - sh_med) / (c[0].t[k] - sh_med);
		printf("%s %.6f %.4f %.4f %.4f\n", c[i].name,
		    ab_quantile(c[i].t, rounds, 0.5) - sh_med,
		    ab_quantile(r, rounds, 0.5), ab_quantile(r, rounds, 0.25),
		    ab_quantile(r, rounds, 0.75));
	}
	return 0;
}

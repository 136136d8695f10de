/*
 * wrap_spawn: finding, starting and cleaning up test programs (see
 * wrap_spawn.h for the contract and the assumptions).
 *
 * Why fork+execve and not posix_spawn: the child needs setpgid, a
 * parent-death signal, its signal state restored and three fds moved,
 * and must report exec errors through a pipe; with fork all of that is
 * plain code, and the wrapper is small so fork is cheap.  The environment
 * and the argv are built before fork, so the child only makes system
 * calls.  The program was found by spawn_find() (execvp's search done by
 * hand, so "not found" and "cannot execute" are known before any packet
 * is written), hence execve.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_side.h"
#include "wrap_spawn.h"

extern char **environ;

/* The signal state the wrapper started with (spawn_save_signals). */
static sigset_t saved_mask;
static struct sigaction saved_pipe;

static void
spawn_set_error(char *err, size_t cap, const char *msg)
{
	if (err != NULL && cap > 0)
		snprintf(err, cap, "%s", msg);
}

/*
 * Is path something exec could run: a regular file with execute
 * permission?  0, or -ENOENT / -EISDIR / -EACCES with a reason.
 */
static int
spawn_check_mode(const char *path, char *err, size_t cap)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			spawn_set_error(err, cap, "not found");
			return -ENOENT;
		}
		spawn_set_error(err, cap, strerror(errno));
		return -EACCES;
	}
	if (S_ISDIR(st.st_mode)) {
		spawn_set_error(err, cap, "is a directory");
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		spawn_set_error(err, cap, "not a regular file");
		return -EACCES;
	}
	if (access(path, X_OK) < 0) {
		spawn_set_error(err, cap, "permission denied (not executable)");
		return -EACCES;
	}
	return 0;
}

/*
 * A "#!" script's interpreter must exist and be executable, or exec fails
 * after packets were written; shells say "bad interpreter" (126).  The
 * kernel takes the first word after "#!" (blanks skipped), up to a blank
 * or the end of the line.
 */
static int
spawn_check_interpreter(const char *head, size_t len, char *err, size_t cap)
{
	char interp[256], why[128];
	size_t i = 2, n = 0;
	int rc;

	while (i < len && (head[i] == ' ' || head[i] == '\t'))
		i++;
	while (i < len && n + 1 < sizeof(interp) && head[i] != ' ' &&
	    head[i] != '\t' && head[i] != '\n')
		interp[n++] = head[i++];
	interp[n] = '\0';
	if (n == 0) {
		spawn_set_error(err, cap, "bad interpreter: empty #! line");
		return -ENOEXEC;
	}
	if ((rc = spawn_check_mode(interp, why, sizeof(why))) == 0)
		return 0;
	if (err != NULL && cap > 0)
		snprintf(err, cap, "bad interpreter %s: %s", interp, why);
	return rc == -ENOENT ? -ENOEXEC : rc;
}

/*
 * Does the file start like something the kernel executes ("\x7fELF", or
 * "#!" and an interpreter that exists)?  execvp would hand anything else
 * to /bin/sh; the wrapper refuses instead (DESIGN.md, invariant 6).  A
 * file we cannot read passes: an execute-only binary is legal, and exec
 * will tell.
 */
static int
spawn_check_magic(const char *path, char *err, size_t cap)
{
	char head[256];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n >= 4 && memcmp(head, "\x7f" "ELF", 4) == 0)
		return 0;
	if (n >= 2 && head[0] == '#' && head[1] == '!')
		return spawn_check_interpreter(head, (size_t)n, err, cap);
	spawn_set_error(err, cap, "cannot execute: not an ELF binary or a #! "
	    "script");
	return -ENOEXEC;
}

/* The search path execvp uses: $PATH, or the system default. */
static char *
spawn_path_var(void)
{
	const char *p = getenv("PATH");
	size_t n;
	char *s;

	if (p != NULL)
		return strdup(p);
	n = confstr(_CS_PATH, NULL, 0);
	if (n == 0)
		return strdup("/bin:/usr/bin");
	if ((s = malloc(n)) != NULL)
		confstr(_CS_PATH, s, n);
	return s;
}

/*
 * Search $PATH for prog (no '/').  Like execvp, skip entries that exist
 * but cannot be executed; if nothing can, report the first of those (126)
 * rather than "not found" (127), as shells do.
 */
static int
spawn_search(const char *prog, char **path, char *err, size_t cap)
{
	char *var, *dir, *next, *cand;
	char first_err[128] = "not found";
	int rc, first_rc = -ENOENT;

	if ((var = spawn_path_var()) == NULL)
		return -ENOMEM;
	for (dir = var; dir != NULL; dir = next) {
		if ((next = strchr(dir, ':')) != NULL)
			*next++ = '\0';
		if (asprintf(&cand, "%s/%s", *dir ? dir : ".", prog) < 0) {
			free(var);
			return -ENOMEM;
		}
		rc = spawn_check_mode(cand, first_rc == -ENOENT ? first_err :
		    NULL, sizeof(first_err));
		if (rc == 0) {
			free(var);
			*path = cand;
			return 0;
		}
		if (rc != -ENOENT && first_rc == -ENOENT)
			first_rc = rc;
		free(cand);
	}
	free(var);
	spawn_set_error(err, cap, first_err);
	return first_rc;
}

int
spawn_find(const char *prog, char **path, char *err, size_t err_cap)
{
	int rc;

	*path = NULL;
	if (*prog == '\0') {
		spawn_set_error(err, err_cap, "not found");
		return -ENOENT;
	}
	if (strchr(prog, '/') != NULL) {
		if ((rc = spawn_check_mode(prog, err, err_cap)) < 0)
			return rc;
		if ((*path = strdup(prog)) == NULL)
			return -ENOMEM;
	} else if ((rc = spawn_search(prog, path, err, err_cap)) < 0) {
		return rc;
	}
	if ((rc = spawn_check_magic(*path, err, err_cap)) < 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

void
spawn_save_signals(void)
{
	sigprocmask(SIG_SETMASK, NULL, &saved_mask);
	sigaction(SIGPIPE, NULL, &saved_pipe);
}

/* Does environ entry "NAME=value" have this name (up to '=' or NUL)? */
static bool
spawn_env_is(const char *entry, const char *name)
{
	size_t n = strcspn(name, "=");

	return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/* Should the inherited entry go (unset, or set anew)? */
static bool
spawn_env_drop(const char *entry, const char *const *unset,
    const char *const *set)
{
	for (; unset != NULL && *unset != NULL; unset++)
		if (spawn_env_is(entry, *unset))
			return true;
	for (; set != NULL && *set != NULL; set++)
		if (spawn_env_is(entry, *set))
			return true;
	return false;
}

/*
 * The child's environment: environ without the entries to unset or
 * replace, then the entries to set.  The array is malloc'd; the strings
 * are not copied.  NULL on ENOMEM.
 */
static char **
spawn_env(const char *const *unset, const char *const *set)
{
	size_t n = 1, i = 0;
	char **env, **e;
	const char *const *s;

	for (e = environ; *e != NULL; e++)
		n++;
	for (s = set; s != NULL && *s != NULL; s++)
		n++;
	if ((env = calloc(n, sizeof(*env))) == NULL)
		return NULL;
	for (e = environ; *e != NULL; e++)
		if (!spawn_env_drop(*e, unset, set))
			env[i++] = *e;
	for (s = set; s != NULL && *s != NULL; s++)
		env[i++] = (char *)*s;
	env[i] = NULL;
	return env;
}

/*
 * In the child: set up and exec, or write errno to errpipe and exit.
 * Only system calls from here on (we are a copy of the wrapper).
 */
static _Noreturn void
spawn_child(const struct spawn_req *r, char **envp, int out_fd, int err_fd,
    int side_fd, int errpipe, pid_t parent)
{
	int fd, e;

	setpgid(0, 0);
	/* If the wrapper is killed outright, do not run on unsupervised. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 && getppid() != parent)
		_exit(127);
	sigaction(SIGPIPE, &saved_pipe, NULL);
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	if ((fd = open("/dev/null", O_RDONLY)) < 0 ||
	    dup2(fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(err_fd, STDERR_FILENO) < 0)
		goto fail;
	if (fd > STDERR_FILENO)
		close(fd);
	/* The side channel is the one fd the whole test tree inherits. */
	if (side_fd >= 0 && fcntl(side_fd, F_SETFD, 0) < 0)
		goto fail;
	execve(r->path, r->argv, envp);
fail:
	e = errno;
	while (write(errpipe, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

static void
spawn_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Wait for the child's exec: 0, or the errno it reported. */
static int
spawn_exec_result(int errpipe)
{
	ssize_t n;
	int e;

	do
		n = read(errpipe, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(e) ? e : 0;
}

/* Preload mode's extra state for one start. */
struct spawn_side {
	int fds[2];              /* [0] ours, [1] the program's (moved high) */
	char fd_env[64], id_env[80], out_env[80], err_env[80];
	char *ld_preload;        /* "LD_PRELOAD=..." (malloc'd) */
	const char *set[6];      /* the five above, NULL-terminated */
};

/* "NAME=DEV:INO" of fd into buf.  0 or -errno. */
static int
spawn_id_env(char *buf, size_t cap, const char *name, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	snprintf(buf, cap, "%s=%llu:%llu", name,
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	return 0;
}

/* Is lib one of the ':' or ' ' separated entries of list? */
static bool
spawn_list_has(const char *list, const char *lib)
{
	size_t n = strlen(lib);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, ": ");

		if (len == n && strncmp(p, lib, n) == 0)
			return true;
		p += len;
		p += strspn(p, ": ");
	}
	return false;
}

/* LD_PRELOAD: [first:][the user's:]shim, without repeating entries. */
static char *
spawn_ld_preload(const struct spawn_req *r)
{
	const char *old = getenv("LD_PRELOAD");
	bool has_first, has_shim;
	char *v;

	if (old != NULL && *old == '\0')
		old = NULL;
	has_first = r->preload_first == NULL ||
	    spawn_list_has(old, r->preload_first);
	has_shim = spawn_list_has(old, r->preload);
	if (asprintf(&v, "LD_PRELOAD=%s%s%s%s%s",
	    has_first ? "" : r->preload_first, has_first ? "" : ":",
	    old ? old : "", old && !has_shim ? ":" : "",
	    has_shim ? "" : r->preload) < 0)
		return NULL;
	return v;
}

static void
spawn_side_close(struct spawn_side *sd)
{
	for (int i = 0; i < 2; i++)
		if (sd->fds[i] >= 0)
			close(sd->fds[i]);
	sd->fds[0] = sd->fds[1] = -1;
	free(sd->ld_preload);
	sd->ld_preload = NULL;
}

/*
 * The socketpair and the environment describing it and the pipes (whose
 * write ends are out_w and err_w).  0 or -errno.
 */
static int
spawn_side_open(const struct spawn_req *r, struct spawn_side *sd,
    int out_w, int err_w)
{
	int fd, rc;

	if (pipe2(sd->fds, O_CLOEXEC) < 0)
		return -errno;
	/* High, so it stays out of the way of fds programs use (3, 4, 9). */
	if ((fd = fcntl(sd->fds[1], F_DUPFD_CLOEXEC, SW_SIDE_FD_MIN)) < 0 &&
	    (fd = fcntl(sd->fds[1], F_DUPFD_CLOEXEC, 10)) < 0)
		return -errno;
	close(sd->fds[1]);
	sd->fds[1] = fd;
	fcntl(sd->fds[0], F_SETFL, O_NONBLOCK);
	snprintf(sd->fd_env, sizeof(sd->fd_env), "%s=%0*d", SW_SIDE_ENV_FD,
	    SW_SIDE_FD_WIDTH, fd);
	if ((rc = spawn_id_env(sd->id_env, sizeof(sd->id_env),
	    SW_SIDE_ENV_FD_ID, fd)) < 0 ||
	    (rc = spawn_id_env(sd->out_env, sizeof(sd->out_env),
	    SW_SIDE_ENV_STDOUT, out_w)) < 0 ||
	    (rc = spawn_id_env(sd->err_env, sizeof(sd->err_env),
	    SW_SIDE_ENV_STDERR, err_w)) < 0)
		return rc;
	if ((sd->ld_preload = spawn_ld_preload(r)) == NULL)
		return -ENOMEM;
	sd->set[0] = sd->fd_env;
	sd->set[1] = sd->id_env;
	sd->set[2] = sd->out_env;
	sd->set[3] = sd->err_env;
	sd->set[4] = sd->ld_preload;
	sd->set[5] = NULL;
	return 0;
}

/* r->env_set followed by extra (both NULL-terminated).  NULL: ENOMEM. */
static const char **
spawn_join(const char *const *a, const char *const *b)
{
	size_t n = 0, i = 0;
	const char **v;

	for (const char *const *p = a; p && *p; p++)
		n++;
	for (const char *const *p = b; p && *p; p++)
		n++;
	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return NULL;
	for (const char *const *p = a; p && *p; p++)
		v[i++] = *p;
	for (const char *const *p = b; p && *p; p++)
		v[i++] = *p;
	return v;
}

int
spawn_start(const struct spawn_req *r, struct spawn_child *c)
{
	struct spawn_side sd = { .fds = { -1, -1 } };
	const char **set = NULL;
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, ep[2] = { -1, -1 };
	pid_t parent = getpid(), pid;
	char **envp = NULL;
	int rc = 0, e;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(ep, O_CLOEXEC) < 0) {
		rc = -errno;
		goto out;
	}
	c->pipe_fallback = 0;
	if (r->preload != NULL &&
	    (rc = spawn_side_open(r, &sd, out[1], err[1])) < 0) {
		/* Out of fds for the side channel only: pipe mode will do. */
		if (rc != -EMFILE && rc != -ENFILE)
			goto out;
		spawn_side_close(&sd);
		c->pipe_fallback = -rc;
		rc = 0;
	}
	if ((set = spawn_join(r->env_set, sd.fds[1] >= 0 ? sd.set : NULL)) ==
	    NULL || (envp = spawn_env(r->env_unset, set)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	if ((pid = fork()) < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0)
		spawn_child(r, envp, out[1], err[1], sd.fds[1], ep[1], parent);
	/* Both sides call setpgid: whichever runs first wins the race. */
	setpgid(pid, pid);
	spawn_close(&out[1]);
	spawn_close(&err[1]);
	spawn_close(&ep[1]);
	spawn_close(&sd.fds[1]);
	if ((e = spawn_exec_result(ep[0])) != 0) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		rc = -e;
		goto out;
	}
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	c->pid = pid;
	c->out_fd = out[0];
	c->err_fd = err[0];
	c->side_fd = sd.fds[0];
	out[0] = err[0] = sd.fds[0] = -1;
out:
	spawn_close(&out[0]);
	spawn_close(&out[1]);
	spawn_close(&err[0]);
	spawn_close(&err[1]);
	spawn_close(&ep[0]);
	spawn_close(&ep[1]);
	spawn_side_close(&sd);
	free(set);
	free(envp);
	return rc;
}

bool
spawn_signal_group(pid_t pgid, int sig)
{
	if (pgid <= 1)
		return false;
	return kill(-pgid, sig) == 0 || errno != ESRCH;
}

int
spawn_become_subreaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? 0 : -errno;
}

static long long
spawn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Signal every current child listed in /proc (children of this thread;
 * the wrapper has only one).  Returns how many were signalled, or -1 if
 * the kernel does not list children (CONFIG_PROC_CHILDREN off).
 */
static int
spawn_signal_children(int sig)
{
	char path[64], buf[16384];
	ssize_t n;
	int fd, count = 0;
	char *p, *end;
	long pid;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
	    (long)getpid());
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	for (p = buf;; p = end) {
		pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 1 && kill((pid_t)pid, sig) == 0)
			count++;
	}
	return count;
}

/* Reap what has exited.  False when there are no children left. */
static bool
spawn_reap_some(void)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		;
	return !(pid < 0 && errno == ECHILD);
}

unsigned
spawn_reap_orphans(unsigned grace_ms)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	long long deadline = spawn_now_ms() + grace_ms;
	bool killing = grace_ms == 0;
	unsigned signalled = 0;
	int n;

	if (!spawn_reap_some())
		return 0;
	/* One SIGTERM each, so they may clean up. */
	if (!killing && (n = spawn_signal_children(SIGTERM)) > 0)
		signalled = (unsigned)n;
	while (spawn_reap_some()) {
		if (!killing && spawn_now_ms() >= deadline)
			killing = true;
		if (killing) {
			/* Orphans of killed ones become ours: again. */
			if ((n = spawn_signal_children(SIGKILL)) < 0)
				break; /* no /proc children lists: give up */
			if (signalled == 0)
				signalled = (unsigned)n;
		}
		nanosleep(&tick, NULL);
	}
	return signalled;
}

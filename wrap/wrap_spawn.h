/*
 * wrap_spawn: finding a test program, starting it in its own process
 * group with its output on pipes, and cleaning up every process it left.
 *
 * Assumptions:
 * - Linux (prctl, /proc/self/task/TID/children).  The child does work
 *   between fork and exec (setpgid, dup2, sigaction, fcntl), all of it
 *   system calls that are async-signal-safe, so another thread of the
 *   wrapper (the live view's, wrap_show.h) holding a lock at the fork
 *   cannot hang the child; environment and argv are built before fork.
 * - The wrapper's fds 0, 1 and 2 are open (wrap_main makes sure), so the
 *   pipes made here are never 0..2 and dup2 onto them is never a no-op.
 * - spawn_save_signals() ran before the wrapper changed its signal mask or
 *   dispositions, so the child gets back exactly what the wrapper was
 *   started with.
 * - Only programs that spawn_find() accepted are started, so exec failing
 *   is a race (the file changed meanwhile), still reported, never fatal.
 *
 * Error convention: 0 or a negative errno; a message (without the program
 * name) in err where the function takes one.  Nothing here prints.
 */
#ifndef WRAP_SPAWN_H
#define WRAP_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Find prog the way execvp(3) would: as a path if it contains '/', else
 * in $PATH (default: confstr's _CS_PATH; an empty entry is the current
 * directory; the first regular file with execute permission wins).  Then
 * check it can be run: a regular file, executable, starting with "\x7fELF"
 * or "#!" (a file the wrapper cannot read is let through: exec decides).
 * Returns 0 and a malloc'd path in *path, or:
 *   -ENOENT   not found (a shell says 127)
 *   -EACCES, -EISDIR, -ENOEXEC   found but cannot be run (a shell: 126)
 *   -ENOMEM
 * with a short reason in err ("not found", "is a directory", ...).
 */
int spawn_find(const char *prog, char **path, char *err, size_t err_cap);

/*
 * Remember the signal mask and SIGPIPE disposition the wrapper started
 * with; spawn_start() restores them in the child.  Call once, first.
 */
void spawn_save_signals(void);

/* What to start. */
struct spawn_req {
	const char *path;               /* from spawn_find */
	char *const *argv;              /* argv[0] as the user spelled it */
	const char *const *env_unset;   /* names to remove, NULL-terminated */
	const char *const *env_set;     /* "NAME=value" to set, same */
	/*
	 * Preload mode: the shim (an absolute path) to add to LD_PRELOAD,
	 * with its side channel; NULL for pipe mode.  preload_first: a
	 * library that must precede it (the program's ASan runtime), or
	 * NULL.
	 */
	const char *preload;
	const char *preload_first;
};

/* A started program. */
struct spawn_child {
	pid_t pid;               /* also its process group id */
	int out_fd;              /* read ends (O_CLOEXEC) of its stdout... */
	int err_fd;              /* ...and its stderr */
	int side_fd;             /* preload mode: the read end of the side
	                            channel (O_CLOEXEC, O_NONBLOCK), else -1 */
	int pipe_fallback;       /* 0, or why preload mode was asked for but
	                            the side channel got no fd (EMFILE,
	                            ENFILE): it runs in pipe mode */
};

/*
 * Start the program: stdin /dev/null, stdout and stderr on two pipes, in a
 * new process group, with the environment adjusted, killed if the wrapper
 * dies (PR_SET_PDEATHSIG).  In preload mode, also the side channel, a
 * pipe: the program's (write) end at the lowest free fd from
 * SW_SIDE_FD_MIN up, inherited across exec, described in the environment
 * as lib/sw_side.h says (SUBUNIT_WRAP_FD, _FD_ID, _STDOUT, _STDERR), and
 * the shim appended to LD_PRELOAD (after the user's own entries, with
 * preload_first before everything).  Waits until exec succeeded or failed; on
 * failure the child is reaped and the errno of the failing step is
 * returned (-ENOENT, -EACCES, ...), or -EMFILE, -EAGAIN, -ENOMEM from
 * making the pipes or the process.  When only the side channel finds no
 * fd (EMFILE, ENFILE), the program runs in pipe mode instead, without the
 * shim, and c->pipe_fallback says so.
 */
int spawn_start(const struct spawn_req *r, struct spawn_child *c);

/*
 * Send sig to the process group pgid.  Returns true if the group still
 * had members (kill succeeded), false if it is gone (ESRCH).
 */
bool spawn_signal_group(pid_t pgid, int sig);

/*
 * Make this process a child subreaper, so orphaned descendants of the
 * programs become its children (and can be found and reaped).  Returns
 * 0 or -errno.
 */
int spawn_become_subreaper(void);

/*
 * Stop and reap every remaining child (orphans the programs left, e.g.
 * ones that escaped their process group with setsid): SIGTERM, then
 * SIGKILL once grace_ms have passed, until none is left.  Blocks.
 * Returns the number of processes that had to be signalled.
 */
unsigned spawn_reap_orphans(unsigned grace_ms);

#endif

/*
 * shim: what the modules of the preload shim (subunit-wrap-preload.so)
 * offer each other.  Nothing here is exported from the .so: only the
 * hooks (functions named like the libc ones they replace) are.
 *
 * Modules (one prefix each):
 *   shim_main   the constructor, the real libc symbols (shim_real_*)
 *   shim_side   the side channel to the wrapper (lib/sw_side.h), and its
 *               protection from close()/dup2() by the program
 *   shim_io     capture: stdout/stderr replaced by cookie streams, hooks
 *               of write(2) and friends, the flush points that keep
 *               program order (fork, system, posix_spawn, ...)
 *   shim_crash  fatal signals: report, then die as the program would
 *
 * Rules for every hook (see ../shared/research/preload.md):
 * - errno is what the real call left, or unchanged when the hook did its
 *   own work;
 * - a hook may run before the constructor (another library's
 *   constructor calls it) or in a process where the shim is inactive (no
 *   channel): it must then behave exactly like the real function;
 * - nothing reachable from a signal handler or a vfork child takes a lock
 *   or allocates.
 */
#ifndef SHIM_H
#define SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SHIM_API __attribute__((visibility("default")))

/* ---- shim_main ---------------------------------------------------------- */

/*
 * dlsym(RTLD_NEXT, name), never our own hook; NULL when there is none.
 * Not async-signal-safe (dlsym may allocate): resolve in the constructor,
 * or lazily in hooks that are never called from a handler.
 */
void *shim_real(const char *name);

/* The pid the shim initialised in (a fork child differs: getpid()). */
pid_t shim_pid(void);

/* ---- shim_side ---------------------------------------------------------- */

/* Set up from the environment (SUBUNIT_WRAP_FD...).  Constructor only. */
void shim_side_init(void);

/* True when the channel is usable in this process. */
bool shim_side_active(void);

/*
 * Send one file as packets of at most SW_SIDE_CHUNK content bytes each
 * (each packet one atomic write).  Async-signal-safe: no lock, no
 * allocation, errno preserved.  Returns 0, or -errno (-EPIPE when the
 * wrapper has gone, -EBADF when there is no channel); after an error the
 * channel is off for this process (the caller then writes to the real
 * fd: nothing is lost).  For the program's bytes: when the wrapper has
 * gone, SIGPIPE is raised exactly as the write to its pipe would have.
 */
int shim_side_send(const char *name, const void *bytes, size_t len);

/*
 * The same for the shim's own packets (hello, crash reports): SIGPIPE is
 * blocked around the write and never delivered because of it.  Also
 * async-signal-safe.
 */
int shim_side_send_quiet(const char *name, const void *bytes, size_t len);

/*
 * Which capture name (SW_SIDE_STDOUT, SW_SIDE_STDERR) fd is, or NULL if
 * writes to it are not captured: any fd that is one of the wrapper's
 * pipes.  One fstat per fd, then cached until shim_side_fd_changed();
 * async-signal-safe.
 */
const char *shim_side_capture(int fd);

/* fd was closed, dup2()ed over, reopened: forget what it was. */
void shim_side_fd_changed(int fd);

/* ---- shim_io ------------------------------------------------------------ */

/* Replace stdout and stderr with capturing streams.  Constructor only. */
void shim_io_init(void);

/*
 * Send what the program's stdout holds unflushed, now (a flush point:
 * before a write by another path, fork, exec, system...).  Takes the
 * stream's lock: not for signal handlers.
 */
void shim_io_flush(void);

/*
 * For the crash handler: send stdout's unflushed bytes, without locks,
 * and mark them sent so an exit that follows does not send them twice.
 * Async-signal-safe (reads the FILE's buffer pointers directly).
 */
void shim_io_crash_flush(void);

/* ---- shim_crash --------------------------------------------------------- */

/*
 * Install the fatal-signal handlers.  Constructor only, after the rest.
 * shim_crash owns these hooks (no other module defines them): sigaction,
 * __sigaction, signal, bsd_signal, ssignal, sysv_signal, __sysv_signal,
 * sigset and siginterrupt (they record the program's dispositions of
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP and SIGSYS while the
 * shim's handler stays installed), and pthread_create (every new thread
 * gets an alternate signal stack).  When shim_crash_init installed
 * nothing (channel inactive) each hook is the real function.  The crash
 * handler calls shim_io_crash_flush() and shim_side_send_quiet(), and
 * dladdr(), open() and pread(); it never calls our close() hook.
 */
void shim_crash_init(void);

#endif

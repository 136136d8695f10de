/*
 * shim_io: capture what the process writes to the wrapper's stdout and
 * stderr pipes, in the order it wrote it, and send it on the side channel
 * instead of the pipes.
 *
 * Workload assumed: anything from a 1,000,000-line printf flood (must cost
 * about what the bare program costs: one send per 64 KiB of stdout, as the
 * pipe would have taken one write per 4 KiB) to perl or python scripts
 * that write(2) every line, to shells running thousands of commands.
 *
 * Two layers are needed (research: preload.md §1-2):
 * - C stdio never calls write() through the PLT, so stdout and stderr are
 *   replaced by fopencookie() streams whose write callback captures.  They
 *   keep the original's buffering (stdout fully buffered on a pipe, line
 *   buffered on a terminal; stderr unbuffered) and report fd 1 and 2 from
 *   fileno(), so the program sees what it would have seen.
 * - write(), writev() and the dprintf family (perl, python, dash,
 *   unsynced iostreams) are hooked.
 * Program order: stdout's buffer is sent before any other path reaches a
 * captured fd (a stderr chunk, a write(2), a fork/system/popen/posix_spawn
 * whose child will write), as §2.3 measured; nothing is made unbuffered.
 * A write is captured only while its fd is still the wrapper's pipe
 * (shim_side_capture): after dup2/freopen (googletest's CaptureStdout, a
 * redirection) the bytes go where the program sent them.  When the
 * channel fails (the wrapper has gone) bytes go to the real fd.
 *
 * Streams the program opens itself on the pipes (fopen("/dev/stdout"),
 * fdopen(dup(1))) become such cookie streams too.
 *
 * Not seen (they still reach the pipes): raw syscalls, sendfile/splice,
 * vfork children before exec, FILE objects bound to the original stdout
 * before our constructor (a DT_NEEDED C++ library's std::cout on GCC 13).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim.h"
#include "sw_side.h"

#define IO_OUT_BUF (64 * 1024)
/* dprintf formats into the stack up to this, else allocates. */
#define IO_FORMAT_STACK 4096

static FILE *io_orig[3];         /* glibc's stdout (1) and stderr (2) */
static FILE *io_cap[3];          /* our cookie streams */
static char io_out_buf[IO_OUT_BUF];

typedef ssize_t (*io_write_fn)(int, const void *, size_t);
typedef ssize_t (*io_writev_fn)(int, const struct iovec *, int);
static io_write_fn io_real_write;
static io_writev_fn io_real_writev;

/* ---- writing for real ------------------------------------------------------ */

static ssize_t
io_raw_write(int fd, const void *buf, size_t n)
{
	if (io_real_write != NULL)
		return io_real_write(fd, buf, n);
	return syscall(SYS_write, fd, buf, n);
}

/* All n bytes to fd (a pipe may take them in parts).  n or -1/errno. */
static ssize_t
io_write_all(int fd, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = io_raw_write(fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return done > 0 ? (ssize_t)done : -1;
		done += (size_t)w;
	}
	return (ssize_t)n;
}

/* Send to the channel if fd is captured; else (or on failure) write. */
static ssize_t
io_deliver(int fd, const char *buf, size_t n)
{
	const char *name = shim_side_capture(fd);

	if (name != NULL && shim_side_send(name, buf, n) == 0)
		return (ssize_t)n;
	return io_write_all(fd, buf, n);
}

/* ---- the cookie streams ---------------------------------------------------- */

static bool
io_out_pending(void)
{
	FILE *f = io_cap[1];

	return f != NULL && stdout == f && f->_IO_write_ptr > f->_IO_write_base;
}

void
shim_io_flush(void)
{
	int saved = errno;

	if (io_out_pending())
		fflush(io_cap[1]);
	errno = saved;
}

static ssize_t
io_cookie_write(void *cookie, const char *buf, size_t n)
{
	int fd = (int)(intptr_t)cookie;

	/* stderr after what stdout holds, as the program issued them. */
	if (fd != 1 && shim_side_capture(fd) != NULL)
		shim_io_flush();
	return io_deliver(fd, buf, n);
}

static int
io_cookie_close(void *cookie)
{
	int fd = (int)(intptr_t)cookie;

	/* fclose(stdout) closes fd 1, as it would have (the close hook). */
	return close(fd);
}

void
shim_io_crash_flush(void)
{
	FILE *f = io_cap[1];

	if (f == NULL || stdout != f || f->_IO_write_ptr <= f->_IO_write_base)
		return;
	if (io_deliver(1, f->_IO_write_base,
	    (size_t)(f->_IO_write_ptr - f->_IO_write_base)) >= 0)
		f->_IO_write_ptr = f->_IO_write_base;
}

/*
 * A cookie stream on fd, which is captured: its writes are sent in
 * program order.  fileno() says fd (isatty, write(fileno(...)) must still
 * work); fclose() closes fd.  Buffering is the caller's to set.
 */
static FILE *
io_cookie_on(int fd)
{
	cookie_io_functions_t fns = {
		.write = io_cookie_write,
		.close = io_cookie_close,
	};
	FILE *f = fopencookie((void *)(intptr_t)fd, "w", fns);

	if (f != NULL)
		f->_fileno = fd;
	return f;
}

/* A cookie stream standing in for orig on fd, with orig's buffering. */
static FILE *
io_open_cookie(int fd, FILE *orig)
{
	FILE *f = io_cookie_on(fd);

	if (f == NULL)
		return NULL;
	if (fd == 2)
		setvbuf(f, NULL, _IONBF, 0);
	else if (isatty(fd))
		setvbuf(f, NULL, _IOLBF, BUFSIZ);
	else
		setvbuf(f, io_out_buf, _IOFBF, sizeof(io_out_buf));
	fflush(orig);
	return f;
}

void
shim_io_init(void)
{
	io_real_write = (io_write_fn)shim_real("write");
	io_real_writev = (io_writev_fn)shim_real("writev");
	io_orig[1] = stdout;
	io_orig[2] = stderr;
	if ((io_cap[1] = io_open_cookie(1, stdout)) != NULL)
		stdout = io_cap[1];
	if ((io_cap[2] = io_open_cookie(2, stderr)) != NULL)
		stderr = io_cap[2];
}

/* ---- write(2) and friends -------------------------------------------------- */

SHIM_API ssize_t
write(int fd, const void *buf, size_t n)
{
	if (shim_side_capture(fd) != NULL) {
		shim_io_flush();
		return io_deliver(fd, buf, n);
	}
	return io_raw_write(fd, buf, n);
}

/* The iovecs as one send (they are one write for the reader too). */
static ssize_t
io_deliver_iov(int fd, const struct iovec *iov, int cnt)
{
	char stack[IO_FORMAT_STACK], *buf = stack;
	size_t total = 0, at = 0;
	ssize_t rc;

	for (int i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	if (total == 0)
		return io_deliver(fd, "", 0);
	if (total > sizeof(stack) && (buf = malloc(total)) == NULL)
		return -2;
	for (int i = 0; i < cnt; i++) {
		memcpy(buf + at, iov[i].iov_base, iov[i].iov_len);
		at += iov[i].iov_len;
	}
	rc = io_deliver(fd, buf, total);
	if (buf != stack)
		free(buf);
	return rc;
}

SHIM_API ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	ssize_t rc;

	if (cnt > 0 && shim_side_capture(fd) != NULL) {
		shim_io_flush();
		if ((rc = io_deliver_iov(fd, iov, cnt)) != -2)
			return rc;
	}
	if (io_real_writev != NULL)
		return io_real_writev(fd, iov, cnt);
	return syscall(SYS_writev, fd, iov, cnt);
}

/* dprintf: glibc writes through its internal write, so format here. */
static int
io_vdprintf(int fd, const char *fmt, va_list ap)
{
	char stack[IO_FORMAT_STACK], *buf = stack;
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(stack, sizeof(stack), fmt, copy);
	va_end(copy);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof(stack)) {
		if ((buf = malloc((size_t)n + 1)) == NULL)
			return -1;
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
	}
	if (write(fd, buf, (size_t)n) < 0)
		n = -1;
	if (buf != stack)
		free(buf);
	return n;
}

SHIM_API int
vdprintf(int fd, const char *fmt, va_list ap)
{
	return io_vdprintf(fd, fmt, ap);
}

SHIM_API int
dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = io_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* _FORTIFY_SOURCE's entry points (flag: the checking level, unused). */
int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
int __dprintf_chk(int fd, int flag, const char *fmt, ...);

SHIM_API int
__vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return io_vdprintf(fd, fmt, ap);
}

SHIM_API int
__dprintf_chk(int fd, int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	va_start(ap, fmt);
	n = io_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- freopen: re-point the real stream, keep ours ------------------------- */

typedef FILE *(*io_freopen_fn)(const char *, const char *, FILE *);

static FILE *
io_freopen(const char *which, const char *path, const char *mode, FILE *f)
{
	io_freopen_fn real = (io_freopen_fn)shim_real(which);
	int fd = f != NULL && f == io_cap[1] ? 1 :
	    f != NULL && f == io_cap[2] ? 2 : 0;
	FILE *r;

	if (real == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	if (fd == 0)
		return real(path, mode, f);
	/*
	 * Our stream cannot be reopened (glibc crashes, §2.2): flush it,
	 * reopen the original, which makes fd 1 or 2 the new file (dup3
	 * inside libc), and go on writing to that fd number.
	 */
	fflush(f);
	r = real(path, mode, io_orig[fd]);
	shim_side_fd_changed(fd);
	return r == NULL ? NULL : f;
}

SHIM_API FILE *
freopen(const char *path, const char *mode, FILE *f)
{
	return io_freopen("freopen", path, mode, f);
}

SHIM_API FILE *
freopen64(const char *path, const char *mode, FILE *f)
{
	return io_freopen("freopen64", path, mode, f);
}

/* ---- fopen/fdopen on the wrapper's pipes: captured streams too ------------ */

typedef FILE *(*io_fopen_fn)(const char *, const char *);
typedef FILE *(*io_fdopen_fn)(int, const char *);

/* "w..." or "a..." without "+": a stream that only writes. */
static bool
io_write_only(const char *mode)
{
	return mode != NULL && (mode[0] == 'w' || mode[0] == 'a') &&
	    strchr(mode, '+') == NULL;
}

/*
 * A captured stream the program opened itself on fd: buffered as glibc
 * would have (line on a terminal, else fully).
 */
static FILE *
io_stream_on(int fd)
{
	FILE *f = io_cookie_on(fd);

	if (f != NULL)
		setvbuf(f, NULL, isatty(fd) ? _IOLBF : _IOFBF, BUFSIZ);
	return f;
}

/*
 * The stream f that fopen() made, or, if it only writes to one of the
 * wrapper's pipes (/dev/stdout, /proc/self/fd/2), a captured stream on a
 * duplicate of its fd (with its close-on-exec flag).  glibc's own streams
 * write through an internal write() that no hook sees, so their bytes
 * would reach the pipe out of program order.
 */
static FILE *
io_capture_stream(FILE *f, const char *mode)
{
	int fd, nfd, fl, saved = errno;
	FILE *c;

	if (f == NULL || !io_write_only(mode) || (fd = fileno(f)) < 0 ||
	    shim_side_capture(fd) == NULL || (fl = fcntl(fd, F_GETFD)) < 0)
		return f;
	nfd = fcntl(fd, (fl & FD_CLOEXEC) ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
	if (nfd < 0)
		return f;
	if ((c = io_stream_on(nfd)) == NULL) {
		close(nfd);
		errno = saved;
		return f;
	}
	fclose(f);
	shim_side_fd_changed(fd);
	errno = saved;
	return c;
}

static FILE *
io_fopen(const char *which, const char *path, const char *mode)
{
	io_fopen_fn real = (io_fopen_fn)shim_real(which);

	if (real == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	return io_capture_stream(real(path, mode), mode);
}

SHIM_API FILE *
fopen(const char *path, const char *mode)
{
	return io_fopen("fopen", path, mode);
}

SHIM_API FILE *
fopen64(const char *path, const char *mode)
{
	return io_fopen("fopen64", path, mode);
}

/*
 * fclose() closes its fd inside glibc, past our close(): forget what the
 * capture cache knows of that fd number, or the next file to get it would
 * be taken for the pipe it was.
 */
SHIM_API int
fclose(FILE *f)
{
	typedef int (*fclose_fn)(FILE *);
	static fclose_fn real;
	int fd = f != NULL ? fileno(f) : -1, rc;

	if (real == NULL && (real = (fclose_fn)shim_real("fclose")) == NULL) {
		errno = ENOSYS;
		return EOF;
	}
	rc = real(f);
	shim_side_fd_changed(fd);
	return rc;
}

SHIM_API FILE *
fdopen(int fd, const char *mode)
{
	io_fdopen_fn real = (io_fdopen_fn)shim_real("fdopen");
	FILE *f;

	if (io_write_only(mode) && fd > 2 && shim_side_capture(fd) != NULL &&
	    fcntl(fd, F_GETFL) >= 0 && (f = io_stream_on(fd)) != NULL)
		return f;
	if (real == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	return real(fd, mode);
}

/* ---- flush points: another process is about to write ---------------------- */

typedef pid_t (*io_fork_fn)(void);
typedef int (*io_system_fn)(const char *);
typedef FILE *(*io_popen_fn)(const char *, const char *);
typedef int (*io_spawn_fn)(pid_t *, const char *,
    const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
    char *const[], char *const[]);

/*
 * Flush, and hold stdout's lock across the fork so that no other thread
 * adds to the buffer in between: a child must not inherit bytes the
 * parent will send (it would send them too at its next flush point, where
 * the bare child would have dropped them at _exit).  The lock's owner is
 * this thread's descriptor, which the child keeps, so both unlock.
 */
SHIM_API pid_t
fork(void)
{
	static io_fork_fn real;
	FILE *f = io_cap[1] != NULL && stdout == io_cap[1] ? io_cap[1] : NULL;
	int saved = errno;
	pid_t pid;

	if (real == NULL && (real = (io_fork_fn)shim_real("fork")) == NULL)
		return (pid_t)syscall(SYS_fork);
	if (f != NULL) {
		flockfile(f);
		fflush_unlocked(f);
	}
	errno = saved;
	pid = real();
	if (f != NULL) {
		saved = errno;
		funlockfile(f);
		errno = saved;
	}
	return pid;
}

SHIM_API int
system(const char *cmd)
{
	static io_system_fn real;

	shim_io_flush();
	if (real == NULL && (real = (io_system_fn)shim_real("system")) == NULL)
		return -1;
	return real(cmd);
}

SHIM_API FILE *
popen(const char *cmd, const char *mode)
{
	static io_popen_fn real;

	shim_io_flush();
	if (real == NULL && (real = (io_popen_fn)shim_real("popen")) == NULL)
		return NULL;
	return real(cmd, mode);
}

SHIM_API int
posix_spawn(pid_t *pid, const char *path,
    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
    char *const argv[], char *const envp[])
{
	static io_spawn_fn real;

	shim_io_flush();
	if (real == NULL &&
	    (real = (io_spawn_fn)shim_real("posix_spawn")) == NULL)
		return ENOSYS;
	return real(pid, path, fa, attr, argv, envp);
}

SHIM_API int
posix_spawnp(pid_t *pid, const char *file,
    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
    char *const argv[], char *const envp[])
{
	static io_spawn_fn real;

	shim_io_flush();
	if (real == NULL &&
	    (real = (io_spawn_fn)shim_real("posix_spawnp")) == NULL)
		return ENOSYS;
	return real(pid, file, fa, attr, argv, envp);
}

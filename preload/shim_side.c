/*
 * shim_side: the side channel (protocol: lib/sw_side.h) as one process of
 * the test tree sees it: where it is, sending packets on it, knowing which
 * of the process's fds are the wrapper's stdout and stderr pipes, and
 * keeping the channel open when the program closes or dup2()s over fds.
 *
 * Workload assumed: one send per stdio flush or direct write to fd 1/2
 * (thousands to millions per run), one fstat per fd 1/2 change (a handful
 * per process).  So the send path is one system call per packet of at
 * most PIPE_BUF bytes and no lock: a writev(2) of header, the program's
 * bytes and CRC, with no copy, or for a small packet (a line written by
 * itself) a write(2) of the three copied together, which a pipe takes
 * faster.  Such writes to a pipe cannot interleave between threads or
 * processes, which also makes it usable from a signal handler.
 *
 * What cannot be protected (research: preload.md §4.3): raw close_range or
 * dup2 system calls, posix_spawn file actions executed inside libc, a
 * scrubbed environment.  Then a process started afterwards finds no valid
 * channel (SUBUNIT_WRAP_FD_ID) and is inactive: its bytes still reach the
 * wrapper through the pipes.  In the process itself, a raw close makes the
 * next send fail and shim_io falls back to the pipes, but a raw dup2 of
 * another file onto side_fd goes unnoticed: the packets go into that file
 * (checking before every send would cost a system call per write).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "shim.h"
#include "sw_enc.h"
#include "sw_side.h"

struct side_id {
	bool set;
	unsigned long long dev, ino;
};

/*
 * What each fd below SIDE_CACHE_FDS is known to be: the wrapper's stdout
 * or stderr pipe, or neither.  A write to any fd that is one of the pipes
 * is captured (perl's Test::More prints through dups of STDOUT/STDERR; a
 * shell's `exec 3>&1`).  Learned with one fstat at the fd's first write,
 * forgotten when the fd is closed or replaced (hooks below); fds above
 * the table are never captured.
 */
#define SIDE_CACHE_FDS 1024
enum side_cache { CACHE_UNKNOWN, CACHE_STDOUT, CACHE_STDERR, CACHE_NONE };

static volatile int side_fd = -1;
static volatile bool side_on;
static bool side_is_socket;
static struct side_id side_self, side_out, side_err;
static volatile unsigned char side_cache[SIDE_CACHE_FDS];
/* The digits of SUBUNIT_WRAP_FD in environ, rewritten when the fd moves. */
static char *side_env_digits;

typedef unsigned long (*side_crc_fn)(unsigned long, const unsigned char *,
    unsigned);
static side_crc_fn side_crc;

/* The real functions behind the hooks here (resolved in the constructor). */
typedef int (*side_close_fn)(int);
typedef int (*side_dup2_fn)(int, int);
typedef int (*side_dup3_fn)(int, int, int);
typedef int (*side_close_range_fn)(unsigned, unsigned, int);
static side_close_fn side_real_close;
static side_close_range_fn side_real_close_range;
static side_dup2_fn side_real_dup2;
static side_dup3_fn side_real_dup3;

/* ---- setup --------------------------------------------------------------- */

/* Parse "DEV:INO"; false if malformed. */
static bool
side_parse_id(const char *s, struct side_id *id)
{
	char *end;

	if (s == NULL)
		return false;
	errno = 0;
	id->dev = strtoull(s, &end, 10);
	if (errno || end == s || *end != ':')
		return false;
	s = end + 1;
	id->ino = strtoull(s, &end, 10);
	if (errno || end == s || *end != '\0')
		return false;
	id->set = true;
	return true;
}

static bool
side_stat_id(int fd, struct side_id *id)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return false;
	id->set = true;
	id->dev = (unsigned long long)st.st_dev;
	id->ino = (unsigned long long)st.st_ino;
	return true;
}

static bool
side_same(const struct side_id *a, const struct side_id *b)
{
	return a->set && b->set && a->dev == b->dev && a->ino == b->ino;
}

/*
 * CRC-32 from zlib, looked up in zlib itself: a program may define its own
 * crc32() and would otherwise interpose ours.
 */
static bool
side_find_crc(void)
{
	void *z = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);

	if (z != NULL)
		side_crc = (side_crc_fn)dlsym(z, "crc32");
	return side_crc != NULL;
}

/* Remember where the fd number lives in environ, if it can be rewritten. */
static void
side_find_env(void)
{
	extern char **environ;
	size_t n = strlen(SW_SIDE_ENV_FD);

	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, SW_SIDE_ENV_FD, n) == 0 && (*e)[n] == '=' &&
		    strlen(*e + n + 1) == SW_SIDE_FD_WIDTH)
			side_env_digits = *e + n + 1;
}

void
shim_side_init(void)
{
	const char *s = getenv(SW_SIDE_ENV_FD);
	struct side_id want;
	struct stat st;
	char *end;
	long fd;

	side_real_close = (side_close_fn)shim_real("close");
	side_real_close_range = (side_close_range_fn)shim_real("close_range");
	side_real_dup2 = (side_dup2_fn)shim_real("dup2");
	side_real_dup3 = (side_dup3_fn)shim_real("dup3");
	if (s == NULL || getauxval(AT_SECURE))
		return;
	fd = strtol(s, &end, 10);
	if (end == s || *end != '\0' || fd < 0 || fd > 1 << 30)
		return;
	if (fstat((int)fd, &st) < 0 || !side_stat_id((int)fd, &side_self))
		return;
	/* A number inherited by a process where it is something else. */
	if (side_parse_id(getenv(SW_SIDE_ENV_FD_ID), &want) &&
	    !side_same(&want, &side_self))
		return;
	if (!side_find_crc())
		return;
	side_is_socket = S_ISSOCK(st.st_mode);
	if (!side_parse_id(getenv(SW_SIDE_ENV_STDOUT), &side_out))
		side_stat_id(1, &side_out);
	if (!side_parse_id(getenv(SW_SIDE_ENV_STDERR), &side_err))
		side_stat_id(2, &side_err);
	side_find_env();
	side_fd = (int)fd;
	side_on = true;
}

bool
shim_side_active(void)
{
	return side_on;
}

/* ---- sending ------------------------------------------------------------- */

/*
 * Packets up to this size are built in one buffer on the stack and sent
 * with write(2): a pipe takes a 3-part writev of some 30 bytes much
 * slower than a write of the same bytes (1,000,000 of each into a pipe
 * read by cat: 0.81 s against 0.54 s), which a program writing line by
 * line pays per line; and one CRC call costs less than two.  Bigger ones go without a copy.  Small enough not
 * to matter on a program's own alternate signal stack (crash reports
 * come through here).
 */
#define SIDE_SMALL 256

/* Send iov[0..niov), total bytes, in one system call: 0 or -errno. */
static int
side_write(struct iovec *iov, int niov, size_t total)
{
	struct msghdr msg;
	ssize_t w;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)niov;
	do {
		if (side_is_socket)
			w = sendmsg(side_fd, &msg, MSG_NOSIGNAL);
		else if (niov == 1)
			w = syscall(SYS_write, side_fd, iov[0].iov_base,
			    iov[0].iov_len);
		else
			w = syscall(SYS_writev, side_fd, iov, niov);
	} while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	/* A pipe takes it whole (<= PIPE_BUF); a full disk may not. */
	return (size_t)w == total ? 0 : -EIO;
}

/* One packet: header, n content bytes, CRC.  0 or -errno. */
static int
side_send_one(const char *name, const uint8_t *bytes, size_t n)
{
	struct sw_packet p;
	struct timespec now;
	uint8_t buf[SIDE_SMALL], tail[4];
	struct iovec iov[3];
	ssize_t h;

	sw_packet_init(&p);
	p.runnable = false;
	/* When the program wrote it: what the wrapper stamps its events with. */
	if (clock_gettime(CLOCK_REALTIME, &now) == 0) {
		p.has_timestamp = true;
		p.ts_sec = (uint32_t)now.tv_sec;
		p.ts_nsec = (uint32_t)now.tv_nsec;
	}
	p.file_name.ptr = name;
	p.file_name.len = strlen(name);
	p.file_len = n;
	if ((h = sw_enc_head(&p, buf, sizeof(buf))) < 0)
		return (int)h;
	if ((size_t)h + n + 4 <= sizeof(buf)) {
		/* Small: the bytes after the header, one CRC call, one write. */
		if (n > 0)
			memcpy(buf + h, bytes, n);
		sw_enc_tail((uint32_t)side_crc(0, buf, (unsigned)((size_t)h +
		    n)), buf + h + n);
		iov[0].iov_base = buf;
		iov[0].iov_len = (size_t)h + n + 4;
		return side_write(iov, 1, iov[0].iov_len);
	}
	sw_enc_tail((uint32_t)side_crc(side_crc(0, buf, (unsigned)h), bytes,
	    (unsigned)n), tail);
	iov[0].iov_base = buf;
	iov[0].iov_len = (size_t)h;
	iov[1].iov_base = (void *)bytes;
	iov[1].iov_len = n;
	iov[2].iov_base = tail;
	iov[2].iov_len = 4;
	return side_write(iov, 3, (size_t)h + n + 4);
}

/*
 * The shim's own packets must not kill a process whose wrapper has gone:
 * SIGPIPE blocked around the write, and a SIGPIPE it raised taken back
 * (unless one was pending already).  Async-signal-safe.
 */
int
shim_side_send_quiet(const char *name, const void *bytes, size_t len)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t pipe, old, pending;
	int saved = errno, rc;
	bool was_pending;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	rc = shim_side_send(name, bytes, len);
	if (rc == -EPIPE && !was_pending)
		sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return rc;
}

int
shim_side_send(const char *name, const void *bytes, size_t len)
{
	const uint8_t *p = bytes;
	int saved = errno, rc = 0;

	if (!side_on) {
		errno = saved;
		return -EBADF;
	}
	do {
		size_t n = len < SW_SIDE_CHUNK ? len : SW_SIDE_CHUNK;

		if ((rc = side_send_one(name, p, n)) < 0) {
			side_on = false;
			break;
		}
		p += n;
		len -= n;
	} while (len > 0);
	errno = saved;
	return rc;
}

/* ---- which fds are captured ---------------------------------------------- */

const char *
shim_side_capture(int fd)
{
	struct side_id id;
	int c;

	if (fd < 0 || fd >= SIDE_CACHE_FDS || !side_on || fd == side_fd)
		return NULL;
	if ((c = side_cache[fd]) == CACHE_UNKNOWN) {
		int saved = errno;

		c = CACHE_NONE;
		if (side_stat_id(fd, &id))
			c = side_same(&id, &side_out) ? CACHE_STDOUT :
			    side_same(&id, &side_err) ? CACHE_STDERR : CACHE_NONE;
		side_cache[fd] = c;
		errno = saved;
	}
	return c == CACHE_STDOUT ? SW_SIDE_STDOUT :
	    c == CACHE_STDERR ? SW_SIDE_STDERR : NULL;
}

void
shim_side_fd_changed(int fd)
{
	if (fd >= 0 && fd < SIDE_CACHE_FDS)
		side_cache[fd] = CACHE_UNKNOWN;
}

static void
side_range_changed(unsigned first, unsigned last)
{
	for (unsigned fd = first; fd <= last && fd < SIDE_CACHE_FDS; fd++)
		side_cache[fd] = CACHE_UNKNOWN;
}

/* ---- keeping the channel open --------------------------------------------- */

/* Write fd into the environment's digits (zero-padded), if it fits. */
static void
side_env_set(int fd)
{
	char tmp[SW_SIDE_FD_WIDTH];
	unsigned v = (unsigned)fd;

	if (side_env_digits == NULL)
		return;
	for (int i = SW_SIDE_FD_WIDTH - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	if (v == 0)
		memcpy(side_env_digits, tmp, SW_SIDE_FD_WIDTH);
}

/*
 * The program wants our fd number for itself (dup2 onto it): move the
 * channel to a higher free number first.  Returns false if it cannot.
 */
static bool
side_move(void)
{
	int nfd = fcntl(side_fd, F_DUPFD, side_fd + 1);

	if (nfd < 0)
		return false;
	/* No close: the dup2 that follows replaces the old number. */
	side_fd = nfd;
	side_env_set(nfd);
	return true;
}

static bool
side_protects(int fd)
{
	return side_on && fd == side_fd;
}

static long
side_raw_close_range(unsigned first, unsigned last, int flags)
{
	if (side_real_close_range == NULL)
		side_real_close_range =
		    (side_close_range_fn)shim_real("close_range");
	if (side_real_close_range != NULL)
		return side_real_close_range(first, last, flags);
	return syscall(SYS_close_range, first, last, flags);
}

SHIM_API int
close(int fd)
{
	if (side_protects(fd))
		return 0;       /* the program believes it closed it */
	shim_side_fd_changed(fd);
	if (side_real_close == NULL)
		side_real_close = (side_close_fn)shim_real("close");
	return side_real_close ? side_real_close(fd) :
	    (int)syscall(SYS_close, fd);
}

SHIM_API int
close_range(unsigned first, unsigned last, int flags)
{
	unsigned s = (unsigned)side_fd;
	long rc = 0;

	side_range_changed(first, last);
	if (!side_on || side_fd < 0 || s < first || s > last)
		return (int)side_raw_close_range(first, last, flags);
	if (s > first)
		rc = side_raw_close_range(first, s - 1, flags);
	if (rc == 0 && s < last)
		rc = side_raw_close_range(s + 1, last, flags);
	return (int)rc;
}

SHIM_API void
closefrom(int low)
{
	int saved = errno;

	close_range(low < 0 ? 0 : (unsigned)low, ~0U, 0);
	errno = saved;
}

SHIM_API int
dup2(int oldfd, int newfd)
{
	side_dup2_fn real = side_real_dup2;
	int rc;

	if (side_protects(newfd) && oldfd != newfd && !side_move()) {
		errno = EBUSY;
		return -1;
	}
	if (real == NULL)
		real = side_real_dup2 = (side_dup2_fn)shim_real("dup2");
	rc = real ? real(oldfd, newfd) : (int)syscall(SYS_dup2, oldfd, newfd);
	shim_side_fd_changed(newfd);
	return rc;
}

SHIM_API int
dup3(int oldfd, int newfd, int flags)
{
	side_dup3_fn real = side_real_dup3;
	int rc;

	if (side_protects(newfd) && oldfd != newfd && !side_move()) {
		errno = EBUSY;
		return -1;
	}
	if (real == NULL)
		real = side_real_dup3 = (side_dup3_fn)shim_real("dup3");
	rc = real ? real(oldfd, newfd, flags) :
	    (int)syscall(SYS_dup3, oldfd, newfd, flags);
	shim_side_fd_changed(newfd);
	return rc;
}

/* ---- not leaking the channel to programs outside the test tree ----------- */

/* Does envp still carry the channel (its variable and LD_PRELOAD)? */
static bool
side_env_keeps(char *const *envp)
{
	size_t n = strlen(SW_SIDE_ENV_FD);
	bool fd = false, pre = false;

	for (; envp != NULL && *envp != NULL; envp++) {
		if (strncmp(*envp, SW_SIDE_ENV_FD, n) == 0 &&
		    (*envp)[n] == '=')
			fd = true;
		else if (strncmp(*envp, "LD_PRELOAD=", 11) == 0 &&
		    (*envp)[11] != '\0')
			pre = true;
	}
	return fd && pre;
}

/*
 * Before an exec with the environment envp: a program that will not load
 * the shim (scrubbed environment) must not inherit the channel.  Returns
 * true if the fd was marked close-on-exec (undo it if the exec fails).
 * Only a system call: safe in a vfork child (its fd table is its own).
 */
static bool
side_exec_prepare(char *const *envp)
{
	if (!side_on || side_env_keeps(envp))
		return false;
	return fcntl(side_fd, F_SETFD, FD_CLOEXEC) == 0;
}

static void
side_exec_failed(bool marked)
{
	int saved = errno;

	if (marked)
		fcntl(side_fd, F_SETFD, 0);
	errno = saved;
}

typedef int (*side_execve_fn)(const char *, char *const[], char *const[]);

SHIM_API int
execve(const char *path, char *const argv[], char *const envp[])
{
	static side_execve_fn real;
	bool marked = side_exec_prepare(envp);
	int rc;

	if (real == NULL)
		real = (side_execve_fn)shim_real("execve");
	rc = real ? real(path, argv, envp) :
	    (int)syscall(SYS_execve, path, argv, envp);
	side_exec_failed(marked);
	return rc;
}

SHIM_API int
execvpe(const char *file, char *const argv[], char *const envp[])
{
	static side_execve_fn real;
	bool marked = side_exec_prepare(envp);
	int rc;

	if (real == NULL &&
	    (real = (side_execve_fn)shim_real("execvpe")) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	rc = real(file, argv, envp);
	side_exec_failed(marked);
	return rc;
}

typedef int (*side_execv_fn)(const char *, char *const[]);

/* execv and execvp use environ, which the program may have scrubbed. */
SHIM_API int
execv(const char *path, char *const argv[])
{
	extern char **environ;

	return execve(path, argv, environ);
}

SHIM_API int
execvp(const char *file, char *const argv[])
{
	extern char **environ;

	return execvpe(file, argv, environ);
}

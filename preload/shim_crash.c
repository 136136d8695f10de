/*
 * shim_crash: fatal signals.  When SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT, SIGTRAP or SIGSYS reaches a process that runs under the shim,
 * the shim sends what the program's stdout still held, then one
 * SW_SIDE_CRASH packet (which signal and why, glibc's abort message, a
 * symbolised backtrace of the faulting thread), then hands the signal to
 * whatever the program asked for: its own handler, called the way the
 * kernel would have called it, or the default action, so the exit status
 * (139, 134, 136, ...) and a core dump are what they would have been.
 *
 * Workload assumed: a test process crashes at most once, usually in the
 * thread that runs the test; nothing here is on a hot path except
 * pthread_create (an mmap, a sigaltstack and an munmap per thread: a few
 * microseconds), and the sigaction family, which programs call a handful
 * of times.  A crash report may take milliseconds (it reads symbol tables
 * from the files), which is nothing next to the death it reports.
 *
 * How the program's view is kept:
 * - our handler stays installed for these signals for the life of the
 *   process; sigaction(), signal() and friends are interposed so the
 *   program's requests are recorded (crash_slots) and its queries answered
 *   from the record, exactly as the kernel would have answered them;
 * - a disposition of SIG_IGN is given to the kernel for real: the kernel
 *   then discards raise()s, still kills on a synchronous fault, and exec
 *   keeps the signal ignored, all as without the shim;
 * - what was installed before our constructor (another library's
 *   constructor, a runtime such as ASan that uses raw system calls) is the
 *   program's disposition too.
 *
 * Rules the handler keeps (../shared/research/preload.md §5): it runs on
 * an alternate stack (64 KiB mapped at init for the main thread, and in
 * each new thread by the pthread_create hook), so a stack overflow is
 * reported; it takes no lock and allocates nothing; errno is preserved; a
 * fault inside the report (a corrupt stack under the unwinder, a smashed
 * stdout FILE) abandons only that step, through siglongjmp; one report per
 * process, even when the signal recurs or threads crash together.
 *
 * Remaining lock risks, all in symbolisation and unwinding: dladdr() takes
 * the dynamic loader's recursive lock, so a crash while another thread is
 * inside dlopen()/dlclose() waits for that call to finish, and a forked
 * child of a threaded program whose fork happened during a dlopen() would
 * hang in the report.  The unwinder (libgcc_s 12 on glibc 2.36) finds
 * unwind tables with _dl_find_object(), which takes no lock; an older
 * libgcc_s uses dl_iterate_phdr(), which takes the same loader lock.
 *
 * Programs built with ASan: the SEGV/BUS/FPE handlers its runtime set up
 * before our constructor are chained to without a report (ASan prints its
 * own, better one); stdout is still sent first.
 *
 * Known limits:
 * - the report comes before the program's handler runs, so a program that
 *   catches SIGSEGV as part of its normal work (a JIT, a garbage collector
 *   using mprotect) gets one report it did not deserve;
 * - the program's handler runs on our alternate stack even if it did not
 *   ask for SA_ONSTACK (64 KiB is plenty for a handler, not for a deep one);
 * - abort() with SIGABRT ignored: glibc resets the disposition itself (an
 *   internal sigaction no hook sees) and raises again, so the process dies
 *   without a report, as it dies without the shim.
 */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "sw_side.h"
#include "shim.h"

/* The signals reported; all of them dump core by default. */
static const int crash_sigs[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS
};
#define CRASH_NSIGS (sizeof(crash_sigs) / sizeof(crash_sigs[0]))

/* Alternate stack per thread, and the guard page under it. */
#define CRASH_STACK (64 * 1024)
#define CRASH_GUARD 4096
/* Threads being started at one time with an alternate stack, at most. */
#define CRASH_STARTS 64
/* The report: its text, and the frames it shows. */
#define CRASH_TEXT_MAX 8192
#define CRASH_TRUNCATED "(truncated)\n"
#define CRASH_FRAMES 64
/* A symbol name read from a .symtab, and symbols read per pread(). */
#define CRASH_ELFCLASS (__ELF_NATIVE_CLASS == 64 ? ELFCLASS64 : ELFCLASS32)
#define CRASH_NAME_MAX 256
#define CRASH_SYMS_CHUNK 256
/* .symtab bytes scanned per lookup at most (about 700,000 symbols). */
#define CRASH_SYMTAB_MAX (16u << 20)
/* How long a crashing thread waits for another thread's report. */
#define CRASH_WAIT_TICKS 300
#define CRASH_TICK_NS 10000000L

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1		/* si_code of SIGSYS (asm-generic/siginfo.h) */
#endif

/* Exported by glibc, but declared by no header in a _GNU_SOURCE build. */
SHIM_API sighandler_t bsd_signal(int, sighandler_t);
SHIM_API int __sigaction(int, const struct sigaction *, struct sigaction *);

/* glibc's private record of its last fatal message (GLIBC_PRIVATE). */
struct crash_abort_msg {
	unsigned int size;	/* bytes of the whole mapping */
	char msg[];		/* NUL-terminated */
};

/*
 * The program's disposition of one signal, as sigaction() reports it to
 * the program.  Written under crash_writer with every signal blocked,
 * read by the handler without a lock: seq is odd while a writer copies,
 * and a reader retries until it saw the same even seq before and after.
 */
struct crash_slot {
	atomic_uint seq;
	struct sigaction act;
	bool asan;		/* ASan's handler, found at init: no report */
};

/*
 * A new thread's start routine and argument, from pthread_create to
 * crash_thread_start, which frees the slot as soon as it has read it.
 */
struct crash_start {
	atomic_bool busy;
	void *(*fn)(void *);
	void *arg;
};

/* The report's text, built in static memory: one reporter per process. */
struct crash_text {
	char buf[CRASH_TEXT_MAX];
	size_t len;
	bool full;
};

typedef int crash_sigaction_fn(int, const struct sigaction *,
    struct sigaction *);
typedef sighandler_t crash_signal_fn(int, sighandler_t);
typedef int crash_siginterrupt_fn(int, int);
typedef int crash_pthread_create_fn(pthread_t *, const pthread_attr_t *,
    void *(*)(void *), void *);

static crash_sigaction_fn *real_sigaction;
static crash_sigaction_fn *real___sigaction;
static crash_signal_fn *real_signal;
static crash_signal_fn *real_bsd_signal;
static crash_signal_fn *real_ssignal;
static crash_signal_fn *real_sysv_signal;
static crash_signal_fn *real___sysv_signal;
static crash_signal_fn *real_sigset;
static crash_siginterrupt_fn *real_siginterrupt;
static crash_pthread_create_fn *real_pthread_create;

/* Set once by shim_crash_init, before the program runs: hooks are live. */
static bool crash_on;
static struct crash_slot crash_slots[CRASH_NSIGS];
/* Thread id of the thread updating a slot, 0 when none. */
static _Atomic pid_t crash_writer;
/* Bits (by slot) of signals siginterrupt() made interrupting. */
static atomic_uint crash_intr;
/*
 * Flags the kernel reports beyond those set (glibc's SA_RESTORER), and
 * flags it drops (since Linux 5.11, SA_INTERRUPT, which sysv_signal sets).
 */
static int crash_kflags;
static int crash_kdrop;

/* 0: no report yet; a thread id: that thread reports; -1: reported. */
static _Atomic pid_t crash_owner;
static sigjmp_buf crash_jmp;
static struct crash_text crash_text;
static struct crash_abort_msg **crash_abort_msg;
/* The executable's path (the main link map has an empty name). */
static char crash_exe[512];
/* Base of the object holding the ASan runtime, or NULL. */
static void *crash_asan_base;
/* Unmaps a thread's alternate stack when the thread ends. */
static pthread_key_t crash_key;
static bool crash_key_ok;
static struct crash_start crash_starts[CRASH_STARTS];
/* Last symbol found in a .symtab: deep recursion repeats one frame. */
static char crash_name[CRASH_NAME_MAX];
static const struct link_map *crash_name_map;
static uintptr_t crash_name_lo, crash_name_hi;
static ElfW(Sym) crash_syms[CRASH_SYMS_CHUNK];

static void crash_handler(int, siginfo_t *, void *);

/*
 * The slot of sig in crash_sigs, or -1 if the shim does not handle it.
 */
static int
crash_index(int sig)
{
	size_t i;

	for (i = 0; i < CRASH_NSIGS; i++)
		if (crash_sigs[i] == sig)
			return (int)i;
	return -1;
}

/*
 * Resolve the real functions behind our hooks.  Called by the constructor,
 * and by a hook that runs before it (another library's constructor); not
 * from a signal handler, since dlsym may allocate.
 */
static void
crash_resolve(void)
{
	if (real_sigaction != NULL)
		return;
	real___sigaction = (crash_sigaction_fn *)shim_real("__sigaction");
	real_signal = (crash_signal_fn *)shim_real("signal");
	real_bsd_signal = (crash_signal_fn *)shim_real("bsd_signal");
	real_ssignal = (crash_signal_fn *)shim_real("ssignal");
	real_sysv_signal = (crash_signal_fn *)shim_real("sysv_signal");
	real___sysv_signal = (crash_signal_fn *)shim_real("__sysv_signal");
	real_sigset = (crash_signal_fn *)shim_real("sigset");
	real_siginterrupt =
	    (crash_siginterrupt_fn *)shim_real("siginterrupt");
	real_pthread_create =
	    (crash_pthread_create_fn *)shim_real("pthread_create");
	real_sigaction = (crash_sigaction_fn *)shim_real("sigaction");
}

/*
 * Our disposition, as given to the kernel: SA_NODEFER so that a fault
 * inside the report re-enters the handler (which then abandons that step)
 * instead of killing the process with the wrong signal; the mask the
 * program's handler expects is applied by crash_chain.
 */
static void
crash_ours(struct sigaction *k)
{
	memset(k, 0, sizeof(*k));
	k->sa_sigaction = crash_handler;
	sigemptyset(&k->sa_mask);
	k->sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
}

/*
 * True when a thread id names no thread of this process: the holder of a
 * lock copied into a fork child.
 */
static bool
crash_gone(pid_t tid)
{
	return tgkill(getpid(), tid, 0) == -1 && errno == ESRCH;
}

/*
 * Take the writers' lock.  The caller blocks every signal first, so the
 * holder can never be interrupted by our own handler in its thread; a
 * holder in another thread finishes in a few instructions, and one that
 * does not exist (we are a fork child) is taken over.
 */
static void
crash_lock(void)
{
	pid_t me = gettid();
	pid_t cur;

	for (;;) {
		cur = 0;
		if (atomic_compare_exchange_strong(&crash_writer, &cur, me))
			return;
		if (crash_gone(cur) &&
		    atomic_compare_exchange_strong(&crash_writer, &cur, me))
			return;
		sched_yield();
	}
}

static void
crash_unlock(void)
{
	atomic_store(&crash_writer, 0);
}

/*
 * Store act into slot i.  Under crash_lock only.
 */
static void
crash_slot_write(int i, const struct sigaction *act, bool asan)
{
	struct crash_slot *s = &crash_slots[i];
	unsigned seq = atomic_load_explicit(&s->seq, memory_order_relaxed) | 1;

	atomic_store_explicit(&s->seq, seq, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	s->act = *act;
	s->asan = asan;
	atomic_store_explicit(&s->seq, seq + 1, memory_order_release);
}

/*
 * Copy slot i into *act and *asan without a lock (from the handler).  A
 * writer in another thread finishes quickly; after many retries (a writer
 * that vanished in a fork) the copy is taken as it is.
 */
static void
crash_slot_read(int i, struct sigaction *act, bool *asan)
{
	struct crash_slot *s = &crash_slots[i];
	unsigned a, tries;

	for (tries = 0;; tries++) {
		a = atomic_load_explicit(&s->seq, memory_order_acquire);
		if ((a & 1) == 0 || tries > 1000) {
			memcpy(act, &s->act, sizeof(*act));
			*asan = s->asan;
			atomic_thread_fence(memory_order_acquire);
			if (atomic_load_explicit(&s->seq,
			    memory_order_relaxed) == a || tries > 1000)
				return;
		}
		sched_yield();
	}
}

/*
 * The program's sigaction(crash_sigs[i], act, old): record act (if not
 * NULL) and tell the kernel (our handler, or SIG_IGN for real), and store
 * the previous disposition in *old (if not NULL).  Async-signal-safe (a
 * program's handler may call signal(sig, SIG_DFL)); errno unchanged.
 */
static void
crash_set(int i, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction want, was, k;
	sigset_t all, mask;
	int saved_errno = errno;

	if (act != NULL) {
		/* What the kernel would have stored and reported back. */
		want = *act;
		sigdelset(&want.sa_mask, SIGKILL);
		sigdelset(&want.sa_mask, SIGSTOP);
		want.sa_flags = (want.sa_flags & ~crash_kdrop) | crash_kflags;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &mask);
	crash_lock();
	was = crash_slots[i].act;
	if (act != NULL) {
		crash_slot_write(i, &want, false);
		if (act->sa_handler == SIG_IGN)
			real_sigaction(crash_sigs[i], act, NULL);
		else {
			crash_ours(&k);
			real_sigaction(crash_sigs[i], &k, NULL);
		}
	}
	crash_unlock();
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	if (old != NULL)
		*old = was;
	errno = saved_errno;
}

/*
 * sigaction(2) as the program sees it, real being the function it
 * called: for the signals we report, the disposition it set (or the one
 * in force before the shim started).
 */
static int
crash_sigaction(crash_sigaction_fn *real, int sig,
    const struct sigaction *act, struct sigaction *old)
{
	int i = crash_index(sig);

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if (!crash_on || i < 0)
		return real(sig, act, old);
	crash_set(i, act, old);
	return 0;
}

SHIM_API int
sigaction(int sig, const struct sigaction *restrict act,
    struct sigaction *restrict old)
{
	crash_resolve();
	return crash_sigaction(real_sigaction, sig, act, old);
}

/* The same, under the name old libraries call. */
SHIM_API int
__sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	crash_resolve();
	return crash_sigaction(real___sigaction, sig, act, old);
}

/*
 * The signal() family, for slot i: glibc builds a sigaction from handler,
 * sa_mask (the signal itself when self is true) and flags, and returns the
 * previous handler.
 */
static sighandler_t
crash_signal(int i, sighandler_t handler, bool self, int flags)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	sigemptyset(&act.sa_mask);
	if (self)
		sigaddset(&act.sa_mask, crash_sigs[i]);
	act.sa_flags = flags;
	crash_set(i, &act, &old);
	return old.sa_handler;
}

/*
 * BSD semantics (glibc's signal, bsd_signal, ssignal): the signal blocked
 * in its handler, system calls restarted unless siginterrupt() said not.
 */
static sighandler_t
crash_bsd(crash_signal_fn *real, int sig, sighandler_t handler)
{
	int i = crash_index(sig);

	if (real == NULL) {
		errno = ENOSYS;
		return SIG_ERR;
	}
	if (!crash_on || i < 0 || handler == SIG_ERR)
		return real(sig, handler);
	return crash_signal(i, handler, true,
	    atomic_load(&crash_intr) & (1u << i) ? 0 : SA_RESTART);
}

/*
 * System V semantics (sysv_signal, and signal() in a strict ISO C
 * build): one-shot, not blocked in its handler, no restart.
 */
static sighandler_t
crash_sysv(crash_signal_fn *real, int sig, sighandler_t handler)
{
	int i = crash_index(sig);

	if (real == NULL) {
		errno = ENOSYS;
		return SIG_ERR;
	}
	if (!crash_on || i < 0 || handler == SIG_ERR)
		return real(sig, handler);
	return crash_signal(i, handler, false,
	    SA_RESETHAND | SA_NODEFER | SA_INTERRUPT);
}

/* signal(3), BSD semantics as in glibc. */
SHIM_API sighandler_t
signal(int sig, sighandler_t handler)
{
	crash_resolve();
	return crash_bsd(real_signal, sig, handler);
}

/* bsd_signal(3): glibc's signal(). */
SHIM_API sighandler_t
bsd_signal(int sig, sighandler_t handler)
{
	crash_resolve();
	return crash_bsd(real_bsd_signal, sig, handler);
}

/* ssignal(3): glibc's signal(). */
SHIM_API sighandler_t
ssignal(int sig, sighandler_t handler)
{
	crash_resolve();
	return crash_bsd(real_ssignal, sig, handler);
}

/* sysv_signal(3). */
SHIM_API sighandler_t
sysv_signal(int sig, sighandler_t handler)
{
	crash_resolve();
	return crash_sysv(real_sysv_signal, sig, handler);
}

/* What <signal.h> calls signal() as when only ISO C is asked for. */
SHIM_API sighandler_t
__sysv_signal(int sig, sighandler_t handler)
{
	crash_resolve();
	return crash_sysv(real___sysv_signal, sig, handler);
}

/*
 * sigset(3) (XSI), as glibc does it: SIG_HOLD blocks the signal; anything
 * else installs a plain handler and unblocks it.  Returns SIG_HOLD when
 * the signal was blocked before.
 */
SHIM_API sighandler_t
sigset(int sig, sighandler_t disp)
{
	struct sigaction old;
	sigset_t set, oset;
	int i = crash_index(sig);

	crash_resolve();
	if (real_sigset == NULL) {
		errno = ENOSYS;
		return SIG_ERR;
	}
	if (!crash_on || i < 0 || disp == SIG_ERR)
		return real_sigset(sig, disp);
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (disp == SIG_HOLD) {
		if (pthread_sigmask(SIG_BLOCK, &set, &oset) != 0)
			return SIG_ERR;
		if (sigismember(&oset, sig))
			return SIG_HOLD;
		crash_set(i, NULL, &old);
		return old.sa_handler;
	}
	old.sa_handler = crash_signal(i, disp, false, 0);
	if (pthread_sigmask(SIG_UNBLOCK, &set, &oset) != 0)
		return SIG_ERR;
	return sigismember(&oset, sig) ? SIG_HOLD : old.sa_handler;
}

/*
 * siginterrupt(3): whether the handler interrupts system calls; also
 * remembered for later signal() calls, as glibc does.
 */
SHIM_API int
siginterrupt(int sig, int flag)
{
	struct sigaction act;
	int i = crash_index(sig);

	crash_resolve();
	if (real_siginterrupt == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if (!crash_on || i < 0)
		return real_siginterrupt(sig, flag);
	crash_set(i, NULL, &act);
	if (flag) {
		atomic_fetch_or(&crash_intr, 1u << i);
		act.sa_flags &= ~SA_RESTART;
	} else {
		atomic_fetch_and(&crash_intr, ~(1u << i));
		act.sa_flags |= SA_RESTART;
	}
	crash_set(i, &act, NULL);
	return 0;
}

/* ---- alternate stacks -------------------------------------------------- */

/*
 * Give the calling thread an alternate signal stack of CRASH_STACK bytes,
 * with a guard page below it so that overflowing it faults instead of
 * writing into a neighbour mapping, unless it already has one (ASan's, or
 * the program's).  Returns the mapping (CRASH_GUARD + CRASH_STACK bytes)
 * or NULL when nothing was mapped.  mmap, not malloc: a thread may start
 * inside a program's allocator.
 */
static void *
crash_altstack(void)
{
	stack_t ss, old;
	char *base;

	if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE))
		return NULL;
	base = mmap(NULL, CRASH_GUARD + CRASH_STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	mprotect(base, CRASH_GUARD, PROT_NONE);
	ss.ss_sp = base + CRASH_GUARD;
	ss.ss_size = CRASH_STACK;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0) {
		munmap(base, CRASH_GUARD + CRASH_STACK);
		return NULL;
	}
	return base;
}

/*
 * pthread key destructor: the thread is ending; turn its alternate stack
 * off and unmap it.  Kept mapped if the thread is ending from a signal
 * handler that runs on it (pthread_exit in a handler).
 */
static void
crash_thread_end(void *base)
{
	stack_t ss;
	int saved_errno = errno;

	if (sigaltstack(NULL, &ss) == 0 &&
	    ss.ss_sp == (char *)base + CRASH_GUARD) {
		if (ss.ss_flags & SS_ONSTACK)
			goto out;
		ss.ss_flags = SS_DISABLE;
		sigaltstack(&ss, NULL);
	}
	munmap(base, CRASH_GUARD + CRASH_STACK);
out:
	errno = saved_errno;
}

/*
 * First function of every thread the program creates: alternate stack,
 * then the program's start routine.  Alternate stacks are not inherited
 * by pthread_create (research §5), so without this a stack overflow in a
 * thread would kill it silently.
 */
static void *
crash_thread_start(void *p)
{
	struct crash_start *slot = p;
	struct crash_start s = *slot;
	void *base;

	atomic_store(&slot->busy, false);
	base = crash_altstack();
	if (base != NULL && pthread_setspecific(crash_key, base) != 0)
		crash_thread_end(base);
	return s.fn(s.arg);
}

/*
 * pthread_create(3): the thread runs fn(arg) as asked, after getting an
 * alternate stack.  When the shim is inactive, or CRASH_STARTS threads
 * are being started at this very moment, it is the real call, untouched.
 * No malloc: allocators create threads of their own (jemalloc's
 * background threads) with their locks held.
 */
SHIM_API int
pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
    void *(*fn)(void *), void *restrict arg)
{
	struct crash_start *s = NULL;
	bool idle;
	size_t i;
	int r;

	crash_resolve();
	if (real_pthread_create == NULL)
		return ENOSYS;
	for (i = 0; crash_on && crash_key_ok && i < CRASH_STARTS; i++) {
		idle = false;
		if (atomic_compare_exchange_strong(&crash_starts[i].busy,
		    &idle, true)) {
			s = &crash_starts[i];
			break;
		}
	}
	if (s == NULL)
		return real_pthread_create(thread, attr, fn, arg);
	s->fn = fn;
	s->arg = arg;
	r = real_pthread_create(thread, attr, crash_thread_start, s);
	if (r != 0)
		atomic_store(&s->busy, false);
	return r;
}

/* ---- the report -------------------------------------------------------- */

/*
 * Append n bytes of s to the report; what does not fit is dropped, and
 * crash_report then ends the text with CRASH_TRUNCATED, for which room is
 * always kept.
 */
static void
ct_put(const char *s, size_t n)
{
	struct crash_text *t = &crash_text;
	size_t room = sizeof(t->buf) - sizeof(CRASH_TRUNCATED) - t->len;

	if (n > room) {
		n = room;
		t->full = true;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void
ct_puts(const char *s)
{
	ct_put(s, strlen(s));
}

/* Append v in decimal; negative values with a minus sign. */
static void
ct_dec(long long v)
{
	char d[24];
	size_t i = sizeof(d);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		d[--i] = '-';
	ct_put(d + i, sizeof(d) - i);
}

/* Append v as 0x and lower-case hex digits, no padding. */
static void
ct_hex(uintptr_t v)
{
	char d[2 + 2 * sizeof(v)];
	size_t i = sizeof(d);

	do {
		d[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v != 0);
	d[--i] = 'x';
	d[--i] = '0';
	ct_put(d + i, sizeof(d) - i);
}

/* The signal's name, and what it means when si_code says no more. */
static void
crash_signame(int sig, const char **name, const char **what)
{
	switch (sig) {
	case SIGSEGV:
		*name = "SIGSEGV", *what = "segmentation fault";
		break;
	case SIGBUS:
		*name = "SIGBUS", *what = "bus error";
		break;
	case SIGFPE:
		*name = "SIGFPE", *what = "arithmetic exception";
		break;
	case SIGILL:
		*name = "SIGILL", *what = "illegal instruction";
		break;
	case SIGABRT:
		*name = "SIGABRT", *what = "aborted";
		break;
	case SIGTRAP:
		*name = "SIGTRAP", *what = "trace/breakpoint trap";
		break;
	case SIGSYS:
		*name = "SIGSYS", *what = "bad system call";
		break;
	default:
		*name = "signal", *what = "fatal signal";
		break;
	}
}

/*
 * What a kernel-generated si_code (> 0) means for sig (siginfo(2)), or
 * NULL when we do not know it.
 */
static const char *
crash_code(int sig, int code)
{
	switch (sig) {
	case SIGSEGV:
		switch (code) {
		case SEGV_MAPERR: return "address not mapped to object";
		case SEGV_ACCERR: return "invalid permissions for mapped object";
		case SEGV_BNDERR: return "failed address bound checks";
		case SEGV_PKUERR: return "access denied by memory protection keys";
		case SI_KERNEL: return "general protection fault";
		}
		break;
	case SIGBUS:
		switch (code) {
		case BUS_ADRALN: return "invalid address alignment";
		case BUS_ADRERR: return "nonexistent physical address";
		case BUS_OBJERR: return "object-specific hardware error";
		case BUS_MCEERR_AR: return "memory error, consumed";
		case BUS_MCEERR_AO: return "memory error, not consumed";
		}
		break;
	case SIGFPE:
		switch (code) {
		case FPE_INTDIV: return "integer divide by zero";
		case FPE_INTOVF: return "integer overflow";
		case FPE_FLTDIV: return "floating-point divide by zero";
		case FPE_FLTOVF: return "floating-point overflow";
		case FPE_FLTUND: return "floating-point underflow";
		case FPE_FLTRES: return "floating-point inexact result";
		case FPE_FLTINV: return "floating-point invalid operation";
		case FPE_FLTSUB: return "subscript out of range";
		}
		break;
	case SIGILL:
		switch (code) {
		case ILL_ILLOPC: return "illegal opcode";
		case ILL_ILLOPN: return "illegal operand";
		case ILL_ILLADR: return "illegal addressing mode";
		case ILL_ILLTRP: return "illegal trap";
		case ILL_PRVOPC: return "privileged opcode";
		case ILL_PRVREG: return "privileged register";
		case ILL_COPROC: return "coprocessor error";
		case ILL_BADSTK: return "internal stack error";
		}
		break;
	case SIGTRAP:
		switch (code) {
		case TRAP_BRKPT: return "process breakpoint";
		case TRAP_TRACE: return "process trace trap";
		case TRAP_BRANCH: return "process taken branch trap";
		case TRAP_HWBKPT: return "hardware breakpoint/watchpoint";
		}
		break;
	case SIGSYS:
		if (code == SYS_SECCOMP)
			return "system call blocked by seccomp";
		break;
	}
	return NULL;
}

/*
 * True when sig is a fault of the instruction at the interrupted pc, which
 * runs again (and faults again) when the handler returns.
 */
static bool
crash_is_fault(int sig, const siginfo_t *si)
{
	return (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	    sig == SIGILL) && si->si_code > 0;
}

/*
 * The first line: "SIGNAME: description".  Kernel faults say what and
 * where ("SIGSEGV: address not mapped to object at 0x0"); signals sent by
 * a process say by whom, except abort() and raise(SIGABRT), which are
 * just "SIGABRT: aborted".
 */
static void
crash_describe(int sig, const siginfo_t *si)
{
	const char *name, *what, *code;

	crash_signame(sig, &name, &what);
	code = si->si_code > 0 ? crash_code(sig, si->si_code) : NULL;
	ct_puts(name);
	ct_puts(": ");
	if (code != NULL) {
		ct_puts(code);
		if (crash_is_fault(sig, si) && si->si_code != SI_KERNEL) {
			ct_puts(" at ");
			ct_hex((uintptr_t)si->si_addr);
		}
		if (sig == SIGSYS) {
			ct_puts(" (system call ");
			ct_dec(si->si_syscall);
			ct_puts(")");
		}
	} else if (si->si_code == SI_USER || si->si_code == SI_TKILL ||
	    si->si_code == SI_QUEUE) {
		ct_puts(what);
		if (sig != SIGABRT || si->si_pid != getpid()) {
			ct_puts(si->si_code == SI_QUEUE ? ", queued by pid " :
			    ", sent by pid ");
			ct_dec(si->si_pid);
		}
	} else {
		ct_puts(what);
		ct_puts(" (si_code ");
		ct_dec(si->si_code);
		ct_puts(")");
	}
	ct_puts("\n");
}

/*
 * "abort message: TEXT" when glibc left one: assert(), stack smashing,
 * malloc's consistency checks (§1.2).  SIGABRT only: the message stays set
 * after a program catches one abort and goes on.
 */
static void
crash_abort_line(int sig)
{
	struct crash_abort_msg *m;
	size_t max, n;

	if (sig != SIGABRT || crash_abort_msg == NULL)
		return;
	m = *crash_abort_msg;
	if (m == NULL)
		return;
	max = m->size > sizeof(*m) ? m->size - sizeof(*m) : 0;
	n = strnlen(m->msg, max);
	while (n > 0 && m->msg[n - 1] == '\n')
		n--;
	ct_puts("abort message: ");
	ct_put(m->msg, n);
	ct_puts("\n");
}

/* The interrupted pc in uc, or 0 on an architecture we do not know. */
static uintptr_t
crash_pc(const void *ucv)
{
	const ucontext_t *uc = ucv;

#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#else
	(void)uc;
	return 0;
#endif
}

/*
 * Find, in the .symtab of the ELF file at path, the function that holds
 * off (an address minus its object's load bias); store its name in
 * crash_name and its bounds in crash_name_lo and crash_name_hi.  .symtab is where the names of
 * non-exported functions (main, static helpers) are; dladdr() sees only
 * .dynsym.  Async-signal-safe: open, pread and close into static buffers;
 * reads at most CRASH_SYMTAB_MAX bytes of symbols.  False when the file
 * has no .symtab (stripped, the vdso) or no symbol holds off.
 */
static bool
crash_symtab(const char *path, uintptr_t off)
{
	ElfW(Ehdr) eh;
	ElfW(Shdr) sh, strtab;
	size_t i, n, pos, size;
	ssize_t r;
	bool found = false;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != CRASH_ELFCLASS ||
	    eh.e_shentsize != sizeof(sh))
		goto out;
	for (i = 0; i < eh.e_shnum; i++) {
		if (pread(fd, &sh, sizeof(sh), (off_t)(eh.e_shoff +
		    i * sizeof(sh))) != (ssize_t)sizeof(sh))
			goto out;
		if (sh.sh_type == SHT_SYMTAB)
			break;
	}
	if (i == eh.e_shnum || sh.sh_link >= eh.e_shnum ||
	    pread(fd, &strtab, sizeof(strtab), (off_t)(eh.e_shoff +
	    sh.sh_link * sizeof(strtab))) != (ssize_t)sizeof(strtab))
		goto out;
	size = sh.sh_size < CRASH_SYMTAB_MAX ? sh.sh_size : CRASH_SYMTAB_MAX;
	for (pos = 0; pos < size && !found; pos += (size_t)r) {
		r = pread(fd, crash_syms, sizeof(crash_syms),
		    (off_t)(sh.sh_offset + pos));
		if (r < (ssize_t)sizeof(crash_syms[0]))
			goto out;
		n = (size_t)r / sizeof(crash_syms[0]);
		r = (ssize_t)(n * sizeof(crash_syms[0]));
		for (i = 0; i < n; i++) {
			const ElfW(Sym) *s = &crash_syms[i];

			/* ELF32_ and ELF64_ST_TYPE are one macro. */
			if (ELF64_ST_TYPE(s->st_info) != STT_FUNC ||
			    s->st_shndx == SHN_UNDEF || off < s->st_value ||
			    off - s->st_value >= s->st_size)
				continue;
			crash_name_lo = s->st_value;
			crash_name_hi = s->st_value + s->st_size;
			found = true;
			break;
		}
	}
	if (found) {
		r = pread(fd, crash_name, sizeof(crash_name) - 1,
		    (off_t)(strtab.sh_offset + crash_syms[i].st_name));
		crash_name[r > 0 ? r : 0] = '\0';
		found = crash_name[0] != '\0';
	}
out:
	/*
	 * Not close(): that is shim_side's hook, which may have to look up
	 * the real close() with dlsym, and the program never saw this fd.
	 */
	syscall(SYS_close, fd);
	return found;
}

/*
 * crash_symtab for the object lm (its file at path), remembering the
 * last symbol found: the frames of a deep recursion are all one function.
 */
static bool
crash_lookup(const struct link_map *lm, const char *path, uintptr_t off)
{
	if (crash_name_map == lm && off >= crash_name_lo && off < crash_name_hi)
		return true;
	crash_name_map = NULL;
	if (!crash_symtab(path, off))
		return false;
	crash_name_map = lm;
	return true;
}

/*
 * One line of the backtrace: "  #N 0xPC SYMBOL+0xOFF (OBJECT)", or
 * "  #N 0xPC (OBJECT+0xOFF)" when no symbol holds pc (the offset is what
 * addr2line -e OBJECT wants).  ret: pc is a return address, so it is
 * looked up one byte back (a call that never returns may be the last
 * instruction of its function).
 */
static void
crash_frame(int n, uintptr_t pc, bool ret)
{
	struct link_map *lm = NULL;
	uintptr_t look = ret ? pc - 1 : pc;
	uintptr_t sym_start = 0;
	const char *obj, *sym = NULL;
	Dl_info info;
	bool main_map;

	ct_puts("  #");
	ct_dec(n);
	ct_puts(" ");
	ct_hex(pc);
	if (dladdr1((void *)look, &info, (void **)&lm, RTLD_DL_LINKMAP) == 0 ||
	    lm == NULL) {
		ct_puts("\n");
		return;
	}
	main_map = lm->l_name == NULL || lm->l_name[0] == '\0';
	obj = main_map ? crash_exe : lm->l_name;
	if (obj[0] == '\0' && info.dli_fname != NULL)
		obj = info.dli_fname;
	if (info.dli_sname != NULL && info.dli_saddr != NULL) {
		sym = info.dli_sname;
		sym_start = (uintptr_t)info.dli_saddr;
	} else if (crash_lookup(lm, main_map ? "/proc/self/exe" : lm->l_name,
	    look - lm->l_addr)) {
		sym = crash_name;
		sym_start = lm->l_addr + crash_name_lo;
	}
	if (sym != NULL) {
		ct_puts(" ");
		ct_puts(sym);
		ct_puts("+");
		ct_hex(pc - sym_start);
		ct_puts(" (");
		ct_puts(obj);
		ct_puts(")\n");
	} else {
		ct_puts(" (");
		ct_puts(obj);
		ct_puts("+");
		ct_hex(pc - lm->l_addr);
		ct_puts(")\n");
	}
}

/*
 * "backtrace:" and the frames of this thread from the interrupted pc
 * down.  backtrace() unwinds through the signal frame; the frames above
 * the pc (this handler, the kernel's trampoline) are not shown.
 */
static void
crash_backtrace(const void *uc)
{
	void *pcs[CRASH_FRAMES + 8];
	uintptr_t pc = crash_pc(uc);
	int n, i, same, first = 0;

	n = backtrace(pcs, CRASH_FRAMES + 8);
	for (i = 0; i < n; i++)
		if (pc != 0 && (uintptr_t)pcs[i] == pc) {
			first = i;
			break;
		}
	ct_puts("backtrace:\n");
	if (i == n && pc != 0) {
		/* Not found: the interrupted frame first, then all we have. */
		crash_frame(0, pc, false);
		for (i = 0; i < n && i < CRASH_FRAMES - 1; i++)
			crash_frame(i + 1, (uintptr_t)pcs[i], true);
		return;
	}
	for (i = first; i < n && i - first < CRASH_FRAMES; i++) {
		crash_frame(i - first, (uintptr_t)pcs[i], i != first);
		/* Deep recursion: say how often, not the same line 60 times. */
		for (same = 0; i + 1 < n && i + 1 - first < CRASH_FRAMES &&
		    pcs[i + 1] == pcs[i]; same++)
			i++;
		if (same > 0) {
			ct_puts("  (#");
			ct_dec(i - first - same + 1);
			ct_puts(" to #");
			ct_dec(i - first);
			ct_puts(": the same frame again)\n");
		}
	}
}

/*
 * Wait (a bounded time) for the thread that owns the report to send it;
 * then this thread may let the process die.  True if this thread must
 * report: it claimed the report.
 */
static bool
crash_claim(pid_t me)
{
	struct timespec tick = { 0, CRASH_TICK_NS };
	pid_t cur = 0;
	int n;

	if (atomic_compare_exchange_strong(&crash_owner, &cur, me))
		return true;
	for (n = 0; n < CRASH_WAIT_TICKS && atomic_load(&crash_owner) > 0;
	    n++)
		nanosleep(&tick, NULL);
	return false;
}

/*
 * The report, once per process: stdout's unflushed bytes, then one
 * SW_SIDE_CRASH packet.  Each step runs under crash_jmp: a fault inside
 * one (the handler comes back in, sees us as the owner and jumps here)
 * ends that step with a note and moves on to the next.  For ASan's own
 * handlers only stdout is sent.
 */
static void
crash_report(int sig, siginfo_t *si, void *uc, bool asan)
{
	static const char *const steps[] = {
		"sending stdout", "describing the signal",
		"reading the abort message", "unwinding the stack"
	};
	/* Kept across siglongjmp (static, and volatile for the compiler). */
	static volatile unsigned step, faulted;
	struct crash_text *t = &crash_text;
	unsigned s;

	if (!crash_claim(gettid()))
		return;
	step = 0;
	faulted = 0;
	t->len = 0;
	t->full = false;
	if (sigsetjmp(crash_jmp, 1) != 0) {
		/* Step step - 1 faulted; its line may be half written. */
		faulted |= 1u << (step - 1);
		if (t->len > 0 && t->buf[t->len - 1] != '\n')
			ct_puts("\n");
	}
	while (step < 4) {
		switch (step++) {
		case 0:
			shim_io_crash_flush();
			break;
		case 1:
			if (asan)
				step = 4;
			else
				crash_describe(sig, si);
			break;
		case 2:
			crash_abort_line(sig);
			break;
		case 3:
			crash_backtrace(uc);
			break;
		}
	}
	/* At the end: the first line stays "SIGNAME: description". */
	for (s = 0; s < 4; s++)
		if (faulted & (1u << s)) {
			ct_puts("(the shim faulted while ");
			ct_puts(steps[s]);
			ct_puts(")\n");
		}
	if (t->full) {
		memcpy(t->buf + t->len, CRASH_TRUNCATED,
		    sizeof(CRASH_TRUNCATED) - 1);
		t->len += sizeof(CRASH_TRUNCATED) - 1;
	}
	if (!asan && t->len > 0)
		(void)shim_side_send_quiet(SW_SIDE_CRASH, t->buf, t->len);
	atomic_store(&crash_owner, -1);
}

/*
 * Run the program's handler as the kernel would have: with its sa_mask
 * and the signal blocked (unless SA_NODEFER; the mask in uc is restored
 * when we return), reset first to SIG_DFL if SA_RESETHAND, given
 * (sig, info, context) or just sig.  It runs on the alternate stack
 * whether or not it asked for SA_ONSTACK.
 */
static void
crash_chain(int i, int sig, siginfo_t *si, void *uc,
    const struct sigaction *act)
{
	struct sigaction dfl;
	sigset_t block = act->sa_mask;

	if (!(act->sa_flags & SA_NODEFER))
		sigaddset(&block, sig);
	if (act->sa_flags & SA_RESETHAND) {
		/* The kernel keeps the flags and resets the handler. */
		dfl = *act;
		dfl.sa_handler = SIG_DFL;
		crash_set(i, &dfl, NULL);
	}
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	if (act->sa_flags & SA_SIGINFO)
		act->sa_sigaction(sig, si, uc);
	else
		act->sa_handler(sig);
}

/*
 * The default action, so the process ends as it would have: SIG_DFL,
 * then a fault returns to its instruction, which faults again; any other
 * signal is raised again in this thread (raise is tgkill on our tid).
 */
static void
crash_die(int sig, const siginfo_t *si)
{
	struct sigaction dfl;
	sigset_t set;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	real_sigaction(sig, &dfl, NULL);
	if (crash_is_fault(sig, si))
		return;
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

/*
 * The handler of every signal in crash_sigs.  Installed SA_SIGINFO |
 * SA_ONSTACK | SA_NODEFER: a fault in our own report comes back in here
 * and is sent back to crash_report.
 */
static void
crash_handler(int sig, siginfo_t *si, void *uc)
{
	struct sigaction act;
	int saved_errno = errno;
	int i = crash_index(sig);
	pid_t me = gettid();
	bool asan;

	if (atomic_load(&crash_owner) == me)
		siglongjmp(crash_jmp, 1);
	if (i < 0)
		goto out;
	crash_slot_read(i, &act, &asan);
	/*
	 * SIG_IGN is the kernel's then; we only get here in a race with the
	 * sigaction() that set it.  Ignored, unless it is a fault, which
	 * the kernel would have made fatal.
	 */
	if (act.sa_handler == SIG_IGN && !crash_is_fault(sig, si))
		goto out;
	if (atomic_load(&crash_owner) == 0)
		crash_report(sig, si, uc, asan);
	else if (atomic_load(&crash_owner) > 0)
		(void)crash_claim(me);
	if (act.sa_handler != SIG_DFL && act.sa_handler != SIG_IGN)
		crash_chain(i, sig, si, uc, &act);
	else
		crash_die(sig, si);
out:
	errno = saved_errno;
}

/*
 * Install the handlers (see shim.h).  Prepares everything the handler
 * must not do itself: libgcc_s loaded by a first backtrace(), glibc's
 * __abort_msg found, the executable's path read, the main thread's
 * alternate stack mapped.  When the side channel is inactive nothing is
 * installed and every hook is the real function.
 */
void
shim_crash_init(void)
{
	struct sigaction old, k, back;
	void *warm[2], *asan_init;
	Dl_info info;
	bool probed = false;
	ssize_t n;
	size_t i;

	crash_resolve();
	if (crash_on || real_sigaction == NULL || !shim_side_active())
		return;
	(void)backtrace(warm, 2);
	crash_abort_msg = dlsym(RTLD_DEFAULT, "__abort_msg");
	n = readlink("/proc/self/exe", crash_exe, sizeof(crash_exe) - 1);
	crash_exe[n > 0 ? n : 0] = '\0';
	asan_init = dlsym(RTLD_DEFAULT, "__asan_init");
	if (asan_init != NULL && dladdr(asan_init, &info) != 0)
		crash_asan_base = info.dli_fbase;
	crash_key_ok = pthread_key_create(&crash_key, crash_thread_end) == 0;
	(void)crash_altstack();
	crash_ours(&k);
	for (i = 0; i < CRASH_NSIGS; i++) {
		bool asan = false;

		if (real_sigaction(crash_sigs[i], NULL, &old) != 0)
			continue;
		if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN &&
		    crash_asan_base != NULL &&
		    dladdr((void *)old.sa_handler, &info) != 0)
			asan = info.dli_fbase == crash_asan_base;
		crash_slot_write((int)i, &old, asan);
		/* Ignored since our parent: the kernel keeps ignoring it. */
		if (old.sa_handler == SIG_IGN)
			continue;
		if (!probed) {
			/* Learn what the kernel adds and drops. */
			k.sa_flags |= SA_INTERRUPT;
			real_sigaction(crash_sigs[i], &k, NULL);
			if (real_sigaction(crash_sigs[i], NULL, &back) == 0) {
				crash_kflags = back.sa_flags & ~k.sa_flags;
				crash_kdrop = k.sa_flags & ~back.sa_flags;
			}
			k.sa_flags &= ~SA_INTERRUPT;
			probed = true;
		}
		real_sigaction(crash_sigs[i], &k, NULL);
	}
	crash_on = true;
}

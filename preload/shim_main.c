/*
 * shim_main: the constructor of subunit-wrap-preload.so and the lookup of
 * the real libc functions behind the hooks.
 *
 * Workload assumed: loaded into every dynamically linked process of a test
 * tree (the test program, the shells and tools it runs), most of which
 * live for milliseconds: the constructor does a few getenv/fstat calls and
 * nothing that scales with anything.
 *
 * Order (research: preload.md §3): our constructor runs after libc's and
 * libstdc++'s own initialisation but before the executable's static
 * constructors (so before std::cout binds to stdout on GCC 12), which is
 * when stdout and stderr can still be replaced for everyone.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"
#include "sw_side.h"

static pid_t shim_init_pid;

void *
shim_real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

pid_t
shim_pid(void)
{
	return shim_init_pid;
}

/* "PID\n" into buf (at least 24 bytes); returns the length. */
static size_t
shim_format_pid(char *buf, pid_t pid)
{
	char tmp[24];
	size_t n = 0, len = 0;
	unsigned long v = (unsigned long)pid;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		buf[len++] = tmp[--n];
	buf[len++] = '\n';
	return len;
}

__attribute__((constructor)) static void
shim_init(void)
{
	int saved = errno;
	char hello[24];

	shim_init_pid = getpid();
	/* Each init resolves its real functions, active or not. */
	shim_side_init();
	if (shim_side_active())
		shim_io_init();
	shim_crash_init();
	if (shim_side_active())
		shim_side_send_quiet(SW_SIDE_HELLO, hello,
		    shim_format_pid(hello, shim_init_pid));
	errno = saved;
}

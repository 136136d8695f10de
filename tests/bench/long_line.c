/*
 * long_line [BYTES [nl|nonl]]: the long line of `make bench` (issue 7):
 * BYTES bytes of 'x' (default 52,428,800: 50 MiB) as one line on stdout,
 * ended by a newline (nl, the default) or not (nonl: the program exits in
 * the middle of the line).  Written with fwrite in 64 KiB pieces, as a
 * program dumping a big blob would; no TAP, so the wrapper falls back to
 * the exit status and the line is chatter it must carry, not hold whole.
 * The bench measures the wrapper's peak RSS on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	static char buf[65536];
	long long n = argc > 1 ? strtoll(argv[1], NULL, 10) : 52428800;
	int nl = argc < 3 || strcmp(argv[2], "nl") == 0;

	if (n < 0 || (!nl && strcmp(argv[2], "nonl") != 0)) {
		fprintf(stderr, "usage: long_line [BYTES [nl|nonl]]\n");
		return 2;
	}
	memset(buf, 'x', sizeof buf);
	while (n > 0) {
		size_t k = n < (long long)sizeof buf ? (size_t)n : sizeof buf;

		if (fwrite(buf, 1, k, stdout) != k)
			return 1;
		n -= (long long)k;
	}
	if (nl && putchar('\n') == EOF)
		return 1;
	return fflush(stdout) == 0 ? 0 : 1;
}

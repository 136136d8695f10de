/*
 * tap_flood [N]: the TAP flood of `make bench` (issue 7): "1..N" then N
 * lines "ok I - line" with printf, default N = 1,000,000.  stdout is left
 * as stdio makes it on a pipe: fully buffered, flushed by exit.  This is
 * the program a wrapper must not slow down by more than 1.5x.
 */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;

	if (n < 0) {
		fprintf(stderr, "usage: tap_flood [N]\n");
		return 2;
	}
	printf("1..%ld\n", n);
	for (long i = 1; i <= n; i++)
		printf("ok %ld - line\n", i);
	return 0;
}

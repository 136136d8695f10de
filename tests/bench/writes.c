/*
 * writes MODE COUNT: the per-write cost probe of `make bench` (what the
 * preload shim adds to each write, in process, without the wrapper).
 *   write   COUNT calls write(1, "x\n", 2), each a system call bare
 *   printf  COUNT lines printf("ok %ld\n", i), stdout as stdio makes it
 *           (fully buffered on a pipe), flushed by exit
 * Exits 1 if a write fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 0) {
		fprintf(stderr, "usage: writes write|printf COUNT\n");
		return 2;
	}
	if (strcmp(argv[1], "write") == 0) {
		for (long i = 0; i < n; i++)
			if (write(1, "x\n", 2) != 2)
				return 1;
	} else if (strcmp(argv[1], "printf") == 0) {
		for (long i = 0; i < n; i++)
			if (printf("ok %ld\n", i) < 0)
				return 1;
	} else {
		fprintf(stderr, "writes: unknown mode %s\n", argv[1]);
		return 2;
	}
	return 0;
}

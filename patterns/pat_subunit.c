/*
 * pat_subunit: stderr chatter and the exit-status verdict of a program
 * whose stdout is forwarded as a v2 stream (see pat_subunit.h): the
 * exitcode plug-in's rules, without the program being a test.
 */
#include "pat_exitcode.h"
#include "pat_subunit.h"

const struct pat_ops pat_subunit_ops = {
	.name = "subunit",
	.forward_stdout = true,
	.create = pat_exitcode_create,
	.line = pat_exitcode_line,
	.finish = pat_exitcode_finish,
	.destroy = pat_exitcode_destroy,
};

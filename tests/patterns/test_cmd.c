/*
 * test_cmd: building the arguments and environment a plug-in adds to
 * select tests (pat_cmd_*).
 */
#include "pat.h"
#include "t.h"

static void
arguments_are_formatted_and_null_terminated(void)
{
	struct pat_cmd c = PAT_CMD_INIT;

	for (int i = 0; i < 20; i++)
		T_EQ_INT(pat_cmd_arg(&c, "-p=/t/%d", i), 0);
	T_EQ_INT(c.nargs, 20);
	T_CHECK(strcmp(c.args[0], "-p=/t/0") == 0, "%s", c.args[0]);
	T_CHECK(strcmp(c.args[19], "-p=/t/19") == 0, "%s", c.args[19]);
	T_CHECK(c.args[20] == NULL, "not NULL-terminated");
	pat_cmd_free(&c);
	T_EQ_INT(c.nargs, 0);
	T_CHECK(c.args == NULL, "not reset");
}

static void
environment_replaces_a_name_set_twice(void)
{
	struct pat_cmd c = PAT_CMD_INIT;

	T_EQ_INT(pat_cmd_env(&c, "CK_RUN_SUITE", "a"), 0);
	T_EQ_INT(pat_cmd_env(&c, "CK_RUN", "x"), 0);
	T_EQ_INT(pat_cmd_env(&c, "CK_RUN_SUITE", "b"), 0);
	T_EQ_INT(c.nenv, 2);
	T_CHECK(strcmp(c.env[0], "CK_RUN_SUITE=b") == 0, "%s", c.env[0]);
	T_CHECK(strcmp(c.env[1], "CK_RUN=x") == 0, "%s", c.env[1]);
	T_CHECK(c.env[2] == NULL, "not NULL-terminated");
	pat_cmd_free(&c);
}

int
main(void)
{
	T_RUN(arguments_are_formatted_and_null_terminated);
	T_RUN(environment_replaces_a_name_set_twice);
	return t_done();
}

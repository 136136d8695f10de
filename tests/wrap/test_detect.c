/*
 * test_detect: what wrap_detect learns from real files: /bin/sh, the
 * static fixture, #! scripts (direct, through env, nested, broken), set-id
 * copies, ASan builds, and the framework fixtures (googletest, GLib,
 * cmocka, CUnit: build/fixtures/{gtest,glib,cmocka,cunit}_*; Check and a
 * stripped googletest by their fingerprints: build/fixtures/fake_*).
 * Runs from the top of the tree (tests/run-all.sh); the binaries come
 * from `make check-build`, and a missing one is a failure saying so.
 */
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "wrap_detect.h"

static char tmpdir[64];

/* detect_program must succeed; its error otherwise. */
static struct detect_info
must_detect(const char *path)
{
	struct detect_info d;
	char err[256] = "";
	int rc = detect_program(path, &d, err, sizeof(err));

	T_CHECK(rc == 0, "%s: detect_program: %d (%s)", path, rc, err);
	return d;
}

/* A file in the scratch directory, mode mode; returns its path. */
static const char *
scratch(const char *name, const char *text, mode_t mode)
{
	static char path[8][128];
	static unsigned next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	T_CHECK(f != NULL, "cannot create %s", p);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	chmod(p, mode);
	return p;
}

/* A copy of an existing binary in the scratch directory, with mode. */
static const char *
scratch_copy(const char *name, const char *from, mode_t mode)
{
	static char path[128];
	char cmd[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, path);
	T_CHECK(system(cmd) == 0, "%s failed", cmd);
	T_CHECK(chmod(path, mode) == 0, "chmod %s", path);
	return path;
}

static bool
built(const char *path)
{
	bool ok = access(path, X_OK) == 0;

	T_CHECK(ok, "%s is not built (run make check-build)", path);
	return ok;
}

static void
test_shell_is_dynamic_elf(void)
{
	struct detect_info d = must_detect("/bin/sh");

	T_CHECK(!d.script, "script");
	T_EQ_INT(d.elf_bits, 64);
	T_CHECK(d.dynamic, "/bin/sh is dynamic");
	T_CHECK(!d.setuid && !d.setgid, "set-id bits");
	T_CHECK(!d.asan, "asan");
	T_EQ_INT(d.frameworks, 0);
	T_EQ_INT(d.framework, DETECT_NONE);
	T_CHECK(strcmp(detect_pattern(&d), "tap") == 0, "%s",
	    detect_pattern(&d));
	T_CHECK(d.interp[0] == '\0', "interp %s", d.interp);
}

static void
test_static_fixture(void)
{
	const char *p = "build/fixtures/c_tap_buffered_static";
	struct detect_info d;

	if (!built(p))
		return;
	d = must_detect(p);
	T_CHECK(!d.dynamic, "%s is static", p);
	T_EQ_INT(d.framework, DETECT_NONE);
	d = must_detect("build/fixtures/c_tap_buffered");
	T_CHECK(d.dynamic, "c_tap_buffered is dynamic");
}

static void
test_script_looks_through(void)
{
	char line[256];
	struct detect_info d = must_detect("tests/fixtures/tap_pass.sh");

	T_CHECK(d.script, "tap_pass.sh is a script");
	T_CHECK(strcmp(d.interp, "/bin/sh") == 0, "interp %s", d.interp);
	T_CHECK(d.dynamic, "its interpreter is dynamic");
	T_CHECK(strcmp(detect_pattern(&d), "tap") == 0, "%s",
	    detect_pattern(&d));
	/* env finds the program in $PATH; options and NAME=value skipped. */
	setenv("PATH", "/usr/bin:/bin", 1);
	d = must_detect(scratch("env.sh", "#!/usr/bin/env -S X=1 sh -e\n",
	    0755));
	T_CHECK(d.script, "env script");
	T_CHECK(strcmp(d.interp, "/usr/bin/sh") == 0, "env: interp %s",
	    d.interp);
	/* A script run by a script: the ELF at the end of the chain. */
	scratch("inner.sh", "#!/bin/sh\r\n", 0755);
	snprintf(line, sizeof(line), "#!%s/inner.sh arg\n", tmpdir);
	d = must_detect(scratch("outer.sh", line, 0755));
	T_CHECK(strcmp(d.interp, "/bin/sh") == 0, "nested: interp %s",
	    d.interp);
}

static void
test_script_relative_interp(void)
{
	char cwd[512];
	struct detect_info d;

	/* The kernel resolves a relative #! path from the current directory. */
	scratch("inner.sh", "#!/bin/sh\n", 0755);
	scratch("rel.sh", "#! inner.sh\n", 0755);
	T_CHECK(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	T_CHECK(chdir(tmpdir) == 0, "chdir");
	d = must_detect("rel.sh");
	T_CHECK(chdir(cwd) == 0, "chdir back");
	T_CHECK(strcmp(d.interp, "/bin/sh") == 0, "relative: %s", d.interp);
}

static void
expect_error(const char *path, int want, const char *what)
{
	struct detect_info d;
	char err[256] = "";
	int rc = detect_program(path, &d, err, sizeof(err));

	T_CHECK(rc == want, "%s: got %d (%s), want %d", path, rc, err, want);
	T_CHECK(strstr(err, what) != NULL, "%s: message '%s' lacks '%s'",
	    path, err, what);
}

static void
test_errors(void)
{
	char loop[256];

	expect_error("tests/fixtures/does-not-exist", -ENOENT,
	    "No such file");
	expect_error("tests/fixtures/not_a_program", -ENOEXEC, "not an ELF");
	expect_error(scratch("empty.sh", "#!\n", 0755), -ENOEXEC,
	    "empty #! line");
	expect_error(scratch("noprog.sh", "#!/usr/bin/env -i\n", 0755),
	    -ENOEXEC, "names no program");
	expect_error(scratch("badenv.sh", "#!/usr/bin/env no-such-interp\n",
	    0755), -ENOENT, "no-such-interp not found");
	expect_error(scratch("nointerp.sh", "#!/no/such/interp\n", 0755),
	    -ENOENT, "No such file");
	snprintf(loop, sizeof(loop), "#!%s/loop.sh\n", tmpdir);
	expect_error(scratch("loop.sh", loop, 0755), -ELOOP, "too deep");
	expect_error(tmpdir, -EACCES, "directory");
}

static void
test_setid_bits(void)
{
	struct detect_info d;

	d = must_detect(scratch_copy("suid", "/bin/true", 04755));
	T_CHECK(d.setuid && !d.setgid, "setuid copy: %d %d", d.setuid,
	    d.setgid);
	d = must_detect(scratch_copy("sgid", "/bin/true", 02755));
	T_CHECK(!d.setuid && d.setgid, "setgid copy: %d %d", d.setuid,
	    d.setgid);
}

/* The first match of pattern, or NULL (with a failure saying why). */
static char *
first_match(const char *pattern)
{
	glob_t g;
	char *p = NULL;

	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		p = strdup(g.gl_pathv[0]);
	else
		T_CHECK(0, "nothing matches %s (run make check-build)",
		    pattern);
	if (p != NULL)
		globfree(&g);
	return p;
}

static void
test_asan_runtime(void)
{
	char *a = first_match("build/asan/tests/test_*");
	char *p = first_match("build/tests/test_*");
	struct detect_info d;

	if (a != NULL) {
		d = must_detect(a);
		T_CHECK(d.asan, "%s has ASan", a);
	}
	if (p != NULL) {
		d = must_detect(p);
		T_CHECK(!d.asan, "%s has no ASan", p);
	}
	free(a);
	free(p);
}

/*
 * Every binary matching pattern (at least one must) is detected as fw,
 * and its pattern is the framework's name.
 */
static void
expect_framework(const char *pattern, enum detect_framework fw)
{
	struct detect_info d;
	glob_t g;
	size_t i;

	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		T_CHECK(0, "no %s fixture: nothing matches %s (run make "
		    "check-build)", detect_framework_name(fw), pattern);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		const char *p = g.gl_pathv[i];

		if (!built(p))
			continue;
		d = must_detect(p);
		T_CHECK(d.framework == fw, "%s: framework %s, want %s", p,
		    detect_framework_name(d.framework) ?
		    detect_framework_name(d.framework) : "none",
		    detect_framework_name(fw));
		T_CHECK(d.frameworks & (1u << fw), "%s: frameworks %#x", p,
		    d.frameworks);
		T_CHECK(strcmp(detect_pattern(&d), detect_framework_name(fw))
		    == 0, "%s: pattern %s", p, detect_pattern(&d));
		T_CHECK(!d.script && d.dynamic, "%s: dynamic ELF", p);
	}
	globfree(&g);
}

static void
test_gtest_fixtures(void)
{
	expect_framework("build/fixtures/gtest_*", DETECT_GTEST);
	/* Stripped static googletest: the .rodata strings alone. */
	expect_framework("build/fixtures/fake_gtest_strings", DETECT_GTEST);
}

static void
test_glib_fixtures(void)
{
	expect_framework("build/fixtures/glib_*", DETECT_GLIB);
}

static void
test_cmocka_fixtures(void)
{
	expect_framework("build/fixtures/cmocka_*", DETECT_CMOCKA);
}

static void
test_cunit_fixtures(void)
{
	expect_framework("build/fixtures/cunit_*", DETECT_CUNIT);
}

/* subunit-wrap itself (a nested run): forwarded, whatever else it holds. */
static void
test_subunit_wrap_itself(void)
{
	expect_framework("wrap/subunit-wrap", DETECT_SUBUNIT);
}

static void
test_check_fingerprint(void)
{
	expect_framework("build/fixtures/fake_check", DETECT_CHECK);
}

static void
test_names(void)
{
	T_CHECK(detect_framework_name(DETECT_NONE) == NULL, "none");
	T_CHECK(strcmp(detect_framework_name(DETECT_CUNIT), "cunit") == 0,
	    "cunit");
	T_CHECK(detect_framework_name(DETECT_NFRAMEWORKS) == NULL, "end");
}

int
main(void)
{
	char cmd[128];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_detect.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	T_RUN(test_shell_is_dynamic_elf);
	T_RUN(test_static_fixture);
	T_RUN(test_script_looks_through);
	T_RUN(test_script_relative_interp);
	T_RUN(test_errors);
	T_RUN(test_setid_bits);
	T_RUN(test_asan_runtime);
	T_RUN(test_gtest_fixtures);
	T_RUN(test_glib_fixtures);
	T_RUN(test_subunit_wrap_itself);
	T_RUN(test_cmocka_fixtures);
	T_RUN(test_cunit_fixtures);
	T_RUN(test_check_fingerprint);
	T_RUN(test_names);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return t_done();
}

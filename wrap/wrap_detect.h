/*
 * wrap_detect: what kind of test program a file is, found by reading it
 * (libelf), never by running it.  wrap_main uses the facts to choose a
 * classifier when --pattern is not given; the preload mode will use them
 * to know when LD_PRELOAD cannot work (static, set-id, a 32-bit program).
 *
 * Facts gathered (../shared/research/formats.md §10):
 * - ELF or "#!" script.  A script is looked through: its interpreter
 *   (the #! path, and for "/usr/bin/env NAME" the NAME found in $PATH;
 *   nested #! followed DETECT_SCRIPT_DEPTH deep) is the ELF described.
 *   Scripts are classified as TAP: their framework is never looked for.
 * - Dynamic (PT_INTERP: the dynamic loader starts it, so LD_PRELOAD
 *   applies) or static (no PT_INTERP, static-pie included).
 * - Set-user-id / set-group-id bits of that ELF file (the kernel ignores
 *   them on scripts; a set-id program runs with LD_PRELOAD ignored).
 * - An AddressSanitizer runtime: `__asan_init` in .dynsym or .symtab, or
 *   a NEEDED libasan / libclang_rt.asan.
 * - The test framework, from symbols and, for stripped static programs,
 *   from strings in .rodata:
 *     gtest   .symtab `_ZN7testing8UnitTest3RunEv` / `..InitGoogleTest..`
 *             (Debian links libgtest.a statically), imports of
 *             `_ZN7testing...` in .dynsym (a shared libgtest), or the
 *             strings "--gtest_list_tests" and "[ RUN      ] "
 *     glib    `g_test_run` / `g_test_init`
 *     check   `srunner_run_all` / `srunner_run` / `srunner_run_tagged`
 *             / `srunner_create`, or the strings "CK_RUN_SUITE" and
 *             "Running suite(s):"
 *     cmocka  `_cmocka_run_group_tests`, an imported `_run_tests` (the
 *             legacy API)
 *     cunit   `CU_initialize_registry`, `CU_basic_run_tests` and the
 *             other `CU_*_run_*` runners
 *   Symbols are looked for in both .symtab and .dynsym.  Each framework
 *   seen is in `frameworks`; when several are (a GLib program tested
 *   with googletest), the one whose runner entry is present wins, then
 *   the first in enum order.
 *
 * Cost: one open + mmap of the file and a walk over its symbol tables
 * (a 20,000-test googletest binary built with -O0 has 380,000 symbols:
 * 8 ms); .rodata is searched only when no symbol matched.
 *
 * Error convention: 0 or a negative errno with a one-line message in err
 * (without the path); nothing here prints.
 */
#ifndef WRAP_DETECT_H
#define WRAP_DETECT_H

#include <stdbool.h>
#include <stddef.h>

/* Longest path kept (an interpreter found in $PATH). */
#define DETECT_PATH_MAX 4096
/* #! scripts run by #! scripts: the kernel allows 4 (BINPRM_MAX_RECURSION). */
#define DETECT_SCRIPT_DEPTH 4

/* Frameworks, in order of preference when several are linked. */
enum detect_framework {
	DETECT_NONE = 0,
	DETECT_GTEST,
	DETECT_GLIB,
	DETECT_CHECK,
	DETECT_CMOCKA,
	DETECT_CUNIT,
	/*
	 * Not a framework: subunit-wrap itself (a nested run, the seed
	 * design's worker), whose stdout is a v2 stream to forward.  Found by
	 * two strings in its .rodata (the shim's file name and the side
	 * channel's variable), never by what it prints.
	 */
	DETECT_SUBUNIT,
	DETECT_NFRAMEWORKS,
};

struct detect_info {
	bool script;             /* starts with "#!" */
	/*
	 * A script: the ELF that runs it (the #! path, looked through env
	 * and nested scripts); "" for an ELF program.  The facts below are
	 * about this ELF for a script, about the program otherwise.
	 */
	char interp[DETECT_PATH_MAX];
	unsigned elf_bits;       /* 32 or 64 */
	bool dynamic;            /* PT_INTERP present */
	bool setuid, setgid;     /* mode bits of the ELF file */
	bool asan;               /* AddressSanitizer runtime linked */
	/*
	 * The shared ASan runtime it needs (DT_NEEDED "libasan.so.8"), which
	 * must come first in LD_PRELOAD; "" when none (or linked in).
	 */
	char asan_runtime[64];
	unsigned frameworks;     /* 1u << DETECT_x for each one seen */
	enum detect_framework framework;   /* the one driving the program */
};

/*
 * Inspect the program at path (as spawn_find returned it).  Returns 0 and
 * fills *info, or:
 *   -ENOENT   the file (or a script's interpreter) does not exist
 *   -EACCES   it cannot be read (an execute-only binary is legal: the
 *             caller goes on without the facts)
 *   -ENOEXEC  neither ELF nor "#!", or an ELF libelf cannot read
 *   -ELOOP    scripts nested deeper than DETECT_SCRIPT_DEPTH
 *   -ENOMEM
 * with a one-line message in err.
 */
int detect_program(const char *path, struct detect_info *info, char *err,
    size_t err_cap);

/*
 * The classifier plug-in name for a framework: "gtest", "glib", "check",
 * "cmocka", "cunit", "subunit"; NULL for DETECT_NONE.
 */
const char *detect_framework_name(enum detect_framework fw);

/*
 * The classifier that fits the program: its framework's plug-in name, or
 * "tap" (scripts, and programs without a known framework; the tap
 * plug-in falls back to the exit status when no TAP is printed).
 */
const char *detect_pattern(const struct detect_info *info);

#endif

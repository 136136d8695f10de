/*
 * wrap_detect: reading a program file to learn what it is (see
 * wrap_detect.h for the facts and the fingerprints).
 *
 * libelf does the ELF parsing: the program headers say static or
 * dynamic, the section headers lead to .symtab, .dynsym, .dynamic and
 * .rodata.  Every symbol name is checked against one small table, after
 * a one-character filter (all fingerprints start with '_', 'g', 's' or
 * 'C'), so a binary with 10^5 symbols costs about 10^5 byte compares.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrap_detect.h"
#include "wrap_spawn.h"

/* Bytes of a script's first line the kernel reads (BINPRM_BUF_SIZE). */
#define DETECT_HEAD 256

/* Fingerprint flags. */
#define SYM_RUNNER 0x1   /* the framework's runner entry: it drives main */
#define SYM_PREFIX 0x2   /* name is a prefix */
#define SYM_IMPORT 0x4   /* only as an undefined symbol of .dynsym */
#define SYM_ASAN 0x8     /* the AddressSanitizer runtime, no framework */

struct detect_sym {
	const char *name;
	size_t len;              /* strlen(name) */
	enum detect_framework fw;
	unsigned flags;
};

#define SYM(name, fw, flags) { name, sizeof(name) - 1, fw, flags }

static const struct detect_sym detect_syms[] = {
	SYM("_ZN7testing8UnitTest3RunEv", DETECT_GTEST, SYM_RUNNER),
	SYM("_ZN7testing8internal23MakeAndRegisterTestInfo", DETECT_GTEST,
	    SYM_RUNNER | SYM_PREFIX),
	SYM("_ZN7testing14InitGoogleTestEPiPPc", DETECT_GTEST, 0),
	SYM("_ZN7testing", DETECT_GTEST, SYM_PREFIX | SYM_IMPORT),
	SYM("g_test_run", DETECT_GLIB, SYM_RUNNER),
	SYM("g_test_init", DETECT_GLIB, 0),
	SYM("srunner_run_all", DETECT_CHECK, SYM_RUNNER),
	SYM("srunner_run", DETECT_CHECK, SYM_RUNNER),
	SYM("srunner_run_tagged", DETECT_CHECK, SYM_RUNNER),
	SYM("srunner_create", DETECT_CHECK, 0),
	SYM("_cmocka_run_group_tests", DETECT_CMOCKA, SYM_RUNNER),
	SYM("_run_tests", DETECT_CMOCKA, SYM_RUNNER | SYM_IMPORT),
	SYM("CU_basic_run_tests", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_basic_run_suite", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_basic_run_test", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_automated_run_tests", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_console_run_tests", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_curses_run_tests", DETECT_CUNIT, SYM_RUNNER),
	SYM("CU_initialize_registry", DETECT_CUNIT, 0),
	SYM("__asan_init", DETECT_NONE, SYM_ASAN),
};

/* Strings that, all present in .rodata, fingerprint a static framework. */
struct detect_strings {
	enum detect_framework fw;
	const char *s[2];
};

static const struct detect_strings detect_rodata[] = {
	{ DETECT_GTEST, { "--gtest_list_tests", "[ RUN      ] " } },
	{ DETECT_CHECK, { "CK_RUN_SUITE", "Running suite(s):" } },
	{ DETECT_SUBUNIT, { "subunit-wrap-preload.so", "SUBUNIT_WRAP_FD" } },
};

/* What the scan of one ELF found. */
struct detect_scan {
	unsigned linked;         /* 1u << fw: some fingerprint seen */
	unsigned runner;         /* 1u << fw: its runner entry seen */
	bool asan;
	char asan_runtime[64];   /* DT_NEEDED name of a shared runtime */
};

static const char *const detect_names[DETECT_NFRAMEWORKS] = {
	[DETECT_GTEST] = "gtest",
	[DETECT_GLIB] = "glib",
	[DETECT_CHECK] = "check",
	[DETECT_CMOCKA] = "cmocka",
	[DETECT_CUNIT] = "cunit",
	[DETECT_SUBUNIT] = "subunit",
};

static int
detect_error(char *err, size_t cap, int rc, const char *fmt, const char *arg)
{
	if (err != NULL && cap > 0)
		snprintf(err, cap, fmt, arg);
	return rc;
}

/* ---- symbols ------------------------------------------------------- */

/* The first two bytes first: most symbols of a C++ program start "_Z". */
static bool
detect_sym_matches(const struct detect_sym *d, const char *name, bool dyn,
    bool undef)
{
	if (name[0] != d->name[0] || name[1] != d->name[1])
		return false;
	if ((d->flags & SYM_IMPORT) && !(dyn && undef))
		return false;
	if (d->flags & SYM_PREFIX)
		return strncmp(name, d->name, d->len) == 0;
	return strcmp(name, d->name) == 0;
}

/* One symbol name against the table. */
static void
detect_symbol(struct detect_scan *sc, const char *name, bool dyn, bool undef)
{
	size_t i;

	if (name[0] != '_' && name[0] != 'g' && name[0] != 's' &&
	    name[0] != 'C')
		return;
	for (i = 0; i < sizeof(detect_syms) / sizeof(detect_syms[0]); i++) {
		const struct detect_sym *d = &detect_syms[i];

		if (!detect_sym_matches(d, name, dyn, undef))
			continue;
		if (d->flags & SYM_ASAN) {
			sc->asan = true;
			continue;
		}
		sc->linked |= 1u << d->fw;
		if (d->flags & SYM_RUNNER)
			sc->runner |= 1u << d->fw;
	}
}

/*
 * Every symbol of a .symtab or .dynsym section.  The string table is read
 * in place (elf_strptr checks each string, which doubles the cost on a
 * large .symtab); a name running off its end is skipped.
 */
static void
detect_symbols(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
    struct detect_scan *sc)
{
	bool dyn = sh->sh_type == SHT_DYNSYM;
	Elf_Data *data = elf_getdata(scn, NULL);
	Elf_Scn *strscn = elf_getscn(e, sh->sh_link);
	Elf_Data *str = strscn != NULL ? elf_getdata(strscn, NULL) : NULL;
	const char *names;
	size_t i, n;
	GElf_Sym sym;

	if (data == NULL || str == NULL || str->d_buf == NULL ||
	    str->d_size == 0 || sh->sh_entsize == 0)
		return;
	names = str->d_buf;
	if (names[str->d_size - 1] != '\0')
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 1; i < n; i++) {
		if (gelf_getsym(data, (int)i, &sym) == NULL)
			break;
		if (sym.st_name != 0 && sym.st_name < str->d_size)
			detect_symbol(sc, names + sym.st_name, dyn,
			    sym.st_shndx == SHN_UNDEF);
	}
}

/* DT_NEEDED entries: an ASan runtime linked as a shared library. */
static void
detect_needed(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
    struct detect_scan *sc)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n;
	GElf_Dyn dyn;

	if (data == NULL || sh->sh_entsize == 0)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		const char *name;

		if (gelf_getdyn(data, (int)i, &dyn) == NULL ||
		    dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag != DT_NEEDED)
			continue;
		name = elf_strptr(e, sh->sh_link, dyn.d_un.d_val);
		if (name != NULL && (strncmp(name, "libasan.so", 10) == 0 ||
		    strstr(name, "clang_rt.asan") != NULL)) {
			sc->asan = true;
			if (strlen(name) < sizeof(sc->asan_runtime))
				strcpy(sc->asan_runtime, name);
		}
	}
}

/* ---- .rodata strings ------------------------------------------------- */

/* Does this section (of .rodata*) hold every string of d? */
static bool
detect_has_strings(Elf_Scn *scn, const struct detect_strings *d)
{
	bool found[2] = { false, false };
	Elf_Data *data = NULL;
	size_t i;

	while ((data = elf_getdata(scn, data)) != NULL) {
		if (data->d_buf == NULL)
			continue;
		for (i = 0; i < 2; i++)
			if (!found[i] && memmem(data->d_buf, data->d_size,
			    d->s[i], strlen(d->s[i])) != NULL)
				found[i] = true;
	}
	return found[0] && found[1];
}

/* Stripped static programs: look for the frameworks' strings. */
static void
detect_strings(Elf *e, size_t shstrndx, struct detect_scan *sc)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t i;

	while ((scn = elf_nextscn(e, scn)) != NULL) {
		const char *name;

		if (gelf_getshdr(scn, &sh) == NULL ||
		    sh.sh_type != SHT_PROGBITS)
			continue;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (name == NULL || strncmp(name, ".rodata", 7) != 0)
			continue;
		for (i = 0; i < sizeof(detect_rodata) /
		    sizeof(detect_rodata[0]); i++)
			if (detect_has_strings(scn, &detect_rodata[i])) {
				sc->linked |= 1u << detect_rodata[i].fw;
				sc->runner |= 1u << detect_rodata[i].fw;
			}
	}
}

/* ---- the ELF ----------------------------------------------------------- */

/* Program headers: is there a PT_INTERP? */
static int
detect_phdrs(Elf *e, struct detect_info *info)
{
	size_t i, n;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n) != 0)
		return -ENOEXEC;
	for (i = 0; i < n; i++) {
		if (gelf_getphdr(e, (int)i, &ph) == NULL)
			return -ENOEXEC;
		if (ph.p_type == PT_INTERP)
			info->dynamic = true;
	}
	return 0;
}

/* Section headers: symbols, NEEDED entries, then maybe strings. */
static void
detect_sections(Elf *e, struct detect_scan *sc)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL)
			continue;
		if (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)
			detect_symbols(e, scn, &sh, sc);
		else if (sh.sh_type == SHT_DYNAMIC)
			detect_needed(e, scn, &sh, sc);
	}
	if (sc->linked == 0 && elf_getshdrstrndx(e, &shstrndx) == 0)
		detect_strings(e, shstrndx, sc);
}

/* The framework that drives the program: a runner first, then any. */
static enum detect_framework
detect_choose(const struct detect_scan *sc)
{
	int fw;

	/* subunit-wrap holds every framework's strings: it comes first. */
	if (sc->runner & (1u << DETECT_SUBUNIT))
		return DETECT_SUBUNIT;
	for (fw = DETECT_GTEST; fw < DETECT_NFRAMEWORKS; fw++)
		if (sc->runner & (1u << fw))
			return (enum detect_framework)fw;
	for (fw = DETECT_GTEST; fw < DETECT_NFRAMEWORKS; fw++)
		if (sc->linked & (1u << fw))
			return (enum detect_framework)fw;
	return DETECT_NONE;
}

/* The facts of the ELF open on fd; frameworks only if `frameworks`. */
static int
detect_elf(int fd, bool frameworks, struct detect_info *info, char *err,
    size_t cap)
{
	struct detect_scan sc = { 0, 0, false, "" };
	Elf *e;
	int rc, cls;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return detect_error(err, cap, -ENOEXEC, "libelf: %s",
		    elf_errmsg(-1));
	if ((e = elf_begin(fd, ELF_C_READ_MMAP, NULL)) == NULL)
		return detect_error(err, cap, -ENOEXEC, "not readable as ELF: "
		    "%s", elf_errmsg(-1));
	cls = gelf_getclass(e);
	if (elf_kind(e) != ELF_K_ELF || cls == ELFCLASSNONE) {
		elf_end(e);
		return detect_error(err, cap, -ENOEXEC, "%s",
		    "not an ELF object");
	}
	info->elf_bits = cls == ELFCLASS32 ? 32 : 64;
	if ((rc = detect_phdrs(e, info)) < 0) {
		elf_end(e);
		return detect_error(err, cap, rc, "bad program headers: %s",
		    elf_errmsg(-1));
	}
	detect_sections(e, &sc);
	elf_end(e);
	info->asan = sc.asan;
	memcpy(info->asan_runtime, sc.asan_runtime, sizeof(sc.asan_runtime));
	if (frameworks) {
		info->frameworks = sc.linked;
		info->framework = detect_choose(&sc);
	}
	return 0;
}

/* ---- scripts ----------------------------------------------------------- */

/* Skip blanks (the kernel's: space and tab). */
static const char *
detect_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The word at p (up to a blank or the end), copied into buf. */
static const char *
detect_word(const char *p, char *buf, size_t cap)
{
	size_t n = 0;

	while (*p != '\0' && *p != ' ' && *p != '\t') {
		if (n + 1 < cap)
			buf[n++] = *p;
		p++;
	}
	buf[n] = '\0';
	return p;
}

/*
 * "/usr/bin/env [-S] [-opts] [NAME=value...] PROG ...": the program env
 * runs, found in $PATH.  Returns 0 with the path in buf, or an error.
 */
static int
detect_env_target(const char *arg, char *buf, size_t cap, char *err,
    size_t err_cap)
{
	char word[DETECT_PATH_MAX], *path;
	int rc;

	for (;;) {
		arg = detect_blanks(arg);
		arg = detect_word(arg, word, sizeof(word));
		if (word[0] == '\0')
			return detect_error(err, err_cap, -ENOEXEC, "%s",
			    "#!/usr/bin/env names no program");
		if (word[0] != '-' && strchr(word, '=') == NULL)
			break;
	}
	if ((rc = spawn_find(word, &path, NULL, 0)) < 0)
		return detect_error(err, err_cap, rc,
		    "interpreter %s not found", word);
	snprintf(buf, cap, "%s", path);
	free(path);
	return 0;
}

/*
 * The interpreter a "#!" line names (head is NUL-terminated at the end
 * of its first line), through env.  0 or an error.
 */
static int
detect_shebang(const char *head, char *interp, size_t cap, char *err,
    size_t err_cap)
{
	const char *p = detect_blanks(head + 2);
	const char *base;

	p = detect_word(p, interp, cap);
	if (interp[0] == '\0')
		return detect_error(err, err_cap, -ENOEXEC, "%s",
		    "empty #! line");
	base = strrchr(interp, '/');
	base = base != NULL ? base + 1 : interp;
	if (strcmp(base, "env") == 0)
		return detect_env_target(p, interp, cap, err, err_cap);
	return 0;
}

/*
 * Read the start of the file open on fd.  Returns 1 and the first line
 * (NUL-terminated, without its newline) in head if it starts with "#!",
 * 0 if not, or -errno.
 */
static int
detect_read_head(int fd, char *head, size_t cap)
{
	ssize_t n;
	char *nl;

	do
		n = pread(fd, head, cap - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	head[n] = '\0';
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return 0;
	if ((nl = memchr(head, '\n', (size_t)n)) != NULL)
		*nl = '\0';
	if ((nl = strchr(head, '\r')) != NULL)
		*nl = '\0';
	return 1;
}

/* ---- the entry points -------------------------------------------------- */

/* Open path, record its set-id bits. */
static int
detect_open(const char *path, struct detect_info *info, char *err,
    size_t cap)
{
	struct stat st;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) < 0) {
		int rc = errno == ENOENT || errno == ENOTDIR ? -ENOENT :
		    errno == ENOMEM ? -ENOMEM : -EACCES;

		if (fd >= 0)
			close(fd);
		return detect_error(err, cap, rc, "%s", strerror(-rc));
	}
	info->setuid = (st.st_mode & S_ISUID) != 0;
	info->setgid = (st.st_mode & S_ISGID) != 0;
	return fd;
}

/*
 * One step: the file at path is an ELF (facts filled, *next = false) or
 * a script (its interpreter in next_path, *next = true).
 */
static int
detect_step(const char *path, struct detect_info *info, char *next_path,
    size_t next_cap, bool *next, char *err, size_t err_cap)
{
	char head[DETECT_HEAD];
	int fd, rc;

	*next = false;
	if ((fd = detect_open(path, info, err, err_cap)) < 0)
		return fd;
	rc = detect_read_head(fd, head, sizeof(head));
	if (rc < 0)
		rc = detect_error(err, err_cap, -EACCES, "%s", strerror(-rc));
	else if (rc == 1 && (rc = detect_shebang(head, next_path, next_cap,
	    err, err_cap)) == 0)
		*next = true;
	else if (rc == 0)
		rc = detect_elf(fd, !info->script, info, err, err_cap);
	close(fd);
	return rc;
}

int
detect_program(const char *path, struct detect_info *info, char *err,
    size_t err_cap)
{
	char cur[DETECT_PATH_MAX], next[DETECT_PATH_MAX];
	bool more;
	int depth, rc;

	memset(info, 0, sizeof(*info));
	if (err != NULL && err_cap > 0)
		err[0] = '\0';
	snprintf(cur, sizeof(cur), "%s", path);
	for (depth = 0; depth <= DETECT_SCRIPT_DEPTH; depth++) {
		rc = detect_step(cur, info, next, sizeof(next), &more, err,
		    err_cap);
		if (rc < 0 || !more)
			return rc;
		info->script = true;
		snprintf(info->interp, sizeof(info->interp), "%s", next);
		snprintf(cur, sizeof(cur), "%s", next);
	}
	return detect_error(err, err_cap, -ELOOP, "%s",
	    "#! scripts nested too deep");
}

const char *
detect_framework_name(enum detect_framework fw)
{
	if (fw <= DETECT_NONE || fw >= DETECT_NFRAMEWORKS)
		return NULL;
	return detect_names[fw];
}

const char *
detect_pattern(const struct detect_info *info)
{
	const char *name = detect_framework_name(info->framework);

	return info->script || name == NULL ? "tap" : name;
}

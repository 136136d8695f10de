/*
 * fuzz_load_list: libFuzzer target for the --load-list reader
 * (wrap/wrap_list.h), and for what its ids become: the arguments and
 * environment of the plug-ins that select tests (ops->select).
 *
 * Input: the bytes of a list file.  They are written to a memfd, which
 * list_load opens by its /proc/self/fd path, as it would open a file.
 *
 * A model written from wrap_list.h (lines split at '\n', trailing '\r'
 * and '\n' stripped, empty lines and lines holding a NUL skipped, a line
 * that is not UTF-8 taken as latin-1) gives the ids; invariants (abort()
 * on violation):
 *  - list_load succeeds; list_count is the number of ids and list_id(i)
 *    the i-th, byte for byte; list_id(count) is NULL;
 *  - list_selects(id) for every id, and for every prefix of one that ends
 *    before a " (" (its runnable parents), and for nothing else: checked
 *    on each id minus its last byte, plus one byte, and plus " (";
 *  - every id list_id gives is selected (what the wrapper runs from the
 *    file is what it reports as selected);
 *  - select() of gtest, glib and check with those ids (all at once, then
 *    each alone) returns 0, -E2BIG or -EINVAL, and on 0 builds arguments
 *    in which an id is inert: gtest's filter holds no '*', '-' or empty
 *    pattern of an id's making, glib's arguments are "-p ID" / "-s ID"
 *    pairs naming exactly given ids, check sets CK_RUN_SUITE/CK_RUN_CASE
 *    only.
 *
 * Workload: list files of a few KiB, so a few hundred ids; the model is
 * quadratic in them, which stays well below a millisecond.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "pat.h"
#include "wrap_list.h"

FUZZ_CHECKER_BEGIN

struct id {
	char *s;
	size_t len;
};

static struct id *ids;
static size_t nids, ids_cap;

static void
model_add(const uint8_t *p, size_t n)
{
	struct id *e;

	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (n == 0 || memchr(p, 0, n) != NULL)
		return;
	if (nids == ids_cap) {
		ids_cap = ids_cap ? 2 * ids_cap : 64;
		if ((ids = realloc(ids, ids_cap * sizeof *ids)) == NULL)
			FUZZ_FAIL("out of memory");
	}
	e = &ids[nids++];
	if ((e->s = malloc(2 * n + 1)) == NULL)
		FUZZ_FAIL("out of memory");
	if (ref_utf8_valid((const char *)p, n)) {
		memcpy(e->s, p, n);
		e->len = n;
	} else {
		e->len = 0;
		for (size_t i = 0; i < n; i++) {
			if (p[i] < 0x80) {
				e->s[e->len++] = (char)p[i];
			} else {
				e->s[e->len++] = (char)(0xC0 | p[i] >> 6);
				e->s[e->len++] = (char)(0x80 | (p[i] & 0x3F));
			}
		}
	}
	e->s[e->len] = 0;
}

static void
model(const uint8_t *data, size_t size)
{
	size_t i = 0;

	for (size_t k = 0; k < nids; k++)
		free(ids[k].s);
	nids = 0;
	while (i < size) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : size - i;

		model_add(data + i, n);
		i += n;
	}
}

/* Does the model select q[0..n)? */
static bool
model_selects(const char *q, size_t n)
{
	for (size_t k = 0; k < nids; k++) {
		const struct id *e = &ids[k];

		if (e->len == n && memcmp(e->s, q, n) == 0)
			return true;
		if (n >= 1 && e->len >= n + 2 && memcmp(e->s, q, n) == 0 &&
		    e->s[n] == ' ' && e->s[n + 1] == '(')
			return true;
	}
	return false;
}

/* list_selects(q) must be what the model says; q has no NUL. */
static void
check_query(const struct list *l, const char *q, size_t n)
{
	bool want = model_selects(q, n), got = list_selects(l, q);

	if (want != got)
		FUZZ_FAIL("list_selects(\"%.*s\") = %d, the model says %d",
		    (int)(n > 80 ? 80 : n), q, got, want);
}

static void
check_list(const struct list *l)
{
	static struct flog q;
	const char *zero = "";

	if (list_count(l) != nids)
		FUZZ_FAIL("list_count = %zu, the model has %zu ids",
		    list_count(l), nids);
	for (size_t k = 0; k < nids; k++) {
		const char *got = list_id(l, k);
		const struct id *e = &ids[k];

		if (got == NULL || strlen(got) != e->len ||
		    memcmp(got, e->s, e->len) != 0)
			FUZZ_FAIL("list_id(%zu) = \"%s\", the model has "
			    "\"%.*s\" (%zu bytes)", k, got ? got : "(null)",
			    (int)(e->len > 80 ? 80 : e->len), e->s, e->len);
		if (!list_selects(l, got))
			FUZZ_FAIL("list_id(%zu) = \"%s\" is not selected", k,
			    got);
		/* Parents, and near misses. */
		for (size_t i = 1; i + 1 < e->len; i++)
			if (e->s[i] == ' ' && e->s[i + 1] == '(') {
				q.len = 0;
				flog_put(&q, e->s, i);
				flog_put(&q, zero, 1);
				check_query(l, (char *)q.p, i);
			}
		q.len = 0;
		flog_put(&q, e->s, e->len);
		flog_put(&q, " (", 3);
		check_query(l, (char *)q.p, e->len + 2);
		q.p[e->len] = 'x';
		q.p[e->len + 1] = 0;
		check_query(l, (char *)q.p, e->len + 1);
		q.p[e->len - 1] = 0;
		check_query(l, (char *)q.p, e->len - 1);
	}
	if (list_id(l, nids) != NULL)
		FUZZ_FAIL("list_id(count) is not NULL");
	check_query(l, "", 0);
}

/* ---- select --------------------------------------------------------- */

static bool
is_one_of(const char *s, const struct sw_str *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(s) == v[i].len && memcmp(s, v[i].ptr, v[i].len) == 0)
			return true;
	return false;
}

static void
check_cmd(const char *name, const struct pat_cmd *cmd,
    const struct sw_str *sel, size_t n, const struct sw_str *listed,
    size_t nlisted)
{
	for (size_t i = 0; i < cmd->nargs; i++)
		if (cmd->args[i] == NULL)
			FUZZ_FAIL("%s: argument %zu is NULL", name, i);
	for (size_t i = 0; i < cmd->nenv; i++)
		if (cmd->env[i] == NULL || strchr(cmd->env[i], '=') == NULL)
			FUZZ_FAIL("%s: environment entry %zu is not NAME=value",
			    name, i);
	if ((cmd->args && cmd->args[cmd->nargs]) ||
	    (cmd->env && cmd->env[cmd->nenv]))
		FUZZ_FAIL("%s: a list that does not end in NULL", name);
	if (strcmp(name, "gtest") == 0) {
		const char *f;

		if (cmd->nargs != 1 || cmd->nenv != 0 ||
		    strncmp(cmd->args[0], "--gtest_filter=", 15) != 0)
			FUZZ_FAIL("gtest: not one --gtest_filter argument");
		f = cmd->args[0] + 15;
		if (strcmp(f, "-*") == 0)
			return;
		if (strchr(f, '*') || strchr(f, '-') || f[0] == ':' ||
		    strstr(f, "::") || (f[0] && f[strlen(f) - 1] == ':') ||
		    f[0] == 0)
			FUZZ_FAIL("gtest: filter \"%s\" is not inert", f);
	} else if (strcmp(name, "glib") == 0) {
		if (cmd->nenv != 0 || cmd->nargs % 2 != 0)
			FUZZ_FAIL("glib: %zu arguments, %zu variables",
			    cmd->nargs, cmd->nenv);
		for (size_t i = 0; i < cmd->nargs; i += 2) {
			const char *o = cmd->args[i], *v = cmd->args[i + 1];

			if (strcmp(o, "-p") == 0 && (is_one_of(v, sel, n) ||
			    strcmp(v, "/") == 0))
				continue;
			if (strcmp(o, "-s") == 0 && is_one_of(v, listed,
			    nlisted))
				continue;
			FUZZ_FAIL("glib: arguments \"%s\" \"%s\" name no "
			    "given id", o, v);
		}
	} else {
		for (size_t i = 0; i < cmd->nenv; i++)
			if (strncmp(cmd->env[i], "CK_RUN_SUITE=", 13) != 0 &&
			    strncmp(cmd->env[i], "CK_RUN_CASE=", 12) != 0)
				FUZZ_FAIL("check: variable %s", cmd->env[i]);
		if (cmd->nargs != 0)
			FUZZ_FAIL("check: %zu arguments", cmd->nargs);
	}
}

static void
check_select(const char *name, const struct sw_str *sel, size_t n,
    const struct sw_str *listed, size_t nlisted)
{
	const struct pat_ops *ops = pat_find(name);
	struct pat_cmd cmd = PAT_CMD_INIT;
	int rc;

	if (ops == NULL || ops->select == NULL)
		FUZZ_FAIL("%s cannot select", name);
	rc = ops->select(sel, n, listed, nlisted, &cmd);
	if (rc == 0)
		check_cmd(name, &cmd, sel, n, listed, nlisted);
	else if (rc != -E2BIG && rc != -EINVAL)
		FUZZ_FAIL("%s: select = %d", name, rc);
	pat_cmd_free(&cmd);
}

static void
check_selects(const struct list *l)
{
	static const char *const names[] = { "gtest", "glib", "check" };
	static struct sw_str *v;
	static size_t cap;
	size_t n = list_count(l);

	if (n + 1 > cap) {
		cap = 2 * (n + 1);
		if ((v = realloc(v, cap * sizeof *v)) == NULL)
			FUZZ_FAIL("out of memory");
	}
	for (size_t i = 0; i < n; i++)
		v[i] = sw_str_c(list_id(l, i));
	for (size_t k = 0; k < 3; k++) {
		check_select(names[k], v, n, NULL, 0);
		check_select(names[k], v, n, v, n);
		for (size_t i = 0; i < n && i < 16; i++)
			check_select(names[k], v + i, 1, v, n);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct list *l = NULL;
	char err[256] = "";
	size_t done = 0;
	int rc;

	if (fd < 0) {
		if ((fd = memfd_create("load-list", MFD_CLOEXEC)) < 0)
			FUZZ_FAIL("memfd_create: %s", strerror(errno));
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0)
		FUZZ_FAIL("ftruncate: %s", strerror(errno));
	while (done < size) {
		ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);

		if (w <= 0)
			FUZZ_FAIL("pwrite: %s", strerror(errno));
		done += (size_t)w;
	}
	rc = list_load(path, &l, err, sizeof err);
	if (rc != 0 || l == NULL)
		FUZZ_FAIL("list_load = %d: %s", rc, err);
	model(data, size);
	check_list(l);
	check_selects(l);
	list_free(l);
	return 0;
}

FUZZ_CHECKER_END

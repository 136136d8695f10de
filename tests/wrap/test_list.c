/*
 * test_list: the --load-list reader (wrap/wrap_list.h) on small files
 * written to a temporary directory: which ids it keeps, in which form,
 * and what they select.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "wrap_list.h"

static char dir[64];

#define T_EQ_STR(got, want)                                                   \
	do {                                                                  \
		const char *t_s_ = (got);                                     \
		T_CHECK(t_s_ != NULL && strcmp(t_s_, want) == 0,              \
		    "got \"%s\", want \"%s\"", t_s_ ? t_s_ : "(null)", want); \
	} while (0)

/* Load a list file holding n bytes of text. */
static struct list *
load(const char *text, size_t n)
{
	char path[128], err[128] = "";
	struct list *l = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/list", dir);
	f = fopen(path, "w");
	T_CHECK(f != NULL, "fopen %s", path);
	if (f == NULL)
		return NULL;
	T_EQ_INT(fwrite(text, 1, n, f), n);
	fclose(f);
	T_EQ_INT(list_load(path, &l, err, sizeof err), 0);
	unlink(path);
	return l;
}

static void
ids_and_their_parents_are_selected(void)
{
	static const char text[] = "prog/a\r\n\nprog/b (sub) (deep)\nlast";
	struct list *l = load(text, sizeof text - 1);

	if (l == NULL)
		return;
	T_EQ_INT(list_count(l), 3);
	T_EQ_STR(list_id(l, 0), "prog/a");
	T_EQ_STR(list_id(l, 1), "prog/b (sub) (deep)");
	T_EQ_STR(list_id(l, 2), "last");
	T_CHECK(list_id(l, 3) == NULL, "an id past the end");
	T_CHECK(list_selects(l, "prog/a"), "an id");
	T_CHECK(list_selects(l, "prog/b"), "the runnable parent");
	T_CHECK(list_selects(l, "prog/b (sub)"), "a parent");
	T_CHECK(!list_selects(l, "prog/"), "a prefix");
	T_CHECK(!list_selects(l, "prog/a\r"), "the CR is stripped");
	list_free(l);
}

static void
latin1_lines_are_converted(void)
{
	static const char text[] = "caf\xe9\ncaf\xc3\xa9 (x)\n";
	struct list *l = load(text, sizeof text - 1);

	if (l == NULL)
		return;
	T_EQ_INT(list_count(l), 2);
	T_EQ_STR(list_id(l, 0), "caf\xc3\xa9");
	T_CHECK(list_selects(l, "caf\xc3\xa9"), "converted");
	T_CHECK(!list_selects(l, "caf\xe9"), "raw latin-1");
	list_free(l);
}

/*
 * A NUL byte in a line: list_id used to give the line cut at the NUL,
 * "prog/a", an id the file does not name, which the wrapper then ran
 * (found by fuzz_load_list).  Such a line names no test.
 */
static void
a_line_with_a_nul_names_no_test(void)
{
	static const char text[] = "prog/a\0junk\nprog/b\n";
	struct list *l = load(text, sizeof text - 1);

	if (l == NULL)
		return;
	T_EQ_INT(list_count(l), 1);
	T_EQ_STR(list_id(l, 0), "prog/b");
	T_CHECK(!list_selects(l, "prog/a"), "the line cut at its NUL");
	T_CHECK(list_selects(l, "prog/b"), "the next line");
	for (size_t i = 0; i < list_count(l); i++)
		T_CHECK(list_selects(l, list_id(l, i)), "list_id(%zu) = %s "
		    "is selected", i, list_id(l, i));
	list_free(l);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_list.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	T_RUN(ids_and_their_parents_are_selected);
	T_RUN(latin1_lines_are_converted);
	T_RUN(a_line_with_a_nul_names_no_test);
	rmdir(dir);
	return t_done();
}

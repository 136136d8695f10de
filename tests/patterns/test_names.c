/*
 * test_names: sibling labels stay unique, even when a program prints a
 * name that looks like a generated one.
 */
#include "pat_names.h"
#include "t.h"

static struct pat_names n = PAT_NAMES_INIT;

static void
expect(const char *name, const char *want)
{
	struct sw_str got;

	T_EQ_INT(pat_names_unique(&n, sw_str_c(name), &got), 0);
	T_CHECK(got.len == strlen(want) && memcmp(got.ptr, want, got.len) == 0,
	    "%s: got '%.*s', want '%s'", name, (int)got.len, got.ptr, want);
}

static void
repeats_are_numbered(void)
{
	expect("a", "a");
	expect("b", "b");
	expect("a", "a #2");
	expect("a", "a #3");
	expect("", "");
	expect("", "#2");              /* no blank: labels are trimmed */
	pat_names_free(&n);
	expect("a", "a");              /* forgotten after free */
	pat_names_free(&n);
}

static void
generated_forms_never_collide(void)
{
	expect("a #2", "a #2");        /* printed by the program itself */
	expect("a", "a");
	expect("a", "a #3");           /* a #2 is taken */
	expect("a #3", "a #3 #2");
	expect("a", "a #4");
	pat_names_free(&n);
}

/*
 * The repeats of an empty name are "#2", "#3"...: " #2" broke pat.h's
 * "labels are trimmed", and the emitter, which trims labels into test
 * ids, made it "#2", the id of a sibling so named (found by
 * fuzz_patterns).
 */
static void
repeats_of_an_empty_name_are_trimmed(void)
{
	expect("", "");
	expect("#2", "#2");
	expect("", "#3");
	expect("", "#4");
	expect("#4", "#4 #2");
	pat_names_free(&n);
}

/*
 * A name from an empty buffer ({ NULL, 0 }) is the label "", never an
 * absent one (which pat.h reserves for labels named later; Check's and
 * GLib's empty names went out so, found by fuzz_patterns).
 */
static void
a_name_without_bytes_is_a_label(void)
{
	struct sw_str none = { NULL, 0 }, got;

	T_EQ_INT(pat_names_unique(&n, none, &got), 0);
	T_CHECK(got.ptr != NULL && got.len == 0, "got %p, %zu bytes",
	    (const void *)got.ptr, got.len);
	expect("", "#2");
	pat_names_free(&n);
}

int
main(void)
{
	T_RUN(repeats_are_numbered);
	T_RUN(generated_forms_never_collide);
	T_RUN(repeats_of_an_empty_name_are_trimmed);
	T_RUN(a_name_without_bytes_is_a_label);
	return t_done();
}

/*
 * wrap_list: the test ids of a --load-list file, and the question the
 * wrapper asks of them: "is this runnable test selected?".
 *
 * Assumptions (see ../shared/research/testr.md §1.1, §1.4):
 * - testr and stestr write one id per line, "\n"-terminated, in no useful
 *   order, and may add ids we do not know (process-returncode): unknown
 *   ids are simply never asked about.
 * - A line may name a subtest, "ID (label)" (nesting by repetition); it
 *   selects its runnable parent ID, since only runnable tests can be run.
 * - testr 0.0.20 writes the file in latin-1.  A line that is not valid
 *   UTF-8 is taken as latin-1 and converted to UTF-8 before comparing; a
 *   line that is valid UTF-8 is kept as is (stestr, newer testr).  The
 *   ids compared against are the raw ids the wrapper gives the emitter, so
 *   an id the emitter would escape (not UTF-8, control characters) never
 *   matches.
 * - Lines end in "\n" or "\r\n"; trailing '\r' and '\n' are stripped and
 *   empty lines skipped.  Nothing else is trimmed (ids may hold spaces).
 * - A line holding a NUL byte is skipped too: it names no test (an id
 *   with a NUL is one the emitter escapes), and cut at the NUL it would
 *   name another one.
 *
 * Memory: every line is kept (three times at most: in file order, as an
 * id and as the parent ids it names); a list file is at most a few
 * thousand lines.
 */
#ifndef WRAP_LIST_H
#define WRAP_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list;

/*
 * Read the list file at path into *out.  Returns 0, or a negative errno
 * with a one-line message in err (the caller names the file): the file is
 * missing, unreadable, a directory, or memory ran out.
 */
int list_load(const char *path, struct list **out, char *err,
    size_t err_cap);

/*
 * True if the runnable test `id` is selected: a line is exactly id, or a
 * line starts with id followed by " (" (one of its subtests).
 */
bool list_selects(const struct list *l, const char *id);

/* Number of ids read (non-empty lines without a NUL byte). */
size_t list_count(const struct list *l);

/*
 * The i-th id read (0 <= i < list_count), in file order, as compared (line
 * ends stripped, latin-1 converted); NULL past the end.
 */
const char *list_id(const struct list *l, size_t i);

/* Free (NULL is fine). */
void list_free(struct list *l);

#endif

/*
 * wrap_list: reading a --load-list file (see wrap_list.h for the rules).
 *
 * One hash map holds every key that selects a runnable test: each line
 * itself, and each prefix of a line that ends just before a " (" (the
 * runnable parent a subtest id names; a path may itself hold " (", so
 * every such prefix is a candidate).  list_selects() is then one lookup.
 * The lines themselves are also kept in file order (list_id), for
 * frameworks that select from the ids as given (wrap_job.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_map.h"
#include "sw_utf8.h"
#include "wrap_list.h"

struct list {
	struct sw_map keys;      /* selecting keys; values unused (NULL) */
	size_t count;            /* non-empty lines */
	char **lines;            /* the lines (converted), in file order */
	size_t lines_cap;
};

/*
 * Latin-1 to UTF-8: every byte >= 0x80 becomes two bytes.  Returns a new
 * NUL-terminated string (*out_len bytes) or NULL on ENOMEM.
 */
static char *
list_latin1_to_utf8(const char *s, size_t len, size_t *out_len)
{
	char *out, *o;
	size_t i;

	if ((out = malloc(2 * len + 1)) == NULL)
		return NULL;
	o = out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			*o++ = (char)c;
		} else {
			*o++ = (char)(0xC0 | (c >> 6));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

/* Keep the line in file order.  0 or -ENOMEM. */
static int
list_keep(struct list *l, const char *id, size_t len)
{
	char **t;

	if (l->count == l->lines_cap) {
		size_t cap = l->lines_cap ? 2 * l->lines_cap : 16;

		if ((t = reallocarray(l->lines, cap, sizeof(*t))) == NULL)
			return -ENOMEM;
		l->lines = t;
		l->lines_cap = cap;
	}
	if ((l->lines[l->count] = strndup(id, len)) == NULL)
		return -ENOMEM;
	return 0;
}

/* Add the line and the parent ids it names.  0 or -ENOMEM. */
static int
list_add(struct list *l, const char *id, size_t len)
{
	size_t i;

	if (sw_map_put(&l->keys, id, len, NULL, NULL) < 0)
		return -ENOMEM;
	for (i = 1; i + 1 < len; i++) {
		if (id[i] != ' ' || id[i + 1] != '(')
			continue;
		if (sw_map_put(&l->keys, id, i, NULL, NULL) < 0)
			return -ENOMEM;
	}
	if (list_keep(l, id, len) < 0)
		return -ENOMEM;
	l->count++;
	return 0;
}

/* One raw line (with its end of line): strip, convert, add. */
static int
list_add_line(struct list *l, const char *line, size_t len)
{
	char *conv;
	size_t clen;
	int rc;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	/* A NUL byte: no id has one, and list_id would cut the line there. */
	if (len == 0 || memchr(line, '\0', len) != NULL)
		return 0;
	if (sw_utf8_valid(line, len))
		return list_add(l, line, len);
	if ((conv = list_latin1_to_utf8(line, len, &clen)) == NULL)
		return -ENOMEM;
	rc = list_add(l, conv, clen);
	free(conv);
	return rc;
}

static void
list_set_error(char *err, size_t cap, int errnum)
{
	if (err != NULL && cap > 0)
		snprintf(err, cap, "%s", strerror(errnum));
}

int
list_load(const char *path, struct list **out, char *err, size_t err_cap)
{
	struct list *l;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int rc = 0;

	*out = NULL;
	if ((f = fopen(path, "re")) == NULL) {
		rc = -errno;
		list_set_error(err, err_cap, errno);
		return rc;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		fclose(f);
		list_set_error(err, err_cap, ENOMEM);
		return -ENOMEM;
	}
	errno = 0;
	while ((n = getline(&line, &cap, f)) != -1) {
		if ((rc = list_add_line(l, line, (size_t)n)) < 0)
			break;
		errno = 0;
	}
	/* getline returns -1 at EOF and on error; only ferror tells. */
	if (rc == 0 && ferror(f))
		rc = errno != 0 ? -errno : -EIO;
	free(line);
	fclose(f);
	if (rc < 0) {
		list_set_error(err, err_cap, -rc);
		list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

bool
list_selects(const struct list *l, const char *id)
{
	return sw_map_find(&l->keys, id, strlen(id), NULL);
}

size_t
list_count(const struct list *l)
{
	return l->count;
}

const char *
list_id(const struct list *l, size_t i)
{
	return i < l->count ? l->lines[i] : NULL;
}

void
list_free(struct list *l)
{
	size_t i;

	if (l == NULL)
		return;
	sw_map_free(&l->keys, NULL);
	for (i = 0; i < l->count; i++)
		free(l->lines[i]);
	free(l->lines);
	free(l);
}

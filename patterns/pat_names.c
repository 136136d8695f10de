/*
 * pat_names: unique sibling labels (see pat_names.h).  Repeats are rare,
 * so the common case is one map lookup and one insertion per label.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pat_names.h"

static bool
seen(const struct pat_names *n, const void *p, size_t len)
{
	return sw_map_find(&n->seen, p, len, NULL);
}

/* name + " #k" into n->label; "#k" for "" (labels are trimmed). */
static int
suffixed(struct pat_names *n, struct sw_str name, uintptr_t k)
{
	char suffix[32];

	snprintf(suffix, sizeof suffix, "%s#%lu", name.len ? " " : "",
	    (unsigned long)k);
	n->label.len = 0;
	if (sw_buf_append(&n->label, name.ptr, name.len) < 0 ||
	    sw_buf_append(&n->label, suffix, strlen(suffix)) < 0)
		return -ENOMEM;
	return 0;
}

int
pat_names_unique(struct pat_names *n, struct sw_str name, struct sw_str *out)
{
	void *old = NULL;
	uintptr_t k;

	/* An empty buffer's NULL is "": no label means "named later". */
	if (name.ptr == NULL)
		name.ptr = "";
	if (!sw_map_find(&n->seen, name.ptr, name.len, &old)) {
		if (sw_map_put(&n->seen, name.ptr, name.len, (void *)1,
		    NULL) < 0)
			return -ENOMEM;
		*out = name;
		return 0;
	}
	/* A repeat: the next " #k" that nobody has used yet. */
	for (k = (uintptr_t)old + 1;; k++) {
		if (suffixed(n, name, k) < 0)
			return -ENOMEM;
		if (!seen(n, n->label.data, n->label.len))
			break;
	}
	if (sw_map_put(&n->seen, name.ptr, name.len, (void *)k, NULL) < 0 ||
	    sw_map_put(&n->seen, n->label.data, n->label.len, (void *)1,
	    NULL) < 0)
		return -ENOMEM;
	out->ptr = (const char *)n->label.data;
	out->len = n->label.len;
	return 0;
}

void
pat_names_free(struct pat_names *n)
{
	sw_map_free(&n->seen, NULL);
	sw_buf_free(&n->label);
}

/*
 * sw_buf: growable byte buffer.  Growth doubles the capacity so appending
 * n bytes one packet at a time costs O(n) overall.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sw_buf.h"

/* The external definitions of the inline functions of sw_buf.h. */
extern int sw_buf_reserve(struct sw_buf *b, size_t extra);
extern int sw_buf_append(struct sw_buf *b, const void *src, size_t n);

int
sw_buf_grow(struct sw_buf *b, size_t extra)
{
	size_t want, cap;
	uint8_t *p;

	if (extra > SIZE_MAX - b->len)
		return -ENOMEM;
	want = b->len + extra;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

void
sw_buf_consume(struct sw_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

void
sw_buf_free(struct sw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

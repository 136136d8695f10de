/*
 * sw_buf: a growable byte buffer, the one piece of dynamic memory the codec
 * and the commands share.
 *
 * Invariants: data is NULL or points to cap bytes; len <= cap.  A buffer
 * initialised with SW_BUF_INIT (all zero) is empty and valid, and
 * sw_buf_free() returns it to that state, so it can be reused.
 */
#ifndef SW_BUF_H
#define SW_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sw_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

#define SW_BUF_INIT { NULL, 0, 0 }

/* sw_buf_reserve's slow path: grow to fit.  Use sw_buf_reserve. */
int sw_buf_grow(struct sw_buf *b, size_t extra);

/*
 * Make room for at least `extra` more bytes after len.  Returns 0, or
 * -ENOMEM (the buffer is unchanged).  Pointers into data are invalidated
 * when it grows.  Inline (C99: sw_buf.c holds the external definition):
 * the encoder and the id builders call it every few bytes, and it almost
 * never grows.
 */
inline int
sw_buf_reserve(struct sw_buf *b, size_t extra)
{
	return extra <= b->cap - b->len ? 0 : sw_buf_grow(b, extra);
}

/* Append n bytes.  Returns 0 or -ENOMEM (the buffer is unchanged). */
inline int
sw_buf_append(struct sw_buf *b, const void *src, size_t n)
{
	int rc;

	if (n == 0)
		return 0;
	if ((rc = sw_buf_reserve(b, n)) < 0)
		return rc;
	memcpy(b->data + b->len, src, n);
	b->len += n;
	return 0;
}

/* Drop the first n bytes (n <= len), moving the rest to the front. */
void sw_buf_consume(struct sw_buf *b, size_t n);

/* Free the memory; the buffer is empty and reusable afterwards. */
void sw_buf_free(struct sw_buf *b);

#endif

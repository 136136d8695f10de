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

struct sw_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

#define SW_BUF_INIT { NULL, 0, 0 }

/*
 * Make room for at least `extra` more bytes after len.  Returns 0, or
 * -ENOMEM (the buffer is unchanged).  Pointers into data are invalidated.
 */
int sw_buf_reserve(struct sw_buf *b, size_t extra);

/* Append n bytes.  Returns 0 or -ENOMEM (the buffer is unchanged). */
int sw_buf_append(struct sw_buf *b, const void *src, size_t n);

/* Drop the first n bytes (n <= len), moving the rest to the front. */
void sw_buf_consume(struct sw_buf *b, size_t n);

/* Free the memory; the buffer is empty and reusable afterwards. */
void sw_buf_free(struct sw_buf *b);

#endif

/*
 * sw_utf8: strict UTF-8 validation, the same acceptance as Python's
 * "strict" utf-8 codec that python-subunit decodes every string field with:
 * no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, no truncated sequence.  The subunit spec also forbids NUL in
 * strings, so NUL is rejected here too.
 */
#ifndef SW_UTF8_H
#define SW_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "sw_buf.h"

/*
 * Check s[0..len).  Returns -1 if it is valid UTF-8 without NUL, otherwise
 * the offset of the first byte that makes it invalid (for a truncated
 * sequence, the offset of its lead byte).
 */
long sw_utf8_invalid_at(const char *s, size_t len);

/* True if s[0..len) is valid UTF-8 without NUL. */
bool sw_utf8_valid(const char *s, size_t len);

/*
 * Length of the UTF-8 sequence a lead byte starts (1..4), or 0 if c cannot
 * start a sequence (a continuation byte, 0xC0, 0xC1, 0xF5..0xFF).
 */
int sw_utf8_seq_len(unsigned char c);

/*
 * Append s[0..len) to out as text that is valid UTF-8 with no control
 * characters, for test ids: valid characters are kept; a newline, a
 * carriage return and a tab become the two characters \n, \r, \t; other
 * C0 controls, DEL, and bytes that are not part of valid UTF-8 become the
 * four characters \xNN.  Nothing is dropped.
 * Returns 0 or -ENOMEM (out may then hold part of the text).
 */
int sw_utf8_escape(const char *s, size_t len, struct sw_buf *out);

#endif

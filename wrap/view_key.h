/*
 * view_key: what the viewer's trace and the live view both need to name
 * a test: a map key made of its route code and id, and the escaped form
 * an id or name is printed in.
 *
 * A test is identified by its route code (absent and "" are different)
 * and its id; the key is one byte (1: a route follows), the route and a
 * NUL if present, then the id.  Never prints but through the FILE * it is
 * given, never exits.
 */
#ifndef VIEW_KEY_H
#define VIEW_KEY_H

#include <stddef.h>
#include <stdio.h>

#include "sw_buf.h"
#include "sw_packet.h"

/*
 * Make k the key of (route, id); k's old contents are dropped.  0, or
 * -ENOMEM (k then holds part of a key).
 */
int view_key_build(struct sw_buf *k, struct sw_str route, struct sw_str id);

/*
 * Split a key made by view_key_build back into route (ptr NULL if it had
 * none) and id; both point into k.
 */
void view_key_split(const struct sw_buf *k, struct sw_str *route,
    struct sw_str *id);

/*
 * Write s[0..len) to out with control characters escaped (\n, \t, \r,
 * \xHH), so that an id or a name stays one line.
 */
void view_put_escaped(FILE *out, const char *s, size_t len);

#endif

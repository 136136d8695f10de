/*
 * view_key: test keys and escaped names for subunit-view's trace and the
 * live view (see view_key.h).
 */
#include <stdint.h>
#include <string.h>

#include "view_key.h"

int
view_key_build(struct sw_buf *k, struct sw_str route, struct sw_str id)
{
	uint8_t has_route = route.ptr != NULL, nul = 0;
	int rc;

	k->len = 0;
	if ((rc = sw_buf_append(k, &has_route, 1)) < 0)
		return rc;
	if (has_route && ((rc = sw_buf_append(k, route.ptr, route.len)) < 0 ||
	    (rc = sw_buf_append(k, &nul, 1)) < 0))
		return rc;
	return sw_buf_append(k, id.ptr, id.len);
}

void
view_key_split(const struct sw_buf *k, struct sw_str *route,
    struct sw_str *id)
{
	const char *p = (const char *)k->data + 1;
	size_t len = k->len - 1;
	const char *nul;

	route->ptr = NULL;
	route->len = 0;
	if (k->data[0] != 0) {
		nul = memchr(p, '\0', len);
		route->ptr = p;
		route->len = (size_t)(nul - p);
		len -= route->len + 1;
		p = nul + 1;
	}
	id->ptr = p;
	id->len = len;
}

void
view_put_escaped(FILE *out, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != 0x7f)
			continue;
		fwrite(s + run, 1, i - run, out);
		run = i + 1;
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else
			fprintf(out, "\\x%02x", c);
	}
	fwrite(s + run, 1, len - run, out);
}

/*
 * sw_packet: defaults and status names for packets.
 */
#include <errno.h>
#include <string.h>

#include "sw_packet.h"

static const char *const status_names[] = {
#define SW_STATUS_STR(val, name, str) [val] = str,
	SW_STATUS_MAP(SW_STATUS_STR)
#undef SW_STATUS_STR
};

/*
 * Field by field rather than memset: GCC makes a 144-byte memset a
 * `rep stos`, whose start-up cost made this 12 % of the wrapper's time in
 * a TAP flood (two packets per assertion).  A new field must be set here:
 * the assertion below fails when the struct's size changes.
 */
_Static_assert(sizeof(struct sw_packet) == 144 || sizeof(void *) != 8,
    "sw_packet_init must set every field of struct sw_packet");

void
sw_packet_init(struct sw_packet *p)
{
	static const struct sw_str none = { NULL, 0 };

	p->status = SW_STATUS_NONE;
	p->runnable = true;
	p->eof = false;
	p->has_timestamp = false;
	p->ts_sec = 0;
	p->ts_nsec = 0;
	p->test_id = none;
	p->route_code = none;
	p->parent_id = none;
	p->tags = NULL;
	p->ntags = 0;
	p->has_tags = false;
	p->ids_checked = false;
	p->mime_type = none;
	p->file_name = none;
	p->file_bytes = NULL;
	p->file_len = 0;
	p->flags = 0;
}

struct sw_str
sw_str_c(const char *s)
{
	struct sw_str str = { s, s ? strlen(s) : 0 };

	return str;
}

const char *
sw_status_name(int status)
{
	if (status < 0 || status > 7)
		return NULL;
	return status_names[status];
}

int
sw_status_from_name(const char *name)
{
	for (int i = 0; i <= 7; i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -EINVAL;
}

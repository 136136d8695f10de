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

void
sw_packet_init(struct sw_packet *p)
{
	memset(p, 0, sizeof *p);
	p->status = SW_STATUS_NONE;
	p->runnable = true;
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

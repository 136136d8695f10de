/*
 * pat_names: unique labels among siblings (pat.h: "the labels of the
 * children of one test must be unique").  The first "a" stays "a"; the
 * next ones become "a #2", "a #3", ..., skipping any such form that was
 * itself seen as a label, so no two results are ever equal.  Repeats of
 * "" are "#2", "#3", ... (labels are trimmed, see pat.h).
 *
 *	struct pat_names n = PAT_NAMES_INIT;
 *	struct sw_str label;
 *	if (pat_names_unique(&n, name, &label) < 0)
 *		return -ENOMEM;
 *	... emit label (valid until the next call) ...
 *	pat_names_free(&n);
 *
 * Memory grows with the number of distinct labels seen, so it is meant
 * for formats whose results are few (automake lines, user patterns), not
 * for million-line TAP floods (pat_tap tracks numbers instead).
 */
#ifndef PAT_NAMES_H
#define PAT_NAMES_H

#include "sw_buf.h"
#include "sw_map.h"
#include "sw_packet.h"

struct pat_names {
	struct sw_map seen;      /* label -> times used as a base */
	struct sw_buf label;     /* the last result, when suffixed */
};

#define PAT_NAMES_INIT { SW_MAP_INIT, SW_BUF_INIT }

/*
 * The unique form of name among the labels returned so far, in *out
 * (pointing into name or into n; valid until the next call; never a NULL
 * pointer, even for a name with none, as an empty sw_buf gives: pat.h
 * reserves that for labels named later).  Returns 0 or -ENOMEM.
 */
int pat_names_unique(struct pat_names *n, struct sw_str name,
    struct sw_str *out);

/* Forget every label; n is empty and reusable. */
void pat_names_free(struct pat_names *n);

#endif

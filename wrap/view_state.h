/*
 * view_state: what subunit-view knows about a stream while reading it, and
 * how it renders that into a FILE *.
 *
 * Feed every decoded event to view_event(), then call view_finish() once.
 * A test is identified by its route code (absent and "" are different) and
 * its test id.  It is "in progress" from its first event with no final
 * status (inprogress, status 0, an attachment) until its final status;
 * only in-progress tests take memory, so the memory used follows the
 * number of tests running at once, not the length of the stream.
 *
 * Trace (full mode), one line per finished test:
 *
 *	STATUS     ID [route R] (D.DDDs)
 *
 * STATUS is the python-subunit status name padded to 10 columns, or
 * "incomplete" for a test still in progress at the end of the stream.  The
 * route part appears when the test has a route code, the duration when an
 * earlier event of the test and the final one both carry a timestamp.
 * Control characters in ids and file names are escaped (\n, \t, \r,
 * \xHH).  Under the line of a failed test (fail, uxsuccess, incomplete,
 * which includes python's "subunit.parser" errors) come its attachments:
 *
 *	  NAME:
 *	    line of the attachment
 *
 * Text (a text/... mime type, or valid UTF-8) is shown as is, anything
 * else as hex, at most VIEW_HEX_MAX bytes of it.  Attachments of passing
 * or skipped tests are dropped unread.  Events with no test id are not
 * tests: their file bytes (the decoder's "stdout" text, for one) are
 * copied to the output as they come.  view_finish() ends with
 *
 *	N passed, N failed, N skipped
 *
 * passed = success + xfail; failed = fail + uxsuccess + incomplete;
 * skipped = skip.  exists and untied events are not counted.  A final
 * status with no earlier event still counts one test; a second final
 * status for the same test counts another.
 *
 * Stats mode prints only the closing line and keeps no attachments.
 *
 * Errors: the functions return 0 or -ENOMEM (the event was not taken).
 * Output errors are left in the FILE's error flag for the caller.
 */
#ifndef VIEW_STATE_H
#define VIEW_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sw_packet.h"

/* Bytes of a binary attachment shown in hex; the rest is only counted. */
#define VIEW_HEX_MAX 256

struct view;

struct view_counts {
	uint64_t passed;
	uint64_t failed;
	uint64_t skipped;
};

/*
 * A new view writing to out (which must outlive it); stats_only selects
 * stats mode.  NULL on ENOMEM.
 */
struct view *view_new(FILE *out, bool stats_only);

/* Account for one event, printing what it completes. */
int view_event(struct view *v, const struct sw_packet *ev);

/*
 * End of stream: report every test still in progress as incomplete, in
 * the order they started, and print the closing line.  Call once.
 */
int view_finish(struct view *v);

/* The counts so far. */
void view_get_counts(const struct view *v, struct view_counts *c);

/* Free the view and every test it still holds (NULL is fine). */
void view_free(struct view *v);

#endif

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
 * Reports (subunit-view --junit): view_set_report() registers a callback
 * that gets every finished test as a struct view_done, once: each final
 * status in stream order, then at view_finish() each test still in
 * progress (oldest first), after its trace line.  With a callback set, the
 * attachments of every test are kept until its end (in stats mode too),
 * still only while it is in progress.
 *
 * Errors: the functions return 0, -ENOMEM (the event was not taken) or
 * the error the report callback returned.
 * Output errors are left in the FILE's error flag for the caller.
 */
#ifndef VIEW_STATE_H
#define VIEW_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sw_buf.h"
#include "sw_packet.h"

/* Bytes of a binary attachment shown in hex; the rest is only counted. */
#define VIEW_HEX_MAX 256

struct view;

/*
 * One attachment of a test: the chunks of one named file, joined, from
 * its first chunk to the one with eof (a name reused after eof starts a
 * new one).  has_mime: a chunk carried a mime type (the first one kept).
 */
struct view_file {
	struct view_file *next;    /* the test's next attachment */
	bool eof;
	bool has_mime;
	struct sw_buf name;
	struct sw_buf mime;
	struct sw_buf data;
};

/*
 * A finished test as a report sees it.  Everything points into the view
 * or the current event and is valid only during the callback.
 *
 * parent is the id of the test this one is a subtest of, when known: the
 * packet's parent field (subunit-wrap --parent-ids), or else a test in
 * progress on the same route whose id P makes this id "P (LABEL)" (the
 * longest such P); ptr NULL otherwise.  had_subtests: a test "ID (LABEL)"
 * on the same route ended while this one was in progress, or was still in
 * progress with it at the end.
 * status is the final status, or SW_STATUS_INPROGRESS for a test still in
 * progress at the end of the stream.  start is the first timestamp of the
 * test's events before the final one, end the final event's.
 */
struct view_done {
	struct sw_str id;
	struct sw_str route;       /* ptr NULL: no route code */
	struct sw_str parent;
	bool had_subtests;
	enum sw_status status;
	bool has_start;
	bool has_end;
	uint32_t start_sec;
	uint32_t start_nsec;
	uint32_t end_sec;
	uint32_t end_nsec;
	const struct view_file *files; /* in order of first arrival */
};

/* Returns 0, or a negative errno that view_event/view_finish pass on. */
typedef int (*view_report_fn)(void *ctx, const struct view_done *d);

struct view_counts {
	uint64_t passed;
	uint64_t failed;
	uint64_t skipped;
};

/*
 * A new view writing to out (which must outlive it); stats_only selects
 * stats mode.  In stats mode out may be NULL: nothing is printed, the
 * view only counts and reports (subunit-view --format text --junit, whose
 * text view_live.h draws).  NULL on ENOMEM.
 */
struct view *view_new(FILE *out, bool stats_only);

/* Hand every finished test to fn(ctx, ...) (see above).  Call first. */
void view_set_report(struct view *v, view_report_fn fn, void *ctx);

/*
 * True if f is shown as text: a text/... mime type, or no mime type and
 * valid UTF-8 (the spec's default is application/octet-stream, but many
 * producers send text with no type).
 */
bool view_file_is_text(const struct view_file *f);

/* Account for one event, printing what it completes. */
int view_event(struct view *v, const struct sw_packet *ev);

/*
 * End of stream: report every test still in progress as incomplete, in
 * the order they started, and print the closing line.  Call once.
 * Returns 0, -ENOMEM or the report callback's error.
 */
int view_finish(struct view *v);

/* The counts so far. */
void view_get_counts(const struct view *v, struct view_counts *c);

/* Free the view and every test it still holds (NULL is fine). */
void view_free(struct view *v);

#endif

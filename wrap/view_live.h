/*
 * view_live: the live human view of a subunit v2 stream, the one renderer
 * of subunit-view --format text and subunit-wrap --format text (each
 * command's default when its standard output is a terminal).
 *
 * Feed it every decoded event (struct sw_packet, as view_state takes
 * them), call live_tick() whenever live_next_ms() milliseconds have passed
 * without an event (so the clocks move while a test hangs), and
 * live_finish() once at the end.
 *
 * On a terminal (opts tty), the bottom line is a progress line redrawn in
 * place ('\r', then ESC [K to erase what is left of the old one; spaces
 * instead when opts ansi is off):
 *
 *	12/40 done | 10 passed, 1 failed, 1 skipped | 4.2s | running ID (2.0s)
 *
 * done counts final statuses; "/40" appears when `exists` packets announced
 * tests (the total is their number; it is left out once done passes it:
 * TAP plans and assertions never reach a stream as `exists`).  The counts
 * are view_state's: passed = success + xfail, failed = fail + uxsuccess
 * (+ incomplete at the end), skipped = skip.  Elapsed time is since
 * live_new().  "running" names the test in progress that started first
 * among the runnable ones (any test in progress when none is runnable: a
 * TAP program is runnable, its assertions are not), with how long since
 * its first event arrived, and how many other runnable tests are in
 * progress ("(2.0s, +1 more)").  The line is redrawn on every change
 * but at most every LIVE_TICK_MS (a change within that time is drawn by
 * the next live_tick()), and cut to the terminal's width (TIOCGWINSZ on
 * out's fd at each draw, 80 columns if unknown) less one column: the
 * running id loses its beginning first ("...xtures/hang.sh"), then the
 * line its end.
 *
 * Everything else is printed above the progress line (which is erased
 * first and drawn again by the next draw), as it happens:
 *
 *  - each failure (fail, uxsuccess), when its final status arrives:
 *
 *	FAIL ID [route R] (D.DDDs)
 *	  reason: planned 2 tests but ran 1; timed out after 2 s
 *	  stderr (last 10 of 52 lines):
 *	    line
 *
 *    The word is FAIL or UXSUCCESS; route and duration as in the trace
 *    (view_state.h).  Its attachments come in order of arrival, "reason"
 *    first; an attachment of one line is shown on its header line.
 *    "NAME.2", "NAME.3"... (subunit-wrap's continuations) continue NAME.
 *    Of each text attachment only the last LIVE_TAIL_LINES lines are
 *    kept (and at most LIVE_TAIL_BYTES bytes: then the header says
 *    "(last 4096 bytes of N, N lines)" and the line cut at its start
 *    shows "..."), except "crash" (subunit-wrap's crash report: the
 *    signal and the innermost frames come first), whose first
 *    LIVE_TAIL_LINES lines are kept; the header says how many lines there
 *    were.  Control characters but tab are shown as \xNN (a CR before a
 *    newline is dropped).  An attachment with a mime type other than
 *    text/..., or none and bytes that are not UTF-8, is only named:
 *    "core: 4096 bytes, application/octet-stream".
 *  - text that belongs to no test (a program's output between tests, a
 *    decoder's non-packet bytes: untied "stdout" and "stderr" files), a
 *    whole line at a time (a line is held until its newline, at most
 *    LIVE_PENDING_MAX bytes), escaped as attachments are;
 *  - other untied files (subunit-wrap --attach): "attached NAME: N bytes"
 *    at their eof chunk;
 *  - with opts list (subunit-wrap --list): every `exists` id, one a line.
 *
 * live_finish() then prints every test still in progress, oldest first,
 * as a failure with the word INCOMPLETE, then, if tests failed,
 *
 *	failed:
 *	  ID [route R]                  (the first LIVE_FAILED_MAX,
 *	  ... and N more                 in stream order)
 *
 * and the closing line "N passed, N failed, N skipped in 4.215s" (the
 * time from the stream's first timestamp to its last, or the time since
 * live_new() when the stream has none; "3m05s" from a minute on); in list
 * mode with no results,
 * "N tests listed".  Ids are escaped as in the trace (\n, \t, \r, \xNN).
 *
 * Elsewhere (not opts tty: a pipe, a file) there is no progress line and
 * the rest is the same.  Colour (opts color): FAIL words and a non-zero
 * failed count red, passed green, skipped yellow, the running id bold,
 * untied text dim.  live_opts_for() decides all of this for an fd.
 *
 * Memory: per test in progress, at most LIVE_TAIL_BYTES of each of its
 * attachments; the ids of at most LIVE_FAILED_MAX failures; one pending
 * line.  Nothing grows with the length of the stream.
 *
 * Errors: live_event() and live_finish() return 0 or -ENOMEM (the event
 * was not taken).  Output errors are left in the FILE's error flag.  Not
 * thread-safe: one caller at a time.
 */
#ifndef VIEW_LIVE_H
#define VIEW_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sw_packet.h"

/* Redraws of the progress line are at least this far apart. */
#define LIVE_TICK_MS 100
/* Lines of each attachment a failure shows. */
#define LIVE_TAIL_LINES 10
/* Bytes of each attachment kept (long lines are cut at their start). */
#define LIVE_TAIL_BYTES 4096
/* Failed ids the closing summary names. */
#define LIVE_FAILED_MAX 20
/* An untied line longer than this is printed before its newline. */
#define LIVE_PENDING_MAX 4096

struct live;

struct live_opts {
	bool tty;       /* a progress line, redrawn in place */
	bool ansi;      /* erase with ESC [K (else spaces) */
	bool color;     /* SGR colours (needs ansi) */
	bool list;      /* print every `exists` id */
};

struct live_counts {
	uint64_t passed;
	uint64_t failed;
	uint64_t skipped;
};

/*
 * The options for output on fd: tty when isatty(fd); ansi when also TERM
 * is set and not "dumb"; color when also NO_COLOR is unset or empty
 * (https://no-color.org).  list is false.
 */
void live_opts_for(int fd, struct live_opts *o);

/* A new view writing to out (which must outlive it).  NULL on ENOMEM. */
struct live *live_new(FILE *out, const struct live_opts *o);

/* Account for one event, printing what it completes. */
int live_event(struct live *l, const struct sw_packet *ev);

/*
 * Milliseconds until the progress line is due for a redraw (1 to
 * LIVE_TICK_MS; LIVE_TICK_MS when not on a terminal): the longest a
 * caller may wait for input before calling live_tick().
 */
int live_next_ms(const struct live *l);

/* Redraw the progress line if it is due, and flush the output. */
void live_tick(struct live *l);

/*
 * Erase the progress line and flush, so that something else (a warning on
 * stderr) can be written to the terminal; the next live_tick() draws it
 * again.
 */
void live_clear(struct live *l);

/*
 * End of stream: the tests still in progress, the list of failures and
 * the closing line (see above).  Call once.  0 or -ENOMEM.
 */
int live_finish(struct live *l);

/* The counts so far. */
void live_get_counts(const struct live *l, struct live_counts *c);

/* Free the view and every test it still holds (NULL is fine). */
void live_free(struct live *l);

#endif

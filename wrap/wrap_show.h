/*
 * wrap_show: subunit-wrap --format text, the live view on standard output
 * (the default when it is a terminal).
 *
 * The run writes its subunit v2 stream exactly as in --format v2, only
 * into a pipe instead of standard output: show_fd() is the fd to give
 * emit_out_new() and run_config.out_fd, so the emitter and the run loop do
 * not change.  A thread reads the other end, decodes it (sw_dec.h) and
 * hands the events to the live view (view_live.h), which draws on out.
 * The thread waits for the pipe at most until the progress line is due
 * (live_next_ms), so its clocks move while a test hangs and the run loop
 * sleeps in poll(2) until its own next deadline.
 *
 * The run loop owns the process's signals (wrap_run.h: SIGCHLD, SIGTERM,
 * SIGINT, SIGHUP, read from a signalfd, which only works if no thread
 * takes them): the thread blocks every signal, for its whole life.  It
 * neither forks nor waits.  Both ends of the pipe are close-on-exec, so
 * the programs never hold them.
 *
 * When out fails (the terminal went away, the reader of a text pipe
 * left), the thread stops drawing and closes its end of the pipe: the run
 * then sees EPIPE, as if the reader of standard output had gone (exit
 * 141), and show_finish() returns the error.
 *
 * Anything else written to the terminal while the view runs (the
 * wrapper's warnings on stderr) goes between show_hold() and
 * show_release(): the progress line is erased first and drawn again
 * afterwards, and the thread does not draw in between.
 *
 * Errors: negative errno.  Only the view prints (on out).
 */
#ifndef WRAP_SHOW_H
#define WRAP_SHOW_H

#include <stdio.h>

#include "view_live.h"

struct show;

/*
 * Start the view on out with options o (view_live.h): the pipe and the
 * thread.  0 or -errno (nothing started).
 */
int show_start(FILE *out, const struct live_opts *o, struct show **sp);

/* The fd the stream goes to (the pipe's write end; show_finish closes it). */
int show_fd(const struct show *s);

/* Erase the progress line and keep the thread from drawing... */
void show_hold(struct show *s);

/* ...until this (the line is drawn again at the next tick). */
void show_release(struct show *s);

/*
 * End of the stream: close the write end, let the view read what is left
 * and print its summary (view_live.h), wait for the thread, free s.
 * Returns 0, -ENOMEM, or the error writing out (-EPIPE when its reader
 * went away).
 */
int show_finish(struct show *s);

#endif

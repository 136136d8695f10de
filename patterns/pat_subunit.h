/*
 * pat_subunit: the classifier for programs whose stdout is itself a
 * subunit v2 stream (another subunit-wrap: nested runs, the seed design's
 * supervisor -> worker -> test tree; or any v2 producer).
 *
 * The program's stdout is not classified at all: the caller forwards it
 * packet by packet (ops->forward_stdout; wrap/wrap_fwd.h: route codes
 * prefixed, tests left in progress failed).  This plug-in sees only
 * stderr, which is chatter tied to no test (PAT_BYTES at level 0 with no
 * test open), and gives the run's verdict: success when the producer
 * exited 0, otherwise fail with pat_exit_describe's words ("exit status
 * 3", "killed by signal SIGSEGV", "timed out after N s"), which the
 * caller reports as the program's non-runnable entry.  The program is
 * never a test itself (whole_program is false) and cannot be listed or
 * selected from here: list and select at the top of the tree.
 *
 * options: ignored.  Environment: none set or cleared.
 */
#ifndef PAT_SUBUNIT_H
#define PAT_SUBUNIT_H

#include "pat.h"

extern const struct pat_ops pat_subunit_ops;

#endif

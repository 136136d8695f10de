/*
 * wrap_fwd: forwarding a subunit v2 stream that a program writes on its
 * stdout (another subunit-wrap: the seed design's supervisor -> worker ->
 * test tree; or any v2 producer, --pattern subunit).
 *
 * Workload assumed: streams of any length (millions of packets), read in
 * pipe-sized chunks; the decoder (lib/sw_dec.h) parses in place, so each
 * packet costs a decode and an encode, no copy of the stream, and memory
 * is bounded by the decoder's plus one entry per test in progress.
 *
 * Each packet is written again, whole and as it came, except:
 *   - its route code gets ours in front: none -> ours, "1" -> "OURS/1"
 *     (the prefixing testr applies to its workers), so nested runs stay
 *     apart; without a route of our own it is unchanged;
 *   - bytes that are not packets (chatter on the stream) become untied
 *     "stdout" text attachments (never results);
 *   - a damaged packet becomes python-subunit's "subunit.parser" pair,
 *     as the decoder reports it.
 * Tests the stream leaves in progress when it ends (its producer crashed
 * or was stopped) get a final `fail` with a reason, so every test that
 * started has a verdict (DESIGN.md invariant 4).
 *
 * Error convention: 0 or a negative errno (-ENOMEM); nothing prints.
 */
#ifndef WRAP_FWD_H
#define WRAP_FWD_H

#include <stddef.h>

#include "wrap_emit.h"

struct fwd;

/* A forwarder into out with our route code (NULL: none).  NULL: ENOMEM. */
struct fwd *fwd_new(struct emit_out *out, const char *route);

/* The next bytes of the stream. */
int fwd_feed(struct fwd *f, const void *buf, size_t len);

/*
 * The stream ended: decide what is pending, then fail every test still
 * in progress with reason (e.g. "the stream ended before its result:
 * killed by signal SIGSEGV").  Returns how many were failed, or -ENOMEM.
 */
int fwd_finish(struct fwd *f, const char *reason);

/* Packets forwarded so far (a program that wrote none is suspicious). */
unsigned long fwd_packets(const struct fwd *f);

void fwd_free(struct fwd *f);

#endif

/*
 * wrap_emit: turns classifier events (patterns/pat.h) into subunit v2
 * packets, and owns the rules for test ids, timestamps and attachments.
 *
 * One `struct emit_out` per output fd collects packets in a buffer that
 * the caller flushes (emit_out_flush) after each batch of input, so
 * several programs (--each -j N) share one stream and every packet is
 * written whole.  One `struct emit` per running program keeps its stack
 * of open tests:
 *
 *   level 0   the runnable test: the program id in whole-program mode
 *             (opened by the caller), or a framework test (opened by the
 *             plug-in); with an id prefix ("PROGRAM::") when given
 *   level n   subtests, id "PARENT (LABEL)", labels escaped (control
 *             characters and bytes that are not UTF-8 as \xNN, \n, \t...)
 *             and trimmed (plug-ins keep the labels of one parent's
 *             children unique, see pat.h, so every id is unique)
 *
 * Packets: `inprogress` when a test opens, its chatter as `stdout` /
 * `stderr` file packets (text/plain;charset=utf8) tied to the owning test
 * (or untied when no test is open), each named attachment of a test kept
 * below 4 MiB by continuing in "stdout.2", "stdout.3", ...; a `reason`
 * attachment when a close carries one; then the final status.  Every
 * packet carries the time of the call and the emitter's route code.
 * Subtests are not runnable; level 0 is.
 *
 * Deferred labels (PAT_OPEN without a label): everything for that test
 * and its children is held, with its timestamps, until emit_name(); held
 * bytes above 1 MiB make the test take its position as label ("subtest
 * N") so memory stays bounded.
 *
 * Errors: negative errno (-ENOMEM; -EPIPE or another write error from
 * emit_out_flush).  Nothing here prints.
 */
#ifndef WRAP_EMIT_H
#define WRAP_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "pat.h"
#include "sw_packet.h"

struct emit_out;
struct emit;

/*
 * Bytes of one named attachment of a test before it continues in
 * "NAME.2": below the 4 MiB testr/stestr can store.
 */
#define EMIT_PART_MAX 4000000u

/* Options of every emitter writing to one emit_out. */
struct emit_opts {
	/*
	 * --parent-ids: subtest packets carry their parent's id in the
	 * opt-in parent field (lib/sw_packet.h, flag 0x0008).
	 */
	bool parent_ids;
	/*
	 * --max-attachment: 0 keeps everything (the default: lossless).
	 * Otherwise each test keeps at most this many chatter bytes per
	 * stream: the first half as it comes, the last half (a ring,
	 * max/2 bytes of memory per open test and stream) when the test
	 * closes, after a line "[subunit-wrap: N bytes cut by
	 * --max-attachment]".  For consumers that cannot store big
	 * attachments; untied bytes are never cut.
	 */
	size_t max_attachment;
};

/* A packet sink writing to fd.  NULL on ENOMEM. */
struct emit_out *emit_out_new(int fd);

/*
 * Write every buffered packet (looping over short writes, retrying
 * EINTR).  Returns 0 or -errno (-EPIPE when the consumer has gone).
 */
int emit_out_flush(struct emit_out *o);

/* Bytes buffered and not yet flushed. */
size_t emit_out_pending(const struct emit_out *o);

void emit_out_free(struct emit_out *o);

/*
 * The time of what is emitted next, until called again with NULL (back to
 * the clock, read once per flush batch): the time the program wrote the
 * bytes being classified, when the preload shim says (lib/sw_side.h).
 */
void emit_out_set_time(struct emit_out *o, const struct timespec *ts);

/* Set the options (copied) for every emitter of o; before any packet. */
void emit_out_set_opts(struct emit_out *o, const struct emit_opts *opts);

/*
 * Append a packet as it is (a forwarded stream, wrap_fwd.h): no id rules,
 * no timestamp of ours.  0 or a negative errno as sw_enc_append (-EINVAL
 * for a string the encoder refuses, which a decoded packet never has).
 */
int emit_out_packet(struct emit_out *o, const struct sw_packet *p);

/*
 * An emitter for one program writing to o.  route_code (e.g. "0", or NULL
 * for none) goes on every packet; id_prefix (e.g. "prog::", or NULL) is
 * put before level-0 ids the plug-in names.  Strings are copied.
 */
struct emit *emit_new(struct emit_out *o, const char *route_code,
    const char *id_prefix);

/*
 * Open a test under the innermost open one (level 0 if none): packets
 * "inprogress".  label.ptr == NULL defers the label (see above).  At
 * level 0, label is the whole id (the program id), not escaped further
 * than the escaping rules.
 */
int emit_open(struct emit *e, struct sw_str label, bool runnable);

/* Name the innermost open test, whose label was deferred. */
int emit_name(struct emit *e, struct sw_str label);

/*
 * Close the innermost open test with status; reason (NUL-terminated, may
 * be NULL or "") becomes its `reason` attachment first.
 */
int emit_close(struct emit *e, enum sw_status status, const char *reason);

/*
 * For a wrapper that ran out of memory: write what is pending, then give
 * every open test, innermost first, `status` and its `reason` attachment,
 * without allocating: each packet is encoded on the stack and written
 * straight to the output (a test whose id leaves no room for the reason
 * gets only its status; held events are dropped).  The emitter is done
 * after it: free it.  0 or a negative errno of write (stop there).
 */
int emit_last_rites(struct emit *e, enum sw_status status,
    const char *reason);

/* Close every open test, innermost first, with the same status/reason. */
int emit_close_all(struct emit *e, enum sw_status status,
    const char *reason);

/*
 * Chatter the program wrote on fd (1 stdout, 2 stderr), owned by the open
 * test at `level` (PAT_INNERMOST: the innermost; a level beyond the stack
 * means the innermost; no open test: untied).  Chunked as needed.
 */
int emit_bytes(struct emit *e, unsigned level, int fd, const void *bytes,
    size_t len);

/*
 * A text attachment called name (a crash report) for the runnable test
 * (level 0: the program, or the framework test that was running; none
 * open: untied), in one packet; bytes beyond one chunk are cut.  Level 0
 * because a crash fails the runnable test, whatever subtest a plug-in
 * still holds open (TAP keeps an assertion open for its diagnostics).
 * Unlike emit_bytes it is not chatter: not held for a deferred label, not
 * in emit_tail.
 */
int emit_attach(struct emit *e, const char *name, const void *bytes,
    size_t len);

/*
 * An untied file attachment (no test id): bytes of a file the run
 * produced (--attach), chunked below the packet limit; eof marks the
 * file's last call.
 */
int emit_file(struct emit *e, const char *name, const char *mime,
    const void *bytes, size_t len, bool eof);

/* An `exists` packet for a runnable test id (for --list). */
int emit_exists(struct emit *e, struct sw_str id);

/* Number of open tests. */
unsigned emit_depth(const struct emit *e);

/*
 * The last bytes of chatter seen (at most cap - 1, NUL-terminated, invalid
 * UTF-8 kept as is): for "the tail of its output" in crash reasons.
 */
size_t emit_tail(const struct emit *e, char *buf, size_t cap);

/* A pat_emit_fn: ctx is a struct emit *.  Maps each event to the above. */
int emit_pat_event(void *ctx, const struct pat_event *ev);

/* Free (NULL is fine).  Open tests are dropped without packets. */
void emit_free(struct emit *e);

#endif

/*
 * sw_dec: streaming subunit v2 decoder.
 *
 * Workload assumed: a consumer (the viewer, the wrapper forwarding a nested
 * stream) reads a pipe in chunks of any size and sees mostly well-formed
 * packets of tens of bytes (200,000 of them decode in milliseconds), with
 * runs of plain text between them and, rarely, damage.  So the fast path is
 * zero-copy: packets are parsed in place in the caller's chunk and handed
 * out pointing into it; only an unfinished tail is copied and kept.
 *
 * Events (struct sw_packet) are delivered through a callback, in stream
 * order, exactly as python-subunit's ByteStreamToStreamResult would report
 * them, with these deliberate differences (each keeps good data that
 * python would lose, see ../shared/research/subunit.md §2):
 *
 *  - Text: bytes that are not a packet become events with no test id,
 *    file_name "stdout", runnable set, no mime type, no eof.  Text is cut
 *    into events only at packet boundaries, every SW_DEC_TEXT_MAX bytes, on
 *    sw_dec_flush() and at sw_dec_finish(), so feeding a stream one byte at
 *    a time gives the same events as feeding it whole.
 *  - Damage: a signature byte (0xB3) that does not start a valid packet
 *    (length prefix of 4 bytes, length below SW_PACKET_MIN, bad CRC, stream
 *    ends first) costs only that byte: scanning resumes at the next byte,
 *    so good packets inside a bogus claimed length are still found.  If the
 *    candidate looks like a packet (version nibble 2, not in the middle of
 *    a UTF-8 character of the text before it) python-subunit's pair of
 *    events is reported first: test id "subunit.parser", eof, file
 *    "Packet data" (application/octet-stream) holding the one byte, then
 *    status fail with file "Parser Error" (text/plain;charset=utf8) holding
 *    the reason.  Otherwise the byte is simply text.
 *  - A packet whose CRC is good but whose fields are malformed (a flag
 *    announcing a field with no bytes, a length past the end, NUL or
 *    invalid UTF-8 in a string) is reported as the same pair, with the
 *    whole packet as "Packet data", and consumed whole.  python-subunit
 *    crashes on some of these.
 *  - Version: only a signature followed by a version nibble of 2 can start
 *    a packet.  The spec says other versions "cannot be read"; python reads
 *    them anyway.  Here their bytes stay text, so nothing is lost.
 *  - Non-minimal Numbers and trailing bytes before the CRC are accepted, as
 *    python does.  Bit 0x0008 (the parent-id extension) is read as a string
 *    after the route code when bytes remain before the CRC; when none do,
 *    or they do not form a valid string, the packet has no parent.
 *
 * So every input byte is accounted for exactly once: in a text event, in a
 * decoded packet, or in a "Packet data" attachment.
 *
 * Memory: at most SW_DEC_TEXT_MAX + SW_PACKET_MAX + a read chunk per
 * decoder, whatever the stream.
 */
#ifndef SW_DEC_H
#define SW_DEC_H

#include <stddef.h>
#include <stdint.h>

#include "sw_packet.h"

#define SW_DEC_TEXT_MAX 65536u
#define SW_DEC_PARSER_ID "subunit.parser"

struct sw_dec;

/*
 * Called once per event.  *ev and everything it points to are valid only
 * during the call.  Return 0 to go on; any other value stops the current
 * sw_dec_feed/flush/finish, which returns it (the decoder stays usable; the
 * event that stopped it is not repeated, and a parser-error pair is
 * delivered whole).  All the bytes of that call have been taken: the
 * remaining events come with the next feed (sw_dec_feed(d, NULL, 0)
 * resumes without new bytes), flush or finish.
 */
typedef int (*sw_dec_cb)(void *ctx, const struct sw_packet *ev);

struct sw_dec_stats {
	uint64_t packets;      /* good packets decoded */
	uint64_t errors;       /* parser-error pairs reported */
	uint64_t text_bytes;   /* bytes delivered as text */
	uint64_t text_events;
};

/* A new decoder delivering events to cb(ctx, ...).  NULL on ENOMEM. */
struct sw_dec *sw_dec_new(sw_dec_cb cb, void *ctx);

/*
 * Decode len more bytes of the stream.  Returns 0, the callback's non-zero
 * value, or -ENOMEM (the bytes were not taken; the decoder is unchanged).
 */
int sw_dec_feed(struct sw_dec *d, const void *buf, size_t len);

/*
 * Deliver pending text now (for a live consumer whose input went quiet).
 * A packet whose bytes have not all arrived stays pending.  Returns as
 * sw_dec_feed.  Note: calling it changes where text events are cut.
 */
int sw_dec_flush(struct sw_dec *d);

/*
 * End of stream: decide everything still pending (an unfinished packet
 * becomes a "Short read" error), deliver it.  Returns as sw_dec_feed.
 * The decoder may be fed again afterwards as a new stream.
 */
int sw_dec_finish(struct sw_dec *d);

/* Counters since sw_dec_new. */
void sw_dec_get_stats(const struct sw_dec *d, struct sw_dec_stats *out);

/* Free the decoder (NULL is fine).  Pending bytes are dropped. */
void sw_dec_free(struct sw_dec *d);

#endif

/*
 * sw_enc: subunit v2 encoder, byte-compatible with python-subunit 1.4's
 * StreamResultToBytes.
 *
 * Workload assumed: the wrapper encodes one packet per test event and one
 * per chunk of captured output, up to millions per run (a 1,000,000-line
 * TAP flood), so encoding is a single pass into caller memory with no
 * allocation: sw_enc_size() tells the size, sw_enc_packet() writes it.
 *
 * Fields are written in the order the spec gives (timestamp, test id, tags,
 * mime, file, route code, then the parent-id extension), Numbers in their
 * shortest form, the whole-packet length in the shortest form that fits,
 * and the CRC-32 (zlib) of everything before it, big-endian.
 *
 * Unlike python's encoder this one refuses to write a packet that a
 * decoder would reject: every string must be valid UTF-8 without NUL,
 * nanoseconds must be below 10^9, and the packet must fit SW_PACKET_MAX.
 */
#ifndef SW_ENC_H
#define SW_ENC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sw_buf.h"
#include "sw_crc.h"
#include "sw_packet.h"

/*
 * Largest file content that fits in one packet next to the given fields
 * (everything in *p except the file bytes), or a negative errno as
 * sw_enc_size() returns.  Use it to chunk attachments.
 */
ssize_t sw_enc_file_room(const struct sw_packet *p);

/*
 * Write value as a subunit Number into out (at least 4 bytes).
 * Returns the bytes written (1..4), or -ERANGE if value > SW_NUMBER_MAX.
 */
int sw_enc_number(uint32_t value, uint8_t *out);

/*
 * Size in bytes of the encoded packet, or a negative errno:
 *   -EINVAL   a string is not valid UTF-8 or holds NUL, ts_nsec >= 10^9,
 *             status > 7, or file_len > 0 with file_bytes == NULL
 *   -EMSGSIZE the packet would exceed SW_PACKET_MAX
 */
ssize_t sw_enc_size(const struct sw_packet *p);

/*
 * Encode *p into out (cap bytes).  Returns the packet length, or a negative
 * errno as sw_enc_size(), or -ENOBUFS if cap is too small.  out is not
 * written on error.
 */
ssize_t sw_enc_packet(const struct sw_packet *p, uint8_t *out, size_t cap);

/*
 * Scatter form, for a sender that must not copy a large file content (the
 * preload shim sends the program's bytes straight from its buffer): write
 * everything of *p that comes before the file content into head (cap
 * bytes) and return its length; the packet is then head, the p->file_len
 * content bytes, and the 4-byte big-endian CRC-32 of head and content
 * (zlib: crc32(crc32(0, head, n), content, len)), which sw_enc_tail() writes.
 * p->file_bytes is not read.  Only for packets with a file and no route
 * code or parent (those fields follow the content): -EINVAL otherwise, or
 * the errors of sw_enc_size(), or -ENOBUFS.  Allocates nothing, takes no
 * lock: safe in a signal handler.
 */
ssize_t sw_enc_head(const struct sw_packet *p, uint8_t *head, size_t cap);

/* Write crc big-endian into out[0..3] (the end of a scattered packet). */
void sw_enc_tail(uint32_t crc, uint8_t out[4]);

/*
 * Append the encoded packet to *b, growing it.  Returns the packet length
 * or a negative errno (as sw_enc_packet, or -ENOMEM).  *b is unchanged on
 * error.
 */
ssize_t sw_enc_append(const struct sw_packet *p, struct sw_buf *b);

/*
 * sw_enc_append with a CRC memo (see sw_crc.h), for a writer of many small
 * packets: the same bytes, less CRC work when a packet differs from the
 * one before it only in its flags (a status after its inprogress).  memo
 * may be NULL.  Same returns as sw_enc_append.
 */
ssize_t sw_enc_append_memo(const struct sw_packet *p, struct sw_buf *b,
    struct sw_crc_memo *memo);

/*
 * Append a copy of the packet already encoded at b->data[off..off+len)
 * with its status field set to `status`, everything else unchanged (a
 * test's final status after its inprogress packet, at the same time).
 * The CRC comes from the copied packet's own CRC through the memo (see
 * sw_crc_memo_reflag; memo may be NULL), so the packet must be one this
 * encoder wrote and nobody changed since: only its signature, version and
 * length field are checked.  Returns the packet length, or -EINVAL
 * (range outside b, not a v2 packet, status > 7) or -ENOMEM; *b is
 * unchanged on error.
 */
ssize_t sw_enc_append_restatus(struct sw_buf *b, size_t off, size_t len,
    enum sw_status status, struct sw_crc_memo *memo);

/*
 * Append a copy of the packet already encoded at b->data[off..off+len)
 * with its test id replaced by `id` and its status set to `status`,
 * everything else unchanged (the next sibling test's inprogress packet,
 * at the same time).  The new id must be as long as the old one, so that
 * nothing moves, and valid UTF-8 without NUL: the caller vouches for it,
 * as with ids_checked.  The CRC comes from the copied packet's own CRC and
 * the bytes that changed (sw_crc_memo_reflag, sw_crc_memo_respan; memo
 * may be NULL), so, as for restatus, the packet must be one this encoder
 * wrote and nobody changed since.  Returns the packet length, -EMSGSIZE if the ids' lengths differ
 * (encode the packet instead), -EINVAL (range outside b, not a v2 packet
 * with a test id, status > 7) or -ENOMEM; *b is unchanged on error.
 */
ssize_t sw_enc_append_reid(struct sw_buf *b, size_t off, size_t len,
    struct sw_str id, enum sw_status status, struct sw_crc_memo *memo);

/*
 * Append a whole attachment as as many packets as needed, each at most
 * max_packet bytes (0 means SW_PACKET_MAX; values above it are clamped).
 * *p gives the fields and the file (file_name, file_bytes, file_len); the
 * first chunk carries p's timestamp, and every chunk carries its id, route,
 * parent, tags, mime and runnable flag.  Only the last chunk carries p's
 * status and eof flag (so "bytes then final status" stays in order), and
 * an empty file still gives one packet.  Returns the number of packets
 * appended or a negative errno; *b is unchanged on error.
 */
ssize_t sw_enc_append_chunked(const struct sw_packet *p, size_t max_packet,
    struct sw_buf *b);

#endif

/*
 * sw_packet: one subunit v2 packet (an "event"), as the encoder takes it and
 * the decoder hands it out.
 *
 * A packet says "at time T, test X (on route R, tagged ...) has status S",
 * optionally carrying one chunk of one named file attachment.  Every field
 * but the flags is optional; absence is part of the data (python-subunit
 * distinguishes a missing test id from an empty one), so strings are
 * (pointer, length) pairs where ptr == NULL means "absent".
 *
 * Ownership: a struct sw_packet never owns what it points to.  Packets built
 * by callers point into the caller's memory; packets handed out by the
 * decoder point into the decoder's buffer and are valid only for the
 * duration of the callback.
 *
 * Wire facts (see ../shared/research/subunit.md): flags are 16 bits,
 * version nibble 0x2, bit 0x0008 is "reserved" in v2 and is used here for
 * the opt-in parent-test-id extension (python-subunit 1.4 ignores the bit
 * and any bytes between the last field it knows and the CRC).
 */
#ifndef SW_PACKET_H
#define SW_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest whole packet (signature to CRC) the format allows. */
#define SW_PACKET_MAX 4194303u
/* Smallest possible packet: signature, flags, 1-byte length, CRC. */
#define SW_PACKET_MIN 8u
/* Largest value a Number can hold (2^30 - 1). */
#define SW_NUMBER_MAX 1073741823u
#define SW_SIGNATURE 0xB3u

/* Flag bits, in the order the fields appear on the wire. */
#define SW_FLAG_VERSION_MASK 0xF000u
#define SW_FLAG_VERSION2 0x2000u
#define SW_FLAG_TEST_ID 0x0800u
#define SW_FLAG_ROUTE 0x0400u
#define SW_FLAG_TIMESTAMP 0x0200u
#define SW_FLAG_RUNNABLE 0x0100u
#define SW_FLAG_TAGS 0x0080u
#define SW_FLAG_FILE 0x0040u
#define SW_FLAG_MIME 0x0020u
#define SW_FLAG_EOF 0x0010u
#define SW_FLAG_PARENT 0x0008u /* extension: parent test id after route */
#define SW_FLAG_STATUS_MASK 0x0007u

/* X-macro: status value, enum name, python-subunit name. */
#define SW_STATUS_MAP(XX)                                                     \
	XX(0, SW_STATUS_NONE, "")                                             \
	XX(1, SW_STATUS_EXISTS, "exists")                                     \
	XX(2, SW_STATUS_INPROGRESS, "inprogress")                             \
	XX(3, SW_STATUS_SUCCESS, "success")                                   \
	XX(4, SW_STATUS_UXSUCCESS, "uxsuccess")                               \
	XX(5, SW_STATUS_SKIP, "skip")                                         \
	XX(6, SW_STATUS_FAIL, "fail")                                         \
	XX(7, SW_STATUS_XFAIL, "xfail")

enum sw_status {
#define SW_STATUS_ENUM(val, name, str) name = val,
	SW_STATUS_MAP(SW_STATUS_ENUM)
#undef SW_STATUS_ENUM
};

/* A byte string; ptr == NULL means the field is absent. */
struct sw_str {
	const char *ptr;
	size_t len;
};

struct sw_packet {
	enum sw_status status;   /* 0..7 */
	bool runnable;           /* python's default for new packets: true */
	bool eof;                /* last chunk of the file (may be set alone) */
	bool has_timestamp;
	uint32_t ts_sec;         /* seconds since the Unix epoch, UTC */
	uint32_t ts_nsec;        /* 0..999999999 when encoding */
	struct sw_str test_id;
	struct sw_str route_code;
	struct sw_str parent_id; /* extension, flag 0x0008; see above */
	const struct sw_str *tags; /* ntags entries; encoded only if ntags > 0 */
	size_t ntags;
	bool has_tags;           /* decoder: the tags flag was set (ntags may be 0) */
	/*
	 * Encoder: the caller vouches that test_id, route_code and parent_id
	 * are valid UTF-8 without NUL (made by sw_utf8_escape, or checked
	 * once before), so sw_enc does not scan them again for every packet
	 * of the same test.  Other strings are always checked.  false after
	 * sw_packet_init; never set by the decoder.
	 */
	bool ids_checked;
	struct sw_str mime_type; /* encoded only if present and non-empty */
	struct sw_str file_name; /* file present iff file_name.ptr != NULL */
	const uint8_t *file_bytes; /* file_len bytes; may be NULL if 0 */
	size_t file_len;
	uint16_t flags;          /* decoder: the raw flags; encoder ignores it */
};

/*
 * Reset *p to python-subunit's defaults: status none, runnable, every
 * optional field absent.  Never fails.
 */
void sw_packet_init(struct sw_packet *p);

/* A NUL-terminated C string as a present sw_str (NULL gives an absent one). */
struct sw_str sw_str_c(const char *s);

/*
 * python-subunit's name for a status ("success", "fail", ...; "" for 0),
 * or NULL if status is outside 0..7.
 */
const char *sw_status_name(int status);

/*
 * The status whose python-subunit name is `name`, or -EINVAL if none
 * ("" maps to SW_STATUS_NONE).
 */
int sw_status_from_name(const char *name);

#endif

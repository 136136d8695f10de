/*
 * subunit-wrap.h: the public header of libsubunit-wrap, a subunit v2 codec
 * byte-compatible with python-subunit 1.4.
 *
 *   #include <subunit-wrap.h>        (cc $(pkg-config --cflags --libs subunit-wrap))
 *
 * Modules, each documented in its own header:
 *   sw_packet.h  the packet (event) struct, flags, status names
 *   sw_enc.h     encoder: sizes, packets, chunked attachments
 *   sw_dec.h     streaming decoder with resynchronisation
 *   sw_utf8.h    strict UTF-8 validation (what the decoder accepts)
 *   sw_buf.h     growable byte buffer
 *   sw_map.h     string-keyed hash map (used by the commands)
 *
 * Error convention: functions return 0 (or a size) on success and a
 * negative errno on failure; nothing in the library prints or exits.
 */
#ifndef SUBUNIT_WRAP_H
#define SUBUNIT_WRAP_H

#ifdef __cplusplus
extern "C" {
#endif

#include "sw_buf.h"
#include "sw_crc.h"
#include "sw_dec.h"
#include "sw_enc.h"
#include "sw_map.h"
#include "sw_packet.h"
#include "sw_utf8.h"

#ifdef __cplusplus
}
#endif

#endif

/*
 * wrap_attach: files the run produced (--attach GLOB), sent after every
 * program ended as untied attachments, so data that is not a test result
 * (coverage .gcda files, logs, core-dump summaries) reaches whoever reads
 * the stream, with the results (DESIGN.md: a supervisor collecting
 * coverage from every worker).
 *
 * Workload assumed: a handful of globs matching up to thousands of files
 * of any size.  Files are streamed: read and sent 1 MiB at a time, the
 * output flushed after each, so memory does not grow with file size.
 *
 * Each file is one attachment with no test id, named by its path as the
 * glob matched it (escaped as test ids are: control characters and bytes
 * that are not UTF-8 as \xNN), MIME type application/octet-stream,
 * continued in "NAME.2", "NAME.3"... every EMIT_PART_MAX bytes like
 * chatter (consumers cannot store 4 MiB in one attachment), closed by an
 * empty packet flagged eof (an empty file is just that packet).  Only
 * regular files are sent; a directory or special file matched is skipped
 * with a warning, as is a glob matching nothing or a file that cannot be
 * read.  Files are sent in glob order (sorted), globs in command-line
 * order; a file matched twice is sent twice.
 *
 * Error convention: 0 or a negative errno (-ENOMEM, or a write error of
 * the output such as -EPIPE); warnings go to the warn callback.
 */
#ifndef WRAP_ATTACH_H
#define WRAP_ATTACH_H

#include <stddef.h>

#include "wrap_emit.h"

/* Bytes read and sent at a time. */
#define ATTACH_READ_CHUNK (1024 * 1024)

/*
 * Send every regular file matching the n globs (route code route, or
 * NULL) through out, flushing it as it goes.
 */
int attach_files(char *const *globs, size_t n, const char *route,
    struct emit_out *out, void (*warn)(const char *msg));

#endif

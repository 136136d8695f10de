/*
 * wrap_attach: --attach, files sent as untied attachments (see
 * wrap_attach.h for the rules).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sw_buf.h"
#include "sw_utf8.h"
#include "wrap_attach.h"

#define ATTACH_MIME "application/octet-stream"

static void
attach_warn(void (*warn)(const char *), const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(msg);
}

/*
 * The name of part `part` of a file's attachment: NAME, then NAME.2 ...
 * (each part below EMIT_PART_MAX, as chatter is).
 */
static const char *
attach_part_name(const char *name, unsigned part, char *buf, size_t cap)
{
	if (part <= 1)
		return name;
	snprintf(buf, cap, "%s.%u", name, part);
	return buf;
}

/* Read fd to the end, one attachment named name.  0 or -errno. */
static int
attach_stream(int fd, const char *path, const char *name, struct emit *e,
    struct emit_out *out, char *buf, void (*warn)(const char *))
{
	char pname[PATH_MAX + 32];
	size_t in_part = 0;
	unsigned part = 1;
	int rc;

	for (;;) {
		size_t want = EMIT_PART_MAX - in_part < ATTACH_READ_CHUNK ?
		    EMIT_PART_MAX - in_part : ATTACH_READ_CHUNK;
		ssize_t n = read(fd, buf, want);
		const char *pn;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			attach_warn(warn, "--attach: %s: %s", path,
			    strerror(errno));
		pn = attach_part_name(name, part, pname, sizeof(pname));
		/* The end (or a read error): close the attachment. */
		if (n <= 0)
			return emit_file(e, pn, ATTACH_MIME, "", 0, true);
		if ((rc = emit_file(e, pn, ATTACH_MIME, buf, (size_t)n,
		    false)) < 0 || (rc = emit_out_flush(out)) < 0)
			return rc;
		if ((in_part += (size_t)n) == EMIT_PART_MAX) {
			part++;
			in_part = 0;
		}
	}
}

/* One file: open it (regular files only) and send it.  0 or -errno. */
static int
attach_one(const char *path, struct emit *e, struct emit_out *out,
    char *buf, void (*warn)(const char *))
{
	struct sw_buf name = SW_BUF_INIT;
	struct stat st;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		attach_warn(warn, "--attach: %s: %s", path, strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		attach_warn(warn, "--attach: %s: not a regular file; skipped",
		    path);
		close(fd);
		return 0;
	}
	if ((rc = sw_utf8_escape(path, strlen(path), &name)) == 0 &&
	    (rc = sw_buf_append(&name, "", 1)) == 0)
		rc = attach_stream(fd, path, (const char *)name.data, e, out,
		    buf, warn);
	close(fd);
	sw_buf_free(&name);
	return rc;
}

int
attach_files(char *const *globs, size_t n, const char *route,
    struct emit_out *out, void (*warn)(const char *msg))
{
	struct emit *e = NULL;
	char *buf = NULL;
	int rc = 0;

	if (n == 0)
		return 0;
	if ((e = emit_new(out, route, NULL)) == NULL ||
	    (buf = malloc(ATTACH_READ_CHUNK)) == NULL) {
		emit_free(e);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		glob_t g;
		int grc = glob(globs[i], GLOB_ERR, NULL, &g);

		if (grc == GLOB_NOMATCH) {
			attach_warn(warn, "--attach: no file matches %s",
			    globs[i]);
			continue;
		}
		if (grc != 0) {
			attach_warn(warn, "--attach: %s: %s", globs[i],
			    grc == GLOB_NOSPACE ? "out of memory" :
			    "cannot read a directory");
			globfree(&g);
			continue;
		}
		for (size_t j = 0; j < g.gl_pathc && rc == 0; j++)
			rc = attach_one(g.gl_pathv[j], e, out, buf, warn);
		globfree(&g);
	}
	if (rc == 0)
		rc = emit_out_flush(out);
	free(buf);
	emit_free(e);
	return rc;
}

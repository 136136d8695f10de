/*
 * test_emit: the emitter's packets, decoded again with lib's decoder:
 * ids, statuses, attachment naming and the 4 MiB rollover, deferred
 * labels, escaping, route codes, exists, and write errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "t_events.h"
#include "wrap_emit.h"

/* An emitter writing into a pipe-less buffer we decode afterwards. */
struct rig {
	struct emit_out *out;
	struct emit *e;
	int fd;
	char path[64];
};

static void
rig_start(struct rig *g, const char *route, const char *prefix)
{
	snprintf(g->path, sizeof g->path, "/tmp/test_emit.XXXXXX");
	g->fd = mkstemp(g->path);
	g->out = emit_out_new(g->fd);
	g->e = emit_new(g->out, route, prefix);
}

/*
 * Flush, decode what was written, return the event lines, without the
 * timestamps (they change every run) unless keep_ts; caller frees.
 */
static char *
rig_decode(struct rig *g, bool keep_ts)
{
	struct t_rec r = T_REC_INIT;
	off_t size;
	char *buf, *out;
	size_t o = 0;

	T_EQ_INT(emit_out_flush(g->out), 0);
	size = lseek(g->fd, 0, SEEK_END);
	buf = malloc((size_t)size + 1);
	T_EQ_INT(pread(g->fd, buf, (size_t)size, 0), size);
	t_decode(&r, buf, (size_t)size, 0);
	free(buf);
	out = malloc(r.len + 1);
	for (size_t i = 0; r.out && i < r.len;) {
		if (!keep_ts && strncmp(r.out + i, " ts=", 4) == 0) {
			while (r.out[i] != ' ' || strncmp(r.out + i, " ts=", 4) == 0)
				i++;
			continue;
		}
		out[o++] = r.out[i++];
	}
	out[o] = 0;
	t_rec_free(&r);
	return out;
}

static char *
rig_events(struct rig *g)
{
	return rig_decode(g, false);
}

static void
rig_end(struct rig *g)
{
	emit_free(g->e);
	emit_out_free(g->out);
	close(g->fd);
	unlink(g->path);
}

#define EXPECT(g, want)                                                       \
	do {                                                                  \
		char *got_ = rig_events(g);                                   \
		T_CHECK(strcmp(got_, want) == 0, "\n--- want\n%s--- got\n%s", \
		    want, got_);                                              \
		free(got_);                                                   \
	} while (0)

static void
program_with_subtests_and_chatter(void)
{
	struct rig g;

	rig_start(&g, NULL, NULL);
	emit_open(g.e, sw_str_c("t/basic.t"), true);
	emit_bytes(g.e, 0, 1, "hello\n", 6);
	emit_open(g.e, sw_str_c("1 - adds"), false);
	emit_bytes(g.e, PAT_INNERMOST, 2, "# diag\n", 7);
	emit_close(g.e, SW_STATUS_FAIL, NULL);
	emit_close(g.e, SW_STATUS_FAIL, "1 of 1 assertions failed");
	emit_bytes(g.e, 0, 1, "after\n", 6);
	EXPECT(&g,
	    "inprogress id=t/basic.t\n"
	    "none id=t/basic.t mime=text/plain;charset=utf8 "
	    "file=stdout:hello\\x0a\n"
	    "inprogress id=t/basic.t (1 - adds) norun\n"
	    "none id=t/basic.t (1 - adds) mime=text/plain;charset=utf8 "
	    "file=stderr:# diag\\x0a norun\n"
	    "fail id=t/basic.t (1 - adds) norun\n"
	    "none id=t/basic.t mime=text/plain;charset=utf8 "
	    "file=reason:1 of 1 assertions failed eof\n"
	    "fail id=t/basic.t\n"
	    "none mime=text/plain;charset=utf8 file=stdout:after\\x0a\n");
	rig_end(&g);
}

static void
labels_are_escaped_and_trimmed(void)
{
	struct rig g;

	rig_start(&g, NULL, NULL);
	emit_open(g.e, sw_str_c("p"), true);
	emit_open(g.e, (struct sw_str){ "  caf\xe9\n\x01\xc3\xa9 ", 10 },
	    false);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	EXPECT(&g,
	    "inprogress id=p\n"
	    "inprogress id=p (caf\\x5cxe9\\x5cn\\x5cx01\\xc3\\xa9) norun\n"
	    "success id=p (caf\\x5cxe9\\x5cn\\x5cx01\\xc3\\xa9) norun\n");
	rig_end(&g);
}

static void
route_code_and_prefix(void)
{
	struct rig g;

	rig_start(&g, "3", "prog::");
	emit_open(g.e, sw_str_c("Suite.Name"), true);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_exists(g.e, sw_str_c("Suite.Other"));
	EXPECT(&g,
	    "inprogress id=prog::Suite.Name route=3\n"
	    "success id=prog::Suite.Name route=3\n"
	    "exists id=prog::Suite.Other route=3\n");
	rig_end(&g);
}

static void
deferred_label_is_applied_to_held_events(void)
{
	struct rig g;

	rig_start(&g, NULL, NULL);
	emit_open(g.e, sw_str_c("t.sh"), true);
	emit_open(g.e, (struct sw_str){ NULL, 0 }, false);
	emit_open(g.e, sw_str_c("1 - a"), false);
	emit_bytes(g.e, PAT_INNERMOST, 1, "x\n", 2);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_open(g.e, (struct sw_str){ NULL, 0 }, false);   /* nested */
	emit_name(g.e, sw_str_c("2 - inner"));
	emit_close(g.e, SW_STATUS_SKIP, NULL);
	emit_name(g.e, sw_str_c("1 - group"));
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	EXPECT(&g,
	    "inprogress id=t.sh\n"
	    "inprogress id=t.sh (1 - group) norun\n"
	    "inprogress id=t.sh (1 - group) (1 - a) norun\n"
	    "none id=t.sh (1 - group) (1 - a) mime=text/plain;charset=utf8 "
	    "file=stdout:x\\x0a norun\n"
	    "success id=t.sh (1 - group) (1 - a) norun\n"
	    "inprogress id=t.sh (1 - group) (2 - inner) norun\n"
	    "skip id=t.sh (1 - group) (2 - inner) norun\n"
	    "success id=t.sh (1 - group) norun\n"
	    "success id=t.sh\n");
	rig_end(&g);
}

static void
deferred_label_overflow_names_the_test(void)
{
	struct rig g;
	static char chunk[100000];
	char *got;

	memset(chunk, 'y', sizeof chunk);
	rig_start(&g, NULL, NULL);
	emit_open(g.e, sw_str_c("t.sh"), true);
	emit_open(g.e, (struct sw_str){ NULL, 0 }, false);
	for (int i = 0; i < 12; i++)   /* 1.2 MB > the 1 MiB hold */
		emit_bytes(g.e, PAT_INNERMOST, 1, chunk, sizeof chunk);
	emit_name(g.e, sw_str_c("1 - late"));
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close_all(g.e, SW_STATUS_FAIL, "stopped");
	got = rig_events(&g);
	T_CHECK(strstr(got, "inprogress id=t.sh (unnamed subtest 1) norun\n")
	    != NULL, "%.200s", got);
	T_CHECK(strstr(got, "success id=t.sh (unnamed subtest 1) norun\n")
	    != NULL, "no close");
	T_CHECK(strstr(got, "fail id=t.sh\n") != NULL, "program not closed");
	free(got);
	rig_end(&g);
}

/* The sizes of each attachment part of test id, by name. */
static void
large_output_rolls_over_below_4mib(void)
{
	struct rig g;
	size_t total = 9u << 20, sent = 0;
	static char chunk[1 << 16];
	char *got, *p;
	size_t parts[4] = { 0 };

	memset(chunk, 'z', sizeof chunk);
	rig_start(&g, NULL, NULL);
	emit_open(g.e, sw_str_c("big"), true);
	for (; sent < total; sent += sizeof chunk)
		emit_bytes(g.e, 0, 1, chunk, sizeof chunk);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	got = rig_events(&g);
	for (p = got; (p = strstr(p, "file=stdout")) != NULL; p++) {
		int part = 0;
		char *colon = strchr(p, ':'), *end = strchr(p, '\n');

		if (p[11] == '.')
			part = p[12] - '1';
		while (end[-1] != 'z')
			end--;
		parts[part] += (size_t)(end - colon - 1);
	}
	T_EQ_INT(parts[0], 4000000);
	T_EQ_INT(parts[1], 4000000);
	T_EQ_INT(parts[2], total - 8000000);
	free(got);
	rig_end(&g);
}

static void
write_errors_are_returned(void)
{
	struct emit_out *o;
	struct emit *e;
	int fds[2];

	T_CHECK(pipe(fds) == 0, "pipe");
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	o = emit_out_new(fds[1]);
	e = emit_new(o, NULL, NULL);
	emit_open(e, sw_str_c("x"), true);
	T_CHECK(emit_out_pending(o) > 0, "nothing buffered");
	T_EQ_INT(emit_out_flush(o), -EPIPE);
	emit_free(e);
	emit_out_free(o);
	close(fds[1]);
}

static void
tail_keeps_the_last_bytes(void)
{
	struct rig g;
	char tail[8];

	rig_start(&g, NULL, NULL);
	emit_bytes(g.e, 0, 1, "abcdefghij", 10);
	T_EQ_INT(emit_tail(g.e, tail, sizeof tail), 7);
	T_CHECK(strcmp(tail, "defghij") == 0, "%s", tail);
	rig_end(&g);
}

/* --max-attachment 8: 4 bytes of head, the last 4 at close, a note. */
static void
max_attachment_keeps_head_and_tail(void)
{
	struct emit_opts opts = { .max_attachment = 8 };
	struct rig g;

	rig_start(&g, NULL, NULL);
	emit_out_set_opts(g.out, &opts);
	emit_open(g.e, sw_str_c("p"), true);
	emit_bytes(g.e, 0, 1, "abcdef", 6);
	emit_bytes(g.e, 0, 1, "ghijklmnop", 10);
	emit_bytes(g.e, 0, 2, "xy", 2);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_open(g.e, sw_str_c("q"), true);
	emit_bytes(g.e, 0, 1, "12345678", 8);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_bytes(g.e, 0, 1, "untied, never cut", 17);
	EXPECT(&g,
	    "inprogress id=p\n"
	    "none id=p mime=text/plain;charset=utf8 file=stdout:abcd\n"
	    "none id=p mime=text/plain;charset=utf8 file=stderr:xy\n"
	    "none id=p mime=text/plain;charset=utf8 file=stdout:"
	    "\\x0a[subunit-wrap: 8 bytes cut by --max-attachment]\\x0a\n"
	    /* The ring wrapped: its two pieces, in order. */
	    "none id=p mime=text/plain;charset=utf8 file=stdout:mn\n"
	    "none id=p mime=text/plain;charset=utf8 file=stdout:op\n"
	    "success id=p\n"
	    "inprogress id=q\n"
	    "none id=q mime=text/plain;charset=utf8 file=stdout:1234\n"
	    "none id=q mime=text/plain;charset=utf8 file=stdout:5678\n"
	    "success id=q\n"
	    "none mime=text/plain;charset=utf8 file=stdout:untied, never cut\n");
	rig_end(&g);
}

/* --parent-ids: subtests carry the id of the test they belong to. */
static void
parent_ids_name_the_parent(void)
{
	struct emit_opts opts = { .parent_ids = true };
	struct rig g;

	rig_start(&g, NULL, NULL);
	emit_out_set_opts(g.out, &opts);
	emit_open(g.e, sw_str_c("p"), true);
	emit_open(g.e, sw_str_c("a"), false);
	emit_open(g.e, sw_str_c("b"), false);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	EXPECT(&g,
	    "inprogress id=p\n"
	    "inprogress id=p (a) parent=p norun\n"
	    "inprogress id=p (a) (b) parent=p (a) norun\n"
	    "success id=p (a) (b) parent=p (a) norun\n"
	    "success id=p (a) parent=p norun\n"
	    "success id=p\n");
	rig_end(&g);
}

/*
 * Out of memory: pending packets first, then every open test, innermost
 * first, a reason and a status, with its route code; the stack is empty
 * after, and a held (unlabelled) test is dropped, not invented.
 */
static void
last_rites_close_every_open_test(void)
{
	struct rig g;

	rig_start(&g, "2", NULL);
	emit_open(g.e, sw_str_c("t.sh"), true);
	emit_open(g.e, sw_str_c("1 - a"), false);
	emit_open(g.e, sw_str_c("sub"), false);
	emit_open(g.e, (struct sw_str){ NULL, 0 }, false);
	T_EQ_INT(emit_last_rites(g.e, SW_STATUS_FAIL, "out of memory"), 0);
	T_EQ_INT(emit_depth(g.e), 0);
	EXPECT(&g,
	    "inprogress id=t.sh route=2\n"
	    "inprogress id=t.sh (1 - a) route=2 norun\n"
	    "inprogress id=t.sh (1 - a) (sub) route=2 norun\n"
	    "none id=t.sh (1 - a) (sub) route=2 mime=text/plain;charset=utf8 "
	    "file=reason:out of memory eof norun\n"
	    "fail id=t.sh (1 - a) (sub) route=2 norun\n"
	    "none id=t.sh (1 - a) route=2 mime=text/plain;charset=utf8 "
	    "file=reason:out of memory eof norun\n"
	    "fail id=t.sh (1 - a) route=2 norun\n"
	    "none id=t.sh route=2 mime=text/plain;charset=utf8 "
	    "file=reason:out of memory eof\n"
	    "fail id=t.sh route=2\n");
	rig_end(&g);
}

/*
 * A final status copies its inprogress packet only at the same time and
 * while that packet is still unflushed; otherwise it is encoded anew, with
 * its own time (and its parent, with --parent-ids, either way).
 */
static void
status_is_a_copy_only_at_the_same_time(void)
{
	struct emit_opts opts = { .parent_ids = true };
	struct timespec t1 = { 1700000000, 5 }, t2 = { 1700000001, 7 };
	struct rig g;
	char *got;

	rig_start(&g, "1", NULL);
	emit_out_set_opts(g.out, &opts);
	emit_out_set_time(g.out, &t1);
	emit_open(g.e, sw_str_c("p"), true);
	emit_open(g.e, sw_str_c("a"), false);
	emit_close(g.e, SW_STATUS_FAIL, NULL);           /* a copy */
	emit_open(g.e, sw_str_c("b"), false);
	emit_out_set_time(g.out, &t2);
	emit_close(g.e, SW_STATUS_SKIP, NULL);           /* later */
	emit_open(g.e, sw_str_c("c"), false);
	T_EQ_INT(emit_out_flush(g.out), 0);
	emit_close(g.e, SW_STATUS_XFAIL, NULL);          /* flushed */
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	got = rig_decode(&g, true);
	T_CHECK(strcmp(got,
	    "inprogress ts=1700000000.000000005 id=p route=1\n"
	    "inprogress ts=1700000000.000000005 id=p (a) route=1 parent=p "
	    "norun\n"
	    "fail ts=1700000000.000000005 id=p (a) route=1 parent=p norun\n"
	    "inprogress ts=1700000000.000000005 id=p (b) route=1 parent=p "
	    "norun\n"
	    "skip ts=1700000001.000000007 id=p (b) route=1 parent=p norun\n"
	    "inprogress ts=1700000001.000000007 id=p (c) route=1 parent=p "
	    "norun\n"
	    "xfail ts=1700000001.000000007 id=p (c) route=1 parent=p norun\n"
	    "success ts=1700000001.000000007 id=p route=1\n") == 0,
	    "got\n%s", got);
	free(got);
	rig_end(&g);
}

/*
 * Ids are checked once, not per packet, only when the route and prefix
 * are valid UTF-8: a bad one still makes the packets fail, not slip out.
 */
static void
bad_route_or_prefix_is_still_refused(void)
{
	struct rig g;

	rig_start(&g, NULL, "prog\xff");
	T_EQ_INT(emit_open(g.e, sw_str_c("a"), true), -EINVAL);
	rig_end(&g);
	rig_start(&g, "r\xfe", NULL);
	T_EQ_INT(emit_open(g.e, sw_str_c("a"), true), -EINVAL);
	rig_end(&g);
	rig_start(&g, "r", "prog");
	T_EQ_INT(emit_open(g.e, sw_str_c("a\xff"), true), 0);
	T_EQ_INT(emit_close(g.e, SW_STATUS_SUCCESS, NULL), 0);
	EXPECT(&g, "inprogress id=proga\\x5cxff route=r\n"
	    "success id=proga\\x5cxff route=r\n");
	rig_end(&g);
}

/*
 * A test's inprogress packet may be copied from its last sibling's with
 * the id replaced: every field stays right when the runnable flag, the
 * id's length, the time or the parent change, or after a flush.
 */
static void
sibling_copies_keep_every_field(void)
{
	struct timespec t1 = { 1700000000, 5 }, t2 = { 1700000001, 7 };
	struct rig g;
	char *got;

	rig_start(&g, "4", NULL);
	emit_out_set_time(g.out, &t1);
	emit_open(g.e, sw_str_c("p"), true);
	emit_open(g.e, sw_str_c("a"), false);
	emit_open(g.e, sw_str_c("x"), false);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_open(g.e, sw_str_c("b"), false);           /* copy of a's */
	emit_open(g.e, sw_str_c("y"), false);           /* new parent */
	emit_close(g.e, SW_STATUS_FAIL, NULL);
	emit_close(g.e, SW_STATUS_FAIL, NULL);
	emit_open(g.e, sw_str_c("c"), true);            /* runnable now */
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_open(g.e, sw_str_c("dd"), false);          /* longer */
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_out_set_time(g.out, &t2);
	emit_open(g.e, sw_str_c("ee"), false);          /* later */
	emit_close(g.e, SW_STATUS_SKIP, NULL);
	T_EQ_INT(emit_out_flush(g.out), 0);
	emit_open(g.e, sw_str_c("ff"), false);          /* flushed */
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	emit_close(g.e, SW_STATUS_SUCCESS, NULL);
	got = rig_decode(&g, true);
#define T1 "ts=1700000000.000000005 "
#define T2 "ts=1700000001.000000007 "
	T_CHECK(strcmp(got,
	    "inprogress " T1 "id=p route=4\n"
	    "inprogress " T1 "id=p (a) route=4 norun\n"
	    "inprogress " T1 "id=p (a) (x) route=4 norun\n"
	    "success " T1 "id=p (a) (x) route=4 norun\n"
	    "success " T1 "id=p (a) route=4 norun\n"
	    "inprogress " T1 "id=p (b) route=4 norun\n"
	    "inprogress " T1 "id=p (b) (y) route=4 norun\n"
	    "fail " T1 "id=p (b) (y) route=4 norun\n"
	    "fail " T1 "id=p (b) route=4 norun\n"
	    "inprogress " T1 "id=p (c) route=4\n"
	    "success " T1 "id=p (c) route=4\n"
	    "inprogress " T1 "id=p (dd) route=4 norun\n"
	    "success " T1 "id=p (dd) route=4 norun\n"
	    "inprogress " T2 "id=p (ee) route=4 norun\n"
	    "skip " T2 "id=p (ee) route=4 norun\n"
	    "inprogress " T2 "id=p (ff) route=4 norun\n"
	    "success " T2 "id=p (ff) route=4 norun\n"
	    "success " T2 "id=p route=4\n") == 0, "got\n%s", got);
#undef T1
#undef T2
	free(got);
	rig_end(&g);
}

int
main(void)
{
	T_RUN(program_with_subtests_and_chatter);
	T_RUN(labels_are_escaped_and_trimmed);
	T_RUN(route_code_and_prefix);
	T_RUN(deferred_label_is_applied_to_held_events);
	T_RUN(deferred_label_overflow_names_the_test);
	T_RUN(large_output_rolls_over_below_4mib);
	T_RUN(write_errors_are_returned);
	T_RUN(tail_keeps_the_last_bytes);
	T_RUN(max_attachment_keeps_head_and_tail);
	T_RUN(parent_ids_name_the_parent);
	T_RUN(last_rites_close_every_open_test);
	T_RUN(status_is_a_copy_only_at_the_same_time);
	T_RUN(bad_route_or_prefix_is_still_refused);
	T_RUN(sibling_copies_keep_every_field);
	return t_done();
}

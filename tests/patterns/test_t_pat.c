/*
 * test_t_pat: the event recorder of t_pat.h, which every plug-in test
 * trusts: each event kind, the quoting, fail_at, and that a mismatch
 * fails the case.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "t_pat.h"

static int
emit_all(struct t_pat *r)
{
	struct pat_event ev;
	int rc = 0;

	memset(&ev, 0, sizeof ev);
	ev.kind = PAT_OPEN;
	ev.label.ptr = "1 - it's \\ \"x\"";
	ev.label.len = strlen(ev.label.ptr);
	rc |= t_pat_emit(r, &ev);
	ev.label.ptr = NULL;
	ev.runnable = true;
	rc |= t_pat_emit(r, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = PAT_NAME;
	ev.label.ptr = "a\0\t\r\n\x7f\xc3\xa9";
	ev.label.len = 8;
	rc |= t_pat_emit(r, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = PAT_CLOSE;
	ev.status = SW_STATUS_XFAIL;
	rc |= t_pat_emit(r, &ev);
	ev.status = SW_STATUS_FAIL;
	ev.reason = sw_str_c("");
	rc |= t_pat_emit(r, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = PAT_BYTES;
	ev.fd = 2;
	ev.level = 3;
	ev.bytes = (const uint8_t *)"x\n";
	ev.len = 2;
	rc |= t_pat_emit(r, &ev);
	ev.level = PAT_INNERMOST;
	ev.fd = 1;
	ev.len = 0;
	rc |= t_pat_emit(r, &ev);
	return rc;
}

static void
test_lines(void)
{
	struct t_pat r;

	memset(&r, 0, sizeof r);
	T_EQ_INT(emit_all(&r), 0);
	T_EQ_INT(r.count, 7);
	T_PAT_EVENTS(&r,
	    "open '1 - it\\'s \\\\ \"x\"'",
	    "open - runnable",
	    "name 'a\\x00\\t\\r\\n\\x7f\\xc3\\xa9'",
	    "close xfail",
	    "close fail reason=''",
	    "bytes L3 fd2 'x\\n'",
	    "bytes L* fd1 ''");
	t_pat_reset(&r);
	T_PAT_EVENTS(&r, NULL);
	free(r.out);
}

static void
test_fail_at(void)
{
	struct t_pat r;
	struct pat_event ev = { .kind = PAT_CLOSE };

	memset(&r, 0, sizeof r);
	r.fail_at = 2;
	T_EQ_INT(t_pat_emit(&r, &ev), 0);
	T_EQ_INT(t_pat_emit(&r, &ev), -EPIPE);
	T_EQ_INT(t_pat_emit(&r, &ev), 0);
	T_EQ_INT(r.count, 3);
	free(r.out);
}

static void
test_mismatch_fails(void)
{
	struct t_pat r;
	struct pat_event ev = { .kind = PAT_CLOSE };
	int failed;

	memset(&r, 0, sizeof r);
	t_pat_emit(&r, &ev);
	printf("# (an expected mismatch follows)\n");
	T_PAT_EVENTS(&r, "close success");
	failed = t_case_failed;
	t_case_failed = 0;
	T_PAT_EVENTS(&r, "close none");
	T_CHECK(failed, "a mismatch passed");
	free(r.out);
}

int
main(void)
{
	T_RUN(test_lines);
	T_RUN(test_fail_at);
	T_RUN(test_mismatch_fails);
	return t_done();
}

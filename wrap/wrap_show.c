/*
 * wrap_show: the live view's thread (wrap_show.h).
 *
 * One mutex keeps the decoder and the view to one thread at a time: the
 * view thread holds it while it decodes and draws (never while it waits
 * in poll), the main thread between show_hold() and show_release().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "sw_dec.h"
#include "view_live.h"
#include "wrap_show.h"

#define SHOW_CHUNK (64 * 1024)

struct show {
	FILE *out;
	struct live *live;
	struct sw_dec *dec;
	int rd;                    /* the pipe: the thread's end */
	int wr;                    /* the run's end */
	pthread_t thread;
	pthread_mutex_t lock;
	int error;                 /* the thread's: 0 or -errno */
	unsigned char *buf;        /* SHOW_CHUNK bytes */
};

/* sw_dec callback: each event to the view. */
static int
show_event(void *ctx, const struct sw_packet *ev)
{
	return live_event(ctx, ev);
}

/* The error out is in (errno of the failing write if it says). */
static int
show_out_error(int saved)
{
	return saved != 0 ? -saved : -EIO;
}

/* Read one chunk and decode it; with the lock.  True at end of stream. */
static bool
show_read(struct show *s)
{
	ssize_t n = read(s->rd, s->buf, SHOW_CHUNK);
	int rc;

	if (n < 0) {
		if (errno != EINTR && errno != EAGAIN)
			s->error = -errno;
		return false;
	}
	if (n == 0)
		return true;
	if ((rc = sw_dec_feed(s->dec, s->buf, (size_t)n)) == 0 &&
	    (size_t)n < SHOW_CHUNK)
		/* The run paused: show what we have. */
		rc = sw_dec_flush(s->dec);
	if (rc != 0)
		s->error = rc < 0 ? rc : -EIO;
	return false;
}

static void *
show_main(void *arg)
{
	struct show *s = arg;
	struct pollfd pfd = { .fd = s->rd, .events = POLLIN };
	bool eof = false;
	int rc, timeout;

	while (!eof && s->error == 0) {
		pthread_mutex_lock(&s->lock);
		timeout = live_next_ms(s->live);
		pthread_mutex_unlock(&s->lock);
		rc = poll(&pfd, 1, timeout);
		if (rc < 0 && errno != EINTR) {
			s->error = -errno;
			break;
		}
		pthread_mutex_lock(&s->lock);
		if (rc > 0)
			eof = show_read(s);
		errno = 0;
		live_tick(s->live);
		if (ferror(s->out) && s->error == 0)
			s->error = show_out_error(errno);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_lock(&s->lock);
	if (s->error == 0 && (rc = sw_dec_finish(s->dec)) != 0)
		s->error = rc < 0 ? rc : -EIO;
	if (s->error == 0) {
		errno = 0;
		if ((rc = live_finish(s->live)) < 0)
			s->error = rc;
		else if (fflush(s->out) == EOF || ferror(s->out))
			s->error = show_out_error(errno);
	}
	pthread_mutex_unlock(&s->lock);
	/* The run's writes fail with EPIPE from now on (it stops, 141). */
	close(s->rd);
	s->rd = -1;
	return NULL;
}

static void
show_free(struct show *s)
{
	if (s->rd >= 0)
		close(s->rd);
	if (s->wr >= 0)
		close(s->wr);
	sw_dec_free(s->dec);
	live_free(s->live);
	pthread_mutex_destroy(&s->lock);
	free(s->buf);
	free(s);
}

int
show_start(FILE *out, const struct live_opts *o, struct show **sp)
{
	struct show *s;
	sigset_t all, old;
	int fds[2], rc;

	*sp = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -ENOMEM;
	s->out = out;
	s->rd = s->wr = -1;
	pthread_mutex_init(&s->lock, NULL);
	if ((s->buf = malloc(SHOW_CHUNK)) == NULL ||
	    (s->live = live_new(out, o)) == NULL ||
	    (s->dec = sw_dec_new(show_event, s->live)) == NULL) {
		show_free(s);
		return -ENOMEM;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = -errno;
		show_free(s);
		return rc;
	}
	s->rd = fds[0];
	s->wr = fds[1];
	/* The thread inherits a mask that blocks everything. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&s->thread, NULL, show_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		show_free(s);
		return -rc;
	}
	*sp = s;
	return 0;
}

int
show_fd(const struct show *s)
{
	return s->wr;
}

void
show_hold(struct show *s)
{
	pthread_mutex_lock(&s->lock);
	live_clear(s->live);
}

void
show_release(struct show *s)
{
	pthread_mutex_unlock(&s->lock);
}

int
show_finish(struct show *s)
{
	int rc;

	close(s->wr);
	s->wr = -1;
	pthread_join(s->thread, NULL);
	rc = s->error;
	show_free(s);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/*
 * loop.c - hvd's event loop (loop.h).
 *
 * Watches live in an array that poll()'s array mirrors each round; a
 * watch removed during a round is marked dead and freed at its end, so
 * the callbacks still to come in that round never see freed memory.
 * Timers are a list sorted by due time: hvd has a handful.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include "loop.h"

struct loop_watch {
	int fd;
	short events;
	bool dead;
	loop_fd_fn fn;
	void *ctx;
};

struct loop_timer {
	int64_t due;
	loop_timer_fn fn;
	void *ctx;
	struct loop_timer *next;
};

int64_t
loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
loop_init(struct loop *l)
{
	*l = (struct loop){ 0 };
}

void
loop_fini(struct loop *l)
{
	struct loop_timer *t, *next;
	size_t i;

	for (i = 0; i < l->watch_count; i++) {
		free(l->watch[i]);
	}
	free(l->watch);
	for (t = l->timers; t != NULL; t = next) {
		next = t->next;
		free(t);
	}
	*l = (struct loop){ 0 };
}

struct loop_watch *
loop_watch_add(struct loop *l, int fd, short events, loop_fd_fn fn,
    void *ctx)
{
	struct loop_watch *w, **grown;
	size_t cap;

	if (l->watch_count == l->watch_cap) {
		cap = l->watch_cap == 0 ? 16 : 2 * l->watch_cap;
		grown = realloc(l->watch, cap * sizeof(*grown));
		if (grown == NULL) {
			return NULL;
		}
		l->watch = grown;
		l->watch_cap = cap;
	}
	w = malloc(sizeof(*w));
	if (w == NULL) {
		return NULL;
	}
	*w = (struct loop_watch){ fd, events, false, fn, ctx };
	l->watch[l->watch_count++] = w;
	return w;
}

void
loop_watch_events(struct loop_watch *w, short events)
{
	w->events = events;
}

void
loop_watch_remove(struct loop *l, struct loop_watch *w)
{
	if (w != NULL) {
		w->dead = true;
		l->dirty = true;
	}
}

/* Free the watches removed during the round. */
static void
loop_sweep(struct loop *l)
{
	size_t i, kept = 0;

	if (!l->dirty) {
		return;
	}
	for (i = 0; i < l->watch_count; i++) {
		if (l->watch[i]->dead) {
			free(l->watch[i]);
		} else {
			l->watch[kept++] = l->watch[i];
		}
	}
	l->watch_count = kept;
	l->dirty = false;
}

struct loop_timer *
loop_timer_add(struct loop *l, int64_t ms, loop_timer_fn fn, void *ctx)
{
	struct loop_timer *t = malloc(sizeof(*t)), **p;

	if (t == NULL) {
		return NULL;
	}
	*t = (struct loop_timer){ loop_now_ms() + (ms > 0 ? ms : 0), fn, ctx,
	    NULL };
	for (p = &l->timers; *p != NULL && (*p)->due <= t->due;
	    p = &(*p)->next) {
		continue;
	}
	t->next = *p;
	*p = t;
	return t;
}

void
loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	struct loop_timer **p;

	for (p = &l->timers; *p != NULL; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			free(t);
			return;
		}
	}
}

void
loop_set_idle(struct loop *l, loop_idle_fn fn, void *ctx)
{
	l->idle = fn;
	l->idle_ctx = ctx;
}

void
loop_quit(struct loop *l)
{
	l->quit = true;
}

/* Fire every timer that is due; those a callback adds wait a round. */
static void
loop_fire_timers(struct loop *l)
{
	int64_t now = loop_now_ms();
	struct loop_timer *t;

	while ((t = l->timers) != NULL && t->due <= now && !l->quit) {
		l->timers = t->next;
		t->fn(t->ctx);
		free(t);
	}
}

/* poll()'s timeout: until the first timer, or for ever. */
static int
loop_timeout(const struct loop *l)
{
	int64_t left;

	if (l->timers == NULL) {
		return -1;
	}
	left = l->timers->due - loop_now_ms();
	if (left <= 0) {
		return 0;
	}
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* One round: wait, then call back every ready watch that is still live. */
static int
loop_round(struct loop *l, struct pollfd *pfd)
{
	size_t i, n = l->watch_count;
	int rc;

	for (i = 0; i < n; i++) {
		pfd[i] = (struct pollfd){ l->watch[i]->fd,
		    l->watch[i]->dead ? 0 : l->watch[i]->events, 0 };
	}
	rc = poll(pfd, n, loop_timeout(l));
	if (rc < 0) {
		return errno == EINTR ? 0 : -errno;
	}
	for (i = 0; i < n && !l->quit; i++) {
		if (pfd[i].revents != 0 && !l->watch[i]->dead) {
			l->watch[i]->fn(l->watch[i]->ctx, pfd[i].fd,
			    pfd[i].revents);
		}
	}
	loop_fire_timers(l);
	return 0;
}

int
loop_run(struct loop *l)
{
	struct pollfd *pfd = NULL;
	size_t cap = 0;
	int rc = 0;

	l->quit = false;
	while (!l->quit && rc == 0) {
		if (l->idle != NULL) {
			l->idle(l->idle_ctx);
		}
		loop_sweep(l);
		if (cap < l->watch_count) {
			free(pfd);
			cap = l->watch_cap;
			pfd = calloc(cap, sizeof(*pfd));
			if (pfd == NULL) {
				return -ENOMEM;
			}
		}
		rc = loop_round(l, pfd);
	}
	free(pfd);
	loop_sweep(l);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/*
 * loop.h - hvd's event loop: one thread, poll(2) over every descriptor
 * (listening sockets, clients, the board's serial line, signals), and
 * timers.  A callback runs to completion; nothing in hvd blocks but the
 * firmware's replies to its requests, which come in milliseconds.
 *
 * Watches and timers may be added and removed from inside callbacks,
 * their own included; a removed one is never called again.
 */
#ifndef HVD_LOOP_H
#define HVD_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * typedef loop_fd_fn - a descriptor is ready.
 * @ctx:     what loop_watch_add() was given.
 * @fd:      the descriptor.
 * @revents: poll()'s revents (POLLIN, POLLOUT, POLLHUP, POLLERR).
 */
typedef void (*loop_fd_fn)(void *ctx, int fd, short revents);

/**
 * typedef loop_timer_fn - a timer is due.
 * @ctx: what loop_timer_add() was given.
 */
typedef void (*loop_timer_fn)(void *ctx);

/**
 * typedef loop_idle_fn - called after every round of callbacks, before the
 * loop waits again (hvd drains the board's queued events there).
 * @ctx: what loop_set_idle() was given.
 */
typedef void (*loop_idle_fn)(void *ctx);

struct loop_watch;
struct loop_timer;

/**
 * struct loop - the loop (fields private to loop.c).
 */
struct loop {
	struct loop_watch **watch;
	size_t watch_count;
	size_t watch_cap;
	struct loop_timer *timers;
	bool quit;
	bool dirty;
	loop_idle_fn idle;
	void *idle_ctx;
};

/**
 * loop_init() - an empty loop.
 * @l: the loop.
 */
void loop_init(struct loop *l);

/**
 * loop_fini() - free every watch and timer (descriptors are the owners').
 * @l: the loop.
 */
void loop_fini(struct loop *l);

/**
 * loop_watch_add() - call @fn when @fd is ready for @events.
 * @l:      the loop.
 * @fd:     the descriptor (the caller's; never closed by the loop).
 * @events: POLLIN and/or POLLOUT (POLLHUP and POLLERR always come).
 * @fn:     the callback.
 * @ctx:    passed to @fn.
 *
 * Return: the watch, or NULL when out of memory.
 */
struct loop_watch *loop_watch_add(struct loop *l, int fd, short events,
    loop_fd_fn fn, void *ctx);

/**
 * loop_watch_events() - change what a watch waits for.
 * @w:      the watch.
 * @events: POLLIN and/or POLLOUT, or 0 to pause it.
 */
void loop_watch_events(struct loop_watch *w, short events);

/**
 * loop_watch_remove() - stop watching; @w is freed.
 * @l: the loop.
 * @w: the watch, or NULL.
 */
void loop_watch_remove(struct loop *l, struct loop_watch *w);

/**
 * loop_timer_add() - call @fn once, @ms milliseconds from now.
 * @l:   the loop.
 * @ms:  delay (0: at the next round).
 * @fn:  the callback.
 * @ctx: passed to @fn.
 *
 * Return: the timer (freed by the loop once it has fired), or NULL when
 * out of memory.
 */
struct loop_timer *loop_timer_add(struct loop *l, int64_t ms,
    loop_timer_fn fn, void *ctx);

/**
 * loop_timer_cancel() - forget a timer that has not fired.
 * @l: the loop.
 * @t: the timer, or NULL.
 */
void loop_timer_cancel(struct loop *l, struct loop_timer *t);

/**
 * loop_set_idle() - the function called after each round.
 * @l:   the loop.
 * @fn:  the function, or NULL.
 * @ctx: passed to @fn.
 */
void loop_set_idle(struct loop *l, loop_idle_fn fn, void *ctx);

/**
 * loop_run() - wait and call back until loop_quit().
 * @l: the loop.
 *
 * Return: 0, or -errno if poll() fails for a reason other than EINTR.
 */
int loop_run(struct loop *l);

/**
 * loop_quit() - make loop_run() return after the current round.
 * @l: the loop.
 */
void loop_quit(struct loop *l);

/**
 * loop_now_ms() - the monotonic clock in milliseconds.
 *
 * Return: the time.
 */
int64_t loop_now_ms(void);

#endif /* HVD_LOOP_H */

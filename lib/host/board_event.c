/* SPDX-License-Identifier: ISC */
/*
 * board_event.c - events from the firmware: the queue that keeps those met
 * while a reply was awaited, and board_next_event() (board.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hv/abi.h>

#include "board.h"
#include "board_impl.h"

/**
 * board_queue_init() - allocate the event queue.
 * @b: the board.
 *
 * Return: 0 or -ENOMEM.
 */
int
board_queue_init(struct board *b)
{
	b->queue = calloc(BOARD_EVENT_QUEUE_MAX, sizeof(*b->queue));
	if (b->queue == NULL) {
		return board_fail(b, -ENOMEM, "no memory for %u queued events",
		    BOARD_EVENT_QUEUE_MAX);
	}
	b->queue_head = b->queue_count = 0;
	return 0;
}

/**
 * board_queue_fini() - free the event queue.
 * @b: the board.
 */
void
board_queue_fini(struct board *b)
{
	free(b->queue);
	b->queue = NULL;
	b->queue_head = b->queue_count = 0;
}

/**
 * board_queue_put() - keep an event.
 * @b:  the board.
 * @ev: the event.
 */
void
board_queue_put(struct board *b, const struct board_reply *ev)
{
	struct board_msg *m;

	if (b->queue == NULL || b->queue_count == BOARD_EVENT_QUEUE_MAX) {
		b->events_dropped++;
		return;
	}
	m = &b->queue[(b->queue_head + b->queue_count) % BOARD_EVENT_QUEUE_MAX];
	/* abi_decode() accepted it: its length is within the buffer. */
	m->len = ev->view.hdr->length;
	memcpy(m->buf, ev->buf, m->len);
	b->queue_count++;
}

/* The oldest queued event into @ev; 0 if there is none. */
static int
queue_get(struct board *b, struct board_reply *ev)
{
	struct board_msg *m;
	int ret;

	if (b->queue_count == 0) {
		return 0;
	}
	m = &b->queue[b->queue_head];
	b->queue_head = (b->queue_head + 1) % BOARD_EVENT_QUEUE_MAX;
	b->queue_count--;
	memcpy(ev->buf, m->buf, m->len);
	/* The view pointed into the copy it was made from: make it again. */
	ret = abi_decode(ev->buf, m->len, &ev->view);
	if (ret != 0) {
		return board_fail(b, -EPROTO, "a queued event no longer "
		    "decodes: %s", strerror(-ret));
	}
	return 1;
}

/* The next event on the ring into @ev, dropping stray replies. */
static int
ring_get(struct board *b, struct board_reply *ev)
{
	int ret;

	for (;;) {
		ret = board_ring_take(b, ev);
		if (ret <= 0 || abi_type_is_event(ev->view.type)) {
			return ret;
		}
		b->stray_replies++;
	}
}

/**
 * board_next_event() - the next event from the firmware.
 * @b:          the board.
 * @timeout_ms: longest wait; 0: none; < 0: the board's timeout.
 * @ev:         filled in.
 *
 * Return: 0, -ETIMEDOUT, -EPIPE or -EPROTO.
 */
int
board_next_event(struct board *b, int timeout_ms, struct board_reply *ev)
{
	int64_t deadline;
	int ret;

	ret = queue_get(b, ev);
	if (ret != 0) {
		return ret < 0 ? ret : 0;
	}
	deadline = board_deadline(timeout_ms < 0 ? b->timeout_ms : timeout_ms);
	for (;;) {
		ret = ring_get(b, ev);
		if (ret != 0) {
			return ret < 0 ? ret : 0;
		}
		ret = board_serial_wait(b, deadline);
		if (ret < 0) {
			return ret;
		}
	}
}

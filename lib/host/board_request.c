/* SPDX-License-Identifier: ISC */
/*
 * board_request.c - requests to the firmware and their replies, through
 * the mailbox's rings and the doorbell.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hv/abi.h>

#include "board.h"
#include "board_impl.h"

/**
 * board_push() - put a message on the request ring as it is, and ring.
 * @b:   the board.
 * @msg: the bytes.
 * @len: their number.
 *
 * Return: 0 or -errno.
 */
int
board_push(struct board *b, const void *msg, size_t len)
{
	int ret;

	ret = abi_ring_push(&b->mb.tx, msg, len);
	if (ret != 0) {
		return board_fail(b, ret, "request ring: %s", strerror(-ret));
	}
	return board_serial_ring(b);
}

/* Count the events the firmware numbered but never put on the ring. */
static void
note_event_seq(struct board *b, uint64_t seq)
{
	if (seq > b->event_seq + 1) {
		b->events_lost += seq - b->event_seq - 1;
	}
	if (seq > b->event_seq) {
		b->event_seq = seq;
	}
}

/**
 * board_ring_take() - take the next message off the event ring.
 * @b: the board.
 * @m: filled in.
 *
 * Return: 1, 0 or -EPROTO.
 */
int
board_ring_take(struct board *b, struct board_reply *m)
{
	int ret;

	ret = abi_ring_pop(&b->mb.rx, m->buf, sizeof(m->buf));
	if (ret == -EAGAIN) {
		return 0;
	}
	if (ret < 0) {
		return board_fail(b, -EPROTO, "event ring: %s", strerror(-ret));
	}
	ret = abi_decode(m->buf, (size_t)ret, &m->view);
	if (ret < 0) {
		return board_fail(b, -EPROTO, "a message from the firmware "
		    "does not decode: %s", strerror(-ret));
	}
	if (abi_type_is_event(m->view.type)) {
		note_event_seq(b, m->view.hdr->seq);
	}
	return 1;
}

/*
 * Take messages off the event ring until the one answering (@req_type,
 * @seq) is in @reply, keeping the events met on the way.  Return 1 when
 * it is, 0 when the ring is empty, -EPROTO.
 */
static int
take(struct board *b, unsigned int req_type, uint64_t seq,
    struct board_reply *reply)
{
	int ret;

	for (;;) {
		ret = board_ring_take(b, reply);
		if (ret <= 0) {
			return ret;
		}
		if (abi_reply_matches(&reply->view, req_type, seq)) {
			return 1;
		}
		if (abi_type_is_event(reply->view.type)) {
			board_queue_put(b, reply);
		} else {
			b->stray_replies++;
		}
	}
}

/* Whether requests wait on the ring that the firmware has not taken. */
static bool
requests_untaken(const struct board *b)
{
	return atomic_load_explicit(&b->mb.tx.sh->cons, memory_order_acquire)
	    != b->mb.tx.prod;
}

/**
 * board_await() - wait for the reply to a request.
 * @b:        the board.
 * @req_type: the request's type.
 * @seq:      its sequence number.
 * @reply:    filled in.
 *
 * Either doorbell may be lost (board_serial_wait()): each look without
 * one takes from the event ring again, and rings the firmware again if
 * the request still waits on its ring (the firmware takes any number of
 * doorbells as one; a request it works on, such as a long DESTROY_VM,
 * is not rung for).  A request that times out says in its error whether
 * the firmware took it.
 *
 * Return: 0 or -errno.
 */
int
board_await(struct board *b, unsigned int req_type, uint64_t seq,
    struct board_reply *reply)
{
	int64_t deadline = board_deadline(b->timeout_ms);
	unsigned int rings = 1;
	size_t len;
	int ret;

	for (;;) {
		/* A doorbell taken earlier may have announced it already. */
		ret = take(b, req_type, seq, reply);
		if (ret != 0) {
			return ret < 0 ? ret : 0;
		}
		ret = board_serial_wait(b, deadline);
		if (ret == 1 && requests_untaken(b)) {
			rings++;
			b->rerings++;
			ret = board_serial_ring(b);
		} else if (ret == 1) {
			ret = 0;	/* taken: look at the event ring again */
		}
		if (ret == -ETIMEDOUT) {
			len = strlen(b->error);
			snprintf(b->error + len, sizeof(b->error) - len,
			    " (the firmware %s; its doorbell rung %u time%s)",
			    requests_untaken(b) ? "did not take the request" :
			    "took the request and did not answer", rings,
			    rings == 1 ? "" : "s");
		}
		if (ret != 0) {
			board_qemu_stderr(b);
			return ret;
		}
	}
}

/**
 * board_exchange() - push an encoded request and wait for its reply.
 * @b:     the board.
 * @type:  the request's type.
 * @seq:   its sequence number.
 * @msg:   the request.
 * @len:   its bytes.
 * @reply: filled in.
 *
 * Return: 0 or -errno.
 */
int
board_exchange(struct board *b, unsigned int type, uint64_t seq,
    const void *msg, size_t len, struct board_reply *reply)
{
	int ret;

	ret = board_push(b, msg, len);
	if (ret != 0) {
		return ret;
	}
	return board_await(b, type, seq, reply);
}

/**
 * board_request() - send a request and wait for its reply.
 * @b:        the board.
 * @type:     the request type.
 * @body:     its body.
 * @body_len: its bytes.
 * @reply:    filled in.
 *
 * Return: 0 or -errno.
 */
int
board_request(struct board *b, unsigned int type, const void *body,
    size_t body_len, struct board_reply *reply)
{
	_Alignas(ABI_MSG_ALIGN) unsigned char msg[ABI_MSG_MAX];
	uint64_t seq = board_next_seq(b);
	int len;

	len = abi_encode(msg, sizeof(msg), type, seq, 0, body, body_len);
	if (len < 0) {
		return board_fail(b, -EINVAL, "request type 0x%x of %zu "
		    "bytes does not encode: %s", type, body_len,
		    strerror(-len));
	}
	return board_exchange(b, type, seq, msg, (size_t)len, reply);
}

/* SPDX-License-Identifier: ISC */
/*
 * rpc_reader.c - packets out of a byte stream, fed as read() returns it
 * (struct rpc_reader in rpc_packet.h).
 *
 * The length word is checked as soon as its four bytes are in.  The buffer
 * then grows with the bytes that arrive (doubling from RPC_READER_START),
 * not with what the length word promised, so a peer announcing 32 MiB and
 * sending nothing costs a few KiB.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_packet.h"

/* The first allocation: enough for most calls in one go. */
#define RPC_READER_START	4096u

void
rpc_reader_init(struct rpc_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void
rpc_reader_fini(struct rpc_reader *r)
{
	free(r->buf);
	rpc_reader_init(r);
}

bool
rpc_reader_idle(const struct rpc_reader *r)
{
	return r->have == 0;
}

const char *
rpc_reader_error(const struct rpc_reader *r)
{
	return r->msg;
}

/* Stop the stream: every later feed returns @err. */
static int __attribute__((format(printf, 3, 4)))
rpc_reader_fail(struct rpc_reader *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->error = err;
	return err;
}

/* Make room for @need bytes of the current packet. */
static int
rpc_reader_reserve(struct rpc_reader *r, size_t need)
{
	size_t cap = r->cap != 0 ? r->cap : RPC_READER_START;
	uint8_t *buf;

	if (need <= r->cap) {
		return 0;
	}
	while (cap < need) {
		cap *= 2;
	}
	if (r->want != 0 && cap > r->want) {
		cap = r->want;
	}
	buf = realloc(r->buf, cap);
	if (buf == NULL) {
		return rpc_reader_fail(r, -ENOMEM,
		    "out of memory for a packet of %zu bytes", need);
	}
	r->buf = buf;
	r->cap = cap;
	return 0;
}

/* The length word is in: check it. */
static int
rpc_reader_take_len(struct rpc_reader *r)
{
	uint32_t word;
	XDR xdrs;
	bool_t ok;
	int rc;

	xdrmem_create(&xdrs, (char *)r->buf, RPC_LEN_SIZE, XDR_DECODE);
	ok = xdr_u_int(&xdrs, &word);
	xdr_destroy(&xdrs);
	if (!ok) {
		return rpc_reader_fail(r, -EBADMSG, "unreadable packet length");
	}
	rc = rpc_packet_check_len(word);
	if (rc == -EBADMSG) {
		return rpc_reader_fail(r, rc, "packet length %" PRIu32
		    " below the minimum %u", word, RPC_PACKET_MIN);
	}
	if (rc < 0) {
		return rpc_reader_fail(r, rc, "packet length %" PRIu32
		    " above the maximum %u", word, RPC_PACKET_MAX);
	}
	r->want = word;
	return 0;
}

/* The packet is whole: hand it out and start the next one afresh. */
static int
rpc_reader_finish(struct rpc_reader *r, struct rpc_packet *pkt)
{
	struct rpc_header hdr;

	if (rpc_header_decode(r->buf + RPC_LEN_SIZE, &hdr) < 0) {
		return rpc_reader_fail(r, -EBADMSG,
		    "packet header with an unknown type or status");
	}
	pkt->hdr = hdr;
	pkt->buf = r->buf;
	pkt->len = r->want;
	r->buf = NULL;
	r->cap = 0;
	r->have = 0;
	r->want = 0;
	return 1;
}

int
rpc_reader_feed(struct rpc_reader *r, const void *data, size_t len,
    size_t *used, struct rpc_packet *pkt)
{
	const uint8_t *in = data;
	size_t target, n;
	int rc;

	*used = 0;
	if (r->error != 0) {
		return r->error;
	}
	while (*used < len) {
		target = r->want != 0 ? r->want : RPC_LEN_SIZE;
		n = target - r->have;
		if (n > len - *used) {
			n = len - *used;
		}
		rc = rpc_reader_reserve(r, r->have + n);
		if (rc < 0) {
			return rc;
		}
		memcpy(r->buf + r->have, in + *used, n);
		r->have += n;
		*used += n;
		if (r->have < target) {
			break;
		}
		if (r->want == 0) {
			rc = rpc_reader_take_len(r);
			if (rc < 0) {
				return rc;
			}
			continue;
		}
		return rpc_reader_finish(r, pkt);
	}
	return 0;
}

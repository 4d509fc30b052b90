/* SPDX-License-Identifier: ISC */
/*
 * rpc_client.c - the client end of hvd's RPC wire (rpc_client.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hv_protocol.h"
#include "rpc_client.h"

/* Record a local failure; return @rc. */
static int
client_fail(struct rpc_client *c, int rc, const char *fmt, ...)
{
	va_list ap;

	c->err_code = 0;
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	return rc;
}

int
rpc_client_connect(struct rpc_client *c, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int rc;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	rpc_reader_init(&c->reader);
	if (strlen(path) >= sizeof(sun.sun_path)) {
		return client_fail(c, -ENAMETOOLONG, "%s: name too long", path);
	}
	strcpy(sun.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		return client_fail(c, -errno, "socket: %s", strerror(errno));
	}
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		rc = -errno;
		close(c->fd);
		c->fd = -1;
		return client_fail(c, rc, "cannot connect to %s: %s", path,
		    strerror(-rc));
	}
	return 0;
}

void
rpc_client_close(struct rpc_client *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	rpc_reader_fini(&c->reader);
}

uint32_t
rpc_client_last_serial(const struct rpc_client *c)
{
	return c->serial - 1;
}

/* Write all of a packet. */
static int
client_write(struct rpc_client *c, const struct rpc_packet *pkt)
{
	size_t off = 0;
	ssize_t n;

	while (off < pkt->len) {
		n = send(c->fd, pkt->buf + off, pkt->len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return client_fail(c, errno == EPIPE ? -EPIPE : -errno,
			    "cannot write to the server: %s", strerror(errno));
		}
		off += (size_t)n;
	}
	return 0;
}

/* Encode and send. */
static int
client_send(struct rpc_client *c, const struct rpc_header *hdr,
    xdrproc_t proc, const void *body)
{
	struct rpc_packet pkt;
	int rc;

	if ((rc = rpc_packet_encode(&pkt, hdr, proc, body)) < 0) {
		return client_fail(c, rc, "cannot encode the call: %s",
		    strerror(-rc));
	}
	rc = client_write(c, &pkt);
	rpc_packet_free(&pkt);
	return rc;
}

int
rpc_client_send_raw(struct rpc_client *c, const struct rpc_header *hdr,
    const void *data, size_t len)
{
	struct rpc_packet pkt;
	int rc;

	if ((rc = rpc_packet_encode_raw(&pkt, hdr, data, len)) < 0) {
		return client_fail(c, rc, "cannot encode: %s", strerror(-rc));
	}
	rc = client_write(c, &pkt);
	rpc_packet_free(&pkt);
	return rc;
}

/* Wait until the socket is readable, then read what is there into @in. */
static int
client_fill(struct rpc_client *c, int timeout_ms)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	ssize_t n;
	int rc;

	do {
		rc = poll(&p, 1, timeout_ms);
	} while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		return client_fail(c, -ETIMEDOUT, "no answer from the server");
	}
	n = rc < 0 ? -1 : read(c->fd, c->in, sizeof(c->in));
	if (n <= 0) {
		return client_fail(c, n == 0 ? -EPIPE : -errno, "the server "
		    "closed the connection");
	}
	c->in_len = (size_t)n;
	c->in_off = 0;
	return 0;
}

/* Feed bytes to the reader, reading more as needed, until a packet is
 * whole. */
static int
client_read_packet(struct rpc_client *c, struct rpc_packet *pkt,
    int timeout_ms)
{
	size_t used;
	int rc;

	for (;;) {
		if (c->in_off == c->in_len &&
		    (rc = client_fill(c, timeout_ms)) < 0) {
			return rc;
		}
		rc = rpc_reader_feed(&c->reader, c->in + c->in_off,
		    c->in_len - c->in_off, &used, pkt);
		if (rc < 0) {
			return client_fail(c, rc, "bad packet from the server: "
			    "%s", rpc_reader_error(&c->reader));
		}
		c->in_off += used;
		if (rc == 1) {
			return 0;
		}
	}
}

int
rpc_client_recv(struct rpc_client *c, struct rpc_packet *pkt, int timeout_ms)
{
	const struct rpc_header pong = { KEEPALIVE_PROGRAM,
	    KEEPALIVE_PROTOCOL_VERSION, KEEPALIVE_PROC_PONG, RPC_MESSAGE, 0,
	    RPC_OK };
	int rc;

	for (;;) {
		if ((rc = client_read_packet(c, pkt, timeout_ms)) < 0) {
			return rc;
		}
		/* A PING is a MESSAGE: a reply to a call that named the
		 * keepalive program is the caller's. */
		if (pkt->hdr.prog != KEEPALIVE_PROGRAM ||
		    pkt->hdr.proc != KEEPALIVE_PROC_PING ||
		    pkt->hdr.type != RPC_MESSAGE) {
			return 0;
		}
		rpc_packet_free(pkt);
		if ((rc = client_send(c, &pong, NULL, NULL)) < 0) {
			return rc;
		}
	}
}

/* The error of an error reply, into @c. */
static int
client_remote_error(struct rpc_client *c, const struct rpc_packet *pkt)
{
	remote_error err;

	memset(&err, 0, sizeof(err));
	if (rpc_packet_decode(pkt, (xdrproc_t)xdr_remote_error, &err) < 0) {
		return client_fail(c, -EBADMSG, "the server sent an error "
		    "that does not decode");
	}
	c->err_code = err.code;
	snprintf(c->error, sizeof(c->error), "%s", err.message != NULL ?
	    *err.message : "unknown error");
	rpc_body_free((xdrproc_t)xdr_remote_error, &err);
	return -EREMOTEIO;
}

int
rpc_client_call(struct rpc_client *c, uint32_t prog, int32_t proc,
    xdrproc_t args_proc, const void *args, xdrproc_t ret_proc, void *ret)
{
	const struct rpc_header hdr = { prog, 1, proc, RPC_CALL, c->serial++,
	    RPC_OK };
	struct rpc_packet pkt;
	int rc;

	if ((rc = client_send(c, &hdr, args_proc, args)) < 0) {
		return rc;
	}
	for (;;) {
		if ((rc = rpc_client_recv(c, &pkt, -1)) < 0) {
			return rc;
		}
		if (pkt.hdr.type == RPC_REPLY && pkt.hdr.serial == hdr.serial) {
			break;
		}
		if (c->other != NULL) {
			c->other(c->ctx, &pkt);
		}
		rpc_packet_free(&pkt);
	}
	if (pkt.hdr.status == RPC_ERROR) {
		rc = client_remote_error(c, &pkt);
	} else if (rpc_packet_decode(&pkt, ret_proc, ret) < 0) {
		rc = client_fail(c, -EBADMSG, "the server's reply does not "
		    "decode");
	}
	rpc_packet_free(&pkt);
	return rc;
}

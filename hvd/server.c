/* SPDX-License-Identifier: ISC */
/*
 * server.c - hvd's sockets and client connections (server.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "dispatch.h"
#include "events.h"
#include "hvd.h"
#include "log.h"
#include "proc_console.h"
#include "rpc_error.h"
#include "server.h"

/** SERVER_READ_MAX - bytes read from a client at a time. */
#define SERVER_READ_MAX		65536

/* Fill @sun with @path. */
static int
server_address(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		return -ENAMETOOLONG;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

/* Is a live daemon answering on @sun? */
static bool
server_socket_live(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool live;

	if (fd < 0) {
		return false;
	}
	live = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return live;
}

/* Bind and listen on @path with @mode, replacing a stale socket file. */
static int
server_bind(const char *path, mode_t mode)
{
	struct sockaddr_un sun;
	int fd, rc;

	if ((rc = server_address(&sun, path)) < 0) {
		return rc;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		return -errno;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		rc = -errno;
		if (rc != -EADDRINUSE || server_socket_live(&sun) ||
		    unlink(path) < 0 ||
		    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			close(fd);
			return rc;
		}
	}
	if (chmod(path, mode) < 0 || listen(fd, 64) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

static void server_accept(void *ctx, int fd, short revents);

int
server_listen(struct hvd *hvd)
{
	struct server *s = &hvd->server;
	int fd;

	s->fd_rw = s->fd_ro = -1;
	if ((fd = server_bind(hvd->paths.sock_rw,
	    (mode_t)hvd->conf.socket_mode)) < 0) {
		log_warnx("cannot listen on %s: %s", hvd->paths.sock_rw,
		    fd == -EADDRINUSE ? "another hvd is serving there" :
		    strerror(-fd));
		return fd;
	}
	s->fd_rw = fd;
	if ((fd = server_bind(hvd->paths.sock_ro,
	    (mode_t)hvd->conf.socket_ro_mode)) < 0) {
		log_warnx("cannot listen on %s: %s", hvd->paths.sock_ro,
		    fd == -EADDRINUSE ? "another hvd is serving there" :
		    strerror(-fd));
		server_close(hvd);
		return fd;
	}
	s->fd_ro = fd;
	s->w_rw = loop_watch_add(&hvd->loop, s->fd_rw, POLLIN, server_accept,
	    hvd);
	s->w_ro = loop_watch_add(&hvd->loop, s->fd_ro, POLLIN, server_accept,
	    hvd);
	if (s->w_rw == NULL || s->w_ro == NULL) {
		server_close(hvd);
		return -ENOMEM;
	}
	log_info("listening on %s and %s", hvd->paths.sock_rw,
	    hvd->paths.sock_ro);
	return 0;
}

/* Free a dropped client. */
static void
server_free_client(struct client *c)
{
	rpc_reader_fini(&c->reader);
	free(c->out);
	free(c);
}

void
server_drop(struct client *c, const char *why)
{
	struct hvd *hvd = c->hvd;

	if (c->dead) {
		return;
	}
	if (why != NULL) {
		log_warnx("client %u (pid %ld): %s; connection closed", c->id,
		    (long)c->pid, why);
	} else {
		log_debug("client %u (pid %ld) disconnected", c->id,
		    (long)c->pid);
	}
	loop_watch_remove(&hvd->loop, c->watch);
	close(c->fd);
	c->fd = -1;
	c->dead = true;
	hvd->server.count--;
}

void
server_reap(struct hvd *hvd)
{
	struct client **pp = &hvd->server.clients, *c;

	while ((c = *pp) != NULL) {
		if (c->dead) {
			*pp = c->next;
			events_client_gone(c);
			proc_console_client_gone(c);
			server_free_client(c);
		} else {
			pp = &c->next;
		}
	}
}

/* hvd closes the connection: say so first, to a client that asked. */
static void
server_say_closed(struct client *c)
{
	const struct rpc_header h = { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
	    REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED, RPC_MESSAGE, 1,
	    RPC_OK };
	remote_connect_event_connection_closed_msg msg = { 1 /* eof */ };
	int flags;

	if (!c->close_callback || c->dead) {
		return;
	}
	/* Blocking, briefly: the last packet should reach the client. */
	flags = fcntl(c->fd, F_GETFL);
	if (flags >= 0) {
		fcntl(c->fd, F_SETFL, flags & ~O_NONBLOCK);
	}
	server_send_body(c, &h,
	    (xdrproc_t)xdr_remote_connect_event_connection_closed_msg, &msg);
}

void
server_close(struct hvd *hvd)
{
	struct server *s = &hvd->server;
	struct client *c;

	for (c = s->clients; c != NULL; c = c->next) {
		server_say_closed(c);
		server_drop(c, NULL);
	}
	server_reap(hvd);
	loop_watch_remove(&hvd->loop, s->w_rw);
	loop_watch_remove(&hvd->loop, s->w_ro);
	s->w_rw = s->w_ro = NULL;
	if (s->fd_rw >= 0) {
		close(s->fd_rw);
		unlink(hvd->paths.sock_rw);
	}
	if (s->fd_ro >= 0) {
		close(s->fd_ro);
		unlink(hvd->paths.sock_ro);
	}
	s->fd_rw = s->fd_ro = -1;
}

/*
 * Write what is queued; watch for POLLOUT while some is left.  A client
 * whose queue is CLIENT_OUT_MAX or more is not read from until it drains:
 * calls it sends without reading the replies then wait in the socket
 * instead of growing the queue without bound.
 */
static void
server_flush(struct client *c)
{
	size_t pending;
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				break;
			}
			server_drop(c, errno == EPIPE ? NULL : strerror(errno));
			return;
		}
		c->out_off += (size_t)n;
	}
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
		if (c->closing) {
			server_drop(c, NULL);
			return;
		}
	}
	pending = c->out_len - c->out_off;
	loop_watch_events(c->watch, (pending < CLIENT_OUT_MAX ? POLLIN : 0) |
	    (pending > 0 ? POLLOUT : 0));
}

/* Make room for @len more queued bytes. */
static int
server_reserve(struct client *c, size_t len)
{
	uint8_t *grown;
	size_t cap;

	if (c->out_off > 0 && c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
	}
	if (c->out_len + len <= c->out_cap) {
		return 0;
	}
	if (c->out_off > 0) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
		if (c->out_len + len <= c->out_cap) {
			return 0;
		}
	}
	cap = c->out_cap == 0 ? 4096 : c->out_cap;
	while (cap < c->out_len + len) {
		cap *= 2;
	}
	if ((grown = realloc(c->out, cap)) == NULL) {
		return -ENOMEM;
	}
	c->out = grown;
	c->out_cap = cap;
	return 0;
}

int
server_send(struct client *c, struct rpc_packet *pkt)
{
	bool droppable = pkt->hdr.type == RPC_STREAM ||
	    pkt->hdr.type == RPC_MESSAGE;
	int rc = 0;

	if (c->dead) {
		rc = -EPIPE;
	} else if (droppable && c->out_len - c->out_off + pkt->len >
	    CLIENT_OUT_MAX) {
		c->dropped += pkt->len;
		rc = -ENOBUFS;
	} else if ((rc = server_reserve(c, pkt->len)) == 0) {
		memcpy(c->out + c->out_len, pkt->buf, pkt->len);
		c->out_len += pkt->len;
		server_flush(c);
	}
	rpc_packet_free(pkt);
	return rc;
}

int
server_send_body(struct client *c, const struct rpc_header *hdr,
    xdrproc_t proc, const void *body)
{
	struct rpc_packet pkt;
	int rc;

	if ((rc = rpc_packet_encode(&pkt, hdr, proc, body)) < 0) {
		return rc;
	}
	return server_send(c, &pkt);
}

int
server_send_error(struct client *c, const struct rpc_header *hdr, int code,
    int domain, const char *msg)
{
	struct rpc_header h = *hdr;
	char *message = (char *)(uintptr_t)msg;
	remote_error err = {
		.code = code,
		.domain = domain,
		.message = &message,
		.level = VIR_ERR_LEVEL_ERROR,
	};

	h.status = RPC_ERROR;
	return server_send_body(c, &h, (xdrproc_t)xdr_remote_error, &err);
}

/* Hand every whole packet in @buf to dispatch; 0, or -1 once dropped. */
static int
server_feed(struct client *c, const uint8_t *buf, size_t len)
{
	struct rpc_packet pkt;
	size_t used;
	int rc;

	while (len > 0 && !c->dead) {
		rc = rpc_reader_feed(&c->reader, buf, len, &used, &pkt);
		if (rc < 0) {
			server_drop(c, rpc_reader_error(&c->reader));
			return -1;
		}
		buf += used;
		len -= used;
		if (rc == 1) {
			dispatch_packet(c, &pkt);
			rpc_packet_free(&pkt);
		}
	}
	return c->dead ? -1 : 0;
}

/* The client's socket is ready. */
static void
server_client_ready(void *ctx, int fd, short revents)
{
	struct client *c = ctx;
	uint8_t buf[SERVER_READ_MAX];
	ssize_t n;

	if (revents & POLLOUT) {
		server_flush(c);
	}
	if (c->dead || !(revents & (POLLIN | POLLHUP | POLLERR))) {
		return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR) {
			server_drop(c, strerror(errno));
		}
		return;
	}
	if (n == 0) {
		server_drop(c, rpc_reader_idle(&c->reader) ? NULL :
		    "end of file in the middle of a packet");
		return;
	}
	server_feed(c, buf, (size_t)n);
}

/* A new connection on socket @fd. */
static void
server_accept(void *ctx, int fd, short revents)
{
	struct hvd *hvd = ctx;
	struct server *s = &hvd->server;
	struct ucred cred = { 0, 0, 0 };
	socklen_t len = sizeof(cred);
	struct client *c;
	int cfd;

	(void)revents;
	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (cfd < 0) {
		if (errno != EAGAIN && errno != EINTR) {
			log_warn("%s: accept", __func__);
		}
		return;
	}
	getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
	if (s->count >= hvd->conf.max_clients) {
		log_warnx("client (pid %ld, uid %ld) refused: %zu clients "
		    "already (limits.max_clients)", (long)cred.pid,
		    (long)cred.uid, s->count);
		close(cfd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->hvd = hvd;
	c->id = ++s->next_id;
	c->fd = cfd;
	c->uid = cred.uid;
	c->pid = cred.pid;
	c->readonly = fd == s->fd_ro;
	c->next_callback = 1;
	rpc_reader_init(&c->reader);
	c->watch = loop_watch_add(&hvd->loop, cfd, POLLIN, server_client_ready,
	    c);
	if (c->watch == NULL) {
		close(cfd);
		free(c);
		return;
	}
	c->next = s->clients;
	s->clients = c;
	s->count++;
	log_info("client %u connected: pid %ld, uid %ld%s", c->id,
	    (long)c->pid, (long)c->uid, c->readonly ? ", read-only socket" :
	    "");
}

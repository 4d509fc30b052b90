/* SPDX-License-Identifier: ISC */
/*
 * server.h - hvd's sockets and the clients connected to them.
 *
 * Two unix sockets: the read-write one and the read-only one (whose
 * clients, like those that open read-only, may look but not change).
 * Each client's bytes go through an rpc_reader; each whole packet to
 * dispatch_packet().  What hvd sends a client is queued and written as
 * the socket takes it, so one slow client never holds up the others; a
 * client that stops reading its console data loses that data, never a
 * reply, and one that lets its replies pile up to CLIENT_OUT_MAX is not
 * read from until they drain.  A malformed packet closes that client's
 * connection only.
 */
#ifndef HVD_SERVER_H
#define HVD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rpc_packet.h"

struct hvd;
struct loop_watch;
struct client_event;
struct client_stream;

/** CLIENT_OUT_MAX - bytes queued for a client before stream data is
 * dropped and its calls are no longer read. */
#define CLIENT_OUT_MAX		(8u << 20)

/**
 * struct client - one connection.
 * @hvd:          the daemon.
 * @id:           a number for the log.
 * @fd:           the socket.
 * @watch:        its watch.
 * @reader:       packets out of its bytes.
 * @out:          bytes queued for it.
 * @out_len:      bytes in @out.
 * @out_off:      bytes of @out already written.
 * @out_cap:      room in @out.
 * @open:         CONNECT_OPEN succeeded.
 * @readonly:     it may not change anything (read-only socket or open).
 * @keepalive:    it asked for keepalive (feature 10): it may get PINGs.
 * @close_callback: it registered a close callback: it is told when hvd
 *                closes the connection (CONNECT_EVENT_CONNECTION_CLOSED).
 * @closing:      close once @out is written (after CONNECT_CLOSE).
 * @uid:          its user (SO_PEERCRED).
 * @pid:          its process.
 * @events:       its event registrations (events.c).
 * @next_callback: the callback id its next registration gets.
 * @streams:      its console streams (proc_console.c).
 * @dropped:      stream bytes dropped because it did not read.
 * @dead:         dropped: freed at the end of the loop's round.
 * @next:         the next client.
 */
struct client {
	struct hvd *hvd;
	unsigned int id;
	int fd;
	struct loop_watch *watch;
	struct rpc_reader reader;
	uint8_t *out;
	size_t out_len;
	size_t out_off;
	size_t out_cap;
	bool open;
	bool readonly;
	bool keepalive;
	bool close_callback;
	bool closing;
	uid_t uid;
	pid_t pid;
	struct client_event *events;
	int next_callback;
	struct client_stream *streams;
	uint64_t dropped;
	bool dead;
	struct client *next;
};

/**
 * struct server - the sockets and the clients.
 * @fd_rw:   the read-write socket, or -1.
 * @fd_ro:   the read-only socket, or -1.
 * @w_rw:    its watch.
 * @w_ro:    its watch.
 * @clients: the connected clients.
 * @count:   how many.
 * @next_id: the id of the next client.
 */
struct server {
	int fd_rw;
	int fd_ro;
	struct loop_watch *w_rw;
	struct loop_watch *w_ro;
	struct client *clients;
	size_t count;
	unsigned int next_id;
};

/**
 * server_listen() - make both sockets and start accepting.  A socket file
 * left by an hvd that is gone is replaced; one a live hvd answers on is
 * not (-EADDRINUSE).
 * @hvd: the daemon (paths, limits, loop).
 *
 * Return: 0 or -errno (logged).
 */
int server_listen(struct hvd *hvd);

/**
 * server_close() - close every client (telling those that registered a
 * close callback) and both sockets, and remove the socket files.
 * @hvd: the daemon.
 */
void server_close(struct hvd *hvd);

/**
 * server_send() - queue a packet for a client.
 * @c:   the client.
 * @pkt: the packet; its buffer is taken over (freed by the server).
 *
 * Return: 0; -ENOBUFS when the client's queue is over CLIENT_OUT_MAX and
 * the packet is stream data or an event (dropped); -ENOMEM.
 */
int server_send(struct client *c, struct rpc_packet *pkt);

/**
 * server_send_body() - encode and queue a packet.
 * @c:    the client.
 * @hdr:  its header.
 * @proc: the payload's XDR routine, or NULL for none.
 * @body: the payload.
 *
 * Return: as server_send(), or what rpc_packet_encode() returns.
 */
int server_send_body(struct client *c, const struct rpc_header *hdr,
    xdrproc_t proc, const void *body);

/**
 * server_send_error() - queue a packet with status ERROR and a
 * remote_error payload.
 * @c:      the client.
 * @hdr:    the header (type REPLY or STREAM; its status is set here).
 * @code:   enum rpc_error_code.
 * @domain: enum rpc_error_domain.
 * @msg:    the message.
 *
 * Return: as server_send_body().
 */
int server_send_error(struct client *c, const struct rpc_header *hdr,
    int code, int domain, const char *msg);

/**
 * server_drop() - close a client's connection now, logging why; nothing
 * more is sent to it.  Its event registrations and console streams go
 * with it in server_reap(): a drop can happen in the middle of sending an
 * event or console output to every client, which must find the lists it
 * walks intact.
 * @c:   the client (freed by server_reap(), so callers still holding it
 *       in this round may look at it: @c->dead is set).
 * @why: the reason, or NULL for a clean close.
 */
void server_drop(struct client *c, const char *why);

/**
 * server_reap() - free the clients dropped since the last call, with
 * their event registrations and console streams (the loop's idle
 * function calls it).
 * @hvd: the daemon.
 */
void server_reap(struct hvd *hvd);

#endif /* HVD_SERVER_H */

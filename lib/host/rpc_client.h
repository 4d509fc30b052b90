/* SPDX-License-Identifier: ISC */
/*
 * rpc_client.h - the client end of hvd's RPC wire (doc/rpc.md): connect
 * to a socket, make calls and wait for their replies, send and receive
 * stream packets.  hvctl speaks to hvd through it, and so do the tests.
 * Host-only code (libc, libtirpc); one thread per client.
 *
 * Calls are synchronous: rpc_client_call() sends the call and reads
 * packets until the reply with its serial comes.  Packets that are not
 * that reply (events, stream data, keepalive) met on the way go to the
 * client's @other callback, or are dropped if it has none; a keepalive
 * PING is answered with a PONG.
 */
#ifndef HV_HOST_RPC_CLIENT_H
#define HV_HOST_RPC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc_packet.h"

/** RPC_CLIENT_ERROR_MAX - room for the last error's message. */
#define RPC_CLIENT_ERROR_MAX	8192

/**
 * struct rpc_client - a connection (fields private but for reading).
 * @fd:         the socket, or -1.
 * @serial:     the serial of the next call.
 * @reader:     packets out of the socket's bytes.
 * @other:      called with packets that are not the awaited reply, or NULL.
 * @ctx:        passed to @other.
 * @err_code:   after a failed call: the server's error code (enum
 *              rpc_error_code), or 0 when the failure was local.
 * @error:      what went wrong, the server's message as it wrote it.
 * @in:         bytes read from the socket and not yet fed to @reader.
 * @in_len:     bytes in @in.
 * @in_off:     bytes of @in fed already.
 */
struct rpc_client {
	int fd;
	uint32_t serial;
	struct rpc_reader reader;
	void (*other)(void *ctx, const struct rpc_packet *pkt);
	void *ctx;
	int err_code;
	char error[RPC_CLIENT_ERROR_MAX];
	uint8_t in[65536];
	size_t in_len;
	size_t in_off;
};

/**
 * rpc_client_connect() - connect to a unix socket.
 * @c:    the client (caller memory).
 * @path: the socket.
 *
 * Return: 0 or -errno (@c->error says what).
 */
int rpc_client_connect(struct rpc_client *c, const char *path);

/**
 * rpc_client_close() - close the connection.
 * @c: the client; harmless twice.
 */
void rpc_client_close(struct rpc_client *c);

/**
 * rpc_client_call() - make a call and wait for its reply.
 * @c:         the client.
 * @prog:      the program.
 * @proc:      the procedure.
 * @args_proc: XDR routine of the args, or NULL for none.
 * @args:      the args.
 * @ret_proc:  XDR routine of the ret, or NULL for none.
 * @ret:       zeroed by the caller; filled in on success (free it with
 *             rpc_body_free()).
 *
 * Return: 0; -EREMOTEIO when the server answered with an error (its code
 * in @c->err_code, its message in @c->error); -EPIPE if the server closed
 * the connection; -EBADMSG for a reply that does not decode; -errno.
 */
int rpc_client_call(struct rpc_client *c, uint32_t prog, int32_t proc,
    xdrproc_t args_proc, const void *args, xdrproc_t ret_proc, void *ret);

/**
 * rpc_client_last_serial() - the serial of the last call (its stream's).
 * @c: the client.
 *
 * Return: the serial.
 */
uint32_t rpc_client_last_serial(const struct rpc_client *c);

/**
 * rpc_client_send_raw() - send a packet with a raw payload (stream data).
 * @c:    the client.
 * @hdr:  its header.
 * @data: the payload.
 * @len:  its bytes.
 *
 * Return: 0 or -errno.
 */
int rpc_client_send_raw(struct rpc_client *c, const struct rpc_header *hdr,
    const void *data, size_t len);

/**
 * rpc_client_recv() - the next packet from the server (PINGs are answered
 * and not returned).
 * @c:          the client.
 * @pkt:        filled in; rpc_packet_free() it.
 * @timeout_ms: longest wait; < 0: for ever.
 *
 * Return: 0; -ETIMEDOUT; -EPIPE at end of file; -EBADMSG for a stream
 * that is not packets; -errno.
 */
int rpc_client_recv(struct rpc_client *c, struct rpc_packet *pkt,
    int timeout_ms);

#endif /* HV_HOST_RPC_CLIENT_H */

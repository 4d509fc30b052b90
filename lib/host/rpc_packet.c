/* SPDX-License-Identifier: ISC */
/*
 * rpc_packet.c - encode and decode whole packets of libvirt's remote
 * protocol framing with libtirpc's XDR (rpc_packet.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_packet.h"

/*
 * The XDR of the header, in the order of libvirt's virNetMessageHeader.
 * type and status are XDR enums: 4 bytes like an int.
 */
static bool_t
rpc_header_xdr(XDR *xdrs, struct rpc_header *hdr)
{
	return xdr_u_int(xdrs, &hdr->prog) &&
	    xdr_u_int(xdrs, &hdr->vers) &&
	    xdr_int(xdrs, &hdr->proc) &&
	    xdr_u_int(xdrs, &hdr->type) &&
	    xdr_u_int(xdrs, &hdr->serial) &&
	    xdr_u_int(xdrs, &hdr->status);
}

int
rpc_packet_check_len(uint32_t len)
{
	if (len < RPC_PACKET_MIN) {
		return -EBADMSG;
	}
	if (len > RPC_PACKET_MAX) {
		return -EMSGSIZE;
	}
	return 0;
}

int
rpc_header_decode(const uint8_t *buf, struct rpc_header *hdr)
{
	XDR xdrs;
	bool_t ok;

	/* XDR_DECODE only reads, but xdrmem_create() takes a char *. */
	xdrmem_create(&xdrs, (char *)(uintptr_t)buf, RPC_HEADER_SIZE,
	    XDR_DECODE);
	ok = rpc_header_xdr(&xdrs, hdr);
	xdr_destroy(&xdrs);
	if (!ok || hdr->type > RPC_STREAM_HOLE || hdr->status > RPC_CONTINUE) {
		return -EBADMSG;
	}
	return 0;
}

struct rpc_header
rpc_header_reply(const struct rpc_header *call, enum rpc_status status)
{
	struct rpc_header hdr = *call;

	hdr.type = RPC_REPLY;
	hdr.status = status;
	return hdr;
}

int
rpc_packet_parse(const uint8_t *buf, size_t len, struct rpc_header *hdr)
{
	uint32_t word;
	XDR xdrs;
	int rc;

	if (len < RPC_LEN_SIZE) {
		return -EBADMSG;
	}
	xdrmem_create(&xdrs, (char *)(uintptr_t)buf, RPC_LEN_SIZE, XDR_DECODE);
	if (!xdr_u_int(&xdrs, &word)) {
		xdr_destroy(&xdrs);
		return -EBADMSG;
	}
	xdr_destroy(&xdrs);
	rc = rpc_packet_check_len(word);
	if (rc < 0) {
		return rc;
	}
	if (word != len) {
		return -EBADMSG;
	}
	return rpc_header_decode(buf + RPC_LEN_SIZE, hdr);
}

/*
 * Allocate a packet of @payload_len payload bytes and write its length
 * word and header; the payload is left to the caller.
 */
static int
rpc_packet_start(struct rpc_packet *pkt, const struct rpc_header *hdr,
    size_t payload_len)
{
	struct rpc_header h = *hdr;
	uint32_t word;
	XDR xdrs;
	bool_t ok;

	pkt->buf = NULL;
	pkt->len = 0;
	if (payload_len > RPC_PAYLOAD_MAX) {
		return -EMSGSIZE;
	}
	word = (uint32_t)(RPC_PACKET_MIN + payload_len);
	pkt->buf = malloc(word);
	if (pkt->buf == NULL) {
		return -ENOMEM;
	}
	xdrmem_create(&xdrs, (char *)pkt->buf, RPC_PACKET_MIN, XDR_ENCODE);
	ok = xdr_u_int(&xdrs, &word) && rpc_header_xdr(&xdrs, &h);
	xdr_destroy(&xdrs);
	if (!ok) {
		rpc_packet_free(pkt);
		return -EINVAL;
	}
	pkt->hdr = h;
	pkt->len = word;
	return 0;
}

int
rpc_packet_encode(struct rpc_packet *pkt, const struct rpc_header *hdr,
    xdrproc_t proc, const void *body)
{
	unsigned long size = 0;
	XDR xdrs;
	bool_t ok;
	int rc;

	/* xdr_sizeof() runs @proc on a counting stream: 0 if it refuses. */
	if (proc != NULL) {
		size = xdr_sizeof(proc, (void *)(uintptr_t)body);
	}
	if (size > RPC_PAYLOAD_MAX) {
		return -EMSGSIZE;
	}
	rc = rpc_packet_start(pkt, hdr, size);
	if (rc < 0 || proc == NULL) {
		return rc;
	}
	xdrmem_create(&xdrs, (char *)pkt->buf + RPC_PACKET_MIN, (u_int)size,
	    XDR_ENCODE);
	ok = proc(&xdrs, (void *)(uintptr_t)body) && xdr_getpos(&xdrs) == size;
	xdr_destroy(&xdrs);
	if (!ok) {
		rpc_packet_free(pkt);
		return -EINVAL;
	}
	return 0;
}

int
rpc_packet_encode_raw(struct rpc_packet *pkt, const struct rpc_header *hdr,
    const void *data, size_t len)
{
	int rc;

	rc = rpc_packet_start(pkt, hdr, len);
	if (rc < 0) {
		return rc;
	}
	if (len > 0) {
		memcpy(pkt->buf + RPC_PACKET_MIN, data, len);
	}
	return 0;
}

int
rpc_packet_decode(const struct rpc_packet *pkt, xdrproc_t proc, void *body)
{
	size_t len = rpc_packet_payload_len(pkt);
	XDR xdrs;
	bool_t ok;

	if (proc == NULL) {
		return len == 0 ? 0 : -EBADMSG;
	}
	xdrmem_create(&xdrs, (char *)(uintptr_t)rpc_packet_payload(pkt),
	    (u_int)len, XDR_DECODE);
	ok = proc(&xdrs, body) && xdr_getpos(&xdrs) == len;
	xdr_destroy(&xdrs);
	if (!ok) {
		/* A routine that failed half way may hold allocations. */
		rpc_body_free(proc, body);
		return -EBADMSG;
	}
	return 0;
}

void
rpc_body_free(xdrproc_t proc, void *body)
{
	if (proc != NULL) {
		xdr_free(proc, body);
	}
}

void
rpc_packet_free(struct rpc_packet *pkt)
{
	free(pkt->buf);
	pkt->buf = NULL;
	pkt->len = 0;
}

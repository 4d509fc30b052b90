/* SPDX-License-Identifier: ISC */
/*
 * rpc_packet.h - packets of libvirt's remote protocol framing, which hvd
 * serves and hvctl speaks (doc/rpc.md).  Host-only code (libc, libtirpc).
 *
 * A packet on the byte stream is
 *
 *   u32 length  big-endian, counting itself, the header and the payload
 *   header      prog, vers, proc, type, serial, status (24 bytes of XDR)
 *   payload     the XDR of the procedure's args, ret, error or event;
 *               raw bytes for stream data
 *
 * Everything is encoded and decoded with libtirpc's XDR routines; the
 * payload with an xdrproc_t that rpcgen made from hv_protocol.x.  The size
 * limits are libvirt's: length - 4 (header and payload) is at most
 * RPC_MESSAGE_MAX, 32 MiB, and at least the header.
 *
 * struct rpc_reader turns a byte stream into packets: feed it whatever
 * read() returned and it hands out each complete packet.  A length outside
 * the limits is refused as soon as its four bytes are in, before anything
 * is allocated for it, so that the connection can be closed; memory for a
 * packet grows with the bytes that really arrived.
 *
 * Every function returns 0 or -errno unless it says otherwise.
 */
#ifndef HV_HOST_RPC_PACKET_H
#define HV_HOST_RPC_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpc/rpc.h>

/** RPC_LEN_SIZE - bytes of the length word in front of every packet. */
#define RPC_LEN_SIZE		4u
/** RPC_HEADER_SIZE - bytes of the XDR header (VIR_NET_MESSAGE_HEADER_MAX). */
#define RPC_HEADER_SIZE		24u
/** RPC_PACKET_MIN - the smallest packet: length word and header. */
#define RPC_PACKET_MIN		(RPC_LEN_SIZE + RPC_HEADER_SIZE)
/** RPC_MESSAGE_MAX - most bytes of header and payload (VIR_NET_MESSAGE_MAX). */
#define RPC_MESSAGE_MAX		33554432u
/** RPC_PACKET_MAX - the largest length word accepted. */
#define RPC_PACKET_MAX		(RPC_LEN_SIZE + RPC_MESSAGE_MAX)
/** RPC_PAYLOAD_MAX - most bytes of payload. */
#define RPC_PAYLOAD_MAX		(RPC_MESSAGE_MAX - RPC_HEADER_SIZE)

/**
 * enum rpc_type - the header's type (libvirt's virNetMessageType).
 * @RPC_CALL:            client to server: a procedure's args.
 * @RPC_REPLY:           server to client: its ret, or a remote_error.
 * @RPC_MESSAGE:         either way, unasked: an event or a keepalive.
 * @RPC_STREAM:          either way: stream data of the call with the serial.
 * @RPC_CALL_WITH_FDS:   a call passing file descriptors (hv refuses it).
 * @RPC_REPLY_WITH_FDS:  a reply passing file descriptors (hv sends none).
 * @RPC_STREAM_HOLE:     a hole in a sparse stream (hv sends none).
 */
enum rpc_type {
	RPC_CALL = 0,
	RPC_REPLY = 1,
	RPC_MESSAGE = 2,
	RPC_STREAM = 3,
	RPC_CALL_WITH_FDS = 4,
	RPC_REPLY_WITH_FDS = 5,
	RPC_STREAM_HOLE = 6,
};

/**
 * enum rpc_status - the header's status (libvirt's virNetMessageStatus).
 * @RPC_OK:       a call, an event, a successful reply, a stream's finish.
 * @RPC_ERROR:    a failed reply or stream: a remote_error follows.
 * @RPC_CONTINUE: stream data follows (empty: end of the stream).
 */
enum rpc_status {
	RPC_OK = 0,
	RPC_ERROR = 1,
	RPC_CONTINUE = 2,
};

/**
 * struct rpc_header - the header of a packet (virNetMessageHeader).
 * @prog:   program number (REMOTE_PROGRAM, KEEPALIVE_PROGRAM, HVD_PROGRAM).
 * @vers:   program version.
 * @proc:   procedure number within the program.
 * @type:   enum rpc_type.
 * @serial: the call's serial; its reply and stream packets echo it.
 * @status: enum rpc_status.
 */
struct rpc_header {
	uint32_t prog;
	uint32_t vers;
	int32_t proc;
	uint32_t type;
	uint32_t serial;
	uint32_t status;
};

/**
 * struct rpc_packet - one whole packet, owned by whoever holds it.
 * @hdr: its decoded header.
 * @buf: the bytes on the wire, length word first (malloc'ed).
 * @len: bytes in @buf, the value of the length word.
 */
struct rpc_packet {
	struct rpc_header hdr;
	uint8_t *buf;
	size_t len;
};

/**
 * rpc_packet_payload() - where a packet's payload starts.
 * @pkt: the packet.
 *
 * Return: a pointer into @pkt->buf; rpc_packet_payload_len() bytes follow.
 */
static inline const uint8_t *
rpc_packet_payload(const struct rpc_packet *pkt)
{
	return pkt->buf + RPC_PACKET_MIN;
}

/**
 * rpc_packet_payload_len() - bytes of a packet's payload.
 * @pkt: the packet.
 *
 * Return: @pkt->len less the length word and the header.
 */
static inline size_t
rpc_packet_payload_len(const struct rpc_packet *pkt)
{
	return pkt->len - RPC_PACKET_MIN;
}

/**
 * rpc_packet_check_len() - is a length word acceptable?
 * @len: the value of the length word.
 *
 * Return: 0; -EBADMSG below RPC_PACKET_MIN; -EMSGSIZE above RPC_PACKET_MAX.
 */
int rpc_packet_check_len(uint32_t len);

/**
 * rpc_header_decode() - decode a header.
 * @buf: RPC_HEADER_SIZE bytes (the packet after its length word).
 * @hdr: filled in.
 *
 * prog, vers and proc may be anything (the caller answers unknown ones
 * with an error reply); type and status must be known values.
 *
 * Return: 0, or -EBADMSG for an unknown type or status.
 */
int rpc_header_decode(const uint8_t *buf, struct rpc_header *hdr);

/**
 * rpc_header_reply() - the header of the answer to a call.
 * @call:   the call's header.
 * @status: RPC_OK or RPC_ERROR.
 *
 * Return: @call's prog, vers, proc and serial with type RPC_REPLY.
 */
struct rpc_header rpc_header_reply(const struct rpc_header *call,
    enum rpc_status status);

/**
 * rpc_packet_parse() - take a whole packet apart.
 * @buf: the packet, length word first.
 * @len: bytes in @buf.
 * @hdr: filled in with the header.
 *
 * Return: 0; -EBADMSG if @len is not the length word, or the length word
 * or the header is bad (rpc_packet_check_len(), rpc_header_decode());
 * -EMSGSIZE for a length above the limit.
 */
int rpc_packet_parse(const uint8_t *buf, size_t len, struct rpc_header *hdr);

/**
 * rpc_packet_encode() - build a packet with an XDR payload.
 * @pkt:  filled in; its buffer is malloc'ed (rpc_packet_free()).
 * @hdr:  the header.
 * @proc: the payload's XDR routine, or NULL for an empty payload.
 * @body: what @proc encodes.
 *
 * A remote_nonnull_string must not be NULL: that is the caller's bug (and
 * ASan's interceptor of xdr_string() crashes on it).
 *
 * Return: 0; -EINVAL if @proc refuses @body (a string or an array over its
 * limit); -EMSGSIZE if the payload exceeds RPC_PAYLOAD_MAX; -ENOMEM.
 */
int rpc_packet_encode(struct rpc_packet *pkt, const struct rpc_header *hdr,
    xdrproc_t proc, const void *body);

/**
 * rpc_packet_encode_raw() - build a packet whose payload is raw bytes.
 * @pkt:  filled in; its buffer is malloc'ed (rpc_packet_free()).
 * @hdr:  the header (a STREAM packet: stream data carries no XDR length).
 * @data: the payload.
 * @len:  its bytes, 0..RPC_PAYLOAD_MAX.
 *
 * Return: 0, -EMSGSIZE or -ENOMEM.
 */
int rpc_packet_encode_raw(struct rpc_packet *pkt, const struct rpc_header *hdr,
    const void *data, size_t len);

/**
 * rpc_packet_decode() - decode a packet's payload.
 * @pkt:  the packet.
 * @proc: the payload's XDR routine, or NULL where the payload is empty.
 * @body: zeroed by the caller; filled in.  On success the caller frees
 *        what it holds with rpc_body_free().
 *
 * The payload must be exactly what @proc reads: trailing bytes are an
 * error.  A string or array longer than its .x limit is refused before
 * anything is allocated for it; on any error nothing stays allocated.
 *
 * Return: 0, or -EBADMSG for a payload that is not a valid @proc.
 */
int rpc_packet_decode(const struct rpc_packet *pkt, xdrproc_t proc,
    void *body);

/**
 * rpc_body_free() - free what rpc_packet_decode() allocated in a body.
 * @proc: the XDR routine it was decoded with (NULL: nothing to do).
 * @body: the body; its pointers are NULL afterwards.
 */
void rpc_body_free(xdrproc_t proc, void *body);

/**
 * rpc_packet_free() - free a packet's buffer.
 * @pkt: the packet; its buffer is NULL afterwards.
 */
void rpc_packet_free(struct rpc_packet *pkt);

/**
 * struct rpc_reader - packets out of a byte stream; see the file comment.
 * @buf:   the packet being read.
 * @cap:   bytes allocated at @buf.
 * @have:  bytes of it received.
 * @want:  its length word, 0 until that is in.
 * @error: 0, or the -errno that ended the stream.
 * @msg:   what was wrong, in words, when @error is set.
 */
struct rpc_reader {
	uint8_t *buf;
	size_t cap;
	size_t have;
	size_t want;
	int error;
	char msg[96];
};

/**
 * rpc_reader_init() - set up a reader for a new connection.
 * @r: the reader.
 */
void rpc_reader_init(struct rpc_reader *r);

/**
 * rpc_reader_fini() - free a reader's partial packet.
 * @r: the reader.
 */
void rpc_reader_fini(struct rpc_reader *r);

/**
 * rpc_reader_feed() - give a reader bytes from the stream.
 * @r:    the reader.
 * @data: the bytes.
 * @len:  how many.
 * @used: set to the bytes consumed: all of @len unless a packet completed,
 *        in which case the rest belongs to the next call.
 * @pkt:  filled in with the packet when one completes; the caller owns it
 *        (rpc_packet_free()).
 *
 * Return: 1 when @pkt holds a packet; 0 when every byte was taken and the
 * packet is not complete yet; -EBADMSG (length below RPC_PACKET_MIN, bad
 * type or status), -EMSGSIZE (length above RPC_PACKET_MAX) or -ENOMEM,
 * after which the stream cannot go on: every later call returns the same
 * and rpc_reader_error() says why.
 */
int rpc_reader_feed(struct rpc_reader *r, const void *data, size_t len,
    size_t *used, struct rpc_packet *pkt);

/**
 * rpc_reader_idle() - is the reader between packets?
 * @r: the reader.
 *
 * Return: true when no byte of a next packet has arrived: an end of file
 * now is a clean close, otherwise the peer left a packet unfinished.
 */
bool rpc_reader_idle(const struct rpc_reader *r);

/**
 * rpc_reader_error() - why a reader stopped.
 * @r: the reader.
 *
 * Return: a message such as "packet length 3 below the minimum 28", or ""
 * while the reader is fine.
 */
const char *rpc_reader_error(const struct rpc_reader *r);

#endif /* HV_HOST_RPC_PACKET_H */

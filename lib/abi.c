/* SPDX-License-Identifier: ISC */
/*
 * abi.c - decoding of mailbox messages.
 *
 * abi_decode() reads in an order that keeps every read inside the bytes it
 * was given: the header only once @len covers it, the body only once the
 * header's length has been checked against @len, a count only once the
 * body's fixed part is known to be there, entries only once the count
 * agrees with the length.  The per-type field checks are in abi_check.c.
 *
 * The buffer is the caller's private copy (abi_ring_pop() makes one), so
 * nothing can change between the checks and the use of the view.
 */
#include <hv/abi.h>
#include <hv/errno.h>

#include "abi_impl.h"

/* How a body is laid out: a fixed head and maybe counted items after it. */
enum layout_kind {
	LAYOUT_NONE,		/* not a type of this version */
	LAYOUT_FIXED,		/* head only */
	LAYOUT_BATCH,		/* abi_batch: u32 count at offset 4 */
	LAYOUT_DUMP,		/* abi_s2_dump_reply: u32 count at offset 4 */
	LAYOUT_TEXT,		/* abi_text: u16 len at offset 6 */
};

struct layout {
	enum layout_kind kind;
	uint16_t head;		/* bytes of the fixed part */
	uint16_t item;		/* bytes per counted item */
	uint16_t count_max;
};

#define FIXED(head)	{ LAYOUT_FIXED, sizeof(head), 0, 0 }
#define EMPTY		{ LAYOUT_FIXED, 0, 0, 0 }
#define BATCH		{ LAYOUT_BATCH, sizeof(struct abi_batch), \
			    sizeof(struct abi_range), ABI_BATCH_MAX }
#define DUMP		{ LAYOUT_DUMP, sizeof(struct abi_s2_dump_reply), \
			    sizeof(struct abi_s2_run), ABI_DUMP_MAX }
#define TEXT(max)	{ LAYOUT_TEXT, sizeof(struct abi_text), 1, (max) }

/* The body of each type when all is well; the rest is LAYOUT_NONE. */
static const struct layout layouts[256] = {
	[ABI_MSG_HELLO] = FIXED(struct abi_hello),
	[ABI_MSG_CREATE_VM] = FIXED(struct abi_create_vm),
	[ABI_MSG_DESTROY_VM] = FIXED(struct abi_vm_ref),
	[ABI_MSG_MAP] = BATCH,
	[ABI_MSG_UNMAP] = BATCH,
	[ABI_MSG_PROTECT] = BATCH,
	[ABI_MSG_SET_VCPU] = FIXED(struct abi_set_vcpu),
	[ABI_MSG_RUN] = FIXED(struct abi_vm_ref),
	[ABI_MSG_PAUSE] = FIXED(struct abi_vm_ref),
	[ABI_MSG_STATS] = FIXED(struct abi_vm_ref),
	[ABI_MSG_S2_DUMP] = FIXED(struct abi_s2_dump),
	[ABI_MSG_CONSOLE_IN] = TEXT(ABI_CONSOLE_MAX),
	[ABI_MSG_CONSOLE_OUT] = TEXT(ABI_CONSOLE_MAX),
	[ABI_MSG_FAULT] = FIXED(struct abi_fault),
	[ABI_MSG_VM_EXITED] = FIXED(struct abi_vm_exited),
	[ABI_MSG_LOG] = TEXT(ABI_LOG_MAX),
	[ABI_MSG_HELLO_REPLY] = FIXED(struct abi_hello_reply),
	[ABI_MSG_CREATE_VM_REPLY] = EMPTY,
	[ABI_MSG_DESTROY_VM_REPLY] = EMPTY,
	[ABI_MSG_MAP_REPLY] = FIXED(struct abi_batch_reply),
	[ABI_MSG_UNMAP_REPLY] = FIXED(struct abi_batch_reply),
	[ABI_MSG_PROTECT_REPLY] = FIXED(struct abi_batch_reply),
	[ABI_MSG_SET_VCPU_REPLY] = EMPTY,
	[ABI_MSG_RUN_REPLY] = EMPTY,
	[ABI_MSG_PAUSE_REPLY] = EMPTY,
	[ABI_MSG_STATS_REPLY] = FIXED(struct abi_stats_reply),
	[ABI_MSG_S2_DUMP_REPLY] = DUMP,
	[ABI_MSG_CONSOLE_IN_REPLY] = EMPTY,
	[ABI_MSG_NAK] = EMPTY,
};

/*
 * The body layout of @type; false for a type this version does not have.
 * A failed reply has no body, except that a failed batch reply still says
 * how far the batch got.
 */
static bool
layout_of(unsigned int type, int32_t status, struct layout *l)
{
	static const struct layout empty = EMPTY;

	if (type >= sizeof(layouts) / sizeof(layouts[0]) ||
	    layouts[type].kind == LAYOUT_NONE) {
		return false;
	}
	*l = layouts[type];
	if (status < 0 && type != ABI_MSG_MAP_REPLY &&
	    type != ABI_MSG_UNMAP_REPLY && type != ABI_MSG_PROTECT_REPLY) {
		*l = empty;
	}
	return true;
}

/* Magic, version, length against @len and the maximum, flags, reserved. */
static int
check_hdr(const struct abi_hdr *h, size_t len)
{
	if (len < sizeof(*h) || h->magic != ABI_MSG_MAGIC) {
		return -EBADMSG;
	}
	if (h->version != ABI_VERSION) {
		return -EPROTONOSUPPORT;
	}
	if (h->length > ABI_MSG_MAX) {
		return -EMSGSIZE;
	}
	if (h->length < sizeof(*h) || h->length > len) {
		return -EBADMSG;
	}
	if ((h->flags & ~(uint32_t)ABI_HDR_FLAGS_KNOWN) != 0 ||
	    h->reserved != 0) {
		return -EBADMSG;
	}
	return 0;
}

/* A reply's status is 0 or -errno (a NAK's always < 0); others' is 0. */
static int
check_status(unsigned int type, int32_t status)
{
	if (!abi_type_is_reply(type)) {
		return status == 0 ? 0 : -EBADMSG;
	}
	if (status > 0 || status < ABI_STATUS_MIN ||
	    (type == ABI_MSG_NAK && status == 0)) {
		return -EBADMSG;
	}
	return 0;
}

/* The count of a variable body whose head is known to be present. */
static uint32_t
read_count(enum layout_kind kind, const void *body)
{
	switch (kind) {
	case LAYOUT_BATCH:
		return ((const struct abi_batch *)body)->count;
	case LAYOUT_DUMP:
		return ((const struct abi_s2_dump_reply *)body)->count;
	case LAYOUT_TEXT:
		return ((const struct abi_text *)body)->len;
	case LAYOUT_NONE:
	case LAYOUT_FIXED:
	default:
		return 0;
	}
}

/*
 * The body's length must be exactly what the layout and count say.  The
 * count is bounded before it is multiplied, so the product cannot wrap.
 */
static int
check_length(const struct layout *l, const void *body, uint32_t body_len,
    uint32_t *count)
{
	uint64_t want;

	*count = 0;
	if (l->kind == LAYOUT_FIXED) {
		return body_len == l->head ? 0 : -EBADMSG;
	}
	if (body_len < l->head) {
		return -EBADMSG;
	}
	*count = read_count(l->kind, body);
	if (*count > l->count_max) {
		return -EMSGSIZE;
	}
	want = (uint64_t)l->head + (uint64_t)*count * l->item;
	return body_len == want ? 0 : -EBADMSG;
}

/**
 * abi_decode() - check untrusted bytes and make a view of the message.
 * @buf:  the bytes, a private copy aligned to ABI_MSG_ALIGN.
 * @len:  bytes available at @buf.
 * @view: filled in on success.
 *
 * Return: 0, -EINVAL, -EBADMSG, -EMSGSIZE, -EPROTONOSUPPORT or -EPROTO as
 * hv/abi.h details.
 */
int
abi_decode(const void *buf, size_t len, struct abi_view *view)
{
	const struct abi_hdr *h = buf;
	const unsigned char *body;
	struct layout l;
	uint32_t body_len, count;
	int err;

	if (buf == NULL || view == NULL ||
	    ((uintptr_t)buf & (ABI_MSG_ALIGN - 1)) != 0) {
		return -EINVAL;
	}
	err = check_hdr(h, len);
	if (err != 0) {
		return err;
	}
	if (!layout_of(h->type, h->status, &l)) {
		return -EPROTO;
	}
	err = check_status(h->type, h->status);
	if (err != 0) {
		return err;
	}
	body = (const unsigned char *)buf + sizeof(*h);
	body_len = h->length - (uint32_t)sizeof(*h);
	err = check_length(&l, body, body_len, &count);
	if (err == 0 && body_len != 0) {
		err = abi_check_body(h->type, body, count);
	}
	if (err != 0) {
		return err;
	}
	view->hdr = h;
	view->type = h->type;
	view->body = body_len != 0 ? body : NULL;
	view->body_len = body_len;
	view->count = count;
	view->msg.hello = view->body;
	return 0;
}

/**
 * abi_peek_seq() - the sequence number of a message abi_decode() refused.
 * @buf: the bytes.
 * @len: bytes available.
 *
 * Reads the field byte by byte: @buf need not be aligned.
 *
 * Return: the seq field, or 0 if @len is too short to hold one.
 */
uint64_t
abi_peek_seq(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t seq = 0;
	size_t off = offsetof(struct abi_hdr, seq);
	unsigned int i;

	if (buf == NULL || len < off + sizeof(seq)) {
		return 0;
	}
	for (i = 0; i < sizeof(seq); i++) {
		seq |= (uint64_t)p[off + i] << (8 * i);
	}
	return seq;
}

/**
 * abi_reply_type() - the reply type of a request type.
 * @req_type: a request type.
 *
 * Return: @req_type | ABI_MSG_REPLY, or ABI_MSG_NAK for a type that is not
 * a request of this version.
 */
unsigned int
abi_reply_type(unsigned int req_type)
{
	if (abi_type_is_request(req_type)) {
		return req_type | ABI_MSG_REPLY;
	}
	return ABI_MSG_NAK;
}

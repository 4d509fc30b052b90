/* SPDX-License-Identifier: ISC */
/*
 * abi_encode.c - writing mailbox messages.
 *
 * Each encoder lays the header and body out in the caller's buffer and then
 * runs abi_decode() over the result: an encoder hands back only what the
 * peer will accept, so a sender's mistake shows up at the sender, with
 * -EINVAL, rather than as a refused message at the other end.
 */
#include <hv/abi.h>
#include <hv/errno.h>

static bool
buf_ok(const void *buf)
{
	return buf != NULL && ((uintptr_t)buf & (ABI_MSG_ALIGN - 1)) == 0;
}

static void
put_hdr(void *buf, unsigned int type, size_t length, uint64_t seq,
    int32_t status)
{
	struct abi_hdr *h = buf;

	h->magic = ABI_MSG_MAGIC;
	h->version = ABI_VERSION;
	h->type = (uint16_t)type;
	h->length = (uint32_t)length;
	h->flags = 0;
	h->seq = seq;
	h->status = status;
	h->reserved = 0;
}

/* Check what was written as the peer will; keep -EMSGSIZE apart. */
static int
finish(const void *buf, size_t length)
{
	struct abi_view v;
	int err;

	err = abi_decode(buf, length, &v);
	if (err == -EMSGSIZE) {
		return err;
	}
	return err == 0 ? (int)length : -EINVAL;
}

/**
 * abi_encode() - write a message of fixed layout.
 * @buf:      where, aligned to ABI_MSG_ALIGN.
 * @cap:      bytes available at @buf.
 * @type:     enum abi_msg_type.
 * @seq:      sequence number.
 * @status:   0, or a reply's -errno.
 * @body:     the body (may be NULL when @body_len is 0).
 * @body_len: its bytes.
 *
 * Return: the length, -EMSGSIZE or -EINVAL.
 */
int
abi_encode(void *buf, size_t cap, unsigned int type, uint64_t seq,
    int32_t status, const void *body, size_t body_len)
{
	size_t length;

	if (!buf_ok(buf) || (body == NULL && body_len != 0) ||
	    type > UINT16_MAX) {
		return -EINVAL;
	}
	if (body_len > ABI_MSG_MAX - sizeof(struct abi_hdr)) {
		return -EMSGSIZE;
	}
	length = sizeof(struct abi_hdr) + body_len;
	if (length > cap) {
		return -EMSGSIZE;
	}
	put_hdr(buf, type, length, seq, status);
	if (body_len != 0) {
		__builtin_memcpy((unsigned char *)buf + sizeof(struct abi_hdr),
		    body, body_len);
	}
	return finish(buf, length);
}

/**
 * abi_encode_batch() - write a MAP, UNMAP or PROTECT request.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @type:  ABI_MSG_MAP, ABI_MSG_UNMAP or ABI_MSG_PROTECT.
 * @seq:   sequence number.
 * @vm:    the VM.
 * @entry: @count entries.
 * @count: 1..ABI_BATCH_MAX.
 *
 * Return: the length, -EMSGSIZE or -EINVAL.
 */
int
abi_encode_batch(void *buf, size_t cap, unsigned int type, uint64_t seq,
    uint32_t vm, const struct abi_range *entry, uint32_t count)
{
	struct abi_batch *b;
	size_t length;

	if (!buf_ok(buf) || (entry == NULL && count != 0) ||
	    (type != ABI_MSG_MAP && type != ABI_MSG_UNMAP &&
	    type != ABI_MSG_PROTECT)) {
		return -EINVAL;
	}
	if (count > ABI_BATCH_MAX) {
		return -EMSGSIZE;
	}
	length = sizeof(struct abi_hdr) + sizeof(*b) +
	    count * sizeof(struct abi_range);
	if (length > cap) {
		return -EMSGSIZE;
	}
	put_hdr(buf, type, length, seq, 0);
	b = (struct abi_batch *)((unsigned char *)buf + sizeof(struct abi_hdr));
	b->vm = vm;
	b->count = count;
	if (count != 0) {
		__builtin_memcpy(b->entry, entry, count * sizeof(*entry));
	}
	return finish(buf, length);
}

/* A text message; the public encoders below pick what @type allows. */
static int
encode_text(void *buf, size_t cap, unsigned int type, uint64_t seq,
    uint32_t vm, unsigned int level, unsigned int flags, const void *bytes,
    size_t len)
{
	struct abi_text *t;
	size_t length, max;

	if (!buf_ok(buf) || (bytes == NULL && len != 0) ||
	    level > UINT8_MAX || flags > UINT8_MAX) {
		return -EINVAL;
	}
	if (type == ABI_MSG_LOG) {
		max = ABI_LOG_MAX;
	} else if (type == ABI_MSG_CONSOLE_IN || type == ABI_MSG_CONSOLE_OUT) {
		max = ABI_CONSOLE_MAX;
	} else {
		return -EINVAL;
	}
	if (len > max) {
		return -EMSGSIZE;
	}
	length = sizeof(struct abi_hdr) + sizeof(*t) + len;
	if (length > cap) {
		return -EMSGSIZE;
	}
	put_hdr(buf, type, length, seq, 0);
	t = (struct abi_text *)((unsigned char *)buf + sizeof(struct abi_hdr));
	t->vm = vm;
	t->level = (uint8_t)level;
	t->flags = (uint8_t)flags;
	t->len = (uint16_t)len;
	if (len != 0) {
		__builtin_memcpy(t->bytes, bytes, len);
	}
	return finish(buf, length);
}

/**
 * abi_encode_text() - write a CONSOLE_IN, CONSOLE_OUT or LOG message.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @type:  ABI_MSG_CONSOLE_IN, ABI_MSG_CONSOLE_OUT or ABI_MSG_LOG.
 * @seq:   sequence number.
 * @vm:    the VM (0 for a firmware LOG).
 * @level: LOG: enum abi_log_level; console: 0.
 * @bytes: @len bytes.
 * @len:   1..ABI_CONSOLE_MAX or 1..ABI_LOG_MAX.
 *
 * Return: the length, -EMSGSIZE or -EINVAL.
 */
int
abi_encode_text(void *buf, size_t cap, unsigned int type, uint64_t seq,
    uint32_t vm, unsigned int level, const void *bytes, size_t len)
{
	return encode_text(buf, cap, type, seq, vm, level, 0, bytes, len);
}

/**
 * abi_encode_console_in() - write a CONSOLE_IN request with its flags.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @seq:   sequence number.
 * @vm:    the VM.
 * @flags: ABI_TEXT_FLAGS_KNOWN bits.
 * @bytes: @len bytes.
 * @len:   0..ABI_CONSOLE_MAX (0 only with ABI_TEXT_BREAK).
 *
 * Return: the length, -EMSGSIZE or -EINVAL.
 */
int
abi_encode_console_in(void *buf, size_t cap, uint64_t seq, uint32_t vm,
    unsigned int flags, const void *bytes, size_t len)
{
	return encode_text(buf, cap, ABI_MSG_CONSOLE_IN, seq, vm, 0, flags,
	    bytes, len);
}

/**
 * abi_encode_dump_reply() - write a successful S2_DUMP reply.
 * @buf:   where, aligned to ABI_MSG_ALIGN.
 * @cap:   bytes available.
 * @seq:   the request's sequence number.
 * @head:  vm, next and flags (count is set from @count).
 * @run:   @count runs.
 * @count: 0..ABI_DUMP_MAX.
 *
 * Return: the length, -EMSGSIZE or -EINVAL.
 */
int
abi_encode_dump_reply(void *buf, size_t cap, uint64_t seq,
    const struct abi_s2_dump_reply *head, const struct abi_s2_run *run,
    uint32_t count)
{
	struct abi_s2_dump_reply *d;
	size_t length;

	if (!buf_ok(buf) || head == NULL || (run == NULL && count != 0)) {
		return -EINVAL;
	}
	if (count > ABI_DUMP_MAX) {
		return -EMSGSIZE;
	}
	length = sizeof(struct abi_hdr) + sizeof(*d) +
	    count * sizeof(struct abi_s2_run);
	if (length > cap) {
		return -EMSGSIZE;
	}
	put_hdr(buf, ABI_MSG_S2_DUMP_REPLY, length, seq, 0);
	d = (struct abi_s2_dump_reply *)((unsigned char *)buf +
	    sizeof(struct abi_hdr));
	d->vm = head->vm;
	d->count = count;
	d->next = head->next;
	d->flags = head->flags;
	d->reserved = head->reserved;
	if (count != 0) {
		__builtin_memcpy(d->run, run, count * sizeof(*run));
	}
	return finish(buf, length);
}

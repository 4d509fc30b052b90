/* SPDX-License-Identifier: ISC */
/*
 * mailbox_handle.c - hvd's requests, one handle_<msg>() each.
 *
 * Only what the firmware can answer truthfully today is served: HELLO and
 * STATS.  Every other request is answered with -ENOSYS until the firmware
 * carries it out; no VM is made through the mailbox yet, so STATS knows of
 * none.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/vmid.h>

#include "mailbox_impl.h"

static int
nak(void *out, size_t cap, uint64_t seq, int err)
{
	return abi_encode(out, cap, ABI_MSG_NAK, seq, err, NULL, 0);
}

static int
handle_hello(const struct mailbox_config *cfg, const struct abi_view *v,
    void *out, size_t cap)
{
	struct abi_hello_reply r = {
		.abi_version = ABI_VERSION,
		.cpu_count = cfg->cpu_count,
		.ram_base = cfg->ram_base,
		.ram_size = cfg->ram_size,
		.mailbox_base = mailbox_base(cfg->ram_base, cfg->ram_size),
		.mailbox_size = MAILBOX_SIZE,
		.fw_base = cfg->fw_base,
		.fw_size = cfg->fw_size,
		.vmid_bits = (uint8_t)cfg->vmids->bits,
		.ipa_bits = (uint8_t)cfg->ipa_bits,
		.pa_bits = (uint8_t)cfg->pa_bits,
		.vm_max = cfg->vm_max,
		.vcpu_max = cfg->vcpu_max,
	};

	return abi_encode(out, cap, ABI_MSG_HELLO_REPLY, v->hdr->seq, 0, &r,
	    sizeof(r));
}

static int
handle_stats(const struct mailbox_config *cfg, const struct abi_view *v,
    void *out, size_t cap)
{
	struct abi_stats_reply r = { 0 };
	struct vmid_stats st;

	if (v->msg.vm_ref->vm != 0) {
		/* No VM exists until CREATE_VM is served. */
		return abi_encode(out, cap, ABI_MSG_STATS_REPLY, v->hdr->seq,
		    -ENOENT, NULL, 0);
	}
	vmid_stats(cfg->vmids, &st);
	r.pool_pages = cfg->pool_pages;
	r.pool_free = pagepool_free_pages(cfg->pool);
	r.vmid_generation = st.generation;
	r.vmid_rollovers = st.rollovers;
	r.vmid_flushes = st.flushes;
	r.vmid_in_use = st.in_use;
	return abi_encode(out, cap, ABI_MSG_STATS_REPLY, v->hdr->seq, 0, &r,
	    sizeof(r));
}

/* Not carried out yet: say so, with the body a batch reply always has. */
static int
handle_unimplemented(const struct abi_view *v, void *out, size_t cap)
{
	const struct abi_batch_reply none = { 0 };

	switch (v->type) {
	case ABI_MSG_MAP:
	case ABI_MSG_UNMAP:
	case ABI_MSG_PROTECT:
		return abi_encode(out, cap, abi_reply_type(v->type),
		    v->hdr->seq, -ENOSYS, &none, sizeof(none));
	default:
		return abi_encode(out, cap, abi_reply_type(v->type),
		    v->hdr->seq, -ENOSYS, NULL, 0);
	}
}

static int
dispatch(const struct mailbox_config *cfg, const struct abi_view *v,
    void *out, size_t cap)
{
	switch (v->type) {
	case ABI_MSG_HELLO:
		return handle_hello(cfg, v, out, cap);
	case ABI_MSG_STATS:
		return handle_stats(cfg, v, out, cap);
	default:
		return handle_unimplemented(v, out, cap);
	}
}

/**
 * mailbox_handle() - carry out one request and write its reply.
 * @cfg: the board and the firmware.
 * @req: the request, copied out of its slot.
 * @len: bytes at @req.
 * @out: where the reply goes.
 * @cap: bytes at @out.
 *
 * Return: the length of the message at @out.
 */
int
mailbox_handle(const struct mailbox_config *cfg, const void *req,
    size_t len, void *out, size_t cap)
{
	struct abi_view v;
	int ret;

	ret = abi_decode(req, len, &v);
	if (ret < 0) {
		return nak(out, cap, abi_peek_seq(req, len), ret);
	}
	if (!abi_type_is_request(v.type)) {
		return nak(out, cap, v.hdr->seq, -EPROTO);
	}
	ret = dispatch(cfg, &v, out, cap);
	if (ret < 0) {
		/*
		 * An encoder refused what the firmware built: a firmware bug,
		 * but hvd still gets its one answer.
		 */
		ret = nak(out, cap, v.hdr->seq, -EIO);
	}
	return ret;
}

/* SPDX-License-Identifier: ISC */
/*
 * mailbox_handle.c - hvd's requests: decoding, the dispatch, and the
 * requests about the board rather than one VM's life (HELLO, STATS,
 * S2_DUMP); those are mailbox_vm.c's.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>
#include <hv/vmid.h>

#include "arch.h"
#include "mailbox_impl.h"
#include "vcpu.h"
#include "vm.h"

static int
nak(void *out, size_t cap, uint64_t seq, int err)
{
	return abi_encode(out, cap, ABI_MSG_NAK, seq, err, NULL, 0);
}

static int
status_only(const struct abi_view *v, void *out, size_t cap, int status)
{
	return abi_encode(out, cap, abi_reply_type(v->type), v->hdr->seq,
	    status, NULL, 0);
}

static int
handle_hello(const struct abi_view *v, void *out, size_t cap)
{
	const struct mailbox_config *cfg = mailbox_cfg;
	struct abi_hello_reply r = {
		.abi_version = ABI_VERSION,
		.cpu_count = cfg->cpu_count,
		.ram_base = cfg->ram_base,
		.ram_size = cfg->ram_size,
		.mailbox_base = mailbox_base(cfg->ram_base, cfg->ram_size),
		.mailbox_size = MAILBOX_SIZE,
		.fw_base = cfg->fw_base,
		.fw_size = cfg->fw_size,
		.vmid_bits = (uint8_t)cfg->env->vmids->bits,
		.ipa_bits = (uint8_t)cfg->env->ipa_bits,
		.pa_bits = (uint8_t)cfg->env->pa_bits,
		.vm_max = MAILBOX_VM_MAX,
		.vcpu_max = VM_VCPU_MAX,
	};

	if (v->msg.hello->abi_version != ABI_VERSION) {
		return status_only(v, out, cap, -EPROTONOSUPPORT);
	}
	return abi_encode(out, cap, ABI_MSG_HELLO_REPLY, v->hdr->seq, 0, &r,
	    sizeof(r));
}

static void
add_s2(struct abi_s2_stats *sum, const struct s2pt *pt)
{
	struct s2pt_stats st;
	unsigned int l;

	s2pt_stats(pt, &st);
	sum->table_pages += st.table_pages;
	for (l = 0; l < S2PT_LEVELS; l++) {
		sum->leaves[l] += st.leaves[l];
	}
	sum->desc_writes += st.desc_writes;
	sum->tlbi_ipa += st.tlbi_ipa;
	sum->tlbi_vmid += st.tlbi_vmid;
	sum->bbm += st.bbm;
}

/* @ticks of the counter in nanoseconds, without overflowing on the way. */
static uint64_t
ticks_ns(uint64_t ticks)
{
	const uint64_t freq = arch_counter_freq();

	return ticks / freq * 1000000000u + ticks % freq * 1000000000u / freq;
}

/* What @vm's vCPUs cost: their time and exits, into @r. */
static void
add_vcpus(struct abi_stats_reply *r, const struct vm *vm)
{
	uint64_t ticks = 0;
	unsigned int i;

	for (i = 0; i < vm->vcpu_count; i++) {
		ticks += vm->vcpu[i].stats.ticks;
		r->vm_exits += vm->vcpu[i].stats.exits;
	}
	r->vm_cpu_ns = ticks_ns(ticks);
}

static int
handle_stats(const struct abi_view *v, void *out, size_t cap)
{
	const struct mailbox_config *cfg = mailbox_cfg;
	uint32_t id = v->msg.vm_ref->vm;
	struct abi_stats_reply r = { .vm = id };
	struct vmid_stats st;
	struct vm *vm;
	uint32_t i;

	if (id != 0 && mailbox_vm(id) == NULL) {
		return status_only(v, out, cap, -ENOENT);
	}
	for (i = 1; i <= MAILBOX_VM_MAX; i++) {
		vm = mailbox_vm(i);
		if (vm == NULL) {
			continue;
		}
		r.vm_count++;
		add_s2(&r.total, &vm->pt);
		if (i == id) {
			add_s2(&r.vm_s2, &vm->pt);
			add_vcpus(&r, vm);
		}
	}
	vmid_stats(cfg->env->vmids, &st);
	r.pool_pages = cfg->pool_pages;
	r.pool_free = pagepool_free_pages(cfg->pool);
	r.vmid_generation = st.generation;
	r.vmid_rollovers = st.rollovers;
	r.vmid_flushes = st.flushes;
	r.vmid_in_use = st.in_use;
	return abi_encode(out, cap, ABI_MSG_STATS_REPLY, v->hdr->seq, 0, &r,
	    sizeof(r));
}

/* S2_DUMP: as many runs from the cursor as one reply holds. */
struct dump {
	struct abi_s2_run run[ABI_DUMP_MAX];
	uint32_t count;
	uint64_t next;
};

static int
dump_run(void *arg, const struct s2pt_dump_rec *rec)
{
	struct dump *d = arg;

	if (d->count == ABI_DUMP_MAX) {
		d->next = ipa_addr(rec->ipa);
		return 1;
	}
	d->run[d->count++] = (struct abi_s2_run){
		.ipa = ipa_addr(rec->ipa),
		.size = rec->size,
		.count = rec->count,
		.pa = rec->valid ? pa_addr(rec->pa) : 0,
		.level = (uint8_t)rec->level,
		.valid = rec->valid,
		.perm = rec->valid ? rec->attr.perm : 0,
		.memtype = rec->valid ? rec->attr.memtype : 0,
		.owner = rec->valid ? 0 : rec->owner,
	};
	return 0;
}

static int
handle_s2_dump(const struct abi_view *v, void *out, size_t cap)
{
	const struct abi_s2_dump *m = v->msg.s2_dump;
	struct abi_s2_dump_reply head = { .vm = m->vm };
	struct dump d = { .count = 0 };
	uint64_t end = m->ipa + m->size;
	struct vm *vm = mailbox_vm(m->vm);
	int ret;

	if (vm == NULL) {
		return status_only(v, out, cap, -ENOENT);
	}
	if (m->cursor < m->ipa || m->cursor > end) {
		return status_only(v, out, cap, -EINVAL);
	}
	d.next = end;
	if (m->cursor < end) {
		ret = s2pt_dump(&vm->pt, ipa_init(m->cursor), end - m->cursor,
		    dump_run, &d);
		if (ret < 0) {
			return status_only(v, out, cap, ret);
		}
	}
	head.next = d.next;
	head.flags = d.next < end ? ABI_DUMP_MORE : 0;
	return abi_encode_dump_reply(out, cap, v->hdr->seq, &head, d.run,
	    d.count);
}

static int
dispatch(const struct abi_view *v, void *out, size_t cap)
{
	switch (v->type) {
	case ABI_MSG_HELLO:
		return handle_hello(v, out, cap);
	case ABI_MSG_STATS:
		return handle_stats(v, out, cap);
	case ABI_MSG_S2_DUMP:
		return handle_s2_dump(v, out, cap);
	default:
		return mailbox_handle_vm(v, out, cap);
	}
}

/**
 * mailbox_handle() - carry out one request and write its reply.
 * @req: the request, copied out of its slot.
 * @len: bytes at @req.
 * @out: where the reply goes.
 * @cap: bytes at @out.
 *
 * Return: the length of the message at @out.
 */
int
mailbox_handle(const void *req, size_t len, void *out, size_t cap)
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
	ret = dispatch(&v, out, cap);
	if (ret < 0) {
		/*
		 * An encoder refused what the firmware built: a firmware bug,
		 * but hvd still gets its one answer.
		 */
		ret = nak(out, cap, v.hdr->seq, -EIO);
	}
	return ret;
}

/* SPDX-License-Identifier: ISC */
/*
 * mailbox_vm.c - hvd's VMs: the table of them by hvd's id, and the
 * requests about one VM's life, one handle_<msg>() each.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/types.h>

#include "mailbox_impl.h"
#include "pl011_emul.h"
#include "sched.h"
#include "vm.h"

static struct vm vms[MAILBOX_VM_MAX];
static bool live[MAILBOX_VM_MAX];

/**
 * mailbox_vm() - hvd's VM @id.
 * @id: the id.
 *
 * Return: the VM or NULL.
 */
struct vm *
mailbox_vm(uint32_t id)
{
	if (id == 0 || id > MAILBOX_VM_MAX || !live[id - 1]) {
		return NULL;
	}
	return &vms[id - 1];
}

static int
reply(const struct abi_view *v, void *out, size_t cap, int status)
{
	return abi_encode(out, cap, abi_reply_type(v->type), v->hdr->seq,
	    status, NULL, 0);
}

static int
handle_create(const struct abi_view *v, void *out, size_t cap)
{
	const struct abi_create_vm *m = v->msg.create_vm;
	struct vm *vm;
	int ret;

	if (m->vm > MAILBOX_VM_MAX) {
		return reply(v, out, cap, -EINVAL);
	}
	if (mailbox_vm(m->vm) != NULL) {
		return reply(v, out, cap, -EEXIST);
	}
	vm = &vms[m->vm - 1];
	ret = vm_create(vm, mailbox_cfg->env, m->vm, "", m->vcpu_count,
	    m->ipa_bits);
	if (ret == 0) {
		ret = sched_add(vm);
		if (ret != 0) {
			(void)vm_destroy(vm);
		}
	}
	live[m->vm - 1] = ret == 0;
	return reply(v, out, cap, ret);
}

static int
handle_destroy(const struct abi_view *v, struct vm *vm, void *out,
    size_t cap)
{
	vm_pause(vm);
	sched_remove(vm);
	(void)vm_destroy(vm);
	live[vm->id - 1] = false;
	return reply(v, out, cap, 0);
}

/* One entry of a batch. */
static int
apply(unsigned int type, struct vm *vm, const struct abi_range *e)
{
	const struct s2pt_attr attr = { e->perm, e->memtype };

	switch (type) {
	case ABI_MSG_MAP:
		if (e->flags & ABI_RANGE_DEMAND) {
			return vm_add_demand(vm, e->ipa, e->size);
		}
		return vm_map(vm, ipa_init(e->ipa), pa_init(e->pa), e->size,
		    attr, (e->flags & ABI_RANGE_SHARED) != 0);
	case ABI_MSG_UNMAP:
		return vm_unmap(vm, ipa_init(e->ipa), e->size);
	default:
		return s2pt_protect(&vm->pt, ipa_init(e->ipa), e->size, attr);
	}
}

/* MAP, UNMAP, PROTECT: in order, up to the first entry that fails. */
static int
handle_batch(const struct abi_view *v, struct vm *vm, void *out, size_t cap)
{
	const struct abi_batch *b = v->msg.batch;
	struct abi_batch_reply r = { .done = 0 };
	int ret = 0;

	while (r.done < b->count) {
		ret = apply(v->type, vm, &b->entry[r.done]);
		if (ret != 0) {
			break;
		}
		r.done++;
	}
	return abi_encode(out, cap, abi_reply_type(v->type), v->hdr->seq, ret,
	    &r, sizeof(r));
}

static int
handle_set_vcpu(const struct abi_view *v, struct vm *vm, void *out,
    size_t cap)
{
	const struct abi_set_vcpu *m = v->msg.set_vcpu;

	return reply(v, out, cap, vm_set_vcpu(vm, m->vcpu,
	    m->state == ABI_VCPU_ON, m->pc, m->x0));
}

static int
handle_pause(const struct abi_view *v, struct vm *vm, void *out, size_t cap)
{
	vm_pause(vm);
	sched_evict(vm, true);
	return reply(v, out, cap, 0);
}

/* The break, if any, then the bytes: all of it or nothing (-EAGAIN). */
static int
console_input(struct pl011_emul *u, const struct abi_text *m)
{
	bool brk = (m->flags & ABI_TEXT_BREAK) != 0;
	int ret = 0;

	if (pl011_emul_rx_room(u) < (size_t)m->len + brk) {
		return -EAGAIN;
	}
	if (brk) {
		ret = pl011_emul_break(u);
	}
	if (ret == 0) {
		ret = pl011_emul_input(u, m->bytes, m->len);
	}
	return ret;
}

/* A vCPU waiting in WFI for its UART runs again (vcpu.c looks). */
static int
handle_console_in(const struct abi_view *v, struct vm *vm, void *out,
    size_t cap)
{
	int ret;

	ret = console_input(&vm->uart, v->msg.text);
	if (ret == 0) {
		sched_wake();
	}
	return reply(v, out, cap, ret);
}

/* The VM a request names: the first field of every VM request's body. */
static uint32_t
vm_id(const struct abi_view *v)
{
	uint32_t id;

	__builtin_memcpy(&id, v->body, sizeof(id));
	return id;
}

/**
 * mailbox_handle_vm() - carry out a request about one VM.
 * @v:   the request.
 * @out: where the reply goes.
 * @cap: bytes at @out.
 *
 * Return: the reply's length or -errno.
 */
int
mailbox_handle_vm(const struct abi_view *v, void *out, size_t cap)
{
	const struct abi_batch_reply none = { 0 };
	struct vm *vm;

	if (v->type == ABI_MSG_CREATE_VM) {
		return handle_create(v, out, cap);
	}
	vm = mailbox_vm(vm_id(v));
	if (vm == NULL) {
		if (v->type == ABI_MSG_MAP || v->type == ABI_MSG_UNMAP ||
		    v->type == ABI_MSG_PROTECT) {
			return abi_encode(out, cap, abi_reply_type(v->type),
			    v->hdr->seq, -ENOENT, &none, sizeof(none));
		}
		return reply(v, out, cap, -ENOENT);
	}
	switch (v->type) {
	case ABI_MSG_DESTROY_VM:
		return handle_destroy(v, vm, out, cap);
	case ABI_MSG_MAP:
	case ABI_MSG_UNMAP:
	case ABI_MSG_PROTECT:
		return handle_batch(v, vm, out, cap);
	case ABI_MSG_SET_VCPU:
		return handle_set_vcpu(v, vm, out, cap);
	case ABI_MSG_RUN:
		return reply(v, out, cap, vm_run(vm));
	case ABI_MSG_PAUSE:
		return handle_pause(v, vm, out, cap);
	case ABI_MSG_CONSOLE_IN:
		return handle_console_in(v, vm, out, cap);
	default:
		return reply(v, out, cap, -ENOSYS);
	}
}

/* SPDX-License-Identifier: ISC */
/*
 * abi_check.c - field checks of each message body.
 *
 * One small function per body, called through a flat switch once
 * abi_decode() has made sure the body is exactly as long as its type and
 * count say.  Every field the ABI constrains is checked here: enums,
 * flags, reserved bytes, VM id 0 where a VM is needed, bit widths.  What
 * depends on the firmware's state is its own business (see hv/abi.h).
 */
#include <hv/abi.h>
#include <hv/errno.h>

#include "abi_impl.h"

static bool
zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] != 0) {
			return false;
		}
	}
	return true;
}

static bool
perm_ok(uint8_t perm)
{
	return perm != 0 && (perm & ~ABI_PERM_ALL) == 0;
}

static bool
bits_ok(unsigned int v, unsigned int min, unsigned int max)
{
	return v >= min && v <= max;
}

/* The PA sizes of ID_AA64MMFR0_EL1.PARange. */
static bool
pa_bits_ok(unsigned int v)
{
	return v == 32 || v == 36 || v == 40 || v == 42 || v == 44 ||
	    v == 48 || v == 52;
}

static int
check_hello(const struct abi_hello *m)
{
	if (m->reserved != 0) {
		return -EBADMSG;
	}
	return m->abi_version == ABI_VERSION ? 0 : -EPROTONOSUPPORT;
}

static int
check_hello_reply(const struct abi_hello_reply *m)
{
	if (m->abi_version != ABI_VERSION) {
		return -EPROTONOSUPPORT;
	}
	if (m->cpu_count == 0 || m->vm_max == 0 || m->vcpu_max == 0 ||
	    !bits_ok(m->vmid_bits, ABI_VMID_BITS_MIN, ABI_VMID_BITS_MAX) ||
	    !bits_ok(m->ipa_bits, ABI_IPA_BITS_MIN, ABI_IPA_BITS_MAX) ||
	    !pa_bits_ok(m->pa_bits) || m->reserved0 != 0 ||
	    m->reserved1 != 0) {
		return -EBADMSG;
	}
	return 0;
}

static int
check_create_vm(const struct abi_create_vm *m)
{
	if (m->vm == 0 || m->vcpu_count == 0 ||
	    !bits_ok(m->ipa_bits, ABI_IPA_BITS_MIN, ABI_IPA_BITS_MAX) ||
	    !zero(m->reserved, sizeof(m->reserved))) {
		return -EBADMSG;
	}
	return 0;
}

static int
check_vm_ref(const struct abi_vm_ref *m, bool vm_needed)
{
	if ((vm_needed && m->vm == 0) || m->reserved != 0) {
		return -EBADMSG;
	}
	return 0;
}

/*
 * MAP: attributes, or a DEMAND declaration with nothing else; UNMAP:
 * addresses only; PROTECT: attributes without a PA.
 */
static bool
range_ok(unsigned int type, const struct abi_range *e)
{
	if (e->reserved != 0 || (e->flags & ~ABI_RANGE_FLAGS_KNOWN) != 0) {
		return false;
	}
	switch (type) {
	case ABI_MSG_MAP:
		if ((e->flags & ABI_RANGE_DEMAND) != 0) {
			return e->pa == 0 && e->perm == 0 && e->memtype == 0 &&
			    e->flags == ABI_RANGE_DEMAND;
		}
		return perm_ok(e->perm) && e->memtype < ABI_MEM_COUNT;
	case ABI_MSG_PROTECT:
		return e->pa == 0 && e->flags == 0 && perm_ok(e->perm) &&
		    e->memtype < ABI_MEM_COUNT;
	case ABI_MSG_UNMAP:
	default:
		return e->pa == 0 && e->flags == 0 && e->perm == 0 &&
		    e->memtype == 0;
	}
}

static int
check_batch(unsigned int type, const struct abi_batch *m, uint32_t count)
{
	uint32_t i;

	if (m->vm == 0 || count == 0) {
		return -EBADMSG;
	}
	for (i = 0; i < count; i++) {
		if (!range_ok(type, &m->entry[i])) {
			return -EBADMSG;
		}
	}
	return 0;
}

static int
check_batch_reply(const struct abi_batch_reply *m)
{
	return m->reserved == 0 ? 0 : -EBADMSG;
}

static int
check_set_vcpu(const struct abi_set_vcpu *m)
{
	if (m->vm == 0 || m->reserved != 0) {
		return -EBADMSG;
	}
	if (m->state == ABI_VCPU_ON) {
		return 0;
	}
	/* An off vCPU has no entry state to give. */
	if (m->state == ABI_VCPU_OFF && m->pc == 0 && m->x0 == 0) {
		return 0;
	}
	return -EBADMSG;
}

static int
check_stats_reply(const struct abi_stats_reply *m)
{
	return m->reserved == 0 ? 0 : -EBADMSG;
}

static int
check_s2_dump(const struct abi_s2_dump *m)
{
	if (m->vm == 0 || m->reserved != 0 || m->size == 0 ||
	    m->size > UINT64_MAX - m->ipa) {
		return -EBADMSG;
	}
	if (m->cursor < m->ipa || m->cursor - m->ipa > m->size) {
		return -EBADMSG;
	}
	return 0;
}

/* A run is mapped entries with attributes, or owned invalid entries. */
static bool
run_ok(const struct abi_s2_run *r)
{
	if (r->level < 1 || r->level > 3 || r->size == 0 || r->count == 0 ||
	    !zero(r->reserved, sizeof(r->reserved))) {
		return false;
	}
	if (r->valid == 1) {
		return perm_ok(r->perm) && r->memtype < ABI_MEM_COUNT &&
		    r->owner == 0;
	}
	return r->valid == 0 && r->pa == 0 && r->perm == 0 &&
	    r->memtype == 0 && r->owner != 0;
}

static int
check_s2_dump_reply(const struct abi_s2_dump_reply *m, uint32_t count)
{
	uint32_t i;

	if (m->vm == 0 || m->reserved != 0 ||
	    (m->flags & ~(uint32_t)ABI_DUMP_FLAGS_KNOWN) != 0) {
		return -EBADMSG;
	}
	for (i = 0; i < count; i++) {
		if (!run_ok(&m->run[i])) {
			return -EBADMSG;
		}
	}
	return 0;
}

/* CONSOLE_IN: bytes, a break, or a break and then bytes. */
static int
check_console_in(const struct abi_text *m, uint32_t count)
{
	if (m->vm == 0 || m->level != 0 ||
	    (m->flags & ~ABI_TEXT_FLAGS_KNOWN) != 0) {
		return -EBADMSG;
	}
	return count != 0 || (m->flags & ABI_TEXT_BREAK) != 0 ? 0 : -EBADMSG;
}

static int
check_text(unsigned int type, const struct abi_text *m, uint32_t count)
{
	if (type == ABI_MSG_CONSOLE_IN) {
		return check_console_in(m, count);
	}
	if (count == 0 || m->flags != 0) {
		return -EBADMSG;
	}
	if (type == ABI_MSG_LOG) {
		return bits_ok(m->level, ABI_LOG_ERR, ABI_LOG_DEBUG) ?
		    0 : -EBADMSG;
	}
	return m->vm != 0 && m->level == 0 ? 0 : -EBADMSG;
}

static bool
fault_info_ok(const struct abi_fault_info *f)
{
	return bits_ok(f->access, ABI_ACCESS_READ, ABI_ACCESS_EXEC) &&
	    zero(f->reserved, sizeof(f->reserved));
}

static int
check_fault(const struct abi_fault *m)
{
	if (m->vm == 0 || m->reserved != 0 || !fault_info_ok(&m->info)) {
		return -EBADMSG;
	}
	return 0;
}

static int
check_vm_exited(const struct abi_vm_exited *m)
{
	if (m->vm == 0) {
		return -EBADMSG;
	}
	switch (m->reason) {
	case ABI_EXIT_OFF:
	case ABI_EXIT_RESET:
		return zero(&m->crash, sizeof(m->crash)) ? 0 : -EBADMSG;
	case ABI_EXIT_CRASHED:
		return fault_info_ok(&m->crash) ? 0 : -EBADMSG;
	default:
		return -EBADMSG;
	}
}

/**
 * abi_check_body() - check the fields of a message body of known size.
 * @type:  the message type.
 * @body:  the body, aligned to ABI_MSG_ALIGN.
 * @count: entries, runs or bytes after a variable body's head.
 *
 * Only bodies that are present get here: a failed reply without one never
 * does, and a failed batch reply's body has the same rules as a good one.
 *
 * Return: 0, -EBADMSG or -EPROTONOSUPPORT.
 */
int
abi_check_body(unsigned int type, const void *body, uint32_t count)
{
	switch (type) {
	case ABI_MSG_HELLO:
		return check_hello(body);
	case ABI_MSG_HELLO_REPLY:
		return check_hello_reply(body);
	case ABI_MSG_CREATE_VM:
		return check_create_vm(body);
	case ABI_MSG_DESTROY_VM:
	case ABI_MSG_RUN:
	case ABI_MSG_PAUSE:
		return check_vm_ref(body, true);
	case ABI_MSG_STATS:
		return check_vm_ref(body, false);
	case ABI_MSG_MAP:
	case ABI_MSG_UNMAP:
	case ABI_MSG_PROTECT:
		return check_batch(type, body, count);
	case ABI_MSG_MAP_REPLY:
	case ABI_MSG_UNMAP_REPLY:
	case ABI_MSG_PROTECT_REPLY:
		return check_batch_reply(body);
	case ABI_MSG_SET_VCPU:
		return check_set_vcpu(body);
	case ABI_MSG_STATS_REPLY:
		return check_stats_reply(body);
	case ABI_MSG_S2_DUMP:
		return check_s2_dump(body);
	case ABI_MSG_S2_DUMP_REPLY:
		return check_s2_dump_reply(body, count);
	case ABI_MSG_CONSOLE_IN:
	case ABI_MSG_CONSOLE_OUT:
	case ABI_MSG_LOG:
		return check_text(type, body, count);
	case ABI_MSG_FAULT:
		return check_fault(body);
	case ABI_MSG_VM_EXITED:
		return check_vm_exited(body);
	default:
		return -EBADMSG;
	}
}

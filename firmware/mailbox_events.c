/* SPDX-License-Identifier: ISC */
/*
 * mailbox_events.c - what hvd's VMs do, as mailbox events: their console
 * output (CONSOLE_OUT), their demand faults (FAULT) and their ends
 * (VM_EXITED).
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/abi.h>

#include "arch.h"
#include "mailbox_impl.h"
#include "vcpu.h"
#include "vm.h"

static const uint8_t access_of[] = {
	[ARCH_ACCESS_READ] = ABI_ACCESS_READ,
	[ARCH_ACCESS_WRITE] = ABI_ACCESS_WRITE,
	[ARCH_ACCESS_EXEC] = ABI_ACCESS_EXEC,
};

static struct abi_fault_info
info_of(const struct vm_crash *c)
{
	return (struct abi_fault_info){
		.vcpu = c->vcpu,
		.access = access_of[c->access],
		.ipa = c->ipa,
		.esr = c->esr,
		.pc = c->pc,
	};
}

/* Encode an event with a fixed body and send it. */
static void
send_event(unsigned int type, const void *body, size_t len)
{
	unsigned char buf[ABI_MSG_MAX] __attribute__((aligned(ABI_MSG_ALIGN)));
	int n;

	n = abi_encode(buf, sizeof(buf), type, mailbox_next_event_seq(), 0,
	    body, len);
	if (n > 0) {
		mailbox_send(buf, (size_t)n);
	}
}

static void
console_out(struct vm *vm, const uint8_t *bytes, size_t len)
{
	unsigned char buf[ABI_MSG_MAX] __attribute__((aligned(ABI_MSG_ALIGN)));
	int n;

	n = abi_encode_text(buf, sizeof(buf), ABI_MSG_CONSOLE_OUT,
	    mailbox_next_event_seq(), vm->id, 0, bytes, len);
	if (n > 0) {
		mailbox_send(buf, (size_t)n);
	}
}

static void
exited(struct vm *vm)
{
	struct abi_vm_exited e = { .vm = vm->id };

	switch (vm->state) {
	case VM_STATE_OFF:
		e.reason = ABI_EXIT_OFF;
		break;
	case VM_STATE_RESET:
		e.reason = ABI_EXIT_RESET;
		break;
	default:
		e.reason = ABI_EXIT_CRASHED;
		e.crash = info_of(&vm->crash);
		break;
	}
	send_event(ABI_MSG_VM_EXITED, &e, sizeof(e));
}

static void
fault(struct vm *vm, const struct vm_crash *at)
{
	struct abi_fault f = { .vm = vm->id, .info = info_of(at) };

	send_event(ABI_MSG_FAULT, &f, sizeof(f));
}

const struct vm_host_ops mailbox_host = {
	.console_out = console_out,
	.exited = exited,
	.fault = fault,
};

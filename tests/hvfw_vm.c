/* SPDX-License-Identifier: ISC */
/*
 * hvfw_vm.c - the board, guest RAM and guest lifecycle helpers of
 * check_hvfw_vm (hvfw_vm.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_watch.h"
#include "hvfw_vm.h"

/* A reply's wait; the guest's own waits are VM_TIMEOUT_MS. */
#define VM_REPLY_TIMEOUT_MS	10000
#define VM_2M			VM_MIB(2)
/* ESR_ELx.EC of a data abort from a lower EL. */
#define ESR_EC_DABT_LOW		0x24u

struct vm_board vmb;

/**
 * vm_board_start() - boot a fresh board.
 * @cpus:   -smp.
 * @append: more firmware options, or NULL.
 */
void
vm_board_start(unsigned int cpus, const char *append)
{
	vm_board_start_kept(cpus, append, NULL);
}

/**
 * vm_board_start_kept() - vm_board_start(), the board kept in @keep_dir.
 * @cpus:     QEMU's -smp.
 * @append:   more firmware options, or NULL.
 * @keep_dir: board_config.keep_dir (NULL: an ordinary board).
 */
void
vm_board_start_kept(unsigned int cpus, const char *append,
    const char *keep_dir)
{
	struct board_config cfg = {
		.qemu = getenv("QEMU"),
		.firmware = getenv("HVFW_ELF"),
		.cpu = "cortex-a57",
		.cpu_count = cpus,
		.ram_mib = VM_BOARD_RAM_MIB,
		.append = append,
		.timeout_ms = VM_REPLY_TIMEOUT_MS,
		.keep_dir = keep_dir,
	};
	const struct abi_hello_reply *h = &vmb.hello;

	ck_assert_msg(cfg.qemu != NULL && cfg.qemu[0] != '\0',
	    "QEMU is not set (run through make check)");
	ck_assert_msg(cfg.firmware != NULL && cfg.firmware[0] != '\0',
	    "HVFW_ELF is not set (run through make check)");
	ck_assert_msg(getenv("HVFW_GUESTS") != NULL,
	    "HVFW_GUESTS is not set (run through make check)");
	VM_OK(board_start(&vmb.board, &cfg));
	vmb.started = true;
	board_watch_init(&vmb.watch, &vmb.board);
	VM_OK(board_hello(&vmb.board, &vmb.hello));
	ck_assert_uint_eq(h->ram_base, BOARD_RAM_BASE);
	ck_assert_uint_eq(h->ram_size, VM_MIB(VM_BOARD_RAM_MIB));
	vmb.pa_next = (h->fw_base + h->fw_size + VM_2M - 1) & ~(VM_2M - 1);
	ck_assert_uint_lt(vmb.pa_next, h->mailbox_base);
}

/**
 * vm_board_stop() - stop the board if one runs.
 */
void
vm_board_stop(void)
{
	if (vmb.started) {
		board_stop(&vmb.board);
		vmb.started = false;
	}
}

/**
 * vm_pa_take() - free board RAM for a guest.
 * @size: bytes.
 *
 * Return: its PA.
 */
uint64_t
vm_pa_take(uint64_t size)
{
	uint64_t pa = vmb.pa_next;

	size = (size + VM_2M - 1) & ~(VM_2M - 1);
	ck_assert_msg(pa + size <= vmb.hello.mailbox_base, "no room for "
	    "0x%llx bytes of guest RAM at 0x%llx", (unsigned long long)size,
	    (unsigned long long)pa);
	vmb.pa_next += size;
	return pa;
}

/**
 * vm_load() - write a guest's image at a PA.
 * @guest: its name.
 * @pa:    where.
 */
void
vm_load(const char *guest, uint64_t pa)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.bin", getenv("HVFW_GUESTS"),
	    guest);
	VM_OK(board_load_file(&vmb.board, pa, path, NULL));
}

/**
 * vm_setup() - CREATE_VM, MAP, SET_VCPU 0.
 * @vm:         the VM.
 * @pa:         PA of its RAM.
 * @ram:        bytes of RAM.
 * @vcpu_count: vCPUs.
 */
void
vm_setup(uint32_t vm, uint64_t pa, uint64_t ram, uint32_t vcpu_count)
{
	struct board *b = &vmb.board;

	VM_OK(board_create_vm(b, vm, vcpu_count, vmb.hello.ipa_bits));
	VM_OK(board_map(b, vm, VM_RAM_IPA, pa, ram, ABI_PERM_ALL,
	    ABI_MEM_NORMAL_WB, 0));
	VM_OK(board_set_vcpu(b, vm, 0, VM_RAM_IPA, ram, ABI_VCPU_ON));
}

/**
 * vm_start() - load, set up and run a guest.
 * @vm:         the VM.
 * @guest:      its image.
 * @pa:         PA of its RAM.
 * @ram:        bytes of RAM.
 * @vcpu_count: vCPUs.
 */
void
vm_start(uint32_t vm, const char *guest, uint64_t pa, uint64_t ram,
    uint32_t vcpu_count)
{
	vm_load(guest, pa);
	vm_setup(vm, pa, ram, vcpu_count);
	VM_OK(board_run(&vmb.board, vm));
}

/**
 * vm_console() - wait until a VM's console shows a string.
 * @vm:     the VM.
 * @needle: the string.
 */
void
vm_console(uint32_t vm, const char *needle)
{
	VM_OK(board_watch_console(&vmb.watch, vm, needle, VM_TIMEOUT_MS));
}

/**
 * vm_exit() - wait for a VM's exit.
 * @vm:     the VM.
 * @reason: the reason expected.
 * @exit:   set to the event, or NULL.
 */
void
vm_exit(uint32_t vm, uint32_t reason, struct abi_vm_exited *exit)
{
	struct abi_vm_exited e;

	VM_OK(board_watch_exit(&vmb.watch, vm, VM_TIMEOUT_MS, &e));
	ck_assert_uint_eq(e.vm, vm);
	ck_assert_msg(e.reason == reason, "vm %u exited for reason %u, not "
	    "%u; its console: \"%s\"", vm, e.reason, reason, vm_text(vm));
	if (reason != ABI_EXIT_CRASHED) {
		ck_assert_uint_eq(e.crash.ipa, 0);
		ck_assert_uint_eq(e.crash.esr, 0);
		ck_assert_uint_eq(e.crash.access, 0);
	}
	if (exit != NULL) {
		*exit = e;
	}
}

/**
 * vm_text() - a VM's console output so far.
 * @vm: the VM.
 *
 * Return: the text.
 */
const char *
vm_text(uint32_t vm)
{
	return vmb.watch.vm[vm].text;
}

/**
 * vm_stats() - STATS.
 * @vm:    the VM or 0.
 * @stats: filled in.
 */
void
vm_stats(uint32_t vm, struct abi_stats_reply *stats)
{
	VM_OK(board_stats(&vmb.board, vm, stats));
	ck_assert_uint_eq(stats->vm, vm);
}

/**
 * vm_word() - a word of board RAM.
 * @pa: its PA.
 *
 * Return: the word.
 */
uint64_t
vm_word(uint64_t pa)
{
	void *p = board_ram_at(&vmb.board, pa, 8);

	ck_assert_ptr_nonnull(p);
	return *(const volatile uint64_t *)p;
}

/**
 * vm_set_word() - write a word of board RAM.
 * @pa: its PA.
 * @v:  the value.
 */
void
vm_set_word(uint64_t pa, uint64_t v)
{
	VM_OK(board_load(&vmb.board, pa, &v, sizeof(v)));
}

/**
 * vm_expect_crash() - check a crash report.
 * @e:      the event.
 * @ipa:    the IPA touched.
 * @access: the access.
 */
void
vm_expect_crash(const struct abi_vm_exited *e, uint64_t ipa,
    unsigned int access)
{
	ck_assert_uint_eq(e->reason, ABI_EXIT_CRASHED);
	ck_assert_msg(e->crash.ipa == ipa, "crash at IPA 0x%llx, not 0x%llx",
	    (unsigned long long)e->crash.ipa, (unsigned long long)ipa);
	ck_assert_uint_eq(e->crash.access, access);
	ck_assert_uint_eq(e->crash.vcpu, 0);
	ck_assert_msg((e->crash.esr >> 26) == ESR_EC_DABT_LOW, "ESR 0x%llx is "
	    "not a data abort from EL1", (unsigned long long)e->crash.esr);
	/* The guest's code lies in its first pages. */
	ck_assert_msg(e->crash.pc >= VM_RAM_IPA &&
	    e->crash.pc < VM_RAM_IPA + 0x10000, "crash PC 0x%llx is not in "
	    "the guest's image", (unsigned long long)e->crash.pc);
}

/* Teardown of every QEMU test case. */
static void
teardown(void)
{
	vm_board_stop();
}

/**
 * vm_tcase() - a test case of QEMU boards.
 * @name:    its name.
 * @timeout: seconds per test.
 *
 * Return: the test case.
 */
TCase *
vm_tcase(const char *name, double timeout)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, timeout);
	tcase_add_checked_fixture(tc, NULL, teardown);
	return tc;
}

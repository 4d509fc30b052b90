/* SPDX-License-Identifier: ISC */
/*
 * check_hvfw_vm_guests.c - several VMs at once (each console's bytes under
 * its own VM, each VM's writes in its own memory), a guest of 4 vCPUs on
 * fewer CPUs, VMIDs rolling over under VMs that keep running, and PAUSE
 * holding a VM's console input until RUN.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_watch.h"
#include "hvfw_vm.h"

/* tests/guests/memtest.c's pattern, second pass: at IPA p, ~(p * MIX). */
#define MEMTEST_MIX		0x9e3779b97f4a7c15ull
/* What the host writes around guests' RAM, mixed with each word's PA. */
#define GUARD_WORD		0x6775617264000000ull	/* "guard" */
#define GUARD_SIZE		VM_MIB(2)

static void
guard_fill(uint64_t pa)
{
	uint64_t *w = board_ram_at(&vmb.board, pa, GUARD_SIZE);
	size_t i;

	ck_assert_ptr_nonnull(w);
	for (i = 0; i < GUARD_SIZE / 8; i++) {
		w[i] = GUARD_WORD ^ (pa + 8 * i);
	}
}

static void
guard_check(uint64_t pa)
{
	const volatile uint64_t *w = board_ram_at(&vmb.board, pa, GUARD_SIZE);
	size_t i;

	ck_assert_msg(w != NULL, "no guard at PA 0x%llx",
	    (unsigned long long)pa);
	for (i = 0; i < GUARD_SIZE / 8; i++) {
		ck_assert_msg(w[i] == (GUARD_WORD ^ (pa + 8 * i)), "PA 0x%llx "
		    "between VMs changed to 0x%llx", (unsigned long long)(pa +
		    8 * i), (unsigned long long)w[i]);
	}
}

/* Guest RAM with a guard range after it. */
static uint64_t
guarded_pa(uint64_t ram)
{
	uint64_t pa = vm_pa_take(ram);

	guard_fill(vm_pa_take(GUARD_SIZE));
	return pa;
}

/* memtest's whole output: one line "memtest pass N KiB". */
static void
expect_memtest_pass(uint32_t vm, uint64_t pa, uint64_t ram)
{
	const char *t = vm_text(vm);
	unsigned long kib = 0;
	char tail[8] = "";
	uint64_t ipa = VM_RAM_IPA + ram - 8;

	vm_exit(vm, ABI_EXIT_OFF, NULL);
	ck_assert_msg(sscanf(t, "memtest pass %lu KiB%7s", &kib, tail) == 1 &&
	    strchr(t, '\n') == t + strlen(t) - 1, "memtest said \"%s\"", t);
	ck_assert_uint_gt(kib, ram / 1024 / 2);
	ck_assert_uint_lt(kib, ram / 1024);
	/* Its last IPA is the last word of its PA range. */
	ck_assert_uint_eq(vm_word(pa + ram - 8), ~(ipa * MEMTEST_MIX));
}

START_TEST(two_vms_run_at_once_in_their_own_memory)
{
	const uint64_t ram = VM_MIB(4);
	uint64_t hello_pa, memtest_pa;

	vm_board_start(2, NULL);
	guard_fill(vm_pa_take(GUARD_SIZE));
	hello_pa = guarded_pa(ram);
	memtest_pa = guarded_pa(ram);
	vm_start(1, "hello", hello_pa, ram, 1);
	vm_start(2, "memtest", memtest_pa, ram, 1);
	vm_exit(1, ABI_EXIT_OFF, NULL);
	expect_memtest_pass(2, memtest_pa, ram);
	ck_assert_str_eq(vm_text(1), VM_HELLO_TEXT);
	ck_assert_uint_eq(vm_word(hello_pa + ram - 8), VM_HELLO_MARK);
	guard_check(hello_pa - GUARD_SIZE);
	guard_check(hello_pa + ram);
	guard_check(memtest_pa + ram);
	ck_assert_uint_eq(vmb.watch.strays, 0);
}
END_TEST

START_TEST(three_vms_keep_their_consoles_apart)
{
	const uint64_t ram = VM_MIB(4);
	uint64_t hello_pa, echo_pa, memtest_pa;

	vm_board_start(2, NULL);
	hello_pa = guarded_pa(ram);
	echo_pa = guarded_pa(VM_MIB(2));
	memtest_pa = guarded_pa(ram);
	vm_start(2, "echo", echo_pa, VM_MIB(2), 1);
	vm_start(3, "memtest", memtest_pa, ram, 1);
	vm_start(1, "hello", hello_pa, ram, 1);
	/* Input while the others write. */
	vm_console(2, "echo: ready\n");
	VM_OK(board_console_in(&vmb.board, 2, "one\n", 4));
	vm_console(2, "one\n");
	vm_exit(1, ABI_EXIT_OFF, NULL);
	VM_OK(board_console_in(&vmb.board, 2, "two\n", 4));
	vm_console(2, "two\n");
	expect_memtest_pass(3, memtest_pa, ram);
	VM_OK(board_console_in(&vmb.board, 2, VM_EOT, 1));
	vm_exit(2, ABI_EXIT_OFF, NULL);
	/* Whole and unmixed. */
	ck_assert_str_eq(vm_text(1), VM_HELLO_TEXT);
	ck_assert_str_eq(vm_text(2), "echo: ready\none\ntwo\necho: bye\n");
	ck_assert_uint_eq(vm_word(hello_pa + ram - 8), VM_HELLO_MARK);
	ck_assert_uint_eq(vm_word(echo_pa + VM_MIB(2) - 8), 0);
	guard_check(hello_pa + ram);
	guard_check(echo_pa + VM_MIB(2));
	guard_check(memtest_pa + ram);
	ck_assert_uint_eq(vmb.watch.strays, 0);
	ck_assert_uint_eq(vmb.board.events_lost, 0);
}
END_TEST

/* 4 vCPUs on -smp 2 (_i = 0) and on -smp 1 (_i = 1). */
START_TEST(smp_guest_runs_four_vcpus)
{
	const uint64_t ram = VM_MIB(2);

	vm_board_start(2 - (unsigned int)_i, NULL);
	vm_start(1, "smp", vm_pa_take(ram), ram, 4);
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), "smp: vcpu 1 up\nsmp: vcpu 2 up\n"
	    "smp: vcpu 3 up\nsmp: 4 vcpus ran\n");
}
END_TEST

/*
 * Three echo VMs hold the three VMIDs of hvfw.vmid_bits=2 (DESTROY_VM
 * releases a VMID, so VMs that come and go one at a time would never need
 * more than two): each hello needs a fourth and each echo, answering
 * after it, one more again.  The echo VMs run through every rollover.
 */
START_TEST(vmids_roll_over_under_running_vms)
{
	const uint64_t ram = VM_MIB(2);
	static char want[3][512];
	struct abi_stats_reply st;
	uint64_t hello_pa;
	char ping[32];
	uint32_t vm, e;

	vm_board_start(2, "hvfw.vmid_bits=2");
	ck_assert_uint_eq(vmb.hello.vmid_bits, 2);
	for (e = 1; e <= 3; e++) {
		vm_start(e, "echo", vm_pa_take(ram), ram, 1);
		vm_console(e, "echo: ready\n");
		strcpy(want[e - 1], "echo: ready\n");
	}
	hello_pa = vm_pa_take(ram);
	for (vm = 4; vm < 12; vm++) {
		/* The same pages each time: scrubbed, hello finds them so. */
		vm_start(vm, "hello", hello_pa, ram, 1);
		vm_exit(vm, ABI_EXIT_OFF, NULL);
		ck_assert_str_eq(vm_text(vm), VM_HELLO_TEXT);
		VM_OK(board_destroy(&vmb.board, vm));
		ck_assert_uint_eq(vm_word(hello_pa + ram - 8), 0);
		for (e = 1; e <= 3; e++) {
			snprintf(ping, sizeof(ping), "vm %u done\n", vm);
			VM_OK(board_console_in(&vmb.board, e, ping,
			    strlen(ping)));
			vm_console(e, ping);
			strcat(want[e - 1], ping);
		}
	}
	vm_stats(0, &st);
	ck_assert_uint_gt(st.vmid_rollovers, 0);
	ck_assert_uint_gt(st.vmid_generation, 1);
	ck_assert_uint_eq(st.vm_count, 3);
	for (e = 1; e <= 3; e++) {
		VM_OK(board_console_in(&vmb.board, e, VM_EOT, 1));
		vm_exit(e, ABI_EXIT_OFF, NULL);
		strcat(want[e - 1], "echo: bye\n");
		ck_assert_str_eq(vm_text(e), want[e - 1]);
	}
}
END_TEST

/* Chunk @n of the input that fills a paused VM's FIFO. */
static void
fill_chunk(char *buf, size_t len, unsigned int n)
{
	size_t i;

	for (i = 0; i < len; i++) {
		buf[i] = (i + 1) % 64 == 0 ? '\n' : (char)('a' + (n + i) % 26);
	}
}

START_TEST(pause_holds_console_input_until_run)
{
	const uint64_t ram = VM_MIB(2);
	static char sent[BOARD_WATCH_TEXT_MAX];
	char chunk[ABI_CONSOLE_MAX];
	size_t sent_len, room_max;
	unsigned int n;
	int ret = 0;

	vm_board_start(2, NULL);
	vm_start(1, "echo", vm_pa_take(ram), ram, 1);
	vm_console(1, "echo: ready\n");
	VM_OK(board_pause(&vmb.board, 1));
	VM_OK(board_console_in(&vmb.board, 1, "p\n", 2));
	VM_OK(board_watch_for(&vmb.watch, 300));
	ck_assert_str_eq(vm_text(1), "echo: ready\n");
	/* Fill the FIFO: all of a CONSOLE_IN or none of it. */
	strcpy(sent, "echo: ready\np\n");
	sent_len = strlen(sent);
	room_max = sizeof(sent) - sent_len - 64;
	for (n = 0; ret == 0 && (n + 1) * sizeof(chunk) <= room_max; n++) {
		fill_chunk(chunk, sizeof(chunk), n);
		ret = board_console_in(&vmb.board, 1, chunk, sizeof(chunk));
		if (ret == 0) {
			memcpy(sent + sent_len, chunk, sizeof(chunk));
			sent_len += sizeof(chunk);
		}
	}
	ck_assert_msg(ret == -EAGAIN, "CONSOLE_IN of %zu bytes to a paused VM "
	    "never said -EAGAIN: %d: %s", sent_len, ret,
	    board_error(&vmb.board));
	sent[sent_len] = '\0';
	ck_assert_str_eq(vm_text(1), "echo: ready\n");
	VM_OK(board_run(&vmb.board, 1));
	vm_console(1, sent);
	ck_assert_str_eq(vm_text(1), sent);
	VM_STATUS(board_set_vcpu(&vmb.board, 1, 0, VM_RAM_IPA, ram,
	    ABI_VCPU_ON), -EBUSY);
	VM_OK(board_console_in(&vmb.board, 1, VM_EOT, 1));
	vm_exit(1, ABI_EXIT_OFF, NULL);
	VM_STATUS(board_pause(&vmb.board, 2), -ENOENT);
}
END_TEST

/**
 * hvfw_vm_guests_tcase() - several VMs, SMP, VMID rollover, PAUSE.
 *
 * Return: the test case.
 */
TCase *
hvfw_vm_guests_tcase(void)
{
	TCase *tc = vm_tcase("guests", 90);

	tcase_add_test(tc, two_vms_run_at_once_in_their_own_memory);
	tcase_add_test(tc, three_vms_keep_their_consoles_apart);
	tcase_add_loop_test(tc, smp_guest_runs_four_vcpus, 0, 2);
	tcase_add_test(tc, vmids_roll_over_under_running_vms);
	tcase_add_test(tc, pause_holds_console_input_until_run);
	return tc;
}

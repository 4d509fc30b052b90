/* SPDX-License-Identifier: ISC */
/*
 * check_hvfw_vm_isolation.c - a guest that reaches for memory it was not
 * given (another VM's RAM, the firmware, the mailbox, past RAM, all as
 * IPAs the same as their PAs) is stopped as crashed with the IPA and the
 * access named, while another VM goes on answering its console.
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

/* Run probe as VM @vm at @pa, reading @target; it must crash there. */
static void
probe(uint32_t vm, uint64_t pa, uint64_t ram, uint64_t target)
{
	struct abi_vm_exited e;
	char line[64];

	vm_load("probe", pa);
	/* probe.c reads its target from its last word (x1 is 0 here). */
	vm_set_word(pa + ram - 8, target);
	vm_setup(vm, pa, ram, 1);
	VM_OK(board_run(&vmb.board, vm));
	vm_exit(vm, ABI_EXIT_CRASHED, &e);
	vm_expect_crash(&e, target, ABI_ACCESS_READ);
	snprintf(line, sizeof(line), "probe: reading IPA 0x%llx\n",
	    (unsigned long long)target);
	ck_assert_str_eq(vm_text(vm), line);
	VM_OK(board_destroy(&vmb.board, vm));
}

/* The firmware's LOG has a report of the crash at @target too. */
static void
logged(uint64_t target)
{
	char hex[32];

	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)target);
	ck_assert_msg(strstr(vmb.watch.log, hex) != NULL, "no LOG line names "
	    "IPA 0x%s: \"%s\"", hex, vmb.watch.log);
}

/* VM @vm (echo) still answers. */
static void
echo_answers(uint32_t vm, const char *text)
{
	VM_OK(board_console_in(&vmb.board, vm, text, strlen(text)));
	vm_console(vm, text);
}

START_TEST(probes_crash_while_another_vm_runs)
{
	const struct abi_hello_reply *h = &vmb.hello;
	const uint64_t ram = VM_MIB(2);
	uint64_t echo_pa, probe_pa, targets[4];
	char ping[16];
	unsigned int i;

	vm_board_start(2, NULL);
	echo_pa = vm_pa_take(ram);
	probe_pa = vm_pa_take(ram);
	vm_start(1, "echo", echo_pa, ram, 1);
	vm_console(1, "echo: ready\n");
	/* Another VM's RAM, the firmware, the mailbox, past RAM. */
	targets[0] = echo_pa;
	targets[1] = h->fw_base + h->fw_size - VM_PAGE;
	targets[2] = h->mailbox_base;
	targets[3] = h->ram_base + h->ram_size;
	for (i = 0; i < 4; i++) {
		ck_assert_uint_ge(targets[i], VM_RAM_IPA + ram);
		probe(2 + i, probe_pa, ram, targets[i]);
		snprintf(ping, sizeof(ping), "ping %u\n", i);
		echo_answers(1, ping);
	}
	/* Never stopped by the crashes around it. */
	ck_assert_uint_eq(vmb.watch.vm[1].exits, 0);
	VM_OK(board_console_in(&vmb.board, 1, VM_EOT, 1));
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), "echo: ready\nping 0\nping 1\nping 2\n"
	    "ping 3\necho: bye\n");
	for (i = 0; i < 4; i++) {
		logged(targets[i]);
	}
}
END_TEST

START_TEST(a_crash_keeps_the_stage2_until_destroy)
{
	const uint64_t ram = VM_MIB(2);
	struct abi_stats_reply st;
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(ram);
	vm_start(1, "unmapped", pa, ram, 1);
	vm_exit(1, ABI_EXIT_CRASHED, NULL);
	vm_stats(1, &st);
	ck_assert_uint_eq(st.vm_s2.leaves[2], 1);
	/* Its pages are still its own. */
	VM_OK(board_create_vm(&vmb.board, 2, 1, vmb.hello.ipa_bits));
	VM_STATUS(board_map(&vmb.board, 2, VM_RAM_IPA, pa, ram, ABI_PERM_ALL,
	    ABI_MEM_NORMAL_WB, 0), -EPERM);
	VM_OK(board_destroy(&vmb.board, 1));
	VM_OK(board_map(&vmb.board, 2, VM_RAM_IPA, pa, ram, ABI_PERM_ALL,
	    ABI_MEM_NORMAL_WB, 0));
}
END_TEST

/**
 * hvfw_vm_isolation_tcase() - guests reaching beyond their memory.
 *
 * Return: the test case.
 */
TCase *
hvfw_vm_isolation_tcase(void)
{
	TCase *tc = vm_tcase("isolation", 60);

	tcase_add_test(tc, probes_crash_while_another_vm_runs);
	tcase_add_test(tc, a_crash_keeps_the_stage2_until_destroy);
	return tc;
}

/* SPDX-License-Identifier: ISC */
/*
 * check_hvfw_vm.c - VMs made and run through the mailbox, end to end: hvfw
 * on a fresh QEMU board per test (-smp 2 unless a test says otherwise),
 * driven as hvd drives it (lib/host/board.h), with the EL1 test guests of
 * tests/guests/.  This file: one guest's life (hello, a crash, console
 * input, a console break, demand paging).  check_hvfw_vm_requests.c:
 * what requests are refused; check_hvfw_vm_isolation.c: memory isolation;
 * check_hvfw_vm_guests.c: several VMs, SMP, VMID rollover, PAUSE.
 *
 * Needs QEMU, HVFW_ELF and HVFW_GUESTS in the environment (make check sets
 * them); a missing one fails the tests.  Every wait has a deadline, and
 * each test check's timeout.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_watch.h"
#include "hvfw_vm.h"

/* tests/guests/demand.c: its region, and what page i holds at word i. */
#define DEMAND_IPA		0x80000000ull
#define DEMAND_PAGES		16u
#define DEMAND_MARK		0x64656d616e640000ull

/* tests/guests/unmapped.c reads this IPA. */
#define UNMAPPED_IPA		0x80000000ull

/* -smp 2 (_i = 0) and 1 (_i = 1): HELLO counts the CPUs. */
START_TEST(hello_reports_the_cpus_and_limits)
{
	vm_board_start(2 - (unsigned int)_i, NULL);
	ck_assert_uint_eq(vmb.hello.cpu_count, 2 - (unsigned int)_i);
	ck_assert_uint_eq(vmb.hello.vm_max, 16);
	ck_assert_uint_eq(vmb.hello.vcpu_max, 8);
	ck_assert_uint_ge(vmb.hello.ipa_bits, 32);
	ck_assert_uint_le(vmb.hello.fw_base + vmb.hello.fw_size,
	    vmb.hello.mailbox_base);
}
END_TEST

START_TEST(hello_runs_to_off_and_destroy_gives_everything_back)
{
	const uint64_t ram = VM_MIB(16);
	struct abi_stats_reply before, one, after;
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(ram);
	vm_stats(0, &before);
	vm_start(1, "hello", pa, ram, 1);
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), VM_HELLO_TEXT);
	ck_assert_uint_eq(vmb.watch.vm[1].exits, 1);
	/* Its last IPA is the last word of the PA range it was given. */
	ck_assert_uint_eq(vm_word(pa + ram - 8), VM_HELLO_MARK);

	/* The stage 2 stays until DESTROY_VM: 16 MiB as 2 MiB blocks. */
	vm_stats(1, &one);
	ck_assert_uint_eq(one.vm_count, before.vm_count + 1);
	ck_assert_uint_eq(one.vm_s2.leaves[2], 8);
	ck_assert_uint_eq(one.vm_s2.leaves[3], 0);
	ck_assert_uint_gt(one.vm_s2.table_pages, 0);
	ck_assert_uint_lt(one.pool_free, before.pool_free);
	/* Its vCPU's cost: an exit per byte it wrote, the PSCI call. */
	ck_assert_uint_gt(one.vm_exits, strlen(VM_HELLO_TEXT));
	ck_assert_uint_gt(one.vm_cpu_ns, 0);
	ck_assert_uint_eq(before.vm_cpu_ns, 0);
	ck_assert_uint_eq(before.vm_exits, 0);
	VM_STATUS(board_run(&vmb.board, 1), -EINVAL);

	VM_OK(board_destroy(&vmb.board, 1));
	vm_stats(0, &after);
	ck_assert_uint_eq(after.vm_count, before.vm_count);
	ck_assert_uint_eq(after.pool_free, before.pool_free);
	ck_assert_uint_eq(after.vmid_in_use, before.vmid_in_use);
	ck_assert_uint_eq(after.total.table_pages, before.total.table_pages);
	/* Scrubbed before the reply. */
	ck_assert_uint_eq(vm_word(pa + ram - 8), 0);
	VM_STATUS(board_destroy(&vmb.board, 1), -ENOENT);
	VM_STATUS(board_stats(&vmb.board, 1, &one), -ENOENT);
	ck_assert_uint_eq(vmb.board.events_lost, 0);
	ck_assert_uint_eq(vmb.watch.strays, 0);
}
END_TEST

START_TEST(a_destroyed_vm_id_and_its_memory_serve_again)
{
	const uint64_t ram = VM_MIB(2);
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(ram);
	vm_start(1, "hello", pa, ram, 1);
	vm_exit(1, ABI_EXIT_OFF, NULL);
	VM_OK(board_destroy(&vmb.board, 1));
	/* Same id, same pages: the new VM finds them zeroed. */
	board_watch_init(&vmb.watch, &vmb.board);
	vm_start(1, "hello", pa, ram, 1);
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), VM_HELLO_TEXT);
	VM_OK(board_destroy(&vmb.board, 1));
}
END_TEST

START_TEST(unmapped_guest_crashes_naming_the_ipa)
{
	const uint64_t ram = VM_MIB(2);
	struct abi_stats_reply before, after;
	struct abi_vm_exited e;
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(ram);
	vm_stats(0, &before);
	vm_start(1, "unmapped", pa, ram, 1);
	vm_exit(1, ABI_EXIT_CRASHED, &e);
	vm_expect_crash(&e, UNMAPPED_IPA, ABI_ACCESS_READ);
	ck_assert_str_eq(vm_text(1), "unmapped: reading IPA 0x80000000\n");
	VM_OK(board_destroy(&vmb.board, 1));
	vm_stats(0, &after);
	ck_assert_uint_eq(after.pool_free, before.pool_free);
	ck_assert_uint_eq(after.vm_count, before.vm_count);
}
END_TEST

START_TEST(echo_writes_back_console_input)
{
	const uint64_t ram = VM_MIB(2);

	vm_board_start(2, NULL);
	vm_start(1, "echo", vm_pa_take(ram), ram, 1);
	vm_console(1, "echo: ready\n");
	ck_assert_str_eq(vm_text(1), "echo: ready\n");
	board_watch_clear(&vmb.watch, 1);
	VM_OK(board_console_in(&vmb.board, 1, "abc\n", 4));
	vm_console(1, "abc\n");
	ck_assert_str_eq(vm_text(1), "abc\n");
	/* A prompt without a newline still arrives. */
	VM_OK(board_console_in(&vmb.board, 1, "> ", 2));
	vm_console(1, "abc\n> ");
	VM_OK(board_console_in(&vmb.board, 1, VM_EOT, 1));
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), "abc\n> echo: bye\n");
	VM_STATUS(board_console_in(&vmb.board, 2, "x", 1), -ENOENT);
}
END_TEST

/*
 * A break is the echo guest's power-off request.  It comes when the guest
 * waits in WFI: its output of "ab" is only handed over once its vCPU
 * stops running.
 */
START_TEST(echo_powers_off_on_a_console_break)
{
	const uint64_t ram = VM_MIB(2);

	vm_board_start(2, NULL);
	vm_start(1, "echo", vm_pa_take(ram), ram, 1);
	vm_console(1, "echo: ready\n");
	board_watch_clear(&vmb.watch, 1);
	VM_OK(board_console_in(&vmb.board, 1, "ab", 2));
	vm_console(1, "ab");
	VM_OK(board_console_break(&vmb.board, 1));
	vm_exit(1, ABI_EXIT_OFF, NULL);
	ck_assert_str_eq(vm_text(1), "abecho: break, powering off\n");
	ck_assert_uint_eq(vmb.watch.vm[1].exits, 1);
	VM_STATUS(board_console_break(&vmb.board, 2), -ENOENT);
}
END_TEST

/* Where demand.c writes page @i's word. */
static uint64_t
demand_word_ipa(unsigned int i)
{
	return DEMAND_IPA + i * VM_PAGE + i * sizeof(uint64_t);
}

START_TEST(demand_paging_gets_one_fault_per_page)
{
	const uint64_t ram = VM_MIB(2);
	struct abi_stats_reply st;
	uint64_t pa, pages, page_pa[DEMAND_PAGES];
	struct board_reply ev;
	unsigned int faults = 0, i;

	vm_board_start(2, NULL);
	pa = vm_pa_take(ram);
	vm_load("demand", pa);
	vm_setup(1, pa, ram, 1);
	VM_OK(board_map(&vmb.board, 1, DEMAND_IPA, 0, DEMAND_PAGES * VM_PAGE,
	    0, 0, ABI_RANGE_DEMAND));
	pages = vm_pa_take(DEMAND_PAGES * VM_PAGE);
	VM_OK(board_run(&vmb.board, 1));
	while (vmb.watch.vm[1].exits == 0) {
		VM_OK(board_next_event(&vmb.board, VM_TIMEOUT_MS, &ev));
		if (ev.view.type != ABI_MSG_FAULT) {
			board_watch_record(&vmb.watch, &ev);
			continue;
		}
		ck_assert_uint_eq(ev.view.msg.fault->vm, 1);
		ck_assert_msg(faults < DEMAND_PAGES, "fault %u at IPA 0x%llx",
		    faults, (unsigned long long)ev.view.msg.fault->info.ipa);
		/* In order, at the very word the guest wrote. */
		ck_assert_uint_eq(ev.view.msg.fault->info.ipa,
		    demand_word_ipa(faults));
		ck_assert_uint_eq(ev.view.msg.fault->info.access,
		    ABI_ACCESS_WRITE);
		ck_assert_uint_eq(ev.view.msg.fault->info.vcpu, 0);
		/* Fresh pages, given out of order: page i is not pages + i. */
		page_pa[faults] = pages + ((faults * 7) % DEMAND_PAGES) * VM_PAGE;
		VM_OK(board_map(&vmb.board, 1, demand_word_ipa(faults) &
		    ~(VM_PAGE - 1), page_pa[faults], VM_PAGE,
		    ABI_PERM_R | ABI_PERM_W, ABI_MEM_NORMAL_WB, 0));
		faults++;
	}
	ck_assert_uint_eq(vmb.watch.vm[1].exit.reason, ABI_EXIT_OFF);
	ck_assert_uint_eq(faults, DEMAND_PAGES);
	ck_assert_str_eq(vm_text(1), "demand: writing 16 pages from "
	    "0x80000000\ndemand: 16 pages ok\n");
	for (i = 0; i < DEMAND_PAGES; i++) {
		ck_assert_uint_eq(vm_word(page_pa[i] + i * sizeof(uint64_t)),
		    DEMAND_MARK | i);
	}
	vm_stats(1, &st);
	ck_assert_uint_eq(st.vm_s2.leaves[3], DEMAND_PAGES);
	ck_assert_uint_eq(st.vm_s2.leaves[2], 1);
	ck_assert_uint_eq(vmb.board.events_lost, 0);
}
END_TEST

START_TEST(demand_regions_are_limited_to_four)
{
	unsigned int i;

	vm_board_start(2, NULL);
	VM_OK(board_create_vm(&vmb.board, 1, 1, vmb.hello.ipa_bits));
	for (i = 0; i < 4; i++) {
		VM_OK(board_map(&vmb.board, 1, DEMAND_IPA + i * VM_MIB(2), 0,
		    VM_MIB(1), 0, 0, ABI_RANGE_DEMAND));
	}
	VM_STATUS(board_map(&vmb.board, 1, DEMAND_IPA + 4 * VM_MIB(2), 0,
	    VM_MIB(1), 0, 0, ABI_RANGE_DEMAND), -ENOSPC);
	VM_OK(board_destroy(&vmb.board, 1));
}
END_TEST

/**
 * hvfw_vm_lifecycle_tcase() - one guest's life.
 *
 * Return: the test case.
 */
TCase *
hvfw_vm_lifecycle_tcase(void)
{
	TCase *tc = vm_tcase("lifecycle", 60);

	tcase_add_loop_test(tc, hello_reports_the_cpus_and_limits, 0, 2);
	tcase_add_test(tc, hello_runs_to_off_and_destroy_gives_everything_back);
	tcase_add_test(tc, a_destroyed_vm_id_and_its_memory_serve_again);
	tcase_add_test(tc, unmapped_guest_crashes_naming_the_ipa);
	tcase_add_test(tc, echo_writes_back_console_input);
	tcase_add_test(tc, echo_powers_off_on_a_console_break);
	tcase_add_test(tc, demand_paging_gets_one_fault_per_page);
	tcase_add_test(tc, demand_regions_are_limited_to_four);
	return tc;
}

int
main(void)
{
	Suite *s = suite_create("hvfw_vm");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, hvfw_vm_lifecycle_tcase());
	suite_add_tcase(s, hvfw_vm_requests_tcase());
	suite_add_tcase(s, hvfw_vm_isolation_tcase());
	suite_add_tcase(s, hvfw_vm_guests_tcase());
	suite_add_tcase(s, hvfw_vm_kept_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* SPDX-License-Identifier: ISC */
/*
 * check_hvfw_vm_requests.c - what hvfw refuses, and with which error:
 * CREATE_VM of a taken id or bad sizes, MAP of memory that is not free
 * (the firmware's, the mailbox, outside RAM, another VM's), misaligned or
 * out-of-range MAPs, an IPA mapped twice, SHARED ranges, UNMAP giving
 * pages back, SET_VCPU of a vCPU the VM does not have.  No guest runs.
 */
#include <check.h>
#include <stdint.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "hvfw_vm.h"

#define RW		(ABI_PERM_R | ABI_PERM_W)
#define WB		ABI_MEM_NORMAL_WB

/* MAP of one RW Normal range into @vm. */
static int
map(uint32_t vm, uint64_t ipa, uint64_t pa, uint64_t size, unsigned int flags)
{
	return board_map(&vmb.board, vm, ipa, pa, size, RW, WB, flags);
}

static void
create(uint32_t vm, unsigned int ipa_bits)
{
	VM_OK(board_create_vm(&vmb.board, vm, 1, ipa_bits));
}

START_TEST(create_vm_refuses_a_taken_id_and_bad_sizes)
{
	const struct abi_hello_reply *h = &vmb.hello;

	vm_board_start(2, NULL);
	create(1, h->ipa_bits);
	VM_STATUS(board_create_vm(&vmb.board, 1, 1, h->ipa_bits), -EEXIST);
	VM_STATUS(board_create_vm(&vmb.board, 2, h->vcpu_max + 1, h->ipa_bits),
	    -EINVAL);
	if (h->ipa_bits < ABI_IPA_BITS_MAX) {
		VM_STATUS(board_create_vm(&vmb.board, 2, 1, h->ipa_bits + 1u),
		    -EINVAL);
	}
	/* The largest and smallest that are allowed. */
	VM_OK(board_create_vm(&vmb.board, h->vm_max, h->vcpu_max,
	    ABI_IPA_BITS_MIN));
	VM_OK(board_create_vm(&vmb.board, 2, 1, h->ipa_bits));
	VM_OK(board_destroy(&vmb.board, 1));
	VM_OK(board_create_vm(&vmb.board, 1, 2, h->ipa_bits));
}
END_TEST

START_TEST(set_vcpu_knows_the_vms_vcpus)
{
	vm_board_start(2, NULL);
	VM_OK(board_create_vm(&vmb.board, 1, 2, vmb.hello.ipa_bits));
	VM_OK(board_set_vcpu(&vmb.board, 1, 1, VM_RAM_IPA, 0, ABI_VCPU_ON));
	VM_OK(board_set_vcpu(&vmb.board, 1, 1, 0, 0, ABI_VCPU_OFF));
	VM_STATUS(board_set_vcpu(&vmb.board, 1, 2, VM_RAM_IPA, 0,
	    ABI_VCPU_ON), -EINVAL);
	VM_STATUS(board_set_vcpu(&vmb.board, 3, 0, VM_RAM_IPA, 0,
	    ABI_VCPU_ON), -ENOENT);
}
END_TEST

START_TEST(map_refuses_memory_that_is_not_free)
{
	const struct abi_hello_reply *h = &vmb.hello;
	uint64_t mine;

	vm_board_start(2, NULL);
	create(1, h->ipa_bits);
	create(2, h->ipa_bits);
	/* The firmware: its first page, its last, all of it. */
	VM_STATUS(map(1, VM_RAM_IPA, h->fw_base, VM_PAGE, 0), -EPERM);
	VM_STATUS(map(1, VM_RAM_IPA, h->fw_base + h->fw_size - VM_PAGE,
	    VM_PAGE, 0), -EPERM);
	VM_STATUS(map(1, VM_RAM_IPA, h->fw_base, h->fw_size, 0), -EPERM);
	/* The mailbox, and a range that ends in it. */
	VM_STATUS(map(1, VM_RAM_IPA, h->mailbox_base, h->mailbox_size, 0),
	    -EPERM);
	VM_STATUS(map(1, VM_RAM_IPA, h->mailbox_base - VM_PAGE, 2 * VM_PAGE,
	    0), -EPERM);
	/* Outside RAM: the flash, a device, past the end. */
	VM_STATUS(map(1, VM_RAM_IPA, 0, VM_PAGE, 0), -EPERM);
	VM_STATUS(map(1, VM_RAM_IPA, 0x09000000, VM_PAGE, 0), -EPERM);
	VM_STATUS(map(1, VM_RAM_IPA, h->ram_base + h->ram_size, VM_PAGE, 0),
	    -EPERM);
	/* Another live VM's pages, whole or in part. */
	mine = vm_pa_take(VM_MIB(2));
	VM_OK(map(1, VM_RAM_IPA, mine, VM_MIB(2), 0));
	VM_STATUS(map(2, VM_RAM_IPA, mine, VM_MIB(2), 0), -EPERM);
	VM_STATUS(map(2, VM_RAM_IPA, mine + VM_MIB(1), VM_PAGE, 0), -EPERM);
	VM_STATUS(map(2, VM_RAM_IPA, mine, VM_MIB(2), ABI_RANGE_SHARED),
	    -EPERM);
	/* Nothing of the refused maps was applied. */
	{
		struct abi_stats_reply st;

		vm_stats(2, &st);
		ck_assert_uint_eq(st.vm_s2.leaves[1] + st.vm_s2.leaves[2] +
		    st.vm_s2.leaves[3], 0);
	}
	/* Once VM 1 is gone, the pages are free. */
	VM_OK(board_destroy(&vmb.board, 1));
	VM_OK(map(2, VM_RAM_IPA, mine, VM_MIB(2), 0));
}
END_TEST

START_TEST(map_checks_alignment_and_the_ipa_size)
{
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(VM_MIB(2));
	create(1, 32);
	VM_STATUS(map(1, VM_RAM_IPA + 0x800, pa, VM_PAGE, 0), -EINVAL);
	VM_STATUS(map(1, VM_RAM_IPA, pa + 0x800, VM_PAGE, 0), -EINVAL);
	VM_STATUS(map(1, VM_RAM_IPA, pa, VM_PAGE + 0x800, 0), -EINVAL);
	/* 32 bits of IPA: 4 GiB, not a byte more. */
	VM_STATUS(map(1, 1ull << 32, pa, VM_PAGE, 0), -ERANGE);
	VM_STATUS(map(1, (1ull << 32) - VM_PAGE, pa, 2 * VM_PAGE, 0), -ERANGE);
	VM_STATUS(map(1, 0xfffffffffffff000ull, pa, 2 * VM_PAGE, 0), -ERANGE);
	VM_OK(map(1, (1ull << 32) - VM_PAGE, pa, VM_PAGE, 0));
	VM_STATUS(map(9, VM_RAM_IPA, pa + VM_PAGE, VM_PAGE, 0), -ENOENT);
}
END_TEST

START_TEST(map_refuses_an_ipa_mapped_elsewhere)
{
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(VM_MIB(4));
	create(1, vmb.hello.ipa_bits);
	VM_OK(map(1, VM_RAM_IPA, pa, VM_MIB(2), 0));
	VM_STATUS(map(1, VM_RAM_IPA + VM_PAGE, pa + VM_MIB(2), VM_PAGE, 0),
	    -EEXIST);
}
END_TEST

START_TEST(a_failing_batch_entry_stops_the_batch)
{
	const struct abi_hello_reply *h = &vmb.hello;
	struct abi_range e[3];
	struct abi_stats_reply st;
	uint32_t done = 0;
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(VM_MIB(4));
	create(1, h->ipa_bits);
	e[0] = (struct abi_range){ .ipa = VM_RAM_IPA, .pa = pa,
	    .size = VM_PAGE, .perm = RW, .memtype = WB };
	e[1] = (struct abi_range){ .ipa = VM_RAM_IPA + VM_PAGE,
	    .pa = h->fw_base, .size = VM_PAGE, .perm = RW, .memtype = WB };
	e[2] = (struct abi_range){ .ipa = VM_RAM_IPA + 2 * VM_PAGE,
	    .pa = pa + 2 * VM_PAGE, .size = VM_PAGE, .perm = RW,
	    .memtype = WB };
	VM_STATUS(board_batch(&vmb.board, ABI_MSG_MAP, 1, e, 3, &done),
	    -EPERM);
	ck_assert_uint_eq(done, 1);
	vm_stats(1, &st);
	ck_assert_uint_eq(st.vm_s2.leaves[3], 1);
	/* The first entry was applied: the third's page is still free. */
	VM_OK(board_batch(&vmb.board, ABI_MSG_MAP, 1, &e[2], 1, &done));
	ck_assert_uint_eq(done, 1);
	vm_stats(1, &st);
	ck_assert_uint_eq(st.vm_s2.leaves[3], 2);
}
END_TEST

START_TEST(shared_ranges_go_to_several_vms_and_stay_until_the_last)
{
	struct abi_stats_reply st;
	uint64_t shared;

	vm_board_start(2, NULL);
	shared = vm_pa_take(VM_MIB(2));
	create(1, vmb.hello.ipa_bits);
	create(2, vmb.hello.ipa_bits);
	create(3, vmb.hello.ipa_bits);
	VM_OK(map(1, VM_MIB(2048), shared, VM_MIB(2), ABI_RANGE_SHARED));
	VM_OK(map(2, VM_MIB(4096), shared, VM_MIB(2), ABI_RANGE_SHARED));
	/* Exactly the same range only, and not without the flag. */
	VM_STATUS(map(3, VM_MIB(2048), shared + VM_PAGE, VM_PAGE,
	    ABI_RANGE_SHARED), -EPERM);
	VM_STATUS(map(3, VM_MIB(2048), shared, VM_MIB(2), 0), -EPERM);
	vm_stats(2, &st);
	ck_assert_uint_eq(st.vm_s2.leaves[2], 1);
	/* Still held by VM 2 when VM 1 goes; free when VM 2 goes too. */
	VM_OK(board_destroy(&vmb.board, 1));
	VM_STATUS(map(3, VM_MIB(2048), shared, VM_MIB(2), 0), -EPERM);
	VM_OK(board_destroy(&vmb.board, 2));
	VM_OK(map(3, VM_MIB(2048), shared, VM_MIB(2), 0));
}
END_TEST

START_TEST(unmap_gives_pages_back_scrubbed)
{
	uint64_t pa;

	vm_board_start(2, NULL);
	pa = vm_pa_take(VM_MIB(2));
	create(1, vmb.hello.ipa_bits);
	create(2, vmb.hello.ipa_bits);
	VM_OK(map(1, VM_RAM_IPA, pa, VM_MIB(2), 0));
	vm_set_word(pa + VM_PAGE, 0x1234);
	VM_OK(board_unmap(&vmb.board, 1, VM_RAM_IPA, VM_MIB(1)));
	ck_assert_uint_eq(vm_word(pa + VM_PAGE), 0);
	VM_OK(map(2, VM_RAM_IPA, pa, VM_MIB(1), 0));
	/* The half VM 1 still holds is not free. */
	VM_STATUS(map(2, VM_RAM_IPA + VM_MIB(1), pa + VM_MIB(1), VM_PAGE, 0),
	    -EPERM);
}
END_TEST

/**
 * hvfw_vm_requests_tcase() - what requests are refused.
 *
 * Return: the test case.
 */
TCase *
hvfw_vm_requests_tcase(void)
{
	TCase *tc = vm_tcase("requests", 60);

	tcase_add_test(tc, create_vm_refuses_a_taken_id_and_bad_sizes);
	tcase_add_test(tc, set_vcpu_knows_the_vms_vcpus);
	tcase_add_test(tc, map_refuses_memory_that_is_not_free);
	tcase_add_test(tc, map_checks_alignment_and_the_ipa_size);
	tcase_add_test(tc, map_refuses_an_ipa_mapped_elsewhere);
	tcase_add_test(tc, a_failing_batch_entry_stops_the_batch);
	tcase_add_test(tc, shared_ranges_go_to_several_vms_and_stay_until_the_last);
	tcase_add_test(tc, unmap_gives_pages_back_scrubbed);
	return tc;
}

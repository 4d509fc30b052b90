/* SPDX-License-Identifier: ISC */
/*
 * hvfw_vm.h - what the test cases of check_hvfw_vm share: a fresh board
 * per test (hvfw serving the mailbox on QEMU), guest RAM handed out from
 * the free RAM HELLO describes, guests started as hvd starts them (image
 * written at a PA, CREATE_VM, MAP of its RAM at IPA 0x40000000, SET_VCPU 0
 * with x0 = RAM size, RUN), and waits on their consoles and exits.
 *
 * Every helper fails the test, saying what went wrong (board_error()), if
 * the firmware does not do what was asked.
 */
#ifndef HV_TESTS_HVFW_VM_H
#define HV_TESTS_HVFW_VM_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>

#include <hv/abi.h>

#include "board.h"
#include "board_watch.h"

/** VM_RAM_IPA - where a guest's RAM (and image) lies in its IPA space. */
#define VM_RAM_IPA		0x40000000ull
/** VM_TIMEOUT_MS - longest wait for a guest to write or exit. */
#define VM_TIMEOUT_MS		15000
/** VM_BOARD_RAM_MIB - the board's RAM. */
#define VM_BOARD_RAM_MIB	256u
/** VM_PAGE - the stage-2 granule. */
#define VM_PAGE			0x1000ull
/** VM_MIB() - @n MiB in bytes. */
#define VM_MIB(n)		((uint64_t)(n) << 20)

/** VM_HELLO_TEXT - all that tests/guests/hello.c writes on a fresh VM. */
#define VM_HELLO_TEXT	"hello from vm\nhello: uart periph id 0x141011, " \
	"cell id 0xb105f00d, flags 0x90, control 0x300\n"
/** VM_HELLO_MARK - what hello leaves in the last word of its RAM. */
#define VM_HELLO_MARK		0x68656c6c6f21ull
/** VM_EOT - the byte that ends tests/guests/echo.c. */
#define VM_EOT			"\x04"

/**
 * struct vm_board - the board of the running test.
 * @board:   the board.
 * @watch:   its events, by VM.
 * @hello:   what HELLO said.
 * @started: whether @board is running.
 * @pa_next: the next free PA vm_pa_take() hands out.
 */
struct vm_board {
	struct board board;
	struct board_watch watch;
	struct abi_hello_reply hello;
	bool started;
	uint64_t pa_next;
};

/** vmb - the board of the running test (check forks one per test). */
extern struct vm_board vmb;

/**
 * VM_OK() - assert that a board call returned 0.
 * @expr: the call.
 */
#define VM_OK(expr) do { \
	int vm_ok_ret_ = (expr); \
	ck_assert_msg(vm_ok_ret_ == 0, "%s = %d: %s", #expr, vm_ok_ret_, \
	    board_error(&vmb.board)); \
} while (0)

/**
 * VM_STATUS() - assert that a board call returned @want.
 * @expr: the call.
 * @want: 0 or the -errno expected.
 */
#define VM_STATUS(expr, want) do { \
	int vm_st_ret_ = (expr); \
	ck_assert_msg(vm_st_ret_ == (want), "%s = %d, not %d (%s): %s", \
	    #expr, vm_st_ret_, (int)(want), #want, \
	    vm_st_ret_ != 0 ? board_error(&vmb.board) : "succeeded"); \
} while (0)

/**
 * vm_board_start() - boot a fresh board, HELLO, and start watching it.
 * @cpus:   QEMU's -smp.
 * @append: more firmware options ("hvfw.vmid_bits=2"), or NULL.
 */
void vm_board_start(unsigned int cpus, const char *append);

/**
 * vm_board_start_kept() - vm_board_start(), the board kept in @keep_dir
 * (board_config.keep_dir): it outlives the test process.
 * @cpus:     QEMU's -smp.
 * @append:   more firmware options, or NULL.
 * @keep_dir: the directory, or NULL for an ordinary board.
 */
void vm_board_start_kept(unsigned int cpus, const char *append,
    const char *keep_dir);

/**
 * vm_board_stop() - stop the board if one runs (a test case's teardown).
 */
void vm_board_stop(void);

/**
 * vm_pa_take() - free board RAM for a guest, 2 MiB aligned.
 * @size: bytes (rounded up to 2 MiB).
 *
 * Return: its PA, past the firmware and below the mailbox.
 */
uint64_t vm_pa_take(uint64_t size);

/**
 * vm_load() - write a guest's image (tests/guests/NAME.bin) at a PA.
 * @guest: NAME.
 * @pa:    where.
 */
void vm_load(const char *guest, uint64_t pa);

/**
 * vm_setup() - CREATE_VM, MAP of its RAM, SET_VCPU 0 ON: ready to RUN.
 * @vm:         the VM id.
 * @pa:         PA of its RAM (the image is there).
 * @ram:        bytes of RAM, mapped RWX Normal-WB at VM_RAM_IPA.
 * @vcpu_count: its vCPUs.
 */
void vm_setup(uint32_t vm, uint64_t pa, uint64_t ram, uint32_t vcpu_count);

/**
 * vm_start() - vm_load(), vm_setup() and RUN.
 * @vm:         the VM id.
 * @guest:      its image's NAME.
 * @pa:         PA of its RAM.
 * @ram:        bytes of RAM.
 * @vcpu_count: its vCPUs.
 */
void vm_start(uint32_t vm, const char *guest, uint64_t pa, uint64_t ram,
    uint32_t vcpu_count);

/**
 * vm_console() - wait until a VM's console shows a string.
 * @vm:     the VM.
 * @needle: the string.
 */
void vm_console(uint32_t vm, const char *needle);

/**
 * vm_exit() - wait for a VM's VM_EXITED and check its reason.
 * @vm:     the VM.
 * @reason: enum abi_exit_reason expected.
 * @exit:   set to the event (may be NULL).
 */
void vm_exit(uint32_t vm, uint32_t reason, struct abi_vm_exited *exit);

/**
 * vm_text() - a VM's console output so far.
 * @vm: the VM.
 *
 * Return: the text, NUL-terminated.
 */
const char *vm_text(uint32_t vm);

/**
 * vm_stats() - STATS, asserted to succeed.
 * @vm:    the VM or 0.
 * @stats: filled in.
 */
void vm_stats(uint32_t vm, struct abi_stats_reply *stats);

/**
 * vm_word() - a 64-bit word of board RAM, as the host sees it.
 * @pa: its PA, 8-byte aligned, inside RAM.
 *
 * Return: the word.
 */
uint64_t vm_word(uint64_t pa);

/**
 * vm_set_word() - write a 64-bit word of board RAM.
 * @pa: its PA.
 * @v:  the value.
 */
void vm_set_word(uint64_t pa, uint64_t v);

/**
 * vm_expect_crash() - check a crash report.
 * @e:      the VM_EXITED event.
 * @ipa:    the IPA the guest touched.
 * @access: enum abi_access.
 */
void vm_expect_crash(const struct abi_vm_exited *e, uint64_t ipa,
    unsigned int access);

/**
 * vm_tcase() - a test case of QEMU boards: teardown stops the board.
 * @name:    its name.
 * @timeout: seconds for each test.
 *
 * Return: the test case.
 */
TCase *vm_tcase(const char *name, double timeout);

/**
 * hvfw_vm_lifecycle_tcase() - one guest's life (check_hvfw_vm.c).
 *
 * Return: the test case.
 */
TCase *hvfw_vm_lifecycle_tcase(void);

/**
 * hvfw_vm_requests_tcase() - what requests are refused
 * (check_hvfw_vm_requests.c).
 *
 * Return: the test case.
 */
TCase *hvfw_vm_requests_tcase(void);

/**
 * hvfw_vm_isolation_tcase() - guests reaching beyond their memory
 * (check_hvfw_vm_isolation.c).
 *
 * Return: the test case.
 */
TCase *hvfw_vm_isolation_tcase(void);

/**
 * hvfw_vm_guests_tcase() - several VMs, SMP, VMID rollover, PAUSE
 * (check_hvfw_vm_guests.c).
 *
 * Return: the test case.
 */
TCase *hvfw_vm_guests_tcase(void);

/**
 * hvfw_vm_kept_tcase() - kept boards: VMs go on while no host process
 * holds the board, and the next one takes it up.
 *
 * Return: the test case.
 */
TCase *hvfw_vm_kept_tcase(void);

#endif /* HV_TESTS_HVFW_VM_H */

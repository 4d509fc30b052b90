/* SPDX-License-Identifier: ISC */
/*
 * check_hvfw_vm_kept.c - kept boards (board_config.keep_dir): a VM goes
 * on running while the process that started it is killed, and the next
 * process takes the board up again where the rings stand; a board whose
 * QEMU is gone, or a zombie no one reaps, is reported and its files
 * cleared.
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hv/abi.h>
#include <hv/errno.h>

#include "board.h"
#include "board_watch.h"
#include "hvfw_vm.h"

static char dir[64];

static void
kept_setup(void)
{
	strcpy(dir, "/tmp/hv-kept.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
kept_teardown(void)
{
	vm_board_stop();
	ck_assert_int_eq(rmdir(dir), 0);	/* every file of it removed */
}

/*
 * In a child that dies by SIGKILL, as hvd would: a kept board with an
 * echo VM that has said it is ready.
 */
static void
start_and_die(void)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		vm_board_start_kept(2, NULL, dir);
		vm_start(1, "echo", vm_pa_take(VM_MIB(2)), VM_MIB(2), 1);
		vm_console(1, "echo: ready\n");
		raise(SIGKILL);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "the child that starts the board failed (status 0x%x)", status);
}

static void
reattach(void)
{
	VM_OK(board_reattach(&vmb.board, dir, 0));
	vmb.started = true;
	board_watch_init(&vmb.watch, &vmb.board);
}

START_TEST(a_kept_board_outlives_its_host_and_is_taken_up_again)
{
	struct abi_stats_reply st;

	start_and_die();
	reattach();
	VM_OK(board_console_in(&vmb.board, 1, "again\n", 6));
	vm_console(1, "again\n");
	vm_stats(1, &st);
	ck_assert_uint_eq(st.vm_count, 1);
	/* A second host may come and go too. */
	board_detach(&vmb.board);
	vmb.started = false;
	reattach();
	VM_OK(board_console_in(&vmb.board, 1, VM_EOT, 1));
	vm_console(1, "echo: bye\n");
	vm_exit(1, ABI_EXIT_OFF, NULL);
	vm_board_stop();
	VM_STATUS(board_reattach(&vmb.board, dir, 0), -ENOENT);
}
END_TEST

START_TEST(a_kept_board_whose_qemu_died_is_cleared)
{
	char path[128];
	pid_t qemu;

	vm_board_start_kept(1, NULL, dir);
	qemu = vmb.board.pid;
	ck_assert_int_gt(qemu, 0);
	/* A second board may not be kept in the same place. */
	{
		struct board other;
		struct board_config cfg = {
			.qemu = getenv("QEMU"), .firmware = getenv("HVFW_ELF"),
			.ram_mib = VM_BOARD_RAM_MIB, .keep_dir = dir,
		};

		ck_assert_int_eq(board_start(&other, &cfg), -EEXIST);
		ck_assert_ptr_nonnull(strstr(board_error(&other),
		    "kept in"));
	}
	board_detach(&vmb.board);
	vmb.started = false;
	ck_assert_int_eq(kill(qemu, SIGKILL), 0);
	/* Its parent reaps it, as init would reap a kept board's QEMU. */
	ck_assert_int_eq(waitpid(qemu, NULL, 0), qemu);
	VM_STATUS(board_reattach(&vmb.board, dir, 0), -ESRCH);
	ck_assert_ptr_nonnull(strstr(board_error(&vmb.board), "is gone"));
	snprintf(path, sizeof(path), "%s/ram", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	VM_STATUS(board_reattach(&vmb.board, dir, 0), -ENOENT);
}
END_TEST

/*
 * A kept board whose QEMU died and was never reaped: its parent, a child
 * of the test, kills it and waits without reaping (waitid() WNOWAIT), as
 * an init that reaps lazily would.  Return that parent's pid.
 */
static pid_t
start_and_leave_a_zombie(void)
{
	siginfo_t info;
	pid_t pid;
	int ready[2];
	char c = 0;

	ck_assert_int_eq(pipe(ready), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		vm_board_start_kept(1, NULL, dir);
		kill(vmb.board.pid, SIGKILL);
		if (waitid(P_PID, (id_t)vmb.board.pid, &info,
		    WEXITED | WNOWAIT) == 0 && write(ready[1], "z", 1) == 1) {
			pause();
		}
		_exit(1);
	}
	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return pid;
}

START_TEST(a_kept_board_whose_qemu_is_a_zombie_is_gone)
{
	pid_t parent = start_and_leave_a_zombie();

	VM_STATUS(board_reattach(&vmb.board, dir, 0), -ESRCH);
	ck_assert_ptr_nonnull(strstr(board_error(&vmb.board), "is gone"));
	ck_assert_int_eq(kill(parent, SIGKILL), 0);
	ck_assert_int_eq(waitpid(parent, NULL, 0), parent);
	VM_STATUS(board_reattach(&vmb.board, dir, 0), -ENOENT);
}
END_TEST

/**
 * hvfw_vm_kept_tcase() - kept boards.
 *
 * Return: the test case.
 */
TCase *
hvfw_vm_kept_tcase(void)
{
	TCase *tc = tcase_create("kept");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, kept_setup, kept_teardown);
	tcase_add_test(tc, a_kept_board_outlives_its_host_and_is_taken_up_again);
	tcase_add_test(tc, a_kept_board_whose_qemu_died_is_cleared);
	tcase_add_test(tc, a_kept_board_whose_qemu_is_a_zombie_is_gone);
	return tc;
}

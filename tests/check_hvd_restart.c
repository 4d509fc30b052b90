/* SPDX-License-Identifier: ISC */
/*
 * check_hvd_restart.c - what outlives what: VMs outlive hvd (SIGKILL or
 * SIGTERM) and the next hvd takes them up; a dead board makes its VMs
 * crashed (board lost) and the next start brings a new board; and many
 * clients at once.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_hvd.h"
#include "procstate.h"

/** CLIENTS - hvctl processes at once. */
#define CLIENTS		20

/* Is the process alive? */
static bool
alive(pid_t pid)
{
	return pid > 0 && !proc_ended(pid);
}

/* Type into the echo VM @name and expect it back. */
static void
echo_answers(const char *name, const char *text)
{
	const char *argv[] = { "console", name, NULL };
	char input[64], want[64];

	snprintf(input, sizeof(input), "%s\x04", text);
	snprintf(want, sizeof(want), "%secho: bye\n", text);
	ck_assert_int_eq(hvd_env_hvctl_v(&env, input, argv), 0);
	ck_assert_msg(strstr(env.out, want) != NULL, "console said: %s",
	    env.out);
}

/* hvd ends by @sig while a VM runs; the next hvd finds it running. */
static void
vm_outlives_hvd(int sig)
{
	char before[HVD_ENV_OUT_MAX];
	pid_t qemu;

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	hvctl_ok("stats", NULL);
	snprintf(before, sizeof(before), "%s", env.out);
	qemu = hvd_env_qemu_pid(&env);
	ck_assert(alive(qemu));
	hvd_env_kill(&env, sig);
	ck_assert_msg(alive(qemu), "the board died with hvd");
	hvd_env_start(&env);
	wait_state("echo", "running (booted)");
	hvctl_ok("info", "echo", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Id:             1\n"));
	ck_assert_ptr_nonnull(strstr(env.out, "16M (16M placed)"));
	hvctl_ok("stats", NULL);
	ck_assert_str_eq(env.out, before);
	ck_assert_int_eq(hvd_env_qemu_pid(&env), qemu);
	echo_answers("echo", "again");
}

START_TEST(vms_outlive_hvd_killed_with_sigkill)
{
	vm_outlives_hvd(SIGKILL);
}
END_TEST

START_TEST(vms_outlive_hvd_ended_with_sigterm)
{
	vm_outlives_hvd(SIGTERM);
}
END_TEST

START_TEST(a_dead_board_makes_vms_crashed_and_the_next_start_works)
{
	const struct timespec pause = { 0, 20000000L };
	pid_t qemu;
	int i;

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	qemu = hvd_env_qemu_pid(&env);
	ck_assert(alive(qemu));
	/* An operator's kill ends it: hvd's blocked signals are not QEMU's. */
	kill(qemu, SIGTERM);
	for (i = 0; i < 500 && alive(qemu); i++) {
		nanosleep(&pause, NULL);
	}
	ck_assert_msg(!alive(qemu), "QEMU %ld outlived SIGTERM", (long)qemu);
	wait_state("echo", "crashed (board lost)");
	hvctl_ok("start", "echo", NULL);
	wait_state("echo", "running (booted)");
	ck_assert_int_ne(hvd_env_qemu_pid(&env), qemu);
	echo_answers("echo", "new board");
}
END_TEST

START_TEST(twenty_clients_at_once)
{
	pid_t pid[CLIENTS];
	int i, status;

	hvd_env_define(&env, "hello", "hello", "");
	for (i = 0; i < CLIENTS; i++) {
		pid[i] = fork();
		ck_assert_int_ge(pid[i], 0);
		if (pid[i] == 0) {
			_exit(hvd_env_hvctl(&env, "list", "--all", NULL) == 0 &&
			    strstr(env.out, "hello") != NULL ? 0 : 1);
		}
	}
	for (i = 0; i < CLIENTS; i++) {
		ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "client %d failed (status 0x%x)", i, status);
	}
}
END_TEST

TCase *
hvd_restart_tcase(void)
{
	TCase *tc = hvd_tcase("restart");

	tcase_add_test(tc, vms_outlive_hvd_killed_with_sigkill);
	tcase_add_test(tc, vms_outlive_hvd_ended_with_sigterm);
	tcase_add_test(tc, a_dead_board_makes_vms_crashed_and_the_next_start_works);
	tcase_add_test(tc, twenty_clients_at_once);
	return tc;
}

/* SPDX-License-Identifier: ISC */
/*
 * check_procstate.c - proc_ended(): a live process has not ended; one
 * that exited has, both as a zombie nobody reaped yet and once reaped.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procstate.h"

/* A child that waits for a signal. */
static pid_t
child_that_waits(void)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		for (;;) {
			pause();
		}
	}
	return pid;
}

START_TEST(a_live_process_has_not_ended)
{
	pid_t pid = child_that_waits();

	ck_assert(!proc_ended(getpid()));
	ck_assert(!proc_ended(pid));
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}
END_TEST

START_TEST(a_zombie_has_ended_and_so_has_a_reaped_process)
{
	pid_t pid = child_that_waits();
	siginfo_t info;

	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	/* Wait for its end without reaping it: a zombie, kill() finds it. */
	ck_assert_int_eq(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT),
	    0);
	ck_assert_int_eq(kill(pid, 0), 0);
	ck_assert(proc_ended(pid));
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert(proc_ended(pid));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("procstate");
	TCase *tc = tcase_create("proc_ended");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, a_live_process_has_not_ended);
	tcase_add_test(tc, a_zombie_has_ended_and_so_has_a_reaped_process);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

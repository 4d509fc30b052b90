/* SPDX-License-Identifier: ISC */
/*
 * check_hvd.h - what the test cases of check_hvd share: hvd and hvctl end
 * to end, with the real firmware on QEMU (a fresh hvd, and so a fresh
 * board, per test).
 */
#ifndef HV_TESTS_CHECK_HVD_H
#define HV_TESTS_CHECK_HVD_H

#include <check.h>

#include "hvd_env.h"

/** HVD_TEST_TIMEOUT - seconds a test may take. */
#define HVD_TEST_TIMEOUT	120

/** env - the test's hvd (set up by the fixture of hvd_tcase()). */
extern struct hvd_env env;

/**
 * hvd_tcase() - a test case whose tests each get a fresh hvd.
 * @name: its name.
 *
 * Return: the test case.
 */
TCase *hvd_tcase(const char *name);

/**
 * hvctl_ok() - run hvctl and assert it succeeded.
 * @...: its arguments, then NULL.
 */
#define hvctl_ok(...) do {						\
	int hvctl_rc_ = hvd_env_hvctl(&env, __VA_ARGS__);		\
									\
	ck_assert_msg(hvctl_rc_ == 0, "hvctl failed (%d): %s",		\
	    hvctl_rc_, env.err);					\
} while (0)

/**
 * hvctl_fails() - run hvctl, assert it failed with a message containing
 * @fragment on stderr.
 * @fragment: what the message must contain.
 * @...:      its arguments, then NULL.
 */
#define hvctl_fails(fragment, ...) do {					\
	int hvctl_rc_ = hvd_env_hvctl(&env, __VA_ARGS__);		\
									\
	ck_assert_msg(hvctl_rc_ == 1, "hvctl exited %d, not 1: %s%s",	\
	    hvctl_rc_, env.out, env.err);				\
	ck_assert_msg(strstr(env.err, (fragment)) != NULL,		\
	    "\"%s\" is not in hvctl's error: %s", (fragment), env.err);	\
} while (0)

/**
 * wait_state() - assert a VM reaches a state (hvctl info's State line).
 * @name:  the VM.
 * @state: the state.
 */
#define wait_state(name, state)						\
	ck_assert_msg(hvd_env_wait_state(&env, (name), (state)),	\
	    "%s never became %s; hvctl info: %s%s", (name), (state),	\
	    env.out, env.err)

/**
 * wait_console() - assert a VM's console log comes to hold a string.
 * @name:   the VM.
 * @needle: the string.
 */
#define wait_console(name, needle)					\
	ck_assert_msg(hvd_env_wait_console(&env, (name), (needle)),	\
	    "the console of %s never showed \"%s\"", (name), (needle))

/* The test cases (check_hvd_*.c). */
TCase *hvd_life_tcase(void);
TCase *hvd_memory_tcase(void);
TCase *hvd_restart_tcase(void);

#endif /* HV_TESTS_CHECK_HVD_H */

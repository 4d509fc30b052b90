/* SPDX-License-Identifier: ISC */
/*
 * check_hvd.c - hvd and hvctl end to end: real hvd, real hvctl, the real
 * firmware on QEMU.  The cases are in check_hvd_*.c.
 */
#include <check.h>
#include <stdlib.h>

#include "check_hvd.h"

struct hvd_env env;

static void
setup(void)
{
	hvd_env_init(&env, NULL);
	hvd_env_start(&env);
}

static void
teardown(void)
{
	hvd_env_fini(&env);
}

TCase *
hvd_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, HVD_TEST_TIMEOUT);
	hvd_env_tcase_fixture(tc);
	tcase_add_checked_fixture(tc, setup, teardown);
	return tc;
}

int
main(void)
{
	Suite *s = suite_create("hvd");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, hvd_life_tcase());
	suite_add_tcase(s, hvd_memory_tcase());
	suite_add_tcase(s, hvd_restart_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

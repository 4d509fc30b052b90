/* SPDX-License-Identifier: ISC */
/*
 * check_hvdconf.c - tests of hvd.yaml (lib/host/hvdconf.h): defaults from
 * the table (and configure's paths), every key read, each mistake with
 * its exact message, truncations, and the table held against
 * conf/hvd.yaml and the hvd.yaml(5) man page.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvdconf.h"
#include "yamldoc.h"

/* conf/hvd.yaml and man/hvd.yaml.5 are made from .in files by make. */
#define CONF_FILE	HV_TOP_BUILDDIR "/conf/hvd.yaml"
#define MAN_FILE	HV_TOP_BUILDDIR "/man/hvd.yaml.5"

static int
load_text(struct hvdconf *conf, const char *text, char *error)
{
	return hvdconf_load_buffer(conf, "hvd.yaml", text, strlen(text), error,
	    YAMLDOC_ERROR_MAX);
}

static void
expect_error(const char *text, const char *message)
{
	char error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;

	ck_assert_int_eq(load_text(&conf, text, error), -EINVAL);
	ck_assert_str_eq(error, message);
	ck_assert_ptr_null(conf.qemu);
}

static void
assert_defaults(const struct hvdconf *conf)
{
	ck_assert_str_eq(conf->qemu, HV_QEMU);
	ck_assert_str_eq(conf->cpu, "cortex-a57");
	ck_assert_uint_eq(conf->cpus, 2);
	ck_assert_uint_eq(conf->memory, 1ull << 30);
	ck_assert_str_eq(conf->firmware, HV_FIRMWARE);
	ck_assert_str_eq(conf->state_dir, HV_STATEDIR);
	ck_assert_str_eq(conf->vm_dir, HV_VMDIR);
	ck_assert_str_eq(conf->socket_dir, HV_SOCKDIR);
	ck_assert_uint_eq(conf->socket_mode, 0600);
	ck_assert_uint_eq(conf->socket_ro_mode, 0666);
	ck_assert_uint_eq(conf->max_vms, 16);
	ck_assert_uint_eq(conf->max_clients, 64);
	ck_assert_uint_eq(conf->log_level, HVDCONF_LOG_INFO);
}

START_TEST(init_gives_defaults)
{
	struct hvdconf conf;

	ck_assert_int_eq(hvdconf_init(&conf), 0);
	assert_defaults(&conf);
	hvdconf_fini(&conf);
}
END_TEST

START_TEST(empty_file_is_all_defaults)
{
	char error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;

	ck_assert_int_eq(load_text(&conf, "", error), 0);
	assert_defaults(&conf);
	hvdconf_fini(&conf);
	ck_assert_int_eq(load_text(&conf, "board: {}\nlog: {}\n", error), 0);
	assert_defaults(&conf);
	hvdconf_fini(&conf);
}
END_TEST

START_TEST(every_key_lands)
{
	static const char text[] =
	    "board:\n"
	    "  qemu: /opt/qemu/bin/qemu-system-aarch64\n"
	    "  cpu: max\n"
	    "  cpus: 8\n"
	    "  memory: 4G\n"
	    "  firmware: /opt/hv/hvfw.elf\n"
	    "paths:\n"
	    "  state_dir: /srv/hv/state\n"
	    "  vm_dir: /srv/hv/vms\n"
	    "  socket_dir: /run/hv-test\n"
	    "sockets:\n"
	    "  mode: 0660\n"
	    "  ro_mode: 00\n"
	    "limits:\n"
	    "  max_vms: 4\n"
	    "  max_clients: 1024\n"
	    "log:\n"
	    "  level: debug\n";
	char error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;

	ck_assert_int_eq(load_text(&conf, text, error), 0);
	ck_assert_str_eq(conf.qemu, "/opt/qemu/bin/qemu-system-aarch64");
	ck_assert_str_eq(conf.cpu, "max");
	ck_assert_uint_eq(conf.cpus, 8);
	ck_assert_uint_eq(conf.memory, 4ull << 30);
	ck_assert_str_eq(conf.firmware, "/opt/hv/hvfw.elf");
	ck_assert_str_eq(conf.state_dir, "/srv/hv/state");
	ck_assert_str_eq(conf.vm_dir, "/srv/hv/vms");
	ck_assert_str_eq(conf.socket_dir, "/run/hv-test");
	ck_assert_uint_eq(conf.socket_mode, 0660);
	ck_assert_uint_eq(conf.socket_ro_mode, 0);
	ck_assert_uint_eq(conf.max_vms, 4);
	ck_assert_uint_eq(conf.max_clients, 1024);
	ck_assert_uint_eq(conf.log_level, HVDCONF_LOG_DEBUG);
	hvdconf_fini(&conf);
}
END_TEST

START_TEST(errors_are_positioned)
{
	expect_error("bord: {}\n", "hvd.yaml:1:1: unknown key 'bord'");
	expect_error("board:\n  cpus: 2\n  ram: 1G\n",
	    "hvd.yaml:3:3: board: unknown key 'ram'");
	expect_error("board:\n  cpus: 2\n  cpus: 3\n",
	    "hvd.yaml:3:3: board: duplicate key 'cpus' "
	    "(first at line 2, column 3)");
	expect_error("board: 2\n", "hvd.yaml:1:8: board: expected a mapping");
	expect_error("- board\n", "hvd.yaml:1:1: expected a mapping");
	expect_error("board: {cpus: 9}\n",
	    "hvd.yaml:1:15: board.cpus: 9 is out of range (1..8)");
	expect_error("board: {cpus: many}\n",
	    "hvd.yaml:1:15: board.cpus: expected an integer");
	expect_error("board: {memory: 64M}\n",
	    "hvd.yaml:1:17: board.memory: 64M is out of range (128M..64G)");
	expect_error("board: {memory: 134218752}\n",
	    "hvd.yaml:1:17: board.memory: 134218752 is not a multiple of 1M");
	expect_error("board: {memory: 1GB}\n",
	    "hvd.yaml:1:17: board.memory: bad size '1GB' "
	    "(expected bytes, or a number with K, M, G or T)");
	expect_error("board: {qemu: ''}\n",
	    "hvd.yaml:1:15: board.qemu: empty string");
	expect_error("board: {qemu: [a]}\n",
	    "hvd.yaml:1:15: board.qemu: expected a string");
	expect_error("limits: {max_vms: 17}\n",
	    "hvd.yaml:1:19: limits.max_vms: 17 is out of range (1..16)");
	expect_error("limits: {max_clients: 0}\n",
	    "hvd.yaml:1:23: limits.max_clients: 0 is out of range (1..1024)");
	expect_error("sockets: {mode: 0800}\n",
	    "hvd.yaml:1:17: sockets.mode: expected permission bits in octal "
	    "(such as 0660)");
	expect_error("sockets: {mode: 660}\n",
	    "hvd.yaml:1:17: sockets.mode: expected permission bits in octal "
	    "(such as 0660)");
	expect_error("sockets: {ro_mode: 01777}\n",
	    "hvd.yaml:1:20: sockets.ro_mode: 01777 is out of range (00..0777)");
	expect_error("log:\n  level: verbose\n",
	    "hvd.yaml:2:10: log.level: bad value 'verbose' "
	    "(expected error, warn, info or debug)");
	expect_error("log: {level: info\n",
	    "hvd.yaml:2:1: syntax error: did not find expected ',' or '}' "
	    "while parsing a flow mapping");
}
END_TEST

/* Write @text to a temporary file; its path in @path. */
static void
temp_file(const char *text, char *path)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/hvdconf.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

START_TEST(load_over_keeps_what_the_file_does_not_give)
{
	char path[32], error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;

	ck_assert_int_eq(hvdconf_init(&conf), 0);
	free(conf.state_dir);
	conf.state_dir = strdup("/home/u/.local/state/hv");
	temp_file("board:\n  cpus: 4\n", path);
	ck_assert_int_eq(hvdconf_load_file_over(&conf, path, error,
	    sizeof(error)), 0);
	ck_assert_uint_eq(conf.cpus, 4);
	ck_assert_str_eq(conf.state_dir, "/home/u/.local/state/hv");
	ck_assert_str_eq(conf.vm_dir, HV_VMDIR);
	unlink(path);
	/* A bad file changes nothing. */
	temp_file("board:\n  cpus: 5\n  cpu: [x]\n", path);
	ck_assert_int_eq(hvdconf_load_file_over(&conf, path, error,
	    sizeof(error)), -EINVAL);
	ck_assert_uint_eq(conf.cpus, 4);
	ck_assert_str_eq(conf.cpu, "cortex-a57");
	ck_assert_str_eq(conf.state_dir, "/home/u/.local/state/hv");
	unlink(path);
	hvdconf_fini(&conf);
}
END_TEST

START_TEST(unreadable_file_is_named)
{
	char error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;

	ck_assert_int_eq(hvdconf_load_file(&conf, "/nonexistent/hvd.yaml",
	    error, sizeof(error)), -ENOENT);
	ck_assert_str_eq(error, "/nonexistent/hvd.yaml: No such file or directory");
	ck_assert_ptr_null(conf.qemu);
}
END_TEST

START_TEST(example_is_every_default)
{
	char error[YAMLDOC_ERROR_MAX];
	struct hvdconf conf;
	int rc;

	rc = hvdconf_load_file(&conf, CONF_FILE, error, sizeof(error));
	ck_assert_msg(rc == 0, "%s", error);
	assert_defaults(&conf);
	hvdconf_fini(&conf);
}
END_TEST

/* The whole of @path, NUL-terminated (the caller frees it). */
static char *
read_whole(const char *path)
{
	char *text = malloc(65536);
	size_t n;
	FILE *f;

	ck_assert_ptr_nonnull(text);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

START_TEST(example_every_key_is_present)
{
	char *text = read_whole(CONF_FILE), needle[64];
	size_t i;

	for (i = 0; i < hvdconf_key_count; i++) {
		snprintf(needle, sizeof(needle), "\n  %s: ", hvdconf_keys[i].name);
		ck_assert_msg(strstr(text, needle) != NULL, "%s not in %s",
		    hvdconf_keys[i].name, CONF_FILE);
	}
	free(text);
}
END_TEST

START_TEST(every_truncation_of_example_is_safe)
{
	char *text = read_whole(CONF_FILE), error[YAMLDOC_ERROR_MAX];
	size_t len, n = strlen(text);
	struct hvdconf conf;
	int rc;

	for (len = 0; len <= n; len++) {
		rc = hvdconf_load_buffer(&conf, "hvd.yaml", text, len, error,
		    sizeof(error));
		ck_assert_msg(rc == 0 || rc == -EINVAL, "length %zu", len);
		if (rc == 0) {
			hvdconf_fini(&conf);
		} else {
			ck_assert_msg(strncmp(error, "hvd.yaml:", 9) == 0,
			    "length %zu: '%s'", len, error);
		}
	}
	free(text);
}
END_TEST

/*
 * hvd.yaml(5) lists each key as ".It Ic NAME" and gives its default as
 * ".Ql DEFAULT" before the next item.
 */
START_TEST(man_page_documents_every_default)
{
	char *text = read_whole(MAN_FILE), item[64], dflt[512];
	const char *start, *end, *found;
	size_t i;

	for (i = 0; i < hvdconf_key_count; i++) {
		snprintf(item, sizeof(item), "\n.It Ic %s ",
		    hvdconf_keys[i].name);
		start = strstr(text, item);
		ck_assert_msg(start != NULL, "no '%s' in %s", item + 1,
		    MAN_FILE);
		end = strstr(start + 1, "\n.It ");
		if (end == NULL) {
			end = text + strlen(text);
		}
		snprintf(dflt, sizeof(dflt), "\nDefault:\n.Ql %s",
		    hvdconf_keys[i].default_text);
		found = strstr(start, dflt);
		ck_assert_msg(found != NULL && found < end &&
		    (found[strlen(dflt)] == '\n' || found[strlen(dflt)] == ' '),
		    "%s: default '%s' not documented", hvdconf_keys[i].name,
		    hvdconf_keys[i].default_text);
	}
	free(text);
}
END_TEST

static Suite *
hvdconf_suite(void)
{
	Suite *s = suite_create("hvdconf");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, init_gives_defaults);
	tcase_add_test(tc, empty_file_is_all_defaults);
	tcase_add_test(tc, every_key_lands);
	tcase_add_test(tc, errors_are_positioned);
	tcase_add_test(tc, load_over_keeps_what_the_file_does_not_give);
	tcase_add_test(tc, unreadable_file_is_named);
	tcase_add_test(tc, every_truncation_of_example_is_safe);
	suite_add_tcase(s, tc);

	tc = tcase_create("docs");
	tcase_add_test(tc, example_is_every_default);
	tcase_add_test(tc, example_every_key_is_present);
	tcase_add_test(tc, man_page_documents_every_default);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hvdconf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

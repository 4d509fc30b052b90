/* SPDX-License-Identifier: ISC */
/*
 * check_hvd_life.c - a VM's life through hvctl and hvd: define, start,
 * console, stop, destroy, reboot, pause, resume, undefine; crashes; bad
 * definitions; hvd -n.
 */
#include <check.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_hvd.h"
#include "hv_protocol.h"
#include "rpc_client.h"

START_TEST(define_start_console_stop_undefine)
{
	static char log[HVD_ENV_OUT_MAX];

	hvd_env_define(&env, "hello", "hello", "");
	hvctl_ok("list", "--all", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "hello"));
	ck_assert_ptr_nonnull(strstr(env.out, "shut off"));
	hvctl_ok("list", NULL);
	ck_assert_ptr_null(strstr(env.out, "hello"));
	/* The guest prints and powers off: the console ends with it. */
	hvctl_ok("start", "--console", "hello", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Domain 'hello' started"));
	ck_assert_ptr_nonnull(strstr(env.out, "hello from vm\n"));
	wait_state("hello", "shut off (shutdown)");
	hvd_env_console_log(&env, "hello", log, sizeof(log));
	ck_assert_ptr_nonnull(strstr(log, "hello from vm\n"));
	hvctl_ok("undefine", "hello", NULL);
	hvctl_ok("list", "--all", NULL);
	ck_assert_ptr_null(strstr(env.out, "hello"));
	hvctl_fails("no domain with matching name 'hello'", "start", "hello",
	    NULL);
}
END_TEST

START_TEST(console_carries_bytes_both_ways)
{
	const char *argv[] = { "console", "echo", NULL };

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	/* Without a terminal: input until it ends, output until the VM
	 * stops; 0x04 ends the echo guest. */
	ck_assert_int_eq(hvd_env_hvctl_v(&env, "typed\x04", argv), 0);
	ck_assert_ptr_nonnull(strstr(env.out, "typedecho: bye\n"));
	wait_state("echo", "shut off (shutdown)");
}
END_TEST

START_TEST(stop_asks_the_guest_to_power_off)
{
	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	hvctl_ok("stop", "--timeout", "60", "echo", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Domain 'echo' powered off"));
	wait_console("echo", "echo: break, powering off");
	wait_state("echo", "shut off (shutdown)");
}
END_TEST

START_TEST(stop_destroys_a_guest_that_does_not_listen)
{
	hvd_env_define(&env, "idle", "idle", "");
	hvctl_ok("start", "idle", NULL);
	wait_console("idle", "idle: ready\n");
	hvctl_ok("stop", "--timeout", "1", "idle", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "did not power off within 1 s: "
	    "destroyed"));
	wait_state("idle", "shut off (destroyed)");
}
END_TEST

START_TEST(pause_resume_and_reboot)
{
	static char log[HVD_ENV_OUT_MAX];
	char *first;

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	hvctl_ok("pause", "echo", NULL);
	wait_state("echo", "paused (user)");
	hvctl_ok("resume", "echo", NULL);
	wait_state("echo", "running (unpaused)");
	hvctl_fails("domain 'echo' is not paused", "resume", "echo", NULL);
	hvctl_ok("info", "echo", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Id:             1\n"));
	/* It ran: the firmware counted its time and exits. */
	ck_assert_ptr_nonnull(strstr(env.out, "CPU time:       "));
	ck_assert_ptr_nonnull(strstr(env.out, " exits)\n"));
	ck_assert_ptr_null(strstr(env.out, "(0 exits)"));
	/* A reboot boots the images again, keeping the domain id. */
	hvctl_ok("reboot", "echo", NULL);
	wait_state("echo", "running (booted)");
	hvctl_ok("info", "echo", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Id:             1\n"));
	ck_assert(hvd_env_wait_console(&env, "echo",
	    "echo: ready\necho: ready\n"));
	hvd_env_console_log(&env, "echo", log, sizeof(log));
	first = strstr(log, "echo: ready\n");
	ck_assert_ptr_nonnull(strstr(first + 1, "echo: ready\n"));
	hvctl_ok("destroy", "echo", NULL);
	wait_state("echo", "shut off (destroyed)");
	hvctl_fails("is not running", "destroy", "echo", NULL);
}
END_TEST

START_TEST(two_vms_keep_their_consoles_apart)
{
	const char *argv_a[] = { "console", "a", NULL };
	const char *argv_b[] = { "console", "b", NULL };
	static char log[HVD_ENV_OUT_MAX];

	hvd_env_define(&env, "a", "echo", "");
	hvd_env_define(&env, "b", "echo", "");
	hvctl_ok("start", "a", NULL);
	hvctl_ok("start", "b", NULL);
	wait_console("a", "echo: ready\n");
	wait_console("b", "echo: ready\n");
	hvctl_ok("list", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, " a "));
	ck_assert_ptr_nonnull(strstr(env.out, " b "));
	ck_assert_int_eq(hvd_env_hvctl_v(&env, "for-a\x04", argv_a), 0);
	ck_assert_int_eq(hvd_env_hvctl_v(&env, "for-b\x04", argv_b), 0);
	hvd_env_console_log(&env, "a", log, sizeof(log));
	ck_assert_ptr_nonnull(strstr(log, "for-a"));
	ck_assert_ptr_null(strstr(log, "for-b"));
	hvd_env_console_log(&env, "b", log, sizeof(log));
	ck_assert_ptr_nonnull(strstr(log, "for-b"));
	ck_assert_ptr_null(strstr(log, "for-a"));
}
END_TEST

START_TEST(a_crash_is_reported_while_another_vm_runs)
{
	const char *argv[] = { "console", "echo", NULL };
	static char log[HVD_ENV_OUT_MAX];
	FILE *f;
	size_t n;

	hvd_env_define(&env, "echo", "echo", "");
	hvd_env_define(&env, "unmapped", "unmapped", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	hvctl_ok("start", "unmapped", NULL);
	/* on_crash: destroy, the default. */
	wait_state("unmapped", "shut off (crashed)");
	f = fopen(env.log, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(log, 1, sizeof(log) - 1, f);
	log[n] = '\0';
	fclose(f);
	ck_assert_msg(strstr(log, "unmapped: crashed: vCPU 0, read at IPA "
	    "0x80000000 (nearest region: ram), ESR 0x") != NULL,
	    "no crash report in hvd's log: %s", log);
	/* The other VM goes on. */
	wait_state("echo", "running (booted)");
	ck_assert_int_eq(hvd_env_hvctl_v(&env, "still\x04", argv), 0);
	ck_assert_ptr_nonnull(strstr(env.out, "stillecho: bye\n"));
}
END_TEST

START_TEST(on_crash_preserve_keeps_the_vm_to_look_at)
{
	hvd_env_define(&env, "unmapped", "unmapped", "on_crash: preserve\n");
	hvctl_ok("start", "unmapped", NULL);
	wait_state("unmapped", "crashed");
	hvctl_ok("info", "unmapped", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "Last crash:     vCPU 0 read "
	    "at IPA 0x80000000 (nearest region ram), ESR 0x"));
	hvctl_ok("s2dump", "unmapped", NULL);
	ck_assert_ptr_nonnull(strstr(env.out, "0x40000000-0x40ffffff"));
	hvctl_ok("destroy", "unmapped", NULL);
	wait_state("unmapped", "shut off (destroyed)");
}
END_TEST

START_TEST(a_bad_definition_names_file_line_column)
{
	char path[HVD_ENV_PATH_MAX], want[HVD_ENV_PATH_MAX + 64];

	hvd_env_vm_file(&env, "bad", "hello", "memroy: 16M\n", path);
	snprintf(want, sizeof(want), "%s:7:1: unknown key 'memroy'\n", path);
	hvctl_fails(want, "define", path, NULL);
	hvctl_ok("list", "--all", NULL);
	ck_assert_ptr_null(strstr(env.out, "bad"));
	/* validate says the same without hvd. */
	ck_assert_int_eq(hvd_env_hvctl(&env, "validate", path, NULL), 1);
	ck_assert_str_eq(env.err, want);
	hvd_env_vm_file(&env, "good", "hello", "", path);
	hvctl_ok("validate", path, NULL);
}
END_TEST

/* hvctl info NAME, until it says @want (hvd takes SIGHUP in its loop). */
static bool
info_says(const char *name, const char *want)
{
	const struct timespec pause = { 0, 20000000L };
	int i;

	for (i = 0; i < 500; i++) {
		if (hvd_env_hvctl(&env, "info", name, NULL) == 0 &&
		    strstr(env.out, want) != NULL) {
			return true;
		}
		nanosleep(&pause, NULL);
	}
	return false;
}

/* hvd's log, until it holds @want. */
static bool
log_says(const char *want)
{
	const struct timespec pause = { 0, 20000000L };
	char line[1024];
	bool found = false;
	FILE *f;
	int i;

	for (i = 0; i < 500 && !found; i++) {
		if ((f = fopen(env.log, "r")) != NULL) {
			while (!found && fgets(line, sizeof(line), f) != NULL) {
				found = strstr(line, want) != NULL;
			}
			fclose(f);
		}
		if (!found) {
			nanosleep(&pause, NULL);
		}
	}
	return found;
}

/* Replace @from by @to in the file @path. */
static void
edit(const char *path, const char *from, const char *to)
{
	char text[4096], *at;
	size_t n;
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	at = strstr(text, from);
	ck_assert_ptr_nonnull(at);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	fclose(f);
}

START_TEST(sighup_reads_new_and_changed_definition_files)
{
	char made[HVD_ENV_PATH_MAX], path[HVD_ENV_PATH_MAX + 32];

	hvd_env_vm_file(&env, "hup", "echo", "", made);
	snprintf(path, sizeof(path), "%s/hup.yaml", env.vm_dir);
	ck_assert_int_eq(rename(made, path), 0);
	ck_assert_int_eq(kill(env.pid, SIGHUP), 0);
	ck_assert(info_says("hup", "Memory:         16M ("));
	/* A mistake changes nothing; set right, the change is taken. */
	edit(path, "memory: 16M", "memory: 3M");
	ck_assert_int_eq(kill(env.pid, SIGHUP), 0);
	/* (Line 3: hvd wrote the generated uuid in above the name.) */
	ck_assert(log_says("hup.yaml:3:9: memory: 3M is not a multiple of "
	    "2M; domain 'hup' keeps its definition"));
	ck_assert(info_says("hup", "Memory:         16M ("));
	edit(path, "memory: 3M", "memory: 32M");
	ck_assert_int_eq(kill(env.pid, SIGHUP), 0);
	ck_assert(info_says("hup", "Memory:         32M ("));
	/* Running, it keeps its definition until it stops. */
	hvctl_ok("start", "hup", NULL);
	wait_console("hup", "echo: ready\n");
	edit(path, "memory: 32M", "memory: 64M");
	ck_assert_int_eq(kill(env.pid, SIGHUP), 0);
	ck_assert(info_says("hup", "Memory:         32M ("));
	hvctl_ok("destroy", "hup", NULL);
	ck_assert(info_says("hup", "Memory:         64M ("));
}
END_TEST

/* Run hvd -n with this environment; its exit status, output in @out. */
static int
hvd_check(char *out, size_t len)
{
	char cmd[512];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "'%s' --session -n 2>&1", getenv("HVD"));
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	return WEXITSTATUS(pclose(p));
}

START_TEST(hvd_check_says_ok_or_names_each_error)
{
	char out[4096], path[HVD_ENV_PATH_MAX + 32];
	FILE *f;

	hvd_env_define(&env, "hello", "hello", "");
	ck_assert_int_eq(hvd_check(out, sizeof(out)), 0);
	ck_assert_str_eq(out, "configuration OK\n");
	snprintf(path, sizeof(path), "%s/broken.yaml", env.vm_dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("name: broken\nmemory: 3M\n", f);
	fclose(f);
	ck_assert_int_eq(hvd_check(out, sizeof(out)), 1);
	ck_assert_msg(strstr(out, "broken.yaml:2:9: memory: 3M is not a "
	    "multiple of 2M") != NULL, "hvd -n said: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "1 error\n"));
}
END_TEST

/* A raw client: connected to hvd and opened. */
static void
raw_open(struct rpc_client *c)
{
	char *name = "hv:///session";
	remote_connect_open_args args = { &name, 0 };

	ck_assert_int_eq(rpc_client_connect(c, env.sock), 0);
	ck_assert_int_eq(rpc_client_call(c, REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_OPEN, (xdrproc_t)xdr_remote_connect_open_args,
	    &args, NULL, NULL), 0);
}

START_TEST(a_client_vanishing_mid_stream_leaves_all_else_running)
{
	const char *argv[] = { "console", "echo", NULL };
	remote_domain_lookup_by_name_args look = { "echo" };
	remote_domain_open_console_args open;
	struct rpc_header h;
	remote_domain_ret dom;
	struct rpc_client c;

	hvd_env_define(&env, "echo", "echo", "");
	hvctl_ok("start", "echo", NULL);
	wait_console("echo", "echo: ready\n");
	raw_open(&c);
	memset(&dom, 0, sizeof(dom));
	ck_assert_int_eq(rpc_client_call(&c, REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    (xdrproc_t)xdr_remote_domain_lookup_by_name_args, &look,
	    (xdrproc_t)xdr_remote_domain_ret, &dom), 0);
	open = (remote_domain_open_console_args){ dom.dom, NULL, 0 };
	ck_assert_int_eq(rpc_client_call(&c, REMOTE_PROGRAM,
	    REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
	    (xdrproc_t)xdr_remote_domain_open_console_args, &open, NULL,
	    NULL), 0);
	/* Half of a data packet, then gone. */
	h = (struct rpc_header){ REMOTE_PROGRAM, 1,
	    REMOTE_PROC_DOMAIN_OPEN_CONSOLE, RPC_STREAM,
	    rpc_client_last_serial(&c), RPC_CONTINUE };
	ck_assert_int_eq(rpc_client_send_raw(&c, &h, "lost", 4), 0);
	ck_assert_int_eq(write(c.fd, "\0\0\0\x40\x20", 5), 5);
	rpc_body_free((xdrproc_t)xdr_remote_domain_ret, &dom);
	rpc_client_close(&c);
	/* hvd, the VM and its console go on. */
	ck_assert_int_eq(hvd_env_hvctl_v(&env, "after\x04", argv), 0);
	ck_assert_ptr_nonnull(strstr(env.out, "afterecho: bye\n"));
	hvctl_ok("list", "--all", NULL);
	wait_state("echo", "shut off (shutdown)");
}
END_TEST

TCase *
hvd_life_tcase(void)
{
	TCase *tc = hvd_tcase("life");

	tcase_add_test(tc, define_start_console_stop_undefine);
	tcase_add_test(tc, console_carries_bytes_both_ways);
	tcase_add_test(tc, stop_asks_the_guest_to_power_off);
	tcase_add_test(tc, stop_destroys_a_guest_that_does_not_listen);
	tcase_add_test(tc, pause_resume_and_reboot);
	tcase_add_test(tc, two_vms_keep_their_consoles_apart);
	tcase_add_test(tc, a_crash_is_reported_while_another_vm_runs);
	tcase_add_test(tc, on_crash_preserve_keeps_the_vm_to_look_at);
	tcase_add_test(tc, a_bad_definition_names_file_line_column);
	tcase_add_test(tc, hvd_check_says_ok_or_names_each_error);
	tcase_add_test(tc, sighup_reads_new_and_changed_definition_files);
	tcase_add_test(tc, a_client_vanishing_mid_stream_leaves_all_else_running);
	return tc;
}

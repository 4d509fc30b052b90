/* SPDX-License-Identifier: ISC */
/*
 * hvd_env.c - a real hvd to test against (hvd_env.h).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hvd_env.h"
#include "procstate.h"

/** ENV_POLL_NS - how often a wait looks again. */
#define ENV_POLL_NS	20000000L

/* snprintf that must fit. */
static void
env_fmt(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
env_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	ck_assert_msg(n >= 0 && (size_t)n < len, "path too long: %s", buf);
}

/* A variable make check sets. */
static const char *
env_need(const char *name)
{
	const char *v = getenv(name);

	ck_assert_msg(v != NULL && v[0] != '\0', "%s is not set (run through "
	    "make check)", name);
	return v;
}

static long long
env_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
env_pause(void)
{
	const struct timespec ts = { 0, ENV_POLL_NS };

	nanosleep(&ts, NULL);
}

/* @dir/@sub into @out, made as a directory. */
static void
env_subdir(const struct hvd_env *e, const char *sub, char *out)
{
	env_fmt(out, HVD_ENV_PATH_MAX, "%s/%s", e->dir, sub);
	ck_assert_msg(mkdir(out, 0700) == 0 || errno == EEXIST, "mkdir %s",
	    out);
}

/** env_base - where the test case's environments are made, or "". */
static char env_base[64];

/* Kill the process whose pid a file holds ("hv-board PID", "PID"). */
static void
env_kill_from(const char *path, const char *format)
{
	long pid = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		return;
	}
	if (fscanf(f, format, &pid) == 1 && pid > 1) {
		kill((pid_t)pid, SIGKILL);
	}
	fclose(f);
}

/* nftw's callback of the sweep: end the hvd and QEMU an environment's
 * state directory names. */
static int
env_sweep_one(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	size_t len = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && len >= 8 && strcmp(path + len - 8, "/hvd.pid") == 0) {
		env_kill_from(path, "%ld");
	} else if (type == FTW_F && len >= 12 &&
	    strcmp(path + len - 12, "/board/board") == 0) {
		env_kill_from(path, "hv-board %ld");
	}
	return 0;
}

static int env_remove(const char *path, const struct stat *st, int type,
    struct FTW *ftw);

static void
env_base_setup(void)
{
	strcpy(env_base, "/tmp/hv-hvd.XXXXXX");
	if (mkdtemp(env_base) == NULL) {
		env_base[0] = '\0';
	}
}

static void
env_base_teardown(void)
{
	if (env_base[0] == '\0') {
		return;
	}
	nftw(env_base, env_sweep_one, 16, FTW_PHYS);
	nftw(env_base, env_remove, 16, FTW_DEPTH | FTW_PHYS);
	env_base[0] = '\0';
}

void
hvd_env_tcase_fixture(TCase *tc)
{
	tcase_add_unchecked_fixture(tc, env_base_setup, env_base_teardown);
}

void
hvd_env_init(struct hvd_env *e, const char *extra)
{
	char path[HVD_ENV_PATH_MAX], cfg[HVD_ENV_PATH_MAX];
	FILE *f;

	memset(e, 0, sizeof(*e));
	env_fmt(e->dir, sizeof(e->dir), "%s/env.XXXXXX", env_base[0] != '\0' ?
	    env_base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(e->dir));
	env_subdir(e, "config", cfg);
	env_subdir(e, "config/hv", path);
	env_subdir(e, "state", path);
	env_subdir(e, "run", path);
	env_fmt(e->state, sizeof(e->state), "%s/state/hv", e->dir);
	env_fmt(e->vm_dir, sizeof(e->vm_dir), "%s/config/hv/vms", e->dir);
	env_fmt(e->sock, sizeof(e->sock), "%s/run/libvirt/virthvd-sock",
	    e->dir);
	env_fmt(e->sock_ro, sizeof(e->sock_ro), "%s-ro", e->sock);
	env_fmt(e->log, sizeof(e->log), "%s/hvd.log", e->dir);
	env_fmt(path, sizeof(path), "%s/hv/hvd.yaml", cfg);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "board:\n  qemu: %s\n  firmware: %s\n  cpus: 2\n"
	    "  memory: 512M\nlog:\n  level: debug\n%s", env_need("QEMU"),
	    env_need("HVFW_ELF"), extra != NULL ? extra : "");
	fclose(f);
	setenv("XDG_CONFIG_HOME", cfg, 1);
	env_fmt(path, sizeof(path), "%s/state", e->dir);
	setenv("XDG_STATE_HOME", path, 1);
	env_fmt(path, sizeof(path), "%s/run", e->dir);
	setenv("XDG_RUNTIME_DIR", path, 1);
}

/* Does something accept connections on @path? */
static bool
env_answers(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		return false;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	if (fd >= 0) {
		close(fd);
	}
	return ok;
}

void
hvd_env_start(struct hvd_env *e)
{
	const char *hvd = env_need("HVD");
	long long deadline = env_now_ms() + HVD_ENV_TIMEOUT_MS;
	int status, fd;

	e->pid = fork();
	ck_assert_int_ge(e->pid, 0);
	if (e->pid == 0) {
#if defined(__SANITIZE_ADDRESS__)
		/* An ASan hvd keeps freed memory in quarantine (256 MiB):
		 * tests that bound hvd's memory would see that instead. */
		setenv("ASAN_OPTIONS", "quarantine_size_mb=0", 0);
#endif
		fd = open(e->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		dup2(fd, STDERR_FILENO);
		dup2(fd, STDOUT_FILENO);
		execl(hvd, "hvd", "-d", "--session", (char *)NULL);
		_exit(127);
	}
	while (!env_answers(e->sock)) {
		ck_assert_msg(waitpid(e->pid, &status, WNOHANG) == 0,
		    "hvd ended at startup (status 0x%x); see %s", status,
		    e->log);
		ck_assert_msg(env_now_ms() < deadline, "hvd does not answer "
		    "on %s", e->sock);
		env_pause();
	}
}

int
hvd_env_kill(struct hvd_env *e, int sig)
{
	int status = 0;

	if (e->pid > 0) {
		kill(e->pid, sig);
		while (waitpid(e->pid, &status, 0) < 0 && errno == EINTR) {
			continue;
		}
		e->pid = 0;
	}
	return status;
}

pid_t
hvd_env_qemu_pid(const struct hvd_env *e)
{
	char path[HVD_ENV_PATH_MAX];
	long pid = 0;
	FILE *f;

	env_fmt(path, sizeof(path), "%s/board/board", e->state);
	if ((f = fopen(path, "r")) == NULL) {
		return 0;
	}
	if (fscanf(f, "hv-board %ld", &pid) != 1) {
		pid = 0;
	}
	fclose(f);
	return (pid_t)pid;
}

/* nftw's callback: remove everything. */
static int
env_remove(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void
hvd_env_fini(struct hvd_env *e)
{
	long long deadline = env_now_ms() + HVD_ENV_TIMEOUT_MS;
	pid_t qemu;

	if (e->dir[0] == '\0') {
		return;
	}
	hvd_env_kill(e, SIGTERM);
	qemu = hvd_env_qemu_pid(e);
	if (qemu > 0) {
		kill(qemu, SIGKILL);
		while (!proc_ended(qemu) && env_now_ms() < deadline) {
			env_pause();
		}
	}
	nftw(e->dir, env_remove, 16, FTW_DEPTH | FTW_PHYS);
	e->dir[0] = '\0';
}

/* Read @fd into @buf until end of file or the deadline. */
static void
env_drain(int fds[2], char *bufs[2], long long deadline)
{
	struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	size_t have[2] = { 0, 0 };
	ssize_t n;
	int i, open = 2;

	while (open > 0 && env_now_ms() < deadline) {
		if (poll(p, 2, 100) <= 0) {
			continue;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP))) {
				continue;
			}
			n = read(p[i].fd, bufs[i] + have[i],
			    HVD_ENV_OUT_MAX - 1 - have[i]);
			if (n <= 0) {
				p[i].fd = -1;
				open--;
			} else {
				have[i] += (size_t)n;
			}
		}
	}
	bufs[0][have[0]] = '\0';
	bufs[1][have[1]] = '\0';
}

/* Exec hvctl in the child, its stdio on the pipes. */
static void
env_exec_hvctl(int in, int out, int err, const char *const *argv)
{
	const char *args[32] = { "hvctl", "-c", "hv:///session" };
	size_t i;

	for (i = 0; argv[i] != NULL && i + 4 < 32; i++) {
		args[i + 3] = argv[i];
	}
	args[i + 3] = NULL;
	dup2(in, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	execv(getenv("HVCTL"), (char *const *)(uintptr_t)args);
	_exit(127);
}

int
hvd_env_hvctl_v(struct hvd_env *e, const char *input,
    const char *const *argv)
{
	long long deadline = env_now_ms() + HVD_ENV_TIMEOUT_MS;
	int in[2], out[2], err[2], fds[2], status;
	char *bufs[2] = { e->out, e->err };
	pid_t pid;

	env_need("HVCTL");
	ck_assert(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0 &&
	    pipe2(err, O_CLOEXEC) == 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		env_exec_hvctl(in[0], out[1], err[1], argv);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input != NULL && write(in[1], input, strlen(input)) < 0) {
		ck_abort_msg("cannot write hvctl's input");
	}
	close(in[1]);
	fds[0] = out[0];
	fds[1] = err[0];
	env_drain(fds, bufs, deadline);
	close(out[0]);
	close(err[0]);
	if (env_now_ms() >= deadline) {
		kill(pid, SIGKILL);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
hvd_env_hvctl(struct hvd_env *e, ...)
{
	const char *argv[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, e);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)) != NULL) {
		n++;
	}
	va_end(ap);
	argv[n] = NULL;
	return hvd_env_hvctl_v(e, NULL, argv);
}

void
hvd_env_vm_file(const struct hvd_env *e, const char *name, const char *guest,
    const char *more, char *path)
{
	char guests[PATH_MAX];
	FILE *f;

	env_fmt(path, HVD_ENV_PATH_MAX, "%s/%s.yaml", e->dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	/* make check's HVFW_GUESTS is relative to the build directory. */
	ck_assert_ptr_nonnull(realpath(env_need("HVFW_GUESTS"), guests));
	fprintf(f, "name: %s\nmemory: 16M\nkernel:\n  path: %s/%s.bin\n"
	    "  format: raw\n  load_address: 0x40000000\n%s", name, guests,
	    guest, more);
	fclose(f);
}

void
hvd_env_define(struct hvd_env *e, const char *name, const char *guest,
    const char *more)
{
	char path[HVD_ENV_PATH_MAX];
	int rc;

	hvd_env_vm_file(e, name, guest, more, path);
	rc = hvd_env_hvctl(e, "define", path, NULL);
	ck_assert_msg(rc == 0, "hvctl define %s: %s", path, e->err);
}

bool
hvd_env_wait_state(struct hvd_env *e, const char *name, const char *state)
{
	long long deadline = env_now_ms() + HVD_ENV_TIMEOUT_MS;
	char want[128];

	env_fmt(want, sizeof(want), "State:          %s\n", state);
	do {
		if (hvd_env_hvctl(e, "info", name, NULL) == 0 &&
		    strstr(e->out, want) != NULL) {
			return true;
		}
		env_pause();
	} while (env_now_ms() < deadline);
	return false;
}

void
hvd_env_console_log(const struct hvd_env *e, const char *name, char *buf,
    size_t len)
{
	char path[HVD_ENV_PATH_MAX];
	size_t n = 0;
	FILE *f;

	env_fmt(path, sizeof(path), "%s/console/%s.log", e->state, name);
	buf[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

bool
hvd_env_wait_console(const struct hvd_env *e, const char *name,
    const char *needle)
{
	long long deadline = env_now_ms() + HVD_ENV_TIMEOUT_MS;
	static char text[HVD_ENV_OUT_MAX];

	do {
		hvd_env_console_log(e, name, text, sizeof(text));
		if (strstr(text, needle) != NULL) {
			return true;
		}
		env_pause();
	} while (env_now_ms() < deadline);
	return false;
}

/* SPDX-License-Identifier: ISC */
/*
 * hvd_env.h - a real hvd to test against: a session daemon in a temporary
 * directory of its own (configuration, definitions, state, sockets), with
 * the build's firmware, driven through the real hvctl or raw sockets.
 *
 * The build tree's programs come from the environment make check sets:
 * HVD, HVCTL, HVFW_ELF, QEMU and HVFW_GUESTS.  Every wait is polling
 * against a deadline, never a bare sleep.
 */
#ifndef HV_TESTS_HVD_ENV_H
#define HV_TESTS_HVD_ENV_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/** HVD_ENV_PATH_MAX - room for a path of the environment. */
#define HVD_ENV_PATH_MAX	256
/** HVD_ENV_OUT_MAX - hvctl output kept. */
#define HVD_ENV_OUT_MAX		65536
/** HVD_ENV_TIMEOUT_MS - the longest wait for anything of hvd's. */
#define HVD_ENV_TIMEOUT_MS	30000

/**
 * struct hvd_env - one hvd and its files.
 * @dir:     the temporary directory holding everything.
 * @sock:    the read-write socket.
 * @sock_ro: the read-only socket.
 * @state:   hvd's state directory.
 * @vm_dir:  hvd's VM directory.
 * @log:     hvd's stderr.
 * @pid:     hvd's pid, or 0 when it does not run.
 * @out:     the last hvctl run's stdout.
 * @err:     its stderr.
 */
struct hvd_env {
	char dir[64];
	char sock[HVD_ENV_PATH_MAX];
	char sock_ro[HVD_ENV_PATH_MAX];
	char state[HVD_ENV_PATH_MAX];
	char vm_dir[HVD_ENV_PATH_MAX];
	char log[HVD_ENV_PATH_MAX];
	pid_t pid;
	char out[HVD_ENV_OUT_MAX];
	char err[HVD_ENV_OUT_MAX];
};

/**
 * hvd_env_tcase_fixture() - add to a test case the unchecked fixture that
 * sweeps up after its tests: a failed check ends a test's process at once
 * (libcheck's fork mode, no teardown, no atexit), which would leave its
 * hvd, its board's QEMU and its directory behind.  The fixture runs in
 * the runner's process: every environment of the test case is made in a
 * directory of its own, and its teardown ends what is left there.
 * @tc: the test case.
 */
void hvd_env_tcase_fixture(TCase *tc);

/**
 * hvd_env_init() - make the directory and hvd.yaml, and point this
 * process's XDG variables (which hvd and hvctl inherit) at it.
 * @e:     the environment.
 * @extra: more hvd.yaml text (whole sections), or NULL.
 */
void hvd_env_init(struct hvd_env *e, const char *extra);

/**
 * hvd_env_start() - start hvd -d --session and wait until it answers on
 * its socket.
 * @e: the environment.
 */
void hvd_env_start(struct hvd_env *e);

/**
 * hvd_env_kill() - send hvd a signal and wait for it to end.
 * @e:   the environment.
 * @sig: the signal.
 *
 * Return: its wait status.
 */
int hvd_env_kill(struct hvd_env *e, int sig);

/**
 * hvd_env_fini() - end hvd, kill the board's QEMU if one was left, remove
 * the directory.
 * @e: the environment.
 */
void hvd_env_fini(struct hvd_env *e);

/**
 * hvd_env_qemu_pid() - the pid of the board's QEMU, from its kept state.
 * @e: the environment.
 *
 * Return: the pid, or 0 if no board is kept.
 */
pid_t hvd_env_qemu_pid(const struct hvd_env *e);

/**
 * hvd_env_hvctl() - run hvctl -c hv:///session with arguments, stdin from
 * /dev/null unless @input is given.
 * @e:     the environment; @e->out and @e->err get its output.
 * @input: bytes for its stdin, or NULL.
 * @argv:  the arguments after the URI, NULL-terminated.
 *
 * Return: its exit status (-1 if it was killed by the deadline).
 */
int hvd_env_hvctl_v(struct hvd_env *e, const char *input,
    const char *const *argv);

/**
 * hvd_env_hvctl() - hvd_env_hvctl_v() with the arguments listed.
 * @e:   the environment.
 * @...: the arguments, then NULL.
 *
 * Return: its exit status.
 */
int hvd_env_hvctl(struct hvd_env *e, ...) __attribute__((sentinel));

/**
 * hvd_env_vm_file() - write a VM definition into the directory (not into
 * hvd's VM directory): a raw test guest with 16M of RAM and whatever
 * @more says.
 * @e:     the environment.
 * @name:  the VM's name.
 * @guest: the test guest (tests/guests/GUEST.bin).
 * @more:  more YAML lines, or "".
 * @path:  set to the file's path (HVD_ENV_PATH_MAX bytes).
 */
void hvd_env_vm_file(const struct hvd_env *e, const char *name,
    const char *guest, const char *more, char *path);

/**
 * hvd_env_define() - write a definition (hvd_env_vm_file()) and define it
 * with hvctl define.
 * @e:     the environment.
 * @name:  the VM's name.
 * @guest: the test guest.
 * @more:  more YAML lines, or "".
 */
void hvd_env_define(struct hvd_env *e, const char *name, const char *guest,
    const char *more);

/**
 * hvd_env_wait_state() - wait until hvctl info shows a state.
 * @e:     the environment.
 * @name:  the VM.
 * @state: the state line's text ("running (booted)", "shut off
 *         (shutdown)", ...).
 *
 * Return: true once it does; false after HVD_ENV_TIMEOUT_MS.
 */
bool hvd_env_wait_state(struct hvd_env *e, const char *name,
    const char *state);

/**
 * hvd_env_console_log() - a VM's console log as hvd keeps it.
 * @e:    the environment.
 * @name: the VM.
 * @buf:  the text (NUL-terminated).
 * @len:  bytes at @buf.
 */
void hvd_env_console_log(const struct hvd_env *e, const char *name, char *buf,
    size_t len);

/**
 * hvd_env_wait_console() - wait until a VM's console log holds a string.
 * @e:      the environment.
 * @name:   the VM.
 * @needle: the string.
 *
 * Return: true once it does.
 */
bool hvd_env_wait_console(const struct hvd_env *e, const char *name,
    const char *needle);

#endif /* HV_TESTS_HVD_ENV_H */

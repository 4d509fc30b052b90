/* SPDX-License-Identifier: ISC */
/*
 * paths.h - the directories and files hvd works with, derived from
 * hvd.yaml's paths section (hvpaths.h has the defaults):
 *
 *   STATE/board/         the kept board: RAM, serial socket, QEMU's log
 *   STATE/run/NAME.json  what an active domain holds, for a restart
 *   STATE/console/       the console logs
 *   STATE/hvd.pid        the pid of the hvd that owns STATE (locked)
 *   VMDIR/NAME.yaml      the definitions
 *   SOCKETS/virthvd-sock, virthvd-sock-ro
 */
#ifndef HVD_PATHS_H
#define HVD_PATHS_H

#include "hvdconf.h"

/**
 * struct hvd_paths - every path hvd uses (malloc'ed strings).
 * @config:      the hvd.yaml read (it need not exist).
 * @state_dir:   the state directory.
 * @vm_dir:      the definitions.
 * @socket_dir:  the sockets' directory.
 * @board_dir:   the kept board.
 * @run_dir:     the active domains' run state.
 * @console_dir: the console logs.
 * @pid_file:    the lock and pid file.
 * @sock_rw:     the read-write socket.
 * @sock_ro:     the read-only socket.
 */
struct hvd_paths {
	char *config;
	char *state_dir;
	char *vm_dir;
	char *socket_dir;
	char *board_dir;
	char *run_dir;
	char *console_dir;
	char *pid_file;
	char *sock_rw;
	char *sock_ro;
};

/**
 * paths_session_conf() - a session daemon's defaults: the per-user paths
 * replace the system ones in @conf (before hvd.yaml is read over it).
 * @conf:   an initialised configuration.
 * @config: set to the session hvd.yaml's path (malloc'ed).
 *
 * Return: 0, -ENOENT (no HOME), -ENOMEM.
 */
int paths_session_conf(struct hvdconf *conf, char **config);

/**
 * paths_init() - every path, from the configuration.
 * @p:      filled in; paths_fini() it.
 * @conf:   the configuration.
 * @config: the hvd.yaml read.
 *
 * Return: 0 or -ENOMEM.
 */
int paths_init(struct hvd_paths *p, const struct hvdconf *conf,
    const char *config);

/**
 * paths_make_dirs() - create the directories that do not exist (state
 * ones mode 0700, definitions and sockets 0755), parents included.
 * @p: the paths.
 *
 * Return: 0, or -errno with @failed set to the directory that failed.
 */
int paths_make_dirs(const struct hvd_paths *p, const char **failed);

/**
 * paths_fini() - free the paths.
 * @p: the paths.
 */
void paths_fini(struct hvd_paths *p);

#endif /* HVD_PATHS_H */

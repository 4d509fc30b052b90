/* SPDX-License-Identifier: ISC */
/*
 * hvpaths.h - where hvd keeps things and where clients find it, for the
 * system daemon and for per-user session daemons; shared by hvd and
 * hvctl so that both agree.
 *
 * The system daemon's directories come from configure (--with-statedir,
 * --with-confdir, --with-sockdir) and hvd.yaml.  A session daemon
 * (hvd --session, URI hv:///session) follows the XDG base directories,
 * as libvirt's session daemons do:
 *
 *   configuration  $XDG_CONFIG_HOME/hv/hvd.yaml   (~/.config/hv)
 *   definitions    $XDG_CONFIG_HOME/hv/vms/
 *   state          $XDG_STATE_HOME/hv/            (~/.local/state/hv)
 *   sockets        $XDG_RUNTIME_DIR/libvirt/      ($XDG_CACHE_HOME/libvirt,
 *                                                  ~/.cache/libvirt, without
 *                                                  XDG_RUNTIME_DIR)
 *
 * The sockets are named as libvirt's clients look for a daemon of the
 * "hv" driver: virthvd-sock, and virthvd-sock-ro for read-only clients.
 */
#ifndef HV_HOST_HVPATHS_H
#define HV_HOST_HVPATHS_H

#include <stddef.h>

/** HVPATHS_SOCK - the read-write socket's name. */
#define HVPATHS_SOCK		"virthvd-sock"
/** HVPATHS_SOCK_RO - the read-only socket's name. */
#define HVPATHS_SOCK_RO		"virthvd-sock-ro"

/**
 * enum hvpaths_what - a per-user directory or file.
 * @HVPATHS_CONFIG_FILE: the session hvd.yaml.
 * @HVPATHS_VM_DIR:      the session's VM definitions.
 * @HVPATHS_STATE_DIR:   the session's state.
 * @HVPATHS_SOCKET_DIR:  the session's sockets.
 */
enum hvpaths_what {
	HVPATHS_CONFIG_FILE,
	HVPATHS_VM_DIR,
	HVPATHS_STATE_DIR,
	HVPATHS_SOCKET_DIR,
};

/**
 * hvpaths_session() - a per-user path, from the environment.
 * @what: which.
 * @buf:  the path.
 * @len:  bytes at @buf.
 *
 * Return: 0; -ENOENT when neither the XDG variable nor HOME is set (or
 * they are not absolute); -ENAMETOOLONG.
 */
int hvpaths_session(enum hvpaths_what what, char *buf, size_t len);

/**
 * hvpaths_system_socket_dir() - the system daemon's socket directory as
 * configured at build time.
 *
 * Return: the directory.
 */
const char *hvpaths_system_socket_dir(void);

/**
 * hvpaths_system_config_file() - the system daemon's hvd.yaml as
 * configured at build time.
 *
 * Return: the path.
 */
const char *hvpaths_system_config_file(void);

/**
 * hvpaths_join() - @dir/@name into @buf.
 * @buf:  the path.
 * @len:  bytes at @buf.
 * @dir:  a directory.
 * @name: a name in it.
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int hvpaths_join(char *buf, size_t len, const char *dir, const char *name);

#endif /* HV_HOST_HVPATHS_H */

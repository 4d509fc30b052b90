/* SPDX-License-Identifier: ISC */
/*
 * hvpaths.c - system and session paths of hvd (hvpaths.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "hvpaths.h"

/* Set by Makefile.am from configure's paths. */
#if !defined(HV_SOCKDIR) || !defined(HV_CONFDIR)
#error "HV_SOCKDIR and HV_CONFDIR must be defined"
#endif

int
hvpaths_join(char *buf, size_t len, const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* $@var/@sub, or $HOME/@home/@sub when $@var is unset, empty or relative
 * (the XDG base directory rule). */
static int
hvpaths_xdg(char *buf, size_t len, const char *var, const char *home,
    const char *sub)
{
	const char *base = getenv(var), *h;
	int n;

	if (base != NULL && base[0] == '/') {
		n = snprintf(buf, len, "%s/%s", base, sub);
	} else if ((h = getenv("HOME")) != NULL && h[0] == '/') {
		n = snprintf(buf, len, "%s/%s/%s", h, home, sub);
	} else {
		return -ENOENT;
	}
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int
hvpaths_session(enum hvpaths_what what, char *buf, size_t len)
{
	const char *runtime;

	switch (what) {
	case HVPATHS_CONFIG_FILE:
		return hvpaths_xdg(buf, len, "XDG_CONFIG_HOME", ".config",
		    "hv/hvd.yaml");
	case HVPATHS_VM_DIR:
		return hvpaths_xdg(buf, len, "XDG_CONFIG_HOME", ".config",
		    "hv/vms");
	case HVPATHS_STATE_DIR:
		return hvpaths_xdg(buf, len, "XDG_STATE_HOME", ".local/state",
		    "hv");
	case HVPATHS_SOCKET_DIR:
		/* libvirt's clients: $XDG_RUNTIME_DIR, else the cache dir. */
		runtime = getenv("XDG_RUNTIME_DIR");
		if (runtime != NULL && runtime[0] == '/') {
			return hvpaths_join(buf, len, runtime, "libvirt");
		}
		return hvpaths_xdg(buf, len, "XDG_CACHE_HOME", ".cache",
		    "libvirt");
	}
	return -EINVAL;
}

const char *
hvpaths_system_socket_dir(void)
{
	return HV_SOCKDIR;
}

const char *
hvpaths_system_config_file(void)
{
	return HV_CONFDIR "/hvd.yaml";
}

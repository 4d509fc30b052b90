/* SPDX-License-Identifier: ISC */
/*
 * conn.c - hvctl's connection to hvd: which socket a URI names, starting
 * a session hvd that is not running, CONNECT_OPEN and CLOSE.
 *
 * URIs are libvirt's: hv:///system and hv:///session, with any transport
 * ("hv+unix://") and a socket=PATH parameter that names the socket.
 * Without -c, root uses hv:///system and everyone else hv:///session.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hvctl.h"
#include "hvpaths.h"

/* Set by Makefile.am: where hvd is installed. */
#ifndef HV_HVD
#error "HV_HVD must be defined"
#endif

/**
 * struct uri - what hvctl takes from a URI.
 * @session: its path is /session (else /system).
 * @socket:  its socket= parameter, or "".
 */
struct uri {
	bool session;
	char socket[PATH_MAX];
};

/* Read a URI; prints why it is not one hvctl knows. */
static int
uri_parse(const char *text, struct uri *u)
{
	const char *p = text, *q, *s;
	size_t len;

	memset(u, 0, sizeof(*u));
	if (strncmp(p, "hv://", 5) == 0) {
		p += 5;
	} else if (strncmp(p, "hv+unix://", 10) == 0) {
		p += 10;
	} else {
		fprintf(stderr, "hvctl: %s: not an hv URI (hv:///system or "
		    "hv:///session)\n", text);
		return -1;
	}
	len = strcspn(p, "?");
	if (!(len == 7 && strncmp(p, "/system", 7) == 0) &&
	    !(len == 8 && strncmp(p, "/session", 8) == 0)) {
		fprintf(stderr, "hvctl: %s: the path must be /system or "
		    "/session, on this host\n", text);
		return -1;
	}
	u->session = len == 8;
	for (q = p + len; *q != '\0'; q = s) {
		q++;
		s = q + strcspn(q, "&");
		if (strncmp(q, "socket=", 7) == 0 &&
		    (size_t)(s - q - 7) < sizeof(u->socket)) {
			memcpy(u->socket, q + 7, (size_t)(s - q - 7));
			u->socket[s - q - 7] = '\0';
		}
	}
	return 0;
}

/* The socket of @u: its socket= or the daemon's well-known one. */
static int
uri_socket(const struct uri *u, char *buf, size_t len)
{
	char dir[PATH_MAX];
	int rc;

	if (u->socket[0] != '\0') {
		return snprintf(buf, len, "%s", u->socket) < (int)len ? 0 :
		    -ENAMETOOLONG;
	}
	if (!u->session) {
		return hvpaths_join(buf, len, hvpaths_system_socket_dir(),
		    HVPATHS_SOCK);
	}
	if ((rc = hvpaths_session(HVPATHS_SOCKET_DIR, dir, sizeof(dir))) < 0) {
		return rc;
	}
	return hvpaths_join(buf, len, dir, HVPATHS_SOCK);
}

/* Start a session hvd and wait until it is ready (it daemonises once it
 * serves: its first process exits 0 then). */
static int
conn_spawn_session(void)
{
	const char *hvd = getenv("HVD") != NULL ? getenv("HVD") : HV_HVD;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		return -errno;
	}
	if (pid == 0) {
		execl(hvd, "hvd", "--session", (char *)NULL);
		fprintf(stderr, "hvctl: cannot run %s: %s\n", hvd,
		    strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		return -errno;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "hvctl: the session hvd (%s) did not start\n",
		    hvd);
		return -ECHILD;
	}
	return 0;
}

/* CONNECT_OPEN with the URI's name. */
static int
conn_hello(struct hvctl *h, const struct uri *u)
{
	char *name = u->session ? "hv:///session" : "hv:///system";
	remote_connect_open_args args = { &name, 0 };

	if (rpc_client_call(&h->rpc, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN,
	    (xdrproc_t)xdr_remote_connect_open_args, &args, NULL, NULL) < 0) {
		conn_fail(h, NULL);
		rpc_client_close(&h->rpc);
		return -1;
	}
	h->connected = true;
	return 0;
}

int
conn_open(struct hvctl *h)
{
	const char *text = h->uri != NULL ? h->uri :
	    geteuid() == 0 ? "hv:///system" : "hv:///session";
	char path[PATH_MAX];
	struct uri u;
	int rc;

	if (uri_parse(text, &u) < 0) {
		return -1;
	}
	if ((rc = uri_socket(&u, path, sizeof(path))) < 0) {
		fprintf(stderr, "hvctl: %s: no socket: %s\n", text,
		    rc == -ENOENT ? "HOME is not set" : strerror(-rc));
		return -1;
	}
	rc = rpc_client_connect(&h->rpc, path);
	if ((rc == -ENOENT || rc == -ECONNREFUSED) && u.session &&
	    u.socket[0] == '\0' && conn_spawn_session() == 0) {
		rc = rpc_client_connect(&h->rpc, path);
	}
	if (rc < 0) {
		fprintf(stderr, "hvctl: %s%s\n", h->rpc.error,
		    u.session ? "" : " (is hvd running?)");
		rpc_client_close(&h->rpc);
		return -1;
	}
	return conn_hello(h, &u);
}

void
conn_close(struct hvctl *h)
{
	if (!h->connected) {
		return;
	}
	rpc_client_call(&h->rpc, REMOTE_PROGRAM, REMOTE_PROC_CONNECT_CLOSE,
	    NULL, NULL, NULL, NULL);
	rpc_client_close(&h->rpc);
	h->connected = false;
}

int
conn_fail(struct hvctl *h, const char *what)
{
	if (what != NULL) {
		fprintf(stderr, "hvctl: %s: %s\n", what, h->rpc.error);
	} else {
		fprintf(stderr, "hvctl: %s\n", h->rpc.error);
	}
	return 1;
}

/* SPDX-License-Identifier: ISC */
/*
 * proc_connect.c - REMOTE's connection and host procedures: AUTH_LIST,
 * SUPPORTS_FEATURE, CONNECT_OPEN and CLOSE, close callbacks, and what a
 * client asks about the host (type, versions, hostname, node info,
 * capabilities, URI, max vCPUs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "caps.h"
#include "dispatch.h"
#include "hvd.h"
#include "log.h"
#include "rpc_error.h"
#include "server.h"

/* libvirt's virDrvFeature numbers hvd answers yes to. */
#define FEATURE_PROGRAM_KEEPALIVE	10
#define FEATURE_REMOTE_EVENT_CALLBACK	14
#define FEATURE_REMOTE_CLOSE_CALLBACK	15
/* REMOTE_DRIVER_OPEN_RO: CONNECT_OPEN's read-only flag. */
#define OPEN_READONLY			0x1u

static int
handle_auth_list(struct call *c)
{
	remote_auth_list_ret *ret = c->ret;

	ret->types.types_val = calloc(1, sizeof(*ret->types.types_val));
	if (ret->types.types_val == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	ret->types.types_val[0] = REMOTE_AUTH_NONE;
	ret->types.types_len = 1;
	return 0;
}

static int
handle_supports_feature(struct call *c)
{
	const remote_connect_supports_feature_args *args = c->args;
	remote_connect_supports_feature_ret *ret = c->ret;

	switch (args->feature) {
	case FEATURE_PROGRAM_KEEPALIVE:
		c->cl->keepalive = true;
		ret->supported = 1;
		break;
	case FEATURE_REMOTE_EVENT_CALLBACK:
	case FEATURE_REMOTE_CLOSE_CALLBACK:
		ret->supported = 1;
		break;
	default:
		ret->supported = 0;
		break;
	}
	return 0;
}

/* Is @name (as CONNECT_OPEN gives it) this daemon's URI? */
static bool
connect_name_ok(const struct hvd *hvd, const char *name)
{
	const char *path = hvd->session ? "/session" : "/system";
	size_t len;

	if (name == NULL || name[0] == '\0') {
		return true;	/* "remote" URIs: the server's default */
	}
	if (strncmp(name, "hv://", 5) != 0) {
		return false;
	}
	name += 5;
	name += strcspn(name, "/");	/* a host part, if any */
	len = strcspn(name, "?");
	return len == strlen(path) && strncmp(name, path, len) == 0;
}

static int
handle_connect_open(struct call *c)
{
	const remote_connect_open_args *args = c->args;
	const char *name = args->name != NULL ? *args->name : NULL;

	if (c->cl->open) {
		return call_fail(c, VIR_ERR_INTERNAL_ERROR,
		    "connection already open");
	}
	if (!connect_name_ok(c->hvd, name)) {
		return call_fail(c, VIR_ERR_NO_SUPPORT, "hvd serves %s, not "
		    "'%s'", c->hvd->session ? "hv:///session" : "hv:///system",
		    name);
	}
	c->cl->open = true;
	if (args->flags & OPEN_READONLY) {
		c->cl->readonly = true;
	}
	log_debug("client %u: open %s%s", c->cl->id, name != NULL ? name : "",
	    c->cl->readonly ? " read-only" : "");
	return 0;
}

static int
handle_connect_close(struct call *c)
{
	c->cl->closing = true;
	return 0;
}

static int
handle_register_close_callback(struct call *c)
{
	c->cl->close_callback = true;
	return 0;
}

static int
handle_unregister_close_callback(struct call *c)
{
	c->cl->close_callback = false;
	return 0;
}

static int
handle_get_type(struct call *c)
{
	remote_connect_get_type_ret *ret = c->ret;

	return call_strdup(c, &ret->type, "hv");
}

/* PACKAGE_VERSION as libvirt numbers versions: major * 10^6 + minor *
 * 10^3 + micro. */
static uint64_t
connect_version(void)
{
	unsigned int major = 0, minor = 0, micro = 0;

	sscanf(PACKAGE_VERSION, "%u.%u.%u", &major, &minor, &micro);
	return (uint64_t)major * 1000000 + minor * 1000 + micro;
}

static int
handle_get_version(struct call *c)
{
	remote_connect_get_version_ret *ret = c->ret;

	ret->hv_ver = connect_version();
	return 0;
}

static int
handle_get_lib_version(struct call *c)
{
	remote_connect_get_lib_version_ret *ret = c->ret;

	ret->lib_ver = connect_version();
	return 0;
}

static int
handle_get_hostname(struct call *c)
{
	remote_connect_get_hostname_ret *ret = c->ret;
	char name[256];

	if (gethostname(name, sizeof(name)) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED,
		    "cannot get the host name");
	}
	name[sizeof(name) - 1] = '\0';
	return call_strdup(c, &ret->hostname, name);
}

static int
handle_node_get_info(struct call *c)
{
	remote_node_get_info_ret *ret = c->ret;
	static const char model[] = "aarch64";

	memcpy(ret->model, model, sizeof(model));
	ret->memory = c->hvd->conf.memory >> 10;
	ret->cpus = (int)c->hvd->conf.cpus;
	ret->mhz = 0;
	ret->nodes = 1;
	ret->sockets = 1;
	ret->cores = (int)c->hvd->conf.cpus;
	ret->threads = 1;
	return 0;
}

static int
handle_get_uri(struct call *c)
{
	remote_connect_get_uri_ret *ret = c->ret;

	return call_strdup(c, &ret->uri, c->hvd->session ? "hv:///session" :
	    "hv:///system");
}

static int
handle_is_secure(struct call *c)
{
	remote_connect_is_secure_ret *ret = c->ret;

	ret->secure = 1;	/* a local socket: nobody else sees the bytes */
	return 0;
}

static int
handle_get_max_vcpus(struct call *c)
{
	const remote_connect_get_max_vcpus_args *args = c->args;
	remote_connect_get_max_vcpus_ret *ret = c->ret;

	if (args->type != NULL && strcasecmp(*args->type, "hv") != 0) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "unknown type '%s' "
		    "(hvd runs domains of type hv)", *args->type);
	}
	ret->max_vcpus = VMDEF_VCPUS_MAX;
	return 0;
}

static int
handle_get_capabilities(struct call *c)
{
	remote_connect_get_capabilities_ret *ret = c->ret;

	if (caps_xml(c->hvd, &ret->capabilities) < 0) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	return 0;
}

static const struct handler proc_connect_handlers[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_AUTH_LIST, handle_auth_list,
	    HANDLER_BEFORE_OPEN },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
	    handle_supports_feature, HANDLER_BEFORE_OPEN },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_OPEN, handle_connect_open,
	    HANDLER_BEFORE_OPEN },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_CLOSE, handle_connect_close,
	    HANDLER_BEFORE_OPEN },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK,
	    handle_register_close_callback, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK,
	    handle_unregister_close_callback, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_TYPE, handle_get_type, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_VERSION, handle_get_version,
	    0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_LIB_VERSION,
	    handle_get_lib_version, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_HOSTNAME,
	    handle_get_hostname, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_NODE_GET_INFO, handle_node_get_info, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_URI, handle_get_uri, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_IS_SECURE, handle_is_secure, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_MAX_VCPUS,
	    handle_get_max_vcpus, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_GET_CAPABILITIES,
	    handle_get_capabilities, 0 },
};

const struct handler_table proc_connect_table = {
	proc_connect_handlers,
	sizeof(proc_connect_handlers) / sizeof(proc_connect_handlers[0]),
};

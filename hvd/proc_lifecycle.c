/* SPDX-License-Identifier: ISC */
/*
 * proc_lifecycle.c - REMOTE's lifecycle procedures: define from XML
 * (DEFINE_XML, _FLAGS), start (CREATE, CREATE_WITH_FLAGS, CREATE_XML for
 * a transient domain), shutdown, destroy, reboot, suspend, resume,
 * undefine, autostart.  The work is lifecycle.c's.
 */
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "domxml.h"
#include "hvd.h"
#include "lifecycle.h"
#include "rpc_error.h"

/* virDomainCreateFlags hvd takes: PAUSED, and BYPASS_CACHE and
 * FORCE_BOOT, which change nothing for hv (no saved state exists). */
#define CREATE_PAUSED		0x1u
#define CREATE_KNOWN		(CREATE_PAUSED | 0x4u | 0x8u)
/* virDomainDestroyFlags: GRACEFUL (hv's destroy never needs force). */
#define DESTROY_KNOWN		0x1u
/* virDomainUndefineFlags: all of them; hv has nothing they would keep
 * or remove besides the definition. */
#define UNDEFINE_KNOWN		0x7fu

/* Flags of a remote_domain_flags_args call, checked against @known. */
static int
check_flags(struct call *c, unsigned int known, const char *what)
{
	return call_flags(c, ((const remote_domain_flags_args *)c->args)->flags,
	    known, what);
}

/* Run @op on the call's domain; fail with its code and message. */
static int
lifecycle_call(struct call *c, int (*op)(struct hvd *, struct domain *,
    char *, size_t))
{
	struct domain *d = call_args_domain(c);
	int code;

	if (d == NULL) {
		return -1;
	}
	code = op(c->hvd, d, c->err_msg, sizeof(c->err_msg));
	return code == 0 ? 0 : call_fail(c, code, "%s", c->err_msg);
}

/* lifecycle_start() unpaused, in lifecycle_call()'s shape. */
static int
start_running(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	return lifecycle_start(hvd, d, false, err, len);
}

static int
handle_create(struct call *c)
{
	return lifecycle_call(c, start_running);
}

static int
handle_create_with_flags(struct call *c)
{
	const remote_domain_flags_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	struct domain *d;
	int code;

	if (check_flags(c, CREATE_KNOWN, "start") < 0 ||
	    (d = call_args_domain(c)) == NULL) {
		return -1;
	}
	code = lifecycle_start(c->hvd, d, args->flags & CREATE_PAUSED,
	    c->err_msg, sizeof(c->err_msg));
	if (code != 0) {
		return call_fail(c, code, "%s", c->err_msg);
	}
	return call_set_domain(c, &ret->dom, d);
}

static int
handle_destroy(struct call *c)
{
	return lifecycle_call(c, lifecycle_destroy);
}

static int
handle_destroy_flags(struct call *c)
{
	if (check_flags(c, DESTROY_KNOWN, "destroy") < 0) {
		return -1;
	}
	return lifecycle_call(c, lifecycle_destroy);
}

static int
handle_shutdown(struct call *c)
{
	return lifecycle_call(c, lifecycle_shutdown);
}

static int
handle_shutdown_flags(struct call *c)
{
	if (check_flags(c, 0, "shutdown: hv asks the guest through its "
	    "console; other modes") < 0) {
		return -1;
	}
	return lifecycle_call(c, lifecycle_shutdown);
}

static int
handle_reboot(struct call *c)
{
	if (check_flags(c, 0, "reboot: hv resets the VM; other modes") < 0) {
		return -1;
	}
	return lifecycle_call(c, lifecycle_reboot);
}

static int
handle_suspend(struct call *c)
{
	return lifecycle_call(c, lifecycle_suspend);
}

static int
handle_resume(struct call *c)
{
	return lifecycle_call(c, lifecycle_resume);
}

static int
handle_undefine(struct call *c)
{
	return lifecycle_call(c, lifecycle_undefine);
}

static int
handle_undefine_flags(struct call *c)
{
	if (check_flags(c, UNDEFINE_KNOWN, "undefine") < 0) {
		return -1;
	}
	return lifecycle_call(c, lifecycle_undefine);
}

static int
handle_set_autostart(struct call *c)
{
	const remote_domain_set_autostart_args *args = c->args;
	struct domain *d = call_args_domain(c);
	int code;

	if (d == NULL) {
		return -1;
	}
	code = lifecycle_set_autostart(c->hvd, d, args->autostart != 0,
	    c->err_msg, sizeof(c->err_msg));
	return code == 0 ? 0 : call_fail(c, code, "%s", c->err_msg);
}

/* Read domain XML into @def; fails the call with domxml's code if the
 * XML is wrong. */
static int
xml_parse(struct call *c, const char *xml, struct vmdef *def)
{
	char err[DOMXML_ERROR_MAX];
	int code;

	if (domxml_parse(xml, strlen(xml), def, err, sizeof(err), &code) < 0) {
		return call_fail(c, code, "%s", err);
	}
	return 0;
}

/* Define a domain from XML (persistent) and answer it. */
static int
define_xml(struct call *c, const char *xml)
{
	remote_domain_ret *ret = c->ret;
	struct domain *d;
	struct vmdef def;
	int code = -1;

	if (xml_parse(c, xml, &def) == 0) {
		code = lifecycle_define(c->hvd, &def, true, &d, c->err_msg,
		    sizeof(c->err_msg));
		code = code == 0 ? call_set_domain(c, &ret->dom, d) :
		    call_fail(c, code, "%s", c->err_msg);
	}
	vmdef_fini(&def);
	return code;
}

static int
handle_define_xml(struct call *c)
{
	const remote_domain_define_xml_args *args = c->args;

	return define_xml(c, args->xml);
}

static int
handle_define_xml_flags(struct call *c)
{
	const remote_domain_define_xml_flags_args *args = c->args;

	/* VALIDATE (1): hv always checks the whole definition. */
	if (call_flags(c, args->flags, 1u, "define") < 0) {
		return -1;
	}
	return define_xml(c, args->xml);
}

/* virDomainCreateFlags of CREATE_XML hvd takes: PAUSED, BYPASS_CACHE,
 * FORCE_BOOT and VALIDATE (hv always validates). */
#define CREATE_XML_KNOWN	(CREATE_PAUSED | 0x4u | 0x8u | 0x10u)

static int
handle_create_xml(struct call *c)
{
	const remote_domain_create_xml_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	struct domain *d;
	struct vmdef def;
	int code = -1;

	if (call_flags(c, args->flags, CREATE_XML_KNOWN, "create") < 0) {
		return -1;
	}
	if (xml_parse(c, args->xml_desc, &def) == 0) {
		code = lifecycle_create(c->hvd, &def, args->flags &
		    CREATE_PAUSED, &d, c->err_msg, sizeof(c->err_msg));
		code = code == 0 ? call_set_domain(c, &ret->dom, d) :
		    call_fail(c, code, "%s", c->err_msg);
	}
	vmdef_fini(&def);
	return code;
}

#define W	HANDLER_WRITES

static const struct handler proc_lifecycle_handlers[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE, handle_create, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
	    handle_create_with_flags, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DESTROY, handle_destroy, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DESTROY_FLAGS,
	    handle_destroy_flags, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SHUTDOWN, handle_shutdown, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS,
	    handle_shutdown_flags, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_REBOOT, handle_reboot, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SUSPEND, handle_suspend, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_RESUME, handle_resume, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_UNDEFINE, handle_undefine, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS,
	    handle_undefine_flags, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_SET_AUTOSTART,
	    handle_set_autostart, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DEFINE_XML, handle_define_xml, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS,
	    handle_define_xml_flags, W },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE_XML, handle_create_xml, W },
};

const struct handler_table proc_lifecycle_table = {
	proc_lifecycle_handlers,
	sizeof(proc_lifecycle_handlers) / sizeof(proc_lifecycle_handlers[0]),
};

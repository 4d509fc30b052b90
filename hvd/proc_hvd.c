/* SPDX-License-Identifier: ISC */
/*
 * proc_hvd.c - HVD, hvd's own program: what libvirt has no call for.
 * Definitions as YAML, runtime maps, stage-2 dumps, board statistics, a
 * domain's YAML and status.  (The console stream is proc_console.c's.)
 */
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "dispatch.h"
#include "domain.h"
#include "hvd.h"
#include "lifecycle.h"
#include "rpc_error.h"
#include "server.h"
#include "vmrun.h"
#include "yamldoc.h"

/* Most bytes of YAML DEFINE_YAML reads: as many as a definition file. */
#define DEFINE_YAML_MAX		(1u << 20)
/*
 * Most flow collections ('[' or '{', quoted or not) in it.  libyaml's
 * scanner takes time in the square of their nesting (100000 nested hold
 * it, and all of hvd, for half a minute); a definition needs a handful.
 */
#define DEFINE_FLOW_MAX		256

/* Refuse YAML too big or too nested for the parser to read at once. */
static int
define_check_size(struct call *c, const char *name, const char *yaml)
{
	size_t len = strlen(yaml), flows = 0, i;

	if (len > DEFINE_YAML_MAX) {
		return call_fail(c, VIR_ERR_XML_ERROR, "%s: %zu bytes, more "
		    "than a definition may have (%u)", name, len,
		    DEFINE_YAML_MAX);
	}
	for (i = 0; i < len; i++) {
		flows += yaml[i] == '[' || yaml[i] == '{';
	}
	if (flows > DEFINE_FLOW_MAX) {
		return call_fail(c, VIR_ERR_XML_ERROR, "%s: %zu flow "
		    "collections ('[' or '{'), more than a definition may "
		    "have (%u)", name, flows, DEFINE_FLOW_MAX);
	}
	return 0;
}

/* Read a definition from the call's YAML; fails the call if it is wrong. */
static int
define_parse(struct call *c, const hvd_define_yaml_args *args,
    struct vmdef *def)
{
	const char *name = args->filename != NULL ? *args->filename : "<rpc>";
	char dir[PATH_MAX], error[YAMLDOC_ERROR_MAX];
	int rc;

	if (define_check_size(c, name, args->yaml) < 0) {
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", name);
	rc = vmdef_load_buffer(def, name, name[0] == '/' ? dirname(dir) : NULL,
	    args->yaml, strlen(args->yaml), 0, error, sizeof(error));
	if (rc == -EINVAL) {
		return call_fail(c, VIR_ERR_XML_ERROR, "%s", error);
	}
	if (rc == 0 && vmdef_absolute_paths(def) < 0) {
		rc = -ENAMETOOLONG;
	}
	if (rc < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s: %s", name,
		    strerror(-rc));
	}
	return 0;
}

static int
handle_define_yaml(struct call *c)
{
	const hvd_define_yaml_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	struct domain *d;
	struct vmdef def;
	int code;

	if (!(args->flags & HVD_DEFINE_YAML_VALIDATE_ONLY) && c->cl->readonly) {
		return call_fail(c, VIR_ERR_OPERATION_DENIED, "read-only "
		    "connection: DEFINE_YAML changes the host and is refused");
	}
	memset(&def, 0, sizeof(def));
	if (define_parse(c, args, &def) < 0) {
		vmdef_fini(&def);
		return -1;
	}
	if (args->flags & HVD_DEFINE_YAML_VALIDATE_ONLY) {
		memcpy(ret->dom.uuid, def.uuid.bytes, sizeof(ret->dom.uuid));
		ret->dom.id = -1;
		code = call_strdup(c, &ret->dom.name, def.name);
		vmdef_fini(&def);
		return code;
	}
	code = lifecycle_define(c->hvd, &def, true, &d, c->err_msg,
	    sizeof(c->err_msg));
	vmdef_fini(&def);
	if (code != 0) {
		return call_fail(c, code, "%s", c->err_msg);
	}
	return call_set_domain(c, &ret->dom, d);
}

/* The active domain a call names; fails the call if it is not active. */
static struct domain *
active_domain(struct call *c, const remote_nonnull_domain *dom)
{
	struct domain *d = call_domain(c, dom);

	if (d != NULL && !domain_active(d)) {
		call_fail(c, VIR_ERR_OPERATION_INVALID, "domain '%s' is not "
		    "running", d->def.name);
		return NULL;
	}
	return d;
}

static int
handle_map(struct call *c)
{
	const hvd_domain_map_args *args = c->args;
	struct domain *d = active_domain(c, &args->dom), *peer = NULL;

	if (d == NULL) {
		return -1;
	}
	if ((args->prot & ~(unsigned int)ABI_PERM_ALL) || args->prot == 0) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "bad permissions 0x%x",
		    args->prot);
	}
	if (args->shared_with != NULL) {
		peer = domain_by_name(&c->hvd->doms, *args->shared_with);
		if (peer == NULL || !domain_active(peer) || peer == d) {
			return call_fail(c, VIR_ERR_OPERATION_INVALID, "cannot "
			    "share with '%s': %s", *args->shared_with,
			    peer == NULL ? "no such domain" : peer == d ?
			    "that is the same domain" : "it is not running");
		}
	}
	if (vmrun_map(c->hvd, d, args->ipa, args->size, args->prot, peer,
	    c->err_msg, sizeof(c->err_msg)) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s", c->err_msg);
	}
	return 0;
}

static int
handle_unmap(struct call *c)
{
	const hvd_domain_unmap_args *args = c->args;
	struct domain *d = active_domain(c, &args->dom);

	if (d == NULL) {
		return -1;
	}
	if (vmrun_unmap(c->hvd, d, args->ipa, args->size, c->err_msg,
	    sizeof(c->err_msg)) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s", c->err_msg);
	}
	return 0;
}

static int
handle_protect(struct call *c)
{
	const hvd_domain_protect_args *args = c->args;
	struct domain *d = active_domain(c, &args->dom);

	if (d == NULL) {
		return -1;
	}
	if ((args->prot & ~(unsigned int)ABI_PERM_ALL) || args->prot == 0) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "bad permissions 0x%x",
		    args->prot);
	}
	if (vmrun_protect(c->hvd, d, args->ipa, args->size, args->prot,
	    c->err_msg, sizeof(c->err_msg)) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s", c->err_msg);
	}
	return 0;
}

/* boardctl_s2_walk()'s function: append one reply's runs to the ret;
 * stop (more to come) once HVD_S2_RUN_MAX would be passed. */
static int
s2_dump_take(void *ctx, const struct board_reply *r)
{
	hvd_domain_s2_dump_ret *ret = ctx;
	const struct abi_s2_dump_reply *dr = r->view.msg.s2_dump_reply;
	const struct abi_s2_run *run;
	hvd_s2_run *out;
	uint32_t i;

	if (ret->runs.runs_len + r->view.count > HVD_S2_RUN_MAX) {
		ret->more = 1;
		return 1;
	}
	for (i = 0; i < r->view.count; i++) {
		run = &dr->run[i];
		out = &ret->runs.runs_val[ret->runs.runs_len++];
		*out = (hvd_s2_run){ run->ipa, run->size, run->count, run->pa,
		    run->level, run->valid, run->perm, run->memtype,
		    run->owner };
	}
	return 0;
}

static int
handle_s2_dump(struct call *c)
{
	const hvd_domain_s2_dump_args *args = c->args;
	hvd_domain_s2_dump_ret *ret = c->ret;
	struct domain *d = active_domain(c, &args->dom);
	uint64_t size = args->size, cursor = args->ipa;

	if (d == NULL) {
		return -1;
	}
	if (size == 0) {
		size = (1ull << c->hvd->bc.hello.ipa_bits) - args->ipa;
	}
	ret->runs.runs_val = calloc(HVD_S2_RUN_MAX, sizeof(hvd_s2_run));
	if (ret->runs.runs_val == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	if (boardctl_s2_walk(c->hvd, d->fw_vm, args->ipa, size, &cursor,
	    s2_dump_take, ret) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s",
		    board_error(&c->hvd->bc.board));
	}
	ret->next = cursor;
	return 0;
}

/* One stage 2's counters, as the wire has them. */
static void
s2_stats_of(hvd_s2_stats *out, const struct abi_s2_stats *in)
{
	*out = (hvd_s2_stats){ in->table_pages, in->leaves[1], in->leaves[2],
	    in->leaves[3], in->desc_writes, in->tlbi_ipa, in->tlbi_vmid,
	    in->bbm };
}

static int
handle_board_stats(struct call *c)
{
	hvd_board_stats_ret *ret = c->ret;
	struct boardctl *bc = &c->hvd->bc;
	struct abi_stats_reply st;
	int rc;

	if (!bc->up) {
		return call_fail(c, VIR_ERR_OPERATION_INVALID, "the board is "
		    "not running: no VM has been started");
	}
	rc = boardctl_check(c->hvd, board_stats(&bc->board, 0, &st));
	if (rc < 0) {
		return call_fail(c, VIR_ERR_OPERATION_FAILED, "%s",
		    board_error(&bc->board));
	}
	ret->ram_bytes = bc->hello.ram_size;
	ret->ram_free = guestmem_free_bytes(&bc->gm);
	ret->vm_count = st.vm_count;
	ret->pool_pages = st.pool_pages;
	ret->pool_free = st.pool_free;
	ret->vmid_generation = st.vmid_generation;
	ret->vmid_rollovers = st.vmid_rollovers;
	ret->vmid_flushes = st.vmid_flushes;
	ret->vmid_in_use = st.vmid_in_use;
	s2_stats_of(&ret->total, &st.total);
	return 0;
}

static int
handle_get_yaml(struct call *c)
{
	const remote_domain_flags_args *args = c->args;
	hvd_domain_get_yaml_ret *ret = c->ret;
	struct domain *d = call_domain(c, &args->dom);
	const struct vmdef *def;

	if (d == NULL) {
		return -1;
	}
	if (call_flags(c, args->flags, HVD_GET_YAML_INACTIVE, "yaml") < 0) {
		return -1;
	}
	def = (args->flags & HVD_GET_YAML_INACTIVE) && d->pending != NULL ?
	    d->pending : &d->def;
	if (vmdef_emit(def, &ret->yaml, NULL) < 0) {
		return call_fail(c, VIR_ERR_INTERNAL_ERROR, "cannot write the "
		    "definition as YAML");
	}
	return 0;
}

/* The crash report of a status, or NULL. */
static int
status_crash(struct call *c, const struct domain *d,
    hvd_domain_get_status_ret *ret)
{
	hvd_crash *crash;

	if (!d->has_crash) {
		return 0;
	}
	if ((crash = calloc(1, sizeof(*crash))) == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	ret->crash = crash;
	crash->vcpu = d->crash.vcpu;
	crash->access = d->crash.access;
	crash->ipa = d->crash.ipa;
	crash->esr = d->crash.esr;
	crash->pc = d->crash.pc;
	return call_strdup(c, &crash->region, d->crash_region);
}

static int
handle_get_status(struct call *c)
{
	const remote_domain_args *args = c->args;
	hvd_domain_get_status_ret *ret = c->ret;
	struct domain *d = call_domain(c, &args->dom);
	char text[64];

	if (d == NULL) {
		return -1;
	}
	domain_state_text(d, text, sizeof(text));
	ret->state = domain_libvirt_state(d);
	ret->reason = domain_libvirt_reason(d);
	ret->id = domain_active(d) ? d->id : -1;
	ret->vcpus = d->def.vcpus;
	ret->memory = d->def.memory;
	ret->autostart = d->def.autostart;
	ret->fw_vm = d->fw_vm;
	ret->persistent = d->persistent;
	ret->pending = d->pending != NULL;
	ret->memory_placed = d->mem.bytes;
	ret->faults = d->faults;
	ret->started = d->started;
	ret->maps = (unsigned int)d->map_count;
	vmrun_cpu_use(c->hvd, d, &ret->cpu_time, &ret->exits);
	if (call_strdup(c, &ret->state_text, text) < 0 ||
	    call_strdup(c, &ret->console_log, d->console != NULL ?
	    d->console->path : "") < 0) {
		return -1;
	}
	return status_crash(c, d, ret);
}

#define W	HANDLER_WRITES

static const struct handler proc_hvd_handlers[] = {
	/* Refused read-only unless it only validates: handle_define_yaml(). */
	{ HVD_PROGRAM, HVD_PROC_DEFINE_YAML, handle_define_yaml, 0 },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_MAP, handle_map, W },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_UNMAP, handle_unmap, W },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_PROTECT, handle_protect, W },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_S2_DUMP, handle_s2_dump, 0 },
	{ HVD_PROGRAM, HVD_PROC_BOARD_STATS, handle_board_stats, 0 },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_GET_YAML, handle_get_yaml, 0 },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_GET_STATUS, handle_get_status, 0 },
};

const struct handler_table proc_hvd_table = {
	proc_hvd_handlers,
	sizeof(proc_hvd_handlers) / sizeof(proc_hvd_handlers[0]),
};

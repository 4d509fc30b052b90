/* SPDX-License-Identifier: ISC */
/*
 * proc_domain.c - REMOTE's listing, lookup and information procedures,
 * the domain XML among them.
 */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "domxml.h"
#include "hvd.h"
#include "rpc_error.h"
#include "vmrun.h"

/* virConnectListAllDomainsFlags. */
enum {
	LIST_ACTIVE = 1 << 0,
	LIST_INACTIVE = 1 << 1,
	LIST_PERSISTENT = 1 << 2,
	LIST_TRANSIENT = 1 << 3,
	LIST_RUNNING = 1 << 4,
	LIST_PAUSED = 1 << 5,
	LIST_SHUTOFF = 1 << 6,
	LIST_OTHER = 1 << 7,
	LIST_MANAGEDSAVE = 1 << 8,
	LIST_NO_MANAGEDSAVE = 1 << 9,
	LIST_AUTOSTART = 1 << 10,
	LIST_NO_AUTOSTART = 1 << 11,
	LIST_HAS_SNAPSHOT = 1 << 12,
	LIST_NO_SNAPSHOT = 1 << 13,
	LIST_HAS_CHECKPOINT = 1 << 14,
	LIST_NO_CHECKPOINT = 1 << 15,
	LIST_KNOWN = (1 << 16) - 1,
};
/* virDomainState values the state filters name. */
#define VIR_STATE_RUNNING	1
#define VIR_STATE_PAUSED	3
#define VIR_STATE_SHUTOFF	5

/* A pair of filter bits: @yes_bit keeps what is @is, @no_bit what is not;
 * neither set keeps everything, both set too. */
static bool
list_pair(unsigned int flags, unsigned int yes_bit, unsigned int no_bit,
    bool is)
{
	bool yes = flags & yes_bit, no = flags & no_bit;

	return yes == no || (yes && is) || (no && !is);
}

/* Does @d pass LIST_ALL_DOMAINS' @flags?  hv has no managed saves,
 * snapshots or checkpoints. */
static bool
list_match(const struct domain *d, unsigned int flags)
{
	int state = domain_libvirt_state(d);
	unsigned int states = flags & (LIST_RUNNING | LIST_PAUSED |
	    LIST_SHUTOFF | LIST_OTHER);
	bool state_ok = states == 0 ||
	    ((flags & LIST_RUNNING) && state == VIR_STATE_RUNNING) ||
	    ((flags & LIST_PAUSED) && state == VIR_STATE_PAUSED) ||
	    ((flags & LIST_SHUTOFF) && state == VIR_STATE_SHUTOFF) ||
	    ((flags & LIST_OTHER) && state != VIR_STATE_RUNNING &&
	    state != VIR_STATE_PAUSED && state != VIR_STATE_SHUTOFF);

	return state_ok &&
	    list_pair(flags, LIST_ACTIVE, LIST_INACTIVE, domain_active(d)) &&
	    list_pair(flags, LIST_PERSISTENT, LIST_TRANSIENT, d->persistent) &&
	    list_pair(flags, LIST_MANAGEDSAVE, LIST_NO_MANAGEDSAVE, false) &&
	    list_pair(flags, LIST_AUTOSTART, LIST_NO_AUTOSTART,
	    d->def.autostart) &&
	    list_pair(flags, LIST_HAS_SNAPSHOT, LIST_NO_SNAPSHOT, false) &&
	    list_pair(flags, LIST_HAS_CHECKPOINT, LIST_NO_CHECKPOINT, false);
}

static int
handle_list_all_domains(struct call *c)
{
	const remote_connect_list_all_domains_args *args = c->args;
	remote_connect_list_all_domains_ret *ret = c->ret;
	const struct domain_table *t = &c->hvd->doms;
	remote_nonnull_domain *out;
	size_t i, n = 0;

	if (call_flags(c, args->flags, LIST_KNOWN, "list") < 0) {
		return -1;
	}
	out = calloc(t->count + 1, sizeof(*out));
	if (out == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	ret->domains.domains_val = out;
	for (i = 0; i < t->count; i++) {
		if (!list_match(t->dom[i], args->flags)) {
			continue;
		}
		if (args->need_results &&
		    call_set_domain(c, &out[n], t->dom[i]) < 0) {
			ret->domains.domains_len = (u_int)n;
			return -1;
		}
		n++;
	}
	ret->domains.domains_len = args->need_results ? (u_int)n : 0;
	ret->ret = (unsigned int)n;
	return 0;
}

static int
handle_lookup_by_name(struct call *c)
{
	const remote_domain_lookup_by_name_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	struct domain *d = domain_by_name(&c->hvd->doms, args->name);

	if (d == NULL) {
		return call_fail(c, VIR_ERR_NO_DOMAIN, "Domain not found: no "
		    "domain with matching name '%s'", args->name);
	}
	return call_set_domain(c, &ret->dom, d);
}

static int
handle_lookup_by_id(struct call *c)
{
	const remote_domain_lookup_by_id_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	struct domain *d = domain_by_id(&c->hvd->doms, args->id);

	if (d == NULL) {
		return call_fail(c, VIR_ERR_NO_DOMAIN, "Domain not found: no "
		    "domain with matching id %d", args->id);
	}
	return call_set_domain(c, &ret->dom, d);
}

static int
handle_lookup_by_uuid(struct call *c)
{
	const remote_domain_lookup_by_uuid_args *args = c->args;
	remote_domain_ret *ret = c->ret;
	char text[HVUUID_TEXT_MAX];
	struct hvuuid uuid;
	struct domain *d;

	memcpy(uuid.bytes, args->uuid, sizeof(uuid.bytes));
	d = domain_by_uuid(&c->hvd->doms, &uuid);
	if (d == NULL) {
		hvuuid_format(&uuid, text);
		return call_fail(c, VIR_ERR_NO_DOMAIN, "Domain not found: no "
		    "domain with matching uuid '%s'", text);
	}
	return call_set_domain(c, &ret->dom, d);
}

static int
handle_get_info(struct call *c)
{
	remote_domain_get_info_ret *ret = c->ret;
	struct domain *d = call_args_domain(c);
	uint64_t ns, exits;

	if (d == NULL) {
		return -1;
	}
	vmrun_cpu_use(c->hvd, d, &ns, &exits);
	ret->state = (u_char)domain_libvirt_state(d);
	ret->maxMem = d->def.memory >> 10;
	ret->memory = domain_active(d) ? d->def.memory >> 10 : 0;
	ret->nrVirtCpu = (u_short)d->def.vcpus;
	ret->cpuTime = ns;
	return 0;
}

static int
handle_get_state(struct call *c)
{
	remote_domain_get_state_ret *ret = c->ret;
	struct domain *d = call_args_domain(c);

	if (d == NULL) {
		return -1;
	}
	ret->state = domain_libvirt_state(d);
	ret->reason = domain_libvirt_reason(d);
	return 0;
}

static int
handle_get_os_type(struct call *c)
{
	remote_domain_get_os_type_ret *ret = c->ret;

	if (call_args_domain(c) == NULL) {
		return -1;
	}
	return call_strdup(c, &ret->type, "hvm");
}

/* An int answer about the domain of the call. */
static int
domain_int(struct call *c, int (*what)(const struct domain *))
{
	remote_domain_int_ret *ret = c->ret;
	struct domain *d = call_args_domain(c);

	if (d == NULL) {
		return -1;
	}
	ret->value = what(d);
	return 0;
}

static int
is_active(const struct domain *d)
{
	return domain_active(d);
}

static int
is_persistent(const struct domain *d)
{
	return d->persistent;
}

static int
is_autostart(const struct domain *d)
{
	return d->def.autostart;
}

static int
has_managed_save(const struct domain *d)
{
	(void)d;
	return 0;
}

static int
handle_is_active(struct call *c)
{
	return domain_int(c, is_active);
}

static int
handle_is_persistent(struct call *c)
{
	return domain_int(c, is_persistent);
}

static int
handle_get_autostart(struct call *c)
{
	return domain_int(c, is_autostart);
}

static int
handle_has_managed_save(struct call *c)
{
	return domain_int(c, has_managed_save);
}

/* Count the domains that are (@active) or are not active. */
static int
count_domains(const struct domain_table *t, bool active)
{
	size_t i;
	int n = 0;

	for (i = 0; i < t->count; i++) {
		n += domain_active(t->dom[i]) == active;
	}
	return n;
}

static int
handle_num_of_domains(struct call *c)
{
	remote_connect_num_of_domains_ret *ret = c->ret;

	ret->num = count_domains(&c->hvd->doms, true);
	return 0;
}

static int
handle_num_of_defined_domains(struct call *c)
{
	remote_connect_num_of_defined_domains_ret *ret = c->ret;

	ret->num = count_domains(&c->hvd->doms, false);
	return 0;
}

static int
handle_list_domains(struct call *c)
{
	const remote_connect_list_domains_args *args = c->args;
	remote_connect_list_domains_ret *ret = c->ret;
	const struct domain_table *t = &c->hvd->doms;
	size_t i;
	u_int n = 0;

	if (args->maxids < 0 || args->maxids > REMOTE_DOMAIN_LIST_MAX) {
		return call_fail(c, VIR_ERR_RPC, "maxids %d out of range",
		    args->maxids);
	}
	ret->ids.ids_val = calloc((size_t)args->maxids + 1, sizeof(int));
	if (ret->ids.ids_val == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	for (i = 0; i < t->count && n < (u_int)args->maxids; i++) {
		if (domain_active(t->dom[i])) {
			ret->ids.ids_val[n++] = t->dom[i]->id;
		}
	}
	ret->ids.ids_len = n;
	return 0;
}

static int
handle_list_defined_domains(struct call *c)
{
	const remote_connect_list_defined_domains_args *args = c->args;
	remote_connect_list_defined_domains_ret *ret = c->ret;
	const struct domain_table *t = &c->hvd->doms;
	size_t i;
	u_int n = 0;

	if (args->maxnames < 0 || args->maxnames > REMOTE_DOMAIN_LIST_MAX) {
		return call_fail(c, VIR_ERR_RPC, "maxnames %d out of range",
		    args->maxnames);
	}
	ret->names.names_val = calloc((size_t)args->maxnames + 1,
	    sizeof(char *));
	if (ret->names.names_val == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	for (i = 0; i < t->count && n < (u_int)args->maxnames; i++) {
		if (!domain_active(t->dom[i])) {
			ret->names.names_len = n + 1;
			if (call_strdup(c, &ret->names.names_val[n++],
			    t->dom[i]->def.name) < 0) {
				return -1;
			}
		}
	}
	ret->names.names_len = n;
	return 0;
}

static int
handle_get_max_memory(struct call *c)
{
	remote_domain_get_max_memory_ret *ret = c->ret;
	struct domain *d = call_args_domain(c);

	if (d == NULL) {
		return -1;
	}
	ret->memory = d->def.memory >> 10;
	return 0;
}

/* virDomainXMLFlags hvd takes: SECURE, INACTIVE, UPDATE_CPU and
 * MIGRATABLE (the last two change nothing for hv). */
#define XML_INACTIVE	0x2u
#define XML_KNOWN	0xfu

static int
handle_get_xml_desc(struct call *c)
{
	const remote_domain_flags_args *args = c->args;
	remote_domain_get_xml_desc_ret *ret = c->ret;
	struct domain *d = call_args_domain(c);
	struct domxml_state st;
	bool inactive;

	if (d == NULL) {
		return -1;
	}
	if (call_flags(c, args->flags, XML_KNOWN, "dumpxml") < 0) {
		return -1;
	}
	inactive = (args->flags & XML_INACTIVE) || !domain_active(d);
	st.id = d->id;
	if (domxml_format(inactive && d->pending != NULL ? d->pending :
	    &d->def, inactive ? NULL : &st, &ret->xml) < 0) {
		return call_fail(c, VIR_ERR_INTERNAL_ERROR, "cannot write the "
		    "definition of '%s' as XML", d->def.name);
	}
	return 0;
}

static const struct handler proc_domain_handlers[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    handle_list_all_domains, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
	    handle_lookup_by_name, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, handle_lookup_by_id,
	    0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID,
	    handle_lookup_by_uuid, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_INFO, handle_get_info, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_STATE, handle_get_state, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_OS_TYPE, handle_get_os_type,
	    0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_IS_ACTIVE, handle_is_active, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_IS_PERSISTENT,
	    handle_is_persistent, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_AUTOSTART,
	    handle_get_autostart, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE,
	    handle_has_managed_save, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_NUM_OF_DOMAINS,
	    handle_num_of_domains, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_DOMAINS,
	    handle_list_domains, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS,
	    handle_num_of_defined_domains, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS,
	    handle_list_defined_domains, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_MAX_MEMORY,
	    handle_get_max_memory, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_GET_XML_DESC, handle_get_xml_desc,
	    0 },
};

const struct handler_table proc_domain_table = {
	proc_domain_handlers,
	sizeof(proc_domain_handlers) / sizeof(proc_domain_handlers[0]),
};

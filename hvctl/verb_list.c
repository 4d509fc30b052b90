/* SPDX-License-Identifier: ISC */
/*
 * verb_list.c - list and info.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hvctl.h"
#include "hvuuid.h"
#include "output.h"
#include "req.h"
#include "vmdef.h"
#include "yamldoc.h"

/* virConnectListAllDomainsFlags: ACTIVE. */
#define LIST_ACTIVE		1u

/* One domain of a listing as JSON. */
static json_object *
list_json(const remote_nonnull_domain *dom,
    const hvd_domain_get_status_ret *st)
{
	json_object *o = json_object_new_object();
	char uuid[HVUUID_TEXT_MAX];
	struct hvuuid u;

	memcpy(u.bytes, dom->uuid, sizeof(u.bytes));
	hvuuid_format(&u, uuid);
	json_object_object_add(o, "id", json_object_new_int(st->id));
	json_object_object_add(o, "name", json_object_new_string(dom->name));
	json_object_object_add(o, "uuid", json_object_new_string(uuid));
	json_object_object_add(o, "state",
	    json_object_new_string(st->state_text));
	json_object_object_add(o, "vcpus", json_object_new_int(
	    (int)st->vcpus));
	json_object_object_add(o, "memory",
	    json_object_new_uint64(st->memory));
	json_object_object_add(o, "autostart",
	    json_object_new_boolean(st->autostart));
	json_object_object_add(o, "persistent",
	    json_object_new_boolean(st->persistent));
	return o;
}

/* One domain of a listing as a table row. */
static void
list_row(const remote_nonnull_domain *dom,
    const hvd_domain_get_status_ret *st)
{
	char id[16], mem[OUTPUT_SIZE_MAX];

	snprintf(id, sizeof(id), "%d", st->id);
	printf(" %-4s %-20s %-24s %5u %8s %s\n", st->id < 0 ? "-" : id,
	    dom->name, st->state_text, st->vcpus,
	    output_size(st->memory, mem), st->autostart ? "yes" : "no");
}

/* The listing of @doms. */
static int
list_print(struct hvctl *h, const remote_connect_list_all_domains_ret *ret)
{
	json_object *arr = h->json ? json_object_new_array() : NULL;
	hvd_domain_get_status_ret st;
	u_int i;

	if (!h->json) {
		printf(" %-4s %-20s %-24s %5s %8s %s\n", "Id", "Name", "State",
		    "vCPUs", "Memory", "Autostart");
	}
	for (i = 0; i < ret->domains.domains_len; i++) {
		memset(&st, 0, sizeof(st));
		if (req_status(h, &ret->domains.domains_val[i], &st) < 0) {
			continue;	/* gone meanwhile */
		}
		if (h->json) {
			json_object_array_add(arr,
			    list_json(&ret->domains.domains_val[i], &st));
		} else {
			list_row(&ret->domains.domains_val[i], &st);
		}
		req_free_status(&st);
	}
	return h->json ? output_json(arr) : 0;
}

int
verb_list(struct hvctl *h, int argc, char **argv)
{
	bool all = false;
	const struct verb_opt opts[] = {
		{ "all", NULL, &all }, { "json", NULL, &h->json },
	};
	remote_connect_list_all_domains_args args;
	remote_connect_list_all_domains_ret ret;
	char **rest;
	int rc;

	if ((rc = verb_parse("list", argc, argv, opts, 2, &rest, 0)) != 0) {
		return rc;
	}
	if (conn_open(h) < 0) {
		return 1;
	}
	args = (remote_connect_list_all_domains_args){ 1,
	    all ? 0 : LIST_ACTIVE };
	memset(&ret, 0, sizeof(ret));
	if (rpc_client_call(&h->rpc, REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_args, &args,
	    (xdrproc_t)xdr_remote_connect_list_all_domains_ret, &ret) < 0) {
		rc = conn_fail(h, NULL);
	} else {
		rc = list_print(h, &ret);
		rpc_body_free((xdrproc_t)xdr_remote_connect_list_all_domains_ret,
		    &ret);
	}
	conn_close(h);
	return rc;
}

/* An access in words. */
static const char *
access_name(unsigned int access)
{
	static const char *const names[] = { "access", "read", "write",
	    "exec" };

	return access < 4 ? names[access] : names[0];
}

/* The crash report, as a line. */
static void
info_crash_text(const hvd_crash *c, char *buf, size_t len)
{
	snprintf(buf, len, "vCPU %u %s at IPA 0x%" PRIx64 " (nearest region "
	    "%s), ESR 0x%" PRIx64 ", PC 0x%" PRIx64, c->vcpu,
	    access_name(c->access), c->ipa, c->region, c->esr, c->pc);
}

/* info as text. */
static void
info_text(const remote_nonnull_domain *dom, const hvd_domain_get_status_ret *st,
    const struct vmdef *def)
{
	char uuid[HVUUID_TEXT_MAX], a[OUTPUT_SIZE_MAX], b[OUTPUT_SIZE_MAX];
	char line[512];
	time_t started = (time_t)st->started;
	size_t i;

	hvuuid_format(&def->uuid, uuid);
	printf("%-15s %s\n%-15s %s\n", "Name:", dom->name, "UUID:", uuid);
	printf("%-15s %s\n", "Id:", st->id < 0 ? "-" : (snprintf(line,
	    sizeof(line), "%d", st->id), line));
	printf("%-15s %s\n%-15s %u\n", "State:", st->state_text, "vCPUs:",
	    st->vcpus);
	printf("%-15s %s (%s placed)\n", "Memory:", output_size(st->memory, a),
	    output_size(st->memory_placed, b));
	printf("%-15s %s (%s)\n", "Kernel:", def->kernel_path,
	    vmdef_format_names[def->kernel_format]);
	for (i = 0; i < def->region_count; i++) {
		printf("%-15s %s at %s, %s, %s%s\n", i == 0 ? "Regions:" : "",
		    def->regions[i].name, output_hex(def->regions[i].ipa, a),
		    output_size(def->regions[i].size, b),
		    vmdef_mode_names[def->regions[i].mode],
		    def->regions[i].shared_count > 0 ? ", shared" : "");
	}
	printf("%-15s %s\n%-15s %s\n%-15s %s\n", "Persistent:",
	    st->persistent ? "yes" : "no", "Autostart:",
	    st->autostart ? "yes" : "no", "On crash:",
	    vmdef_on_crash_names[def->on_crash]);
	if (st->fw_vm != 0) {
		strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S",
		    localtime(&started));
		printf("%-15s %u\n%-15s %s\n%-15s %.3f s (%" PRIu64
		    " exits)\n%-15s %" PRIu64 "\n%-15s %u\n",
		    "Firmware VM:", st->fw_vm, "Started:", line, "CPU time:",
		    (double)st->cpu_time / 1e9, st->exits, "Demand faults:",
		    st->faults, "Runtime maps:", st->maps);
	}
	if (st->crash != NULL) {
		info_crash_text(st->crash, line, sizeof(line));
		printf("%-15s %s\n", "Last crash:", line);
	}
	printf("%-15s %s\n", "Console log:", st->console_log);
}

/* info as JSON. */
static int
info_json(const remote_nonnull_domain *dom,
    const hvd_domain_get_status_ret *st, const struct vmdef *def)
{
	json_object *o = list_json(dom, st);
	char line[512];

	json_object_object_add(o, "memory_placed",
	    json_object_new_uint64(st->memory_placed));
	json_object_object_add(o, "kernel",
	    json_object_new_string(def->kernel_path));
	json_object_object_add(o, "format",
	    json_object_new_string(vmdef_format_names[def->kernel_format]));
	json_object_object_add(o, "on_crash",
	    json_object_new_string(vmdef_on_crash_names[def->on_crash]));
	json_object_object_add(o, "firmware_vm",
	    json_object_new_int((int)st->fw_vm));
	json_object_object_add(o, "started", json_object_new_int64(
	    st->started));
	json_object_object_add(o, "cpu_time_ns",
	    json_object_new_uint64(st->cpu_time));
	json_object_object_add(o, "exits", json_object_new_uint64(st->exits));
	json_object_object_add(o, "demand_faults",
	    json_object_new_uint64(st->faults));
	json_object_object_add(o, "runtime_maps",
	    json_object_new_int((int)st->maps));
	json_object_object_add(o, "console_log",
	    json_object_new_string(st->console_log));
	if (st->crash != NULL) {
		info_crash_text(st->crash, line, sizeof(line));
		json_object_object_add(o, "last_crash",
		    json_object_new_string(line));
	}
	return output_json(o);
}

/* Show one domain: its status and its definition. */
static int
info_show(struct hvctl *h, const remote_nonnull_domain *dom)
{
	char error[YAMLDOC_ERROR_MAX], *yaml = NULL;
	hvd_domain_get_status_ret st;
	struct vmdef def;
	int rc;

	memset(&st, 0, sizeof(st));
	memset(&def, 0, sizeof(def));
	if (req_status(h, dom, &st) < 0 || req_yaml(h, dom, &yaml) < 0) {
		req_free_status(&st);
		return 1;
	}
	rc = vmdef_load_buffer(&def, dom->name, NULL, yaml, strlen(yaml),
	    VMDEF_NO_FILE_CHECK, error, sizeof(error));
	if (rc < 0) {
		fprintf(stderr, "hvctl: hvd's definition of '%s' does not "
		    "read back: %s\n", dom->name, error);
		rc = 1;
	} else if (h->json) {
		rc = info_json(dom, &st, &def);
	} else {
		info_text(dom, &st, &def);
	}
	vmdef_fini(&def);
	free(yaml);
	req_free_status(&st);
	return rc;
}

static int
info_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	(void)ctx;
	return info_show(h, dom);
}

int
verb_info(struct hvctl *h, int argc, char **argv)
{
	const struct verb_opt opts[] = { { "json", NULL, &h->json } };
	char **args;
	int rc;

	if ((rc = verb_parse("info", argc, argv, opts, 1, &args, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, args[0], info_run, NULL);
}

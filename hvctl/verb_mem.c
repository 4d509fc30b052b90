/* SPDX-License-Identifier: ISC */
/*
 * verb_mem.c - map, unmap, s2dump and stats: a running VM's memory and
 * the board's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/abi.h>

#include "hvctl.h"
#include "output.h"
#include "req.h"
#include "yamldoc.h"

/* Read "rwx" letters into enum abi_perm bits; -1 if it is not that. */
static int
parse_prot(const char *text)
{
	int perm = 0;

	for (; *text != '\0'; text++) {
		switch (*text) {
		case 'r':
			perm |= ABI_PERM_R;
			break;
		case 'w':
			perm |= ABI_PERM_W;
			break;
		case 'x':
			perm |= ABI_PERM_X;
			break;
		default:
			return -1;
		}
	}
	return perm == 0 ? -1 : perm;
}

/* Read IPA and SIZE arguments; prints what is wrong. */
static int
parse_range(const char *ipa_text, const char *size_text, uint64_t *ipa,
    uint64_t *size)
{
	if (yamldoc_parse_uint(ipa_text, ipa) < 0) {
		fprintf(stderr, "hvctl: %s: not an address\n", ipa_text);
		return -1;
	}
	if (yamldoc_parse_size(size_text, size) < 0) {
		fprintf(stderr, "hvctl: %s: not a size (such as 4096, 64K, "
		    "2M)\n", size_text);
		return -1;
	}
	return 0;
}

/**
 * struct mem_args - what map and unmap were given.
 * @ipa_text:  the IPA as typed.
 * @size_text: the size as typed.
 * @ipa:       the IPA.
 * @size:      the size.
 * @perm:      map's permissions (enum abi_perm bits).
 * @peer:      map's --shared-with, or NULL.
 */
struct mem_args {
	const char *ipa_text;
	const char *size_text;
	uint64_t ipa;
	uint64_t size;
	unsigned int perm;
	const char *peer;
};

static int
map_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	const struct mem_args *m = ctx;
	char *peer = (char *)(uintptr_t)m->peer;
	hvd_domain_map_args args = { *dom, m->ipa, m->size, m->perm,
	    m->peer != NULL ? &peer : NULL, 0 };

	if (rpc_client_call(&h->rpc, HVD_PROGRAM, HVD_PROC_DOMAIN_MAP,
	    (xdrproc_t)xdr_hvd_domain_map_args, &args, NULL, NULL) < 0) {
		return conn_fail(h, NULL);
	}
	printf("Mapped %s at %s into '%s'%s%s\n", m->size_text, m->ipa_text,
	    dom->name, m->peer != NULL ? ", shared with " : "",
	    m->peer != NULL ? m->peer : "");
	return 0;
}

int
verb_map(struct hvctl *h, int argc, char **argv)
{
	const char *prot = "rw";
	struct mem_args m = { NULL, NULL, 0, 0, 0, NULL };
	const struct verb_opt opts[] = {
		{ "prot", &prot, NULL }, { "shared-with", &m.peer, NULL },
	};
	char **a;
	int rc, perm;

	if ((rc = verb_parse("map", argc, argv, opts, 2, &a, 3)) != 0) {
		return rc;
	}
	if ((perm = parse_prot(prot)) < 0) {
		fprintf(stderr, "hvctl: --prot %s: one or more of r, w, x\n",
		    prot);
		return 1;
	}
	m.ipa_text = a[1];
	m.size_text = a[2];
	m.perm = (unsigned int)perm;
	if (parse_range(a[1], a[2], &m.ipa, &m.size) < 0) {
		return 1;
	}
	return req_on_domain(h, a[0], map_run, &m);
}

static int
unmap_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	const struct mem_args *m = ctx;
	hvd_domain_unmap_args args = { *dom, m->ipa, m->size, 0 };

	if (rpc_client_call(&h->rpc, HVD_PROGRAM, HVD_PROC_DOMAIN_UNMAP,
	    (xdrproc_t)xdr_hvd_domain_unmap_args, &args, NULL, NULL) < 0) {
		return conn_fail(h, NULL);
	}
	printf("Unmapped %s at %s from '%s'\n", m->size_text, m->ipa_text,
	    dom->name);
	return 0;
}

int
verb_unmap(struct hvctl *h, int argc, char **argv)
{
	struct mem_args m = { NULL, NULL, 0, 0, 0, NULL };
	char **a;
	int rc;

	if ((rc = verb_parse("unmap", argc, argv, NULL, 0, &a, 3)) != 0) {
		return rc;
	}
	m.ipa_text = a[1];
	m.size_text = a[2];
	if (parse_range(a[1], a[2], &m.ipa, &m.size) < 0) {
		return 1;
	}
	return req_on_domain(h, a[0], unmap_run, &m);
}

/* A stage-2 level's block size in words. */
static const char *
level_block(unsigned int level)
{
	static const char *const names[] = { "512G", "1G", "2M", "4K" };

	return level < 4 ? names[level] : "?";
}

/* A memory type in words. */
static const char *
memtype_name(unsigned int memtype)
{
	static const char *const names[] = { "normal-wb", "normal-nc",
	    "device" };

	return memtype < 3 ? names[memtype] : "?";
}

/* One run as a line of the picture. */
static void
s2dump_row(const hvd_s2_run *r)
{
	char ipa[OUTPUT_SIZE_MAX], end[OUTPUT_SIZE_MAX], size[OUTPUT_SIZE_MAX];
	char pa[OUTPUT_SIZE_MAX], perm[4], blocks[48];

	snprintf(blocks, sizeof(blocks), "%" PRIu64 " x %s", r->count,
	    level_block(r->level));
	output_hex(r->ipa, ipa);
	output_hex(r->ipa + r->size - 1, end);
	output_size(r->size, size);
	if (r->valid) {
		printf("  %14s-%-14s %7s %13s  %14s  %-4s %s\n", ipa, end,
		    size, blocks, output_hex(r->pa, pa),
		    output_perm(r->perm, perm), memtype_name(r->memtype));
	} else {
		printf("  %14s-%-14s %7s %13s  %14s  owner %u\n", ipa, end,
		    size, blocks, "(unmapped)", r->owner);
	}
}

/* One run as JSON. */
static json_object *
s2dump_json_run(const hvd_s2_run *r)
{
	json_object *o = json_object_new_object();
	char perm[4];

	json_object_object_add(o, "ipa", json_object_new_uint64(r->ipa));
	json_object_object_add(o, "size", json_object_new_uint64(r->size));
	json_object_object_add(o, "count", json_object_new_uint64(r->count));
	json_object_object_add(o, "block",
	    json_object_new_string(level_block(r->level)));
	json_object_object_add(o, "level", json_object_new_int((int)r->level));
	json_object_object_add(o, "valid", json_object_new_boolean(r->valid));
	if (r->valid) {
		json_object_object_add(o, "pa", json_object_new_uint64(r->pa));
		json_object_object_add(o, "perm", json_object_new_string(
		    output_perm(r->perm, perm)));
		json_object_object_add(o, "memtype", json_object_new_string(
		    memtype_name(r->memtype)));
	} else {
		json_object_object_add(o, "owner",
		    json_object_new_int((int)r->owner));
	}
	return o;
}

/* Show every run of a dump; true while more are to come. */
static bool
s2dump_show(struct hvctl *h, const hvd_domain_s2_dump_ret *ret,
    json_object *arr)
{
	u_int i;

	for (i = 0; i < ret->runs.runs_len; i++) {
		if (h->json) {
			json_object_array_add(arr,
			    s2dump_json_run(&ret->runs.runs_val[i]));
		} else {
			s2dump_row(&ret->runs.runs_val[i]);
		}
	}
	return ret->more != 0;
}

/* Dump the domain's stage 2, one reply after the other. */
static int
s2dump_run(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	hvd_domain_s2_dump_args args = { *dom, 0, 0, 0 };
	json_object *arr = h->json ? json_object_new_array() : NULL;
	hvd_domain_s2_dump_ret ret;
	bool more;

	(void)ctx;
	if (!h->json) {
		printf("Stage 2 of '%s':\n  %-29s %7s %13s  %14s  %-4s %s\n",
		    dom->name, "IPA range", "size", "entries", "PA", "perm",
		    "memory");
	}
	do {
		memset(&ret, 0, sizeof(ret));
		if (rpc_client_call(&h->rpc, HVD_PROGRAM,
		    HVD_PROC_DOMAIN_S2_DUMP,
		    (xdrproc_t)xdr_hvd_domain_s2_dump_args, &args,
		    (xdrproc_t)xdr_hvd_domain_s2_dump_ret, &ret) < 0) {
			json_object_put(arr);
			return conn_fail(h, NULL);
		}
		more = s2dump_show(h, &ret, arr);
		args.ipa = ret.next;
		rpc_body_free((xdrproc_t)xdr_hvd_domain_s2_dump_ret, &ret);
	} while (more);
	return h->json ? output_json(arr) : 0;
}

int
verb_s2dump(struct hvctl *h, int argc, char **argv)
{
	const struct verb_opt opts[] = { { "json", NULL, &h->json } };
	char **a;
	int rc;

	if ((rc = verb_parse("s2dump", argc, argv, opts, 1, &a, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, a[0], s2dump_run, NULL);
}

/* Add @v under @key. */
static void
json_u64(json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

/* stats as JSON. */
static int
stats_json(const hvd_board_stats_ret *s)
{
	json_object *o = json_object_new_object();
	json_object *t = json_object_new_object();

	json_u64(o, "ram_bytes", s->ram_bytes);
	json_u64(o, "ram_free", s->ram_free);
	json_u64(o, "vm_count", s->vm_count);
	json_u64(o, "pool_pages", s->pool_pages);
	json_u64(o, "pool_free", s->pool_free);
	json_u64(o, "vmid_generation", s->vmid_generation);
	json_u64(o, "vmid_rollovers", s->vmid_rollovers);
	json_u64(o, "vmid_flushes", s->vmid_flushes);
	json_u64(o, "vmid_in_use", s->vmid_in_use);
	json_u64(t, "table_pages", s->total.table_pages);
	json_u64(t, "leaves_1g", s->total.leaves_1g);
	json_u64(t, "leaves_2m", s->total.leaves_2m);
	json_u64(t, "leaves_4k", s->total.leaves_4k);
	json_u64(t, "desc_writes", s->total.desc_writes);
	json_u64(t, "tlbi_ipa", s->total.tlbi_ipa);
	json_u64(t, "tlbi_vmid", s->total.tlbi_vmid);
	json_u64(t, "bbm", s->total.bbm);
	json_object_object_add(o, "stage2", t);
	return output_json(o);
}

/* stats as text. */
static void
stats_text(const hvd_board_stats_ret *s)
{
	char a[OUTPUT_SIZE_MAX], b[OUTPUT_SIZE_MAX];

	printf("%-19s %s, %s free for guests\n", "Board RAM:",
	    output_mib(s->ram_bytes, a), output_mib(s->ram_free, b));
	printf("%-19s %u\n", "VMs:", s->vm_count);
	printf("%-19s %" PRIu64 " pages, %" PRIu64 " free\n", "Table pool:",
	    s->pool_pages, s->pool_free);
	printf("%-19s %u in use, generation %" PRIu64 ", %" PRIu64
	    " rollovers, %" PRIu64 " TLB flushes\n", "VMIDs:", s->vmid_in_use,
	    s->vmid_generation, s->vmid_rollovers, s->vmid_flushes);
	printf("%-19s %" PRIu64 " table pages; leaves: %" PRIu64 " x 1G, %"
	    PRIu64 " x 2M, %" PRIu64 " x 4K\n", "Stage 2:",
	    s->total.table_pages, s->total.leaves_1g, s->total.leaves_2m,
	    s->total.leaves_4k);
	printf("%-19s %" PRIu64 " descriptor writes, %" PRIu64 " break-before-"
	    "make\n", "", s->total.desc_writes, s->total.bbm);
	printf("%-19s %" PRIu64 " by IPA, %" PRIu64 " by VMID\n",
	    "TLB invalidations:", s->total.tlbi_ipa, s->total.tlbi_vmid);
}

int
verb_stats(struct hvctl *h, int argc, char **argv)
{
	const struct verb_opt opts[] = { { "json", NULL, &h->json } };
	hvd_board_stats_ret s;
	char **a;
	int rc;

	if ((rc = verb_parse("stats", argc, argv, opts, 1, &a, 0)) != 0) {
		return rc;
	}
	if (conn_open(h) < 0) {
		return 1;
	}
	memset(&s, 0, sizeof(s));
	if (rpc_client_call(&h->rpc, HVD_PROGRAM, HVD_PROC_BOARD_STATS, NULL,
	    NULL, (xdrproc_t)xdr_hvd_board_stats_ret, &s) < 0) {
		rc = conn_fail(h, NULL);
	} else if (h->json) {
		rc = stats_json(&s);
	} else {
		stats_text(&s);
	}
	conn_close(h);
	return rc;
}

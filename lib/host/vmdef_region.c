/* SPDX-License-Identifier: ISC */
/*
 * vmdef_region.c - the "regions" of a VM definition (vmdef.h): each one's
 * keys, alignment and bounds, and overlaps with the others and with the
 * guest's RAM.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmdef.h"
#include "vmdef_impl.h"

/* One region being read. */
struct vmdef_region_parse {
	struct vmdef_parse *p;
	struct vmdef_region *r;
};

static int
vmdef_parse_region_name(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;
	char *name = NULL;
	int rc;

	if ((rc = yamldoc_string(doc, value, &name)) < 0) {
		return rc;
	}
	if (!vmdef_name_valid(name)) {
		rc = yamldoc_error(doc, value,
		    "bad name '%s' (1 to %d letters, digits, '-', '_' or '.')",
		    name, VMDEF_NAME_MAX);
	} else {
		strcpy(rp->r->name, name);
	}
	free(name);
	return rc;
}

static int
vmdef_parse_region_ipa(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;
	int rc;

	rc = yamldoc_uint(doc, value, 0, VMDEF_IPA_LIMIT - 1, &rp->r->ipa);
	if (rc == 0 && rp->r->ipa % VMDEF_PAGE_SIZE != 0) {
		return yamldoc_error(doc, value, "%s is not aligned to 4K",
		    (const char *)value->data.scalar.value);
	}
	return rc;
}

static int
vmdef_parse_region_size(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;
	int rc;

	rc = yamldoc_size(doc, value, VMDEF_PAGE_SIZE, VMDEF_IPA_LIMIT,
	    &rp->r->size);
	if (rc == 0 && rp->r->size % VMDEF_PAGE_SIZE != 0) {
		return yamldoc_error(doc, value, "%s is not a multiple of 4K",
		    (const char *)value->data.scalar.value);
	}
	return rc;
}

/* "r", "rw", "rx", "rwx", ...: each letter at most once, in any order. */
static int
vmdef_parse_region_perm(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;
	unsigned int perm = 0, bit;
	char *text = NULL;
	const char *c;
	int rc;

	if ((rc = yamldoc_string(doc, value, &text)) < 0) {
		return rc;
	}
	for (c = text; *c != '\0'; c++) {
		bit = *c == 'r' ? VMDEF_PERM_R : *c == 'w' ? VMDEF_PERM_W :
		    *c == 'x' ? VMDEF_PERM_X : 0;
		if (bit == 0 || (perm & bit) != 0) {
			break;
		}
		perm |= bit;
	}
	if (*c != '\0' || perm == 0) {
		rc = yamldoc_error(doc, value,
		    "bad permissions '%s' (expected some of r, w and x)", text);
	}
	rp->r->perm = perm;
	free(text);
	return rc;
}

static int
vmdef_parse_region_mode(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;
	unsigned int v;
	int rc;

	rc = yamldoc_enum(doc, value, vmdef_mode_names,
	    sizeof(vmdef_mode_names) / sizeof(vmdef_mode_names[0]), &v);
	if (rc == 0) {
		rp->r->mode = (enum vmdef_mode)v;
	}
	return rc;
}

static int
vmdef_parse_shared_vm(struct yamldoc *doc, yaml_node_t *value, size_t index,
    void *ctx)
{
	struct vmdef_region *r = ctx;
	char *name = NULL;
	size_t i;
	int rc;

	if ((rc = yamldoc_string(doc, value, &name)) < 0) {
		return rc;
	}
	if (!vmdef_name_valid(name)) {
		rc = yamldoc_error(doc, value, "bad VM name '%s'", name);
		goto out;
	}
	for (i = 0; i < index; i++) {
		if (strcmp(r->shared_with[i], name) == 0) {
			rc = yamldoc_error(doc, value, "'%s' is named twice",
			    name);
			goto out;
		}
	}
	strcpy(r->shared_with[index], name);
	r->shared_count = index + 1;
out:
	free(name);
	return rc;
}

static int
vmdef_parse_region_shared(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_region_parse *rp = ctx;

	if (yamldoc_sequence_length(value) > VMDEF_SHARED_MAX) {
		return yamldoc_error(doc, value, "too many VMs (at most %d)",
		    VMDEF_SHARED_MAX);
	}
	return yamldoc_sequence(doc, value, vmdef_parse_shared_vm, rp->r);
}

static const struct yamldoc_key vmdef_region_keys[] = {
	{ "name", vmdef_parse_region_name, true },
	{ "ipa", vmdef_parse_region_ipa, true },
	{ "size", vmdef_parse_region_size, true },
	{ "perm", vmdef_parse_region_perm, false },
	{ "mode", vmdef_parse_region_mode, false },
	{ "shared_with", vmdef_parse_region_shared, false },
};

/* Region @index against the ones before it: names and ranges. */
static int
vmdef_check_region(struct yamldoc *doc, yaml_node_t *node,
    const struct vmdef *def, size_t index)
{
	const struct vmdef_region *r = &def->regions[index], *o;
	size_t i;

	if (r->ipa + r->size > VMDEF_IPA_LIMIT) {
		return yamldoc_error(doc, node,
		    "ends at 0x%" PRIx64 ", above the 40-bit IPA space",
		    r->ipa + r->size);
	}
	if (r->ipa < VMDEF_DEVICE_END && VMDEF_DEVICE_BASE < r->ipa + r->size) {
		return yamldoc_error(doc, node,
		    "[0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the devices at "
		    "[0x%llx, 0x%llx) (interrupt controller, UART)", r->ipa,
		    r->ipa + r->size, VMDEF_DEVICE_BASE, VMDEF_DEVICE_END);
	}
	if (r->mode == VMDEF_MODE_DEMAND && r->shared_count > 0) {
		return yamldoc_error(doc, node,
		    "a shared region cannot be demand-paged (mode: prefault)");
	}
	for (i = 0; i < index; i++) {
		o = &def->regions[i];
		if (strcmp(o->name, r->name) == 0) {
			return yamldoc_error(doc, node,
			    "duplicate region name '%s' (first at line %u, column %u)",
			    r->name, o->pos.line, o->pos.column);
		}
		if (r->ipa < o->ipa + o->size && o->ipa < r->ipa + r->size) {
			return yamldoc_error(doc, node,
			    "[0x%" PRIx64 ", 0x%" PRIx64 ") overlaps region '%s' [0x%"
			    PRIx64 ", 0x%" PRIx64 ")", r->ipa, r->ipa + r->size,
			    o->name, o->ipa, o->ipa + o->size);
		}
	}
	return 0;
}

static int
vmdef_parse_region(struct yamldoc *doc, yaml_node_t *value, size_t index,
    void *ctx)
{
	struct vmdef_parse *p = ctx;
	struct vmdef_region_parse rp = {
		.p = p,
		.r = &p->def->regions[index],
	};
	int rc;

	memset(rp.r, 0, sizeof(*rp.r));
	rp.r->perm = VMDEF_PERM_R | VMDEF_PERM_W;
	rp.r->mode = VMDEF_MODE_PREFAULT;
	rp.r->pos = vmdef_pos_of(value);
	p->region_nodes[index] = value;
	rc = yamldoc_mapping(doc, value, vmdef_region_keys,
	    sizeof(vmdef_region_keys) / sizeof(vmdef_region_keys[0]), &rp);
	if (rc == 0) {
		rc = vmdef_check_region(doc, value, p->def, index);
	}
	if (rc == 0) {
		p->def->region_count = index + 1;
	}
	return rc;
}

int
vmdef_parse_regions(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	if (yamldoc_sequence_length(value) > VMDEF_REGION_MAX) {
		return yamldoc_error(doc, value, "too many regions (at most %d)",
		    VMDEF_REGION_MAX);
	}
	return yamldoc_sequence(doc, value, vmdef_parse_region, ctx);
}

int
vmdef_check_regions_ram(struct yamldoc *doc, struct vmdef_parse *p)
{
	const struct vmdef *def = p->def;
	uint64_t ram_end = VMDEF_RAM_BASE + def->memory;
	const struct vmdef_region *r;
	size_t i;

	for (i = 0; i < def->region_count; i++) {
		r = &def->regions[i];
		if (r->ipa < ram_end && VMDEF_RAM_BASE < r->ipa + r->size) {
			return yamldoc_error(doc, p->region_nodes[i],
			    "regions[%zu]: [0x%" PRIx64 ", 0x%" PRIx64
			    ") overlaps guest RAM [0x%llx, 0x%" PRIx64 ")", i,
			    r->ipa, r->ipa + r->size, VMDEF_RAM_BASE, ram_end);
		}
	}
	return 0;
}

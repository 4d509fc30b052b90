/* SPDX-License-Identifier: ISC */
/*
 * vmdef_region.c - the "regions" of a VM definition (vmdef.h): each one's
 * keys, alignment and bounds, and overlaps with the others and with the
 * guest's RAM; and their part of vmdef_check().
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

	return vmdef_read_name(doc, value, rp->r->name);
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

	return yamldoc_size_aligned(doc, value, VMDEF_PAGE_SIZE,
	    VMDEF_IPA_LIMIT, VMDEF_PAGE_SIZE, &rp->r->size);
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
	char name[VMDEF_NAME_MAX + 1];
	size_t i;
	int rc;

	if ((rc = vmdef_read_name(doc, value, name)) < 0) {
		return rc;
	}
	for (i = 0; i < index; i++) {
		if (strcmp(r->shared_with[i], name) == 0) {
			return yamldoc_error(doc, value, "'%s' is named twice",
			    name);
		}
	}
	strcpy(r->shared_with[index], name);
	r->shared_count = index + 1;
	return 0;
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

int
vmdef_rule_region(const struct vmdef *def, size_t index, char *msg,
    size_t len)
{
	const struct vmdef_region *r = &def->regions[index], *o;
	size_t i;

	if (r->ipa + r->size > VMDEF_IPA_LIMIT) {
		return vmdef_fail(msg, len,
		    "ends at 0x%" PRIx64 ", above the 40-bit IPA space",
		    r->ipa + r->size);
	}
	if (r->ipa < VMDEF_DEVICE_END && VMDEF_DEVICE_BASE < r->ipa + r->size) {
		return vmdef_fail(msg, len,
		    "[0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the devices at "
		    "[0x%llx, 0x%llx) (interrupt controller, UART)", r->ipa,
		    r->ipa + r->size, VMDEF_DEVICE_BASE, VMDEF_DEVICE_END);
	}
	if (r->mode == VMDEF_MODE_DEMAND && r->shared_count > 0) {
		return vmdef_fail(msg, len,
		    "a shared region cannot be demand-paged (mode: prefault)");
	}
	for (i = 0; i < index; i++) {
		o = &def->regions[i];
		if (strcmp(o->name, r->name) == 0 && o->pos.line > 0) {
			return vmdef_fail(msg, len,
			    "duplicate region name '%s' (first at line %u, column %u)",
			    r->name, o->pos.line, o->pos.column);
		}
		if (strcmp(o->name, r->name) == 0) {
			return vmdef_fail(msg, len,
			    "duplicate region name '%s' (also regions[%zu])",
			    r->name, i);
		}
		if (r->ipa < o->ipa + o->size && o->ipa < r->ipa + r->size) {
			return vmdef_fail(msg, len,
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
	char msg[YAMLDOC_ERROR_MAX];
	int rc;

	memset(rp.r, 0, sizeof(*rp.r));
	rp.r->perm = VMDEF_PERM_R | VMDEF_PERM_W;
	rp.r->mode = VMDEF_MODE_PREFAULT;
	rp.r->pos = vmdef_pos_of(value);
	p->region_nodes[index] = value;
	rc = yamldoc_mapping(doc, value, vmdef_region_keys,
	    sizeof(vmdef_region_keys) / sizeof(vmdef_region_keys[0]), &rp);
	if (rc == 0 && vmdef_rule_region(p->def, index, msg, sizeof(msg)) < 0) {
		rc = yamldoc_error(doc, value, "%s", msg);
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
vmdef_rule_region_ram(const struct vmdef *def, size_t index, char *msg,
    size_t len)
{
	const struct vmdef_region *r = &def->regions[index];
	uint64_t ram_end = VMDEF_RAM_BASE + def->memory;

	if (r->ipa < ram_end && VMDEF_RAM_BASE < r->ipa + r->size) {
		return vmdef_fail(msg, len, "[0x%" PRIx64 ", 0x%" PRIx64
		    ") overlaps guest RAM [0x%llx, 0x%" PRIx64 ")", r->ipa,
		    r->ipa + r->size, VMDEF_RAM_BASE, ram_end);
	}
	return 0;
}

int
vmdef_check_regions_ram(struct yamldoc *doc, struct vmdef_parse *p)
{
	char msg[YAMLDOC_ERROR_MAX];
	size_t i;

	for (i = 0; i < p->def->region_count; i++) {
		if (vmdef_rule_region_ram(p->def, i, msg, sizeof(msg)) < 0) {
			return yamldoc_error(doc, p->region_nodes[i],
			    "regions[%zu]: %s", i, msg);
		}
	}
	return 0;
}

/* The VMs a filled-in region is shared with: names, each once. */
static int
vmdef_check_shared(const struct vmdef_region *r, size_t index, char *error,
    size_t error_size)
{
	size_t i, j;

	if (r->shared_count > VMDEF_SHARED_MAX) {
		return vmdef_fail(error, error_size,
		    "regions[%zu].shared_with: too many VMs (at most %d)",
		    index, VMDEF_SHARED_MAX);
	}
	for (j = 0; j < r->shared_count; j++) {
		if (!vmdef_name_valid(r->shared_with[j])) {
			return vmdef_fail(error, error_size,
			    "regions[%zu].shared_with[%zu]: bad VM name '%s'",
			    index, j, r->shared_with[j]);
		}
		for (i = 0; i < j; i++) {
			if (strcmp(r->shared_with[i], r->shared_with[j]) == 0) {
				return vmdef_fail(error, error_size,
				    "regions[%zu].shared_with[%zu]: '%s' is named twice",
				    index, j, r->shared_with[j]);
			}
		}
	}
	return 0;
}

/* A filled-in region's ipa and size, as vmdef_region_keys read them. */
static int
vmdef_check_region_range(const struct vmdef_region *r, size_t index,
    char *error, size_t error_size)
{
	char text[YAMLDOC_SIZE_TEXT_MAX], hi[YAMLDOC_SIZE_TEXT_MAX];

	if (r->ipa >= VMDEF_IPA_LIMIT) {
		return vmdef_fail(error, error_size, "regions[%zu].ipa: 0x%"
		    PRIx64 " is out of range (0x0..0x%llx)", index, r->ipa,
		    VMDEF_IPA_LIMIT - 1);
	}
	if (r->ipa % VMDEF_PAGE_SIZE != 0) {
		return vmdef_fail(error, error_size, "regions[%zu].ipa: 0x%"
		    PRIx64 " is not aligned to 4K", index, r->ipa);
	}
	yamldoc_format_size(r->size, text, sizeof(text));
	yamldoc_format_size(VMDEF_IPA_LIMIT, hi, sizeof(hi));
	if (r->size < VMDEF_PAGE_SIZE || r->size > VMDEF_IPA_LIMIT) {
		return vmdef_fail(error, error_size, "regions[%zu].size: %s is "
		    "out of range (4K..%s)", index, text, hi);
	}
	if (r->size % VMDEF_PAGE_SIZE != 0) {
		return vmdef_fail(error, error_size, "regions[%zu].size: %s is "
		    "not a multiple of 4K", index, text);
	}
	return 0;
}

/* One filled-in region's own values, as vmdef_region_keys read them. */
static int
vmdef_check_region_values(const struct vmdef_region *r, size_t index,
    char *error, size_t error_size)
{
	int rc;

	if (!vmdef_name_valid(r->name)) {
		return vmdef_fail(error, error_size,
		    "regions[%zu].name: bad name '%s' (1 to %d letters, "
		    "digits, '-', '_' or '.')", index, r->name,
		    VMDEF_NAME_MAX);
	}
	if ((rc = vmdef_check_region_range(r, index, error, error_size)) < 0) {
		return rc;
	}
	if (r->perm == 0 || (r->perm & ~(VMDEF_PERM_R | VMDEF_PERM_W |
	    VMDEF_PERM_X)) != 0) {
		return vmdef_fail(error, error_size, "regions[%zu].perm: bad "
		    "permissions 0x%x (expected some of r, w and x)", index,
		    r->perm);
	}
	if ((unsigned int)r->mode >= sizeof(vmdef_mode_names) /
	    sizeof(vmdef_mode_names[0])) {
		return vmdef_fail(error, error_size, "regions[%zu].mode: bad "
		    "value %u (expected prefault or demand)", index,
		    (unsigned int)r->mode);
	}
	return vmdef_check_shared(r, index, error, error_size);
}

int
vmdef_check_regions(const struct vmdef *def, char *error, size_t error_size)
{
	char msg[YAMLDOC_ERROR_MAX];
	size_t i;
	int rc;

	if (def->region_count > VMDEF_REGION_MAX) {
		return vmdef_fail(error, error_size,
		    "regions: too many regions (at most %d)", VMDEF_REGION_MAX);
	}
	for (i = 0; i < def->region_count; i++) {
		if ((rc = vmdef_check_region_values(&def->regions[i], i, error,
		    error_size)) < 0) {
			return rc;
		}
		if (vmdef_rule_region(def, i, msg, sizeof(msg)) < 0) {
			return vmdef_fail(error, error_size, "regions[%zu]: %s",
			    i, msg);
		}
	}
	for (i = 0; i < def->region_count; i++) {
		if (vmdef_rule_region_ram(def, i, msg, sizeof(msg)) < 0) {
			return vmdef_fail(error, error_size, "regions[%zu]: %s",
			    i, msg);
		}
	}
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * domxml_hv.c - hv's own elements of domain XML (domxml.h): <metadata>
 * holds <hv:vm xmlns:hv='urn:hv:domain:1'> with what libvirt's schema has
 * no words for (the kernel's format and load address, the console log's
 * size, autostart, the memory regions); other namespaces' metadata is
 * skipped.  In hv's namespace a wrong value is an XML error (the schema
 * is hv's own), an unknown element or attribute unsupported.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "domxml.h"
#include "domxml_impl.h"
#include "yamldoc.h"

/* "attribute NAME='VALUE' of <PATH>: expected WHAT". */
static int
domxml_hv_bad(struct domxml_parse *p, const xmlNode *node, const char *name,
    const char *value, const char *expected)
{
	return domxml_xml_error(p, node,
	    "attribute %s='%s' of <%s>: expected %s", name, value,
	    domxml_where(p), expected);
}

/* An attribute that is an integer, decimal or 0x hex; 1 if absent. */
static int
domxml_hv_uint(struct domxml_parse *p, const xmlNode *node, const char *name,
    uint64_t *out)
{
	char *value = domxml_prop(node, name);
	int rc = 0;

	if (value == NULL) {
		return 1;
	}
	if (yamldoc_parse_uint(domxml_trim(value), out) < 0) {
		rc = domxml_hv_bad(p, node, name, value,
		    "an integer (decimal, or hex with 0x)");
	}
	free(value);
	return rc;
}

/* An attribute that is a size: bytes, or a number with K, M, G or T. */
static int
domxml_hv_size(struct domxml_parse *p, const xmlNode *node, const char *name,
    uint64_t *out)
{
	char *value = domxml_prop(node, name);
	int rc = 0;

	if (value == NULL) {
		return 1;
	}
	if (yamldoc_parse_size(domxml_trim(value), out) < 0) {
		rc = domxml_hv_bad(p, node, name, value,
		    "a size (bytes, or a number with K, M, G or T)");
	}
	free(value);
	return rc;
}

/* An attribute that is one of @words; 1 if absent. */
static int
domxml_hv_enum(struct domxml_parse *p, const xmlNode *node, const char *name,
    const char *const *words, size_t count, const char *expected,
    unsigned int *out)
{
	char *value = domxml_prop(node, name);
	size_t i;
	int rc;

	if (value == NULL) {
		return 1;
	}
	for (i = 0; i < count && strcmp(value, words[i]) != 0; i++) {
	}
	if (i == count) {
		rc = domxml_hv_bad(p, node, name, value, expected);
	} else {
		*out = (unsigned int)i;
		rc = 0;
	}
	free(value);
	return rc;
}

/* A required attribute was absent (@rc 1 from a getter above). */
static int
domxml_hv_required(struct domxml_parse *p, const xmlNode *node,
    const char *name, int rc)
{
	if (rc != 1) {
		return rc;
	}
	return domxml_xml_error(p, node, "<%s> has no attribute '%s'",
	    domxml_where(p), name);
}

static int
domxml_hv_kernel(struct domxml_parse *p, xmlNode *node)
{
	struct vmdef *def = p->def;
	unsigned int format = 0;
	int rc;

	rc = domxml_hv_enum(p, node, "format", vmdef_format_names,
	    DOMXML_COUNT(vmdef_format_names), "elf, image or raw", &format);
	if (rc < 0) {
		return rc;
	}
	if (rc == 0) {
		def->kernel_format = (enum vmdef_format)format;
	}
	rc = domxml_hv_uint(p, node, "load_address", &def->load_address);
	if (rc < 0) {
		return rc;
	}
	def->has_load_address = rc == 0;
	return domxml_children(p, node, DOMXML_NS, NULL, 0, false);
}

static int
domxml_hv_console(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	rc = domxml_hv_size(p, node, "log_size", &p->def->console_log_size);
	if (rc < 0) {
		return rc;
	}
	return domxml_children(p, node, DOMXML_NS, NULL, 0, false);
}

static int
domxml_hv_autostart(struct domxml_parse *p, xmlNode *node)
{
	char *text = NULL;
	const char *t;
	int rc;

	if ((rc = domxml_text(p, node, &text)) < 0) {
		return rc;
	}
	t = domxml_trim(text);
	if (strcmp(t, "yes") == 0 || strcmp(t, "no") == 0) {
		p->def->autostart = t[0] == 'y';
	} else {
		rc = domxml_xml_error(p, node,
		    "<%s>: bad value '%s' (expected yes or no)",
		    domxml_where(p), t);
	}
	free(text);
	return rc;
}

/* The region being read: the one after the last counted. */
static struct vmdef_region *
domxml_hv_region_now(struct domxml_parse *p)
{
	return &p->def->regions[p->def->region_count];
}

static int
domxml_hv_shared_with(struct domxml_parse *p, xmlNode *node)
{
	struct vmdef_region *r = domxml_hv_region_now(p);
	char *text = NULL;
	int rc;

	if (r->shared_count >= VMDEF_SHARED_MAX) {
		return domxml_xml_error(p, node, "too many <%s> (at most %d)",
		    domxml_where(p), VMDEF_SHARED_MAX);
	}
	if ((rc = domxml_text(p, node, &text)) < 0) {
		return rc;
	}
	if (!vmdef_name_valid(text)) {
		rc = domxml_xml_error(p, node, "<%s>: bad VM name '%s'",
		    domxml_where(p), text);
	} else {
		strcpy(r->shared_with[r->shared_count++], text);
	}
	free(text);
	return rc;
}

/* "r", "rw", "xr", ...: each letter at most once, in any order. */
static int
domxml_hv_perm(struct domxml_parse *p, const xmlNode *node,
    unsigned int *perm)
{
	char *value = domxml_prop(node, "perm");
	unsigned int bits = 0, bit;
	const char *c;
	int rc = 0;

	if (value == NULL) {
		return 0;
	}
	for (c = value; *c != '\0'; c++) {
		bit = *c == 'r' ? VMDEF_PERM_R : *c == 'w' ? VMDEF_PERM_W :
		    *c == 'x' ? VMDEF_PERM_X : 0;
		if (bit == 0 || (bits & bit) != 0) {
			break;
		}
		bits |= bit;
	}
	if (*c != '\0' || bits == 0) {
		rc = domxml_hv_bad(p, node, "perm", value,
		    "some of r, w and x");
	} else {
		*perm = bits;
	}
	free(value);
	return rc;
}

/* A region's attributes into @r. */
static int
domxml_hv_region_attrs(struct domxml_parse *p, const xmlNode *node,
    struct vmdef_region *r)
{
	char *name = domxml_prop(node, "name");
	unsigned int mode = 0;
	int rc = 0;

	if (name == NULL) {
		rc = domxml_hv_required(p, node, "name", 1);
	} else if (!vmdef_name_valid(name)) {
		rc = domxml_hv_bad(p, node, "name", name, "1 to 63 letters, "
		    "digits, '-', '_' or '.'");
	} else {
		strcpy(r->name, name);
	}
	free(name);
	if (rc < 0 ||
	    (rc = domxml_hv_required(p, node, "ipa",
	    domxml_hv_uint(p, node, "ipa", &r->ipa))) < 0 ||
	    (rc = domxml_hv_required(p, node, "size",
	    domxml_hv_size(p, node, "size", &r->size))) < 0 ||
	    (rc = domxml_hv_perm(p, node, &r->perm)) < 0) {
		return rc;
	}
	rc = domxml_hv_enum(p, node, "mode", vmdef_mode_names,
	    DOMXML_COUNT(vmdef_mode_names), "prefault or demand", &mode);
	if (rc == 0) {
		r->mode = (enum vmdef_mode)mode;
	}
	return rc < 0 ? rc : 0;
}

static const struct domxml_elem domxml_hv_region_elems[] = {
	{ "shared_with", domxml_hv_shared_with, NULL, 0 },
};

static int
domxml_hv_region(struct domxml_parse *p, xmlNode *node)
{
	struct vmdef_region *r;
	int rc;

	if (p->def->region_count >= VMDEF_REGION_MAX) {
		return domxml_xml_error(p, node, "too many <%s> (at most %d)",
		    domxml_where(p), VMDEF_REGION_MAX);
	}
	r = domxml_hv_region_now(p);
	memset(r, 0, sizeof(*r));
	r->perm = VMDEF_PERM_R | VMDEF_PERM_W;
	r->mode = VMDEF_MODE_PREFAULT;
	if ((rc = domxml_hv_region_attrs(p, node, r)) < 0 ||
	    (rc = domxml_children(p, node, DOMXML_NS, domxml_hv_region_elems,
	    DOMXML_COUNT(domxml_hv_region_elems), false)) < 0) {
		return rc;
	}
	p->def->region_count++;
	return 0;
}

static const char *const domxml_hv_kernel_attrs[] = {
	"format", "load_address", NULL,
};
static const char *const domxml_hv_console_attrs[] = { "log_size", NULL };
static const char *const domxml_hv_region_attrs_list[] = {
	"name", "ipa", "size", "perm", "mode", NULL,
};

static const struct domxml_elem domxml_hv_vm_elems[] = {
	{ "kernel", domxml_hv_kernel, domxml_hv_kernel_attrs, DOMXML_ONCE },
	{ "console", domxml_hv_console, domxml_hv_console_attrs, DOMXML_ONCE },
	{ "autostart", domxml_hv_autostart, NULL, DOMXML_ONCE },
	{ "region", domxml_hv_region, domxml_hv_region_attrs_list, 0 },
};

static_assert(DOMXML_COUNT(domxml_hv_vm_elems) <= DOMXML_ELEMS_MAX,
    "domxml_children() counts each entry in an array of this size");

static int
domxml_hv_vm(struct domxml_parse *p, xmlNode *node)
{
	return domxml_children(p, node, DOMXML_NS, domxml_hv_vm_elems,
	    DOMXML_COUNT(domxml_hv_vm_elems), false);
}

static const struct domxml_elem domxml_metadata_elems[] = {
	{ "vm", domxml_hv_vm, NULL, DOMXML_ONCE },
};

int
domxml_metadata(struct domxml_parse *p, xmlNode *node)
{
	return domxml_children(p, node, DOMXML_NS, domxml_metadata_elems,
	    DOMXML_COUNT(domxml_metadata_elems), true);
}

/* SPDX-License-Identifier: ISC */
/*
 * domxml.c - libvirt domain XML read into a VM definition (domxml.h): the
 * document parsed by libxml2 with nothing loaded, its tree walked against
 * tables of what hv honours, the values put in a struct vmdef and checked
 * by vmdef_check().  hv's own elements (<metadata><hv:vm>) are read in
 * domxml_hv.c, the XML is written in domxml_format.c.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "domxml.h"
#include "domxml_impl.h"
#include "rpc_error.h"
#include "yamldoc.h"

/* Fail with @code: "@prefix" then the message. */
static void
domxml_message(struct domxml_parse *p, int code, const char *prefix,
    const char *fmt, va_list ap)
{
	int n;

	*p->code = code;
	if (p->err == NULL || p->errlen == 0) {
		return;
	}
	n = snprintf(p->err, p->errlen, "%s", prefix);
	if (n >= 0 && (size_t)n < p->errlen) {
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	}
}

int
domxml_xml_error(struct domxml_parse *p, const xmlNode *node,
    const char *fmt, ...)
{
	char prefix[48];
	va_list ap;

	if (node != NULL && xmlGetLineNo(node) > 0) {
		snprintf(prefix, sizeof(prefix), "XML error: line %ld: ",
		    xmlGetLineNo(node));
	} else {
		snprintf(prefix, sizeof(prefix), "XML error: ");
	}
	va_start(ap, fmt);
	domxml_message(p, VIR_ERR_XML_ERROR, prefix, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int
domxml_unsupported(struct domxml_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	domxml_message(p, VIR_ERR_CONFIG_UNSUPPORTED,
	    "unsupported configuration: ", fmt, ap);
	va_end(ap);
	return -EOPNOTSUPP;
}

int
domxml_no_memory(struct domxml_parse *p)
{
	*p->code = VIR_ERR_NO_MEMORY;
	snprintf(p->err, p->errlen, "out of memory");
	return -ENOMEM;
}

const char *
domxml_where(const struct domxml_parse *p)
{
	return p->path_len > 0 ? p->path : "domain";
}

/* Is @node in namespace @ns (NULL: in none)? */
static bool
domxml_in_ns(const xmlNode *node, const char *ns)
{
	if (ns == NULL || node->ns == NULL) {
		return ns == NULL && node->ns == NULL;
	}
	return node->ns->href != NULL &&
	    strcmp((const char *)node->ns->href, ns) == 0;
}

/* Append @node's name to the path; the old length, to restore. */
static size_t
domxml_push(struct domxml_parse *p, const xmlNode *node)
{
	size_t saved = p->path_len;
	const char *prefix = "";
	int n;

	if (domxml_in_ns(node, DOMXML_NS)) {
		prefix = DOMXML_NS_PREFIX;
	} else if (node->ns != NULL && node->ns->prefix != NULL) {
		prefix = (const char *)node->ns->prefix;
	}
	n = snprintf(p->path + saved, sizeof(p->path) - saved, "%s%s%s%s",
	    saved > 0 ? "/" : "", prefix, prefix[0] != '\0' ? ":" : "",
	    (const char *)node->name);
	p->path_len = n < 0 ? saved :
	    saved + (size_t)n >= sizeof(p->path) ? sizeof(p->path) - 1 :
	    saved + (size_t)n;
	return saved;
}

static void
domxml_pop(struct domxml_parse *p, size_t saved)
{
	p->path_len = saved;
	p->path[saved] = '\0';
}

char *
domxml_trim(char *text)
{
	size_t len;

	while (*text == ' ' || *text == '\t' || *text == '\n' ||
	    *text == '\r') {
		text++;
	}
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
	    text[len - 1] == '\n' || text[len - 1] == '\r')) {
		text[--len] = '\0';
	}
	return text;
}

char *
domxml_prop(const xmlNode *node, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *copy;

	if (value == NULL) {
		return NULL;
	}
	copy = strdup((const char *)value);
	xmlFree(value);
	return copy;
}

int
domxml_text(struct domxml_parse *p, const xmlNode *node, char **out)
{
	const xmlNode *c;
	xmlChar *text;

	for (c = node->children; c != NULL; c = c->next) {
		if (c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE &&
		    c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE) {
			return domxml_xml_error(p, c,
			    "<%s> must hold text only", domxml_where(p));
		}
	}
	text = xmlNodeGetContent(node);
	*out = strdup(text != NULL ? (const char *)text : "");
	xmlFree(text);
	return *out == NULL ? domxml_no_memory(p) : 0;
}

int
domxml_attrs(struct domxml_parse *p, const xmlNode *node,
    const char *const *attrs)
{
	const xmlAttr *a;
	size_t i;

	for (a = node->properties; a != NULL; a = a->next) {
		for (i = 0; attrs != NULL && attrs[i] != NULL; i++) {
			if (a->ns == NULL &&
			    strcmp((const char *)a->name, attrs[i]) == 0) {
				break;
			}
		}
		if (attrs == NULL || attrs[i] == NULL) {
			return domxml_unsupported(p,
			    "attribute '%s%s%s' of <%s> is not supported by hv",
			    a->ns != NULL && a->ns->prefix != NULL ?
			    (const char *)a->ns->prefix : "",
			    a->ns != NULL && a->ns->prefix != NULL ? ":" : "",
			    (const char *)a->name, domxml_where(p));
		}
	}
	return 0;
}

/* Text between elements: blanks only. */
static int
domxml_blank(struct domxml_parse *p, const xmlNode *node)
{
	const char *c;

	for (c = (const char *)node->content; c != NULL && *c != '\0'; c++) {
		if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') {
			return domxml_xml_error(p, node,
			    "unexpected text in <%s>", domxml_where(p));
		}
	}
	return 0;
}

/* One child element of domxml_children(): find, count, check, read. */
static int
domxml_child(struct domxml_parse *p, xmlNode *node,
    const struct domxml_elem *elems, size_t count, unsigned int *seen)
{
	size_t saved = domxml_push(p, node), i;
	int rc;

	for (i = 0; i < count; i++) {
		if (strcmp((const char *)node->name, elems[i].name) == 0) {
			break;
		}
	}
	if (i == count) {
		rc = domxml_unsupported(p,
		    "element <%s> is not supported by hv", p->path);
	} else if (seen[i]++ > 0 && (elems[i].flags & DOMXML_ONCE) != 0) {
		rc = domxml_xml_error(p, node, "element <%s> given twice",
		    p->path);
	} else if (seen[i] > 1 && (elems[i].flags & DOMXML_SINGLE) != 0) {
		rc = domxml_unsupported(p,
		    "a second <%s> is not supported by hv", p->path);
	} else if ((rc = domxml_attrs(p, node, elems[i].attrs)) == 0) {
		rc = elems[i].parse(p, node);
	}
	domxml_pop(p, saved);
	return rc;
}

int
domxml_children(struct domxml_parse *p, xmlNode *parent, const char *ns,
    const struct domxml_elem *elems, size_t count, bool skip_foreign)
{
	unsigned int seen[DOMXML_ELEMS_MAX] = { 0 };
	xmlNode *c;
	size_t saved;
	int rc = 0;

	for (c = parent->children; c != NULL && rc == 0; c = c->next) {
		switch (c->type) {
		case XML_ELEMENT_NODE:
			if (domxml_in_ns(c, ns)) {
				rc = domxml_child(p, c, elems, count, seen);
				break;
			}
			if (skip_foreign) {
				break;
			}
			saved = domxml_push(p, c);
			rc = domxml_unsupported(p,
			    "element <%s> is not supported by hv", p->path);
			domxml_pop(p, saved);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			rc = domxml_blank(p, c);
			break;
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		default:
			rc = domxml_xml_error(p, c, "unexpected node in <%s>",
			    domxml_where(p));
			break;
		}
	}
	return rc;
}

/*
 * Scalars of libvirt's elements.
 */

/* Decimal digits (libvirt's numbers), blanks around allowed. */
static int
domxml_decimal(struct domxml_parse *p, const xmlNode *node, char *text,
    uint64_t *out)
{
	const char *t = domxml_trim(text);
	size_t i;

	for (i = 0; t[i] >= '0' && t[i] <= '9'; i++) {
	}
	if (i == 0 || t[i] != '\0') {
		return domxml_xml_error(p, node,
		    "<%s>: bad number '%s' (expected decimal digits)",
		    domxml_where(p), t);
	}
	if (yamldoc_parse_uint(t, out) < 0) {
		return domxml_xml_error(p, node, "<%s>: %s is too large",
		    domxml_where(p), t);
	}
	return 0;
}

/* libvirt's memory units: bytes per unit, 0 if @unit is not one. */
static uint64_t
domxml_unit_scale(const char *unit)
{
	static const char powers[] = "kmgtpe";
	const char *power;
	uint64_t base, scale = 1;

	if (unit == NULL) {
		return 1024;
	}
	if (strcasecmp(unit, "b") == 0 || strcasecmp(unit, "byte") == 0 ||
	    strcasecmp(unit, "bytes") == 0) {
		return 1;
	}
	power = unit[0] != '\0' ? strchr(powers, unit[0] | 0x20) : NULL;
	if (power == NULL) {
		return 0;
	}
	if (unit[1] == '\0' || strcasecmp(unit + 1, "iB") == 0) {
		base = 1024;
	} else if (strcasecmp(unit + 1, "B") == 0) {
		base = 1000;
	} else {
		return 0;
	}
	for (; power >= powers; power--) {
		scale *= base;
	}
	return scale;
}

/* <memory> or <currentMemory>: a number of units in bytes. */
static int
domxml_memory_bytes(struct domxml_parse *p, xmlNode *node, uint64_t *out)
{
	char *unit = domxml_prop(node, "unit"), *text = NULL;
	uint64_t value, scale = domxml_unit_scale(unit);
	int rc;

	if (scale == 0) {
		rc = domxml_xml_error(p, node, "<%s>: bad unit '%s' (expected "
		    "b, bytes, KiB, KB, k, MiB, MB, M, GiB, GB, G, TiB, TB, T, "
		    "PiB, PB, P, EiB, EB or E)", domxml_where(p), unit);
		goto out;
	}
	if ((rc = domxml_text(p, node, &text)) < 0 ||
	    (rc = domxml_decimal(p, node, text, &value)) < 0) {
		goto out;
	}
	if (value > UINT64_MAX / scale) {
		rc = domxml_xml_error(p, node, "<%s>: %s %s is too large",
		    domxml_where(p), domxml_trim(text),
		    unit != NULL ? unit : "KiB");
		goto out;
	}
	*out = value * scale;
out:
	free(unit);
	free(text);
	return rc;
}

static int
domxml_memory(struct domxml_parse *p, xmlNode *node)
{
	p->has_memory = true;
	return domxml_memory_bytes(p, node, &p->def->memory);
}

static int
domxml_current_memory(struct domxml_parse *p, xmlNode *node)
{
	p->has_current = true;
	return domxml_memory_bytes(p, node, &p->current_memory);
}

/* An attribute that may be absent but has only one value hv honours. */
static int
domxml_fixed_attr(struct domxml_parse *p, const xmlNode *node,
    const char *name, const char *only, bool required)
{
	char *value = domxml_prop(node, name);
	int rc = 0;

	if (value == NULL && required) {
		rc = domxml_unsupported(p, "<%s> without %s='%s' is not "
		    "supported by hv", domxml_where(p), name, only);
	} else if (value != NULL && strcmp(value, only) != 0) {
		rc = domxml_unsupported(p, "attribute %s='%s' of <%s> is not "
		    "supported by hv (only '%s')", name, value,
		    domxml_where(p), only);
	}
	free(value);
	return rc;
}

/* Trimmed text that must be one of @words[0..@count): its index. */
static int
domxml_word(struct domxml_parse *p, const xmlNode *node,
    const char *const *words, size_t count, const char *only,
    unsigned int *out)
{
	char *text = NULL;
	const char *t;
	size_t i;
	int rc;

	if ((rc = domxml_text(p, node, &text)) < 0) {
		return rc;
	}
	t = domxml_trim(text);
	for (i = 0; i < count && strcmp(t, words[i]) != 0; i++) {
	}
	if (i == count) {
		rc = domxml_unsupported(p, "<%s> '%s' is not supported by hv "
		    "(only %s)", domxml_where(p), t, only);
	} else {
		*out = (unsigned int)i;
	}
	free(text);
	return rc;
}

/*
 * libvirt's elements.
 */

static int
domxml_name(struct domxml_parse *p, xmlNode *node)
{
	char *text = NULL;
	int rc;

	if ((rc = domxml_text(p, node, &text)) < 0) {
		return rc;
	}
	if (!vmdef_name_valid(text)) {
		rc = domxml_xml_error(p, node, "<name>: bad name '%s' (1 to %d "
		    "letters, digits, '-', '_' or '.')", text, VMDEF_NAME_MAX);
	} else {
		strcpy(p->def->name, text);
		p->has_name = true;
	}
	free(text);
	return rc;
}

static int
domxml_uuid(struct domxml_parse *p, xmlNode *node)
{
	char *text = NULL;
	const char *t;
	int rc;

	if ((rc = domxml_text(p, node, &text)) < 0) {
		return rc;
	}
	t = domxml_trim(text);
	if (hvuuid_parse(t, &p->def->uuid) < 0) {
		rc = domxml_xml_error(p, node, "<uuid>: bad uuid '%s' "
		    "(expected 8-4-4-4-12 hex digits)", t);
	} else {
		p->has_uuid = true;
	}
	free(text);
	return rc;
}

static int
domxml_vcpu(struct domxml_parse *p, xmlNode *node)
{
	char *text = NULL;
	uint64_t v;
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "placement", "static",
	    false)) < 0 || (rc = domxml_text(p, node, &text)) < 0 ||
	    (rc = domxml_decimal(p, node, text, &v)) < 0) {
		goto out;
	}
	if (v > UINT_MAX) {
		rc = domxml_xml_error(p, node, "<vcpu>: %s is out of range "
		    "(1..%d)", domxml_trim(text), VMDEF_VCPUS_MAX);
		goto out;
	}
	p->def->vcpus = (unsigned int)v;
out:
	free(text);
	return rc;
}

static int
domxml_os_type(struct domxml_parse *p, xmlNode *node)
{
	static const char *const hvm[] = { "hvm" };
	unsigned int v;
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "arch", "aarch64", false)) < 0 ||
	    (rc = domxml_fixed_attr(p, node, "machine", "virt", false)) < 0) {
		return rc;
	}
	return domxml_word(p, node, hvm, 1, "'hvm'", &v);
}

/* <kernel> or <initrd>: an absolute path, as written. */
static int
domxml_image(struct domxml_parse *p, xmlNode *node, char **out)
{
	int rc;

	if ((rc = domxml_text(p, node, out)) < 0) {
		return rc;
	}
	if ((*out)[0] != '/') {
		return domxml_xml_error(p, node,
		    "<%s>: '%s' is not an absolute path", domxml_where(p),
		    *out);
	}
	return 0;
}

static int
domxml_os_kernel(struct domxml_parse *p, xmlNode *node)
{
	return domxml_image(p, node, &p->def->kernel_path);
}

static int
domxml_os_initrd(struct domxml_parse *p, xmlNode *node)
{
	return domxml_image(p, node, &p->def->initrd_path);
}

static int
domxml_os_cmdline(struct domxml_parse *p, xmlNode *node)
{
	return domxml_text(p, node, &p->def->cmdline);
}

static const char *const domxml_type_attrs[] = { "arch", "machine", NULL };

static const struct domxml_elem domxml_os_elems[] = {
	{ "type", domxml_os_type, domxml_type_attrs, DOMXML_ONCE },
	{ "kernel", domxml_os_kernel, NULL, DOMXML_ONCE },
	{ "initrd", domxml_os_initrd, NULL, DOMXML_ONCE },
	{ "cmdline", domxml_os_cmdline, NULL, DOMXML_ONCE },
};

static int
domxml_os(struct domxml_parse *p, xmlNode *node)
{
	return domxml_children(p, node, NULL, domxml_os_elems,
	    DOMXML_COUNT(domxml_os_elems), false);
}

static int
domxml_on_poweroff(struct domxml_parse *p, xmlNode *node)
{
	static const char *const destroy[] = { "destroy" };
	unsigned int v;

	return domxml_word(p, node, destroy, 1, "'destroy'", &v);
}

static int
domxml_on_reboot(struct domxml_parse *p, xmlNode *node)
{
	static const char *const restart[] = { "restart" };
	unsigned int v;

	return domxml_word(p, node, restart, 1, "'restart'", &v);
}

static int
domxml_on_crash(struct domxml_parse *p, xmlNode *node)
{
	unsigned int v;
	int rc;

	rc = domxml_word(p, node, vmdef_on_crash_names,
	    DOMXML_COUNT(vmdef_on_crash_names), "destroy, restart or preserve",
	    &v);
	if (rc == 0) {
		p->def->on_crash = (enum vmdef_on_crash)v;
	}
	return rc;
}

/* <target> of a <console>, <serial>'s <target>/<model>. */
static int
domxml_console_target(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "type", "serial", false)) < 0 ||
	    (rc = domxml_fixed_attr(p, node, "port", "0", false)) < 0) {
		return rc;
	}
	return domxml_children(p, node, NULL, NULL, 0, false);
}

static int
domxml_serial_model(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "name", "pl011", false)) < 0) {
		return rc;
	}
	return domxml_children(p, node, NULL, NULL, 0, false);
}

static const char *const domxml_name_attrs[] = { "name", NULL };

static const struct domxml_elem domxml_serial_target_elems[] = {
	{ "model", domxml_serial_model, domxml_name_attrs, DOMXML_ONCE },
};

static int
domxml_serial_target(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "type", "system-serial",
	    false)) < 0 ||
	    (rc = domxml_fixed_attr(p, node, "port", "0", false)) < 0) {
		return rc;
	}
	return domxml_children(p, node, NULL, domxml_serial_target_elems,
	    DOMXML_COUNT(domxml_serial_target_elems), false);
}

static const char *const domxml_target_attrs[] = { "type", "port", NULL };

static const struct domxml_elem domxml_console_elems[] = {
	{ "target", domxml_console_target, domxml_target_attrs, DOMXML_ONCE },
};

static const struct domxml_elem domxml_serial_elems[] = {
	{ "target", domxml_serial_target, domxml_target_attrs, DOMXML_ONCE },
};

static int
domxml_console(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "type", "pty", true)) < 0) {
		return rc;
	}
	return domxml_children(p, node, NULL, domxml_console_elems,
	    DOMXML_COUNT(domxml_console_elems), false);
}

static int
domxml_serial(struct domxml_parse *p, xmlNode *node)
{
	int rc;

	if ((rc = domxml_fixed_attr(p, node, "type", "pty", true)) < 0) {
		return rc;
	}
	return domxml_children(p, node, NULL, domxml_serial_elems,
	    DOMXML_COUNT(domxml_serial_elems), false);
}

static const char *const domxml_type_attr[] = { "type", NULL };

static const struct domxml_elem domxml_devices_elems[] = {
	{ "console", domxml_console, domxml_type_attr, DOMXML_SINGLE },
	{ "serial", domxml_serial, domxml_type_attr, DOMXML_SINGLE },
};

static int
domxml_devices(struct domxml_parse *p, xmlNode *node)
{
	return domxml_children(p, node, NULL, domxml_devices_elems,
	    DOMXML_COUNT(domxml_devices_elems), false);
}

static const char *const domxml_unit_attrs[] = { "unit", NULL };
static const char *const domxml_vcpu_attrs[] = { "placement", NULL };

static const struct domxml_elem domxml_domain_elems[] = {
	{ "name", domxml_name, NULL, DOMXML_ONCE },
	{ "uuid", domxml_uuid, NULL, DOMXML_ONCE },
	{ "memory", domxml_memory, domxml_unit_attrs, DOMXML_ONCE },
	{ "currentMemory", domxml_current_memory, domxml_unit_attrs,
	    DOMXML_ONCE },
	{ "vcpu", domxml_vcpu, domxml_vcpu_attrs, DOMXML_ONCE },
	{ "os", domxml_os, NULL, DOMXML_ONCE },
	{ "on_poweroff", domxml_on_poweroff, NULL, DOMXML_ONCE },
	{ "on_reboot", domxml_on_reboot, NULL, DOMXML_ONCE },
	{ "on_crash", domxml_on_crash, NULL, DOMXML_ONCE },
	{ "devices", domxml_devices, NULL, DOMXML_ONCE },
	{ "metadata", domxml_metadata, NULL, DOMXML_ONCE },
};

static_assert(DOMXML_COUNT(domxml_domain_elems) <= DOMXML_ELEMS_MAX,
    "domxml_children() counts each entry in an array of this size");
static_assert(DOMXML_TEXT_MAX <= INT_MAX, "xmlCtxtReadMemory() takes an int");

/* The root: <domain type='hv'>, then its children. */
static int
domxml_domain(struct domxml_parse *p, xmlNode *root)
{
	static const char *const attrs[] = { "type", "id", NULL };
	char *type;
	int rc;

	if (root == NULL || strcmp((const char *)root->name, "domain") != 0) {
		return domxml_xml_error(p, root,
		    "expected <domain> as the root element, not <%s>",
		    root != NULL ? (const char *)root->name : "");
	}
	if (!domxml_in_ns(root, NULL)) {
		return domxml_xml_error(p, root, "<domain> in namespace '%s': "
		    "expected no namespace", (const char *)root->ns->href);
	}
	if ((type = domxml_prop(root, "type")) == NULL) {
		return domxml_xml_error(p, root,
		    "<domain> has no attribute 'type'");
	}
	rc = strcmp(type, "hv") == 0 ? 0 : domxml_unsupported(p,
	    "domain type '%s' is not supported by hv", type);
	free(type);
	if (rc == 0 && (rc = domxml_attrs(p, root, attrs)) == 0) {
		rc = domxml_children(p, root, NULL, domxml_domain_elems,
		    DOMXML_COUNT(domxml_domain_elems), false);
	}
	return rc;
}

/* After the walk: what must be there, and the checks of vmdef. */
static int
domxml_finish(struct domxml_parse *p)
{
	struct vmdef *def = p->def;
	char msg[YAMLDOC_ERROR_MAX];
	int rc;

	if (!p->has_name || !p->has_memory || def->kernel_path == NULL) {
		return domxml_xml_error(p, NULL, "missing element <%s>",
		    !p->has_name ? "name" : !p->has_memory ? "memory" :
		    "os/kernel");
	}
	if (p->has_current && p->current_memory != def->memory) {
		return domxml_unsupported(p, "<currentMemory> other than "
		    "<memory> is not supported by hv (no memory ballooning)");
	}
	if (vmdef_check(def, msg, sizeof(msg)) < 0) {
		return domxml_xml_error(p, NULL, "%s", msg);
	}
	if (p->has_uuid) {
		return 0;
	}
	if ((rc = hvuuid_generate(&def->uuid)) < 0) {
		*p->code = VIR_ERR_INTERNAL_ERROR;
		snprintf(p->err, p->errlen, "cannot make a uuid: %s",
		    strerror(-rc));
		return rc;
	}
	def->uuid_generated = true;
	return 0;
}

/* libxml2's errors (its structured handler): keep the first. */
static void
domxml_parser_error(void *data, xmlErrorPtr error)
{
	xmlParserCtxtPtr ctxt = data;
	struct domxml_parse *p = ctxt->_private;
	size_t len;

	if (p->xml_failed || error->level < XML_ERR_ERROR) {
		return;
	}
	p->xml_failed = true;
	p->xml_line = error->line;
	snprintf(p->xml_msg, sizeof(p->xml_msg), "%s",
	    error->message != NULL ? error->message : "malformed document");
	len = strlen(p->xml_msg);
	while (len > 0 && (p->xml_msg[len - 1] == '\n' ||
	    p->xml_msg[len - 1] == ' ')) {
		p->xml_msg[--len] = '\0';
	}
}

/* <!DOCTYPE ...>: stop before any of it is read (no DTD, no entities). */
static void
domxml_no_doctype(void *data, const xmlChar *name, const xmlChar *external,
    const xmlChar *system)
{
	xmlParserCtxtPtr ctxt = data;
	struct domxml_parse *p = ctxt->_private;

	(void)name;
	(void)external;
	(void)system;
	p->doctype = true;
	xmlStopParser(ctxt);
}

/* Parse @xml into *@doc with nothing loaded from anywhere. */
static int
domxml_read(struct domxml_parse *p, const char *xml, size_t len,
    xmlDocPtr *doc)
{
	xmlParserCtxtPtr ctxt;
	int rc = 0;

	xmlInitParser();
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		return domxml_no_memory(p);
	}
	ctxt->_private = p;
	ctxt->sax->internalSubset = domxml_no_doctype;
	ctxt->sax->serror = domxml_parser_error;
	*doc = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_BIG_LINES);
	if (p->doctype) {
		rc = domxml_xml_error(p, NULL, "a DOCTYPE is not allowed in "
		    "domain XML (no DTD, no entities)");
	} else if (p->xml_failed && p->xml_line > 0) {
		rc = domxml_xml_error(p, NULL, "line %d: %s", p->xml_line,
		    p->xml_msg);
	} else if (p->xml_failed || *doc == NULL || !ctxt->wellFormed) {
		rc = domxml_xml_error(p, NULL, "%s", p->xml_failed ?
		    p->xml_msg : "malformed document");
	}
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int
domxml_parse(const char *xml, size_t len, struct vmdef *def, char *err,
    size_t errlen, int *code)
{
	struct domxml_parse p = {
		.def = def, .err = err, .errlen = errlen, .code = code,
	};
	xmlDocPtr doc = NULL;
	int rc;

	*code = VIR_ERR_OK;
	if (errlen > 0) {
		err[0] = '\0';
	}
	if ((rc = vmdef_init(def, DOMXML_SOURCE, NULL)) < 0) {
		return domxml_no_memory(&p);
	}
	def->kernel_format = VMDEF_FORMAT_IMAGE;
	if (len >= DOMXML_TEXT_MAX) {
		domxml_xml_error(&p, NULL, "document of %zu bytes is too large "
		    "(at most %u)", len, DOMXML_TEXT_MAX - 1);
		return -EMSGSIZE;
	}
	rc = domxml_read(&p, xml, len, &doc);
	if (rc == 0) {
		rc = domxml_domain(&p, xmlDocGetRootElement(doc));
	}
	if (rc == 0) {
		rc = domxml_finish(&p);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/*
 * domxml_format.c - a VM definition written as libvirt domain XML with
 * libxml2's text writer (domxml.h): every element of the contract, in its
 * order, so that reading the text back gives an equal definition and
 * writing that the same text.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/chvalid.h>
#include <libxml/parser.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#include "domxml.h"

#define X(s)	((const xmlChar *)(s))

/* The image paths as written: absolute. */
struct domxml_paths {
	char kernel[PATH_MAX];
	char initrd[PATH_MAX];
};

/* A writer call's result: 0, or -ENOMEM (libxml2 only fails allocating). */
static int
domxml_w(int n)
{
	return n < 0 ? -ENOMEM : 0;
}

static int
domxml_start(xmlTextWriterPtr w, const char *name)
{
	return domxml_w(xmlTextWriterStartElement(w, X(name)));
}

/* <hv:NAME>, declaring the namespace if @ns is not NULL. */
static int
domxml_start_hv(xmlTextWriterPtr w, const char *name, const char *ns)
{
	return domxml_w(xmlTextWriterStartElementNS(w, X(DOMXML_NS_PREFIX),
	    X(name), ns != NULL ? X(ns) : NULL));
}

static int
domxml_end(xmlTextWriterPtr w)
{
	return domxml_w(xmlTextWriterEndElement(w));
}

static int
domxml_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	return domxml_w(xmlTextWriterWriteAttribute(w, X(name), X(value)));
}

static int
domxml_attr_hex(xmlTextWriterPtr w, const char *name, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%" PRIx64, value);
	return domxml_attr(w, name, text);
}

/* <NAME>TEXT</NAME>, the text escaped by the writer. */
static int
domxml_element(xmlTextWriterPtr w, const char *name, const char *text)
{
	return domxml_w(xmlTextWriterWriteElement(w, X(name), X(text)));
}

static int
domxml_memory(xmlTextWriterPtr w, const char *name, uint64_t bytes)
{
	char text[24];
	int rc;

	snprintf(text, sizeof(text), "%" PRIu64, bytes >> 10);
	if ((rc = domxml_start(w, name)) < 0 ||
	    (rc = domxml_attr(w, "unit", "KiB")) < 0 ||
	    (rc = domxml_w(xmlTextWriterWriteString(w, X(text)))) < 0) {
		return rc;
	}
	return domxml_end(w);
}

/* <domain ...> and the scalars up to <vcpu>. */
static int
domxml_write_head(xmlTextWriterPtr w, const struct vmdef *def,
    const struct domxml_state *st)
{
	char uuid[HVUUID_TEXT_MAX], text[24];
	int rc;

	if ((rc = domxml_start(w, "domain")) < 0 ||
	    (rc = domxml_attr(w, "type", "hv")) < 0) {
		return rc;
	}
	if (st != NULL && st->id >= 0) {
		snprintf(text, sizeof(text), "%d", st->id);
		if ((rc = domxml_attr(w, "id", text)) < 0) {
			return rc;
		}
	}
	hvuuid_format(&def->uuid, uuid);
	snprintf(text, sizeof(text), "%u", def->vcpus);
	if ((rc = domxml_element(w, "name", def->name)) < 0 ||
	    (rc = domxml_element(w, "uuid", uuid)) < 0 ||
	    (rc = domxml_memory(w, "memory", def->memory)) < 0 ||
	    (rc = domxml_memory(w, "currentMemory", def->memory)) < 0 ||
	    (rc = domxml_start(w, "vcpu")) < 0 ||
	    (rc = domxml_attr(w, "placement", "static")) < 0 ||
	    (rc = domxml_w(xmlTextWriterWriteString(w, X(text)))) < 0) {
		return rc;
	}
	return domxml_end(w);
}

static int
domxml_write_os(xmlTextWriterPtr w, const struct vmdef *def,
    const struct domxml_paths *paths)
{
	int rc;

	if ((rc = domxml_start(w, "os")) < 0 ||
	    (rc = domxml_start(w, "type")) < 0 ||
	    (rc = domxml_attr(w, "arch", "aarch64")) < 0 ||
	    (rc = domxml_attr(w, "machine", "virt")) < 0 ||
	    (rc = domxml_w(xmlTextWriterWriteString(w, X("hvm")))) < 0 ||
	    (rc = domxml_end(w)) < 0 ||
	    (rc = domxml_element(w, "kernel", paths->kernel)) < 0) {
		return rc;
	}
	if (def->initrd_path != NULL &&
	    (rc = domxml_element(w, "initrd", paths->initrd)) < 0) {
		return rc;
	}
	if (def->cmdline != NULL &&
	    (rc = domxml_element(w, "cmdline", def->cmdline)) < 0) {
		return rc;
	}
	return domxml_end(w);
}

/* The lifecycle actions and the one console. */
static int
domxml_write_actions(xmlTextWriterPtr w, const struct vmdef *def)
{
	int rc;

	if ((rc = domxml_element(w, "on_poweroff", "destroy")) < 0 ||
	    (rc = domxml_element(w, "on_reboot", "restart")) < 0 ||
	    (rc = domxml_element(w, "on_crash",
	    vmdef_on_crash_names[def->on_crash])) < 0 ||
	    (rc = domxml_start(w, "devices")) < 0 ||
	    (rc = domxml_start(w, "console")) < 0 ||
	    (rc = domxml_attr(w, "type", "pty")) < 0 ||
	    (rc = domxml_start(w, "target")) < 0 ||
	    (rc = domxml_attr(w, "type", "serial")) < 0 ||
	    (rc = domxml_attr(w, "port", "0")) < 0 ||
	    (rc = domxml_end(w)) < 0 ||
	    (rc = domxml_end(w)) < 0) {
		return rc;
	}
	return domxml_end(w);
}

static int
domxml_write_region(xmlTextWriterPtr w, const struct vmdef_region *r)
{
	char perm[4];
	size_t i, n = 0;
	int rc;

	if ((r->perm & VMDEF_PERM_R) != 0) {
		perm[n++] = 'r';
	}
	if ((r->perm & VMDEF_PERM_W) != 0) {
		perm[n++] = 'w';
	}
	if ((r->perm & VMDEF_PERM_X) != 0) {
		perm[n++] = 'x';
	}
	perm[n] = '\0';
	if ((rc = domxml_start_hv(w, "region", NULL)) < 0 ||
	    (rc = domxml_attr(w, "name", r->name)) < 0 ||
	    (rc = domxml_attr_hex(w, "ipa", r->ipa)) < 0 ||
	    (rc = domxml_attr_hex(w, "size", r->size)) < 0 ||
	    (rc = domxml_attr(w, "perm", perm)) < 0 ||
	    (rc = domxml_attr(w, "mode", vmdef_mode_names[r->mode])) < 0) {
		return rc;
	}
	for (i = 0; i < r->shared_count; i++) {
		if ((rc = domxml_w(xmlTextWriterWriteElementNS(w,
		    X(DOMXML_NS_PREFIX), X("shared_with"), NULL,
		    X(r->shared_with[i])))) < 0) {
			return rc;
		}
	}
	return domxml_end(w);
}

/* <metadata><hv:vm>: what libvirt's schema has no words for. */
static int
domxml_write_metadata(xmlTextWriterPtr w, const struct vmdef *def)
{
	char text[24];
	size_t i;
	int rc;

	snprintf(text, sizeof(text), "%" PRIu64, def->console_log_size);
	if ((rc = domxml_start(w, "metadata")) < 0 ||
	    (rc = domxml_start_hv(w, "vm", DOMXML_NS)) < 0 ||
	    (rc = domxml_start_hv(w, "kernel", NULL)) < 0 ||
	    (rc = domxml_attr(w, "format",
	    vmdef_format_names[def->kernel_format])) < 0) {
		return rc;
	}
	if (def->has_load_address && (rc = domxml_attr_hex(w, "load_address",
	    def->load_address)) < 0) {
		return rc;
	}
	if ((rc = domxml_end(w)) < 0 ||
	    (rc = domxml_start_hv(w, "console", NULL)) < 0 ||
	    (rc = domxml_attr(w, "log_size", text)) < 0 ||
	    (rc = domxml_end(w)) < 0 ||
	    (rc = domxml_w(xmlTextWriterWriteElementNS(w,
	    X(DOMXML_NS_PREFIX), X("autostart"), NULL,
	    X(def->autostart ? "yes" : "no")))) < 0) {
		return rc;
	}
	for (i = 0; i < def->region_count; i++) {
		if ((rc = domxml_write_region(w, &def->regions[i])) < 0) {
			return rc;
		}
	}
	if ((rc = domxml_end(w)) < 0) {
		return rc;
	}
	return domxml_end(w);
}

static int
domxml_write(xmlTextWriterPtr w, const struct vmdef *def,
    const struct domxml_state *st, const struct domxml_paths *paths)
{
	int rc;

	if ((rc = domxml_w(xmlTextWriterSetIndent(w, 1))) < 0 ||
	    (rc = domxml_w(xmlTextWriterSetIndentString(w, X("  ")))) < 0 ||
	    (rc = domxml_w(xmlTextWriterSetQuoteChar(w, '\''))) < 0 ||
	    (rc = domxml_write_head(w, def, st)) < 0 ||
	    (rc = domxml_write_os(w, def, paths)) < 0 ||
	    (rc = domxml_write_actions(w, def)) < 0 ||
	    (rc = domxml_write_metadata(w, def)) < 0 ||
	    (rc = domxml_end(w)) < 0) {
		return rc;
	}
	return domxml_w(xmlTextWriterFlush(w));
}

/* Can XML 1.0 text carry @s?  UTF-8 of XML Chars only (no NUL, no C0
 * control but tab, newline, carriage return; no U+FFFE, U+FFFF). */
static bool
domxml_representable(const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t left = strlen(s);
	int ch, n;

	while (left > 0) {
		n = left > INT_MAX ? INT_MAX : (int)left;
		ch = xmlGetUTF8Char(c, &n);
		if (ch < 0 || n <= 0 || !xmlIsCharQ(ch)) {
			return false;
		}
		c += n;
		left -= (size_t)n;
	}
	return true;
}

/* @path resolved against the definition's directory; absolute. */
static int
domxml_path(const struct vmdef *def, const char *path, char *buf,
    size_t len)
{
	int rc;

	if ((rc = vmdef_resolve(def, path, buf, len)) < 0) {
		return rc;
	}
	return buf[0] == '/' && domxml_representable(buf) ? 0 : -EINVAL;
}

/* What the writer cannot be trusted with, checked before it runs. */
static int
domxml_prepare(const struct vmdef *def, struct domxml_paths *paths)
{
	char msg[256];
	size_t total;
	int rc;

	if (vmdef_check(def, msg, sizeof(msg)) < 0) {
		return -EINVAL;
	}
	if ((rc = domxml_path(def, def->kernel_path, paths->kernel,
	    sizeof(paths->kernel))) < 0) {
		return rc;
	}
	paths->initrd[0] = '\0';
	if (def->initrd_path != NULL && (rc = domxml_path(def,
	    def->initrd_path, paths->initrd, sizeof(paths->initrd))) < 0) {
		return rc;
	}
	if (def->cmdline != NULL && !domxml_representable(def->cmdline)) {
		return -EINVAL;
	}
	total = strlen(paths->kernel) + strlen(paths->initrd) +
	    (def->cmdline != NULL ? strlen(def->cmdline) : 0);
	return total >= DOMXML_TEXT_MAX ? -EMSGSIZE : 0;
}

int
domxml_format(const struct vmdef *def, const struct domxml_state *st,
    char **xml)
{
	struct domxml_paths *paths;
	xmlTextWriterPtr w = NULL;
	xmlBufferPtr buf = NULL;
	int rc;

	if ((paths = malloc(sizeof(*paths))) == NULL) {
		return -ENOMEM;
	}
	if ((rc = domxml_prepare(def, paths)) < 0) {
		goto out;
	}
	xmlInitParser();
	rc = -ENOMEM;
	if ((buf = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(buf, 0)) == NULL ||
	    (rc = domxml_write(w, def, st, paths)) < 0) {
		goto out;
	}
	if ((size_t)xmlBufferLength(buf) >= DOMXML_TEXT_MAX) {
		rc = -EMSGSIZE;
		goto out;
	}
	if ((*xml = strdup((const char *)xmlBufferContent(buf))) == NULL) {
		rc = -ENOMEM;
	}
out:
	xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	free(paths);
	return rc;
}

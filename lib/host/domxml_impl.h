/* SPDX-License-Identifier: ISC */
/*
 * domxml_impl.h - what the parts of domxml's reader (domxml.c: the
 * document, the walk, libvirt's elements; domxml_hv.c: hv's own elements
 * under <metadata>) share: the state of one parse, the table-driven walk
 * over an element's children, and the two kinds of error.
 */
#ifndef HV_HOST_DOMXML_IMPL_H
#define HV_HOST_DOMXML_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "domxml.h"

/** DOMXML_PATH_MAX - room for the path of an element in messages. */
#define DOMXML_PATH_MAX		160
/** DOMXML_ELEMS_MAX - most entries of one struct domxml_elem table. */
#define DOMXML_ELEMS_MAX	16

/** DOMXML_COUNT - entries of an array. */
#define DOMXML_COUNT(a)		(sizeof(a) / sizeof((a)[0]))

/* struct domxml_elem flags. */
#define DOMXML_ONCE	0x1u	/* a second one is malformed (XML error) */
#define DOMXML_SINGLE	0x2u	/* a second one is unsupported (hv has one) */

/**
 * struct domxml_parse - one document being read.
 * @def:          where values go.
 * @err:          the caller's message buffer.
 * @errlen:       its bytes.
 * @code:         the caller's libvirt error code.
 * @path:         the element being read, from below <domain>
 *                ("devices/console"; "" for <domain> itself), hv's
 *                elements with the prefix "hv:" whatever the document
 *                calls it.
 * @path_len:     its length.
 * @doctype:      the document had a DOCTYPE (and was stopped there).
 * @xml_failed:   libxml2 reported an error; @xml_line, @xml_msg: the first.
 * @xml_line:     its line (0: none).
 * @xml_msg:      its message.
 * @has_memory:   <memory> was read.
 * @has_current:  <currentMemory> was read, into @current_memory.
 * @current_memory: its bytes.
 * @has_name:     <name> was read.
 * @has_uuid:     <uuid> was read.
 */
struct domxml_parse {
	struct vmdef *def;
	char *err;
	size_t errlen;
	int *code;
	char path[DOMXML_PATH_MAX];
	size_t path_len;
	bool doctype;
	bool xml_failed;
	int xml_line;
	char xml_msg[256];
	bool has_memory;
	bool has_current;
	uint64_t current_memory;
	bool has_name;
	bool has_uuid;
};

/**
 * struct domxml_elem - one child element an element may hold.
 * @name:  its local name.
 * @parse: reads it (its attributes are checked against @attrs first), with
 *         its name appended to the path; 0 or -errno (message set).
 * @attrs: the attributes it may have, NULL-terminated; NULL for none.
 * @flags: DOMXML_ONCE, DOMXML_SINGLE or 0 (any number).
 */
struct domxml_elem {
	const char *name;
	int (*parse)(struct domxml_parse *p, xmlNode *node);
	const char *const *attrs;
	unsigned int flags;
};

/**
 * domxml_children() - read the children of @parent: every element must be
 * in @elems and in namespace @ns, text must be blank, comments and
 * processing instructions are skipped.
 * @p:      the parse.
 * @parent: the element.
 * @ns:     the namespace URI of the children (NULL: none, libvirt's).
 * @elems:  the elements allowed.
 * @count:  their number (at most DOMXML_ELEMS_MAX).
 * @skip_foreign: elements in another namespace than @ns are skipped
 *          (foreign metadata) rather than unsupported.
 *
 * An element not in @elems, or an attribute not in its list, is
 * unsupported (VIR_ERR_CONFIG_UNSUPPORTED, named by path); a second
 * DOMXML_ONCE element is an XML error, a second DOMXML_SINGLE one
 * unsupported.
 *
 * Return: 0 or the first error.
 */
int domxml_children(struct domxml_parse *p, xmlNode *parent, const char *ns,
    const struct domxml_elem *elems, size_t count, bool skip_foreign);

/**
 * domxml_attrs() - @node's attributes must all be in @attrs.
 * @p:     the parse, its path at @node.
 * @node:  the element.
 * @attrs: the names allowed, NULL-terminated; NULL for none.
 *
 * Return: 0 or -EOPNOTSUPP (message set).
 */
int domxml_attrs(struct domxml_parse *p, const xmlNode *node,
    const char *const *attrs);

/**
 * domxml_text() - the text of an element that holds only text (and
 * comments).
 * @p:    the parse, its path at @node.
 * @node: the element.
 * @out:  a malloc'ed copy; the caller frees it.
 *
 * Return: 0, -EINVAL (an element inside) or -ENOMEM.
 */
int domxml_text(struct domxml_parse *p, const xmlNode *node, char **out);

/**
 * domxml_trim() - @text without the XML blanks around it (in place).
 * @text: the text.
 *
 * Return: the first character that is not blank, in @text.
 */
char *domxml_trim(char *text);

/**
 * domxml_prop() - an attribute's value (no namespace).
 * @node: the element.
 * @name: the attribute.
 *
 * Return: a malloc'ed copy to free(), or NULL if absent (or no memory:
 * callers that need the value then report it as missing).
 */
char *domxml_prop(const xmlNode *node, const char *name);

/**
 * domxml_where() - the path of the element being read, for messages.
 * @p: the parse.
 *
 * Return: "domain" at the top, else the path ("os/kernel").
 */
const char *domxml_where(const struct domxml_parse *p);

/**
 * domxml_xml_error() - fail with VIR_ERR_XML_ERROR: "XML error: line N:
 * message" (no "line N: " if @node is NULL).
 * @p:    the parse.
 * @node: where, or NULL.
 * @fmt:  the message.
 *
 * Return: -EINVAL.
 */
int domxml_xml_error(struct domxml_parse *p, const xmlNode *node,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * domxml_unsupported() - fail with VIR_ERR_CONFIG_UNSUPPORTED:
 * "unsupported configuration: message".
 * @p:   the parse.
 * @fmt: the message, naming the element, attribute or value.
 *
 * Return: -EOPNOTSUPP.
 */
int domxml_unsupported(struct domxml_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * domxml_no_memory() - fail with VIR_ERR_NO_MEMORY.
 * @p: the parse.
 *
 * Return: -ENOMEM.
 */
int domxml_no_memory(struct domxml_parse *p);

/**
 * domxml_metadata() - the <metadata> element: hv's <hv:vm> read, other
 * namespaces' elements ignored.
 * @p:    the parse.
 * @node: <metadata>.
 *
 * Return: 0 or the first error.
 */
int domxml_metadata(struct domxml_parse *p, xmlNode *node);

#endif /* HV_HOST_DOMXML_IMPL_H */

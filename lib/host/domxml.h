/* SPDX-License-Identifier: ISC */
/*
 * domxml.h - a VM definition (vmdef.h) as libvirt domain XML, so that hvd
 * can serve DOMAIN_GET_XML_DESC, DEFINE_XML and CREATE_XML and `virsh
 * dumpxml`, `virsh define FILE.xml` and `virsh create FILE.xml` work.
 * Written and read with libxml2 (the tree API, the text writer); no DTD,
 * no entity, no network access.  doc/domxml.md is the full contract.
 *
 * Host-only code shared by hvd and hvctl.  The XML of a definition:
 *
 *   <domain type='hv' id='3'>                   id only when active
 *     <name>hello</name>
 *     <uuid>6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b</uuid>
 *     <memory unit='KiB'>16384</memory>
 *     <currentMemory unit='KiB'>16384</currentMemory>
 *     <vcpu placement='static'>1</vcpu>
 *     <os>
 *       <type arch='aarch64' machine='virt'>hvm</type>
 *       <kernel>/abs/path/image</kernel>
 *       <initrd>/abs/path/initrd</initrd>       if any
 *       <cmdline>console=ttyAMA0</cmdline>      if any
 *     </os>
 *     <on_poweroff>destroy</on_poweroff>
 *     <on_reboot>restart</on_reboot>
 *     <on_crash>destroy|restart|preserve</on_crash>
 *     <devices>
 *       <console type='pty'><target type='serial' port='0'/></console>
 *     </devices>
 *     <metadata>
 *       <hv:vm xmlns:hv='urn:hv:domain:1'>
 *         <hv:kernel format='elf|image|raw' load_address='0x40000000'/>
 *         <hv:console log_size='1048576'/>
 *         <hv:autostart>yes|no</hv:autostart>
 *         <hv:region name='scratch' ipa='0x80000000' size='0x10000'
 *             perm='rw' mode='demand|prefault'>
 *           <hv:shared_with>other-vm</hv:shared_with>   zero or more
 *         </hv:region>
 *       </hv:vm>
 *     </metadata>
 *   </domain>
 *
 * load_address only if the definition has one.  Reading accepts what
 * libvirt users write besides (memory units, <serial>, missing optional
 * elements; see domxml_parse()) and refuses everything hv cannot honour
 * by name, with libvirt's error codes (rpc_error.h).
 */
#ifndef HV_HOST_DOMXML_H
#define HV_HOST_DOMXML_H

#include <stddef.h>

#include "vmdef.h"

/** DOMXML_NS - the namespace of hv's own elements under <metadata>. */
#define DOMXML_NS		"urn:hv:domain:1"
/** DOMXML_NS_PREFIX - the prefix domxml_format() gives it. */
#define DOMXML_NS_PREFIX	"hv"
/** DOMXML_TEXT_MAX - XML text is shorter than this (libvirt's
 * REMOTE_STRING_MAX, 4 MiB: a longer string breaks the client). */
#define DOMXML_TEXT_MAX		(4u << 20)
/** DOMXML_SOURCE - @source of a definition read from XML (messages). */
#define DOMXML_SOURCE		"(domain XML)"
/** DOMXML_ERROR_MAX - a good size for domxml_parse()'s message buffer. */
#define DOMXML_ERROR_MAX	1024

/**
 * struct domxml_state - what a running VM adds to its XML.
 * @id: libvirt's domain id (>= 0), written as <domain id='N'>.
 */
struct domxml_state {
	int id;
};

/**
 * domxml_format() - a definition as libvirt domain XML.
 * @def: the definition; it must pass vmdef_check().  Relative image paths
 *       are written resolved against @def->dir (vmdef_resolve()): the XML
 *       always holds absolute ones, as domxml_parse() requires.
 * @st:  the live facts of an active VM, or NULL for an inactive one (and
 *       for virsh dumpxml --inactive): no id attribute.  An id < 0 is
 *       inactive too.
 * @xml: the NUL-terminated text, malloc'ed; the caller frees it.  Shorter
 *       than DOMXML_TEXT_MAX, UTF-8, no XML declaration, two-space indent,
 *       single-quoted attributes, a newline at the end.
 *
 * Every element of the contract above is written (each optional one when
 * the definition has it), so that domxml_parse() of the text gives a
 * definition vmdef_equal() to @def, and domxml_format() of that the same
 * text.
 *
 * Return: 0; -EINVAL if @def fails vmdef_check(), holds a string XML
 * cannot carry (not UTF-8, or a control character other than tab, newline
 * and carriage return) or a relative image path with no @def->dir;
 * -ENAMETOOLONG (resolving a path); -EMSGSIZE if the text would reach
 * DOMXML_TEXT_MAX; -ENOMEM.
 */
int domxml_format(const struct vmdef *def, const struct domxml_state *st,
    char **xml);

/**
 * domxml_parse() - read libvirt domain XML into a definition.
 * @xml:    the text (need not be NUL-terminated); shorter than
 *          DOMXML_TEXT_MAX.
 * @len:    its bytes.
 * @def:    initialised as vmdef_load_buffer() does (vmdef_init() with
 *          DOMXML_SOURCE and no directory), then filled in; vmdef_fini()
 *          it whatever this returns.  A missing <uuid> is generated
 *          (@def->uuid_generated), a missing <hv:kernel format> is image.
 *          Positions (@def->name_pos, ...) stay 0.
 * @err:    the message, as libvirt words them: "XML error: ..." for @code
 *          VIR_ERR_XML_ERROR (with "line N: " where libxml2 or the element
 *          gives one), "unsupported configuration: ..." for
 *          VIR_ERR_CONFIG_UNSUPPORTED, naming the element, attribute or
 *          value.
 * @errlen: its bytes (DOMXML_ERROR_MAX is plenty).
 * @code:   the libvirt error code (enum rpc_error_code): VIR_ERR_OK,
 *          VIR_ERR_XML_ERROR, VIR_ERR_CONFIG_UNSUPPORTED, VIR_ERR_NO_MEMORY
 *          or VIR_ERR_INTERNAL_ERROR.
 *
 * The parser loads nothing: no network (XML_PARSE_NONET), no external DTD
 * or entity, no entity substitution; a document with a DOCTYPE is refused
 * before its internal subset is read.  Values are checked as the YAML
 * reader checks them (vmdef_check(), its "KEY: message" after "XML
 * error: "), and the image paths must be absolute.  Image files are not
 * looked for (libvirt does not either before the VM starts).
 *
 * Accepted besides what domxml_format() writes: <memory> and
 * <currentMemory> in any of libvirt's units (b, bytes, k, KiB, KB, M, MiB,
 * MB, G, GiB, GB, T, TiB, TB, P..., E..., any case; KiB by default);
 * <currentMemory> absent; <vcpu> without placement; <type> without arch or
 * machine; <on_*>, <devices>, <metadata>, <hv:vm> and its children absent;
 * a <serial type='pty'> (target system-serial, port 0, model pl011) next
 * to or instead of the <console>; comments; foreign elements under
 * <metadata>; an id attribute on <domain> (ignored, as libvirt ignores it
 * when defining).  Refused as unsupported: any other element, attribute or
 * value of libvirt's schema (<title> and <description> too: hv could not
 * give them back), a domain type other than hv, a <currentMemory> other
 * than <memory>.
 *
 * Return: 0; -EINVAL (VIR_ERR_XML_ERROR: malformed XML, a DOCTYPE, a
 * missing or repeated element, a wrong value); -EMSGSIZE (VIR_ERR_XML_ERROR:
 * @len reaches DOMXML_TEXT_MAX); -EOPNOTSUPP (VIR_ERR_CONFIG_UNSUPPORTED);
 * -ENOMEM (VIR_ERR_NO_MEMORY); -errno of generating a UUID
 * (VIR_ERR_INTERNAL_ERROR).
 */
int domxml_parse(const char *xml, size_t len, struct vmdef *def, char *err,
    size_t errlen, int *code);

#endif /* HV_HOST_DOMXML_H */

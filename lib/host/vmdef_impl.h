/* SPDX-License-Identifier: ISC */
/*
 * vmdef_impl.h - what the parts of vmdef (vmdef.c, vmdef_kernel.c,
 * vmdef_region.c, vmdef_emit.c) share: the state of one parse, and the
 * checks of a filled-in definition that the YAML reader and vmdef_check()
 * both apply.
 */
#ifndef HV_HOST_VMDEF_IMPL_H
#define HV_HOST_VMDEF_IMPL_H

#include "vmdef.h"
#include "yamldoc.h"

/**
 * struct vmdef_parse - one definition being read.
 * @def:          where values go.
 * @flags:        VMDEF_NO_FILE_CHECK or 0.
 * @uuid_given:   the file had a uuid.
 * @load_node:    the kernel's load_address value, for the RAM check.
 * @region_nodes: each region's mapping, for the RAM check.
 */
struct vmdef_parse {
	struct vmdef *def;
	unsigned int flags;
	bool uuid_given;
	yaml_node_t *load_node;
	yaml_node_t *region_nodes[VMDEF_REGION_MAX];
};

/**
 * vmdef_parse_kernel() - the "kernel" mapping.
 * @doc:   the document.
 * @value: the mapping.
 * @ctx:   the struct vmdef_parse.
 *
 * Return: 0 or -errno (message in the document's buffer).
 */
int vmdef_parse_kernel(struct yamldoc *doc, yaml_node_t *value, void *ctx);

/**
 * vmdef_parse_initrd() - the "initrd" path.
 * @doc:   the document.
 * @value: the path.
 * @ctx:   the struct vmdef_parse.
 *
 * Return: 0 or -errno.
 */
int vmdef_parse_initrd(struct yamldoc *doc, yaml_node_t *value, void *ctx);

/**
 * vmdef_check_load_address() - a kernel's load address lies in its RAM.
 * @doc: the document, read to the end.
 * @p:   the parse.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_check_load_address(struct yamldoc *doc, struct vmdef_parse *p);

/**
 * vmdef_parse_regions() - the "regions" sequence.
 * @doc:   the document.
 * @value: the sequence.
 * @ctx:   the struct vmdef_parse.
 *
 * Each region is checked on its own and against the ones before it.
 *
 * Return: 0 or -errno.
 */
int vmdef_parse_regions(struct yamldoc *doc, yaml_node_t *value, void *ctx);

/**
 * vmdef_check_regions_ram() - no region overlaps the guest's RAM.
 * @doc: the document, read to the end.
 * @p:   the parse.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_check_regions_ram(struct yamldoc *doc, struct vmdef_parse *p);

/**
 * vmdef_fail() - write a message for vmdef_check() and its parts.
 * @error:      the buffer.
 * @error_size: its bytes.
 * @fmt:        the message.
 *
 * Return: -EINVAL.
 */
int vmdef_fail(char *error, size_t error_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The rules that tie values together, on a filled-in struct vmdef: shared
 * by the YAML reader (which reports them at a node) and vmdef_check()
 * (which prefixes the key).  Each writes its message without position or
 * key into @msg (@len bytes) and returns 0 or -EINVAL.
 */

/**
 * vmdef_rule_kernel() - a raw image has a load address.
 * @def: the definition.
 * @msg: the message.
 * @len: its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_rule_kernel(const struct vmdef *def, char *msg, size_t len);

/**
 * vmdef_rule_load_address() - the kernel's load address, if given, lies in
 * the guest's RAM.
 * @def: the definition.
 * @msg: the message.
 * @len: its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_rule_load_address(const struct vmdef *def, char *msg, size_t len);

/**
 * vmdef_rule_region() - region @index against the IPA space, the devices,
 * its mode, and the regions before it (names and ranges).
 * @def:   the definition.
 * @index: the region.
 * @msg:   the message.
 * @len:   its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_rule_region(const struct vmdef *def, size_t index, char *msg,
    size_t len);

/**
 * vmdef_rule_region_ram() - region @index does not overlap the guest's RAM.
 * @def:   the definition.
 * @index: the region.
 * @msg:   the message.
 * @len:   its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_rule_region_ram(const struct vmdef *def, size_t index, char *msg,
    size_t len);

/**
 * vmdef_check_images() - vmdef_check() of the kernel and the initrd.
 * @def:        the definition.
 * @error:      "KEY: message".
 * @error_size: its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_check_images(const struct vmdef *def, char *error,
    size_t error_size);

/**
 * vmdef_check_regions() - vmdef_check() of the regions: each one's
 * values and vmdef_rule_region(), then vmdef_rule_region_ram().
 * @def:        the definition.
 * @error:      "KEY: message".
 * @error_size: its bytes.
 *
 * Return: 0 or -EINVAL.
 */
int vmdef_check_regions(const struct vmdef *def, char *error,
    size_t error_size);

/**
 * vmdef_pos_of() - where a node starts, 1-based.
 * @node: the node.
 *
 * Return: its position.
 */
struct vmdef_pos vmdef_pos_of(const yaml_node_t *node);

/**
 * vmdef_read_name() - a VM or region name (vmdef_name_valid()).
 * @doc:   the document.
 * @value: its node.
 * @name:  where it goes, only when it is good.
 *
 * Return: 0, -EINVAL (the message in @doc) or -ENOMEM.
 */
int vmdef_read_name(struct yamldoc *doc, yaml_node_t *value,
    char name[VMDEF_NAME_MAX + 1]);

#endif /* HV_HOST_VMDEF_IMPL_H */

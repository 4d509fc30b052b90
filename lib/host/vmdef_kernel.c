/* SPDX-License-Identifier: ISC */
/*
 * vmdef_kernel.c - the images of a VM definition: the "kernel" mapping
 * (path, format, load address) and the "initrd" path, with the files
 * looked for relative to the definition's directory (vmdef.h); and
 * their part of vmdef_check().
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "vmdef.h"
#include "vmdef_impl.h"

/* @path (as written in @value) must be a readable file. */
static int
vmdef_check_image(struct yamldoc *doc, yaml_node_t *value,
    struct vmdef_parse *p, const char *path)
{
	char resolved[PATH_MAX];

	if ((p->flags & VMDEF_NO_FILE_CHECK) != 0) {
		return 0;
	}
	if (vmdef_resolve(p->def, path, resolved, sizeof(resolved)) < 0) {
		return yamldoc_error(doc, value, "%s: %s", path,
		    strerror(ENAMETOOLONG));
	}
	if (access(resolved, R_OK) < 0) {
		return yamldoc_error(doc, value, "%s: %s", resolved,
		    strerror(errno));
	}
	return 0;
}

/* A path: a non-empty string, and the file is there. */
static int
vmdef_parse_image(struct yamldoc *doc, yaml_node_t *value,
    struct vmdef_parse *p, char **out)
{
	int rc;

	if ((rc = yamldoc_string(doc, value, out)) < 0) {
		return rc;
	}
	if ((*out)[0] == '\0') {
		return yamldoc_error(doc, value, "empty path");
	}
	return vmdef_check_image(doc, value, p, *out);
}

static int
vmdef_parse_kernel_path(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return vmdef_parse_image(doc, value, p, &p->def->kernel_path);
}

static int
vmdef_parse_format(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	unsigned int v;
	int rc;

	rc = yamldoc_enum(doc, value, vmdef_format_names,
	    sizeof(vmdef_format_names) / sizeof(vmdef_format_names[0]), &v);
	if (rc == 0) {
		p->def->kernel_format = (enum vmdef_format)v;
	}
	return rc;
}

static int
vmdef_parse_load_address(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	int rc;

	rc = yamldoc_uint(doc, value, 0, VMDEF_IPA_LIMIT - 1,
	    &p->def->load_address);
	if (rc == 0) {
		p->def->has_load_address = true;
		p->load_node = value;
	}
	return rc;
}

static const struct yamldoc_key vmdef_kernel_keys[] = {
	{ "path", vmdef_parse_kernel_path, true },
	{ "format", vmdef_parse_format, true },
	{ "load_address", vmdef_parse_load_address, false },
};

int
vmdef_parse_kernel(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	char msg[YAMLDOC_ERROR_MAX];
	int rc;

	rc = yamldoc_mapping(doc, value, vmdef_kernel_keys,
	    sizeof(vmdef_kernel_keys) / sizeof(vmdef_kernel_keys[0]), ctx);
	if (rc == 0 && vmdef_rule_kernel(p->def, msg, sizeof(msg)) < 0) {
		return yamldoc_error(doc, value, "%s", msg);
	}
	return rc;
}

int
vmdef_parse_initrd(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return vmdef_parse_image(doc, value, p, &p->def->initrd_path);
}

int
vmdef_check_load_address(struct yamldoc *doc, struct vmdef_parse *p)
{
	char msg[YAMLDOC_ERROR_MAX];

	if (vmdef_rule_load_address(p->def, msg, sizeof(msg)) == 0) {
		return 0;
	}
	return yamldoc_error(doc, p->load_node, "kernel.load_address: %s",
	    msg);
}

int
vmdef_rule_kernel(const struct vmdef *def, char *msg, size_t len)
{
	if (def->kernel_format == VMDEF_FORMAT_RAW && !def->has_load_address) {
		return vmdef_fail(msg, len, "a raw image needs a load_address");
	}
	return 0;
}

int
vmdef_rule_load_address(const struct vmdef *def, char *msg, size_t len)
{
	uint64_t end = VMDEF_RAM_BASE + def->memory;

	if (!def->has_load_address ||
	    (def->load_address >= VMDEF_RAM_BASE && def->load_address < end)) {
		return 0;
	}
	return vmdef_fail(msg, len,
	    "0x%" PRIx64 " is outside guest RAM [0x%llx, 0x%" PRIx64 ")",
	    def->load_address, VMDEF_RAM_BASE, end);
}

/* An image path of a filled-in definition: given, and not empty. */
static int
vmdef_check_path(const char *key, const char *path, char *error,
    size_t error_size)
{
	if (path != NULL && path[0] == '\0') {
		return vmdef_fail(error, error_size, "%s: empty path", key);
	}
	return 0;
}

int
vmdef_check_images(const struct vmdef *def, char *error, size_t error_size)
{
	char msg[YAMLDOC_ERROR_MAX];
	int rc;

	if (def->kernel_path == NULL) {
		return vmdef_fail(error, error_size,
		    "kernel: missing key 'path'");
	}
	if ((rc = vmdef_check_path("kernel.path", def->kernel_path, error,
	    error_size)) < 0) {
		return rc;
	}
	if ((unsigned int)def->kernel_format >= sizeof(vmdef_format_names) /
	    sizeof(vmdef_format_names[0])) {
		return vmdef_fail(error, error_size,
		    "kernel.format: bad value %u (expected elf, image or raw)",
		    (unsigned int)def->kernel_format);
	}
	if (def->has_load_address && def->load_address >= VMDEF_IPA_LIMIT) {
		return vmdef_fail(error, error_size,
		    "kernel.load_address: 0x%" PRIx64
		    " is out of range (0x0..0x%llx)", def->load_address,
		    VMDEF_IPA_LIMIT - 1);
	}
	if (vmdef_rule_kernel(def, msg, sizeof(msg)) < 0) {
		return vmdef_fail(error, error_size, "kernel: %s", msg);
	}
	if (vmdef_rule_load_address(def, msg, sizeof(msg)) < 0) {
		return vmdef_fail(error, error_size, "kernel.load_address: %s",
		    msg);
	}
	return vmdef_check_path("initrd", def->initrd_path, error,
	    error_size);
}

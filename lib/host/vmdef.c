/* SPDX-License-Identifier: ISC */
/*
 * vmdef.c - read a VM definition (vmdef.h): the top-level keys, the
 * defaults, the checks that need the whole file; checking a filled-in
 * definition (vmdef_check()); and comparing two definitions.  The kernel
 * and the regions have files of their own.
 */
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmdef.h"
#include "vmdef_impl.h"

const char *const vmdef_format_names[3] = { "elf", "image", "raw" };
const char *const vmdef_mode_names[2] = { "prefault", "demand" };
const char *const vmdef_on_crash_names[3] = {
	"destroy", "restart", "preserve",
};

struct vmdef_pos
vmdef_pos_of(const yaml_node_t *node)
{
	struct vmdef_pos pos = {
		.line = (unsigned int)node->start_mark.line + 1,
		.column = (unsigned int)node->start_mark.column + 1,
	};

	return pos;
}

bool
vmdef_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.')) {
			return false;
		}
	}
	return i >= 1 && i <= VMDEF_NAME_MAX;
}

int
vmdef_read_name(struct yamldoc *doc, yaml_node_t *value,
    char name[VMDEF_NAME_MAX + 1])
{
	char *text = NULL;
	int rc;

	if ((rc = yamldoc_string(doc, value, &text)) < 0) {
		return rc;
	}
	if (!vmdef_name_valid(text)) {
		rc = yamldoc_error(doc, value,
		    "bad name '%s' (1 to %d letters, digits, '-', '_' or '.')",
		    text, VMDEF_NAME_MAX);
	} else {
		strcpy(name, text);
	}
	free(text);
	return rc;
}

static int
vmdef_parse_name(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	int rc = vmdef_read_name(doc, value, p->def->name);

	if (rc == 0) {
		p->def->name_pos = vmdef_pos_of(value);
	}
	return rc;
}

static int
vmdef_parse_uuid(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	char *text = NULL;
	int rc;

	if ((rc = yamldoc_string(doc, value, &text)) < 0) {
		return rc;
	}
	if (hvuuid_parse(text, &p->def->uuid) < 0) {
		rc = yamldoc_error(doc, value,
		    "bad uuid '%s' (expected 8-4-4-4-12 hex digits)", text);
	} else {
		p->uuid_given = true;
		p->def->uuid_pos = vmdef_pos_of(value);
	}
	free(text);
	return rc;
}

static int
vmdef_parse_vcpus(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	uint64_t v;
	int rc;

	if ((rc = yamldoc_uint(doc, value, 1, VMDEF_VCPUS_MAX, &v)) == 0) {
		p->def->vcpus = (unsigned int)v;
	}
	return rc;
}

static int
vmdef_parse_memory(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return yamldoc_size_aligned(doc, value, VMDEF_MEMORY_ALIGN,
	    VMDEF_MEMORY_MAX, VMDEF_MEMORY_ALIGN, &p->def->memory);
}

static int
vmdef_parse_cmdline(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return yamldoc_string(doc, value, &p->def->cmdline);
}

static int
vmdef_parse_log_size(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return yamldoc_size(doc, value, VMDEF_CONSOLE_LOG_MIN,
	    VMDEF_CONSOLE_LOG_MAX, &p->def->console_log_size);
}

static const struct yamldoc_key vmdef_console_keys[] = {
	{ "log_size", vmdef_parse_log_size, false },
};

static int
vmdef_parse_console(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	return yamldoc_mapping(doc, value, vmdef_console_keys,
	    sizeof(vmdef_console_keys) / sizeof(vmdef_console_keys[0]), ctx);
}

static int
vmdef_parse_autostart(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;

	return yamldoc_bool(doc, value, &p->def->autostart);
}

static int
vmdef_parse_on_crash(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct vmdef_parse *p = ctx;
	unsigned int v;
	int rc;

	rc = yamldoc_enum(doc, value, vmdef_on_crash_names,
	    sizeof(vmdef_on_crash_names) / sizeof(vmdef_on_crash_names[0]), &v);
	if (rc == 0) {
		p->def->on_crash = (enum vmdef_on_crash)v;
	}
	return rc;
}

static const struct yamldoc_key vmdef_keys[] = {
	{ "name", vmdef_parse_name, true },
	{ "uuid", vmdef_parse_uuid, false },
	{ "vcpus", vmdef_parse_vcpus, false },
	{ "memory", vmdef_parse_memory, true },
	{ "kernel", vmdef_parse_kernel, true },
	{ "initrd", vmdef_parse_initrd, false },
	{ "cmdline", vmdef_parse_cmdline, false },
	{ "regions", vmdef_parse_regions, false },
	{ "console", vmdef_parse_console, false },
	{ "autostart", vmdef_parse_autostart, false },
	{ "on_crash", vmdef_parse_on_crash, false },
};

int
vmdef_init(struct vmdef *def, const char *name, const char *dir)
{
	memset(def, 0, sizeof(*def));
	def->vcpus = 1;
	def->console_log_size = VMDEF_CONSOLE_LOG_DEFAULT;
	def->on_crash = VMDEF_ON_CRASH_DESTROY;
	def->source = strdup(name);
	def->dir = dir != NULL ? strdup(dir) : NULL;
	return def->source == NULL || (dir != NULL && def->dir == NULL) ?
	    -ENOMEM : 0;
}

int
vmdef_fail(char *error, size_t error_size, const char *fmt, ...)
{
	va_list ap;

	if (error != NULL && error_size > 0) {
		va_start(ap, fmt);
		vsnprintf(error, error_size, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* vmdef_check() of the top-level scalars before the images. */
static int
vmdef_check_head(const struct vmdef *def, char *error, size_t error_size)
{
	char text[YAMLDOC_SIZE_TEXT_MAX], lo[YAMLDOC_SIZE_TEXT_MAX],
	    hi[YAMLDOC_SIZE_TEXT_MAX];

	if (!vmdef_name_valid(def->name)) {
		return vmdef_fail(error, error_size,
		    "name: bad name '%s' (1 to %d letters, digits, '-', '_' or '.')",
		    def->name, VMDEF_NAME_MAX);
	}
	if (def->vcpus < 1 || def->vcpus > VMDEF_VCPUS_MAX) {
		return vmdef_fail(error, error_size,
		    "vcpus: %u is out of range (1..%d)", def->vcpus,
		    VMDEF_VCPUS_MAX);
	}
	yamldoc_format_size(def->memory, text, sizeof(text));
	yamldoc_format_size(VMDEF_MEMORY_ALIGN, lo, sizeof(lo));
	yamldoc_format_size(VMDEF_MEMORY_MAX, hi, sizeof(hi));
	if (def->memory < VMDEF_MEMORY_ALIGN ||
	    def->memory > VMDEF_MEMORY_MAX) {
		return vmdef_fail(error, error_size,
		    "memory: %s is out of range (%s..%s)", text, lo, hi);
	}
	if (def->memory % VMDEF_MEMORY_ALIGN != 0) {
		return vmdef_fail(error, error_size,
		    "memory: %s is not a multiple of 2M", text);
	}
	return 0;
}

/* vmdef_check() of the top-level scalars after the regions. */
static int
vmdef_check_tail(const struct vmdef *def, char *error, size_t error_size)
{
	char text[YAMLDOC_SIZE_TEXT_MAX], lo[YAMLDOC_SIZE_TEXT_MAX],
	    hi[YAMLDOC_SIZE_TEXT_MAX];

	yamldoc_format_size(def->console_log_size, text, sizeof(text));
	yamldoc_format_size(VMDEF_CONSOLE_LOG_MIN, lo, sizeof(lo));
	yamldoc_format_size(VMDEF_CONSOLE_LOG_MAX, hi, sizeof(hi));
	if (def->console_log_size < VMDEF_CONSOLE_LOG_MIN ||
	    def->console_log_size > VMDEF_CONSOLE_LOG_MAX) {
		return vmdef_fail(error, error_size,
		    "console.log_size: %s is out of range (%s..%s)", text, lo,
		    hi);
	}
	if ((unsigned int)def->on_crash >= sizeof(vmdef_on_crash_names) /
	    sizeof(vmdef_on_crash_names[0])) {
		return vmdef_fail(error, error_size,
		    "on_crash: bad value %u (expected destroy, restart or preserve)",
		    (unsigned int)def->on_crash);
	}
	return 0;
}

int
vmdef_check(const struct vmdef *def, char *error, size_t error_size)
{
	int rc;

	if ((rc = vmdef_check_head(def, error, error_size)) < 0 ||
	    (rc = vmdef_check_images(def, error, error_size)) < 0 ||
	    (rc = vmdef_check_regions(def, error, error_size)) < 0) {
		return rc;
	}
	return vmdef_check_tail(def, error, error_size);
}

/* Read the loaded @doc (status @rc of loading it) into @def. */
static int
vmdef_read(struct vmdef *def, struct yamldoc *doc, int rc, unsigned int flags,
    char *error, size_t error_size)
{
	struct vmdef_parse p = { .def = def, .flags = flags };

	if (rc == 0) {
		rc = yamldoc_mapping(doc, yamldoc_root(doc), vmdef_keys,
		    sizeof(vmdef_keys) / sizeof(vmdef_keys[0]), &p);
	}
	if (rc == 0) {
		rc = vmdef_check_load_address(doc, &p);
	}
	if (rc == 0) {
		rc = vmdef_check_regions_ram(doc, &p);
	}
	if (rc == 0 && !p.uuid_given) {
		rc = hvuuid_generate(&def->uuid);
		def->uuid_generated = rc == 0;
		if (rc < 0) {
			snprintf(error, error_size, "%s: cannot make a uuid: %s",
			    def->source, strerror(-rc));
		}
	}
	yamldoc_fini(doc);
	return rc;
}

int
vmdef_load_buffer(struct vmdef *def, const char *name, const char *dir,
    const char *text, size_t length, unsigned int flags, char *error,
    size_t error_size)
{
	struct yamldoc doc;
	int rc;

	if ((rc = vmdef_init(def, name, dir)) < 0) {
		return rc;
	}
	rc = yamldoc_load_buffer(&doc, name, text, length, error, error_size);
	return vmdef_read(def, &doc, rc, flags, error, error_size);
}

int
vmdef_load_file(struct vmdef *def, const char *path, unsigned int flags,
    char *error, size_t error_size)
{
	struct yamldoc doc;
	char *copy;
	int rc;

	copy = strdup(path);
	if (copy == NULL) {
		memset(def, 0, sizeof(*def));
		return -ENOMEM;
	}
	rc = vmdef_init(def, path, dirname(copy));
	free(copy);
	if (rc < 0) {
		return rc;
	}
	rc = yamldoc_load_file(&doc, path, error, error_size);
	return vmdef_read(def, &doc, rc, flags, error, error_size);
}

void
vmdef_fini(struct vmdef *def)
{
	free(def->kernel_path);
	free(def->initrd_path);
	free(def->cmdline);
	free(def->source);
	free(def->dir);
	memset(def, 0, sizeof(*def));
}

int
vmdef_resolve(const struct vmdef *def, const char *path, char *buf,
    size_t len)
{
	int n;

	if (path[0] == '/' || def->dir == NULL) {
		n = snprintf(buf, len, "%s", path);
	} else {
		n = snprintf(buf, len, "%s/%s", def->dir, path);
	}
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Replace *@path with its resolved form: canonical (realpath()) when the
 * file is there, else the definition's directory put in front. */
static int
vmdef_absolute_path(const struct vmdef *def, char **path)
{
	char buf[4096], canon[PATH_MAX];
	const char *abs = buf;
	char *copy;
	int rc;

	if (*path == NULL) {
		return 0;
	}
	if ((rc = vmdef_resolve(def, *path, buf, sizeof(buf))) < 0) {
		return rc;
	}
	if (realpath(buf, canon) != NULL) {
		abs = canon;
	} else if (buf[0] != '/') {
		return 0;
	}
	if ((copy = strdup(abs)) == NULL) {
		return -ENOMEM;
	}
	free(*path);
	*path = copy;
	return 0;
}

int
vmdef_absolute_paths(struct vmdef *def)
{
	int rc;

	if ((rc = vmdef_absolute_path(def, &def->kernel_path)) < 0) {
		return rc;
	}
	return vmdef_absolute_path(def, &def->initrd_path);
}

/* Both NULL, or the same string. */
static bool
vmdef_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		return a == b;
	}
	return strcmp(a, b) == 0;
}

static bool
vmdef_region_equal(const struct vmdef_region *a, const struct vmdef_region *b)
{
	size_t i;

	if (strcmp(a->name, b->name) != 0 || a->ipa != b->ipa ||
	    a->size != b->size || a->perm != b->perm || a->mode != b->mode ||
	    a->shared_count != b->shared_count) {
		return false;
	}
	for (i = 0; i < a->shared_count; i++) {
		if (strcmp(a->shared_with[i], b->shared_with[i]) != 0) {
			return false;
		}
	}
	return true;
}

bool
vmdef_equal(const struct vmdef *a, const struct vmdef *b)
{
	size_t i;

	if (strcmp(a->name, b->name) != 0 || !hvuuid_equal(&a->uuid, &b->uuid) ||
	    a->vcpus != b->vcpus || a->memory != b->memory ||
	    !vmdef_same_string(a->kernel_path, b->kernel_path) ||
	    a->kernel_format != b->kernel_format ||
	    a->has_load_address != b->has_load_address ||
	    (a->has_load_address && a->load_address != b->load_address) ||
	    !vmdef_same_string(a->initrd_path, b->initrd_path) ||
	    !vmdef_same_string(a->cmdline, b->cmdline) ||
	    a->region_count != b->region_count ||
	    a->console_log_size != b->console_log_size ||
	    a->autostart != b->autostart || a->on_crash != b->on_crash) {
		return false;
	}
	for (i = 0; i < a->region_count; i++) {
		if (!vmdef_region_equal(&a->regions[i], &b->regions[i])) {
			return false;
		}
	}
	return true;
}

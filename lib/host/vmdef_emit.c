/* SPDX-License-Identifier: ISC */
/*
 * vmdef_emit.c - a VM definition written as YAML with libyaml's emitter
 * (vmdef.h), every key explicit, so that reading the text back gives an
 * equal definition.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "vmdef.h"
#include "vmdef_impl.h"
#include "yamldoc.h"

/* The text being written. */
struct vmdef_out {
	char *buf;
	size_t len;
	size_t cap;
};

static int
vmdef_out_write(void *data, unsigned char *buffer, size_t size)
{
	struct vmdef_out *out = data;
	size_t cap;
	char *buf;

	if (out->len + size + 1 > out->cap) {
		cap = out->cap * 2 > out->len + size + 1 ?
		    out->cap * 2 : out->len + size + 1 + 1024;
		buf = realloc(out->buf, cap);
		if (buf == NULL) {
			return 0;
		}
		out->buf = buf;
		out->cap = cap;
	}
	memcpy(out->buf + out->len, buffer, size);
	out->len += size;
	out->buf[out->len] = '\0';
	return 1;
}

/* Each emit helper: 0, or -EIO once the emitter has refused an event. */
static int
vmdef_event(yaml_emitter_t *e, yaml_event_t *ev, int made)
{
	if (!made) {
		return -ENOMEM;
	}
	return yaml_emitter_emit(e, ev) ? 0 : -EIO;
}

static int
vmdef_scalar(yaml_emitter_t *e, const char *text, bool plain)
{
	yaml_event_t ev;

	return vmdef_event(e, &ev, yaml_scalar_event_initialize(&ev, NULL,
	    NULL, (yaml_char_t *)(uintptr_t)text, (int)strlen(text), 1, 1,
	    plain ? YAML_PLAIN_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE));
}

static int
vmdef_mapping_start(yaml_emitter_t *e)
{
	yaml_event_t ev;

	return vmdef_event(e, &ev, yaml_mapping_start_event_initialize(&ev,
	    NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static int
vmdef_mapping_end(yaml_emitter_t *e)
{
	yaml_event_t ev;

	return vmdef_event(e, &ev, yaml_mapping_end_event_initialize(&ev));
}

static int
vmdef_sequence(yaml_emitter_t *e, bool start)
{
	yaml_event_t ev;

	if (!start) {
		return vmdef_event(e, &ev,
		    yaml_sequence_end_event_initialize(&ev));
	}
	return vmdef_event(e, &ev, yaml_sequence_start_event_initialize(&ev,
	    NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
}

/* key: "string" (quoted by the emitter when it must be). */
static int
vmdef_key_string(yaml_emitter_t *e, const char *key, const char *value)
{
	int rc = vmdef_scalar(e, key, true);

	return rc < 0 ? rc : vmdef_scalar(e, value, false);
}

/* key: number or word, plain. */
static int
vmdef_key_plain(yaml_emitter_t *e, const char *key, const char *value)
{
	int rc = vmdef_scalar(e, key, true);

	return rc < 0 ? rc : vmdef_scalar(e, value, true);
}

static int
vmdef_key_hex(yaml_emitter_t *e, const char *key, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%" PRIx64, value);
	return vmdef_key_plain(e, key, text);
}

static int
vmdef_key_size(yaml_emitter_t *e, const char *key, uint64_t value)
{
	char text[YAMLDOC_SIZE_TEXT_MAX];

	yamldoc_format_size(value, text, sizeof(text));
	return vmdef_key_plain(e, key, text);
}

static int
vmdef_emit_kernel(yaml_emitter_t *e, const struct vmdef *def)
{
	int rc;

	if ((rc = vmdef_scalar(e, "kernel", true)) < 0 ||
	    (rc = vmdef_mapping_start(e)) < 0 ||
	    (rc = vmdef_key_string(e, "path", def->kernel_path)) < 0 ||
	    (rc = vmdef_key_plain(e, "format",
	    vmdef_format_names[def->kernel_format])) < 0) {
		return rc;
	}
	if (def->has_load_address &&
	    (rc = vmdef_key_hex(e, "load_address", def->load_address)) < 0) {
		return rc;
	}
	return vmdef_mapping_end(e);
}

static int
vmdef_emit_region(yaml_emitter_t *e, const struct vmdef_region *r)
{
	char perm[4];
	size_t i, n = 0;
	int rc;

	if (r->perm & VMDEF_PERM_R) {
		perm[n++] = 'r';
	}
	if (r->perm & VMDEF_PERM_W) {
		perm[n++] = 'w';
	}
	if (r->perm & VMDEF_PERM_X) {
		perm[n++] = 'x';
	}
	perm[n] = '\0';
	if ((rc = vmdef_mapping_start(e)) < 0 ||
	    (rc = vmdef_key_string(e, "name", r->name)) < 0 ||
	    (rc = vmdef_key_hex(e, "ipa", r->ipa)) < 0 ||
	    (rc = vmdef_key_size(e, "size", r->size)) < 0 ||
	    (rc = vmdef_key_plain(e, "perm", perm)) < 0 ||
	    (rc = vmdef_key_plain(e, "mode", vmdef_mode_names[r->mode])) < 0) {
		return rc;
	}
	if (r->shared_count > 0) {
		if ((rc = vmdef_scalar(e, "shared_with", true)) < 0 ||
		    (rc = vmdef_sequence(e, true)) < 0) {
			return rc;
		}
		for (i = 0; i < r->shared_count; i++) {
			if ((rc = vmdef_scalar(e, r->shared_with[i], false)) < 0) {
				return rc;
			}
		}
		if ((rc = vmdef_sequence(e, false)) < 0) {
			return rc;
		}
	}
	return vmdef_mapping_end(e);
}

static int
vmdef_emit_regions(yaml_emitter_t *e, const struct vmdef *def)
{
	size_t i;
	int rc;

	if (def->region_count == 0) {
		return 0;
	}
	if ((rc = vmdef_scalar(e, "regions", true)) < 0 ||
	    (rc = vmdef_sequence(e, true)) < 0) {
		return rc;
	}
	for (i = 0; i < def->region_count; i++) {
		if ((rc = vmdef_emit_region(e, &def->regions[i])) < 0) {
			return rc;
		}
	}
	return vmdef_sequence(e, false);
}

/* The top-level mapping. */
static int
vmdef_emit_body(yaml_emitter_t *e, const struct vmdef *def)
{
	char uuid[HVUUID_TEXT_MAX], vcpus[12];
	int rc;

	hvuuid_format(&def->uuid, uuid);
	snprintf(vcpus, sizeof(vcpus), "%u", def->vcpus);
	if ((rc = vmdef_mapping_start(e)) < 0 ||
	    (rc = vmdef_key_string(e, "name", def->name)) < 0 ||
	    (rc = vmdef_key_string(e, "uuid", uuid)) < 0 ||
	    (rc = vmdef_key_plain(e, "vcpus", vcpus)) < 0 ||
	    (rc = vmdef_key_size(e, "memory", def->memory)) < 0 ||
	    (rc = vmdef_emit_kernel(e, def)) < 0) {
		return rc;
	}
	if (def->initrd_path != NULL &&
	    (rc = vmdef_key_string(e, "initrd", def->initrd_path)) < 0) {
		return rc;
	}
	if (def->cmdline != NULL &&
	    (rc = vmdef_key_string(e, "cmdline", def->cmdline)) < 0) {
		return rc;
	}
	if ((rc = vmdef_emit_regions(e, def)) < 0 ||
	    (rc = vmdef_scalar(e, "console", true)) < 0 ||
	    (rc = vmdef_mapping_start(e)) < 0 ||
	    (rc = vmdef_key_size(e, "log_size", def->console_log_size)) < 0 ||
	    (rc = vmdef_mapping_end(e)) < 0 ||
	    (rc = vmdef_key_plain(e, "autostart",
	    def->autostart ? "true" : "false")) < 0 ||
	    (rc = vmdef_key_plain(e, "on_crash",
	    vmdef_on_crash_names[def->on_crash])) < 0) {
		return rc;
	}
	return vmdef_mapping_end(e);
}

/* Stream and document around the body. */
static int
vmdef_emit_stream(yaml_emitter_t *e, const struct vmdef *def)
{
	yaml_event_t ev;
	int rc;

	if ((rc = vmdef_event(e, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING))) < 0 ||
	    (rc = vmdef_event(e, &ev, yaml_document_start_event_initialize(&ev,
	    NULL, NULL, NULL, 1))) < 0 ||
	    (rc = vmdef_emit_body(e, def)) < 0 ||
	    (rc = vmdef_event(e, &ev,
	    yaml_document_end_event_initialize(&ev, 1))) < 0) {
		return rc;
	}
	return vmdef_event(e, &ev, yaml_stream_end_event_initialize(&ev));
}

int
vmdef_emit(const struct vmdef *def, char **text, size_t *length)
{
	struct vmdef_out out = { NULL, 0, 0 };
	yaml_emitter_t e;
	int rc;

	if (!yaml_emitter_initialize(&e)) {
		return -ENOMEM;
	}
	yaml_emitter_set_output(&e, vmdef_out_write, &out);
	yaml_emitter_set_unicode(&e, 1);
	rc = vmdef_emit_stream(&e, def);
	if (rc == 0 && !yaml_emitter_flush(&e)) {
		rc = -EIO;
	}
	if (rc == -EIO && e.error == YAML_MEMORY_ERROR) {
		rc = -ENOMEM;
	}
	if (rc == 0 && out.buf == NULL) {
		rc = -EIO;
	}
	yaml_emitter_delete(&e);
	if (rc < 0) {
		free(out.buf);
		return rc;
	}
	*text = out.buf;
	if (length != NULL) {
		*length = out.len;
	}
	return 0;
}

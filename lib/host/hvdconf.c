/* SPDX-License-Identifier: ISC */
/*
 * hvdconf.c - hvd.yaml: the table of its keys and the parser that reads
 * the file through it (hvdconf.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hvdconf.h"
#include "yamldoc.h"

/* Set by Makefile.am from configure's paths. */
#if !defined(HV_QEMU) || !defined(HV_FIRMWARE) || !defined(HV_STATEDIR) || \
    !defined(HV_VMDIR) || !defined(HV_SOCKDIR)
#error "HV_QEMU, HV_FIRMWARE, HV_STATEDIR, HV_VMDIR and HV_SOCKDIR must be defined"
#endif

#define HVDCONF_MIB	(1ull << 20)
#define HVDCONF_GIB	(1ull << 30)

const char *const hvdconf_log_level_names[4] = {
	"error", "warn", "info", "debug",
};

#define FIELD(f)	offsetof(struct hvdconf, f)
#define STRING(s, n, def, f) \
	{ s, n, HVDCONF_STRING, def, 0, 0, 0, NULL, 0, FIELD(f) }
#define UINT(s, n, def, lo, hi, f) \
	{ s, n, HVDCONF_UINT, def, lo, hi, 0, NULL, 0, FIELD(f) }
#define SIZE(s, n, def, lo, hi, al, f) \
	{ s, n, HVDCONF_SIZE, def, lo, hi, al, NULL, 0, FIELD(f) }
#define MODE(s, n, def, f) \
	{ s, n, HVDCONF_MODE, def, 0, 0777, 0, NULL, 0, FIELD(f) }
#define ENUM(s, n, def, w, f) \
	{ s, n, HVDCONF_ENUM, def, 0, 0, 0, w, sizeof(w) / sizeof(w[0]), \
	    FIELD(f) }

const struct hvdconf_key hvdconf_keys[] = {
	STRING("board", "qemu", HV_QEMU, qemu),
	STRING("board", "cpu", "cortex-a57", cpu),
	UINT("board", "cpus", "2", 1, 8, cpus),
	SIZE("board", "memory", "1G", 128 * HVDCONF_MIB, 64 * HVDCONF_GIB,
	    HVDCONF_MIB, memory),
	STRING("board", "firmware", HV_FIRMWARE, firmware),
	STRING("paths", "state_dir", HV_STATEDIR, state_dir),
	STRING("paths", "vm_dir", HV_VMDIR, vm_dir),
	STRING("paths", "socket_dir", HV_SOCKDIR, socket_dir),
	MODE("sockets", "mode", "0600", socket_mode),
	MODE("sockets", "ro_mode", "0666", socket_ro_mode),
	UINT("limits", "max_vms", "16", 1, 16, max_vms),
	UINT("limits", "max_clients", "64", 1, 1024, max_clients),
	ENUM("log", "level", "info", hvdconf_log_level_names, log_level),
};

const size_t hvdconf_key_count = sizeof(hvdconf_keys) / sizeof(hvdconf_keys[0]);

static const char *const hvdconf_sections[] = {
	"board", "paths", "sockets", "limits", "log",
};

#define HVDCONF_SECTION_COUNT \
	(sizeof(hvdconf_sections) / sizeof(hvdconf_sections[0]))
#define HVDCONF_SECTION_KEYS_MAX	8

/* The field of @conf that @key describes. */
static void *
hvdconf_field(struct hvdconf *conf, const struct hvdconf_key *key)
{
	return (char *)conf + key->offset;
}

/* Set @key to its default text. */
static int
hvdconf_set_default(struct hvdconf *conf, const struct hvdconf_key *key)
{
	void *field = hvdconf_field(conf, key);
	size_t i;

	switch (key->type) {
	case HVDCONF_STRING:
		*(char **)field = strdup(key->default_text);
		return *(char **)field == NULL ? -ENOMEM : 0;
	case HVDCONF_UINT:
		return yamldoc_parse_uint(key->default_text, field);
	case HVDCONF_SIZE:
		return yamldoc_parse_size(key->default_text, field);
	case HVDCONF_MODE:
		return yamldoc_parse_mode(key->default_text, field);
	case HVDCONF_ENUM:
		for (i = 0; i < key->word_count; i++) {
			if (strcmp(key->words[i], key->default_text) == 0) {
				*(unsigned int *)field = (unsigned int)i;
				return 0;
			}
		}
		return -EINVAL;
	}
	return -EINVAL;
}

int
hvdconf_init(struct hvdconf *conf)
{
	size_t i;
	int rc;

	memset(conf, 0, sizeof(*conf));
	for (i = 0; i < hvdconf_key_count; i++) {
		if ((rc = hvdconf_set_default(conf, &hvdconf_keys[i])) < 0) {
			hvdconf_fini(conf);
			return rc;
		}
	}
	return 0;
}

void
hvdconf_fini(struct hvdconf *conf)
{
	size_t i;

	for (i = 0; i < hvdconf_key_count; i++) {
		if (hvdconf_keys[i].type == HVDCONF_STRING) {
			free(*(char **)hvdconf_field(conf, &hvdconf_keys[i]));
		}
	}
	memset(conf, 0, sizeof(*conf));
}

/* The row of the key being read: its path is "section.name". */
static const struct hvdconf_key *
hvdconf_find(const char *path)
{
	size_t i, len;

	for (i = 0; i < hvdconf_key_count; i++) {
		len = strlen(hvdconf_keys[i].section);
		if (strncmp(path, hvdconf_keys[i].section, len) == 0 &&
		    path[len] == '.' &&
		    strcmp(path + len + 1, hvdconf_keys[i].name) == 0) {
			return &hvdconf_keys[i];
		}
	}
	return NULL;
}

/* Any key of the table: found by the path yamldoc_mapping() made. */
static int
hvdconf_parse_value(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	const struct hvdconf_key *key = hvdconf_find(yamldoc_path(doc));
	void *field;
	int rc;

	if (key == NULL) {
		return yamldoc_error(doc, value, "no such key");
	}
	field = hvdconf_field(ctx, key);
	switch (key->type) {
	case HVDCONF_STRING:
		rc = yamldoc_string(doc, value, field);
		if (rc == 0 && **(char **)field == '\0') {
			rc = yamldoc_error(doc, value, "empty string");
		}
		return rc;
	case HVDCONF_UINT:
		return yamldoc_uint(doc, value, key->min, key->max, field);
	case HVDCONF_SIZE:
		return yamldoc_size_aligned(doc, value, key->min, key->max,
		    key->align, field);
	case HVDCONF_MODE:
		return yamldoc_mode(doc, value, key->max, field);
	case HVDCONF_ENUM:
		return yamldoc_enum(doc, value, key->words, key->word_count,
		    field);
	}
	return -EINVAL;
}

/* A section: the keys of the table in it. */
static int
hvdconf_parse_section(struct yamldoc *doc, yaml_node_t *value, void *ctx)
{
	struct yamldoc_key keys[HVDCONF_SECTION_KEYS_MAX];
	const char *section = yamldoc_path(doc);
	size_t i, n = 0;

	for (i = 0; i < hvdconf_key_count; i++) {
		if (strcmp(hvdconf_keys[i].section, section) == 0 &&
		    n < HVDCONF_SECTION_KEYS_MAX) {
			keys[n].name = hvdconf_keys[i].name;
			keys[n].parse = hvdconf_parse_value;
			keys[n].required = false;
			n++;
		}
	}
	return yamldoc_mapping(doc, value, keys, n, ctx);
}

/* A copy of @from with strings of its own. */
static int
hvdconf_copy(struct hvdconf *to, const struct hvdconf *from)
{
	const struct hvdconf_key *key;
	char **field;
	size_t i;

	*to = *from;
	for (i = 0; i < hvdconf_key_count; i++) {
		key = &hvdconf_keys[i];
		if (key->type != HVDCONF_STRING) {
			continue;
		}
		field = hvdconf_field(to, key);
		*field = strdup(*(char *const *)
		    ((const char *)from + key->offset));
		if (*field == NULL) {
			for (i++; i < hvdconf_key_count; i++) {
				if (hvdconf_keys[i].type == HVDCONF_STRING) {
					*(char **)hvdconf_field(to,
					    &hvdconf_keys[i]) = NULL;
				}
			}
			hvdconf_fini(to);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * Read the loaded @doc (status @rc of loading it) over @conf: on success
 * @conf holds the file's values and keeps its own for keys the file does
 * not give; on failure @conf is unchanged.
 */
static int
hvdconf_read_over(struct hvdconf *conf, struct yamldoc *doc, int rc)
{
	struct yamldoc_key sections[HVDCONF_SECTION_COUNT];
	struct hvdconf next;
	size_t i;

	for (i = 0; i < HVDCONF_SECTION_COUNT; i++) {
		sections[i].name = hvdconf_sections[i];
		sections[i].parse = hvdconf_parse_section;
		sections[i].required = false;
	}
	if (rc == 0) {
		rc = hvdconf_copy(&next, conf);
	}
	if (rc == 0 && yamldoc_root(doc) != NULL) {
		rc = yamldoc_mapping(doc, yamldoc_root(doc), sections,
		    HVDCONF_SECTION_COUNT, &next);
		if (rc < 0) {
			hvdconf_fini(&next);
		}
	}
	if (rc == 0) {
		hvdconf_fini(conf);
		*conf = next;
	}
	yamldoc_fini(doc);
	return rc;
}

/* Read the loaded @doc over the defaults; nothing held on failure. */
static int
hvdconf_read(struct hvdconf *conf, struct yamldoc *doc, int rc)
{
	int init = rc == 0 ? hvdconf_init(conf) : rc;

	if (init < 0) {
		yamldoc_fini(doc);
		return init;
	}
	rc = hvdconf_read_over(conf, doc, 0);
	if (rc < 0) {
		hvdconf_fini(conf);
	}
	return rc;
}

int
hvdconf_load_buffer(struct hvdconf *conf, const char *name, const char *text,
    size_t length, char *error, size_t error_size)
{
	struct yamldoc doc;
	int rc;

	memset(conf, 0, sizeof(*conf));
	rc = yamldoc_load_buffer(&doc, name, text, length, error, error_size);
	return hvdconf_read(conf, &doc, rc);
}

int
hvdconf_load_file(struct hvdconf *conf, const char *path, char *error,
    size_t error_size)
{
	struct yamldoc doc;
	int rc;

	memset(conf, 0, sizeof(*conf));
	rc = yamldoc_load_file(&doc, path, error, error_size);
	return hvdconf_read(conf, &doc, rc);
}

int
hvdconf_load_file_over(struct hvdconf *conf, const char *path, char *error,
    size_t error_size)
{
	struct yamldoc doc;
	int rc;

	rc = yamldoc_load_file(&doc, path, error, error_size);
	return hvdconf_read_over(conf, &doc, rc);
}

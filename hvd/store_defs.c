/* SPDX-License-Identifier: ISC */
/*
 * store_defs.c - the VM directory (store.h): every definition file read
 * at startup, read again on SIGHUP when new or changed, checked for
 * "hvd -n"; a generated UUID written back into the operator's file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events.h"
#include "hvd.h"
#include "hvpaths.h"
#include "log.h"
#include "store.h"
#include "yamldoc.h"

/* Read a whole file (NUL-terminated, malloc'ed). */
static int
store_read_file(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	int rc = 0;

	if (f == NULL) {
		return -errno;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *grown = realloc(buf, cap = 2 * cap + 8192);

			if (grown == NULL) {
				rc = -ENOMEM;
				break;
			}
			buf = grown;
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	if (rc == 0 && ferror(f)) {
		rc = -EIO;
	}
	fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* Where a top-level "uuid:" line can go in @text: after the comments,
 * blank lines, directives and document marker it starts with. */
static size_t
store_uuid_spot(const char *text)
{
	const char *p = text, *eol;

	while (*p == '#' || *p == '%' || *p == '\n' ||
	    strncmp(p, "---", 3) == 0) {
		if ((eol = strchr(p, '\n')) == NULL) {
			break;
		}
		p = eol + 1;
	}
	return (size_t)(p - text);
}

/*
 * Write @def's generated UUID into its file @path: as a "uuid:" line put
 * in the operator's text, comments kept, if that reads back as the same
 * definition; else as the whole definition emitted anew.
 */
static int
store_def_keep_uuid(const char *path, const struct vmdef *def)
{
	char uuid[HVUUID_TEXT_MAX], error[YAMLDOC_ERROR_MAX];
	char *text = NULL, *next = NULL;
	struct vmdef check;
	size_t len, spot;
	int rc, n;

	if ((rc = store_read_file(path, &text, &len)) < 0) {
		return rc;
	}
	hvuuid_format(&def->uuid, uuid);
	spot = store_uuid_spot(text);
	n = asprintf(&next, "%.*suuid: %s\n%s", (int)spot, text, uuid,
	    text + spot);
	free(text);
	if (n < 0) {
		return -ENOMEM;
	}
	rc = vmdef_load_buffer(&check, path, def->dir, next, (size_t)n,
	    VMDEF_NO_FILE_CHECK, error, sizeof(error));
	if (rc == 0 && !check.uuid_generated && vmdef_equal(&check, def)) {
		rc = store_write_atomic(path, next, (size_t)n, 0644);
	} else {
		free(next);
		next = NULL;
		rc = vmdef_emit(def, &next, &len);
		if (rc == 0) {
			rc = store_write_atomic(path, next, len, 0644);
		}
	}
	vmdef_fini(&check);
	free(next);
	return rc;
}

/* Is @name a definition file's name (*.yaml, not hidden)? */
static int
store_is_yaml(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return e->d_name[0] != '.' && len > 5 &&
	    strcmp(e->d_name + len - 5, ".yaml") == 0;
}

/*
 * Does @def clash with a domain of the table other than @self (NULL: any
 * domain)?  Logs it if so.
 */
static bool
store_def_clashes(struct hvd *hvd, const struct vmdef *def,
    const struct domain *self)
{
	const struct vmdef *set[2];
	char error[YAMLDOC_ERROR_MAX];
	size_t i;

	for (i = 0; i < hvd->doms.count; i++) {
		if (hvd->doms.dom[i] == self) {
			continue;
		}
		set[0] = &hvd->doms.dom[i]->def;
		set[1] = def;
		if (vmdef_check_set(set, 2, error, sizeof(error)) < 0) {
			log_error("%s", error);
			return true;
		}
	}
	return false;
}

/*
 * A hash of @path's bytes (FNV-1a, 64 bits): enough to tell an edited
 * file from the one hvd read, to the byte, whatever the clock's grain;
 * 0 if it cannot be read.
 */
static uint64_t
store_file_digest(const char *path)
{
	uint64_t h = 0xcbf29ce484222325ull;
	char *text = NULL;
	size_t len, i;

	if (store_read_file(path, &text, &len) < 0) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3ull;
	}
	free(text);
	return h;
}

void
store_def_stamp(struct domain *d)
{
	d->def_digest = d->def_path != NULL ?
	    store_file_digest(d->def_path) : 0;
}

/* Has someone changed @d's file since hvd last read or wrote it? */
static bool
store_def_changed(const struct domain *d)
{
	return store_file_digest(d->def_path) != d->def_digest;
}

/* Read @path, @d's file, into @def: false (logged) if it cannot be @d's. */
static bool
store_def_read_again(struct hvd *hvd, struct domain *d, const char *path,
    struct vmdef *def)
{
	char error[YAMLDOC_ERROR_MAX], uuid[HVUUID_TEXT_MAX];
	int rc;

	rc = vmdef_load_file(def, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error));
	if (rc < 0) {
		log_error("%s; domain '%s' keeps its definition", rc == -EINVAL ?
		    error : strerror(-rc), d->def.name);
		return false;
	}
	if (strcmp(def->name, d->def.name) != 0) {
		log_error("%s: names '%s', but it defines domain '%s', which "
		    "keeps its definition (a domain is renamed by defining "
		    "the new name and undefining the old)", path, def->name,
		    d->def.name);
		return false;
	}
	if (def->uuid_generated) {
		def->uuid = d->def.uuid;
		def->uuid_generated = false;
		if ((rc = store_def_keep_uuid(path, def)) < 0) {
			log_warnx("%s: cannot write its uuid back: %s", path,
			    strerror(-rc));
		}
	} else if (!hvuuid_equal(&def->uuid, &d->def.uuid)) {
		hvuuid_format(&d->def.uuid, uuid);
		log_error("%s: its uuid differs from domain '%s' (%s), which "
		    "keeps its definition", path, d->def.name, uuid);
		return false;
	}
	return !store_def_clashes(hvd, def, d);
}

/*
 * SIGHUP: the file of @d changed, read it again.  A file that does not
 * read, names another domain or clashes with one is logged and changes
 * nothing; otherwise it is @d's definition now, or at its next stop if
 * it is active, as a define would do.  Return 0, or -1 if left as it was.
 */
static int
store_def_reload(struct hvd *hvd, struct domain *d, const char *path)
{
	struct vmdef def;
	bool active = domain_active(d);

	if (!store_def_read_again(hvd, d, path, &def) ||
	    domain_redefine(d, &def) < 0) {
		vmdef_fini(&def);
		return -1;
	}
	store_def_stamp(d);
	log_info("%s: definition read again from %s%s", d->def.name, path,
	    active ? "; it takes effect when the domain stops" : "");
	events_lifecycle(hvd, d, EVENT_DEFINED, EVENT_DEFINED_UPDATED);
	return 0;
}

/*
 * Load one definition file into the table, or read it again if its
 * domain's file changed (SIGHUP); 0, or -1 if left out or not taken.
 */
static int
store_def_load_one(struct hvd *hvd, const char *path)
{
	char error[YAMLDOC_ERROR_MAX];
	struct domain *d;
	struct vmdef def;
	size_t i;
	int rc;

	for (i = 0; i < hvd->doms.count; i++) {
		d = hvd->doms.dom[i];
		if (d->def_path != NULL && strcmp(d->def_path, path) == 0) {
			/* Known already (SIGHUP). */
			return store_def_changed(d) ?
			    store_def_reload(hvd, d, path) : 0;
		}
	}
	rc = vmdef_load_file(&def, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error));
	if (rc < 0 || store_def_clashes(hvd, &def, NULL)) {
		if (rc < 0) {
			log_error("%s", rc == -EINVAL ? error : strerror(-rc));
		}
		vmdef_fini(&def);
		return -1;
	}
	if (hvd->doms.count >= hvd->conf.max_vms) {
		log_error("%s: left out: %zu VMs are defined already "
		    "(limits.max_vms)", path, hvd->doms.count);
		vmdef_fini(&def);
		return -1;
	}
	if (def.uuid_generated && (rc = store_def_keep_uuid(path, &def)) < 0) {
		log_warnx("%s: cannot write its new uuid: %s", path,
		    strerror(-rc));
	}
	d = domain_new(&def);
	if (d == NULL || (d->def_path = strdup(path)) == NULL ||
	    domain_table_add(&hvd->doms, d) < 0) {
		log_error("%s: out of memory", path);
		if (d == NULL) {
			vmdef_fini(&def);
		}
		domain_free(d);
		return -1;
	}
	store_def_stamp(d);
	return 0;
}

int
store_defs_load(struct hvd *hvd)
{
	struct dirent **list;
	char path[PATH_MAX];
	int i, n, bad = 0;

	n = scandir(hvd->paths.vm_dir, &list, store_is_yaml, alphasort);
	if (n < 0) {
		log_warn("cannot read the VM directory %s", hvd->paths.vm_dir);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (hvpaths_join(path, sizeof(path), hvd->paths.vm_dir,
		    list[i]->d_name) < 0 || store_def_load_one(hvd, path) < 0) {
			bad++;
		}
		free(list[i]);
	}
	free(list);
	return bad;
}

/* hvd -n: check one more file against the @count accepted before it. */
static int
store_def_check_one(const char *path, struct vmdef *defs,
    const struct vmdef **set, size_t *count, FILE *out)
{
	char error[YAMLDOC_ERROR_MAX];
	struct vmdef *def = &defs[*count];

	if (vmdef_load_file(def, path, 0, error, sizeof(error)) < 0) {
		fprintf(out, "%s\n", error);
		vmdef_fini(def);
		return -1;
	}
	set[*count] = def;
	if (vmdef_check_set(set, *count + 1, error, sizeof(error)) < 0) {
		fprintf(out, "%s\n", error);
		vmdef_fini(def);
		return -1;
	}
	(*count)++;
	return 0;
}

int
store_defs_check(const char *vm_dir, FILE *out)
{
	const struct vmdef **set = NULL;
	struct vmdef *defs = NULL;
	char path[PATH_MAX];
	struct dirent **list;
	int i, n, bad = 0;
	size_t count = 0;

	n = scandir(vm_dir, &list, store_is_yaml, alphasort);
	if (n < 0 && errno == ENOENT) {
		return 0;	/* no definitions yet */
	}
	if (n < 0) {
		fprintf(out, "%s: %s\n", vm_dir, strerror(errno));
		return 1;
	}
	defs = calloc((size_t)n + 1, sizeof(*defs));
	set = calloc((size_t)n + 1, sizeof(*set));
	for (i = 0; i < n; i++) {
		if (defs == NULL || set == NULL) {
			bad++;
		} else if (hvpaths_join(path, sizeof(path), vm_dir,
		    list[i]->d_name) < 0) {
			fprintf(out, "%s/%s: name too long\n", vm_dir,
			    list[i]->d_name);
			bad++;
		} else if (store_def_check_one(path, defs, set, &count,
		    out) < 0) {
			bad++;
		}
		free(list[i]);
	}
	free(list);
	while (count > 0) {
		vmdef_fini(&defs[--count]);
	}
	free(defs);
	free(set);
	return bad;
}


/* SPDX-License-Identifier: ISC */
/*
 * store.c - writing files atomically, a domain's definition file, and run
 * state on disk (store.h); the VM directory as a whole is store_defs.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvd.h"
#include "hvpaths.h"
#include "log.h"
#include "store.h"
#include "yamldoc.h"

/* Write all of @len bytes. */
static int
store_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the directory that holds @path, so a rename in it is durable. */
static int
store_sync_dir(const char *path)
{
	char buf[PATH_MAX];
	int fd, rc = 0;

	snprintf(buf, sizeof(buf), "%s", path);
	fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return -errno;
	}
	if (fsync(fd) < 0) {
		rc = -errno;
	}
	close(fd);
	return rc;
}

int
store_write_atomic(const char *path, const void *data, size_t len,
    unsigned int mode)
{
	char tmp[PATH_MAX];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		return -ENAMETOOLONG;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		return -errno;
	}
	/* A temporary file a crash left keeps its mode: set ours. */
	rc = fchmod(fd, mode) < 0 ? -errno : 0;
	if (rc == 0) {
		rc = store_write_all(fd, data, len);
	}
	if (rc == 0 && fsync(fd) < 0) {
		rc = -errno;
	}
	if (close(fd) < 0 && rc == 0) {
		rc = -errno;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		rc = -errno;
	}
	if (rc < 0) {
		unlink(tmp);
		return rc;
	}
	return store_sync_dir(path);
}

int
store_def_save(struct hvd *hvd, struct domain *d)
{
	char *text = NULL, *path = d->def_path;
	size_t len;
	int rc;

	if (path == NULL && asprintf(&path, "%s/%s.yaml", hvd->paths.vm_dir,
	    d->def.name) < 0) {
		return -ENOMEM;
	}
	rc = vmdef_emit(d->pending != NULL ? d->pending : &d->def, &text,
	    &len);
	if (rc == 0) {
		rc = store_write_atomic(path, text, len, 0644);
	}
	free(text);
	if (rc < 0) {
		log_warnx("%s: cannot write %s: %s", d->def.name, path,
		    strerror(-rc));
		if (path != d->def_path) {
			free(path);
		}
		return rc;
	}
	d->def_path = path;
	store_def_stamp(d);
	return 0;
}

int
store_def_remove(struct hvd *hvd, struct domain *d)
{
	int rc = 0;

	(void)hvd;
	if (d->def_path == NULL) {
		return 0;
	}
	if (unlink(d->def_path) < 0 && errno != ENOENT) {
		rc = -errno;
		log_warn("%s: cannot remove %s", d->def.name, d->def_path);
	} else {
		store_sync_dir(d->def_path);
	}
	free(d->def_path);
	d->def_path = NULL;
	return rc;
}

/* The run state file of domain @name. */
static int
store_run_path(const struct hvd *hvd, const char *name, char *buf,
    size_t len)
{
	int n = snprintf(buf, len, "%s/%s.json", hvd->paths.run_dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* The runtime maps as a JSON array. */
static json_object *
store_run_maps(const struct domain *d)
{
	json_object *maps = json_object_new_array(), *m;
	size_t i;

	for (i = 0; maps != NULL && i < d->map_count; i++) {
		m = json_object_new_object();
		json_object_object_add(m, "ipa",
		    json_object_new_uint64(d->maps[i].ipa));
		json_object_object_add(m, "size",
		    json_object_new_uint64(d->maps[i].size));
		json_object_object_add(m, "perm",
		    json_object_new_int((int)d->maps[i].perm));
		json_object_object_add(m, "peer",
		    json_object_new_string(d->maps[i].peer));
		json_object_array_add(maps, m);
	}
	return maps;
}

/* A transient domain's definition, into @o. */
static int
store_run_definition(json_object *o, const struct domain *d)
{
	char *text;
	size_t len;
	int rc;

	if (d->persistent) {
		return 0;
	}
	if ((rc = vmdef_emit(&d->def, &text, &len)) < 0) {
		return rc;
	}
	json_object_object_add(o, "definition",
	    json_object_new_string_len(text, (int)len));
	free(text);
	return 0;
}

int
store_run_save(struct hvd *hvd, const struct domain *d)
{
	char path[PATH_MAX], uuid[HVUUID_TEXT_MAX];
	json_object *o = json_object_new_object();
	const char *text;
	int rc;

	hvuuid_format(&d->def.uuid, uuid);
	json_object_object_add(o, "name", json_object_new_string(d->def.name));
	json_object_object_add(o, "uuid", json_object_new_string(uuid));
	json_object_object_add(o, "id", json_object_new_int(d->id));
	json_object_object_add(o, "fw_vm", json_object_new_int64(d->fw_vm));
	json_object_object_add(o, "state", json_object_new_int(d->state));
	json_object_object_add(o, "why", json_object_new_int(d->why));
	json_object_object_add(o, "started", json_object_new_int64(d->started));
	json_object_object_add(o, "faults", json_object_new_uint64(d->faults));
	json_object_object_add(o, "persistent",
	    json_object_new_boolean(d->persistent));
	json_object_object_add(o, "maps", store_run_maps(d));
	rc = store_run_definition(o, d);
	if (rc == 0 && (rc = store_run_path(hvd, d->def.name, path,
	    sizeof(path))) == 0) {
		text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY);
		rc = store_write_atomic(path, text, strlen(text), 0600);
	}
	json_object_put(o);
	if (rc < 0) {
		log_warnx("%s: cannot write its run state: %s", d->def.name,
		    strerror(-rc));
	}
	return rc;
}

void
store_run_remove(struct hvd *hvd, const struct domain *d)
{
	char path[PATH_MAX];

	if (store_run_path(hvd, d->def.name, path, sizeof(path)) == 0 &&
	    unlink(path) == 0) {
		store_sync_dir(path);
	}
}

/* Member @key of @o if it is of @type (never a JSON null), else NULL. */
static json_object *
store_json_get(json_object *o, const char *key, json_type type)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, type)) {
		return NULL;
	}
	return v;
}

/* Member @key of @o as an integer; false if it is not one. */
static bool
store_json_int(json_object *o, const char *key, int64_t *out)
{
	json_object *v = store_json_get(o, key, json_type_int);

	if (v == NULL) {
		return false;
	}
	*out = json_object_get_int64(v);
	return true;
}

/* The runtime maps of a run state. */
static bool
store_run_read_maps(json_object *o, struct store_run *rs)
{
	json_object *maps, *m, *peer;
	int64_t ipa, size, perm;
	size_t i, n;

	if (!json_object_object_get_ex(o, "maps", &maps) ||
	    !json_object_is_type(maps, json_type_array) ||
	    (n = json_object_array_length(maps)) > DOMAIN_MAPS_MAX) {
		return false;
	}
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(maps, i);
		if (!store_json_int(m, "ipa", &ipa) ||
		    !store_json_int(m, "size", &size) ||
		    !store_json_int(m, "perm", &perm) ||
		    (peer = store_json_get(m, "peer", json_type_string)) ==
		    NULL) {
			return false;
		}
		if (json_object_get_string_len(peer) > 0 &&
		    !vmdef_name_valid(json_object_get_string(peer))) {
			return false;	/* "" is no peer; else a VM's name */
		}
		rs->maps[i].ipa = (uint64_t)ipa;
		rs->maps[i].size = (uint64_t)size;
		rs->maps[i].perm = (unsigned int)perm;
		snprintf(rs->maps[i].peer, sizeof(rs->maps[i].peer), "%s",
		    json_object_get_string(peer));
	}
	rs->map_count = n;
	return true;
}

/* Fill @rs from the parsed @o; false for anything missing or wrong. */
static bool
store_run_from_json(json_object *o, struct store_run *rs)
{
	json_object *name, *uuid, *persistent, *def;
	int64_t id, fw_vm, state, why, started, faults;

	if ((name = store_json_get(o, "name", json_type_string)) == NULL ||
	    (uuid = store_json_get(o, "uuid", json_type_string)) == NULL ||
	    (persistent = store_json_get(o, "persistent",
	    json_type_boolean)) == NULL ||
	    !store_json_int(o, "id", &id) || !store_json_int(o, "fw_vm", &fw_vm) ||
	    !store_json_int(o, "state", &state) ||
	    !store_json_int(o, "why", &why) ||
	    !store_json_int(o, "started", &started) ||
	    !store_json_int(o, "faults", &faults) ||
	    hvuuid_parse(json_object_get_string(uuid), &rs->uuid) < 0 ||
	    !vmdef_name_valid(json_object_get_string(name)) ||
	    !store_run_read_maps(o, rs)) {
		return false;
	}
	if (id < 1 || id > INT_MAX || fw_vm < 1 || fw_vm > UINT32_MAX ||
	    state < DOMAIN_SHUTOFF || state > DOMAIN_CRASHED ||
	    why < DOMAIN_WHY_UNKNOWN || why > DOMAIN_WHY_DAEMON) {
		return false;
	}
	snprintf(rs->name, sizeof(rs->name), "%s", json_object_get_string(name));
	rs->id = (int)id;
	rs->fw_vm = (uint32_t)fw_vm;
	rs->state = (int)state;
	rs->why = (int)why;
	rs->started = started;
	rs->faults = (uint64_t)faults;
	rs->persistent = json_object_get_boolean(persistent);
	if (json_object_object_get_ex(o, "definition", &def) &&
	    (!json_object_is_type(def, json_type_string) ||
	    (rs->definition = strdup(json_object_get_string(def))) == NULL)) {
		return false;
	}
	return rs->persistent || rs->definition != NULL;
}

int
store_run_read(const char *path, struct store_run *rs)
{
	json_object *o;
	bool ok;

	memset(rs, 0, sizeof(*rs));
	o = json_object_from_file(path);
	if (o == NULL) {
		log_warnx("%s: %s", path, json_util_get_last_err());
		return access(path, R_OK) < 0 ? -errno : -EINVAL;
	}
	ok = store_run_from_json(o, rs);
	json_object_put(o);
	if (!ok) {
		log_warnx("%s: not a run state of hvd", path);
		free(rs->definition);
		rs->definition = NULL;
		return -EINVAL;
	}
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * store.h - what hvd keeps on disk, always written atomically (a new file
 * written and fsync'ed, renamed over the old one, the directory fsync'ed):
 * a crash at any moment leaves either the old file or the new one.
 *
 * Definitions are VMDIR/NAME.yaml (hv-vm.yaml(5)); files an operator puts
 * there by hand are read as they are, and a UUID hvd generates for one is
 * written into it.  The run state of an active domain is RUNDIR/NAME.json
 * (json-c): its ids, state and start time, its runtime maps, and for a
 * transient domain its definition; a restarted hvd reads it back
 * (reconcile.c).
 */
#ifndef HVD_STORE_H
#define HVD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domain.h"

struct hvd;

/**
 * struct store_run - a run state file as read back.
 * @name:       the domain's name.
 * @uuid:       its UUID.
 * @id:         its domain id.
 * @fw_vm:      its firmware VM id.
 * @state:      enum domain_state.
 * @why:        enum domain_why.
 * @started:    wall-clock seconds of its start.
 * @faults:     demand faults served.
 * @persistent: it has a definition file.
 * @definition: a transient domain's definition (YAML, malloc'ed), or NULL.
 * @maps:       its runtime maps.
 * @map_count:  how many.
 */
struct store_run {
	char name[VMDEF_NAME_MAX + 1];
	struct hvuuid uuid;
	int id;
	uint32_t fw_vm;
	int state;
	int why;
	int64_t started;
	uint64_t faults;
	bool persistent;
	char *definition;
	struct domain_map maps[DOMAIN_MAPS_MAX];
	size_t map_count;
};

/**
 * store_write_atomic() - replace a file's contents, atomically.
 * @path: the file.
 * @data: its new bytes.
 * @len:  how many.
 * @mode: permissions of a new file.
 *
 * Return: 0 or -errno (the old file, if any, is intact then).
 */
int store_write_atomic(const char *path, const void *data, size_t len,
    unsigned int mode);

/**
 * store_def_save() - write a domain's definition (its pending one, if it
 * has one) as YAML into the VM directory (domain.def_path, which is set
 * if it was not).
 * @hvd: the daemon.
 * @d:   the domain.
 *
 * Return: 0 or -errno (logged).
 */
int store_def_save(struct hvd *hvd, struct domain *d);

/**
 * store_def_remove() - remove a domain's definition file.
 * @hvd: the daemon.
 * @d:   the domain (its def_path is cleared).
 *
 * Return: 0 or -errno (logged).
 */
int store_def_remove(struct hvd *hvd, struct domain *d);

/**
 * store_def_stamp() - note what a domain's definition file holds now
 * (domain.def_digest), once hvd has read or written it.
 * @d: the domain (nothing if it has no file).
 */
void store_def_stamp(struct domain *d);

/**
 * store_defs_load() - read every *.yaml of the VM directory that no
 * domain came from yet into the domain table (at startup, and again on
 * SIGHUP), and on SIGHUP read again every domain's file that changed
 * since hvd last read or wrote it.  A file with a mistake is logged
 * ("FILE:LINE:COLUMN: message") and left out; so is one whose name or
 * UUID another file has already.  A changed file takes its domain's
 * place as a define would (at once, or when an active domain stops),
 * unless it has a mistake, names another domain, has another UUID or
 * clashes: then it is logged and the domain keeps its definition.  UUIDs
 * generated for files that had none are written back.
 * @hvd: the daemon.
 *
 * Return: the number of files left out or not taken again.
 */
int store_defs_load(struct hvd *hvd);

/**
 * store_defs_check() - hvd -n: read every definition of @vm_dir and
 * write each mistake to @out, changing nothing.
 * @vm_dir: the VM directory.
 * @out:    where the messages go.
 *
 * Return: the number of mistakes.
 */
int store_defs_check(const char *vm_dir, FILE *out);

/**
 * store_run_save() - write an active domain's run state.
 * @hvd: the daemon.
 * @d:   the domain.
 *
 * Return: 0 or -errno (logged).
 */
int store_run_save(struct hvd *hvd, const struct domain *d);

/**
 * store_run_remove() - remove a domain's run state (it is shut off).
 * @hvd: the daemon.
 * @d:   the domain.
 */
void store_run_remove(struct hvd *hvd, const struct domain *d);

/**
 * store_run_read() - read a run state file.
 * @path: the file.
 * @rs:   filled in; free @rs->definition after.
 *
 * Return: 0; -EINVAL for a file that is not a run state (its contents are
 * named in the log); -errno of reading it.
 */
int store_run_read(const char *path, struct store_run *rs);

#endif /* HVD_STORE_H */

/* SPDX-License-Identifier: ISC */
/*
 * vmdef_set.c - definitions checked against each other (vmdef.h): each
 * name and each UUID belongs to one VM only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vmdef.h"

/* "FILE:LINE:COLUMN: duplicate WHAT 'VALUE' (also FILE:LINE:COLUMN)". */
static int
vmdef_clash(const struct vmdef *later, struct vmdef_pos later_pos,
    const struct vmdef *first, struct vmdef_pos first_pos, const char *what,
    const char *value, char *error, size_t error_size)
{
	snprintf(error, error_size,
	    "%s:%u:%u: duplicate %s '%s' (also %s:%u:%u)", later->source,
	    later_pos.line, later_pos.column, what, value, first->source,
	    first_pos.line, first_pos.column);
	return -EEXIST;
}

/* Where a UUID was written, or the VM's name if it was generated. */
static struct vmdef_pos
vmdef_uuid_pos(const struct vmdef *def)
{
	return def->uuid_generated ? def->name_pos : def->uuid_pos;
}

int
vmdef_check_set(const struct vmdef *const *defs, size_t count, char *error,
    size_t error_size)
{
	char text[HVUUID_TEXT_MAX];
	size_t i, j;

	for (j = 1; j < count; j++) {
		for (i = 0; i < j; i++) {
			if (strcmp(defs[i]->name, defs[j]->name) == 0) {
				return vmdef_clash(defs[j], defs[j]->name_pos,
				    defs[i], defs[i]->name_pos, "name",
				    defs[j]->name, error, error_size);
			}
			if (hvuuid_equal(&defs[i]->uuid, &defs[j]->uuid)) {
				hvuuid_format(&defs[j]->uuid, text);
				return vmdef_clash(defs[j],
				    vmdef_uuid_pos(defs[j]), defs[i],
				    vmdef_uuid_pos(defs[i]), "uuid", text,
				    error, error_size);
			}
		}
	}
	return 0;
}

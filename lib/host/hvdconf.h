/* SPDX-License-Identifier: ISC */
/*
 * hvdconf.h - hvd.yaml, hvd's own configuration (hvd.yaml(5)): the board
 * (QEMU, CPU model and count, RAM, firmware), the paths hvd works in, its
 * limits and its log level.
 *
 * Every key, its type, range and default is one row of hvdconf_keys[]:
 * the parser reads the file through the table, the defaults are the
 * table's texts read by the same conversions, and the tests hold the man
 * page and conf/hvd.yaml to the same table.  Path defaults come from
 * configure (--with-statedir, --with-sockdir, --with-confdir, QEMU).
 */
#ifndef HV_HOST_HVDCONF_H
#define HV_HOST_HVDCONF_H

#include <stddef.h>
#include <stdint.h>

/** enum hvdconf_log_level - the least important messages hvd logs. */
enum hvdconf_log_level {
	HVDCONF_LOG_ERROR,
	HVDCONF_LOG_WARN,
	HVDCONF_LOG_INFO,
	HVDCONF_LOG_DEBUG,
};

/**
 * struct hvdconf - hvd.yaml read (every string malloc'ed).
 * @qemu:        board.qemu, the qemu-system-aarch64 to run.
 * @cpu:         board.cpu, QEMU's CPU model.
 * @cpus:        board.cpus, the board's CPU count.
 * @memory:      board.memory, the board's RAM in bytes.
 * @firmware:    board.firmware, the hvfw.elf image.
 * @state_dir:   paths.state_dir.
 * @vm_dir:      paths.vm_dir, where VM definitions are.
 * @socket_dir:  paths.socket_dir.
 * @socket_mode: sockets.mode, the read-write socket's permission bits.
 * @socket_ro_mode: sockets.ro_mode, the read-only socket's.
 * @max_vms:     limits.max_vms.
 * @max_clients: limits.max_clients.
 * @log_level:   log.level.
 */
struct hvdconf {
	char *qemu;
	char *cpu;
	uint64_t cpus;
	uint64_t memory;
	char *firmware;
	char *state_dir;
	char *vm_dir;
	char *socket_dir;
	uint64_t socket_mode;
	uint64_t socket_ro_mode;
	uint64_t max_vms;
	uint64_t max_clients;
	unsigned int log_level;
};

/** enum hvdconf_type - how a key's value is read and stored. */
enum hvdconf_type {
	HVDCONF_STRING,	/* a non-empty string: char * */
	HVDCONF_UINT,	/* an integer in [min, max]: uint64_t */
	HVDCONF_SIZE,	/* a size in [min, max], multiple of align: uint64_t */
	HVDCONF_ENUM,	/* one of words[]: unsigned int, its index */
	HVDCONF_MODE,	/* octal permission bits, 0 to max: uint64_t */
};

/**
 * struct hvdconf_key - one key of hvd.yaml.
 * @section:    the mapping it is in ("board").
 * @name:       the key ("cpus").
 * @type:       its type.
 * @default_text: its default, as it would be written in the file.
 * @min:        smallest value (numbers).
 * @max:        largest value (numbers).
 * @align:      a size must be a multiple of this (0: any).
 * @words:      the words allowed (HVDCONF_ENUM).
 * @word_count: their number.
 * @offset:     where the value goes in struct hvdconf.
 */
struct hvdconf_key {
	const char *section;
	const char *name;
	enum hvdconf_type type;
	const char *default_text;
	uint64_t min;
	uint64_t max;
	uint64_t align;
	const char *const *words;
	size_t word_count;
	size_t offset;
};

/** hvdconf_keys - every key of hvd.yaml, section by section. */
extern const struct hvdconf_key hvdconf_keys[];
/** hvdconf_key_count - rows of hvdconf_keys. */
extern const size_t hvdconf_key_count;
/** hvdconf_log_level_names - the words of log.level, in enum order. */
extern const char *const hvdconf_log_level_names[4];

/**
 * hvdconf_init() - every key at its default.
 * @conf: filled in; hvdconf_fini() it after.
 *
 * Return: 0 or -ENOMEM (nothing held then).
 */
int hvdconf_init(struct hvdconf *conf);

/**
 * hvdconf_load_buffer() - read hvd.yaml from text; keys it does not give
 * keep their defaults (an empty text is all defaults).
 * @conf:       filled in on success; on failure nothing is held.
 * @name:       the file name messages give.
 * @text:       the YAML text.
 * @length:     its bytes.
 * @error:      "FILE:LINE:COLUMN: message" of the first mistake.
 * @error_size: its bytes.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int hvdconf_load_buffer(struct hvdconf *conf, const char *name,
    const char *text, size_t length, char *error, size_t error_size);

/**
 * hvdconf_load_file() - read an hvd.yaml file.
 * @conf:       as for hvdconf_load_buffer().
 * @path:       the file.
 * @error:      the message.
 * @error_size: its bytes.
 *
 * Return: as hvdconf_load_buffer(), or -errno of reading @path.
 */
int hvdconf_load_file(struct hvdconf *conf, const char *path, char *error,
    size_t error_size);

/**
 * hvdconf_load_file_over() - read an hvd.yaml file over what @conf holds:
 * the keys the file gives take its values, the others keep @conf's (hvd
 * --session sets its per-user paths first, then reads the file).
 * @conf:       an initialised configuration (hvdconf_init()); unchanged
 *              on failure.
 * @path:       the file.
 * @error:      "FILE:LINE:COLUMN: message" of the first mistake.
 * @error_size: its bytes.
 *
 * Return: 0, -EINVAL, -ENOMEM, or -errno of reading @path.
 */
int hvdconf_load_file_over(struct hvdconf *conf, const char *path,
    char *error, size_t error_size);

/**
 * hvdconf_fini() - free what @conf holds.
 * @conf: a configuration hvdconf_init() or hvdconf_load_*() filled in.
 */
void hvdconf_fini(struct hvdconf *conf);

#endif /* HV_HOST_HVDCONF_H */

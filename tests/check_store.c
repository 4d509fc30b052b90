/* SPDX-License-Identifier: ISC */
/*
 * check_store.c - tests of what hvd keeps on disk (hvd/store.c): atomic
 * writes, definition files (saved, removed, loaded with a generated UUID
 * written back, checked for hvd -n) and run state files (saved and read
 * back, and every way a run state file can be wrong).
 *
 * Each test has a temporary directory and a minimal struct hvd whose
 * paths point into it; nothing else of the daemon runs.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvd.h"
#include "paths.h"
#include "store.h"
#include "yamldoc.h"

#define UUID_A	"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"

/* A definition that loads without looking for its image. */
#define VM_WEB \
	"name: web\n" \
	"uuid: " UUID_A "\n" \
	"vcpus: 2\n" \
	"memory: 16M\n" \
	"kernel: {path: /boot/Image, format: image}\n" \
	"cmdline: console=ttyAMA0\n" \
	"regions:\n" \
	"  - {name: buf, ipa: 0x100000000, size: 2M, perm: rw, " \
	"shared_with: [db]}\n" \
	"console: {log_size: 64K}\n" \
	"on_crash: preserve\n"

/* The suite's directory, made once and removed whole (also after a test
 * that failed, whose checked teardown does not run), and the test's own
 * directory in it. */
static char suite_dir[64];
static char dir[96];
static struct hvd hvd;

/* nftw's callback: remove everything. */
static int
remove_one(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* *@field = @dir/@sub, for hvdconf's malloc'ed paths. */
static void
conf_path(char **field, const char *sub)
{
	free(*field);
	ck_assert_int_ge(asprintf(field, "%s/%s", dir, sub), 0);
}

static void
suite_setup(void)
{
	snprintf(suite_dir, sizeof(suite_dir), "/tmp/hv-store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(suite_dir));
}

static void
suite_teardown(void)
{
	nftw(suite_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
setup(void)
{
	const char *failed;

	umask(022);
	snprintf(dir, sizeof(dir), "%s/t.XXXXXX", suite_dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	memset(&hvd, 0, sizeof(hvd));
	ck_assert_int_eq(hvdconf_init(&hvd.conf), 0);
	conf_path(&hvd.conf.state_dir, "state");
	conf_path(&hvd.conf.vm_dir, "vms");
	conf_path(&hvd.conf.socket_dir, "sock");
	ck_assert_int_eq(paths_init(&hvd.paths, &hvd.conf, "hvd.yaml"), 0);
	ck_assert_int_eq(paths_make_dirs(&hvd.paths, &failed), 0);
	domain_table_init(&hvd.doms);
}

static void
teardown(void)
{
	domain_table_fini(&hvd.doms);
	paths_fini(&hvd.paths);
	hvdconf_fini(&hvd.conf);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* @base/@name into @buf (PATH_MAX bytes). */
static char *
join(char *buf, const char *base, const char *name)
{
	ck_assert_int_lt(snprintf(buf, PATH_MAX, "%s/%s", base, name),
	    PATH_MAX);
	return buf;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot create %s", path);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
}

/* The whole of a file (malloc'ed, NUL-terminated); its size in *@len. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *text;
	FILE *f;

	ck_assert_msg(stat(path, &st) == 0, "no %s", path);
	text = malloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(text);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	*len = fread(text, 1, (size_t)st.st_size, f);
	ck_assert_uint_eq(*len, (size_t)st.st_size);
	fclose(f);
	text[*len] = '\0';
	return text;
}

/* The file holds exactly @want. */
static void
assert_file(const char *path, const char *want)
{
	size_t len;
	char *text = slurp(path, &len);

	ck_assert_uint_eq(len, strlen(want));
	ck_assert_str_eq(text, want);
	free(text);
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The names in @path, sorted, each followed by a space. */
static const char *
listing(const char *path, char *buf, size_t len)
{
	struct dirent **list;
	size_t used = 0;
	int i, n;

	n = scandir(path, &list, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 &&
		    strcmp(list[i]->d_name, "..") != 0) {
			used += (size_t)snprintf(buf + used, len - used, "%s ",
			    list[i]->d_name);
			ck_assert_uint_lt(used, len);
		}
		free(list[i]);
	}
	free(list);
	return buf;
}

/* A domain of @text ("vm.yaml" in the VM directory, images not looked
 * for), not in the table. */
static struct domain *
domain_of(const char *text)
{
	char error[YAMLDOC_ERROR_MAX];
	struct domain *d;
	struct vmdef def;

	ck_assert_msg(vmdef_load_buffer(&def, "vm.yaml", hvd.paths.vm_dir,
	    text, strlen(text), VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)) == 0, "%s", error);
	d = domain_new(&def);
	ck_assert_ptr_nonnull(d);
	return d;
}

/* Load a definition file as hvd does. */
static void
load_def(struct vmdef *def, const char *path)
{
	char error[YAMLDOC_ERROR_MAX];

	ck_assert_msg(vmdef_load_file(def, path, VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)) == 0, "%s", error);
}

/* store_defs_check() of @vm_dir: its messages into @out, its count. */
static int
defs_check(const char *vm_dir, char *out, size_t len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	int bad;

	ck_assert_ptr_nonnull(f);
	bad = store_defs_check(vm_dir, f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(out, len, "%s", text);
	ck_assert_uint_lt(size, len);
	free(text);
	return bad;
}

START_TEST(write_atomic_writes_exactly_the_bytes_with_the_mode)
{
	static const char data[] = "a\0b\nc\xff";
	char path[PATH_MAX], names[256];
	struct stat st;
	size_t len;
	char *text;

	join(path, dir, "f");
	ck_assert_int_eq(store_write_atomic(path, data, sizeof(data), 0600),
	    0);
	text = slurp(path, &len);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert_mem_eq(text, data, sizeof(data));
	free(text);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	join(path, dir, "g");
	ck_assert_int_eq(store_write_atomic(path, "", 0, 0644), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_str_eq(listing(dir, names, sizeof(names)),
	    "f g sock state vms ");
}
END_TEST

START_TEST(write_atomic_replaces_a_file_and_leaves_no_temporary)
{
	char path[PATH_MAX], names[256];
	struct stat before, after;

	join(path, dir, "f");
	put(path, "the old contents, longer than the new\n");
	ck_assert_int_eq(stat(path, &before), 0);
	ck_assert_int_eq(store_write_atomic(path, "new\n", 4, 0644), 0);
	assert_file(path, "new\n");
	ck_assert_int_eq(stat(path, &after), 0);
	ck_assert_uint_ne(after.st_ino, before.st_ino);	/* renamed over */
	ck_assert_str_eq(listing(dir, names, sizeof(names)),
	    "f sock state vms ");
}
END_TEST

START_TEST(write_atomic_into_a_missing_directory_fails)
{
	char path[PATH_MAX], names[256];

	join(path, dir, "none/f");
	ck_assert_int_eq(store_write_atomic(path, "x", 1, 0644), -ENOENT);
	ck_assert(!exists(path));
	ck_assert_str_eq(listing(dir, names, sizeof(names)),
	    "sock state vms ");
}
END_TEST

START_TEST(write_atomic_over_a_directory_fails_and_leaves_it_intact)
{
	char path[PATH_MAX], inner[PATH_MAX], names[256];

	join(path, dir, "d");
	ck_assert_int_eq(mkdir(path, 0755), 0);
	put(join(inner, path, "keep"), "kept\n");
	ck_assert_int_eq(store_write_atomic(path, "x", 1, 0644), -EISDIR);
	assert_file(inner, "kept\n");
	ck_assert_str_eq(listing(dir, names, sizeof(names)),
	    "d sock state vms ");
}
END_TEST

/*
 * Run state files written by hand: every field as store_run_save()
 * writes it, any one replaced or left out.
 */
struct run_field {
	const char *key;
	const char *value;
};

static const struct run_field run_fields[] = {
	{ "name", "\"web\"" },
	{ "uuid", "\"" UUID_A "\"" },
	{ "id", "7" },
	{ "fw_vm", "4294967295" },
	{ "state", "2" },
	{ "why", "3" },
	{ "started", "-1700000000" },
	{ "faults", "1099511627776" },
	{ "persistent", "true" },
	{ "maps", "[ { \"ipa\": 4294967296, \"size\": 2097152, \"perm\": 3, "
	    "\"peer\": \"db\" }, { \"ipa\": 8589934592, \"size\": 4096, "
	    "\"perm\": 1, \"peer\": \"\" } ]" },
};

#define RUN_FIELD_COUNT	(sizeof(run_fields) / sizeof(run_fields[0]))

/* A run state file: field @key gets @value (left out if NULL; added if
 * it is not one of run_fields). */
static void
put_run(const char *path, const char *key, const char *value)
{
	FILE *f = fopen(path, "w");
	const char *sep = "";
	bool known = false;
	size_t i;

	ck_assert_ptr_nonnull(f);
	fputs("{\n", f);
	for (i = 0; i < RUN_FIELD_COUNT; i++) {
		if (key != NULL && strcmp(key, run_fields[i].key) == 0) {
			known = true;
			if (value == NULL) {
				continue;
			}
		}
		fprintf(f, "%s  \"%s\": %s", sep, run_fields[i].key,
		    key != NULL && strcmp(key, run_fields[i].key) == 0 ?
		    value : run_fields[i].value);
		sep = ",\n";
	}
	if (key != NULL && !known && value != NULL) {
		fprintf(f, "%s  \"%s\": %s", sep, key, value);
	}
	fputs("\n}\n", f);
	ck_assert_int_eq(fclose(f), 0);
}

/* store_run_read() of a file with @key set to @value must be -EINVAL. */
static void
expect_run_invalid(const char *key, const char *value)
{
	struct store_run rs;
	char path[PATH_MAX];

	put_run(join(path, dir, "run.json"), key, value);
	ck_assert_msg(store_run_read(path, &rs) == -EINVAL, "%s: %s was "
	    "taken", key, value != NULL ? value : "(left out)");
	ck_assert_ptr_null(rs.definition);
}

START_TEST(run_read_reads_every_field)
{
	struct store_run rs;
	struct hvuuid uuid;
	char path[PATH_MAX];

	put_run(join(path, dir, "run.json"), NULL, NULL);
	ck_assert_int_eq(store_run_read(path, &rs), 0);
	ck_assert_str_eq(rs.name, "web");
	ck_assert_int_eq(hvuuid_parse(UUID_A, &uuid), 0);
	ck_assert(hvuuid_equal(&rs.uuid, &uuid));
	ck_assert_int_eq(rs.id, 7);
	ck_assert_uint_eq(rs.fw_vm, UINT32_MAX);
	ck_assert_int_eq(rs.state, DOMAIN_PAUSED);
	ck_assert_int_eq(rs.why, DOMAIN_WHY_USER);
	ck_assert_int_eq(rs.started, -1700000000);
	ck_assert_uint_eq(rs.faults, 1ull << 40);
	ck_assert(rs.persistent);
	ck_assert_ptr_null(rs.definition);
	ck_assert_uint_eq(rs.map_count, 2);
	ck_assert_uint_eq(rs.maps[0].ipa, 1ull << 32);
	ck_assert_uint_eq(rs.maps[0].size, 2ull << 20);
	ck_assert_uint_eq(rs.maps[0].perm, 3);
	ck_assert_str_eq(rs.maps[0].peer, "db");
	ck_assert_uint_eq(rs.maps[1].ipa, 2ull << 32);
	ck_assert_uint_eq(rs.maps[1].size, 4096);
	ck_assert_uint_eq(rs.maps[1].perm, 1);
	ck_assert_str_eq(rs.maps[1].peer, "");
}
END_TEST

START_TEST(run_read_reads_a_transient_definition)
{
	struct store_run rs;
	char path[PATH_MAX];

	put(join(path, dir, "run.json"), "{\"name\": \"t\", \"uuid\": \""
	    UUID_A "\", \"id\": 1, \"fw_vm\": 1, \"state\": 1, \"why\": 1, "
	    "\"started\": 0, \"faults\": 0, \"persistent\": false, "
	    "\"maps\": [], \"definition\": \"name: t\\n\"}");
	ck_assert_int_eq(store_run_read(path, &rs), 0);
	ck_assert(!rs.persistent);
	ck_assert_str_eq(rs.definition, "name: t\n");
	ck_assert_uint_eq(rs.map_count, 0);
	free(rs.definition);
}
END_TEST

START_TEST(run_read_refuses_every_missing_field)
{
	size_t i;

	for (i = 0; i < RUN_FIELD_COUNT; i++) {
		expect_run_invalid(run_fields[i].key, NULL);
	}
}
END_TEST

START_TEST(run_read_refuses_every_wrong_type)
{
	static const char *const not_int[] = {
		"\"1\"", "1.5", "true", "null", "[]", "{}",
	};
	static const char *const not_string[] = {
		"5", "true", "null", "[]", "{}",
	};
	static const char *const not_bool[] = {
		"1", "\"true\"", "null", "[]", "{}",
	};
	static const char *const ints[] = {
		"id", "fw_vm", "state", "why", "started", "faults",
	};
	size_t i, j;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		for (j = 0; j < sizeof(not_int) / sizeof(not_int[0]); j++) {
			expect_run_invalid(ints[i], not_int[j]);
		}
	}
	for (j = 0; j < sizeof(not_string) / sizeof(not_string[0]); j++) {
		expect_run_invalid("name", not_string[j]);
		expect_run_invalid("uuid", not_string[j]);
		expect_run_invalid("definition", not_string[j]);
	}
	for (j = 0; j < sizeof(not_bool) / sizeof(not_bool[0]); j++) {
		expect_run_invalid("persistent", not_bool[j]);
	}
}
END_TEST

/* A "maps" value of one map with these members. */
#define MAP_WITH(ipa, size, perm, peer) \
	"[{" ipa ", " size ", " perm ", " peer "}]"

START_TEST(run_read_refuses_every_bad_map)
{
	static const char *const maps[] = {
		"{}", "\"maps\"", "null", "5", "[5]", "[null]", "[[]]",
		"[{\"size\": 4096, \"perm\": 1, \"peer\": \"\"}]",
		"[{\"ipa\": 0, \"perm\": 1, \"peer\": \"\"}]",
		"[{\"ipa\": 0, \"size\": 4096, \"peer\": \"\"}]",
		"[{\"ipa\": 0, \"size\": 4096, \"perm\": 1}]",
		MAP_WITH("\"ipa\": \"0\"", "\"size\": 4096",
		    "\"perm\": 1", "\"peer\": \"\""),
		MAP_WITH("\"ipa\": 0", "\"size\": 1.0", "\"perm\": 1",
		    "\"peer\": \"\""),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": null",
		    "\"peer\": \"\""),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": 1",
		    "\"peer\": 5"),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": 1",
		    "\"peer\": null"),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": 1",
		    "\"peer\": []"),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": 1",
		    "\"peer\": \"a/b\""),
		MAP_WITH("\"ipa\": 0", "\"size\": 4096", "\"perm\": 1",
		    "\"peer\": \"a123456789b123456789c123456789d123456789"
		    "e123456789f123456789abcd\""),
	};
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		expect_run_invalid("maps", maps[i]);
	}
}
END_TEST

START_TEST(run_read_refuses_a_bad_uuid_or_name)
{
	static const char *const uuids[] = {
		"\"\"", "\"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4\"",
		"\"" UUID_A "0\"", "\"6f1c2a3b_4d5e-4f60-8a7b-9c0d1e2f3a4b\"",
		"\"6g1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b\"",
	};
	static const char *const names[] = {
		"\"\"", "\"a/b\"", "\"a b\"", "\"../x\"",
		"\"a123456789b123456789c123456789d123456789e123456789f123456789"
		"abcd\"",
	};
	size_t i;

	for (i = 0; i < sizeof(uuids) / sizeof(uuids[0]); i++) {
		expect_run_invalid("uuid", uuids[i]);
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		expect_run_invalid("name", names[i]);
	}
}
END_TEST

/* A "maps" value of @count maps (malloc'ed). */
static char *
many_maps(size_t count)
{
	char *text = malloc(64 * count + 3), *p = text;
	size_t i;

	ck_assert_ptr_nonnull(text);
	*p++ = '[';
	for (i = 0; i < count; i++) {
		p += sprintf(p, "%s{\"ipa\": %zu, \"size\": 4096, \"perm\": 1, "
		    "\"peer\": \"\"}", i > 0 ? "," : "", i * 4096);
	}
	*p++ = ']';
	*p = '\0';
	return text;
}

START_TEST(run_read_refuses_too_many_maps)
{
	char path[PATH_MAX], *maps;
	struct store_run rs;

	maps = many_maps(DOMAIN_MAPS_MAX);
	put_run(join(path, dir, "run.json"), "maps", maps);
	ck_assert_int_eq(store_run_read(path, &rs), 0);
	ck_assert_uint_eq(rs.map_count, DOMAIN_MAPS_MAX);
	ck_assert_uint_eq(rs.maps[DOMAIN_MAPS_MAX - 1].ipa,
	    (DOMAIN_MAPS_MAX - 1) * 4096);
	free(maps);
	maps = many_maps(DOMAIN_MAPS_MAX + 1);
	expect_run_invalid("maps", maps);
	free(maps);
}
END_TEST

START_TEST(run_read_refuses_what_is_not_a_json_object)
{
	static const char *const texts[] = {
		"", "not json", "[]", "5", "\"web\"", "null", "{", "{\"name\"",
	};
	char path[PATH_MAX];
	struct store_run rs;
	size_t i, len, end;
	char *good;

	join(path, dir, "run.json");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		put(path, texts[i]);
		ck_assert_msg(store_run_read(path, &rs) == -EINVAL, "'%s' was "
		    "taken", texts[i]);
	}
	/* Every truncation of a good file. */
	put_run(path, NULL, NULL);
	good = slurp(path, &len);
	end = (size_t)(strrchr(good, '}') - good);
	for (i = 0; i <= end; i++) {
		ck_assert_int_eq(truncate(path, (off_t)i), 0);
		ck_assert_msg(store_run_read(path, &rs) == -EINVAL,
		    "%zu bytes of %zu were taken", i, len);
	}
	free(good);
}
END_TEST

START_TEST(run_read_of_a_missing_file_is_enoent)
{
	char path[PATH_MAX];
	struct store_run rs;

	ck_assert_int_eq(store_run_read(join(path, dir, "none.json"), &rs),
	    -ENOENT);
}
END_TEST

START_TEST(run_read_refuses_a_transient_run_without_definition)
{
	expect_run_invalid("persistent", "false");
}
END_TEST

START_TEST(defs_check_passes_good_files_and_ignores_other_files)
{
	char path[PATH_MAX], out[1024];
	const char *vms = hvd.paths.vm_dir;

	put(join(path, vms, "k"), "kernel");
	put(join(path, vms, "a.yaml"), "name: a\nmemory: 16M\n"
	    "kernel: {path: k, format: raw, load_address: 0x40000000}\n");
	put(join(path, vms, "b.yaml"), "# b\nname: b\nmemory: 2M\n"
	    "kernel: {path: k, format: elf}\n");
	put(join(path, vms, "notes.txt"), "name: [\n");
	put(join(path, vms, "b.yaml.orig"), "name: [\n");
	put(join(path, vms, ".hidden.yaml"), "name: [\n");
	put(join(path, vms, "yaml"), "name: [\n");
	ck_assert_int_eq(defs_check(vms, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(defs_check_reports_a_yaml_error_with_its_position)
{
	char path[PATH_MAX], out[1024], want[1024];
	const char *vms = hvd.paths.vm_dir;

	put(join(path, vms, "k"), "kernel");
	put(join(path, vms, "a.yaml"), "name: a\nmemory: 16M\n"
	    "kernel: {path: k, format: elf}\n");
	put(join(path, vms, "bad.yaml"), "name: b\nmemory: 16M: 2\n");
	put(join(path, vms, "key.yaml"), "name: c\nmemory: 16M\n"
	    "kernel: {path: k, format: elf}\nmemroy: 1\n");
	put(join(path, vms, "noimage.yaml"), "name: d\nmemory: 16M\n"
	    "kernel: {path: none, format: elf}\n");
	ck_assert_int_eq(defs_check(vms, out, sizeof(out)), 3);
	snprintf(want, sizeof(want),
	    "%s/bad.yaml:2:12: syntax error: mapping values are not allowed "
	    "in this context\n"
	    "%s/key.yaml:4:1: unknown key 'memroy'\n"
	    "%s/noimage.yaml:3:16: kernel.path: %s/none: No such file or "
	    "directory\n", vms, vms, vms, vms);
	ck_assert_str_eq(out, want);
}
END_TEST

START_TEST(defs_check_reports_a_duplicate_name)
{
	char path[PATH_MAX], out[1024], want[1024];
	const char *vms = hvd.paths.vm_dir;

	put(join(path, vms, "k"), "kernel");
	put(join(path, vms, "a.yaml"), "name: t\nmemory: 16M\n"
	    "kernel: {path: k, format: elf}\n");
	put(join(path, vms, "b.yaml"), "# the same VM again\nname: t\n"
	    "memory: 2M\nkernel: {path: k, format: elf}\n");
	ck_assert_int_eq(defs_check(vms, out, sizeof(out)), 1);
	snprintf(want, sizeof(want), "%s/b.yaml:2:7: duplicate name 't' "
	    "(also %s/a.yaml:1:7)\n", vms, vms);
	ck_assert_str_eq(out, want);
}
END_TEST

START_TEST(defs_check_of_a_missing_directory_finds_no_definitions)
{
	char path[PATH_MAX], out[1024];

	ck_assert_int_eq(defs_check(join(path, dir, "none"), out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(def_save_writes_yaml_that_reads_back_equal)
{
	struct domain *d = domain_of(VM_WEB);
	char path[PATH_MAX];
	struct vmdef back;
	struct stat st;

	ck_assert_ptr_null(d->def_path);
	ck_assert_int_eq(store_def_save(&hvd, d), 0);
	ck_assert_ptr_nonnull(d->def_path);
	ck_assert_str_eq(d->def_path, join(path, hvd.paths.vm_dir,
	    "web.yaml"));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	load_def(&back, path);
	ck_assert(vmdef_equal(&back, &d->def));
	vmdef_fini(&back);
	domain_free(d);
}
END_TEST

START_TEST(def_save_writes_the_pending_definition_over_the_file)
{
	struct domain *d = domain_of(VM_WEB);
	char path[PATH_MAX];
	struct vmdef back;

	ck_assert_int_eq(store_def_save(&hvd, d), 0);
	d->pending = calloc(1, sizeof(*d->pending));
	ck_assert_ptr_nonnull(d->pending);
	load_def(d->pending, d->def_path);
	d->pending->vcpus = 4;
	ck_assert_int_eq(store_def_save(&hvd, d), 0);
	ck_assert_str_eq(d->def_path, join(path, hvd.paths.vm_dir,
	    "web.yaml"));
	load_def(&back, path);
	ck_assert(vmdef_equal(&back, d->pending));
	ck_assert(!vmdef_equal(&back, &d->def));
	vmdef_fini(&back);
	domain_free(d);
}
END_TEST

START_TEST(def_save_into_a_missing_directory_fails_and_keeps_def_path)
{
	struct domain *d = domain_of(VM_WEB);
	char path[PATH_MAX];

	ck_assert_int_eq(rmdir(hvd.paths.vm_dir), 0);
	ck_assert_int_eq(store_def_save(&hvd, d), -ENOENT);
	ck_assert_ptr_null(d->def_path);
	d->def_path = strdup(join(path, dir, "gone/web.yaml"));
	ck_assert_int_eq(store_def_save(&hvd, d), -ENOENT);
	ck_assert_str_eq(d->def_path, path);
	domain_free(d);
}
END_TEST

START_TEST(def_remove_removes_the_file)
{
	struct domain *d = domain_of(VM_WEB);
	char path[PATH_MAX];

	ck_assert_int_eq(store_def_save(&hvd, d), 0);
	join(path, hvd.paths.vm_dir, "web.yaml");
	ck_assert(exists(path));
	ck_assert_int_eq(store_def_remove(&hvd, d), 0);
	ck_assert(!exists(path));
	ck_assert_ptr_null(d->def_path);
	ck_assert_int_eq(store_def_remove(&hvd, d), 0);
	/* A file someone removed already is no failure. */
	ck_assert_int_eq(store_def_save(&hvd, d), 0);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(store_def_remove(&hvd, d), 0);
	ck_assert_ptr_null(d->def_path);
	domain_free(d);
}
END_TEST

/* A running domain of VM_WEB with every run state field set. */
static struct domain *
running_domain(bool persistent)
{
	struct domain *d = domain_of(VM_WEB);

	d->persistent = persistent;
	d->id = 12;
	d->fw_vm = UINT32_MAX;
	d->state = DOMAIN_SHUTTING_DOWN;
	d->why = DOMAIN_WHY_USER;
	d->started = 1733570000;
	d->faults = (1ull << 40) + 3;
	d->maps[0] = (struct domain_map){ 1ull << 33, 2ull << 20, 7, "db" };
	d->maps[1] = (struct domain_map){ 3ull << 32, 4096, 1, "" };
	d->map_count = 2;
	return d;
}

/* Save @d's run state, read it back, compare. */
static void
check_run_round_trip(struct domain *d, struct store_run *rs)
{
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	ck_assert_int_eq(store_run_save(&hvd, d), 0);
	join(path, hvd.paths.run_dir, "web.json");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(store_run_read(path, rs), 0);
	ck_assert_str_eq(rs->name, d->def.name);
	ck_assert(hvuuid_equal(&rs->uuid, &d->def.uuid));
	ck_assert_int_eq(rs->id, d->id);
	ck_assert_uint_eq(rs->fw_vm, d->fw_vm);
	ck_assert_int_eq(rs->state, d->state);
	ck_assert_int_eq(rs->why, d->why);
	ck_assert_int_eq(rs->started, d->started);
	ck_assert_uint_eq(rs->faults, d->faults);
	ck_assert_int_eq(rs->persistent, d->persistent);
	ck_assert_uint_eq(rs->map_count, d->map_count);
	for (i = 0; i < d->map_count; i++) {
		ck_assert_uint_eq(rs->maps[i].ipa, d->maps[i].ipa);
		ck_assert_uint_eq(rs->maps[i].size, d->maps[i].size);
		ck_assert_uint_eq(rs->maps[i].perm, d->maps[i].perm);
		ck_assert_str_eq(rs->maps[i].peer, d->maps[i].peer);
	}
}

START_TEST(run_save_then_read_round_trips)
{
	struct domain *d = running_domain(true);
	struct store_run rs;
	char path[PATH_MAX];

	check_run_round_trip(d, &rs);
	ck_assert_ptr_null(rs.definition);
	/* Saved again with changes: the file is replaced. */
	d->state = DOMAIN_PAUSED;
	d->map_count = 0;
	check_run_round_trip(d, &rs);
	store_run_remove(&hvd, d);
	ck_assert(!exists(join(path, hvd.paths.run_dir, "web.json")));
	domain_free(d);
}
END_TEST

START_TEST(run_save_then_read_round_trips_a_transient_definition)
{
	char error[YAMLDOC_ERROR_MAX];
	struct domain *d = running_domain(false);
	struct store_run rs;
	struct vmdef back;

	check_run_round_trip(d, &rs);
	ck_assert_ptr_nonnull(rs.definition);
	ck_assert_msg(vmdef_load_buffer(&back, rs.name, NULL, rs.definition,
	    strlen(rs.definition), VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)) == 0, "%s", error);
	ck_assert(vmdef_equal(&back, &d->def));
	vmdef_fini(&back);
	free(rs.definition);
	domain_free(d);
}
END_TEST

/* An operator's file without a uuid: comments, a blank line, a comment
 * at the end of a line. */
#define VM_HAND \
	"# The web server.\n" \
	"# Keep this comment.\n" \
	"\n" \
	"name: web   # not www\n" \
	"memory: 16M\n" \
	"kernel:\n" \
	"  path: /boot/Image   # the distribution's\n" \
	"  format: image\n" \
	"# the end\n"

START_TEST(defs_load_writes_the_new_uuid_back_keeping_comments)
{
	char path[PATH_MAX], uuid[HVUUID_TEXT_MAX], want[1024];
	struct hvuuid first;
	struct domain *d;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), VM_HAND);
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 1);
	d = hvd.doms.dom[0];
	ck_assert_str_eq(d->def.name, "web");
	ck_assert_str_eq(d->def_path, path);
	ck_assert(d->persistent);
	first = d->def.uuid;
	hvuuid_format(&first, uuid);
	snprintf(want, sizeof(want), "# The web server.\n"
	    "# Keep this comment.\n\nuuid: %s\n%s", uuid,
	    VM_HAND + strlen("# The web server.\n# Keep this comment.\n\n"));
	assert_file(path, want);
	/* A restarted hvd reads the same uuid and writes nothing. */
	domain_table_fini(&hvd.doms);
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 1);
	d = hvd.doms.dom[0];
	ck_assert(hvuuid_equal(&d->def.uuid, &first));
	ck_assert(!d->def.uuid_generated);
	assert_file(path, want);
}
END_TEST

START_TEST(defs_load_rewrites_a_file_it_cannot_add_a_line_to)
{
	char path[PATH_MAX];
	struct vmdef back;
	struct hvuuid first;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), "{name: web, "
	    "memory: 16M, kernel: {path: /boot/Image, format: image}}\n");
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 1);
	first = hvd.doms.dom[0]->def.uuid;
	load_def(&back, path);
	ck_assert(!back.uuid_generated);
	ck_assert(hvuuid_equal(&back.uuid, &first));
	ck_assert(vmdef_equal(&back, &hvd.doms.dom[0]->def));
	vmdef_fini(&back);
}
END_TEST

START_TEST(defs_load_leaves_out_files_that_clash_or_are_wrong)
{
	char path[PATH_MAX], other[PATH_MAX];
	const char *vms = hvd.paths.vm_dir;
	const char *same_name = "name: web\nmemory: 2M\n"
	    "kernel: {path: /boot/Image, format: image}\n";
	const char *same_uuid = "name: db\nuuid: " UUID_A "\nmemory: 2M\n"
	    "kernel: {path: /boot/Image, format: image}\n";

	put(join(path, vms, "a.yaml"), VM_WEB);
	put(join(other, vms, "b.yaml"), same_name);
	put(join(other, vms, "c.yaml"), same_uuid);
	put(join(other, vms, "d.yaml"), "name: [\n");
	put(join(other, vms, "e.txt"), "name: [\n");
	ck_assert_int_eq(store_defs_load(&hvd), 3);
	ck_assert_uint_eq(hvd.doms.count, 1);
	ck_assert_str_eq(hvd.doms.dom[0]->def_path, path);
	/* The clashing file got no uuid written into it. */
	assert_file(join(other, vms, "b.yaml"), same_name);
	/* Loading again (SIGHUP) keeps the one and leaves out the rest. */
	ck_assert_int_eq(store_defs_load(&hvd), 3);
	ck_assert_uint_eq(hvd.doms.count, 1);
}
END_TEST

START_TEST(defs_load_picks_up_new_files_on_a_second_load)
{
	char path[PATH_MAX];
	const char *vms = hvd.paths.vm_dir;

	put(join(path, vms, "a.yaml"), VM_WEB);
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	put(join(path, vms, "b.yaml"), "name: db\nmemory: 2M\n"
	    "kernel: {path: /boot/Image, format: image}\n");
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 2);
	ck_assert_str_eq(hvd.doms.dom[1]->def.name, "db");
}
END_TEST

/* A small definition of "web" with @memory, and a comment of its own. */
#define VM_SMALL(memory) \
	"# the operator's note\n" \
	"name: web\n" \
	"uuid: " UUID_A "\n" \
	"memory: " memory "\n" \
	"kernel: {path: /boot/Image, format: image}\n"

START_TEST(defs_load_reads_a_changed_file_again)
{
	char path[PATH_MAX];
	struct domain *d;
	const char *name;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), VM_SMALL("16M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	d = hvd.doms.dom[0];
	/* Unchanged: not read again (the definition is the same one). */
	name = d->def.name;
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_ptr_eq(d->def.name, name);
	put(path, VM_SMALL("32M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 1);
	ck_assert_ptr_eq(hvd.doms.dom[0], d);
	ck_assert_uint_eq(d->def.memory, 32u << 20);
	/* The operator's file stays as the operator wrote it. */
	assert_file(path, VM_SMALL("32M"));
}
END_TEST

START_TEST(defs_load_keeps_a_definition_whose_changed_file_is_refused)
{
	static const char *const refused[] = {
		"name: [\n",
		"name: other\nmemory: 2M\n"
		    "kernel: {path: /boot/Image, format: image}\n",
		"name: web\nuuid: 00000000-0000-4000-8000-000000000001\n"
		    "memory: 2M\nkernel: {path: /boot/Image, format: image}\n",
	};
	char path[PATH_MAX], other[PATH_MAX];
	struct domain *web;
	size_t i;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), VM_SMALL("16M"));
	put(join(other, hvd.paths.vm_dir, "db.yaml"), "name: db\n"
	    "memory: 2M\nkernel: {path: /boot/Image, format: image}\n");
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.count, 2);
	web = domain_by_name(&hvd.doms, "web");
	ck_assert_ptr_nonnull(web);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		put(path, refused[i]);
		/* A mistake, another name, another uuid. */
		ck_assert_int_eq(store_defs_load(&hvd), 1);
		ck_assert_uint_eq(hvd.doms.count, 2);
		ck_assert_ptr_eq(domain_by_name(&hvd.doms, "web"), web);
		ck_assert_ptr_null(domain_by_name(&hvd.doms, "other"));
		ck_assert_uint_eq(web->def.memory, 16u << 20);
	}
	/* Set right, it is taken at the next load. */
	put(path, VM_SMALL("32M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(web->def.memory, 32u << 20);
}
END_TEST

START_TEST(defs_load_gives_an_active_domain_its_changed_file_when_it_stops)
{
	char path[PATH_MAX];
	struct domain *d;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), VM_SMALL("16M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	d = hvd.doms.dom[0];
	d->fw_vm = 1;		/* as if it ran */
	put(path, VM_SMALL("32M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(d->def.memory, 16u << 20);
	ck_assert_ptr_nonnull(d->pending);
	ck_assert_uint_eq(d->pending->memory, 32u << 20);
	d->fw_vm = 0;		/* it stopped */
	domain_apply_pending(d);
	ck_assert_uint_eq(d->def.memory, 32u << 20);
}
END_TEST

START_TEST(defs_load_keeps_the_uuid_of_a_changed_file_that_has_none)
{
	const char *text = "# mine\nname: web\nmemory: 4M\n"
	    "kernel: {path: /boot/Image, format: image}\n";
	char path[PATH_MAX], *now;
	struct vmdef back;
	size_t len;

	put(join(path, hvd.paths.vm_dir, "web.yaml"), VM_SMALL("16M"));
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	put(path, text);
	ck_assert_int_eq(store_defs_load(&hvd), 0);
	ck_assert_uint_eq(hvd.doms.dom[0]->def.memory, 4u << 20);
	load_def(&back, path);
	ck_assert(!back.uuid_generated);
	ck_assert(hvuuid_equal(&back.uuid, &hvd.doms.dom[0]->def.uuid));
	now = slurp(path, &len);
	ck_assert_ptr_nonnull(strstr(now, "# mine\n"));
	free(now);
	vmdef_fini(&back);
	/* Written back by hvd: not a change of the operator's. */
	ck_assert_int_eq(store_defs_load(&hvd), 0);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, write_atomic_writes_exactly_the_bytes_with_the_mode);
	tcase_add_test(tc,
	    write_atomic_replaces_a_file_and_leaves_no_temporary);
	tcase_add_test(tc, write_atomic_into_a_missing_directory_fails);
	tcase_add_test(tc,
	    write_atomic_over_a_directory_fails_and_leaves_it_intact);
	tcase_add_test(tc, run_read_reads_every_field);
	tcase_add_test(tc, run_read_reads_a_transient_definition);
	tcase_add_test(tc, run_read_refuses_every_missing_field);
	tcase_add_test(tc, run_read_refuses_every_wrong_type);
	tcase_add_test(tc, run_read_refuses_every_bad_map);
	tcase_add_test(tc, run_read_refuses_a_bad_uuid_or_name);
	tcase_add_test(tc, run_read_refuses_too_many_maps);
	tcase_add_test(tc, run_read_refuses_what_is_not_a_json_object);
	tcase_add_test(tc, run_read_of_a_missing_file_is_enoent);
	tcase_add_test(tc, run_read_refuses_a_transient_run_without_definition);
	tcase_add_test(tc,
	    defs_check_passes_good_files_and_ignores_other_files);
	tcase_add_test(tc, defs_check_reports_a_yaml_error_with_its_position);
	tcase_add_test(tc, defs_check_reports_a_duplicate_name);
	tcase_add_test(tc,
	    defs_check_of_a_missing_directory_finds_no_definitions);
	tcase_add_test(tc, def_save_writes_yaml_that_reads_back_equal);
	tcase_add_test(tc,
	    def_save_writes_the_pending_definition_over_the_file);
	tcase_add_test(tc,
	    def_save_into_a_missing_directory_fails_and_keeps_def_path);
	tcase_add_test(tc, def_remove_removes_the_file);
	tcase_add_test(tc, run_save_then_read_round_trips);
	tcase_add_test(tc,
	    run_save_then_read_round_trips_a_transient_definition);
	tcase_add_test(tc, defs_load_writes_the_new_uuid_back_keeping_comments);
	tcase_add_test(tc, defs_load_rewrites_a_file_it_cannot_add_a_line_to);
	tcase_add_test(tc, defs_load_leaves_out_files_that_clash_or_are_wrong);
	tcase_add_test(tc, defs_load_picks_up_new_files_on_a_second_load);
	tcase_add_test(tc, defs_load_reads_a_changed_file_again);
	tcase_add_test(tc,
	    defs_load_keeps_a_definition_whose_changed_file_is_refused);
	tcase_add_test(tc,
	    defs_load_gives_an_active_domain_its_changed_file_when_it_stops);
	tcase_add_test(tc,
	    defs_load_keeps_the_uuid_of_a_changed_file_that_has_none);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

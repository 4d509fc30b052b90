/* SPDX-License-Identifier: ISC */
/*
 * check_domxml.c - tests of libvirt domain XML (lib/host/domxml.h): every
 * conf/vms example and a definition with every field survive YAML -> XML
 * -> YAML and XML -> definition -> XML exactly; the XML holds exactly the
 * contract's elements (asked with XPath); what hv cannot honour is refused
 * as unsupported (67), wrong values and malformed or truncated documents
 * as XML errors (27), each with its message; and hostile documents
 * (external entities, a DOCTYPE, network DTDs, 4 MiB and more) neither
 * read a file nor open a socket.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "domxml.h"
#include "rpc_error.h"
#include "vmdef.h"

/* A definition with every field, none at its default. */
static const char full_yaml[] =
	"name: web-1.a_b\n"
	"uuid: 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b\n"
	"vcpus: 4\n"
	"memory: 256M\n"
	"kernel:\n"
	"  path: /boot/Image\n"
	"  format: image\n"
	"  load_address: 0x40080000\n"
	"initrd: initrd.img\n"
	"cmdline: console=ttyAMA0 root=/dev/vda\n"
	"regions:\n"
	"  - name: buf\n"
	"    ipa: 0x100000000\n"
	"    size: 2M\n"
	"    perm: xr\n"
	"    mode: prefault\n"
	"    shared_with: [db, cache]\n"
	"  - name: log\n"
	"    ipa: 0x200000000\n"
	"    size: 0x3000\n"
	"    mode: demand\n"
	"console:\n"
	"  log_size: 4M\n"
	"autostart: true\n"
	"on_crash: restart\n";

/* domxml_format() of full_yaml (loaded in /defs), running as id 3. */
static const char full_xml[] =
	"<domain type='hv' id='3'>\n"
	"  <name>web-1.a_b</name>\n"
	"  <uuid>6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b</uuid>\n"
	"  <memory unit='KiB'>262144</memory>\n"
	"  <currentMemory unit='KiB'>262144</currentMemory>\n"
	"  <vcpu placement='static'>4</vcpu>\n"
	"  <os>\n"
	"    <type arch='aarch64' machine='virt'>hvm</type>\n"
	"    <kernel>/boot/Image</kernel>\n"
	"    <initrd>/defs/initrd.img</initrd>\n"
	"    <cmdline>console=ttyAMA0 root=/dev/vda</cmdline>\n"
	"  </os>\n"
	"  <on_poweroff>destroy</on_poweroff>\n"
	"  <on_reboot>restart</on_reboot>\n"
	"  <on_crash>restart</on_crash>\n"
	"  <devices>\n"
	"    <console type='pty'>\n"
	"      <target type='serial' port='0'/>\n"
	"    </console>\n"
	"  </devices>\n"
	"  <metadata>\n"
	"    <hv:vm xmlns:hv='urn:hv:domain:1'>\n"
	"      <hv:kernel format='image' load_address='0x40080000'/>\n"
	"      <hv:console log_size='4194304'/>\n"
	"      <hv:autostart>yes</hv:autostart>\n"
	"      <hv:region name='buf' ipa='0x100000000' size='0x200000' "
	"perm='rx' mode='prefault'>\n"
	"        <hv:shared_with>db</hv:shared_with>\n"
	"        <hv:shared_with>cache</hv:shared_with>\n"
	"      </hv:region>\n"
	"      <hv:region name='log' ipa='0x200000000' size='0x3000' "
	"perm='rw' mode='demand'/>\n"
	"    </hv:vm>\n"
	"  </metadata>\n"
	"</domain>\n";

/* The smallest document that reads, in pieces for the error cases. */
#define DOC_HEAD \
	"<domain type='hv'>\n" \
	"  <name>t</name>\n" \
	"  <memory unit='MiB'>16</memory>\n"
#define DOC_OS		"  <os><kernel>/boot/Image</kernel></os>\n"
#define DOC_TAIL	"</domain>\n"
/* DOC_HEAD, DOC_OS, @extra (from line 5), DOC_TAIL. */
#define DOC(extra)	DOC_HEAD DOC_OS extra DOC_TAIL
/* DOC_HEAD, @os (line 4), DOC_TAIL. */
#define DOC_WITH_OS(os)	DOC_HEAD os DOC_TAIL
/* hv's metadata, from line 5. */
#define HV(body) \
	DOC("  <metadata><hv:vm xmlns:hv='urn:hv:domain:1'>\n" body \
	"  </hv:vm></metadata>\n")

static const struct domxml_state running = { .id = 3 };

static void
load_yaml(struct vmdef *def, const char *text)
{
	char error[512];
	int rc;

	rc = vmdef_load_buffer(def, "vm.yaml", "/defs", text, strlen(text),
	    VMDEF_NO_FILE_CHECK, error, sizeof(error));
	ck_assert_msg(rc == 0, "%s", error);
}

static char *
format_ok(const struct vmdef *def, const struct domxml_state *st)
{
	char *xml = NULL;

	ck_assert_int_eq(domxml_format(def, st, &xml), 0);
	ck_assert_ptr_nonnull(xml);
	return xml;
}

/* domxml_parse() of @len bytes of @xml: rc; message in @err, @code. */
static int
parse_len(const char *xml, size_t len, struct vmdef *def, char *err,
    int *code)
{
	return domxml_parse(xml, len, def, err, DOMXML_ERROR_MAX, code);
}

static void
parse_ok(const char *xml, struct vmdef *def)
{
	char err[DOMXML_ERROR_MAX];
	int code = -1, rc;

	rc = parse_len(xml, strlen(xml), def, err, &code);
	ck_assert_msg(rc == 0, "rc %d, code %d: %s\n%s", rc, code, err, xml);
	ck_assert_int_eq(code, VIR_ERR_OK);
}

/* @xml must be refused with @code and exactly @message. */
static void
expect_refused(const char *xml, int code, const char *message)
{
	char err[DOMXML_ERROR_MAX];
	struct vmdef def;
	int got = -1, rc;

	rc = parse_len(xml, strlen(xml), &def, err, &got);
	vmdef_fini(&def);
	ck_assert_msg(rc == (code == VIR_ERR_XML_ERROR ? -EINVAL : -EOPNOTSUPP),
	    "rc %d for\n%s", rc, xml);
	ck_assert_int_eq(got, code);
	ck_assert_str_eq(err, message);
}

/*
 * Round trips.
 */

/* @def (absolute paths) -> XML -> definition -> XML and YAML: equal. */
static void
assert_round_trip(struct vmdef *def, const struct domxml_state *st)
{
	char *xml, *again, *yaml1, *yaml2;
	struct vmdef back;

	ck_assert_int_eq(vmdef_absolute_paths(def), 0);
	xml = format_ok(def, st);
	parse_ok(xml, &back);
	ck_assert_msg(vmdef_equal(def, &back), "not equal:\n%s", xml);
	ck_assert(!back.uuid_generated);
	ck_assert_int_eq(vmdef_emit(def, &yaml1, NULL), 0);
	ck_assert_int_eq(vmdef_emit(&back, &yaml2, NULL), 0);
	ck_assert_str_eq(yaml1, yaml2);
	again = format_ok(&back, st);
	ck_assert_str_eq(again, xml);
	free(again);
	free(yaml1);
	free(yaml2);
	free(xml);
	vmdef_fini(&back);
}

START_TEST(examples_round_trip_yaml_xml_yaml)
{
	char pattern[4096], error[512];
	struct vmdef def;
	glob_t g;
	size_t i;
	int rc;

	snprintf(pattern, sizeof(pattern), "%s/conf/vms/*.yaml",
	    HV_TOP_SRCDIR);
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 4);
	for (i = 0; i < g.gl_pathc; i++) {
		rc = vmdef_load_file(&def, g.gl_pathv[i], VMDEF_NO_FILE_CHECK,
		    error, sizeof(error));
		ck_assert_msg(rc == 0, "%s", error);
		assert_round_trip(&def, NULL);
		assert_round_trip(&def, &running);
		vmdef_fini(&def);
	}
	globfree(&g);
}
END_TEST

START_TEST(full_definition_round_trips)
{
	struct vmdef def;

	load_yaml(&def, full_yaml);
	assert_round_trip(&def, NULL);
	assert_round_trip(&def, &running);
	vmdef_fini(&def);
}
END_TEST

START_TEST(full_definition_formats_exactly)
{
	struct vmdef def;
	char *xml;

	load_yaml(&def, full_yaml);
	xml = format_ok(&def, &running);
	ck_assert_str_eq(xml, full_xml);
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(xml_reads_and_writes_back_identically)
{
	struct vmdef def;
	char *xml;

	parse_ok(full_xml, &def);
	xml = format_ok(&def, &running);
	ck_assert_str_eq(xml, full_xml);
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(minimal_definition_round_trips)
{
	struct vmdef def;

	load_yaml(&def,
	    "name: m\nmemory: 2M\nkernel: {path: /k, format: elf}\n");
	assert_round_trip(&def, NULL);
	vmdef_fini(&def);
}
END_TEST

START_TEST(odd_strings_round_trip)
{
	struct vmdef def;

	load_yaml(&def, full_yaml);
	free(def.cmdline);
	def.cmdline = strdup(" a<b>&c 'q' \"d\"\t\n\r\nx\xc3\xa9\xe2\x82\xac"
	    "\xf0\x9f\x98\x80 ]]> ");
	free(def.kernel_path);
	def.kernel_path = strdup("/boot dir/&<Image>'\"");
	ck_assert_ptr_nonnull(def.cmdline);
	ck_assert_ptr_nonnull(def.kernel_path);
	assert_round_trip(&def, &running);
	free(def.cmdline);
	def.cmdline = strdup("");
	assert_round_trip(&def, NULL);
	vmdef_fini(&def);
}
END_TEST

/*
 * The shape of the XML, asked with XPath.
 */

/* string(@expr) of @xml, hv's namespace as "hv"; free() it. */
static char *
xpath(const char *xml, const char *expr)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr obj;
	xmlDocPtr doc;
	xmlChar *value;
	char *copy;

	doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ctx = xmlXPathNewContext(doc);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(xmlXPathRegisterNs(ctx, (const xmlChar *)"hv",
	    (const xmlChar *)DOMXML_NS), 0);
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	ck_assert_msg(obj != NULL, "bad XPath %s", expr);
	value = xmlXPathCastToString(obj);
	copy = strdup((const char *)value);
	xmlFree(value);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return copy;
}

static void
assert_xpath(const char *xml, const char *expr, const char *expected)
{
	char *value = xpath(xml, expr);

	ck_assert_msg(strcmp(value, expected) == 0, "%s is '%s', not '%s'",
	    expr, value, expected);
	free(value);
}

/* Each: an XPath expression and its string value for the full XML. */
static const char *const full_shape[][2] = {
	/* 26 elements, 23 attributes in all: nothing else. */
	{ "count(//*)", "26" },
	{ "count(//@*)", "23" },
	{ "count(/domain)", "1" },
	{ "/domain/@type", "hv" },
	{ "/domain/@id", "3" },
	{ "count(/domain/@*)", "2" },
	{ "count(/domain/*)", "11" },
	{ "name(/domain/*[1])", "name" },
	{ "name(/domain/*[2])", "uuid" },
	{ "name(/domain/*[3])", "memory" },
	{ "name(/domain/*[4])", "currentMemory" },
	{ "name(/domain/*[5])", "vcpu" },
	{ "name(/domain/*[6])", "os" },
	{ "name(/domain/*[7])", "on_poweroff" },
	{ "name(/domain/*[8])", "on_reboot" },
	{ "name(/domain/*[9])", "on_crash" },
	{ "name(/domain/*[10])", "devices" },
	{ "name(/domain/*[11])", "metadata" },
	{ "/domain/name", "web-1.a_b" },
	{ "/domain/uuid", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" },
	{ "/domain/memory/@unit", "KiB" },
	{ "/domain/memory", "262144" },
	{ "/domain/currentMemory/@unit", "KiB" },
	{ "/domain/currentMemory", "262144" },
	{ "/domain/vcpu/@placement", "static" },
	{ "/domain/vcpu", "4" },
	{ "count(/domain/os/*)", "4" },
	{ "name(/domain/os/*[1])", "type" },
	{ "/domain/os/type", "hvm" },
	{ "/domain/os/type/@arch", "aarch64" },
	{ "/domain/os/type/@machine", "virt" },
	{ "/domain/os/kernel", "/boot/Image" },
	{ "/domain/os/initrd", "/defs/initrd.img" },
	{ "/domain/os/cmdline", "console=ttyAMA0 root=/dev/vda" },
	{ "/domain/on_poweroff", "destroy" },
	{ "/domain/on_reboot", "restart" },
	{ "/domain/on_crash", "restart" },
	{ "count(/domain/devices/*)", "1" },
	{ "/domain/devices/console/@type", "pty" },
	{ "count(/domain/devices/console/*)", "1" },
	{ "/domain/devices/console/target/@type", "serial" },
	{ "/domain/devices/console/target/@port", "0" },
	{ "count(/domain/metadata/*)", "1" },
	{ "count(/domain/metadata/hv:vm)", "1" },
	{ "count(/domain/metadata/hv:vm/*)", "5" },
	{ "count(/domain/metadata/hv:vm/*[namespace-uri() != "
	    "'urn:hv:domain:1'])", "0" },
	{ "/domain/metadata/hv:vm/hv:kernel/@format", "image" },
	{ "/domain/metadata/hv:vm/hv:kernel/@load_address", "0x40080000" },
	{ "/domain/metadata/hv:vm/hv:console/@log_size", "4194304" },
	{ "/domain/metadata/hv:vm/hv:autostart", "yes" },
	{ "count(/domain/metadata/hv:vm/hv:region)", "2" },
	{ "/domain/metadata/hv:vm/hv:region[1]/@name", "buf" },
	{ "/domain/metadata/hv:vm/hv:region[1]/@ipa", "0x100000000" },
	{ "/domain/metadata/hv:vm/hv:region[1]/@size", "0x200000" },
	{ "/domain/metadata/hv:vm/hv:region[1]/@perm", "rx" },
	{ "/domain/metadata/hv:vm/hv:region[1]/@mode", "prefault" },
	{ "count(/domain/metadata/hv:vm/hv:region[1]/*)", "2" },
	{ "/domain/metadata/hv:vm/hv:region[1]/hv:shared_with[1]", "db" },
	{ "/domain/metadata/hv:vm/hv:region[1]/hv:shared_with[2]", "cache" },
	{ "/domain/metadata/hv:vm/hv:region[2]/@name", "log" },
	{ "/domain/metadata/hv:vm/hv:region[2]/@perm", "rw" },
	{ "/domain/metadata/hv:vm/hv:region[2]/@mode", "demand" },
	{ "count(/domain/metadata/hv:vm/hv:region[2]/*)", "0" },
};

START_TEST(xml_has_exactly_the_contract_elements)
{
	struct vmdef def;
	size_t i;
	char *xml;

	load_yaml(&def, full_yaml);
	xml = format_ok(&def, &running);
	for (i = 0; i < sizeof(full_shape) / sizeof(full_shape[0]); i++) {
		assert_xpath(xml, full_shape[i][0], full_shape[i][1]);
	}
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(inactive_xml_has_no_id)
{
	static const struct domxml_state off = { .id = -1 };
	struct vmdef def;
	char *xml;

	load_yaml(&def, full_yaml);
	xml = format_ok(&def, NULL);
	assert_xpath(xml, "count(/domain/@id)", "0");
	assert_xpath(xml, "count(//@*)", "22");
	ck_assert(strncmp(xml, "<domain type='hv'>\n", 19) == 0);
	ck_assert_str_eq(xml + 19, full_xml + 26);
	free(xml);
	xml = format_ok(&def, &off);
	assert_xpath(xml, "count(/domain/@id)", "0");
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(active_xml_has_its_id)
{
	static const struct domxml_state zero = { .id = 0 };
	struct vmdef def;
	char *xml;

	load_yaml(&def, full_yaml);
	xml = format_ok(&def, &zero);
	assert_xpath(xml, "/domain/@id", "0");
	free(xml);
	xml = format_ok(&def, &running);
	assert_xpath(xml, "/domain/@id", "3");
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(minimal_xml_omits_what_the_definition_lacks)
{
	struct vmdef def;
	char *xml;

	load_yaml(&def,
	    "name: m\nmemory: 16M\nkernel: {path: k, format: elf}\n");
	xml = format_ok(&def, NULL);
	assert_xpath(xml, "count(//*)", "20");
	assert_xpath(xml, "count(/domain/os/*)", "2");
	assert_xpath(xml, "/domain/os/kernel", "/defs/k");
	assert_xpath(xml, "count(//hv:kernel/@load_address)", "0");
	assert_xpath(xml, "//hv:kernel/@format", "elf");
	assert_xpath(xml, "count(//hv:region)", "0");
	assert_xpath(xml, "//hv:console/@log_size", "1048576");
	assert_xpath(xml, "//hv:autostart", "no");
	assert_xpath(xml, "/domain/on_crash", "destroy");
	free(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(format_refuses_what_xml_cannot_carry)
{
	struct vmdef def;
	char *xml = NULL;

	load_yaml(&def, full_yaml);
	free(def.cmdline);
	def.cmdline = strdup("a\x01z");
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EINVAL);
	def.cmdline[1] = '\xff';
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EINVAL);
	free(def.cmdline);
	def.cmdline = NULL;
	def.memory = 3u << 20;		/* fails vmdef_check() */
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EINVAL);
	def.memory = 256u << 20;
	free(def.dir);
	def.dir = NULL;			/* initrd.img: relative, no dir */
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EINVAL);
	ck_assert_ptr_null(xml);
	vmdef_fini(&def);
}
END_TEST

START_TEST(format_stays_under_4_mib)
{
	size_t big = DOMXML_TEXT_MAX - 4096;
	struct vmdef def, back;
	char *xml = NULL;

	load_yaml(&def, full_yaml);
	ck_assert_int_eq(vmdef_absolute_paths(&def), 0);
	free(def.cmdline);
	def.cmdline = malloc(DOMXML_TEXT_MAX + 1);
	ck_assert_ptr_nonnull(def.cmdline);
	memset(def.cmdline, 'c', DOMXML_TEXT_MAX);
	def.cmdline[DOMXML_TEXT_MAX] = '\0';
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EMSGSIZE);
	def.cmdline[DOMXML_TEXT_MAX - 1000] = '\0';	/* fits; XML does not */
	ck_assert_int_eq(domxml_format(&def, NULL, &xml), -EMSGSIZE);
	ck_assert_ptr_null(xml);
	def.cmdline[big] = '\0';
	xml = format_ok(&def, NULL);
	ck_assert_uint_lt(strlen(xml), DOMXML_TEXT_MAX);
	parse_ok(xml, &back);
	ck_assert(vmdef_equal(&def, &back));
	vmdef_fini(&back);
	free(xml);
	vmdef_fini(&def);
}
END_TEST

/*
 * What the parser accepts.
 */

START_TEST(minimal_xml_gets_the_yaml_defaults)
{
	struct vmdef def, other;

	parse_ok("<domain type='hv'><name>t</name><memory>16384</memory>"
	    "<os><kernel>/k</kernel></os></domain>", &def);
	ck_assert_str_eq(def.name, "t");
	ck_assert_uint_eq(def.memory, 16u << 20);
	ck_assert_uint_eq(def.vcpus, 1);
	ck_assert_str_eq(def.kernel_path, "/k");
	ck_assert_int_eq(def.kernel_format, VMDEF_FORMAT_IMAGE);
	ck_assert(!def.has_load_address);
	ck_assert_ptr_null(def.initrd_path);
	ck_assert_ptr_null(def.cmdline);
	ck_assert_uint_eq(def.region_count, 0);
	ck_assert_uint_eq(def.console_log_size, 1u << 20);
	ck_assert(!def.autostart);
	ck_assert_int_eq(def.on_crash, VMDEF_ON_CRASH_DESTROY);
	ck_assert_str_eq(def.source, DOMXML_SOURCE);
	ck_assert_ptr_null(def.dir);
	ck_assert(def.uuid_generated);
	ck_assert_uint_eq(def.uuid.bytes[6] >> 4, 4);
	parse_ok("<domain type='hv'><name>t</name><memory>16384</memory>"
	    "<os><kernel>/k</kernel></os></domain>", &other);
	ck_assert(!hvuuid_equal(&def.uuid, &other.uuid));
	vmdef_fini(&other);
	vmdef_fini(&def);
}
END_TEST

/* A unit, a number, and the bytes they make (0: refused, see message). */
static const struct {
	const char *unit;
	const char *value;
	unsigned long long bytes;
	const char *message;
} memory_units[] = {
	{ NULL, "16384", 16ull << 20, NULL },
	{ "KiB", "16384", 16ull << 20, NULL },
	{ "k", "16384", 16ull << 20, NULL },
	{ "K", "16384", 16ull << 20, NULL },
	{ "kib", "16384", 16ull << 20, NULL },
	{ "b", "16777216", 16ull << 20, NULL },
	{ "bytes", "16777216", 16ull << 20, NULL },
	{ "byte", "16777216", 16ull << 20, NULL },
	{ "M", "16", 16ull << 20, NULL },
	{ "MiB", "16", 16ull << 20, NULL },
	{ "m", "16", 16ull << 20, NULL },
	{ "G", "2", 2ull << 30, NULL },
	{ "GiB", "2", 2ull << 30, NULL },
	{ "KB", "32768000", 32768000000ull, NULL },	/* lcm(10^6, 2M) */
	{ "MB", "32768", 32768000000ull, NULL },
	{ "mb", "32768", 32768000000ull, NULL },
	{ "kB", "32768000", 32768000000ull, NULL },
	{ "  MiB", "16", 0, "XML error: line 1: <memory>: bad unit '  MiB' "
	    "(expected b, bytes, KiB, KB, k, MiB, MB, M, GiB, GB, G, TiB, TB, "
	    "T, PiB, PB, P, EiB, EB or E)" },
	{ "MiBs", "16", 0, "XML error: line 1: <memory>: bad unit 'MiBs' "
	    "(expected b, bytes, KiB, KB, k, MiB, MB, M, GiB, GB, G, TiB, TB, "
	    "T, PiB, PB, P, EiB, EB or E)" },
	{ "GB", "1", 0, "XML error: memory: 1000000000 is not a multiple "
	    "of 2M" },
	{ "TB", "1", 0, "XML error: memory: 976562500K is not a multiple "
	    "of 2M" },
	{ "TB", "2", 0, "XML error: memory: 1953125000K is out of range "
	    "(2M..1023G)" },
	{ "T", "1", 0, "XML error: memory: 1T is out of range (2M..1023G)" },
	{ "TiB", "1", 0, "XML error: memory: 1T is out of range (2M..1023G)" },
	{ "P", "1", 0, "XML error: memory: 1024T is out of range "
	    "(2M..1023G)" },
	{ "PB", "1", 0, "XML error: memory: 976562500000K is out of range "
	    "(2M..1023G)" },
	{ "EiB", "16", 0, "XML error: line 1: <memory>: 16 EiB is too large" },
	{ "E", "15", 0, "XML error: memory: 15728640T is out of range "
	    "(2M..1023G)" },
	{ "EB", "19", 0, "XML error: line 1: <memory>: 19 EB is too large" },
	{ NULL, " 16384\n ", 16ull << 20, NULL },
	{ NULL, "", 0, "XML error: line 1: <memory>: bad number '' "
	    "(expected decimal digits)" },
	{ NULL, "-16384", 0, "XML error: line 1: <memory>: bad number "
	    "'-16384' (expected decimal digits)" },
	{ NULL, "0x4000", 0, "XML error: line 1: <memory>: bad number "
	    "'0x4000' (expected decimal digits)" },
	{ NULL, "16 384", 0, "XML error: line 1: <memory>: bad number "
	    "'16 384' (expected decimal digits)" },
	{ NULL, "99999999999999999999", 0, "XML error: line 1: <memory>: "
	    "99999999999999999999 is too large" },
};

START_TEST(memory_units_scale_as_libvirt_does)
{
	char xml[512], unit[64] = "", err[DOMXML_ERROR_MAX];
	struct vmdef def;
	int code, rc;

	if (memory_units[_i].unit != NULL) {
		snprintf(unit, sizeof(unit), " unit='%s'",
		    memory_units[_i].unit);
	}
	snprintf(xml, sizeof(xml), "<domain type='hv'><name>t</name>"
	    "<memory%s>%s</memory><os><kernel>/k</kernel></os></domain>",
	    unit, memory_units[_i].value);
	rc = parse_len(xml, strlen(xml), &def, err, &code);
	if (memory_units[_i].message == NULL) {
		ck_assert_msg(rc == 0, "%s: %s", xml, err);
		ck_assert_uint_eq(def.memory, memory_units[_i].bytes);
	} else {
		ck_assert_int_eq(rc, -EINVAL);
		ck_assert_int_eq(code, VIR_ERR_XML_ERROR);
		ck_assert_str_eq(err, memory_units[_i].message);
	}
	vmdef_fini(&def);
}
END_TEST

START_TEST(current_memory_equal_in_any_unit)
{
	struct vmdef def;

	parse_ok(DOC("  <currentMemory unit='KiB'>16384</currentMemory>\n"),
	    &def);
	ck_assert_uint_eq(def.memory, 16u << 20);
	vmdef_fini(&def);
	parse_ok(DOC("  <currentMemory unit='b'>16777216</currentMemory>\n"),
	    &def);
	vmdef_fini(&def);
}
END_TEST

/* What a libvirt user writes: declaration, comments, no placement, arch
 * or machine, <serial> and <console>, foreign metadata, CDATA, an id. */
static const char virsh_style_xml[] =
	"<?xml version='1.0' encoding='UTF-8'?>\n"
	"<!-- made by hand -->\n"
	"<domain type=\"hv\" id=\"7\">\n"
	"  <name>hand</name>\n"
	"  <uuid> 00112233-4455-6677-8899-AABBCCDDEEFF </uuid>\n"
	"  <memory unit=\"MiB\">64</memory>\n"
	"  <currentMemory unit=\"MiB\">64</currentMemory>\n"
	"  <vcpu>2</vcpu>\n"
	"  <os>\n"
	"    <type>hvm</type>\n"
	"    <!-- the kernel -->\n"
	"    <kernel>/srv/vm/Image</kernel>\n"
	"    <cmdline><![CDATA[console=ttyAMA0 a<b]]> &amp; &#x41;</cmdline>\n"
	"  </os>\n"
	"  <on_crash>preserve</on_crash>\n"
	"  <devices>\n"
	"    <serial type='pty'>\n"
	"      <target type='system-serial' port='0'>\n"
	"        <model name='pl011'/>\n"
	"      </target>\n"
	"    </serial>\n"
	"    <console type='pty'>\n"
	"      <target type='serial' port='0'/>\n"
	"    </console>\n"
	"  </devices>\n"
	"  <metadata>\n"
	"    <app:info xmlns:app='urn:example:app'><app:owner>ops</app:owner>"
	"</app:info>\n"
	"    <plain/>\n"
	"    <?hv ignored?>\n"
	"    <hv:vm xmlns:hv='urn:hv:domain:1'>\n"
	"      <hv:autostart> yes </hv:autostart>\n"
	"    </hv:vm>\n"
	"  </metadata>\n"
	"</domain>\n";

START_TEST(virsh_style_xml_is_accepted)
{
	char uuid[HVUUID_TEXT_MAX];
	struct vmdef def;

	parse_ok(virsh_style_xml, &def);
	ck_assert_str_eq(def.name, "hand");
	hvuuid_format(&def.uuid, uuid);
	ck_assert_str_eq(uuid, "00112233-4455-6677-8899-aabbccddeeff");
	ck_assert(!def.uuid_generated);
	ck_assert_uint_eq(def.memory, 64u << 20);
	ck_assert_uint_eq(def.vcpus, 2);
	ck_assert_str_eq(def.kernel_path, "/srv/vm/Image");
	ck_assert_str_eq(def.cmdline, "console=ttyAMA0 a<b & A");
	ck_assert_int_eq(def.on_crash, VMDEF_ON_CRASH_PRESERVE);
	ck_assert(def.autostart);
	vmdef_fini(&def);
}
END_TEST

START_TEST(hv_metadata_any_prefix_and_forms)
{
	struct vmdef def;

	parse_ok(DOC("  <metadata><x:vm xmlns:x='urn:hv:domain:1'>"
	    "<x:kernel format='raw' load_address='1073741824'/>"
	    "<x:console log_size='64K'/>"
	    "<x:region name='r' ipa='0x80000000' size='8K'/>"
	    "<x:region name='s' ipa='2415919104' size='4096' perm='xwr' "
	    "mode='prefault'><x:shared_with>b</x:shared_with></x:region>"
	    "</x:vm></metadata>\n"), &def);
	ck_assert_int_eq(def.kernel_format, VMDEF_FORMAT_RAW);
	ck_assert(def.has_load_address);
	ck_assert_uint_eq(def.load_address, 0x40000000);
	ck_assert_uint_eq(def.console_log_size, 64u << 10);
	ck_assert_uint_eq(def.region_count, 2);
	ck_assert_uint_eq(def.regions[0].size, 8192);
	ck_assert_uint_eq(def.regions[0].perm, VMDEF_PERM_R | VMDEF_PERM_W);
	ck_assert_int_eq(def.regions[0].mode, VMDEF_MODE_PREFAULT);
	ck_assert_uint_eq(def.regions[1].ipa, 0x90000000);
	ck_assert_uint_eq(def.regions[1].perm, VMDEF_PERM_R | VMDEF_PERM_W |
	    VMDEF_PERM_X);
	ck_assert_uint_eq(def.regions[1].shared_count, 1);
	ck_assert_str_eq(def.regions[1].shared_with[0], "b");
	vmdef_fini(&def);
}
END_TEST

/*
 * What the parser refuses: unsupported (67) and XML errors (27).
 */

static const struct {
	const char *xml;
	const char *message;
} unsupported[] = {
	{ "<domain type='kvm'><name>t</name></domain>",
	  "domain type 'kvm' is not supported by hv" },
	{ "<domain type='qemu'/>",
	  "domain type 'qemu' is not supported by hv" },
	{ "<domain type='hv' foo='1'/>",
	  "attribute 'foo' of <domain> is not supported by hv" },
	{ "<domain type='hv' xmlns:x='urn:x' x:foo='1'/>",
	  "attribute 'x:foo' of <domain> is not supported by hv" },
	{ DOC("  <devices><disk type='file' device='disk'/></devices>\n"),
	  "element <devices/disk> is not supported by hv" },
	{ DOC("  <devices><interface type='network'/></devices>\n"),
	  "element <devices/interface> is not supported by hv" },
	{ DOC("  <devices><emulator>/usr/bin/qemu</emulator></devices>\n"),
	  "element <devices/emulator> is not supported by hv" },
	{ DOC("  <title>A VM</title>\n"),
	  "element <title> is not supported by hv" },
	{ DOC("  <description>text</description>\n"),
	  "element <description> is not supported by hv" },
	{ DOC("  <maxMemory slots='4' unit='KiB'>1</maxMemory>\n"),
	  "element <maxMemory> is not supported by hv" },
	{ DOC("  <memoryBacking><hugepages/></memoryBacking>\n"),
	  "element <memoryBacking> is not supported by hv" },
	{ DOC("  <cpu mode='host-passthrough'/>\n"),
	  "element <cpu> is not supported by hv" },
	{ DOC("  <features><acpi/></features>\n"),
	  "element <features> is not supported by hv" },
	{ DOC("  <clock offset='utc'/>\n"),
	  "element <clock> is not supported by hv" },
	{ DOC("  <on_lockfailure>poweroff</on_lockfailure>\n"),
	  "element <on_lockfailure> is not supported by hv" },
	{ DOC("  <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/"
	  "domain/qemu/1.0'/>\n"),
	  "element <qemu:commandline> is not supported by hv" },
	{ DOC("  <hv:vm xmlns:hv='urn:hv:domain:1'/>\n"),
	  "element <hv:vm> is not supported by hv" },
	{ "<domain type='hv'><name>t</name>"
	  "<memory unit='MiB' dumpCore='off'>16</memory></domain>",
	  "attribute 'dumpCore' of <memory> is not supported by hv" },
	{ DOC("  <currentMemory unit='MiB'>8</currentMemory>\n"),
	  "<currentMemory> other than <memory> is not supported by hv "
	  "(no memory ballooning)" },
	{ DOC("  <vcpu current='1'>2</vcpu>\n"),
	  "attribute 'current' of <vcpu> is not supported by hv" },
	{ DOC("  <vcpu placement='static' cpuset='1-2'>2</vcpu>\n"),
	  "attribute 'cpuset' of <vcpu> is not supported by hv" },
	{ DOC("  <vcpu placement='auto'>2</vcpu>\n"),
	  "attribute placement='auto' of <vcpu> is not supported by hv "
	  "(only 'static')" },
	{ DOC_WITH_OS("  <os><type>linux</type></os>\n"),
	  "<os/type> 'linux' is not supported by hv (only 'hvm')" },
	{ DOC_WITH_OS("  <os><type arch='x86_64'>hvm</type></os>\n"),
	  "attribute arch='x86_64' of <os/type> is not supported by hv "
	  "(only 'aarch64')" },
	{ DOC_WITH_OS("  <os><type machine='virt-7.2'>hvm</type></os>\n"),
	  "attribute machine='virt-7.2' of <os/type> is not supported by hv "
	  "(only 'virt')" },
	{ DOC_WITH_OS("  <os><type firmware='efi'>hvm</type></os>\n"),
	  "attribute 'firmware' of <os/type> is not supported by hv" },
	{ DOC_WITH_OS("  <os><kernel>/k</kernel><boot dev='hd'/></os>\n"),
	  "element <os/boot> is not supported by hv" },
	{ DOC_WITH_OS("  <os><loader>/efi.fd</loader></os>\n"),
	  "element <os/loader> is not supported by hv" },
	{ DOC_WITH_OS("  <os><kernel>/k</kernel><dtb>/k.dtb</dtb></os>\n"),
	  "element <os/dtb> is not supported by hv" },
	{ DOC("  <on_poweroff>restart</on_poweroff>\n"),
	  "<on_poweroff> 'restart' is not supported by hv (only 'destroy')" },
	{ DOC("  <on_reboot>destroy</on_reboot>\n"),
	  "<on_reboot> 'destroy' is not supported by hv (only 'restart')" },
	{ DOC("  <on_crash>coredump-destroy</on_crash>\n"),
	  "<on_crash> 'coredump-destroy' is not supported by hv "
	  "(only destroy, restart or preserve)" },
	{ DOC("  <devices><console type='file'/></devices>\n"),
	  "attribute type='file' of <devices/console> is not supported by hv "
	  "(only 'pty')" },
	{ DOC("  <devices><console/></devices>\n"),
	  "<devices/console> without type='pty' is not supported by hv" },
	{ DOC("  <devices><console type='pty'><target type='virtio'/>"
	  "</console></devices>\n"),
	  "attribute type='virtio' of <devices/console/target> is not "
	  "supported by hv (only 'serial')" },
	{ DOC("  <devices><console type='pty'><target port='1'/></console>"
	  "</devices>\n"),
	  "attribute port='1' of <devices/console/target> is not supported "
	  "by hv (only '0')" },
	{ DOC("  <devices><console type='pty'><source path='/dev/pts/3'/>"
	  "</console></devices>\n"),
	  "element <devices/console/source> is not supported by hv" },
	{ DOC("  <devices><console type='pty'><target><x/></target>"
	  "</console></devices>\n"),
	  "element <devices/console/target/x> is not supported by hv" },
	{ DOC("  <devices><console type='pty'/><console type='pty'/>"
	  "</devices>\n"),
	  "a second <devices/console> is not supported by hv" },
	{ DOC("  <devices><serial type='pty'/><serial type='pty'/>"
	  "</devices>\n"),
	  "a second <devices/serial> is not supported by hv" },
	{ DOC("  <devices><serial type='pty'><target type='isa-serial'/>"
	  "</serial></devices>\n"),
	  "attribute type='isa-serial' of <devices/serial/target> is not "
	  "supported by hv (only 'system-serial')" },
	{ DOC("  <devices><serial type='pty'><target><model name='16550a'/>"
	  "</target></serial></devices>\n"),
	  "attribute name='16550a' of <devices/serial/target/model> is not "
	  "supported by hv (only 'pl011')" },
	{ HV("    <hv:cpu/>\n"),
	  "element <metadata/hv:vm/hv:cpu> is not supported by hv" },
	{ HV("    <hv:kernel format='raw' entry='0x0'/>\n"),
	  "attribute 'entry' of <metadata/hv:vm/hv:kernel> is not supported "
	  "by hv" },
	{ HV("    <hv:region name='r' ipa='0x80000000' size='4K' "
	  "cache='wb'/>\n"),
	  "attribute 'cache' of <metadata/hv:vm/hv:region> is not supported "
	  "by hv" },
	{ HV("    <hv:autostart xmlns:o='urn:o' o:when='boot'>yes"
	  "</hv:autostart>\n"),
	  "attribute 'o:when' of <metadata/hv:vm/hv:autostart> is not "
	  "supported by hv" },
	{ HV("    <o:x xmlns:o='urn:o'/>\n"),
	  "element <metadata/hv:vm/o:x> is not supported by hv" },
	{ DOC("  <metadata><hv:other xmlns:hv='urn:hv:domain:1'/>"
	  "</metadata>\n"),
	  "element <metadata/hv:other> is not supported by hv" },
};

START_TEST(unsupported_configuration_is_refused_by_name)
{
	char message[DOMXML_ERROR_MAX];

	snprintf(message, sizeof(message), "unsupported configuration: %s",
	    unsupported[_i].message);
	expect_refused(unsupported[_i].xml, VIR_ERR_CONFIG_UNSUPPORTED,
	    message);
}
END_TEST

/* MiB of memory, then @regions (hv:region lines) from line 5. */
#define REGIONS(regions)	HV(regions)

static const struct {
	const char *xml;
	const char *message;
} wrong[] = {
	{ "<domain><name>t</name></domain>",
	  "line 1: <domain> has no attribute 'type'" },
	{ "<vm type='hv'/>",
	  "line 1: expected <domain> as the root element, not <vm>" },
	{ "<domain xmlns='http://libvirt.org/schemas/domain' type='hv'/>",
	  "line 1: <domain> in namespace 'http://libvirt.org/schemas/domain': "
	  "expected no namespace" },
	{ "<domain type='hv'>\n  <name>web/1</name>\n</domain>",
	  "line 2: <name>: bad name 'web/1' (1 to 63 letters, digits, '-', "
	  "'_' or '.')" },
	{ "<domain type='hv'>\n  <name> t</name>\n</domain>",
	  "line 2: <name>: bad name ' t' (1 to 63 letters, digits, '-', "
	  "'_' or '.')" },
	{ "<domain type='hv'>\n  <name>a123456789b123456789c123456789d1234"
	  "56789e123456789f123456789abcd</name>\n</domain>",
	  "line 2: <name>: bad name 'a123456789b123456789c123456789d123456789"
	  "e123456789f123456789abcd' (1 to 63 letters, digits, '-', '_' or "
	  "'.')" },
	{ "<domain type='hv'>\n  <name>t<b/></name>\n</domain>",
	  "line 2: <name> must hold text only" },
	{ DOC("  <name>u</name>\n"), "line 5: element <name> given twice" },
	{ DOC("  <os><kernel>/k</kernel></os>\n"),
	  "line 5: element <os> given twice" },
	{ DOC_WITH_OS("  <os><kernel>/a</kernel><kernel>/b</kernel></os>\n"),
	  "line 4: element <os/kernel> given twice" },
	{ DOC("  <uuid>1234</uuid>\n"),
	  "line 5: <uuid>: bad uuid '1234' (expected 8-4-4-4-12 hex digits)" },
	{ DOC("  <uuid>00112233445566778899aabbccddeeff</uuid>\n"),
	  "line 5: <uuid>: bad uuid '00112233445566778899aabbccddeeff' "
	  "(expected 8-4-4-4-12 hex digits)" },
	{ "<domain type='hv'><name>t</name>"
	  "<memory unit='MiB'>3</memory><os><kernel>/k</kernel></os></domain>",
	  "memory: 3M is not a multiple of 2M" },
	{ "<domain type='hv'><name>t</name>"
	  "<memory unit='KiB'>1024</memory><os><kernel>/k</kernel></os>"
	  "</domain>", "memory: 1M is out of range (2M..1023G)" },
	{ "<domain type='hv'><name>t</name>"
	  "<memory>abc</memory><os><kernel>/k</kernel></os></domain>",
	  "line 1: <memory>: bad number 'abc' (expected decimal digits)" },
	{ DOC("  <vcpu>9</vcpu>\n"), "vcpus: 9 is out of range (1..8)" },
	{ DOC("  <vcpu>0</vcpu>\n"), "vcpus: 0 is out of range (1..8)" },
	{ DOC("  <vcpu>4294967296</vcpu>\n"),
	  "line 5: <vcpu>: 4294967296 is out of range (1..8)" },
	{ DOC("  <vcpu>two</vcpu>\n"),
	  "line 5: <vcpu>: bad number 'two' (expected decimal digits)" },
	{ DOC_WITH_OS("  <os><kernel>boot/Image</kernel></os>\n"),
	  "line 4: <os/kernel>: 'boot/Image' is not an absolute path" },
	{ DOC_WITH_OS("  <os><kernel></kernel></os>\n"),
	  "line 4: <os/kernel>: '' is not an absolute path" },
	{ DOC_WITH_OS("  <os><kernel>/k</kernel><initrd>./initrd</initrd>"
	  "</os>\n"),
	  "line 4: <os/initrd>: './initrd' is not an absolute path" },
	{ DOC_WITH_OS("  <os>junk<kernel>/k</kernel></os>\n"),
	  "line 4: unexpected text in <os>" },
	{ "<domain type='hv'><memory>16384</memory>"
	  "<os><kernel>/k</kernel></os></domain>", "missing element <name>" },
	{ "<domain type='hv'><name>t</name>"
	  "<os><kernel>/k</kernel></os></domain>", "missing element <memory>" },
	{ DOC_WITH_OS(""), "missing element <os/kernel>" },
	{ DOC_WITH_OS("  <os><type>hvm</type></os>\n"),
	  "missing element <os/kernel>" },
	{ HV("    <hv:kernel format='raw'/>\n"),
	  "kernel: a raw image needs a load_address" },
	{ HV("    <hv:kernel format='raw' load_address='0x41000000'/>\n"),
	  "kernel.load_address: 0x41000000 is outside guest RAM "
	  "[0x40000000, 0x41000000)" },
	{ HV("    <hv:kernel format='coff'/>\n"),
	  "line 6: attribute format='coff' of <metadata/hv:vm/hv:kernel>: "
	  "expected elf, image or raw" },
	{ HV("    <hv:kernel load_address='0xg'/>\n"),
	  "line 6: attribute load_address='0xg' of <metadata/hv:vm/hv:kernel>: "
	  "expected an integer (decimal, or hex with 0x)" },
	{ HV("    <hv:kernel/>\n    <hv:kernel/>\n"),
	  "line 7: element <metadata/hv:vm/hv:kernel> given twice" },
	{ HV("    <hv:console log_size='2K'/>\n"),
	  "console.log_size: 2K is out of range (4K..1G)" },
	{ HV("    <hv:console log_size='lots'/>\n"),
	  "line 6: attribute log_size='lots' of <metadata/hv:vm/hv:console>: "
	  "expected a size (bytes, or a number with K, M, G or T)" },
	{ HV("    <hv:autostart>maybe</hv:autostart>\n"),
	  "line 6: <metadata/hv:vm/hv:autostart>: bad value 'maybe' "
	  "(expected yes or no)" },
	{ DOC("  <metadata><hv:vm xmlns:hv='urn:hv:domain:1'/>"
	  "<hv:vm xmlns:hv='urn:hv:domain:1'/></metadata>\n"),
	  "line 5: element <metadata/hv:vm> given twice" },
	{ REGIONS("    <hv:region ipa='0x80000000' size='4K'/>\n"),
	  "line 6: <metadata/hv:vm/hv:region> has no attribute 'name'" },
	{ REGIONS("    <hv:region name='r' size='4K'/>\n"),
	  "line 6: <metadata/hv:vm/hv:region> has no attribute 'ipa'" },
	{ REGIONS("    <hv:region name='r' ipa='0x80000000'/>\n"),
	  "line 6: <metadata/hv:vm/hv:region> has no attribute 'size'" },
	{ REGIONS("    <hv:region name='r/1' ipa='0x80000000' size='4K'/>\n"),
	  "line 6: attribute name='r/1' of <metadata/hv:vm/hv:region>: "
	  "expected 1 to 63 letters, digits, '-', '_' or '.'" },
	{ REGIONS("    <hv:region name='r' ipa='0x80000800' size='4K'/>\n"),
	  "regions[0].ipa: 0x80000800 is not aligned to 4K" },
	{ REGIONS("    <hv:region name='r' ipa='0x80000000' size='6000'/>\n"),
	  "regions[0].size: 6000 is not a multiple of 4K" },
	{ REGIONS("    <hv:region name='r' ipa='0x10000000000' size='4K'/>\n"),
	  "regions[0].ipa: 0x10000000000 is out of range (0x0..0xffffffffff)" },
	{ REGIONS("    <hv:region name='r' ipa='0x9000000' size='4K'/>\n"),
	  "regions[0]: [0x9000000, 0x9001000) overlaps the devices at "
	  "[0x8000000, 0xa000000) (interrupt controller, UART)" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='64K'/>\n"
	  "    <hv:region name='b' ipa='0x8000f000' size='8K'/>\n"),
	  "regions[1]: [0x8000f000, 0x80011000) overlaps region 'a' "
	  "[0x80000000, 0x80010000)" },
	{ REGIONS("    <hv:region name='a' ipa='0x40fff000' size='8K'/>\n"),
	  "regions[0]: [0x40fff000, 0x41001000) overlaps guest RAM "
	  "[0x40000000, 0x41000000)" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K'/>\n"
	  "    <hv:region name='a' ipa='0x90000000' size='4K'/>\n"),
	  "regions[1]: duplicate region name 'a' (also regions[0])" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K' "
	  "perm='rwq'/>\n"),
	  "line 6: attribute perm='rwq' of <metadata/hv:vm/hv:region>: "
	  "expected some of r, w and x" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K' "
	  "perm=''/>\n"),
	  "line 6: attribute perm='' of <metadata/hv:vm/hv:region>: "
	  "expected some of r, w and x" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K' "
	  "mode='lazy'/>\n"),
	  "line 6: attribute mode='lazy' of <metadata/hv:vm/hv:region>: "
	  "expected prefault or demand" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K' "
	  "mode='demand'><hv:shared_with>b</hv:shared_with></hv:region>\n"),
	  "regions[0]: a shared region cannot be demand-paged "
	  "(mode: prefault)" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K'>"
	  "<hv:shared_with>b</hv:shared_with><hv:shared_with>b"
	  "</hv:shared_with></hv:region>\n"),
	  "regions[0].shared_with[1]: 'b' is named twice" },
	{ REGIONS("    <hv:region name='a' ipa='0x80000000' size='4K'>"
	  "<hv:shared_with>b c</hv:shared_with></hv:region>\n"),
	  "line 6: <metadata/hv:vm/hv:region/hv:shared_with>: bad VM name "
	  "'b c'" },
	{ DOC("  <metadata><hv:vm/></metadata>\n"),
	  "line 5: Namespace prefix hv on vm is not defined" },
	{ "<domain type='hv'>\n  <name>t</domain>",
	  "line 2: Opening and ending tag mismatch: name line 2 and domain" },
	{ "<domain type='hv'/><domain type='hv'/>",
	  "line 1: Extra content at the end of the document" },
	{ "<domain type='hv'><name>&xxe;</name></domain>",
	  "line 1: Entity 'xxe' not defined" },
	{ "", "line 1: Document is empty" },
};

START_TEST(wrong_values_are_xml_errors)
{
	char message[DOMXML_ERROR_MAX];

	snprintf(message, sizeof(message), "XML error: %s",
	    wrong[_i].message);
	expect_refused(wrong[_i].xml, VIR_ERR_XML_ERROR, message);
}
END_TEST

/* A region line per @count, at distinct pages. */
static void
many_regions(char *xml, size_t len, size_t count, const char *shared)
{
	size_t used, i;

	used = (size_t)snprintf(xml, len, DOC_HEAD DOC_OS "  <metadata>"
	    "<hv:vm xmlns:hv='urn:hv:domain:1'>\n");
	for (i = 0; i < count; i++) {
		used += (size_t)snprintf(xml + used, len - used,
		    "<hv:region name='r%zu' ipa='0x%zx' size='4K'>%s"
		    "</hv:region>\n", i, 0x80000000 + i * 0x1000, shared);
	}
	used += (size_t)snprintf(xml + used, len - used,
	    "</hv:vm></metadata>\n" DOC_TAIL);
	ck_assert_uint_lt(used, len);
}

START_TEST(too_many_regions_or_sharers)
{
	char xml[16384], shared[2048];
	struct vmdef def;
	size_t used = 0, i;

	many_regions(xml, sizeof(xml), VMDEF_REGION_MAX, "");
	parse_ok(xml, &def);
	ck_assert_uint_eq(def.region_count, VMDEF_REGION_MAX);
	vmdef_fini(&def);
	many_regions(xml, sizeof(xml), VMDEF_REGION_MAX + 1, "");
	expect_refused(xml, VIR_ERR_XML_ERROR, "XML error: line 38: too many "
	    "<metadata/hv:vm/hv:region> (at most 32)");
	for (i = 0; i <= VMDEF_SHARED_MAX; i++) {
		used += (size_t)snprintf(shared + used, sizeof(shared) - used,
		    "<hv:shared_with>v%zu</hv:shared_with>", i);
	}
	many_regions(xml, sizeof(xml), 1, shared);
	expect_refused(xml, VIR_ERR_XML_ERROR, "XML error: line 6: too many "
	    "<metadata/hv:vm/hv:region/hv:shared_with> (at most 16)");
}
END_TEST

/*
 * Truncated and hostile documents.
 */

/* Every prefix of @xml: an XML error until the root element closes. */
static void
assert_truncations_fail_cleanly(const char *xml)
{
	const char *end = strstr(xml, "</domain>");
	char err[DOMXML_ERROR_MAX];
	size_t len, whole;
	struct vmdef def;
	int code, rc;

	ck_assert_ptr_nonnull(end);
	whole = (size_t)(end - xml) + strlen("</domain>");
	for (len = 0; len <= strlen(xml); len++) {
		code = -1;
		rc = parse_len(xml, len, &def, err, &code);
		vmdef_fini(&def);
		if (len >= whole) {
			ck_assert_msg(rc == 0, "length %zu: %s", len, err);
			continue;
		}
		ck_assert_msg(rc == -EINVAL && code == VIR_ERR_XML_ERROR,
		    "length %zu: rc %d code %d '%s'", len, rc, code, err);
		ck_assert_msg(strncmp(err, "XML error: ", 11) == 0,
		    "length %zu: '%s'", len, err);
	}
}

START_TEST(every_truncation_fails_cleanly)
{
	assert_truncations_fail_cleanly(full_xml);
	assert_truncations_fail_cleanly(virsh_style_xml);
}
END_TEST

START_TEST(document_of_4_mib_is_refused)
{
	size_t len = DOMXML_TEXT_MAX, head;
	char err[DOMXML_ERROR_MAX];
	struct vmdef def;
	char *xml;
	int code;

	/* the full XML, a comment of blanks, "-->\n": exactly 4 MiB */
	xml = malloc(len + 1);
	ck_assert_ptr_nonnull(xml);
	head = (size_t)snprintf(xml, len, "%s<!--", full_xml);
	memset(xml + head, ' ', len - head);
	memcpy(xml + len - 4, "-->\n", 4);
	xml[len] = '\0';
	ck_assert_int_eq(parse_len(xml, len, &def, err, &code), -EMSGSIZE);
	ck_assert_int_eq(code, VIR_ERR_XML_ERROR);
	ck_assert_str_eq(err, "XML error: document of 4194304 bytes is too "
	    "large (at most 4194303)");
	vmdef_fini(&def);
	ck_assert_int_eq(parse_len(xml, SIZE_MAX, &def, err, &code), -EMSGSIZE);
	vmdef_fini(&def);
	/* one byte less (no final newline) is read */
	ck_assert_int_eq(parse_len(xml, len - 1, &def, err, &code), 0);
	ck_assert_str_eq(def.name, "web-1.a_b");
	vmdef_fini(&def);
	free(xml);
}
END_TEST

/* A file whose opening or reading inotify would tell, and its secret. */
struct watched {
	char path[64];
	int fd;
};

#define SECRET	"HV-SECRET-7c1e"

static void
watched_create(struct watched *w)
{
	int fd;

	strcpy(w->path, "/tmp/check_domxml.XXXXXX");
	fd = mkstemp(w->path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, SECRET, strlen(SECRET)),
	    (ssize_t)strlen(SECRET));
	close(fd);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	ck_assert_int_ge(w->fd, 0);
	ck_assert_int_ge(inotify_add_watch(w->fd, w->path,
	    IN_OPEN | IN_ACCESS), 0);
}

/* Nobody opened or read the file since watched_create(). */
static void
watched_untouched(struct watched *w)
{
	char buf[4096];

	ck_assert_int_eq(read(w->fd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(w->fd);
	unlink(w->path);
}

/* @before, the watched path, @after: refused with @code and @message,
 * the file neither opened nor read, its secret nowhere. */
static void
assert_not_read(const char *before, const char *after, int code,
    const char *message)
{
	char xml[2048], err[DOMXML_ERROR_MAX];
	struct watched w;
	struct vmdef def;
	int got, rc;

	watched_create(&w);
	snprintf(xml, sizeof(xml), "%s%s%s", before, w.path, after);
	rc = parse_len(xml, strlen(xml), &def, err, &got);
	ck_assert_int_eq(rc, code == VIR_ERR_XML_ERROR ? -EINVAL : -EOPNOTSUPP);
	ck_assert_int_eq(got, code);
	ck_assert_str_eq(err, message);
	ck_assert_ptr_null(strstr(err, SECRET));
	ck_assert_ptr_null(strstr(def.name, SECRET));
	vmdef_fini(&def);
	watched_untouched(&w);
}

#define NO_DOCTYPE	"XML error: a DOCTYPE is not allowed in domain XML " \
	"(no DTD, no entities)"

START_TEST(external_entities_are_not_read)
{
	/* the classic XXE: a SYSTEM entity in text */
	assert_not_read("<!DOCTYPE domain [<!ENTITY xxe SYSTEM 'file://",
	    "'>]>\n<domain type='hv'><name>&xxe;</name><memory>16384</memory>"
	    "<os><kernel>/k</kernel><cmdline>&xxe;</cmdline></os></domain>",
	    VIR_ERR_XML_ERROR, NO_DOCTYPE);
	/* a parameter entity, expanded in the internal subset itself */
	assert_not_read("<!DOCTYPE domain [<!ENTITY % p SYSTEM '",
	    "'> %p;]>\n<domain type='hv'/>", VIR_ERR_XML_ERROR, NO_DOCTYPE);
	/* an external DTD */
	assert_not_read("<!DOCTYPE domain SYSTEM 'file://",
	    "'>\n<domain type='hv'/>", VIR_ERR_XML_ERROR, NO_DOCTYPE);
	/* XInclude is never processed: skipped as foreign metadata, refused
	 * elsewhere */
	assert_not_read("<domain type='hv' "
	    "xmlns:xi='http://www.w3.org/2001/XInclude'><name>t</name>"
	    "<memory>16384</memory><os><kernel>/k</kernel></os>"
	    "<metadata><xi:include parse='text' href='",
	    "'/></metadata><xi:include href='/etc/hostname'/></domain>",
	    VIR_ERR_CONFIG_UNSUPPORTED, "unsupported configuration: element "
	    "<xi:include> is not supported by hv");
}
END_TEST

START_TEST(network_dtd_is_not_fetched)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char xml[512], err[DOMXML_ERROR_MAX];
	socklen_t addr_len = sizeof(addr);
	struct vmdef def;
	int s, code;

	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(s, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(s, 4), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&addr, &addr_len),
	    0);
	snprintf(xml, sizeof(xml), "<!DOCTYPE domain SYSTEM "
	    "'http://127.0.0.1:%u/domain.dtd' [<!ENTITY x SYSTEM "
	    "'http://127.0.0.1:%u/x'>]>\n<domain type='hv'>&x;</domain>",
	    ntohs(addr.sin_port), ntohs(addr.sin_port));
	ck_assert_int_eq(parse_len(xml, strlen(xml), &def, err, &code),
	    -EINVAL);
	ck_assert_str_eq(err, NO_DOCTYPE);
	vmdef_fini(&def);
	ck_assert_int_eq(accept(s, NULL, NULL), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(s);
}
END_TEST

START_TEST(entity_expansion_bomb_is_refused)
{
	static const char bomb[] =
		"<!DOCTYPE domain [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		"]>\n"
		"<domain type='hv'><name>t</name><memory>16384</memory>"
		"<os><kernel>/k</kernel><cmdline>&f;</cmdline></os></domain>";

	expect_refused(bomb, VIR_ERR_XML_ERROR, NO_DOCTYPE);
}
END_TEST

START_TEST(parse_error_leaves_a_definition_to_fini)
{
	static const char xml[] = "<domain type='hv'><name>t</name>"
	    "<memory>16384</memory><os><kernel>/k</kernel>"
	    "<cmdline>c</cmdline></os><vcpu>9</vcpu></domain>";
	char err[DOMXML_ERROR_MAX];
	struct vmdef def;
	int code;

	ck_assert_int_eq(domxml_parse(xml, strlen(xml), &def, err, sizeof(err),
	    &code), -EINVAL);
	ck_assert_str_eq(def.kernel_path, "/k");
	vmdef_fini(&def);
	ck_assert_ptr_null(def.kernel_path);
	/* a short buffer gets a cut message, never an overflow */
	ck_assert_int_eq(domxml_parse("<x/>", 4, &def, err, 12, &code),
	    -EINVAL);
	ck_assert_str_eq(err, "XML error: ");
	vmdef_fini(&def);
	ck_assert_int_eq(domxml_parse("<x/>", 4, &def, NULL, 0, &code),
	    -EINVAL);
	ck_assert_int_eq(code, VIR_ERR_XML_ERROR);
	vmdef_fini(&def);
}
END_TEST

static Suite *
domxml_suite(void)
{
	Suite *s = suite_create("domxml");
	TCase *tc = tcase_create("round_trip");

	tcase_add_test(tc, examples_round_trip_yaml_xml_yaml);
	tcase_add_test(tc, full_definition_round_trips);
	tcase_add_test(tc, full_definition_formats_exactly);
	tcase_add_test(tc, xml_reads_and_writes_back_identically);
	tcase_add_test(tc, minimal_definition_round_trips);
	tcase_add_test(tc, odd_strings_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_set_timeout(tc, 60);	/* 4 MiB texts, slow under ASan */
	tcase_add_test(tc, xml_has_exactly_the_contract_elements);
	tcase_add_test(tc, inactive_xml_has_no_id);
	tcase_add_test(tc, active_xml_has_its_id);
	tcase_add_test(tc, minimal_xml_omits_what_the_definition_lacks);
	tcase_add_test(tc, format_refuses_what_xml_cannot_carry);
	tcase_add_test(tc, format_stays_under_4_mib);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, minimal_xml_gets_the_yaml_defaults);
	tcase_add_loop_test(tc, memory_units_scale_as_libvirt_does, 0,
	    sizeof(memory_units) / sizeof(memory_units[0]));
	tcase_add_test(tc, current_memory_equal_in_any_unit);
	tcase_add_test(tc, virsh_style_xml_is_accepted);
	tcase_add_test(tc, hv_metadata_any_prefix_and_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("refuse");
	tcase_add_loop_test(tc, unsupported_configuration_is_refused_by_name,
	    0, sizeof(unsupported) / sizeof(unsupported[0]));
	tcase_add_loop_test(tc, wrong_values_are_xml_errors, 0,
	    sizeof(wrong) / sizeof(wrong[0]));
	tcase_add_test(tc, too_many_regions_or_sharers);
	tcase_add_test(tc, parse_error_leaves_a_definition_to_fini);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_truncation_fails_cleanly);
	tcase_add_test(tc, document_of_4_mib_is_refused);
	tcase_add_test(tc, external_entities_are_not_read);
	tcase_add_test(tc, network_dtd_is_not_fetched);
	tcase_add_test(tc, entity_expansion_bomb_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(domxml_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

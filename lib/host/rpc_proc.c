/* SPDX-License-Identifier: ISC */
/*
 * rpc_proc.c - the table of hv's RPC procedures (rpc_proc.h): numbers
 * from hv_protocol.x, payload types as hv_protocol.x's comments and
 * libvirt-rpc.md's procedure reference give them.
 */
#include <stddef.h>

#include "hv_protocol.h"
#include "rpc_proc.h"

/* A payload type: its XDR routine and the size of its C type. */
#define T(type)		(xdrproc_t)xdr_##type, sizeof(type)
/* An empty payload. */
#define NONE		NULL, 0

/* ARGS and RET are each T(type) or NONE: two initializers apiece, which is
 * why the macros pass them on as __VA_ARGS__. */
#define ENTRY(PROG, PREFIX, N, KIND, ...) \
	{ PROG, 1, PREFIX##_PROC_##N, #N, KIND, __VA_ARGS__ }
#define REMOTE(N, ...) \
	ENTRY(REMOTE_PROGRAM, REMOTE, N, RPC_PROC_CALL, __VA_ARGS__)
#define REMOTE_EVENT(N, ...) \
	ENTRY(REMOTE_PROGRAM, REMOTE, N, RPC_PROC_EVENT, __VA_ARGS__, NONE)
#define HVD(N, ...) \
	ENTRY(HVD_PROGRAM, HVD, N, RPC_PROC_CALL, __VA_ARGS__)

static const struct rpc_proc rpc_procs[] = {
	REMOTE(CONNECT_OPEN, T(remote_connect_open_args), NONE),
	REMOTE(CONNECT_CLOSE, NONE, NONE),
	REMOTE(CONNECT_GET_TYPE, NONE, T(remote_connect_get_type_ret)),
	REMOTE(CONNECT_GET_VERSION, NONE, T(remote_connect_get_version_ret)),
	REMOTE(CONNECT_GET_MAX_VCPUS, T(remote_connect_get_max_vcpus_args),
	    T(remote_connect_get_max_vcpus_ret)),
	REMOTE(NODE_GET_INFO, NONE, T(remote_node_get_info_ret)),
	REMOTE(CONNECT_GET_CAPABILITIES, NONE,
	    T(remote_connect_get_capabilities_ret)),
	REMOTE(DOMAIN_CREATE, T(remote_domain_args), NONE),
	REMOTE(DOMAIN_CREATE_XML, T(remote_domain_create_xml_args),
	    T(remote_domain_ret)),
	REMOTE(DOMAIN_DEFINE_XML, T(remote_domain_define_xml_args),
	    T(remote_domain_ret)),
	REMOTE(DOMAIN_DESTROY, T(remote_domain_args), NONE),
	REMOTE(DOMAIN_GET_XML_DESC, T(remote_domain_flags_args),
	    T(remote_domain_get_xml_desc_ret)),
	REMOTE(DOMAIN_GET_AUTOSTART, T(remote_domain_args),
	    T(remote_domain_int_ret)),
	REMOTE(DOMAIN_GET_INFO, T(remote_domain_args),
	    T(remote_domain_get_info_ret)),
	REMOTE(DOMAIN_GET_MAX_MEMORY, T(remote_domain_args),
	    T(remote_domain_get_max_memory_ret)),
	REMOTE(DOMAIN_GET_OS_TYPE, T(remote_domain_args),
	    T(remote_domain_get_os_type_ret)),
	REMOTE(CONNECT_LIST_DEFINED_DOMAINS,
	    T(remote_connect_list_defined_domains_args),
	    T(remote_connect_list_defined_domains_ret)),
	REMOTE(DOMAIN_LOOKUP_BY_ID, T(remote_domain_lookup_by_id_args),
	    T(remote_domain_ret)),
	REMOTE(DOMAIN_LOOKUP_BY_NAME, T(remote_domain_lookup_by_name_args),
	    T(remote_domain_ret)),
	REMOTE(DOMAIN_LOOKUP_BY_UUID, T(remote_domain_lookup_by_uuid_args),
	    T(remote_domain_ret)),
	REMOTE(CONNECT_NUM_OF_DEFINED_DOMAINS, NONE,
	    T(remote_connect_num_of_defined_domains_ret)),
	REMOTE(DOMAIN_REBOOT, T(remote_domain_flags_args), NONE),
	REMOTE(DOMAIN_RESUME, T(remote_domain_args), NONE),
	REMOTE(DOMAIN_SET_AUTOSTART, T(remote_domain_set_autostart_args), NONE),
	REMOTE(DOMAIN_SHUTDOWN, T(remote_domain_args), NONE),
	REMOTE(DOMAIN_SUSPEND, T(remote_domain_args), NONE),
	REMOTE(DOMAIN_UNDEFINE, T(remote_domain_args), NONE),
	REMOTE(CONNECT_LIST_DOMAINS, T(remote_connect_list_domains_args),
	    T(remote_connect_list_domains_ret)),
	REMOTE(CONNECT_NUM_OF_DOMAINS, NONE, T(remote_connect_num_of_domains_ret)),
	REMOTE(CONNECT_GET_HOSTNAME, NONE, T(remote_connect_get_hostname_ret)),
	REMOTE(CONNECT_SUPPORTS_FEATURE, T(remote_connect_supports_feature_args),
	    T(remote_connect_supports_feature_ret)),
	REMOTE(AUTH_LIST, NONE, T(remote_auth_list_ret)),
	REMOTE_EVENT(DOMAIN_EVENT_LIFECYCLE,
	    T(remote_domain_event_lifecycle_msg)),
	REMOTE(CONNECT_GET_URI, NONE, T(remote_connect_get_uri_ret)),
	REMOTE(CONNECT_IS_SECURE, NONE, T(remote_connect_is_secure_ret)),
	REMOTE(DOMAIN_IS_ACTIVE, T(remote_domain_args), T(remote_domain_int_ret)),
	REMOTE(DOMAIN_IS_PERSISTENT, T(remote_domain_args),
	    T(remote_domain_int_ret)),
	REMOTE(CONNECT_GET_LIB_VERSION, NONE,
	    T(remote_connect_get_lib_version_ret)),
	REMOTE(CONNECT_DOMAIN_EVENT_REGISTER_ANY,
	    T(remote_connect_domain_event_register_any_args), NONE),
	REMOTE(CONNECT_DOMAIN_EVENT_DEREGISTER_ANY,
	    T(remote_connect_domain_event_deregister_any_args), NONE),
	REMOTE_EVENT(DOMAIN_EVENT_REBOOT, T(remote_domain_event_reboot_msg)),
	REMOTE(DOMAIN_HAS_MANAGED_SAVE_IMAGE, T(remote_domain_flags_args),
	    T(remote_domain_int_ret)),
	REMOTE(DOMAIN_CREATE_WITH_FLAGS, T(remote_domain_flags_args),
	    T(remote_domain_ret)),
	ENTRY(REMOTE_PROGRAM, REMOTE, DOMAIN_OPEN_CONSOLE, RPC_PROC_STREAM,
	    T(remote_domain_open_console_args), NONE),
	REMOTE(DOMAIN_GET_STATE, T(remote_domain_flags_args),
	    T(remote_domain_get_state_ret)),
	REMOTE(DOMAIN_UNDEFINE_FLAGS, T(remote_domain_flags_args), NONE),
	REMOTE(DOMAIN_DESTROY_FLAGS, T(remote_domain_flags_args), NONE),
	REMOTE(DOMAIN_SHUTDOWN_FLAGS, T(remote_domain_flags_args), NONE),
	REMOTE(CONNECT_LIST_ALL_DOMAINS,
	    T(remote_connect_list_all_domains_args),
	    T(remote_connect_list_all_domains_ret)),
	REMOTE(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
	    T(remote_connect_domain_event_callback_register_any_args),
	    T(remote_connect_domain_event_callback_register_any_ret)),
	REMOTE(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
	    T(remote_connect_domain_event_callback_deregister_any_args), NONE),
	REMOTE_EVENT(DOMAIN_EVENT_CALLBACK_LIFECYCLE,
	    T(remote_domain_event_callback_lifecycle_msg)),
	REMOTE_EVENT(DOMAIN_EVENT_CALLBACK_REBOOT,
	    T(remote_domain_event_callback_reboot_msg)),
	REMOTE(DOMAIN_DEFINE_XML_FLAGS, T(remote_domain_define_xml_flags_args),
	    T(remote_domain_ret)),
	REMOTE(CONNECT_REGISTER_CLOSE_CALLBACK, NONE, NONE),
	REMOTE(CONNECT_UNREGISTER_CLOSE_CALLBACK, NONE, NONE),
	REMOTE_EVENT(CONNECT_EVENT_CONNECTION_CLOSED,
	    T(remote_connect_event_connection_closed_msg)),

	HVD(DEFINE_YAML, T(hvd_define_yaml_args), T(remote_domain_ret)),
	HVD(DOMAIN_MAP, T(hvd_domain_map_args), NONE),
	HVD(DOMAIN_UNMAP, T(hvd_domain_unmap_args), NONE),
	HVD(DOMAIN_PROTECT, T(hvd_domain_protect_args), NONE),
	HVD(DOMAIN_S2_DUMP, T(hvd_domain_s2_dump_args), T(hvd_domain_s2_dump_ret)),
	HVD(BOARD_STATS, NONE, T(hvd_board_stats_ret)),
	ENTRY(HVD_PROGRAM, HVD, DOMAIN_OPEN_CONSOLE, RPC_PROC_STREAM,
	    T(hvd_domain_open_console_args), NONE),
	HVD(DOMAIN_GET_YAML, T(remote_domain_flags_args),
	    T(hvd_domain_get_yaml_ret)),
	HVD(DOMAIN_GET_STATUS, T(remote_domain_args),
	    T(hvd_domain_get_status_ret)),

	ENTRY(KEEPALIVE_PROGRAM, KEEPALIVE, PING, RPC_PROC_EVENT, NONE, NONE),
	ENTRY(KEEPALIVE_PROGRAM, KEEPALIVE, PONG, RPC_PROC_EVENT, NONE, NONE),
};

const struct rpc_proc *
rpc_proc_find(uint32_t prog, uint32_t vers, int32_t proc)
{
	size_t i;

	for (i = 0; i < sizeof(rpc_procs) / sizeof(rpc_procs[0]); i++) {
		if (rpc_procs[i].prog == prog && rpc_procs[i].vers == vers &&
		    rpc_procs[i].proc == proc) {
			return &rpc_procs[i];
		}
	}
	return NULL;
}

bool
rpc_proc_prog_known(uint32_t prog, uint32_t vers)
{
	switch (prog) {
	case REMOTE_PROGRAM:
	case KEEPALIVE_PROGRAM:
	case HVD_PROGRAM:
		return vers == 1;
	default:
		return false;
	}
}

const struct rpc_proc *
rpc_proc_table(size_t *count)
{
	*count = sizeof(rpc_procs) / sizeof(rpc_procs[0]);
	return rpc_procs;
}

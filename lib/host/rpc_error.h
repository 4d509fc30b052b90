/* SPDX-License-Identifier: ISC */
/*
 * rpc_error.h - the error codes and domains of libvirt's remote_error
 * (virErrorNumber, virErrorDomain) that hv sends and reads: every
 * program of hvd answers failures with them, so that libvirt's clients
 * and hvctl report them alike (libvirt-rpc.md section 8).
 */
#ifndef HV_HOST_RPC_ERROR_H
#define HV_HOST_RPC_ERROR_H

/** enum rpc_error_code - libvirt's virErrorNumber values hv uses. */
enum rpc_error_code {
	VIR_ERR_OK = 0,
	VIR_ERR_INTERNAL_ERROR = 1,
	VIR_ERR_NO_MEMORY = 2,
	VIR_ERR_NO_SUPPORT = 3,
	VIR_ERR_INVALID_ARG = 8,
	VIR_ERR_OPERATION_FAILED = 9,
	VIR_ERR_XML_ERROR = 27,
	VIR_ERR_DOM_EXIST = 28,
	VIR_ERR_OPERATION_DENIED = 29,
	VIR_ERR_RPC = 39,
	VIR_ERR_NO_DOMAIN = 42,
	VIR_ERR_OPERATION_INVALID = 55,
	VIR_ERR_CONFIG_UNSUPPORTED = 67,
	VIR_ERR_OPERATION_TIMEOUT = 68,
	VIR_ERR_ARGUMENT_UNSUPPORTED = 74,
	VIR_ERR_OPERATION_UNSUPPORTED = 84,
};

/** enum rpc_error_domain - libvirt's virErrorDomain values hv uses. */
enum rpc_error_domain {
	VIR_FROM_NONE = 0,
	VIR_FROM_RPC = 7,
	VIR_FROM_REMOTE = 13,
	VIR_FROM_DOMAIN = 20,
};

/** VIR_ERR_LEVEL_ERROR - remote_error.level of every error hv sends. */
#define VIR_ERR_LEVEL_ERROR	2

#endif /* HV_HOST_RPC_ERROR_H */

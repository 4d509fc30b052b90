#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# scripts/build.sh - install what hv needs, build it, run it, test it.
#
# One entry point for a fresh Debian 12 machine, for developers and for CI.
# Run "scripts/build.sh --help" for the subcommands.
set -euo pipefail

# Every Debian package the project needs, to build and to test.
PACKAGES=(
	build-essential autoconf automake libtool pkg-config
	check valgrind
	libyaml-dev libvirt-dev libvirt-clients libxml2-dev libfdt-dev
	libjson-c-dev libsystemd-dev libtirpc-dev rpcsvc-proto
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
)

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDDIR=$SRCDIR/_build
ASANDIR=$SRCDIR/_build-asan
JOBS=$(nproc 2>/dev/null || echo 2)

usage()
{
	cat <<_EOF
usage: scripts/build.sh COMMAND

  deps    install the Debian packages hv needs (skipped when all are present)
  build   deps, then autoreconf -fi, configure in _build/, make
  demo    build, then start a session hvd of its own (state under
          _build/demo/) and run "hvctl create conf/vms/hello.yaml
          --console" on it: the hello guest's output, then the VM list
  bench   build, then run the benchmarks (make bench)
  check   build, then make check, make check-valgrind, make check in an
          ASan/UBSan build (_build-asan/) and make distcheck

Run as root or as a user with sudo (for deps).  Exits non-zero on any failure.
_EOF
}

say()
{
	printf '\n==> %s\n' "$*"
}

die()
{
	printf 'build.sh: %s\n' "$*" >&2
	exit 1
}

# as_root CMD... - run CMD as root, through sudo when not root already.
as_root()
{
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run '$*' (and sudo is not installed)"
	fi
}

cmd_deps()
{
	local missing=() pkg

	command -v dpkg-query >/dev/null 2>&1 ||
	    die "dpkg-query not found: scripts/build.sh deps needs Debian (12) or a derivative"
	for pkg in "${PACKAGES[@]}"; do
		if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" != "ii " ]; then
			missing+=("$pkg")
		fi
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		say "deps: all ${#PACKAGES[@]} Debian packages are installed"
		return 0
	fi
	say "deps: installing ${missing[*]}"
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends "${missing[@]}"
}

# configure_in DIR [CONFIGURE-ARGS...] - configure a VPATH build in DIR.
configure_in()
{
	local dir=$1

	shift
	mkdir -p "$dir"
	(cd "$dir" && "$SRCDIR/configure" "$@")
}

cmd_build()
{
	cmd_deps
	if [ -f "$SRCDIR/config.status" ]; then
		die "$SRCDIR was configured in place; run 'make distclean' there first (builds go to _build/)"
	fi
	say "build: autoreconf -fi"
	(cd "$SRCDIR" && autoreconf -fi)
	say "build: configure in _build/"
	configure_in "$BUILDDIR"
	say "build: make -j$JOBS"
	make -C "$BUILDDIR" -j"$JOBS"
}

cmd_demo()
{
	local demo=$BUILDDIR/demo hvctl=( "$BUILDDIR/hvctl/hvctl" -c hv:///session )

	cmd_build
	say "demo: a session hvd with its files in $demo"
	if [ -f "$demo/state/hv/hvd.pid" ]; then
		kill "$(cat "$demo/state/hv/hvd.pid")" 2>/dev/null || true
	fi
	rm -rf "$demo"
	mkdir -p "$demo/config/hv" "$demo/run"
	chmod 700 "$demo/run"
	printf 'board:\n  firmware: %s\n' "$BUILDDIR/firmware/hvfw.elf" \
	    >"$demo/config/hv/hvd.yaml"
	# hvctl starts the session hvd ($HVD) on demand.
	export XDG_CONFIG_HOME=$demo/config XDG_STATE_HOME=$demo/state \
	    XDG_RUNTIME_DIR=$demo/run HVD=$BUILDDIR/hvd/hvd
	say "demo: hvctl create conf/vms/hello.yaml --console"
	(cd "$BUILDDIR" && "${hvctl[@]}" create conf/vms/hello.yaml --console)
	say "demo: hvctl list --all"
	"${hvctl[@]}" list --all
	# No VM runs: the daemon stops its board as it ends.
	kill "$(cat "$demo/state/hv/hvd.pid")"
}

cmd_bench()
{
	cmd_build
	say "bench: make bench"
	make -C "$BUILDDIR" bench
}

# show_logs DIR STAMP - print the test-suite logs under DIR, written since
# STAMP was, that report a failure (a distcheck's own build included).
show_logs()
{
	local log

	[ -n "$1" ] || return 0
	find "$1" -name 'test-suite.log' -newer "$2" -print 2>/dev/null |
	while read -r log; do
		if grep -Eq '^# (FAIL|XPASS|ERROR): +[1-9]' "$log"; then
			printf '\n----- %s -----\n' "$log"
			cat "$log"
		fi
	done
}

# step NAME LOGDIR CMD... - run one stage of 'check'; remember a failure and
# go on with the next stage, so one run reports everything that is broken.
# LOGDIR is searched for test-suite logs on failure ("" for none).
FAILED=()
STEPS=0
step()
{
	local name=$1 logdir=$2 stamp rc=0

	shift 2
	STEPS=$((STEPS + 1))
	say "check: $name"
	stamp=$(mktemp)
	"$@" || rc=$?
	if [ "$rc" -ne 0 ]; then
		printf '\nbuild.sh: %s FAILED\n' "$name" >&2
		show_logs "$logdir" "$stamp"
		FAILED+=("$name")
	fi
	rm -f "$stamp"
}

asan_check()
{
	configure_in "$ASANDIR" --enable-sanitizers &&
	    make -C "$ASANDIR" -j"$JOBS" check
}

cmd_check()
{
	cmd_build
	step "make check" "$BUILDDIR" make -C "$BUILDDIR" -j"$JOBS" check
	step "make check-valgrind" "" make -C "$BUILDDIR" check-valgrind
	step "ASan/UBSan make check" "$ASANDIR" asan_check
	step "make distcheck" "$BUILDDIR" make -C "$BUILDDIR" -j"$JOBS" distcheck
	printf '\nstages: %d passed, %d failed\n' $((STEPS - ${#FAILED[@]})) \
	    "${#FAILED[@]}"
	if [ "${#FAILED[@]}" -ne 0 ]; then
		printf '\nbuild.sh: FAILED:' >&2
		printf ' [%s]' "${FAILED[@]}" >&2
		printf '\n' >&2
		exit 1
	fi
	say "check: all passed"
}

[ $# -eq 1 ] || { usage >&2; exit 2; }
case $1 in
deps) cmd_deps ;;
build) cmd_build ;;
demo) cmd_demo ;;
bench) cmd_bench ;;
check) cmd_check ;;
-h|--help|help) usage ;;
*) usage >&2; exit 2 ;;
esac

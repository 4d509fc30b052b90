#!/bin/sh
# SPDX-License-Identifier: ISC
#
# hvfw-guests.sh - run the EL1 test guests under the firmware on QEMU virt
# and check what the firmware and the guests report.
#
# Each board is a fresh QEMU under a hard timeout, with the guests' raw
# images put in RAM by QEMU's loader and named to the firmware by
# "hvfw.guest=NAME@ADDR+16M" boot options; the serial output is read line
# by line as it comes, never by sleeping.  Every board must end with
# "hvfw: guests done" and QEMU exiting by itself with status 0 (the
# firmware's PSCI SYSTEM_OFF), and every VM must be destroyed with its
# 4096 pages scrubbed and the page pool back to its count before the VM:
#  1. hello, on cortex-a57 and on max: "[vm1] hello from vm", the UART's
#     PrimeCell ids, flags and control register as a PL011 r1p5 out of
#     reset with empty FIFOs has them, "vm1 off".
#  2. memtest: the pattern holds over the guest's RAM but its first 64 KiB.
#  3. psci, on cortex-a57 and on max: every PSCI call over HVC and over SMC
#     returns exactly what PSCI 1.0 says for a one-vCPU VM, and a trapped
#     WFI comes back.
#  4. unmapped, then hello: the read of IPA 0x80000000 is reported as a
#     crash naming VM, vCPU, IPA, "read", the fault, ESR and PC, the read
#     never returns, and the next VM runs.
#  5. hello, unmapped, hello, memtest in one boot, on cortex-a57 and on
#     max: a crash takes neither the firmware nor later VMs down, and every
#     VM gets a VMID.
#  6. bad hvfw.guest= options (syntax, the firmware's own memory, overlap
#     with an earlier guest, beyond RAM): each reported and skipped, the
#     good one runs.
# QEMU's output is shown for any board that fails.
#
# Environment (set by make check): QEMU, the qemu-system-aarch64 to use;
# HVFW_ELF, the firmware; HVFW_GUESTS, the folder of the guests' NAME.bin.
# HVFW_TEST_TIMEOUT: seconds per board (30).
set -eu
LC_ALL=C
export LC_ALL

limit=${HVFW_TEST_TIMEOUT:-30}
size=16M
pages=4096			# $size in 4 KiB pages
memtest_kib=16320		# $size less the 64 KiB memtest keeps for itself

: "${QEMU:?QEMU is not set (run through make check)}"
: "${HVFW_ELF:?HVFW_ELF is not set (run through make check)}"
: "${HVFW_GUESTS:?HVFW_GUESTS is not set (run through make check)}"
for image in "$HVFW_ELF" "$HVFW_GUESTS/hello.bin" "$HVFW_GUESTS/memtest.bin" \
    "$HVFW_GUESTS/psci.bin" "$HVFW_GUESTS/unmapped.bin"; do
	if ! test -s "$image"; then
		echo "FAIL: $image is missing or empty" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
qemu_pid=
cleanup()
{
	if test -n "$qemu_pid"; then
		kill "$qemu_pid" 2>/dev/null || :
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
cr=$(printf '\r')
failed=0

# boot NAME QEMU-ARGS... - run one board.
#
# Copies QEMU's output to $tmp/NAME.log until QEMU exits (or the timeout
# kills it), or until the firmware halts after a panic, after which QEMU is
# stopped.  Sets $status to QEMU's exit status (124 if the timeout hit,
# "halted" if the firmware halted).
boot()
{
	name=$1
	shift
	log=$tmp/$name.log
	rm -f "$tmp/out"
	mkfifo "$tmp/out"
	start=$(date +%s)
	timeout "$limit" "$QEMU" -nographic -nic none "$@" \
	    </dev/null >"$tmp/out" 2>&1 &
	qemu_pid=$!
	exec 4<"$tmp/out"
	: >"$log"
	status=
	while IFS= read -r line <&4 || test -n "$line"; do
		line=${line%"$cr"}
		printf '%s\n' "$line" >>"$log"
		case $line in
		*halted)
			status=halted
			kill "$qemu_pid" 2>/dev/null || :
			break
			;;
		esac
		line=
	done
	exec 4<&-
	rc=0
	wait "$qemu_pid" || rc=$?
	qemu_pid=
	status=${status:-$rc}
	echo "$name: QEMU ended ($status) after $(($(date +%s) - start)) s"
}

# board NAME CPU GUEST@ADDR... - the firmware with these guests, each
# loaded at ADDR and given $size of RAM there, in this order; $before and
# $after (if set) go on the command line before and after them.
board()
{
	name=$1 cpu=$2
	shift 2
	append=${before:-}
	for spec do
		append="$append hvfw.guest=$spec+$size"
	done
	append="$append ${after:-}"
	for spec do
		shift
		image=$HVFW_GUESTS/${spec%@*}.bin
		set -- "$@" -device \
		    "loader,file=$image,addr=${spec#*@},force-raw=on"
	done
	append=${append# }
	boot "$name" -M virt,virtualization=on,gic-version=3 -cpu "$cpu" \
	    -smp 1 -m 1G -kernel "$HVFW_ELF" "$@" -append "${append% }"
}

# fail NAME WHY - report a failed expectation and QEMU's output.
fail()
{
	echo "FAIL: $1: $2"
	echo "--- QEMU output ($1) ---"
	cat "$tmp/$1.log"
	echo "---"
	failed=1
}

# in_order NAME LINE... - whether the board's output has these exact
# lines in this order (other lines may come between); the first one
# missing is left in $missing.
in_order()
{
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/want"
	missing=$(awk 'BEGIN { n = 0; i = 0 }
	    NR == FNR { want[n++] = $0; next }
	    i < n && $0 == want[i] { i++ }
	    END { if (i < n) { print want[i]; exit 1 } }' \
	    "$tmp/want" "$tmp/$name.log")
}

# lifecycle NAME N - VM N was created with the pool at some count F, and
# destroyed with every page scrubbed and the pool back to F; it ran with a
# VMID.
lifecycle()
{
	free=$(sed -n \
	    "s/^hvfw: vm$2 created: .*, pool \([0-9]*\) free before\$/\1/p" \
	    "$tmp/$1.log")
	if test -z "$free"; then
		fail "$1" "vm$2 was not created"
		return 1
	fi
	if ! grep -Eq "^hvfw: vm$2 ran as VMID [1-9][0-9]*: " "$tmp/$1.log"; then
		fail "$1" "vm$2 did not run with a VMID"
		return 1
	fi
	if ! in_order "$1" \
	    "hvfw: vm$2 destroyed, $pages pages scrubbed, pool back to $free free"
	then
		fail "$1" "vm$2 was not destroyed with the pool back: no '$missing'"
		return 1
	fi
}

# finished NAME - the firmware said it was done and QEMU exited by itself.
finished()
{
	if ! in_order "$1" "hvfw: guests done"; then
		fail "$1" "the firmware never said 'guests done'"
		return 1
	fi
	if test "$status" != 0; then
		fail "$1" "QEMU did not power off by itself (status $status)"
		return 1
	fi
}

# expect NAME LINE... - the board's output has these lines in this order.
expect()
{
	name=$1
	if ! in_order "$@"; then
		fail "$name" "no '$missing'"
		return 1
	fi
}

# The crash report of VM N reading IPA 0x80000000.
crash_re()
{
	echo "^hvfw: vm$1 crashed: vcpu 0, IPA 0x80000000, read, translation fault level 1, ESR 0x[0-9a-f]+, PC 0x4[0-9a-f]{7}\$"
}

hello()
{
	board "hello-$1" "$1" hello@0x48000000
	expect "hello-$1" "[vm1] hello from vm" \
	    "[vm1] hello: uart periph id 0x141011, cell id 0xb105f00d, flags 0x90, control 0x300" \
	    "hvfw: vm1 off" &&
	    lifecycle "hello-$1" 1 && finished "hello-$1" &&
	    echo "PASS: hello-$1: hello, PL011 ids, off, destroyed, pool back"
}

hello cortex-a57
hello max

board memtest cortex-a57 memtest@0x48000000
expect memtest "[vm1] memtest pass $memtest_kib KiB" "hvfw: vm1 off" &&
    lifecycle memtest 1 && finished memtest &&
    echo "PASS: memtest: $memtest_kib KiB pass"

psci()
{
	name=psci-$1
	board "$name" "$1" psci@0x48000000
	shift
	for conduit in hvc smc; do
		set -- "$@" \
		    "[vm1] psci: $conduit PSCI_VERSION = 0x10000" \
		    "[vm1] psci: $conduit PSCI_FEATURES(PSCI_VERSION) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(CPU_ON_64) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(SYSTEM_OFF) = 0" \
		    "[vm1] psci: $conduit PSCI_FEATURES(CPU_SUSPEND_64) = -1" \
		    "[vm1] psci: $conduit PSCI_FEATURES(0x8400001f) = -1" \
		    "[vm1] psci: $conduit MIGRATE_INFO_TYPE = 2" \
		    "[vm1] psci: $conduit AFFINITY_INFO_64(0, 0) = 0" \
		    "[vm1] psci: $conduit AFFINITY_INFO_64(1, 0) = -2" \
		    "[vm1] psci: $conduit CPU_ON_64(0) = -4" \
		    "[vm1] psci: $conduit CPU_ON_64(1) = -2" \
		    "[vm1] psci: $conduit 0x8400001f = -1" \
		    "[vm1] psci: $conduit 0xc2000000 = -1"
		if test $conduit = hvc; then
			set -- "$@" "[vm1] psci: wfi returned"
		fi
	done
	expect "$name" "$@" "[vm1] psci: 26 calls, 0 unexpected" \
	    "hvfw: vm1 off" && lifecycle "$name" 1 && finished "$name" &&
	    echo "PASS: $name: 26 calls over HVC and SMC as expected, WFI"
}

psci cortex-a57
psci max

board unmapped cortex-a57 unmapped@0x48000000 hello@0x49000000
if ! grep -Eq "$(crash_re 1)" "$tmp/unmapped.log"; then
	fail unmapped "no crash report naming IPA 0x80000000 and a read"
elif grep -q '^\[vm1\] unmapped: the read returned' "$tmp/unmapped.log"; then
	fail unmapped "the guest went on after the read"
else
	expect unmapped "[vm1] unmapped: reading IPA 0x80000000" \
	    "hvfw: vm1: IPA 0x80000000 is outside the nearest RAM at IPA 0x40000000-0x40ffffff" \
	    "[vm2] hello from vm" "hvfw: vm2 off" &&
	    lifecycle unmapped 1 && lifecycle unmapped 2 &&
	    finished unmapped &&
	    echo "PASS: unmapped: the crash was reported, the next VM ran"
fi

sequence()
{
	name=sequence-$1
	board "$name" "$1" hello@0x48000000 unmapped@0x49000000 \
	    hello@0x4a000000 memtest@0x4b000000
	if ! grep -Eq "$(crash_re 2)" "$tmp/$name.log"; then
		fail "$name" "no crash report of vm2"
		return
	fi
	expect "$name" "[vm1] hello from vm" "hvfw: vm1 off" \
	    "[vm2] unmapped: reading IPA 0x80000000" \
	    "[vm3] hello from vm" "hvfw: vm3 off" \
	    "[vm4] memtest pass $memtest_kib KiB" "hvfw: vm4 off" &&
	    lifecycle "$name" 1 && lifecycle "$name" 2 &&
	    lifecycle "$name" 3 && lifecycle "$name" 4 && finished "$name" &&
	    echo "PASS: $name: off, crashed, off, memtest pass; all destroyed"
}

sequence cortex-a57
sequence max

before="hvfw.guest=bogus hvfw.guest=fw@0x40200000+16M"
after="hvfw.guest=again@0x48800000+16M hvfw.guest=beyond@0x7f800000+16M"
board bad-options cortex-a57 hello@0x48000000
before= after=
skip=", skipped"
expect bad-options \
    "hvfw: hvfw.guest=bogus: no '@' after the name$skip" \
    "hvfw: hvfw.guest=fw@0x40200000+16M: the range overlaps the firmware's device tree, image or page pool$skip" \
    "hvfw: hvfw.guest=again@0x48800000+16M: the range overlaps an earlier guest's$skip" \
    "hvfw: hvfw.guest=beyond@0x7f800000+16M: the range is not inside RAM$skip" \
    "hvfw: 1 of 5 guests to run" "[vm1] hello from vm" "hvfw: vm1 off" &&
    lifecycle bad-options 1 && finished bad-options &&
    echo "PASS: bad-options: four refused, the good one ran"

exit $failed

#!/bin/sh
# SPDX-License-Identifier: ISC
#
# hvfw-boot.sh - boot the firmware on QEMU virt and check what it reports.
#
# Each board is a fresh QEMU under a hard timeout; the firmware's serial
# output is read line by line as it comes, never by sleeping:
#  1. cortex-a57 (8-bit VMIDs, no FEAT_TTL) and 2. max (16-bit VMIDs,
#     FEAT_TTL), each with 1, 2 and 4 CPUs, at EL2 with the ELF image: the
#     banner, "N CPUs up" with N the board's CPUs, every self-check "ok"
#     (among them the EL2 timer's interrupt and a kick answered by every
#     other CPU), the summary "N passed, 0 failed" with N the number of
#     checks, "ready"; then one byte sent on the console makes the
#     firmware power the board off (PSCI SYSTEM_OFF) and QEMU must exit by
#     itself, with status 0.
#  3. The same with the raw binary, loaded at the link address as a
#     board's boot loader would (QEMU's generic loader), and with 9 CPUs,
#     one more than the firmware has stacks for: it must be reported left
#     out, and the other 8 come up.
#  4. cortex-a57 with -append hvfw.test=el2-fault: the firmware reads an
#     address its EL2 map leaves unmapped; the EL2 data abort must be
#     reported with FAR_EL2 = that address, and "ready" never reached.
#  5. cortex-a57 without virtualization=on, so entered at EL1: the firmware
#     must refuse, naming the level.
# QEMU's output is shown for any board that fails.
#
# Environment (set by make check): QEMU, the qemu-system-aarch64 to use;
# HVFW_ELF and HVFW_BIN, the firmware image as ELF and raw binary.
# HVFW_TEST_TIMEOUT: seconds per board (60).
set -eu
LC_ALL=C
export LC_ALL

# The firmware's self-test has this many checks (firmware/selftest.c).
expected_checks=21
limit=${HVFW_TEST_TIMEOUT:-60}
unmapped_va=0x0000007f00000000	# firmware/main.c: MAIN_UNMAPPED_VA
load_address=0x40200000		# firmware/hvfw.ld: HVFW_BASE

: "${QEMU:?QEMU is not set (run through make check)}"
: "${HVFW_ELF:?HVFW_ELF is not set (run through make check)}"
: "${HVFW_BIN:?HVFW_BIN is not set (run through make check)}"
for image in "$HVFW_ELF" "$HVFW_BIN"; do
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
# Writing to a QEMU that already died must fail, not kill the script.
trap '' PIPE
cr=$(printf '\r')
failed=0

# boot NAME STOP SEND QEMU-ARGS... - run one board.
#
# Copies QEMU's output to $tmp/NAME.log until QEMU exits (or the timeout
# kills it), or until a line matches the extended regex STOP, after which
# QEMU is stopped.  Once "hvfw: ready" is seen, SEND (if not empty) is
# written to the console.  Sets $status to QEMU's exit status (124 if the
# timeout hit, "stopped" if STOP matched).
boot()
{
	name=$1 stop=$2 send=$3
	shift 3
	log=$tmp/$name.log
	rm -f "$tmp/in" "$tmp/out"
	mkfifo "$tmp/in" "$tmp/out"
	start=$(date +%s)
	timeout "$limit" "$QEMU" -nographic -nic none "$@" \
	    <"$tmp/in" >"$tmp/out" 2>&1 &
	qemu_pid=$!
	exec 3>"$tmp/in" 4<"$tmp/out"
	: >"$log"
	status=
	while IFS= read -r line <&4 || test -n "$line"; do
		line=${line%"$cr"}
		printf '%s\n' "$line" >>"$log"
		if test "$line" = "hvfw: ready" && test -n "$send"; then
			printf '%s' "$send" >&3 || :
		fi
		if printf '%s\n' "$line" | grep -Eq -- "$stop"; then
			status=stopped
			kill "$qemu_pid" 2>/dev/null || :
			break
		fi
		line=
	done
	exec 3>&- 4<&-
	rc=0
	wait "$qemu_pid" || rc=$?
	qemu_pid=
	status=${status:-$rc}
	echo "$name: QEMU ended ($status) after $(($(date +%s) - start)) s"
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

# has NAME LINE - whether the board's output has exactly this line.
has()
{
	grep -Fxq -- "$2" "$tmp/$1.log"
}

# el2_board NAME CPU VMID-BITS SMP UP IMAGE-ARGS... - boards 1 to 3: SMP
# CPUs on the board, UP of them must come up.
el2_board()
{
	name=$1 cpu=$2 vmid_bits=$3 smp=$4 up=$5
	shift 5
	boot "$name" 'halted$' q -M virt,virtualization=on,gic-version=3 \
	    -cpu "$cpu" -smp "$smp" -m 1G "$@"
	ok=$(grep -Ec '^hvfw: selftest [a-z0-9_]+ ok$' "$tmp/$name.log" || :)
	banner="EL2, 1024 MiB RAM, VMID bits $vmid_bits, IPA bits 40"
	left=$((smp - up))
	if ! has "$name" "hvfw: $banner"; then
		fail "$name" "no banner '$banner'"
	elif ! has "$name" "hvfw: $up CPUs up"; then
		fail "$name" "no '$up CPUs up'"
	elif test "$left" != 0 && ! has "$name" \
	    "hvfw: $left of the device tree's CPUs left out: no stack for their MPIDR"
	then
		fail "$name" "the $left CPUs without a stack were not reported"
	elif ! has "$name" "hvfw: selftest: $expected_checks checks"; then
		fail "$name" "the self-test does not announce $expected_checks checks"
	elif test "$ok" != "$expected_checks"; then
		fail "$name" "$ok self-checks ok, want $expected_checks"
	elif ! has "$name" "hvfw: selftest $expected_checks passed, 0 failed"; then
		fail "$name" "no '$expected_checks passed, 0 failed' summary"
	elif ! has "$name" "hvfw: ready"; then
		fail "$name" "the firmware never said ready"
	elif ! has "$name" "hvfw: console byte 0x71, powering off"; then
		fail "$name" "the console byte was not received"
	elif test "$status" != 0; then
		fail "$name" "QEMU did not power off by itself (status $status)"
	else
		echo "PASS: $name: $up CPUs up, $ok self-checks, ready, powered off"
	fi
}

for smp in 1 2 4; do
	el2_board "cortex-a57-smp$smp" cortex-a57 8 "$smp" "$smp" \
	    -kernel "$HVFW_ELF"
	el2_board "max-smp$smp" max 16 "$smp" "$smp" -kernel "$HVFW_ELF"
done
el2_board raw-binary cortex-a57 8 2 2 \
    -device "loader,file=$HVFW_BIN,addr=$load_address,cpu-num=0"
el2_board smp9 cortex-a57 8 9 8 -kernel "$HVFW_ELF"

boot el2-fault 'halted$' q -M virt,virtualization=on,gic-version=3 \
    -cpu cortex-a57 -smp 1 -m 1G -kernel "$HVFW_ELF" \
    -append "hvfw.test=el2-fault"
panic='hvfw: panic: EL2 exception, current EL with SP_EL2 synchronous: '
panic=$panic'data abort (same EL) (EC 0x25)'
hex16='0x[0-9a-f]{16}'
if ! has el2-fault "$panic"; then
	fail el2-fault "no report of a same-EL data abort"
elif ! grep -Eq "^hvfw: ESR_EL2 $hex16 ELR_EL2 $hex16 FAR_EL2 $unmapped_va " \
    "$tmp/el2-fault.log"; then
	fail el2-fault "FAR_EL2 is not $unmapped_va"
elif has el2-fault "hvfw: ready"; then
	fail el2-fault "the firmware went on after the fault"
elif test "$status" != stopped; then
	fail el2-fault "the firmware did not halt (QEMU status $status)"
else
	echo "PASS: el2-fault: the EL2 data abort was reported"
fi

boot el1 '^hvfw: entered at EL' '' -M virt,gic-version=3 -cpu cortex-a57 \
    -smp 1 -m 1G -kernel "$HVFW_ELF"
if ! grep -q '^hvfw: entered at EL1, but hvfw runs at EL2' "$tmp/el1.log"; then
	fail el1 "the firmware did not refuse to run at EL1"
elif grep -q '^hvfw: selftest' "$tmp/el1.log"; then
	fail el1 "the firmware went on at EL1"
else
	echo "PASS: el1: the firmware refused to run at EL1"
fi

exit $failed

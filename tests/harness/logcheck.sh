#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Look for kernel splats in a guest's console log.
# Usage: logcheck.sh LOGFILE...
# Exits 1 and prints the offending lines if any log holds a splat, 0 if not.
#
# Only kernel lines are examined, so a test that merely echoes "WARNING:"
# is not a finding:
#  - every line between "### DMESG BEGIN" and "### DMESG END" (the guest
#    dumps dmesg there before powering off), and between "### KMEMLEAK
#    BEGIN" and "### KMEMLEAK END" (the contents of the kmemleak file);
#  - anywhere else, the text following a printk timestamp "[   12.345678]",
#    which is what the kernel writes on the serial console; that catches a
#    splat of a guest that died before it could dump dmesg. The timestamp is
#    searched anywhere in the line because console output from the kernel
#    can land in the middle of a line printed by userspace.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: logcheck.sh LOGFILE..." >&2; exit 2; }

# Extended regular expressions of findings.
PATTERNS=(
	'Oops[:[ ]'
	'BUG:'
	'kernel BUG at'
	'WARNING:'
	'-+\[ cut here \]-+'
	'general protection fault'
	'Kernel panic'
	'possible circular locking'
	'possible recursive locking'
	'inconsistent lock state'
	'lock held when returning to user space'
	'suspicious RCU usage'
	'unreferenced object'
	'new suspected memory leak'
	'UBSAN:'
	'RCU stall'
	'rcu_(sched|preempt|bh)? ?detected stall'
	'rcu: INFO: .*detected stall'
	'refcount_t:'
	'list_(add|del) corruption'
	'blocked for more than [0-9]+ seconds'
	'soft lockup'
	'hard LOCKUP'
	'double fault'
	'stack-protector:'
	'Kernel stack is corrupted'
)

# Kernel lines that match a pattern above but are no finding: banners.
IGNORE=(
	'KernelAddressSanitizer initialized'
	'kmemleak: Kernel memory leak detector initialized'
	'Lock dependency validator'
	'lockdep: '
	'with CONFIG_DEBUG_LOCKDEP'
	'RCU lockdep checking is enabled'
)

join() {
	local IFS='|'
	echo "$*"
}
pat=$(join "${PATTERNS[@]}")
ign=$(join "${IGNORE[@]}")

status=0
for log in "$@"; do
	[ -r "$log" ] || { echo "logcheck: cannot read $log" >&2; status=1; continue; }
	# Kernel lines, prefixed with their line number in the log; duplicates
	# (a line both on the console and in the dmesg dump) shown once.
	found=$(tr -d '\r' <"$log" | awk '
		/### (DMESG|KMEMLEAK) BEGIN/ { dump = 1; next }
		/### (DMESG|KMEMLEAK) END/ { dump = 0; next }
		{
			line = $0
			if (!dump) {
				if (!match(line, /\[ *[0-9]+\.[0-9]+\] /))
					next
				line = substr(line, RSTART)
			}
			# Drop the timestamp for the duplicate check only.
			key = line
			sub(/^\[ *[0-9]+\.[0-9]+\] /, "", key)
			if (seen[key]++)
				next
			print NR ": " line
		}' | grep -E -e "$pat" | grep -v -E -e "$ign" || true)
	if [ -n "$found" ]; then
		status=1
		n=$(printf '%s\n' "$found" | wc -l)
		echo "logcheck: $n kernel splat line(s) in $log:"
		printf '%s\n' "$found" | head -n 30 | sed 's/^/  /'
		[ "$n" -le 30 ] || echo "  ... ($((n - 30)) more)"
	fi
done
exit $status

# SPDX-License-Identifier: GPL-2.0
#
# Reading captures for the encapsulation tests (sourced after guest.sh).
# tshark is slow under emulation, so a capture is decoded once into a
# field table and every question is answered from that.

# wire_decode PCAP: write PCAP.tsv, one line per SCTP packet:
#   frame ip_version udp_src udp_dst checksum_status(1 good, 0 bad) ip_len
#   chunk_types frame_len
wire_decode() {
	local pcap=$1
	tshark -r "$pcap" -o sctp.checksum:CRC-32C -Y sctp -T fields \
		-E separator=/t -E occurrence=f -E aggregator=, \
		-e frame.number -e ip.version -e udp.srcport -e udp.dstport \
		-e sctp.checksum.status -e ip.len -e sctp.chunk_type \
		-e frame.len -e ipv6.plen >"$pcap.tsv" 2>"$pcap.err" ||
		{ cat "$pcap.err" >&2; fail "tshark could not read $pcap"; }
	[ -s "$pcap.tsv" ] || {
		cat "$pcap.err" "$pcap.dumpcap.log" >&2 2>/dev/null
		fail "no SCTP packet in $pcap ($(stat -c %s "$pcap") bytes)"
	}
}

# wire_count PCAP AWK-CONDITION: how many decoded SCTP packets match.
# Fields: $1 frame $2 ipver $3 usrc $4 udst $5 crc $6 iplen $7 chunks
# $8 framelen $9 ipv6 payload length.
wire_count() {
	awk -F'\t' "($2) { n++ } END { print n + 0 }" "$1.tsv"
}

# wire_check_encap PCAP SPORT DPORT: every SCTP packet inside UDP with
# ports SPORT<->DPORT either way, CRC32c good, none bare. Prints a summary.
wire_check_encap() {
	local pcap=$1 a=$2 b=$3 total bare ports crc
	total=$(wire_count "$pcap" 1)
	bare=$(wire_count "$pcap" '$3 == ""')
	ports=$(wire_count "$pcap" "\$3 != \"\" && !((\$3 == $a && \$4 == $b) || (\$3 == $b && \$4 == $a))")
	crc=$(wire_count "$pcap" '$5 != "1"')
	info "wire: $total SCTP packets, $bare bare, $ports with other UDP ports, $crc without a good CRC32c"
	assert_gt "$total" 0 "SCTP packets captured"
	assert_eq "$bare" 0 "bare SCTP packets on the wire"
	assert_eq "$ports" 0 "encapsulated packets with unexpected UDP ports"
	assert_eq "$crc" 0 "packets whose SCTP CRC32c is not good"
}

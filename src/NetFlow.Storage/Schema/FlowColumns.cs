namespace NetFlow.Storage.Schema;

/// <summary>
/// The typed columns of a flow file: the fields most queries use, under short snake_case names
/// (the names operators type in SQL). Every other element of a record goes into <see cref="Extra"/>
/// as a JSON object, so nothing decoded is lost. Addresses are split by family so the common
/// IPv4 case groups and filters on 32-bit integers: an IPv4 address is a UINTEGER in network
/// order (10.0.0.1 = 167772161), an IPv6 address is a 16-byte BLOB; a record fills the column
/// of the family it carries and leaves the other NULL. MACs are the 48-bit value as UBIGINT.
/// Times are timestamps (UTC, milliseconds). Columns a record does not carry are NULL.
/// </summary>
public static class FlowColumns
{
    public const string TimeStart = "time_start";          // TIMESTAMP  flowStart* (any form, made absolute)
    public const string TimeEnd = "time_end";              // TIMESTAMP  flowEnd* (any form, made absolute)
    public const string TimeExport = "time_export";        // TIMESTAMP  the message header's export time (never NULL)
    public const string Exporter = "exporter";             // VARCHAR    exporter address as text, e.g. 192.0.2.1 or 2001:db8::1
    public const string Version = "version";               // UTINYINT   1, 5, 7, 9, 10
    public const string Domain = "domain";                 // UINTEGER   v9 source id / IPFIX observation domain / v5 engine type<<8|id
    public const string TemplateId = "template_id";        // USMALLINT
    public const string SrcIp4 = "src_ip4";                // UINTEGER   sourceIPv4Address (8)
    public const string DstIp4 = "dst_ip4";                // UINTEGER   destinationIPv4Address (12)
    public const string NextHop4 = "next_hop4";            // UINTEGER   ipNextHopIPv4Address (15)
    public const string SrcIp6 = "src_ip6";                // BLOB(16)   sourceIPv6Address (27)
    public const string DstIp6 = "dst_ip6";                // BLOB(16)   destinationIPv6Address (28)
    public const string NextHop6 = "next_hop6";            // BLOB(16)   ipNextHopIPv6Address (62)
    public const string SrcPort = "src_port";              // USMALLINT  sourceTransportPort (7)
    public const string DstPort = "dst_port";              // USMALLINT  destinationTransportPort (11)
    public const string Proto = "proto";                   // UTINYINT   protocolIdentifier (4)
    public const string TcpFlags = "tcp_flags";            // USMALLINT  tcpControlBits (6)
    public const string Tos = "tos";                       // UTINYINT   ipClassOfService (5)
    public const string IcmpType = "icmp_type";            // UTINYINT   icmpTypeIPv4/IPv6 (176/178), or high byte of icmpTypeCode* (32/139)
    public const string IcmpCode = "icmp_code";            // UTINYINT   icmpCodeIPv4/IPv6 (177/179), or low byte of icmpTypeCode*
    public const string Bytes = "bytes";                   // BIGINT     octetDeltaCount (1), else octetTotalCount (85)
    public const string Packets = "packets";               // BIGINT     packetDeltaCount (2), else packetTotalCount (86)
    public const string InIf = "in_if";                    // UINTEGER   ingressInterface (10)
    public const string OutIf = "out_if";                  // UINTEGER   egressInterface (14)
    public const string SrcAs = "src_as";                  // UINTEGER   bgpSourceAsNumber (16)
    public const string DstAs = "dst_as";                  // UINTEGER   bgpDestinationAsNumber (17)
    public const string SrcMask = "src_mask";              // UTINYINT   sourceIPv4PrefixLength (9) / sourceIPv6PrefixLength (29)
    public const string DstMask = "dst_mask";              // UTINYINT   destinationIPv4PrefixLength (13) / destinationIPv6PrefixLength (30)
    public const string Direction = "direction";           // UTINYINT   flowDirection (61): 0 ingress, 1 egress
    public const string SrcVlan = "src_vlan";              // USMALLINT  vlanId (58)
    public const string DstVlan = "dst_vlan";              // USMALLINT  postVlanId (59)
    public const string SrcMac = "src_mac";                // UBIGINT    sourceMacAddress (56)
    public const string DstMac = "dst_mac";                // UBIGINT    destinationMacAddress (80)
    public const string SamplingInterval = "sampling_interval"; // UINTEGER  the rate that applied (export, options data or configured)
    public const string ForwardingStatus = "forwarding_status"; // UTINYINT  forwardingStatus (89)
    public const string FlowEndReason = "flow_end_reason"; // UTINYINT   flowEndReason (136)
    public const string ApplicationId = "application_id";  // BLOB       applicationId (95)
    public const string Extra = "extra";                   // VARCHAR    JSON object: every other element, under its element name
}

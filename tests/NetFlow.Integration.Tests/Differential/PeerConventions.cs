namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// Where a peer presents a record differently by design, our record is rewritten into the peer's
/// presentation, one named rule at a time, for exactly the records the rule is about. Nothing here
/// loosens a comparison in general: every other field of every other record is compared as is.
/// </summary>
public static class PeerConventions
{
    private const int Icmp = 1;
    private const int IcmpV6 = 58;

    /// <summary>Our record as nfdump 1.7.1 (nfcapd + nfdump -o json) shows the same flow.</summary>
    public static FlowView AsNfdumpShowsIt(FlowView ours, int version)
    {
        var view = ours;
        if (ours.Protocol is Icmp or IcmpV6)
        {
            // nfdump keeps ICMP type/code in its destination port and prints them as icmp_type /
            // icmp_code with no ports. NetFlow v5 has no ICMP field: exporters (softflowd too) send
            // type * 256 + code in the destination port, and nfdump reads it from there. So ports
            // are not comparable for ICMP records with nfdump (tshark still compares them).
            var icmp = ours.IcmpTypeCode ?? (version == 5 ? ours.DestinationPort : null);
            view = view with { SourcePort = null, DestinationPort = null, IcmpTypeCode = icmp };

            // Observed with nfdump 1.7.1: its v9 decoder ignores icmpTypeCodeIPv6 (element 139; its
            // IPFIX decoder reads it) and reports ICMPv6 type/code 0/0. tshark decodes the same
            // v9 field as 128/0 and 129/0, as our decoder does.
            if (version == 9 && ours.Protocol == IcmpV6 && ours.IcmpTypeCode is not null)
                view = view with { IcmpTypeCode = 0 };
        }

        // nfdump's record always has TCP flags; a template without tcpControlBits (softflowd's
        // ICMP templates) gives 0.
        view = view with { TcpFlags = ours.TcpFlags ?? 0 };
        return view;
    }
}

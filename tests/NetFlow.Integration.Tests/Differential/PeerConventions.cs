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
            // icmp_code with no ports. A record without an ICMP type/code field (v5 always;
            // pmacct's v9/IPFIX templates too) carries type * 256 + code in the destination port,
            // and nfdump reads it from there. So ports are not comparable for ICMP records with
            // nfdump (tshark still compares them). Nor does nfdump print TCP flags for ICMP.
            var icmp = ours.IcmpTypeCode ?? ours.DestinationPort;
            view = view with { SourcePort = null, DestinationPort = null, IcmpTypeCode = icmp, TcpFlags = null };

            // Observed with nfdump 1.7.1: its v9 decoder takes ICMP type/code only from ICMP_TYPE
            // (element 32, our icmpTypeCodeIPv4) and reports 0/0 otherwise, both for
            // icmpTypeCodeIPv6 (139; softflowd's v9 ICMPv6 template) and for type/code in
            // L4_DST_PORT (pmacctd's v9 templates). Its IPFIX and v5 decoders read both. tshark
            // decodes these v9 records as our decoder does (128/0, 129/0, 8/0).
            if (version == 9)
                view = view with { IcmpTypeCode = ours.Protocol == Icmp ? ours.IcmpTypeCode ?? 0 : 0 };
        }
        else
        {
            // nfdump's record always has TCP flags: a template without tcpControlBits gives 0.
            view = view with { TcpFlags = ours.TcpFlags ?? 0 };
        }
        return view;
    }
}

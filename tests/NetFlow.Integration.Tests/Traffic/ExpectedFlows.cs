using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Traffic;

/// <summary>
/// The records an exporter makes of the generated traffic, from make_traffic.py's manifest (the
/// ground truth), through the flow model softflowd and pmacct's nfprobe share (used by <c>TrafficTruthTests</c>
/// and the collector's end-to-end tests): one record per direction of each 5-tuple (ICMP keyed by type/code),
/// both with the first/last time of the whole bidirectional flow; ICMP type/code in the
/// destination port (source port 0, TCP flags 0), except in softflowd's v9/IPFIX, whose ICMP
/// templates carry icmpTypeCodeIPv4/IPv6 and no ports or flags. v5 carries no IPv6.
/// </summary>
public static class ExpectedFlows
{
    private const int Tcp = 6;
    private const int Udp = 17;

    public static IReadOnlyList<FlowView> For(TrafficCapture traffic, string exporter, int version) =>
        traffic.Flows
            .Where(f => version != 5 || !f.IsIPv6)
            .Select(f => AsExported(f, traffic.Flows, exporter, version))
            .ToList();

    private static FlowView AsExported(TrafficFlow flow, IReadOnlyList<TrafficFlow> all, string exporter, int version)
    {
        var reverse = all.SingleOrDefault(r =>
            r.Source == flow.Destination && r.Destination == flow.Source && r.Protocol == flow.Protocol &&
            r.SourcePort == flow.DestinationPort && r.DestinationPort == flow.SourcePort &&
            r.IcmpType == flow.IcmpType && r.IcmpCode == flow.IcmpCode);
        var first = reverse is null || flow.First <= reverse.First ? flow.First : reverse.First;
        var last = reverse is null || flow.Last >= reverse.Last ? flow.Last : reverse.Last;

        var view = new FlowView(
            FlowView.Address(flow.Source), FlowView.Address(flow.Destination), flow.Protocol,
            flow.SourcePort, flow.DestinationPort, IcmpTypeCode: null,
            flow.Octets, flow.Packets, flow.Protocol == Tcp ? flow.TcpFlags : 0, first, last);
        if (flow.Protocol is not (Tcp or Udp))
        {
            var typeCode = flow.IcmpType!.Value << 8 | flow.IcmpCode!.Value;
            view = exporter == ExportCases.Softflowd && version != 5
                ? view with { SourcePort = null, DestinationPort = null, IcmpTypeCode = typeCode, TcpFlags = null }
                : view with { SourcePort = 0, DestinationPort = typeCode };
        }
        return view;
    }
}

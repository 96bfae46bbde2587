using NetFlow.Integration.Tests.Traffic;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The differential tests only show that decoders agree; this one anchors them to the ground truth:
/// what make_traffic.py wrote, through softflowd's documented flow model, must be exactly what
/// `netflow decode` prints.
/// </summary>
public sealed class TrafficTruthTests(DifferentialRun run)
{
    private const int Tcp = 6;
    private const int Udp = 17;

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Decoded_records_are_the_generated_traffic(int version)
    {
        var traffic = run.Traffic;
        var ours = run.Ours(version);

        var expected = traffic.Flows
            .Where(f => version != 5 || !f.IsIPv6) // v5 cannot carry IPv6; softflowd ignores those packets
            .Select(f => AsSoftflowdExportsIt(f, traffic.Flows, version))
            .ToList();

        expected.Count.ShouldBeGreaterThanOrEqualTo(version == 5 ? 12 : 20);
        FlowViewComparison.ShouldAgree(ours.DataViews, expected, "traffic", $"softflowd -v {version} of traffic.pcap");
    }

    /// <summary>
    /// softflowd's flow model: one flow per 5-tuple and its reverse (ICMP keyed by type/code, so an
    /// echo request and its reply are two flows), exported as one record per direction that has
    /// packets, both with the first/last time of the whole flow. ICMP type/code travel in the
    /// destination port in v5 and in icmpTypeCodeIPv4/IPv6 (no ports, no TCP flags) in v9/IPFIX.
    /// </summary>
    private static FlowView AsSoftflowdExportsIt(TrafficFlow flow, IReadOnlyList<TrafficFlow> all, int version)
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
            view = version == 5
                ? view with { SourcePort = 0, DestinationPort = typeCode }
                : view with { SourcePort = null, DestinationPort = null, IcmpTypeCode = typeCode, TcpFlags = null };
        }
        return view;
    }
}

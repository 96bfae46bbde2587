using NetFlow.Integration.Tests.Traffic;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The differential tests only show that decoders agree; this one anchors them to the ground truth:
/// what make_traffic.py wrote, through the exporter's documented flow model, must be exactly what
/// `netflow decode` prints.
/// </summary>
public sealed class TrafficTruthTests(DifferentialRun run)
{
    private const int Tcp = 6;
    private const int Udp = 17;

    // Not pmacctd v5: reading a file, its v5 sysUptime/first/last come from wall-clock uptime, so
    // the times are not the capture's (tshark agrees with us on them; see TsharkAgreementTests).
    [Theory]
    [InlineData(ExportCases.Softflowd, 5)]
    [InlineData(ExportCases.Softflowd, 9)]
    [InlineData(ExportCases.Softflowd, 10)]
    [InlineData(ExportCases.Pmacctd, 9)]
    [InlineData(ExportCases.Pmacctd, 10)]
    public void Decoded_records_are_the_generated_traffic(string exporter, int version)
    {
        var traffic = run.Traffic;
        var ours = run.Ours(exporter, version);

        var expected = traffic.Flows
            .Where(f => version != 5 || !f.IsIPv6) // v5 cannot carry IPv6; both exporters drop those packets
            .Select(f => AsExported(f, traffic.Flows, exporter, version))
            .ToList();

        expected.Count.ShouldBe(version == 5 ? 12 : 20);
        FlowViewComparison.ShouldAgree(ours.DataViews, expected, "traffic", $"{exporter} v{version} of traffic.pcap");
    }

    /// <summary>
    /// The flow model of softflowd (and of pmacct's nfprobe, derived from softflowd 0.9.7): one flow
    /// per 5-tuple and its reverse (ICMP keyed by type/code, so an echo request and its reply are
    /// two flows), exported as one record per direction, both with the first/last time of the whole
    /// flow. ICMP type/code travel in the destination port (source port 0, TCP flags 0), except in
    /// softflowd's v9/IPFIX, whose ICMP templates carry icmpTypeCodeIPv4/IPv6 and no ports or flags.
    /// </summary>
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

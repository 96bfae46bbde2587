using NetFlow.Integration.Tests.Traffic;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The differential tests only show that decoders agree; this one anchors them to the ground truth:
/// what make_traffic.py wrote, through the exporter's documented flow model, must be exactly what
/// `netflow decode` prints.
/// </summary>
public sealed class TrafficTruthTests(DifferentialRun run)
{
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

        var expected = ExpectedFlows.For(traffic, exporter, version); // v5 cannot carry IPv6: those flows are left out

        expected.Count.ShouldBe(version == 5 ? 12 : 20);
        FlowViewComparison.ShouldAgree(ours.DataViews, expected, "traffic", $"{exporter} v{version} of traffic.pcap");
    }
}

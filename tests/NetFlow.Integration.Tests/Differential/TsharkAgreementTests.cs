using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// softflowd's export decoded by `netflow decode` and by tshark 4.0 must give the same multiset of
/// data records: addresses, ports, ICMP type/code, protocol, octets, packets, TCP flags, start and
/// end (to the tick tshark prints; softflowd sends milliseconds). No peer convention is needed.
/// </summary>
public sealed class TsharkAgreementTests(DifferentialRun run)
{
    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Every_data_record_matches_tshark(int version)
    {
        var export = run.Export(version);
        var ours = run.Ours(version);

        var tshark = TsharkDecode.Decode(export.ExportPcap, SoftflowdExport.WellKnownPort(version));

        tshark.Messages.ShouldBe(export.Datagrams.Count, "tshark must dissect every datagram as cflow");
        tshark.Data.Count.ShouldBeGreaterThan(0);
        FlowViewComparison.ShouldAgree(ours.DataViews, tshark.Data, "tshark", $"softflowd -v {version}");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void Options_record_count_matches_tshark(int version)
    {
        var export = run.Export(version);
        var ours = run.Ours(version);

        var tshark = TsharkDecode.Decode(export.ExportPcap, SoftflowdExport.WellKnownPort(version));

        // softflowd sends an options template and record every time (TOOLS.md).
        tshark.OptionsRecords.ShouldBeGreaterThan(0);
        ours.Options.Count().ShouldBe(tshark.OptionsRecords);
    }
}

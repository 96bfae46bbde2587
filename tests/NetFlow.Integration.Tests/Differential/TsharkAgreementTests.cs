using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// An exporter's datagrams decoded by `netflow decode` and by tshark 4.0 must give the same
/// multiset of data records: addresses, ports, ICMP type/code, protocol, octets, packets, TCP
/// flags, start and end (to the tick tshark prints; the exporters send milliseconds, or v5
/// sysUptime offsets both sides turn into times). No peer convention is needed.
/// </summary>
public sealed class TsharkAgreementTests(DifferentialRun run)
{
    [Theory]
    [MemberData(nameof(ExportCases.All), MemberType = typeof(ExportCases))]
    public void Every_data_record_matches_tshark(string exporter, int version)
    {
        var export = run.Export(exporter, version);
        var ours = run.Ours(exporter, version);

        var tshark = TsharkDecode.Decode(export.ExportPcap, ExportCapture.WellKnownPort(version));

        tshark.Messages.ShouldBe(export.Datagrams.Count, "tshark must dissect every datagram as cflow");
        tshark.Data.Count.ShouldBeGreaterThan(0);
        FlowViewComparison.ShouldAgree(ours.DataViews, tshark.Data, "tshark", export.ToString());
    }

    [Theory]
    [MemberData(nameof(ExportCases.All), MemberType = typeof(ExportCases))]
    public void Options_record_count_matches_tshark(string exporter, int version)
    {
        var export = run.Export(exporter, version);
        var ours = run.Ours(exporter, version);

        var tshark = TsharkDecode.Decode(export.ExportPcap, ExportCapture.WellKnownPort(version));

        // softflowd sends an options template and record every time (TOOLS.md); pmacct sends none.
        if (exporter == ExportCases.Softflowd && version != 5)
            tshark.OptionsRecords.ShouldBeGreaterThan(0);
        ours.Options.Count().ShouldBe(tshark.OptionsRecords);
    }
}

using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// An exporter's datagrams, sent to nfcapd 1.7.1 and read back with nfdump, must give the same
/// multiset of flows as `netflow decode` of the same datagrams, after the documented nfdump
/// presentation rules in <see cref="PeerConventions.AsNfdumpShowsIt"/>.
/// </summary>
public sealed class NfdumpAgreementTests(DifferentialRun run)
{
    [Theory]
    [MemberData(nameof(ExportCases.All), MemberType = typeof(ExportCases))]
    public void Every_flow_matches_nfdump(string exporter, int version)
    {
        var export = run.Export(exporter, version);
        var ours = run.Ours(exporter, version);

        var nfdump = NfcapdCollector.Collect(export.Datagrams, run.Directory, $"nfcapd-{exporter}-v{version}", expectedFlows: ours.Data.Count());

        // nfcapd's own count first: it would reveal datagrams it never processed.
        nfdump.CollectedFlows.ShouldBe(ours.Data.Count(), nfdump.NfcapdOutput);
        var theirs = nfdump.Flows.Select(NfdumpRecord.ToView).ToList();
        var expected = ours.DataViews.Select(v => PeerConventions.AsNfdumpShowsIt(v, version)).ToList();
        FlowViewComparison.ShouldAgree(expected, theirs, "nfdump", export.ToString());
    }
}

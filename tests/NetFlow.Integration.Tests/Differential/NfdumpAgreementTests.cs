using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Differential;

/// <summary>
/// The datagrams softflowd exported, sent to nfcapd 1.7.1 and read back with nfdump, must give the
/// same multiset of flows as `netflow decode` of the same datagrams, after the documented nfdump
/// presentation rules in <see cref="PeerConventions.AsNfdumpShowsIt"/>.
/// </summary>
public sealed class NfdumpAgreementTests(DifferentialRun run)
{
    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    public void Every_flow_matches_nfdump(int version)
    {
        var export = run.Export(version);
        var ours = run.Ours(version);

        var nfdump = NfcapdCollector.Collect(export.Datagrams, run.Directory, $"nfcapd-v{version}");

        // nfcapd's own count first: it would reveal datagrams it never processed.
        nfdump.CollectedFlows.ShouldBe(export.ExportedRecords, nfdump.NfcapdOutput);
        var theirs = nfdump.Flows.Select(NfdumpRecord.ToView).ToList();
        var expected = ours.DataViews.Select(v => PeerConventions.AsNfdumpShowsIt(v, version)).ToList();
        FlowViewComparison.ShouldAgree(expected, theirs, "nfdump", $"softflowd -v {version}");
    }
}

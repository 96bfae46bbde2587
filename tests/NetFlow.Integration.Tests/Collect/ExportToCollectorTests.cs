using NetFlow.Integration.Tests.Traffic;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;
using NetFlow.Integration.Tests.Store;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// A real exporter sends its export of the traffic capture straight to `netflow collect` on
/// loopback. After SIGTERM every flow is in the collector's JSON output (and in its store, the
/// same records) with the values of the
/// ground truth (make_traffic.py's manifest through the exporters' flow model), and the totals per
/// flow key equal what nfcapd 1.7.1 stores from the same export (the exporter run a second time on
/// the same capture, which is deterministic, and its datagrams sent to nfcapd), after the
/// documented nfdump presentation rules (<see cref="PeerConventions.AsNfdumpShowsIt"/>).
/// </summary>
public sealed class ExportToCollectorTests(DifferentialRun run, ITestOutputHelper output)
{
    public static TheoryData<string, int> Cases => new()
    {
        { ExportCases.Softflowd, 5 },
        { ExportCases.Softflowd, 9 },
        { ExportCases.Softflowd, 10 },
        { ExportCases.Pmacctd, 9 },
        { ExportCases.Pmacctd, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exported_flow_is_collected_with_its_values_and_the_totals_match_nfcapd(string exporter, int version)
    {
        var traffic = run.Traffic;
        var directory = CollectDirectory.Create(run, $"export-{exporter}-v{version}");

        var store = Path.Combine(directory, "store");
        LiveExportResult export;
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.Files, "--store", store, "--workers", "2", "--sockets", "2"))
        {
            export = LiveExport.Run(exporter, version, traffic.PcapPath, collector.Port, directory);
            var kernel = KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            kernel.Drops.ShouldBe(0, "the kernel dropped datagrams before the collector read them");
            stopped = collector.Stop(TimeSpan.FromSeconds(30));
        }

        var context = $"{exporter} v{version} -> netflow collect";
        output.WriteLine($"{context}: {stopped.Records.Count} records ({stopped.Data.Count()} data), stop took {stopped.StopTime.TotalMilliseconds:0} ms");
        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        // Two sinks, the --json files and the Parquet store: the same flows in each, every store file finished at SIGTERM.
        Directory.GetFiles(store, ".*.tmp", SearchOption.AllDirectories).ShouldBeEmpty("a clean stop finishes the open store files");
        StoredFlows.Keys(store).ShouldBe([.. stopped.Data.Select(StoredFlows.KeyOf).Order(StringComparer.Ordinal)], "the store and the --json output");
        stopped.HandedToSinks.ShouldBe(stopped.Records.Count, "the collector's own count of records written to its JSON sink");
        stopped.Records.ShouldAllBe(r => r.GetProperty("exporter").GetString() == "127.0.0.1" && r.GetProperty("version").GetInt32() == version);
        var ours = stopped.Data.Select(OurRecord.ToView).ToList();
        if (export.Records is { } exported)
            ours.Count.ShouldBe(exported, $"softflowd says it exported {exported} records:\n{export.Output}");

        // Every flow, with its addresses, ports, protocol, octets, packets, flags and times.
        FlowViewComparison.ShouldAgree(ours, ExpectedFlows.For(traffic, exporter, version), "traffic", context);

        // The same export (a second run of the exporter) collected by nfcapd and read with nfdump.
        var again = run.Export(exporter, version);
        if (export.Records is not null)
            again.ExportedRecords.ShouldBe(export.Records, "the exporter is deterministic on the same capture");
        var nfdump = NfcapdCollector.Collect(again.Datagrams, directory, "nfcapd", expectedFlows: ours.Count);
        nfdump.CollectedFlows.ShouldBe(ours.Count, nfdump.NfcapdOutput);
        FlowKeyTotals.ShouldAgree(
            ours.Select(v => PeerConventions.AsNfdumpShowsIt(v, version)),
            nfdump.Flows.Select(NfdumpRecord.ToView),
            "nfcapd/nfdump", context);
    }
}

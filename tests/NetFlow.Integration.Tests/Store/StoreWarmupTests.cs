using NetFlow.Cli.Commands;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Storage;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// The store's warm-up before the collector listens: it must run the whole write path (records in
/// finished files, rollups), leave nothing behind, not touch the store it warms up for, and come
/// before "listening" in the collector's log.
/// </summary>
public sealed class StoreWarmupTests(DifferentialRun run)
{
    /// <summary>3 packet formats, 36 row groups of 4096 rows each, in packets of 28 (v9) or the IPFIX formats' own count.</summary>
    private const long AtLeastRecords = 3 * 36 * 4096 - 3 * 28;

    [Fact]
    public void Warmup_writes_flows_files_and_rollups_and_removes_them()
    {
        var store = Path.Combine(CollectDirectory.Create(run, "warmup"), "store");
        var before = WarmupDirectories();

        var result = StoreWarmup.Run(FlowStoreOptions.Default with { Directory = store });

        result.Records.ShouldBeGreaterThanOrEqualTo(AtLeastRecords);
        result.Files.ShouldBeGreaterThanOrEqualTo(1);
        // Six keys (srcip, dstip, srcport, dstport, proto, exporter), a file each per segment.
        result.RollupFiles.ShouldBeGreaterThanOrEqualTo(6);
        Directory.Exists(store).ShouldBeFalse("the warm-up writes into a directory of its own, not the store");
        WarmupDirectories().Except(before).ShouldBeEmpty("the warm-up's directory is removed");
    }

    [Fact]
    public void Collector_warms_up_before_it_listens()
    {
        var directory = CollectDirectory.Create(run, "warmup-collect");
        using var collector = CollectorProcess.Start(directory, CollectorOutput.None, "--store", Path.Combine(directory, "store"));
        var log = collector.StandardErrorSoFar;
        int warmed = log.IndexOf("store: write path warmed up in", StringComparison.Ordinal);
        warmed.ShouldBeGreaterThanOrEqualTo(0, log);
        warmed.ShouldBeLessThan(log.IndexOf("listening on udp://", StringComparison.Ordinal), log);
        collector.Stop(TimeSpan.FromSeconds(30)).ExitCode.ShouldBe(0);
    }

    private static string[] WarmupDirectories() => Directory.GetDirectories(Path.GetTempPath(), "netflow-warmup-*");
}

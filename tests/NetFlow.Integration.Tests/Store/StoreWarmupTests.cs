using NetFlow.Cli.Commands;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Storage;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// The store's warm-up before the collector listens: it must run the whole write path (records in
/// finished files, rollups), pass after pass until the JIT has nothing left to compile (8 at most), leave nothing behind, not touch the store it warms up for, and come
/// before "listening" in the collector's log.
/// </summary>
public sealed class StoreWarmupTests(DifferentialRun run)
{
    /// <summary>A pass: 3 packet formats, 12 row groups of 4096 rows each, in whole packets (of at most 64 records).</summary>
    private const long AtLeastRecordsPerPass = 3 * 12 * 4096 - 3 * 64;

    [Fact]
    public void Warmup_writes_flows_files_and_rollups_and_removes_them()
    {
        var directory = CollectDirectory.Create(run, "warmup");
        var store = Path.Combine(directory, "store");
        // Its own parent for the warm-up's directory: collectors started by tests running alongside warm up in the system's temp.
        var parent = Directory.CreateDirectory(Path.Combine(directory, "temp")).FullName;

        var result = StoreWarmup.Run(FlowStoreOptions.Default with { Directory = store }, parent);

        result.Passes.ShouldBeInRange(1, 8);
        result.Records.ShouldBeGreaterThanOrEqualTo(result.Passes * AtLeastRecordsPerPass);
        result.Files.ShouldBeGreaterThanOrEqualTo(1);
        // Six keys (srcip, dstip, srcport, dstport, proto, exporter), a file each per segment.
        result.RollupFiles.ShouldBeGreaterThanOrEqualTo(6);
        Directory.Exists(store).ShouldBeFalse("the warm-up writes into a directory of its own, not the store");
        Directory.EnumerateFileSystemEntries(parent).ShouldBeEmpty("the warm-up's directory is removed");
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
}

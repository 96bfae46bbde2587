using System.Globalization;
using System.Text.RegularExpressions;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// Retention with a short rotation (1 s) and a steady sender (2,000 records/s for 7 s): after
/// each rotation the oldest files beyond the age or the size limit are removed, each removal is
/// logged ("store retention: removed PATH (N bytes): REASON") and the file is gone; what stays is
/// the newest files, within the limit, and exactly the records sent last (one exporter's records
/// stay in order, so the files cover consecutive runs of them and removing the oldest leaves the
/// newest records).
/// </summary>
public sealed partial class StoreRetentionTests(DifferentialRun run, ITestOutputHelper output)
{
    private const int Records = 14_000;
    private const int PerDatagram = 200;
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Rotation = TimeSpan.FromSeconds(1);

    /// <summary>
    /// About 2.7 files: a file of 2,000 of these records is about 22 KB with snappy. The test checks
    /// that every file is below it (so the newest can be kept) and the whole run above it.
    /// </summary>
    private const long SizeLimit = 60_000;

    [Fact]
    public void Retention_by_age_removes_the_files_older_than_the_age_and_logs_each()
    {
        var age = TimeSpan.FromSeconds(3);
        var (stopped, removals, remaining) = RunWithRetention("age", "--retention-age", "3s");

        removals.ShouldAllBe(r => r.Reason.StartsWith("older than", StringComparison.Ordinal));
        foreach (var r in removals)
        {
            // Removed only once its interval ended longer than the age ago (by the log line's clock).
            (r.LoggedAt - (StoreFiles.Start(r.Path) + Rotation)).ShouldBeGreaterThan(age, $"{r.Path} was removed at {r.LoggedAt:O}, too early");
        }
        // Nothing older than the age stays: the last retention ran when the final file was finished at SIGTERM.
        var lastRun = LogTime(StoppedLine().Match(stopped.StandardError));
        foreach (var path in remaining.Keys)
            (StoreFiles.Start(path) + Rotation).ShouldBeGreaterThanOrEqualTo(lastRun - age - Rotation, $"{path} should have been removed by {lastRun:O}");
    }

    [Fact]
    public void Retention_by_size_keeps_the_newest_files_within_the_limit_and_logs_each_removal()
    {
        var (_, removals, remaining) = RunWithRetention("size", "--retention-size", "60K");

        removals.ShouldAllBe(r => r.Reason == $"store above {SizeLimit} bytes");
        remaining.Values.Sum().ShouldBeLessThanOrEqualTo(SizeLimit, "the files left after the last rotation");
        removals.ShouldAllBe(r => r.Bytes < SizeLimit, "a file above the limit would make the newest one go too");
    }

    /// <summary>Runs a collector with the retention options; returns the flow files' removals (their rollups' are checked here).</summary>
    private (CollectorStopped Stopped, IReadOnlyList<Removal> Removals, SortedDictionary<string, long> Remaining) RunWithRetention(
        string name, params string[] retention)
    {
        var directory = CollectDirectory.Create(run, "store-retention-" + name);
        var store = Path.Combine(directory, "store");
        var flows = SyntheticExport.Flows(batch: 5, count: Records);
        var seen = new SortedDictionary<string, long>(StringComparer.Ordinal);

        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.None, ["--store", store, "--store-rotation", "1s", .. retention]))
        {
            using (var sender = new SteadySender(collector, flows, PerDatagram, Every))
            {
                while (!sender.IsDone)
                {
                    foreach (var (path, size) in StoreFiles.Finished(store))
                        seen[path] = size;
                    Thread.Sleep(100);
                }
                sender.WaitUntilDone(TimeSpan.FromSeconds(30));
            }
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            stopped = collector.Stop(TimeSpan.FromSeconds(30));
        }
        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        stopped.HandedToSinks.ShouldBe(Records, stopped.StandardError);

        var removals = RemovedLine().Matches(stopped.StandardError).Select(m => new Removal(
            m.Groups["path"].Value, long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture), m.Groups["reason"].Value, LogTime(m))).ToList();
        var remaining = StoreFiles.Finished(store);
        foreach (var (path, size) in remaining)
            seen[path] = size;
        output.WriteLine($"{name}: {seen.Count} files written, {removals.Count} removed, {remaining.Count} left ({remaining.Values.Sum()} bytes):\n" +
            string.Join('\n', seen.Select(f => $"  {Path.GetFileName(f.Key)} {f.Value} bytes {(remaining.ContainsKey(f.Key) ? "kept" : "removed")}")));

        removals.Count.ShouldBeGreaterThanOrEqualTo(2, $"retention should have removed files:\n{stopped.StandardError}");
        remaining.ShouldNotBeEmpty("the newest files are kept");
        foreach (var r in removals)
        {
            File.Exists(r.Path).ShouldBeFalse($"{r.Path} is logged as removed but still there");
            seen.GetValueOrDefault(r.Path, r.Bytes).ShouldBe(r.Bytes, $"{r.Path}: the size logged vs the size seen");
        }
        // Every file that went is logged, and the oldest went first.
        var disappeared = seen.Keys.Except(remaining.Keys).Order(StringComparer.Ordinal).ToList();
        disappeared.ShouldBeSubsetOf(removals.Select(r => r.Path), "the files that disappeared vs the files logged as removed");
        // A run across an hour's end also removes that hour's rollups, once retention takes a flow
        // file of the hour: they sum it. Written when the hour closed and removed by the same
        // rotation's retention, they may come and go between two looks; flow files last at least a
        // rotation, so every one of those is seen.
        var rollupRemovals = removals.Where(r => IsRollup(r.Path)).ToList();
        rollupRemovals.ShouldAllBe(r => r.Reason == "its hour lost a flow file");
        var fileRemovals = removals.Except(rollupRemovals).ToList();
        fileRemovals.Select(r => r.Path).Order(StringComparer.Ordinal).ShouldBe(disappeared.Where(p => !IsRollup(p)),
            "the flow files that disappeared vs those logged as removed");
        var newestRemoved = fileRemovals.Max(r => StoreFiles.Start(r.Path));
        remaining.Keys.ShouldAllBe(path => StoreFiles.Start(path) > newestRemoved, "a file newer than a kept one was removed");
        var newest = seen.Keys.MaxBy(StoreFiles.Start)!;
        remaining.ShouldContainKey(newest, "the newest file should be kept");

        // What stays is the records sent last: the newest records, no gap, nothing else.
        var kept = ListedFlow.FromQuery(StoreCli.Query(store, "--limit", "0"));
        kept.Count.ShouldBeInRange(1, Records - 1);
        ListedFlow.ShouldAgree(kept, flows.Skip(Records - kept.Count).ToList(), $"{name} retention: the records left vs the last {kept.Count} sent", "sent");
        return (stopped, fileRemovals, remaining);
    }

    private sealed record Removal(string Path, long Bytes, string Reason, DateTime LoggedAt);

    /// <summary>ROOT/rollups/date=D/hour=H/KEY-....parquet.</summary>
    private static bool IsRollup(string path) => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)))) == "rollups";

    private static DateTime LogTime(Match line) =>
        DateTime.ParseExact(line.Groups["time"].Value, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>"2026-11-26T12:29:47.125Z info: NetFlow.Store[0] store retention: removed /path/flows-....parquet (22689 bytes): older than 00:00:03".</summary>
    [GeneratedRegex(@"^(?<time>\S+Z) \w+: \S+ store retention: removed (?<path>\S+\.parquet) \((?<bytes>\d+) bytes\): (?<reason>.+)$", RegexOptions.Multiline)]
    private static partial Regex RemovedLine();

    [GeneratedRegex(@"^(?<time>\S+Z) \w+: \S+ stopped: \d+ records written to sink store", RegexOptions.Multiline)]
    private static partial Regex StoppedLine();
}

using System.Globalization;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// The store's crash guarantee, with `netflow collect --store DIR --store-rotation 5s` killed with
/// SIGKILL in the middle of an interval: finished files are whole and hold exactly the records of
/// their intervals, the open interval is lost (its temp file left behind), and the next start
/// removes that leftover, says so, and writes new records to new files without touching the old.
/// <para>
/// The open interval's temp file exists only once its first row group (128 Ki rows) has gone to
/// disk; a smaller interval lives in memory only and a crash leaves no file at all. So the records
/// sent in the interval that is killed are more than one row group.
/// </para>
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class StoreCrashTests(DifferentialRun run, ITestOutputHelper output)
{
    private static readonly TimeSpan Rotation = TimeSpan.FromSeconds(5);
    private const int RowGroupRows = 128 * 1024;

    [Fact]
    public void After_kill_9_the_finished_files_hold_exactly_their_records_and_the_restart_removes_the_leftover()
    {
        var directory = CollectDirectory.Create(run, "store-crash");
        var store = Path.Combine(directory, "store");
        uint sequence = 1;
        var finishedBatch = SyntheticExport.Flows(batch: 1, count: 20_000);
        var lostBatch = SyntheticExport.Flows(batch: 2, count: RowGroupRows + 8_000);
        var afterRestart = SyntheticExport.Flows(batch: 3, count: 300);

        SortedDictionary<string, long> finishedBeforeCrash;
        TimeSpan killedInto;
        using (var collector = CollectorProcess.Start(Path.Combine(directory, "first"), CollectorOutput.None,
            "--store", store, "--store-rotation", "5s"))
        {
            // 1. Records that end up in finished files: wait until they are all there.
            SyntheticExport.Send(SyntheticExport.Datagrams(finishedBatch, ref sequence), collector);
            StoreFiles.WaitUntil(() => StoreFiles.Temporary(store).Count == 0 && StoreFiles.Finished(store).Count > 0
                    && StoreCli.FlowCount(store) == (ulong)finishedBatch.Count,
                TimeSpan.FromSeconds(15), () => $"{finishedBatch.Count} records in finished files\nstderr:\n{collector.StandardErrorSoFar}");
            finishedBeforeCrash = StoreFiles.Finished(store);

            // 2. Early in a fresh interval, more than a row group: its temp file appears; SIGKILL before the interval ends.
            var datagrams = SyntheticExport.Datagrams(lostBatch, ref sequence);
            var intervalEnd = WaitForIntervalStart() + Rotation;
            SyntheticExport.Send(datagrams, collector);
            StoreFiles.WaitUntil(() => StoreFiles.Temporary(store).Count > 0, intervalEnd - DateTime.UtcNow - TimeSpan.FromMilliseconds(200),
                () => $"a temp file for the {lostBatch.Count} records of the open interval\nstderr:\n{collector.StandardErrorSoFar}");
            ExternalProcess.Run(PeerLocator.Kill, ["-KILL", collector.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)).EnsureSuccess();
            var killedAt = DateTime.UtcNow;
            StoreFiles.WaitUntil(() => collector.HasExited, TimeSpan.FromSeconds(10), () => "the collector to die of SIGKILL");
            killedAt.ShouldBeLessThan(intervalEnd, "the kill was meant to land inside the open interval; the machine was too slow for this test's timing");
            killedInto = killedAt - (intervalEnd - Rotation);
        }

        var leftovers = StoreFiles.Temporary(store);
        leftovers.ShouldNotBeEmpty("the killed interval's temp file should be left behind");
        StoreFiles.Finished(store).ShouldBe(finishedBeforeCrash, "no file may be finished (or changed) by an interval that was killed");
        ListedFlow.ShouldAgree(ListedFlow.FromQuery(StoreCli.Query(store, "--limit", "0")), finishedBatch,
            "after kill -9: the finished files vs the records sent before the killed interval", "sent");
        output.WriteLine($"killed {killedInto.TotalMilliseconds:0} ms into the {Rotation.TotalSeconds:0} s interval with {lostBatch.Count} records in it; left {string.Join(", ", leftovers.Select(Path.GetFileName))}; " +
            $"{finishedBeforeCrash.Count} finished file(s) with {finishedBatch.Count} records");

        // 3. Restart on the same store: the leftover goes (logged), new records go to new files.
        CollectorStopped stopped;
        string startupLog;
        using (var collector = CollectorProcess.Start(Path.Combine(directory, "second"), CollectorOutput.None,
            "--store", store, "--store-rotation", "5s"))
        {
            startupLog = collector.StandardErrorSoFar;
            SyntheticExport.Send(SyntheticExport.Datagrams(afterRestart, ref sequence), collector);
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10));
            stopped = collector.Stop(TimeSpan.FromSeconds(30));
        }
        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        foreach (var leftover in leftovers)
        {
            File.Exists(leftover).ShouldBeFalse($"the restart should remove {leftover}");
            startupLog.ShouldContain($"store: removed {leftover}", Case.Sensitive, $"the restart should log the removal of {leftover}:\n{startupLog}");
        }
        StoreFiles.Temporary(store).ShouldBeEmpty("SIGTERM finishes the open interval");
        stopped.HandedToSinks.ShouldBe(afterRestart.Count, stopped.StandardError);

        var finishedAfter = StoreFiles.Finished(store);
        foreach (var (path, size) in finishedBeforeCrash)
            finishedAfter.GetValueOrDefault(path).ShouldBe(size, $"{path}, finished before the crash, should be there unchanged");
        finishedAfter.Keys.Except(finishedBeforeCrash.Keys).ShouldNotBeEmpty("the records after the restart should go to new files");
        ListedFlow.ShouldAgree(ListedFlow.FromQuery(StoreCli.Query(store, "--limit", "0")), [.. finishedBatch, .. afterRestart],
            "after the restart: the store vs the records sent before the killed interval and after the restart", "sent");
        output.WriteLine($"restart removed the leftover; {finishedAfter.Count} finished files hold {finishedBatch.Count} + {afterRestart.Count} records");
    }

    /// <summary>Sleeps until 30 ms into the next rotation interval (by the clock the collector uses too); returns that interval's start.</summary>
    private static DateTime WaitForIntervalStart()
    {
        var now = DateTime.UtcNow;
        var next = new DateTime(now.Ticks - now.Ticks % Rotation.Ticks, DateTimeKind.Utc) + Rotation;
        Thread.Sleep(next - now + TimeSpan.FromMilliseconds(30));
        return next;
    }
}

using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>Files appear only whole, at the end of their interval, under date/hour partitions; crash leftovers go at start; one writer per store.</summary>
public sealed class RotationAndRecoveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 23, 59, 10, TimeSpan.Zero);

    [Fact]
    public async Task A_file_appears_only_when_its_interval_ends_and_the_next_interval_gets_a_new_file()
    {
        using var store = new TempStore();
        var clock = new ManualClock(Start);
        var ct = TestContext.Current.CancellationToken;
        var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path, RotationInterval = TimeSpan.FromMinutes(1) }, timeProvider: clock);
        await using (sink)
        {
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), ct);
            await sink.FlushAsync(ct);
            store.FlowFiles().ShouldBeEmpty("the interval has not ended: nothing is visible yet");

            clock.Advance(TimeSpan.FromSeconds(50)); // 00:00:00 of the next day
            await sink.FlushAsync(ct);
            store.TempFiles().ShouldBeEmpty();
            var first = store.FlowFiles().ShouldHaveSingleItem();
            Path.GetDirectoryName(first).ShouldEndWith(Path.Combine("flows", "date=2026-11-26", "hour=23"));
            Path.GetFileName(first).ShouldStartWith("flows-20261126T235900Z_");
            // The name carries the span of the flows' own times (softflowd's, years before the clock here), whole seconds around it.
            StoreLayout.TryParseSpan(first, out var span).ShouldBeTrue();
            var (minStart, maxEnd) = FlowSpan(CorpusBatch.SoftflowdV9());
            span.First.ShouldBeLessThanOrEqualTo(minStart);
            (minStart - span.First).ShouldBeLessThan(TimeSpan.FromSeconds(1));
            span.Last.ShouldBeGreaterThanOrEqualTo(maxEnd);
            (span.Last - maxEnd).ShouldBeLessThan(TimeSpan.FromSeconds(1));
            Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(44);
            sink.Counters.FlowRecords.ShouldBe(44);
            sink.ReadCounters().ShouldContain(c => c.Name == "netflow_store_files_total" && c.Value == 1);
            sink.ReadCounters().ShouldContain(c => c.Name == "netflow_store_flow_records_total" && c.Value == 44);

            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), ct);
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), ct);
        }
        // Dispose (a clean stop) finishes the open file: nothing is lost.
        var files = store.FlowFiles();
        files.Length.ShouldBe(2);
        files[1].ShouldContain(Path.Combine("date=2026-11-27", "hour=00", "flows-20261127T000000Z_"));
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(3 * 44);
        store.TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_small_row_group_size_still_writes_every_record_in_one_file()
    {
        using var store = new TempStore();
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path, RowGroupRows = 5 }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        store.FlowFiles().ShouldHaveSingleItem();
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(44);
        Sql.Scalar<long>(store.Path, "SELECT sum(bytes) FROM flows").ShouldBe(SumBytes());
    }

    [Fact]
    public async Task A_restart_in_the_same_interval_does_not_overwrite_the_finished_file()
    {
        using var store = new TempStore();
        for (int run = 0; run < 2; run++)
        {
            await using var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(Start));
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        }
        store.FlowFiles().Select(f => Path.GetFileName(f)![..25]).ShouldBe(["flows-20261126T235900Z-1_", "flows-20261126T235900Z_20"]);
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(88);
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_run_are_removed_at_start_and_reported()
    {
        using var store = new TempStore();
        string partition = Path.Combine(store.Path, "flows", "date=2026-11-26", "hour=10");
        Directory.CreateDirectory(partition);
        string leftover = Path.Combine(partition, ".flows-20261126T101000Z.parquet.tmp");
        await File.WriteAllBytesAsync(leftover, new byte[1234], TestContext.Current.CancellationToken);
        string finished = Path.Combine(partition, "flows-20261126T100900Z_");
        await using (var earlier = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(new DateTimeOffset(2026, 11, 26, 10, 9, 0, TimeSpan.Zero))))
            await earlier.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        store.FlowFiles().ShouldHaveSingleItem().ShouldStartWith(finished);
        File.Exists(leftover).ShouldBeFalse("the earlier sink removed it at its start");

        await File.WriteAllBytesAsync(leftover, new byte[1234], TestContext.Current.CancellationToken);
        await using var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path });
        sink.Leftovers.ShouldHaveSingleItem().ShouldBe(new StoreRecovery.Leftover(leftover, 1234));
        sink.Counters.LeftoversRemoved.ShouldBe(1);
        File.Exists(leftover).ShouldBeFalse();
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(44, "finished files are untouched");
    }

    [Fact]
    public async Task A_second_writer_on_the_same_store_fails_at_start()
    {
        using var store = new TempStore();
        await using var first = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path });
        var e = Should.Throw<IOException>(() => new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }));
        e.Message.ShouldContain("in use by another collector");
    }

    private static (DateTime MinStart, DateTime MaxEnd) FlowSpan(NetFlow.Protocol.Records.FlowRecordBatch batch)
    {
        var min = DateTime.MaxValue;
        var max = DateTime.MinValue;
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].TryGetStart(out var start).ShouldBeTrue();
            batch[i].TryGetEnd(out var end).ShouldBeTrue();
            min = start < min ? start : min;
            max = end > max ? end : max;
        }
        return (min, max);
    }

    private static long SumBytes()
    {
        var batch = CorpusBatch.SoftflowdV9();
        long sum = 0;
        for (int i = 0; i < batch.Count; i++)
            sum += (long)(ulong)FlowStoreSinkTests.Number(batch[i], 1)!;
        return sum;
    }
}

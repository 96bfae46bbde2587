using NetFlow.Storage.Retention;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>Retention removes the oldest finished files by age and by total size, and leaves files it did not make.</summary>
public sealed class RetentionTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static string MakeFile(TempStore store, string dataset, DateTime start, int bytes)
    {
        string path = StoreLayout.NewFilePath(store.Path, dataset, start);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    [Fact]
    public void Files_older_than_the_age_go_with_their_empty_partitions()
    {
        using var store = new TempStore();
        string old = MakeFile(store, "flows", Now.AddDays(-3), 100);
        string oldOptions = MakeFile(store, "options", Now.AddDays(-3), 10);
        string recent = MakeFile(store, "flows", Now.AddHours(-1), 100);
        string foreign = Path.Combine(store.Path, "flows", "date=2026-11-20", "notes.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        File.WriteAllBytes(foreign, [1]);

        var removed = StoreRetention.Apply(store.Path, TimeSpan.FromDays(2), null, Now, TimeSpan.FromMinutes(1));

        removed.Select(r => r.Path).ShouldBe([old, oldOptions], ignoreOrder: true);
        removed.ShouldAllBe(r => r.Reason.Contains("older than"));
        File.Exists(recent).ShouldBeTrue();
        File.Exists(foreign).ShouldBeTrue("not a name the store makes");
        Directory.Exists(Path.GetDirectoryName(old)).ShouldBeFalse("the empty hour partition is removed");
        Directory.Exists(Path.Combine(store.Path, "flows")).ShouldBeTrue();
    }

    [Fact]
    public void Past_the_size_limit_the_oldest_files_go_until_the_store_fits()
    {
        using var store = new TempStore();
        var files = Enumerable.Range(0, 10).Select(i => MakeFile(store, "flows", Now.AddMinutes(-10 + i), 1000)).ToArray();

        var removed = StoreRetention.Apply(store.Path, null, 3500, Now, TimeSpan.FromMinutes(1));

        removed.Select(r => r.Path).ShouldBe(files[..7]);
        files[7..].ShouldAllBe(f => File.Exists(f));
        removed.Sum(r => r.Bytes).ShouldBe(7000);
    }

    [Fact]
    public async Task The_sink_applies_retention_after_each_rotation_and_counts_it()
    {
        using var store = new TempStore();
        string old = MakeFile(store, "flows", Now.AddDays(-40), 500);
        var clock = new ManualClock(new DateTimeOffset(Now));
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path, RetentionAge = TimeSpan.FromDays(30) }, timeProvider: clock))
        {
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
            clock.Advance(TimeSpan.FromMinutes(1));
            await sink.FlushAsync(TestContext.Current.CancellationToken);
            sink.Counters.RetentionRemovedFiles.ShouldBe(1);
            sink.Counters.RetentionRemovedBytes.ShouldBe(500);
        }
        File.Exists(old).ShouldBeFalse();
        store.FlowFiles().ShouldHaveSingleItem();
    }
}

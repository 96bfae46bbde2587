using NetFlow.Collector.Sinks.JsonLines;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

public sealed class JsonLinesRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(JsonLinesCompression.None)]
    [InlineData(JsonLinesCompression.Gzip)]
    [InlineData(JsonLinesCompression.Zstd)]
    public async Task Rotation_by_size_splits_the_records_into_files_with_none_lost_or_repeated(JsonLinesCompression compression)
    {
        const int Limit = 8 * 1024;
        const int Batches = 10;
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch, Batches);
        string extension = JsonLinesFileNames.ExtensionOf(compression);
        var options = new JsonLinesSinkOptions { Path = dir.Path, Compression = compression, RotationBytes = Limit, BufferBytes = 1024 };
        var sink = new JsonLinesSink(options, new ManualTimeProvider(JsonLinesSinkTests.Start));
        for (int i = 0; i < Batches; i++)
            await sink.WriteAsync(batch, Ct);
        await sink.DisposeAsync();

        var files = JsonLinesFiles.Finished(dir.Path);
        files.Length.ShouldBeGreaterThan(10);
        // The clock stood still: the same second, then _001, _002 ..., which sort in the order written.
        Path.GetFileName(files[0]).ShouldBe("flows-20261126T103000Z" + extension);
        Path.GetFileName(files[1]).ShouldBe("flows-20261126T103000Z_001" + extension);
        Path.GetFileName(files[^1]).ShouldBe($"flows-20261126T103000Z_{files.Length - 1:D3}{extension}");
        var perFile = files.Select(JsonLinesFiles.ReadLines).ToList();
        perFile.SelectMany(lines => lines).ToList().ShouldBe(reference);
        foreach (var lines in perFile.Take(files.Length - 1))
        {
            // Finished by the record that reached the limit (bytes before compression), not before, not later.
            long bytes = lines.Sum(l => l.Length + 1L);
            bytes.ShouldBeGreaterThanOrEqualTo(Limit);
            (bytes - (lines[^1].Length + 1)).ShouldBeLessThan(Limit);
        }
        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();
        sink.Counters.FilesRotated.ShouldBe(files.Length);
        sink.Counters.RecordsWritten.ShouldBe(Batches * SoftflowdBatch.Records);
    }

    [Fact]
    public async Task Rotation_by_time_ends_files_at_multiples_of_the_interval_and_names_them_by_their_start()
    {
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 59, 50, TimeSpan.Zero));
        var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, RotationInterval = TimeSpan.FromHours(1) }, time);

        await sink.WriteAsync(batch, Ct);
        time.Advance(TimeSpan.FromSeconds(9)); // 10:59:59
        await sink.WriteAsync(batch, Ct);
        JsonLinesFiles.Finished(dir.Path).ShouldBeEmpty();

        // 11:00:00: the hour a file started at 10:59:50 ends then, not at 11:59:50. A flush is enough,
        // no record needs to come: nothing new opens until one does.
        time.Advance(TimeSpan.FromSeconds(1));
        await sink.FlushAsync(Ct);
        JsonLinesFiles.Finished(dir.Path).Select(Path.GetFileName).ShouldBe(["flows-20261126T105950Z.jsonl"]);
        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();

        time.Advance(TimeSpan.FromMinutes(20)); // 11:20:00
        await sink.WriteAsync(batch, Ct);
        time.Advance(TimeSpan.FromSeconds(39 * 60 + 59)); // 11:59:59
        await sink.WriteAsync(batch, Ct);
        await sink.FlushAsync(Ct);
        JsonLinesFiles.Hidden(dir.Path).ShouldBe([".flows-20261126T112000Z.jsonl.tmp"]);

        time.Advance(TimeSpan.FromSeconds(2)); // 12:00:01: the next batch goes to a new file
        await sink.WriteAsync(batch, Ct);
        await sink.DisposeAsync();

        var files = JsonLinesFiles.Finished(dir.Path);
        files.Select(Path.GetFileName).ShouldBe(
            ["flows-20261126T105950Z.jsonl", "flows-20261126T112000Z.jsonl", "flows-20261126T120001Z.jsonl"]);
        JsonLinesFiles.ReadLines(files[0]).ShouldBe([.. reference, .. reference]);
        JsonLinesFiles.ReadLines(files[1]).ShouldBe([.. reference, .. reference]);
        JsonLinesFiles.ReadLines(files[2]).ShouldBe(reference);
        sink.Counters.FilesRotated.ShouldBe(3);
    }

    [Fact]
    public async Task A_zero_interval_and_size_never_rotate()
    {
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var time = new ManualTimeProvider(JsonLinesSinkTests.Start);
        await using (var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, RotationInterval = TimeSpan.Zero, RotationBytes = 0 }, time))
        {
            for (int i = 0; i < 5; i++)
            {
                await sink.WriteAsync(batch, Ct);
                time.Advance(TimeSpan.FromDays(1));
                await sink.FlushAsync(Ct);
            }
        }
        JsonLinesFiles.ReadLines(JsonLinesFiles.Finished(dir.Path).ShouldHaveSingleItem()).Count.ShouldBe(5 * SoftflowdBatch.Records);
    }
}

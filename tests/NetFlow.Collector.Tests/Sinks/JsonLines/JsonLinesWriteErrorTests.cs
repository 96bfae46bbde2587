using NetFlow.Collector.Sinks.JsonLines;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

public sealed class JsonLinesWriteErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_write_is_counted_and_thrown_so_the_runner_counts_the_batch_and_the_next_batch_goes_out()
    {
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch);
        using var output = new FailingStream { Failing = true };
        var sink = new JsonLinesSink(output, new JsonLinesSinkOptions { BufferBytes = 1024 }, leaveOpen: true);

        var error = await Should.ThrowAsync<IOException>(sink.WriteAsync(batch, Ct).AsTask());
        sink.Counters.WriteErrors.ShouldBe(1);
        sink.Counters.RecordsWritten.ShouldBe(0);
        sink.Counters.RecordsFailed.ShouldBe(SoftflowdBatch.Records);
        sink.LastWriteError.ShouldBeSameAs(error);

        output.Failing = false;
        await sink.WriteAsync(batch, Ct);
        await sink.DisposeAsync();
        JsonLinesFiles.SplitLines(output.ToArray()).ShouldBe(reference);
        sink.Counters.RecordsWritten.ShouldBe(SoftflowdBatch.Records);
        sink.Counters.WriteErrors.ShouldBe(1);
    }

    [Fact]
    public async Task A_file_that_cannot_be_finished_at_rotation_loses_nothing_and_the_batch_goes_to_the_next_file()
    {
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 59, 50, TimeSpan.Zero));
        var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, Compression = JsonLinesCompression.Gzip }, time);
        await sink.WriteAsync(batch, Ct);
        Directory.CreateDirectory(dir["flows-20261126T105950Z.jsonl.gz"]); // the rename will fail

        time.Advance(TimeSpan.FromSeconds(15));
        await sink.WriteAsync(batch, Ct); // no throw: this batch is not lost, nor is the last file's
        sink.Counters.WriteErrors.ShouldBe(1);
        sink.LastWriteError.ShouldBeAssignableTo<IOException>();
        sink.Counters.RecordsFailed.ShouldBe(0);
        await sink.DisposeAsync();

        // The file that could not be renamed was finished like a crash leftover, under a free name.
        var files = JsonLinesFiles.Finished(dir.Path);
        files.Select(Path.GetFileName).ShouldBe(["flows-20261126T105950Z_001.jsonl.gz", "flows-20261126T110005Z.jsonl.gz"]);
        JsonLinesFiles.ReadLines(files[0]).ShouldBe(reference);
        JsonLinesFiles.ReadLines(files[1]).ShouldBe(reference);
        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();
        sink.Counters.FilesRecovered.ShouldBe(1);
        sink.Counters.FilesRotated.ShouldBe(1);
        sink.Counters.RecordsWritten.ShouldBe(2 * SoftflowdBatch.Records);
    }

    [Fact]
    public async Task A_file_that_cannot_be_finished_at_shutdown_is_thrown_and_recovered_at_the_next_start()
    {
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch);
        var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, Compression = JsonLinesCompression.Zstd }, new ManualTimeProvider(JsonLinesSinkTests.Start));
        await sink.WriteAsync(batch, Ct);
        Directory.CreateDirectory(dir["flows-20261126T103000Z.jsonl.zst"]);

        await Should.ThrowAsync<IOException>(sink.DisposeAsync().AsTask());
        sink.Counters.WriteErrors.ShouldBe(1);
        JsonLinesFiles.Hidden(dir.Path).ShouldBe([".flows-20261126T103000Z.jsonl.zst.tmp"]);

        await using var next = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path }, new ManualTimeProvider(JsonLinesSinkTests.Start));
        var recovered = next.Recovered.ShouldHaveSingleItem();
        recovered.FinalPath.ShouldBe(dir["flows-20261126T103000Z_001.jsonl.zst"]);
        recovered.Records.ShouldBe(SoftflowdBatch.Records);
        recovered.DiscardedBytes.ShouldBe(0);
        JsonLinesFiles.ReadLines(recovered.FinalPath!).ShouldBe(reference);
    }

    /// <summary>A stream that fails like a full disk or a closed pipe while told to.</summary>
    private sealed class FailingStream : MemoryStream
    {
        public bool Failing { get; set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ThrowIfFailing();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfFailing();
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfFailing();
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ThrowIfFailing();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void ThrowIfFailing()
        {
            if (Failing)
                throw new IOException("No space left on device");
        }
    }
}

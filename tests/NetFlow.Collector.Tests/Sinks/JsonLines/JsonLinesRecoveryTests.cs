using NetFlow.Collector.Sinks.JsonLines;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

/// <summary>
/// Leftover hidden files (a crash, a failed write) are finished, not only reported: their whole
/// lines go under the final name, the cut-off last line is dropped and counted.
/// </summary>
public sealed class JsonLinesRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(JsonLinesCompression.None)]
    [InlineData(JsonLinesCompression.Gzip)]
    [InlineData(JsonLinesCompression.Zstd)]
    public async Task A_leftover_from_a_crash_is_finished_at_start_with_every_whole_record(JsonLinesCompression compression)
    {
        using var crashed = new TempDirectory();
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await JsonLinesSinkTests.StreamLines(batch, times: 3);
        string extension = JsonLinesFileNames.ExtensionOf(compression);

        // What a crash leaves: a temp file flushed three times, its last write cut 10 bytes short.
        byte[] leftover;
        await using (var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = crashed.Path, Compression = compression }, new ManualTimeProvider(JsonLinesSinkTests.Start)))
        {
            for (int i = 0; i < 3; i++)
            {
                await sink.WriteAsync(batch, Ct);
                await sink.FlushAsync(Ct);
            }
            using var file = new FileStream(sink.CurrentTempPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            leftover = new byte[file.Length];
            file.ReadExactly(leftover);
        }
        string tempName = $".flows-20261126T090000Z{extension}.tmp";
        await File.WriteAllBytesAsync(dir[tempName], leftover[..^10], Ct);
        await File.WriteAllBytesAsync(dir[".other-20261126T090000Z.jsonl.tmp"], [1, 2, 3], Ct); // another prefix's

        // The leftover's name says how it is compressed, whatever the new sink's options say.
        await using var next = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path }, new ManualTimeProvider(JsonLinesSinkTests.Start));

        var recovered = next.Recovered.ShouldHaveSingleItem();
        recovered.LeftoverPath.ShouldBe(dir[tempName]);
        recovered.FinalPath.ShouldBe(dir[$"flows-20261126T090000Z{extension}"]);
        recovered.Error.ShouldBeNull();
        File.Exists(dir[tempName]).ShouldBeFalse();
        File.Exists(dir[".other-20261126T090000Z.jsonl.tmp"]).ShouldBeTrue();
        next.Counters.FilesRecovered.ShouldBe(1);

        var lines = JsonLinesFiles.ReadLines(recovered.FinalPath!); // a whole stream now, with its end
        recovered.Records.ShouldBe(lines.Count);
        lines.ShouldBe(reference[..lines.Count]);
        if (compression == JsonLinesCompression.None)
        {
            lines.Count.ShouldBe(3 * SoftflowdBatch.Records - 1);
            recovered.DiscardedBytes.ShouldBe(reference[^1].Length + 1 - 10);
        }
        else
        {
            // All that the sync flush before the cut made decodable; the block the cut hit may be lost.
            lines.Count.ShouldBeInRange(2 * SoftflowdBatch.Records, 3 * SoftflowdBatch.Records - 1);
        }
    }

    [Fact]
    public async Task A_crash_during_recovery_is_finished_at_the_next_start()
    {
        using var dir = new TempDirectory();
        var reference = await JsonLinesSinkTests.StreamLines(SoftflowdBatch.Create());
        string content = string.Concat(reference.Select(l => l + "\n"));
        // A's copy was complete and its .tmp deleted; only the rename was missing.
        await File.WriteAllTextAsync(dir[".flows-20261126T080000Z.jsonl.recover"], content, Ct);
        // B's copy was cut short: it is made again from the .tmp, which is still there.
        await File.WriteAllTextAsync(dir[".flows-20261126T090000Z.jsonl.recover"], content[..100], Ct);
        await File.WriteAllTextAsync(dir[".flows-20261126T090000Z.jsonl.tmp"], content, Ct);

        await using var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path }, new ManualTimeProvider(JsonLinesSinkTests.Start));

        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();
        JsonLinesFiles.Finished(dir.Path).ShouldBe([dir["flows-20261126T080000Z.jsonl"], dir["flows-20261126T090000Z.jsonl"]]);
        JsonLinesFiles.ReadLines(dir["flows-20261126T080000Z.jsonl"]).ShouldBe(reference);
        JsonLinesFiles.ReadLines(dir["flows-20261126T090000Z.jsonl"]).ShouldBe(reference);
        sink.Recovered.Select(r => r.Records).ShouldBe([-1L, SoftflowdBatch.Records]);
        sink.Counters.FilesRecovered.ShouldBe(2);
    }

    [Fact]
    public async Task A_leftover_with_no_whole_record_is_removed_and_reported()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir[".flows-20261126T090000Z.jsonl.tmp"], "{\"exporter\":\"192.0", Ct);

        await using var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path }, new ManualTimeProvider(JsonLinesSinkTests.Start));

        var recovered = sink.Recovered.ShouldHaveSingleItem();
        recovered.FinalPath.ShouldBeNull();
        recovered.Records.ShouldBe(0);
        recovered.DiscardedBytes.ShouldBe(18);
        Directory.GetFiles(dir.Path).Select(Path.GetFileName).ShouldBe([".flows.lock"]);
        sink.Counters.FilesRecovered.ShouldBe(0);
    }

    [Fact]
    public async Task A_second_sink_on_the_same_files_is_refused_rather_than_finishing_the_first_ones_open_file()
    {
        using var dir = new TempDirectory();
        var options = new JsonLinesSinkOptions { Path = dir.Path };
        var first = new JsonLinesSink(options, new ManualTimeProvider(JsonLinesSinkTests.Start));
        await first.WriteAsync(SoftflowdBatch.Create(), Ct);
        await first.FlushAsync(Ct);

        Should.Throw<IOException>(() => new JsonLinesSink(options)).Message.ShouldContain("another JSON lines sink");
        File.Exists(first.CurrentTempPath).ShouldBeTrue();

        // Another prefix in the same directory is another set of files.
        await using (var other = new JsonLinesSink(options with { Path = dir["edge.jsonl"] }))
            other.Recovered.ShouldBeEmpty();

        await first.DisposeAsync();
        await using var after = new JsonLinesSink(options);
        after.Recovered.ShouldBeEmpty();
        JsonLinesFiles.Finished(dir.Path).ShouldHaveSingleItem();
    }
}

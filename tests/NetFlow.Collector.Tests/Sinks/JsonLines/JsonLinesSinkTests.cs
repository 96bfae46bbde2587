using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Collector.Sinks.JsonLines;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

public sealed class JsonLinesSinkTests
{
    internal static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stream_gets_one_json_object_per_line_with_the_decoded_values()
    {
        var batch = SoftflowdBatch.Create();
        using var output = new MemoryStream();
        await using (var sink = new JsonLinesSink(output, leaveOpen: true))
        {
            sink.Name.ShouldBe("json");
            await sink.WriteAsync(batch, Ct);
            await sink.FlushAsync(Ct);
            sink.Counters.RecordsWritten.ShouldBe(SoftflowdBatch.Records);
            sink.Counters.BytesWritten.ShouldBe(output.Length);
            sink.Counters.FilesRotated.ShouldBe(0);
        }
        var records = JsonLinesFiles.Parse(JsonLinesFiles.SplitLines(output.ToArray()));
        records.Count.ShouldBe(SoftflowdBatch.Records);
        AssertSoftflowdValues(records);
    }

    [Fact]
    public async Task Each_record_names_its_own_exporter()
    {
        var batch = SoftflowdBatch.Create("192.0.2.1", "2001:db8::7");
        var lines = await StreamLines(batch);
        var exporters = JsonLinesFiles.Parse(lines).Select(r => r.GetProperty("exporter").GetString()).ToList();
        exporters.ShouldBe([.. Enumerable.Repeat("192.0.2.1", 44), .. Enumerable.Repeat("2001:db8::7", 44)]);
    }

    [Theory]
    [InlineData(JsonLinesCompression.None, "flows-20261126T103000Z.jsonl")]
    [InlineData(JsonLinesCompression.Gzip, "flows-20261126T103000Z.jsonl.gz")]
    [InlineData(JsonLinesCompression.Zstd, "flows-20261126T103000Z.jsonl.zst")]
    public async Task A_file_is_written_under_a_hidden_name_and_appears_whole_under_its_final_name_at_shutdown(
        JsonLinesCompression compression, string finalName)
    {
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await StreamLines(batch, times: 2);
        string tempName = "." + finalName + ".tmp";
        var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, Compression = compression }, new ManualTimeProvider(Start));

        await sink.WriteAsync(batch, Ct);
        await sink.FlushAsync(Ct);
        // Flushed: every record so far can be read from the hidden file (a compressed one has no end
        // yet), and nothing is under the final name.
        JsonLinesFiles.Finished(dir.Path).ShouldBeEmpty();
        JsonLinesFiles.Hidden(dir.Path).ShouldBe([tempName]);
        sink.CurrentTempPath.ShouldBe(dir[tempName]);
        JsonLinesFiles.ReadLinesSoFar(dir[tempName]).ShouldBe(reference[..SoftflowdBatch.Records]);

        await sink.WriteAsync(batch, Ct);
        File.Exists(dir[finalName]).ShouldBeFalse();
        await sink.DisposeAsync();

        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();
        JsonLinesFiles.Finished(dir.Path).ShouldBe([dir[finalName]]);
        var lines = JsonLinesFiles.ReadLines(dir[finalName]);
        lines.ShouldBe(reference);
        AssertSoftflowdValues(JsonLinesFiles.Parse(lines));
        sink.Counters.RecordsWritten.ShouldBe(2 * SoftflowdBatch.Records);
        sink.Counters.BytesWritten.ShouldBe(reference.Sum(l => l.Length + 1));
        sink.Counters.FilesRotated.ShouldBe(1);
        sink.Counters.WriteErrors.ShouldBe(0);

        byte[] head = File.ReadAllBytes(dir[finalName])[..4];
        switch (compression)
        {
            case JsonLinesCompression.Gzip:
                head[..2].ShouldBe(new byte[] { 0x1F, 0x8B });
                break;
            case JsonLinesCompression.Zstd:
                head.ShouldBe(new byte[] { 0x28, 0xB5, 0x2F, 0xFD });
                break;
            default:
                head[0].ShouldBe((byte)'{');
                break;
        }
        if (compression != JsonLinesCompression.None)
            new FileInfo(dir[finalName]).Length.ShouldBeLessThan(sink.Counters.BytesWritten / 4);
    }

    [Fact]
    public async Task A_file_path_names_the_files_by_its_stem_and_its_suffix_picks_the_compression()
    {
        JsonLinesSinkOptions.ForPath("flows.jsonl.gz").Compression.ShouldBe(JsonLinesCompression.Gzip);
        JsonLinesSinkOptions.ForPath("flows.zst").Compression.ShouldBe(JsonLinesCompression.Zstd);
        JsonLinesSinkOptions.ForPath("flows.jsonl").Compression.ShouldBe(JsonLinesCompression.None);
        JsonLinesSinkOptions.ForPath("-").Path.ShouldBe(JsonLinesSinkOptions.StandardOutput);

        using var dir = new TempDirectory();
        var options = JsonLinesSinkOptions.ForPath(dir["out/edge.jsonl.zst"]);
        await using (var sink = new JsonLinesSink(options, new ManualTimeProvider(Start)))
            await sink.WriteAsync(SoftflowdBatch.Create(), Ct);
        JsonLinesFiles.Finished(dir["out"]).ShouldBe([dir["out/edge-20261126T103000Z.jsonl.zst"]]);
        JsonLinesFiles.ReadLines(dir["out/edge-20261126T103000Z.jsonl.zst"]).Count.ShouldBe(SoftflowdBatch.Records);

        // A path ending in a separator is a directory, made if missing.
        await using (var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir["new/"] }, new ManualTimeProvider(Start)))
            await sink.WriteAsync(SoftflowdBatch.Create(), Ct);
        JsonLinesFiles.Finished(dir["new"]).ShouldBe([dir["new/flows-20261126T103000Z.jsonl"]]);
    }

    [Fact]
    public async Task Nothing_written_leaves_no_file()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(Start);
        await using (var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path }, time))
        {
            await sink.WriteAsync(new FlowRecordBatch(), Ct);
            time.Advance(TimeSpan.FromHours(3));
            await sink.FlushAsync(Ct);
        }
        JsonLinesFiles.Finished(dir.Path).ShouldBeEmpty();
        JsonLinesFiles.Hidden(dir.Path).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(JsonLinesCompression.Gzip, "gzip")]
    [InlineData(JsonLinesCompression.Zstd, "zstd")]
    public async Task Compressed_files_read_back_with_the_formats_own_tools(JsonLinesCompression compression, string tool)
    {
        string? path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, $"{tool} is not installed");
        using var dir = new TempDirectory();
        var batch = SoftflowdBatch.Create();
        var reference = await StreamLines(batch, times: 3);
        await using (var sink = new JsonLinesSink(new JsonLinesSinkOptions { Path = dir.Path, Compression = compression }, new ManualTimeProvider(Start)))
        {
            for (int i = 0; i < 3; i++)
            {
                await sink.WriteAsync(batch, Ct);
                await sink.FlushAsync(Ct); // sync flushes inside the stream must not bother the tools
            }
        }
        string file = JsonLinesFiles.Finished(dir.Path).ShouldHaveSingleItem();
        using var process = Process.Start(new ProcessStartInfo(path!, ["-dc", file]) { RedirectStandardOutput = true })!;
        string text = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.ShouldBe(0);
        text.ShouldBe(string.Concat(reference.Select(l => l + "\n")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task The_sink_allocates_nothing_per_record_beyond_what_the_record_writer_does(int exporters)
    {
        const int Rounds = 20;
        var batch = SoftflowdBatch.Create([.. Enumerable.Range(1, exporters).Select(i => $"192.0.2.{i}")]);
        // One chunk per batch: what is left is per call (a Debug build allocates async state machines), not per record.
        await using var sink = new JsonLinesSink(Stream.Null, new JsonLinesSinkOptions { BufferBytes = 1 << 20 });
        for (int i = 0; i < 3; i++)
            await sink.WriteAsync(batch, Ct);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            // Completes synchronously (Stream.Null), so this thread's allocation count sees all of it.
            var write = sink.WriteAsync(batch, Ct);
            write.IsCompletedSuccessfully.ShouldBeTrue();
            await sink.FlushAsync(Ct);
        }
        long sinkBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        WriteDirectly(batch, json, buffer);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
            WriteDirectly(batch, json, buffer);
        long writerBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        sink.Counters.RecordsWritten.ShouldBe((Rounds + 3) * batch.Count);
        // The same small amount per batch whether it holds 44 or 176 records: above the record
        // writer's own (its time and address strings), nothing per record.
        (sinkBytes - writerBytes).ShouldBeLessThan(Rounds * 512);

        static void WriteDirectly(FlowRecordBatch batch, Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
        {
            for (int r = 0; r < batch.Count; r++)
            {
                FlowRecordJsonWriter.Write(json, batch[r], SoftflowdBatch.Exporter);
                json.Flush();
                json.Reset();
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>The lines a stream sink writes for the batch written <paramref name="times"/> times: what every file layout must add up to.</summary>
    internal static async Task<List<string>> StreamLines(FlowRecordBatch batch, int times = 1)
    {
        using var output = new MemoryStream();
        await using (var sink = new JsonLinesSink(output, leaveOpen: true))
        {
            for (int i = 0; i < times; i++)
                await sink.WriteAsync(batch, TestContext.Current.CancellationToken);
        }
        return JsonLinesFiles.SplitLines(output.ToArray());
    }

    /// <summary>README and tshark: the softflowd records as `netflow decode` shows them.</summary>
    internal static void AssertSoftflowdValues(List<JsonElement> records)
    {
        var first = records[0];
        first.GetProperty("exporter").GetString().ShouldBe(SoftflowdBatch.Exporter);
        first.GetProperty("version").GetInt32().ShouldBe(9);
        first.GetProperty("templateId").GetInt32().ShouldBe(1024);
        first.GetProperty("kind").GetString().ShouldBe("data");
        first.GetProperty("sourceIPv4Address").GetString().ShouldBe("127.0.0.1");
        first.GetProperty("destinationIPv4Address").GetString().ShouldBe("127.0.0.1");
        first.GetProperty("sourceTransportPort").GetInt32().ShouldBe(80);
        first.GetProperty("destinationTransportPort").GetInt32().ShouldBe(37932);
        first.GetProperty("protocolIdentifier").GetInt32().ShouldBe(6);
        first.GetProperty("octetDeltaCount").GetInt64().ShouldBe(102416);
        first.GetProperty("packetDeltaCount").GetInt64().ShouldBe(75);
        first.GetProperty("tcpControlBits").GetInt32().ShouldBe(0x1b);
        first.GetProperty("flowStartMilliseconds").GetString().ShouldBe("2019-03-29T13:27:40.474Z");
        first.GetProperty("flowEndMilliseconds").GetString().ShouldBe("2019-03-29T13:27:40.903Z");

        var dns = records[8];
        dns.GetProperty("sourceTransportPort").GetInt32().ShouldBe(53);
        dns.GetProperty("destinationTransportPort").GetInt32().ShouldBe(60034);
        dns.GetProperty("protocolIdentifier").GetInt32().ShouldBe(17);
        dns.GetProperty("octetDeltaCount").GetInt64().ShouldBe(328);
        dns.GetProperty("packetDeltaCount").GetInt64().ShouldBe(2);

        var last = records[SoftflowdBatch.Records - 1];
        last.GetProperty("sourceTransportPort").GetInt32().ShouldBe(59424);
        last.GetProperty("destinationTransportPort").GetInt32().ShouldBe(80);
        last.GetProperty("octetDeltaCount").GetInt64().ShouldBe(1436);
        last.GetProperty("packetDeltaCount").GetInt64().ShouldBe(20);
        last.GetProperty("flowEndMilliseconds").GetString().ShouldBe("2019-03-29T13:29:35.856Z");
    }
}

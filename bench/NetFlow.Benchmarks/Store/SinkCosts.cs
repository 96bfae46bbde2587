using System.Diagnostics;
using System.Globalization;
using System.Net;
using NetFlow.Benchmarks.Packets;
using NetFlow.Generator;
using NetFlow.Generator.Packets;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage;
using NetFlow.Storage.Writing;

namespace NetFlow.Benchmarks.Store;

/// <summary>
/// `sink-costs`: what the collector's store sink costs per record on one thread, batches decoded
/// beforehand: the best and the median of several passes, each a new sink writing every batch
/// into a file of its own (row groups, rollups, footer, fsync). Best-of-N, not BenchmarkDotNet: on
/// a shared 2-core VM, whose neighbours only ever slow a pass down, the best pass is the figure
/// that moves with the code, so two builds compare in a minute.
/// <para>
/// Streams: <c>generator</c> (default) is what <c>bench/ingest.py</c> sends, `netflow generate`'s
/// v9 records of 45 bytes over 1000 flows; <c>bench</c> is the store benchmarks' varied v9 records (StoreInput).
/// </para>
/// </summary>
internal static class SinkCosts
{
    private const int Records = 1 << 20;
    private const int BatchRecords = 8192;

    public static int Run(string[] args)
    {
        int passes = 30;
        string stream = "generator";
        int rowGroupRows = FlowStoreOptions.Default.RowGroupRows;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--passes": passes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--stream": stream = args[i + 1]; break;
                case "--row-group-rows": rowGroupRows = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var batches = stream switch
        {
            "generator" => FromGenerator(),
            "bench" => StoreInput.Decode(Records / NetFlowV9Packets.Records).Batches,
            _ => throw new ArgumentException($"no stream {stream}: generator or bench"),
        };
        long records = batches.Sum(b => (long)b.Count);
        string root = Directory.CreateTempSubdirectory("netflow-sink-costs-").FullName;
        try
        {
            Console.WriteLine($"{records} records of the {stream} stream in {batches.Length} batches, {passes} passes");
            foreach (bool rollups in new[] { true, false })
            {
                var times = Passes(batches, FlowStoreOptions.Default with { Rollups = rollups, RowGroupRows = rowGroupRows, Directory = Path.Combine(root, rollups ? "rollups" : "flows") }, passes);
                // The first half is left out: tiered compilation takes some seconds to reach the rollups' loops.
                var settled = times[(times.Count / 2)..].Order().ToList();
                Console.WriteLine($"{(rollups ? "sink" : "sink without rollups"),-22} best {settled[0] / records,7:F1} ns/record  median {settled[settled.Count / 2] / records,7:F1}   (all passes: {string.Join(" ", times.Select(t => (t / records).ToString("F0", CultureInfo.InvariantCulture)))})");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// One sink, as the collector has, over every pass: a pass writes the batches, then the clock
    /// moves on a rotation interval, so the flush finishes the pass's file; the rollups go on
    /// summing, as over a collector's hour (their files are written at the hour's end, once per
    /// 60 passes at the default minute). Each pass's ns.
    /// </summary>
    private static List<double> Passes(FlowRecordBatch[] batches, FlowStoreOptions options, int passes)
    {
        var clock = new FixedClock(Exporter.ReceivedUtc);
        var sink = new FlowStoreSink(options, timeProvider: clock);
        var times = new List<double>();
        for (int pass = 0; pass < passes; pass++)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var batch in batches)
                sink.WriteAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            clock.UtcNow += options.RotationInterval;
            sink.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            times.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds);
            foreach (string file in Directory.EnumerateFiles(options.Directory, "*.parquet", SearchOption.AllDirectories))
                File.Delete(file);
        }
        sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        long expected = passes * batches.Sum(b => (long)b.Count);
        if (sink.Counters.LostRecords != 0 || sink.Counters.FlowRecords != expected)
            throw new InvalidOperationException($"the sink wrote {sink.Counters.FlowRecords} records of {expected}, lost {sink.Counters.LostRecords}");
        return times;
    }

    /// <summary>The load generator's default v9 stream (28 records of 45 bytes a packet, 1000 flows), decoded into batches as the decode worker cuts them.</summary>
    public static FlowRecordBatch[] FromGenerator()
    {
        var generator = GeneratorOptions.Default with { Protocol = ExportProtocol.NetFlowV9 };
        var format = PacketFormat.Create(generator);
        var session = new ExporterSession(IPAddress.Parse("192.0.2.10"));
        var now = Exporter.ReceivedUtc;
        var boot = now - ExportClock.UptimeAtStart;
        var batches = new List<FlowRecordBatch>();
        var batch = NewBatch(format);
        // Packets 5 µs apart, as at 200k packets/s: times move on as they do in the collector.
        format.Export((Records + format.RecordsPerPacket - 1) / format.RecordsPerPacket, generator.Flows,
            i => new ExportClock(now + TimeSpan.FromTicks(i * 50L), boot), packet =>
            {
                var handler = new BatchingHandler(batch);
                session.Decode(packet, now, ref handler);
                if (batch.Count >= BatchRecords)
                {
                    batches.Add(batch);
                    batch = NewBatch(format);
                }
            });
        if (batch.Count > 0)
            batches.Add(batch);
        if (session.Counters.TotalErrors != 0)
            throw new InvalidOperationException("the generator's stream did not decode cleanly");
        return [.. batches];
    }

    private static FlowRecordBatch NewBatch(PacketFormat format) =>
        new(BatchRecords + format.RecordsPerPacket, (BatchRecords + format.RecordsPerPacket) * 48);
}

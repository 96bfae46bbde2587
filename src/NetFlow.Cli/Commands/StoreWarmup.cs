using System.Diagnostics;
using System.Runtime;
using System.Net;
using NetFlow.Collector.Pipeline;
using NetFlow.Generator;
using NetFlow.Generator.Packets;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Storage;
using NetFlow.Storage.Writing;

namespace NetFlow.Cli.Commands;

/// <summary>
/// Runs the store's whole write path before the collector listens: synthetic NetFlow v9 and IPFIX
/// packets (the load generator's) decoded into batches and written by a store sink of their own
/// into a temporary directory, row groups, rollups, file footer and all, then thrown away; pass
/// after pass until the JIT compiles nothing more (three passes, some 1.6 s, on the 2-core VM).
/// <para>
/// Why: .NET compiles code the first time it runs, then again, optimised, once it has run often.
/// Without this, both happened under the first second of traffic, and at 175k packets/s the store
/// fell so far behind that the decode queue overflowed: 30-60 thousand datagrams lost at every
/// start, none after. One pass removed that at 175k but not at 200k, where the optimised
/// compilations still came under traffic. Small row groups make the per-row-group methods run
/// often enough here. Precompiling instead (ReadyToRun) removed the loss at 175k but left code that
/// stayed about 12 % slower for good.
/// </para>
/// </summary>
internal static class StoreWarmup
{
    /// <summary>What a warm-up did: its flow records, finished files and rollup files (all removed), its passes, and how long it took.</summary>
    public readonly record struct Result(long Records, long Files, int RollupFiles, int Passes, TimeSpan Elapsed);

    private const int RowGroupRows = 4096;
    /// <summary>Row groups per packet format and pass: three formats make a pass 36, past the 30 calls after which a method is recompiled.</summary>
    private const int RowGroups = 12;
    private const int BatchRecords = 8192;
    /// <summary>Passes at most: the JIT is normally quiet after three or four.</summary>
    private const int MaxPasses = 8;
    /// <summary>
    /// Between passes: tiered compilation counts a method's calls only once no new method has been
    /// compiled for 100 ms, then recompiles the hot ones on a background thread.
    /// </summary>
    private static readonly TimeSpan TieringPause = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs the warm-up with <paramref name="store"/>'s settings (codec, rollups ...) in a directory
    /// of its own, removed at the end: made in the system's temp directory, or in <paramref name="parent"/>.
    /// </summary>
    public static Result Run(FlowStoreOptions store, string? parent = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var clock = Stopwatch.StartNew();
        var directory = parent is null
            ? Directory.CreateTempSubdirectory("netflow-warmup-")
            : Directory.CreateDirectory(Path.Combine(parent, "netflow-warmup-" + Path.GetRandomFileName()));
        try
        {
            var options = store with
            {
                Directory = directory.FullName,
                RowGroupRows = RowGroupRows,
                RetentionAge = null,
                RetentionBytes = null,
            };
            var sink = new FlowStoreSink(options);
            int passes = 0;
            try
            {
                // Pass after pass until one compiles nothing (every method the path runs is at its
                // last tier): compiling in the first second of traffic is what this is for.
                var batch = new FlowRecordBatch(BatchRecords + 1024);
                long compiled = JitInfo.GetCompiledMethodCount();
                while (passes < MaxPasses)
                {
                    foreach (var generator in Formats())
                        Write(sink, batch, generator);
                    sink.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    passes++;
                    Thread.Sleep(TieringPause);
                    long now = JitInfo.GetCompiledMethodCount();
                    if (now == compiled)
                        break;
                    compiled = now;
                }
            }
            finally
            {
                sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            int rollupFiles = Directory.Exists(Path.Combine(directory.FullName, "rollups"))
                ? Directory.GetFiles(Path.Combine(directory.FullName, "rollups"), "*.parquet", SearchOption.AllDirectories).Length
                : 0;
            return new Result(sink.Counters.FlowRecords, sink.Counters.FilesFinished, rollupFiles, passes, clock.Elapsed);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>What exporters send most: v9 with uptime times and 4-byte counters, IPFIX with millisecond times and 8-byte counters, over IPv4 and IPv6.</summary>
    private static IEnumerable<GeneratorOptions> Formats() =>
    [
        GeneratorOptions.Default with { Protocol = ExportProtocol.NetFlowV9 },
        GeneratorOptions.Default with { Protocol = ExportProtocol.Ipfix },
        GeneratorOptions.Default with { Protocol = ExportProtocol.Ipfix, Ipv6 = true },
    ];

    private static void Write(FlowStoreSink sink, FlowRecordBatch batch, GeneratorOptions generator)
    {
        var format = PacketFormat.Create(generator);
        var session = new ExporterSession(IPAddress.Loopback);
        var handler = new BatchingHandler(batch);
        var now = DateTime.UtcNow;
        var packetClock = new ExportClock(now, now - ExportClock.UptimeAtStart);
        format.Export(RowGroups * RowGroupRows / format.RecordsPerPacket, generator.Flows, _ => packetClock, packet =>
        {
            session.Decode(packet, now, ref handler);
            if (batch.Count >= BatchRecords)
                Flush(sink, batch);
        });
        Flush(sink, batch);
    }

    private static void Flush(FlowStoreSink sink, FlowRecordBatch batch)
    {
        sink.WriteAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        batch.Clear();
    }
}

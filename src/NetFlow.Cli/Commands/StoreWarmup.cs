using System.Diagnostics;
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
/// Runs the store's whole write path once, before the collector listens: synthetic NetFlow v9 and
/// IPFIX packets (the load generator's) decoded into batches and written by a store sink of their
/// own into a temporary directory, row groups, rollups, file footer and all, then thrown away.
/// <para>
/// Why: the store's code is compiled the first time it runs. Without this, that happened under the
/// first second of traffic, and at 175k packets/s the store fell so far behind that the decode
/// queue overflowed: 30-60 thousand datagrams lost at every start, none after. Small row groups
/// make the per-row-group methods run often enough here to be queued for their optimised
/// compilation too. Precompiling instead (ReadyToRun) removed the loss but left code that stayed
/// about 12 % slower for good.
/// </para>
/// </summary>
internal static class StoreWarmup
{
    /// <summary>What a warm-up did: its flow records, finished files and rollup files (all removed), and how long it took.</summary>
    public readonly record struct Result(long Records, long Files, int RollupFiles, TimeSpan Elapsed);

    private const int RowGroupRows = 4096;
    /// <summary>Row groups per packet format: past the 30 calls after which a method is recompiled optimised.</summary>
    private const int RowGroups = 36;
    private const int BatchRecords = 8192;

    /// <summary>Runs the warm-up with <paramref name="store"/>'s settings (codec, rollups ...) in a temporary directory, removed at the end.</summary>
    public static Result Run(FlowStoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var clock = Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory("netflow-warmup-");
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
            try
            {
                var batch = new FlowRecordBatch(BatchRecords + 1024);
                foreach (var generator in Formats())
                    Write(sink, batch, generator);
                sink.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            int rollupFiles = Directory.Exists(Path.Combine(directory.FullName, "rollups"))
                ? Directory.GetFiles(Path.Combine(directory.FullName, "rollups"), "*.parquet", SearchOption.AllDirectories).Length
                : 0;
            return new Result(sink.Counters.FlowRecords, sink.Counters.FilesFinished, rollupFiles, clock.Elapsed);
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
        var packet = new byte[Math.Max(format.MaxDataPacketLength, format.TemplatePacketLength)];

        format.StampTemplate(packet.AsSpan(0, format.WriteTemplate(packet, 0)), packetClock, 0);
        session.Decode(packet.AsSpan(0, format.TemplatePacketLength), now, ref handler);
        int packets = RowGroups * RowGroupRows / format.RecordsPerPacket;
        for (int i = 0; i < packets; i++)
        {
            int length = format.WriteData(packet, 0, i * format.RecordsPerPacket % generator.Flows, generator.Flows);
            format.StampData(packet.AsSpan(0, length), packetClock, (uint)i);
            session.Decode(packet.AsSpan(0, length), now, ref handler);
            if (batch.Count >= BatchRecords)
                Flush(sink, batch);
        }
        Flush(sink, batch);
    }

    private static void Flush(FlowStoreSink sink, FlowRecordBatch batch)
    {
        sink.WriteAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        batch.Clear();
    }
}

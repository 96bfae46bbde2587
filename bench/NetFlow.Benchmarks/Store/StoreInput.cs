using System.Buffers.Binary;
using System.Net;
using NetFlow.Benchmarks.Packets;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Benchmarks.Store;

/// <summary>
/// The records the store benchmarks write: the decode benchmarks' NetFlow v9 packet (28 IPv4
/// records of 45 bytes), built with a different seed per packet so the columns hold varied
/// values, as from one exporter in sequence, decoded once into <see cref="FlowRecordBatch"/>
/// batches cut as the collector's decode worker cuts them (at the first packet boundary at or
/// past 8192 records).
/// </summary>
internal sealed class StoreInput
{
    /// <summary>The collector's default batch size (CollectorOptions.BatchRecords).</summary>
    public const int BatchRecords = 8192;

    private static readonly IPAddress ExporterAddress = IPAddress.Parse("192.0.2.10");

    private StoreInput(FlowRecordBatch[] batches, long records)
    {
        Batches = batches;
        Records = records;
    }

    public FlowRecordBatch[] Batches { get; }
    public long Records { get; }

    public static StoreInput Decode(int packets)
    {
        var session = new ExporterSession(ExporterAddress);
        var templateHandler = new BatchingHandler(new FlowRecordBatch());
        session.Decode(NetFlowV9Packets.TemplateOnly(), Exporter.ReceivedUtc, ref templateHandler);
        if (templateHandler.Errors != 0 || session.Templates.Count != 1)
            throw new InvalidOperationException("the v9 template packet did not give one template");

        var batches = new List<FlowRecordBatch>();
        var batch = new FlowRecordBatch(BatchRecords + NetFlowV9Packets.Records, (BatchRecords + NetFlowV9Packets.Records) * 48);
        long records = 0;
        for (int p = 0; p < packets; p++)
        {
            var packet = NetFlowV9Packets.Data(seed: 1000 + p);
            BinaryPrimitives.WriteUInt32BigEndian(packet.Bytes.AsSpan(NetFlowV9Packets.SequenceOffset), (uint)(p + 1));
            var handler = new BatchingHandler(batch);
            int before = batch.Count;
            session.Decode(packet.Bytes, Exporter.ReceivedUtc, ref handler);
            if (handler.Errors != 0 || batch.Count - before != NetFlowV9Packets.Records)
                throw new InvalidOperationException($"packet {p}: {batch.Count - before} records, {handler.Errors} errors");
            records += NetFlowV9Packets.Records;
            if (batch.Count >= BatchRecords)
            {
                batches.Add(batch);
                batch = new FlowRecordBatch(BatchRecords + NetFlowV9Packets.Records, (BatchRecords + NetFlowV9Packets.Records) * 48);
            }
        }
        if (batch.Count > 0)
            batches.Add(batch);
        var sequence = session.Sequences.Totals;
        if (session.Counters.TotalErrors != 0 || sequence.Gaps != 0 || sequence.Duplicates != 0 || sequence.Resets != 0)
            throw new InvalidOperationException("the input stream was not clean (errors or sequence anomalies)");
        return new StoreInput([.. batches], records);
    }
}

using System.Buffers.Binary;
using System.Net;
using NetFlow.Generator.Packets;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>
/// <see cref="PacketFormat.Export"/>, the synthetic export the collector's warm-up and the store
/// benchmarks decode in process: the template first where the protocol has one, then the data
/// packets, every flow in turn, with the sequence numbers the protocol counts and each packet's own clock.
/// </summary>
public sealed class InProcessExportTests
{
    [Theory]
    [InlineData(ExportProtocol.NetFlowV5)]
    [InlineData(ExportProtocol.NetFlowV9)]
    [InlineData(ExportProtocol.Ipfix)]
    public void Every_packet_decodes_in_order_with_its_flows_and_its_clock(ExportProtocol protocol)
    {
        var format = PacketFormat.Create(GeneratorOptions.Default with { Protocol = protocol });
        var session = new ExporterSession(IPAddress.Loopback);
        var start = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        var boot = start - ExportClock.UptimeAtStart;
        var handler = new Collecting();
        int datagrams = 0;
        format.Export(packets: 30, flows: 50, i => new ExportClock(start.AddSeconds(i), boot), packet =>
        {
            datagrams++;
            session.Decode(packet, start, ref handler);
        });

        datagrams.ShouldBe(protocol == ExportProtocol.NetFlowV5 ? 30 : 31);
        handler.Errors.ShouldBe(0);
        handler.Sources.Count.ShouldBe(30 * format.RecordsPerPacket);
        for (int i = 0; i < handler.Sources.Count; i++)
            handler.Sources[i].ShouldBe(new SyntheticFlow(i % 50).SourceIPv4, $"record {i}");
        handler.ExportTimes.Distinct().ShouldBe(Enumerable.Range(0, 30).Select(i => start.AddSeconds(i)));
        var sequence = session.Sequences.Totals;
        (sequence.Gaps, sequence.Duplicates, sequence.Resets).ShouldBe((0L, 0L, 0L));
    }

    private sealed class Collecting : IFlowRecordHandler
    {
        public List<uint> Sources { get; } = [];
        public List<DateTime> ExportTimes { get; } = [];
        public int Errors { get; private set; }

        public void OnRecord(in FlowRecord record)
        {
            Sources.Add(BinaryPrimitives.ReadUInt32BigEndian(record[record.IndexOf(8)].Bytes));
            ExportTimes.Add(record.Header.ExportTimeUtc);
        }

        public void OnError(in DecodeError error) => Errors++;
    }
}

using System.Net;
using NetFlow.Generator.Packets;
using NetFlow.Generator.Tests.Support;

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
        var start = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        var boot = start - ExportClock.UptimeAtStart;
        var exporter = new IPEndPoint(IPAddress.Loopback, 2055);
        // Each packet as received a millisecond after the time its clock says.
        var clock = start;
        var datagrams = new List<ReceivedDatagram>();
        format.Export(packets: 30, flows: 50,
            i => new ExportClock(clock = start.AddSeconds(i), boot),
            packet => datagrams.Add(new ReceivedDatagram(exporter, packet.ToArray(), clock.AddMilliseconds(1))));

        datagrams.Count.ShouldBe(protocol == ExportProtocol.NetFlowV5 ? 30 : 31);
        var decoded = DecodedStream.Decode(datagrams);
        decoded.Errors.ShouldBeEmpty();
        decoded.Records.Count.ShouldBe(30 * format.RecordsPerPacket);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 50, protocol);
        decoded.Records.Select(r => r.Header.ExportTimeUtc).Distinct().ShouldBe(Enumerable.Range(0, 30).Select(i => start.AddSeconds(i)));
        var sequence = decoded.SequenceTotals;
        (sequence.Gaps, sequence.Duplicates, sequence.Resets).ShouldBe((0L, 0L, 0L));
    }
}

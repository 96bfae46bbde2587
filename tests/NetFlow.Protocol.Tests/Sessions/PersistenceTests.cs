using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Tests.Sessions;

public sealed class PersistenceTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Templates_exported_and_restored_decode_the_next_data_packet_at_once()
    {
        var v9 = MessageBuilder.V9(sourceId: 7)
            .Set(0, s => s.U16(256).U16(2).U16(8).U16(4).U16(1).U16(4))
            .Set(1, s => s.U16(257).U16(4).U16(4).U16(2).U16(4).U16(34).U16(4).U16(0)).ToArray();
        var ipfix = MessageBuilder.IpfixHeader(domain: 3)
            .Set(2, s => s.U16(300).U16(2).U16(82).U16(0xFFFF).U16(0x8001).U16(4).U32(29305))
            .Set(3, s => s.U16(301).U16(2).U16(1).U16(149).U16(4).U16(160).U16(8)).Ipfix();
        var first = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        first.Decode(v9, Now, ref c);
        first.Decode(ipfix, Now, ref c);
        var snapshots = first.ExportTemplates();
        snapshots.Count.ShouldBe(4);

        var second = new ExporterSession(IPAddress.Loopback);
        foreach (var s in snapshots)
            second.RestoreTemplate(s).ShouldBeTrue();
        second.Templates.Count.ShouldBe(4);
        second.Templates.TryGet(9, 7, 257, out var options).ShouldBeTrue();
        options!.Kind.ShouldBe(TemplateKind.Options);
        options.LastSeenUtc.ShouldBe(Now);

        var data = MessageBuilder.V9(sourceId: 7).Set(256, s => s.Ip("203.0.113.9").U32(77)).ToArray();
        var ipfixData = MessageBuilder.IpfixHeader(domain: 3).Set(300, s => s.U8(2).Bytes("ge"u8.ToArray()).U32(5)).Ipfix();
        var after = new RecordCollector();
        second.Decode(data, Now, ref after);
        second.Decode(ipfixData, Now, ref after);
        after.Errors.ShouldBeEmpty();
        after.Records[0]["sourceIPv4Address"].ShouldBe("203.0.113.9");
        after.Records[0]["octetDeltaCount"].ShouldBe(77UL);
        after.Records[1]["interfaceName"].ShouldBe("ge");
        after.Records[1]["reverseOctetDeltaCount"].ShouldBe(5UL);
    }

    [Fact]
    public void A_snapshot_with_bytes_that_are_no_template_is_refused()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        session.RestoreTemplate(new TemplateSnapshot(10, 0, 300, TemplateKind.Data, [1, 44, 0, 9, 0], Now)).ShouldBeFalse();
        session.RestoreTemplate(new TemplateSnapshot(5, 0, 300, TemplateKind.Data, [], Now)).ShouldBeFalse();
        session.Templates.Count.ShouldBe(0);
    }

    [Fact]
    public void A_batch_gives_back_every_record_with_all_its_fields_after_the_datagram_is_gone()
    {
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(300).U16(2).U16(82).U16(0xFFFF).U16(1).U16(4)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(300, s => s.U8(4).Bytes("eth0"u8.ToArray()).U32(1).U8(1).Bytes("x"u8.ToArray()).U32(2)).Ipfix();
        var session = new ExporterSession(IPAddress.Loopback);
        var batcher = new Batcher(new FlowRecordBatch(recordCapacity: 1, byteCapacity: 64));
        session.Decode(template, Now, ref batcher);
        session.Decode(data, Now, ref batcher);
        Array.Clear(data); // the batch must not point into the datagram

        var batch = batcher.Batch;
        batch.Count.ShouldBe(2);
        var collector = new RecordCollector();
        for (int i = 0; i < batch.Count; i++)
            collector.OnRecord(batch[i]);
        collector.Records.Select(r => r["interfaceName"]).ShouldBe(["eth0", "x"]);
        collector.Records.Select(r => r["octetDeltaCount"]).ShouldBe([1UL, 2UL]);
        batch.Clear();
        batch.Count.ShouldBe(0);
        batch.ByteCount.ShouldBe(0);
    }

    private readonly struct Batcher(FlowRecordBatch batch) : IFlowRecordHandler
    {
        public FlowRecordBatch Batch { get; } = batch;
        public void OnRecord(in FlowRecord record) => Batch.Add(record);
        public void OnError(in DecodeError error) => throw new InvalidOperationException(error.ToString());
    }
}

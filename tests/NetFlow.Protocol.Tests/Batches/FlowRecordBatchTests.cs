using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Protocol.Tests.Sessions;

namespace NetFlow.Protocol.Tests.Batches;

/// <summary>
/// Runs in a <see cref="FlowRecordBatch"/>: the records of one template in one message are one
/// run whose bytes lie back to back, a new template or a new message starts another, and reading
/// records one by one still gives each its own template, header and bytes.
/// </summary>
public sealed class FlowRecordBatchTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Records_of_one_template_in_one_message_form_one_run_and_every_change_starts_another()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var batch = new BatchFiller(new FlowRecordBatch(recordCapacity: 2));
        // Template 256: source address and port (6 bytes); 257: destination port (2 bytes).
        var first = MessageBuilder.V9(sequence: 1)
            .Set(0, s => s.U16(256).U16(2).U16(8).U16(4).U16(7).U16(2).U16(257).U16(1).U16(11).U16(2))
            .Set(256, s => s.Ip("10.0.0.1").U16(1).Ip("10.0.0.2").U16(2).Ip("10.0.0.3").U16(3))
            .Set(257, s => s.U16(53).U16(443))
            .Set(256, s => s.Ip("10.0.0.4").U16(4));
        var second = MessageBuilder.V9(sequence: 2)
            .Set(256, s => s.Ip("10.0.0.5").U16(5).Ip("10.0.0.6").U16(6));
        session.Decode(first.ToArray(), Now, ref batch);
        session.Decode(second.ToArray(), Now, ref batch);
        batch.Errors.ShouldBe(0);

        var b = batch.Batch;
        b.Count.ShouldBe(8);
        var runs = Enumerable.Range(0, b.RunCount).Select(r => b.Run(r)).ToList();
        runs.Select(r => (r.Template.Id, r.First, r.Count, r.Context.Header.Sequence))
            .ShouldBe([(256, 0, 3, 1u), (257, 3, 2, 1u), (256, 5, 1, 1u), (256, 6, 2, 2u)]);
        // A run's bytes are its records back to back, the same bytes each record reads.
        for (int r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            var data = b.RecordData(run.First, run.Count);
            data.Length.ShouldBe(run.Count * run.Template.FixedRecordLength);
            for (int i = 0; i < run.Count; i++)
            {
                var record = b[run.First + i];
                record.Template.ShouldBeSameAs(run.Template);
                record.Header.Sequence.ShouldBe(run.Context.Header.Sequence);
                record.Data.SequenceEqual(data.Slice(i * run.Template.FixedRecordLength, run.Template.FixedRecordLength)).ShouldBeTrue();
            }
        }
        b.RecordData(1, 2).Length.ShouldBe(12);
        // Runs that follow each other lie back to back too: the last run's two records come right after the third run's one.
        b.RecordData(5, 3).ToArray().ShouldBe([.. b[5].Data.ToArray(), .. b[6].Data.ToArray(), .. b[7].Data.ToArray()]);
        Should.Throw<ArgumentOutOfRangeException>(() => b.RecordData(7, 2));
        Should.Throw<ArgumentOutOfRangeException>(() => b.RecordData(-1, 1));
        Convert.ToHexString(b[1].Data).ShouldBe("0A0000020002");
        Convert.ToHexString(b[7].Data).ShouldBe("0A0000060006");

        b.Clear();
        b.Count.ShouldBe(0);
        b.RunCount.ShouldBe(0);
    }

    [Fact]
    public void Variable_length_records_keep_their_own_bounds_within_a_run()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var batch = new BatchFiller(new FlowRecordBatch());
        // IPFIX template 300: sourceIPv4Address, interfaceName (82) of variable length.
        var message = MessageBuilder.IpfixHeader(sequence: 7)
            .Set(2, s => s.U16(300).U16(2).U16(8).U16(4).U16(82).U16(0xFFFF))
            .Set(300, s => s.Ip("10.0.0.1").U8(3).Bytes("ge0"u8.ToArray()).Ip("10.0.0.2").U8(5).Bytes("xe0/1"u8.ToArray()));
        session.Decode(message.Ipfix(), Now, ref batch);
        batch.Errors.ShouldBe(0);

        var b = batch.Batch;
        b.RunCount.ShouldBe(1);
        b.Run(0).Count.ShouldBe(2);
        b[0][1].GetString().ShouldBe("ge0");
        b[1][1].GetString().ShouldBe("xe0/1");
        b.RecordData(0, 2).Length.ShouldBe(8 + 4 + 6);
    }

    [Fact]
    public void A_handler_that_takes_whole_sets_fills_the_same_batch_as_one_that_takes_records_one_by_one()
    {
        // Template 256 (6 bytes), 257 (2 bytes), and options template 258 (scope + sampling interval).
        var first = MessageBuilder.V9(sequence: 1)
            .Set(0, s => s.U16(256).U16(2).U16(8).U16(4).U16(7).U16(2).U16(257).U16(1).U16(11).U16(2))
            .Set(1, s => s.U16(258).U16(4).U16(4).U16(1).U16(4).U16(34).U16(4))
            .Set(256, s => s.Ip("10.0.0.1").U16(1).Ip("10.0.0.2").U16(2))
            // The same template again in the same message: the run goes on, the bytes stay back to back.
            .Set(256, s => s.Ip("10.0.0.3").U16(3))
            .Set(258, s => s.U32(1).U32(100))
            .Set(257, s => s.U16(53).U16(443))
            // Padding after the last whole record: 2 bytes, a third of one.
            .Set(256, s => s.Ip("10.0.0.4").U16(4).U16(0));
        var second = MessageBuilder.V9(sequence: 2)
            .Set(256, s => s.Ip("10.0.0.5").U16(5).Ip("10.0.0.6").U16(6))
            .Set(256, s => s.Ip("10.0.0.7").U16(7));

        var oneByOne = new BatchFiller(new FlowRecordBatch(recordCapacity: 1, byteCapacity: 64));
        var whole = new SetFiller(new FlowRecordBatch(recordCapacity: 1, byteCapacity: 64));
        var session1 = new ExporterSession(IPAddress.Loopback);
        var session2 = new ExporterSession(IPAddress.Loopback);
        foreach (var message in new[] { first.ToArray(), second.ToArray() })
        {
            session1.Decode(message, Now, ref oneByOne);
            session2.Decode(message, Now, ref whole);
        }
        (oneByOne.Errors, whole.Errors).ShouldBe((0, 0));
        whole.Sets.ShouldBe(6, "every data set of a data template came whole");

        var a = oneByOne.Batch;
        var b = whole.Batch;
        b.Count.ShouldBe(10);
        a.Count.ShouldBe(b.Count);
        Enumerable.Range(0, b.RunCount).Select(i => (b.Run(i).Template.Id, b.Run(i).First, b.Run(i).Count, b.Run(i).Context.Header.Sequence))
            .ShouldBe([(258, 0, 1, 1u), (256, 1, 3, 1u), (257, 4, 2, 1u), (256, 6, 1, 1u), (256, 7, 3, 2u)], "options sets are decoded first, so the data after them knows their sampling");
        Enumerable.Range(0, a.RunCount).Select(i => (a.Run(i).Template.Id, a.Run(i).First, a.Run(i).Count))
            .ShouldBe(Enumerable.Range(0, b.RunCount).Select(i => (b.Run(i).Template.Id, b.Run(i).First, b.Run(i).Count)));
        for (int i = 0; i < b.Count; i++)
        {
            Convert.ToHexString(b[i].Data).ShouldBe(Convert.ToHexString(a[i].Data));
            b[i].Template.Id.ShouldBe(a[i].Template.Id);
            b[i].Header.Sequence.ShouldBe(a[i].Header.Sequence);
            b[i].IsOptions.ShouldBe(a[i].IsOptions);
        }
        for (int r = 0; r < b.RunCount; r++)
            Convert.ToHexString(b.RecordData(b.Run(r).First, b.Run(r).Count)).ShouldBe(Convert.ToHexString(a.RecordData(a.Run(r).First, a.Run(r).Count)));
        Convert.ToHexString(b[3].Data).ShouldBe("0A0000030003");
        Convert.ToHexString(b[9].Data).ShouldBe("0A0000070007");
    }

    private sealed class BatchFiller(FlowRecordBatch batch) : IFlowRecordHandler
    {
        public FlowRecordBatch Batch { get; } = batch;
        public int Errors { get; private set; }
        public void OnRecord(in FlowRecord record) => Batch.Add(record);
        public void OnError(in DecodeError error) => Errors++;
    }

    /// <summary>Takes fixed-length data sets whole (<see cref="FlowRecordBatch.AddSet"/>), the rest one by one, as the collector's handler does.</summary>
    private sealed class SetFiller(FlowRecordBatch batch) : IFlowRecordHandler
    {
        public FlowRecordBatch Batch { get; } = batch;
        public int Errors { get; private set; }
        public int Sets { get; private set; }
        public void OnRecord(in FlowRecord record) => Batch.Add(record);
        public void OnError(in DecodeError error) => Errors++;

        static void IFlowRecordHandler.OnRecordSet<THandler>(ref THandler handler, in RecordSet set)
        {
            var self = (SetFiller)(object)handler!;
            self.Sets++;
            self.Batch.AddSet(set);
        }
    }
}

using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>
/// --gso (UDP_SEGMENT): the kernel cuts runs of equal-length datagrams apart again, so the receiver
/// gets exactly the datagrams it would get without it, in order, with their own sequence numbers.
/// </summary>
public sealed class SegmentationOffloadTests
{
    [Theory]
    [InlineData(ExportProtocol.NetFlowV9, false)]
    [InlineData(ExportProtocol.NetFlowV5, false)]
    [InlineData(ExportProtocol.Ipfix, true)] // variable-length records: datagrams of several lengths, so runs of several sizes
    public void The_receiver_gets_every_datagram_whole_and_in_order(ExportProtocol protocol, bool variableLength)
    {
        var options = new GeneratorOptions
        {
            Protocol = protocol,
            VariableLength = variableLength,
            Count = 20 * LoadGenerator.MaxBatch,
            Flows = 333,
            SegmentationOffload = true,
        };
        var run = GeneratedRun.Send(options);

        run.SegmentationActive.ShouldBeTrue("the kernel took UDP_SEGMENT to the end");
        run.Report.Packets.ShouldBe(20 * LoadGenerator.MaxBatch);
        var headers = run.Headers;
        uint step = protocol == ExportProtocol.NetFlowV9 ? 1u : (uint)options.EffectiveRecordsPerPacket;
        for (int i = 1; i < headers.Count; i++)
            headers[i].Sequence.ShouldBe(headers[i - 1].Sequence + (headers[i - 1].IsTemplateOnly && protocol == ExportProtocol.Ipfix ? 0 : step), $"datagram {i}");

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.SequenceTotals.Gaps.ShouldBe(0);
        decoded.Records.Count.ShouldBe((int)run.Report.Records!.Value);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 333, protocol);
    }
}

using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Generated NetFlow v5 read back by our own decoder.</summary>
public sealed class NetFlowV5GenerationTests
{
    [Fact]
    public void Packets_of_30_records_decode_with_every_value_and_a_flow_sequence_that_counts_flows()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Protocol = ExportProtocol.NetFlowV5, Count = 40, Flows = 77 });

        run.Report.TemplatePackets.ShouldBe(0);
        run.Report.Records.ShouldBe(40 * 30);
        run.Datagrams.ShouldAllBe(d => d.Payload.Length == 24 + 30 * 48);
        run.Headers.Select(h => h.Sequence).ShouldBe(Enumerable.Range(0, 40).Select(i => (uint)(i * 30)));
        run.Headers.ShouldAllBe(h => h.Domain == 1); // engine type 0, engine id 1

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.SequenceTotals.Gaps.ShouldBe(0);
        decoded.Records.Count.ShouldBe(1200);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 77, ExportProtocol.NetFlowV5);
        decoded.Records[0].Header.EngineId.ShouldBe((byte)1);
    }
}

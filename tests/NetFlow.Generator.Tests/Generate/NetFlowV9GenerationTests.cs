using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Generated NetFlow v9 read back by our own decoder: the reference stream of issue 5, values, sequence, flow cycle.</summary>
public sealed class NetFlowV9GenerationTests
{
    [Fact]
    public void The_reference_stream_is_a_template_then_packets_of_28_records_of_45_bytes_that_decode_without_error()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 101 });

        run.Report.Packets.ShouldBe(101);
        run.Report.TemplatePackets.ShouldBe(1);
        run.Report.Records.ShouldBe(100 * 28);
        run.Headers[0].IsTemplateOnly.ShouldBeTrue();
        run.Datagrams.Skip(1).ShouldAllBe(d => d.Payload.Length == 20 + 4 + 28 * 45);
        run.Report.Bytes.ShouldBe(run.Datagrams.Sum(d => (long)d.Payload.Length));

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Totals.TotalErrors.ShouldBe(0);
        decoded.Totals.TemplatesAdded.ShouldBe(1);
        decoded.Records.Count.ShouldBe(2800);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 1000, ExportProtocol.NetFlowV9);
        decoded.Records[0].Fields.Count.ShouldBe(18);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1)] // one packet per cycle: the ring repeats it, and each copy in a batch keeps its own sequence number
    public void Sequence_numbers_count_packets_from_0_with_no_gap(int flows)
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 200, Flows = flows });

        run.Headers.Select(h => h.Sequence).ShouldBe(Enumerable.Range(0, 200).Select(i => (uint)i));
        run.Headers.ShouldAllBe(h => h.Domain == 1);
        var decoded = run.Decode();
        decoded.SequenceTotals.Gaps.ShouldBe(0);
        decoded.SequenceTotals.Duplicates.ShouldBe(0);
        decoded.SequenceTotals.Resets.ShouldBe(0);
    }

    [Fact]
    public void Flow_keys_cycle_over_the_number_of_flows_asked_for()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 21, Flows = 10 });

        var decoded = run.Decode();
        decoded.Records.Count.ShouldBe(20 * 28);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 10, ExportProtocol.NetFlowV9);
        decoded.Records.Select(r => (r["sourceIPv4Address"]!.ToString(), r["destinationIPv4Address"]!.ToString(), r["sourceTransportPort"]))
            .Distinct().Count().ShouldBe(10);
        decoded.Records[3]["sourceIPv4Address"]!.ToString().ShouldBe("10.0.0.3");
        decoded.Records[3]["destinationIPv4Address"]!.ToString().ShouldBe("172.16.0.3");
        decoded.Records[3]["protocolIdentifier"].ShouldBe(17UL);
        decoded.Records[3]["destinationTransportPort"].ShouldBe(53UL);
    }

    [Fact]
    public void A_flow_cycle_too_long_to_pre_encode_is_encoded_packet_by_packet_with_the_same_values()
    {
        // 16M flows in packets of 28: 4M packets before the cycle repeats, far beyond the ring budget.
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 30, Flows = SyntheticFlow.MaxFlows });

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Records.Count.ShouldBe(29 * 28);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i, ExportProtocol.NetFlowV9);
    }

    [Fact]
    public void IPv6_flows_carry_IPv6_addresses_and_fit_a_1472_byte_datagram_by_default()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Count = 11, Ipv6 = true, Flows = 50 });

        // 81-byte records: 17 fit in 1472 - 24 bytes.
        run.Report.Records.ShouldBe(10 * 17);
        run.Datagrams.Max(d => d.Payload.Length).ShouldBeLessThanOrEqualTo(GeneratorOptions.EthernetDatagramLength);
        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 50, ExportProtocol.NetFlowV9, ipv6: true);
        decoded.Records[1]["sourceIPv6Address"]!.ToString().ShouldBe("2001:db8:1::1");
    }
}

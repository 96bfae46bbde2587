using System.Buffers.Binary;
using NetFlow.Generator.Packets;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Generated IPFIX read back by our own decoder: absolute times, record-counting sequence, variable-length fields.</summary>
public sealed class IpfixGenerationTests
{
    [Fact]
    public void Records_decode_with_every_value_and_the_sequence_counts_data_records()
    {
        var options = new GeneratorOptions { Protocol = ExportProtocol.Ipfix, Count = 41, Flows = 300 };
        var run = GeneratedRun.Send(options);

        // 70-byte records: 20 fit in 1472 - 20 bytes.
        options.EffectiveRecordsPerPacket.ShouldBe(20);
        run.Report.Records.ShouldBe(40 * 20);
        run.Datagrams.Max(d => d.Payload.Length).ShouldBeLessThanOrEqualTo(GeneratorOptions.EthernetDatagramLength);
        // RFC 7011 §3.1: data records sent before this message; the template message does not advance it.
        run.Headers.Select(h => h.Sequence).ShouldBe([0u, .. Enumerable.Range(0, 40).Select(i => (uint)(i * 20))]);

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.SequenceTotals.Gaps.ShouldBe(0);
        decoded.SequenceTotals.Duplicates.ShouldBe(0);
        decoded.Records.Count.ShouldBe(800);
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 300, ExportProtocol.Ipfix);
        decoded.Records[0]["flowStartMilliseconds"].ShouldBeOfType<DateTime>();
    }

    [Fact]
    public void Variable_length_names_read_back_in_both_length_forms()
    {
        var options = new GeneratorOptions { Protocol = ExportProtocol.Ipfix, Count = 9, Flows = 64, VariableLength = true, RecordsPerPacket = 16 };
        var run = GeneratedRun.Send(options);

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Records.Count.ShouldBe(8 * 16);
        for (int i = 0; i < decoded.Records.Count; i++)
        {
            var flow = new SyntheticFlow(i % 64);
            decoded.Records[i].ShouldBeFlow(flow.Index, ExportProtocol.Ipfix);
            decoded.Records[i]["interfaceName"].ShouldBe(flow.InterfaceName);
            decoded.Records[i]["applicationName"].ShouldBe(flow.ApplicationName);
        }
        decoded.Records[31]["applicationName"].ShouldBeOfType<string>().Length.ShouldBe(300);
        decoded.Records[5]["interfaceName"].ShouldBe("eth5");
        decoded.Records[5]["applicationName"].ShouldBe("app-5");

        // On the wire: interfaceName with a 1-byte length, applicationName with 255 and a 2-byte length (RFC 7011 §7).
        int fixedLength = TemplateLayout.For(options).FixedLength;
        var first = run.Datagrams[1].Payload.AsSpan(16 + 4);
        first[fixedLength].ShouldBe((byte)4); // "eth0"
        first[fixedLength + 1 + 4].ShouldBe((byte)255);
        BinaryPrimitives.ReadUInt16BigEndian(first[(fixedLength + 1 + 4 + 1)..]).ShouldBe((ushort)5); // "app-0"
    }

    [Fact]
    public void IPv6_records_carry_IPv6_addresses()
    {
        var run = GeneratedRun.Send(new GeneratorOptions { Protocol = ExportProtocol.Ipfix, Count = 5, Ipv6 = true, Flows = 7 });

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Records.Count.ShouldBe(4 * 13); // 106-byte records: 13 fit in 1452 bytes
        for (int i = 0; i < decoded.Records.Count; i++)
            decoded.Records[i].ShouldBeFlow(i % 7, ExportProtocol.Ipfix, ipv6: true);
    }
}

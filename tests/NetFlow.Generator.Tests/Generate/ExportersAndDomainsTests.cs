using System.Net;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Generate;

/// <summary>Several exporters and domains: their own source addresses on loopback, their own domain ids, sequences and templates.</summary>
public sealed class ExportersAndDomainsTests
{
    [Theory]
    [InlineData(ExportProtocol.NetFlowV9)]
    [InlineData(ExportProtocol.Ipfix)]
    [InlineData(ExportProtocol.NetFlowV5)]
    public void On_loopback_each_exporter_sends_from_its_own_address_with_its_own_domains_and_sequences(ExportProtocol protocol)
    {
        var options = new GeneratorOptions { Protocol = protocol, Exporters = 3, Domains = 2, Count = 3 * 64 * 2, Flows = 100 };
        var run = GeneratedRun.Send(options);

        run.Sources.Select(s => s.Address.ToString()).ShouldBe(["127.0.0.1", "127.0.0.2", "127.0.0.3"]);
        run.Datagrams.Select(d => d.Source.Address.ToString()).Distinct().Order().ToArray().ShouldBe(["127.0.0.1", "127.0.0.2", "127.0.0.3"]);
        run.Domains.ShouldAllBe(d => d.SequenceEqual(new uint[] { 1, 2 }));

        bool templates = protocol != ExportProtocol.NetFlowV5;
        int recordsPerPacket = options.EffectiveRecordsPerPacket;
        foreach (var stream in run.Datagrams.GroupBy(d => (d.Source.Address, PacketHeader.Read(d.Payload).Domain)))
        {
            var headers = stream.Select(d => PacketHeader.Read(d.Payload)).ToList();
            headers[0].IsTemplateOnly.ShouldBe(templates, $"{stream.Key} starts with its template");
            long expected = 0;
            foreach (var header in headers)
            {
                header.Sequence.ShouldBe((uint)expected, $"{stream.Key}");
                expected += protocol switch
                {
                    ExportProtocol.NetFlowV9 => 1,
                    _ => header.IsTemplateOnly ? 0 : recordsPerPacket,
                };
            }
        }

        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Sessions.Count.ShouldBe(3);
        decoded.SequenceTotals.Gaps.ShouldBe(0);
        decoded.SequenceTotals.Resets.ShouldBe(0);
        foreach (var stream in decoded.Records.GroupBy(r => (r.Exporter, r.Header.Domain)))
        {
            int i = 0;
            foreach (var record in stream)
                record.ShouldBeFlow(i++ % 100, protocol);
        }
    }

    [Fact]
    public void Off_loopback_exporters_share_one_source_and_differ_by_domain()
    {
        // ::1 has no range of addresses to give each exporter one.
        var run = GeneratedRun.Send(new GeneratorOptions { Exporters = 3, Domains = 2, Count = 3 * LoadGenerator.MaxBatch }, ipv6Target: true);

        run.Datagrams.Select(d => d.Source.Address).Distinct().ShouldBe([IPAddress.IPv6Loopback]);
        run.Domains.SelectMany(d => d).ShouldBe([1u, 2, 3, 4, 5, 6]);
        run.Headers.Select(h => h.Domain).Distinct().Order().ToArray().ShouldBe([1u, 2, 3, 4, 5, 6]);
        var decoded = run.Decode();
        decoded.Errors.ShouldBeEmpty();
        decoded.Totals.TemplatesAdded.ShouldBe(6);
        decoded.SequenceTotals.Gaps.ShouldBe(0);
    }
}

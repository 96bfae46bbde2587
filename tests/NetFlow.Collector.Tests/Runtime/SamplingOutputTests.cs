using System.Net;
using System.Text.Json;
using NetFlow.Collector.Access;
using NetFlow.Collector.Sinks.JsonLines;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Tests.Runtime;

public sealed class SamplingOutputTests
{
    private static async Task<List<JsonElement>> WriteAsync(byte[] datagram, JsonLinesSinkOptions options, IPAddress exporter)
    {
        var batch = new FlowRecordBatch();
        var handler = new Filler(batch);
        new ExporterSession(exporter).Decode(datagram, DateTime.UtcNow, ref handler);
        using var output = new MemoryStream();
        await using (var sink = new JsonLinesSink(output, options, leaveOpen: true))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    /// <summary>softflowd's v5 datagram with its header's sampling field set to mode 1, 1 in 10.</summary>
    private static byte[] SampledV5()
    {
        var bytes = CorpusFiles.Read("softflowd/packet_v5.bin");
        bytes[22] = 0x40;
        bytes[23] = 10;
        return bytes;
    }

    [Fact]
    public async Task Renormalising_multiplies_octets_and_packets_by_the_exported_rate()
    {
        var plain = await WriteAsync(SampledV5(), JsonLinesSinkOptions.Default, IPAddress.Loopback);
        var scaled = await WriteAsync(SampledV5(), JsonLinesSinkOptions.Default with { Renormalize = true }, IPAddress.Loopback);
        plain[0].GetProperty("octetDeltaCount").GetInt64().ShouldBe(840);
        plain[0].GetProperty("samplingInterval").GetInt32().ShouldBe(10);
        scaled[0].GetProperty("octetDeltaCount").GetInt64().ShouldBe(8400);
        scaled[0].GetProperty("packetDeltaCount").GetInt64().ShouldBe(100);
        scaled[0].GetProperty("renormalizedBy").GetInt32().ShouldBe(10);
        scaled[0].GetProperty("sourceTransportPort").GetInt32().ShouldBe(plain[0].GetProperty("sourceTransportPort").GetInt32());
    }

    [Fact]
    public async Task The_configured_rate_of_the_exporters_network_applies_when_the_export_says_nothing()
    {
        var configured = new ConfiguredSampling(["127.0.0.0/8=100", "127.0.0.1=4"]);
        var options = JsonLinesSinkOptions.Default with { Renormalize = true, ConfiguredSampling = configured.For };
        var v9 = CorpusFiles.Read("softflowd/packet_v9_template.bin");
        var records = await WriteAsync(v9, options, IPAddress.Loopback);
        records[0].GetProperty("octetDeltaCount").GetInt64().ShouldBe(4 * 102416);
        records[0].GetProperty("samplingInterval").GetInt32().ShouldBe(4);

        var other = await WriteAsync(v9, options, IPAddress.Parse("127.0.0.9"));
        other[0].GetProperty("octetDeltaCount").GetInt64().ShouldBe(100 * 102416);
        configured.For(IPAddress.Parse("192.0.2.1")).ShouldBe(0u);
        Should.Throw<FormatException>(() => new ConfiguredSampling(["10.0.0.0/8=0"]));
    }

    private readonly struct Filler(FlowRecordBatch batch) : IFlowRecordHandler
    {
        public void OnRecord(in FlowRecord record) => batch.Add(record);
        public void OnError(in DecodeError error) => throw new InvalidOperationException(error.ToString());
    }
}

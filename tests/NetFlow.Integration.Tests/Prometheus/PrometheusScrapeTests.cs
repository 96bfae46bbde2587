using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector;
using NetFlow.Collector.Metrics;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Integration.Tests.Prometheus;

/// <summary>
/// A real Prometheus (Debian's) scrapes the collector's /metrics: the values it stores must be the
/// numbers the collector decoded, which shows the exposition is something Prometheus accepts.
/// Fails (never skips) when prometheus is not installed.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_scrapes_the_decoded_counts()
    {
        var cancel = TestContext.Current.CancellationToken;
        byte[][] packets = [Corpus("packet_v9_template.bin"), Corpus("packets_v9_0.bin"), Corpus("packets_v9_2.bin"), Corpus("packet_invalid.bin")];
        var reference = new ExporterSession(IPAddress.Loopback, DecoderOptions.Default with { ApplyTemplateWithdrawals = false });
        var handler = new NullHandler();
        foreach (var packet in packets)
            reference.Decode(packet, DateTime.UtcNow, ref handler);
        reference.Counters.DataRecords.ShouldBeGreaterThan(0);

        var options = new CollectorOptions
        {
            Listen = ["udp://127.0.0.1:0"],
            DecodeWorkers = 1,
            SocketsPerPort = 1,
            ReceiveBufferBytes = 1 << 20,
            Metrics = "127.0.0.1:0",
        };
        await using var runtime = new CollectorRuntime(options, [], NullLoggerFactory.Instance);
        await using var endpoint = new MetricsEndpoint(runtime, options, NullLoggerFactory.Instance);
        await endpoint.StartAsync(cancel);
        runtime.Start();
        var udp = IPEndPoint.Parse(runtime.BoundAddresses.Single()[6..]);
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            foreach (var packet in packets)
                await sender.SendToAsync(packet, udp, cancel);
        }

        using var prometheus = await PrometheusServer.StartAsync(endpoint.LocalEndPoint!, cancel);

        (await prometheus.QueryUntilAsync("up{job=\"netflow\"}", v => v == 1, QueryTimeout, cancel)).ShouldBe(1);
        (await prometheus.QueryUntilAsync("netflow_records_decoded_total{version=\"9\",kind=\"data\"}",
            v => v == reference.Counters.DataRecords, QueryTimeout, cancel)).ShouldBe(reference.Counters.DataRecords);
        (await prometheus.QueryUntilAsync("netflow_exporter_datagrams_total{exporter=\"127.0.0.1\"}", v => v == packets.Length, QueryTimeout, cancel))
            .ShouldBe(packets.Length);
        (await prometheus.QueryUntilAsync("netflow_decode_errors_total{reason=\"UnknownVersion\"}", v => v == 1, QueryTimeout, cancel)).ShouldBe(1);
        (await prometheus.QueryUntilAsync("netflow_templates_active", v => v == reference.Templates.Count, QueryTimeout, cancel))
            .ShouldBe(reference.Templates.Count);
        (await prometheus.QueryUntilAsync("netflow_sequence_lost_units_total{exporter=\"127.0.0.1\",version=\"9\",domain=\"0\"}", v => v == 1, QueryTimeout, cancel))
            .ShouldBe(1);
        // Every netflow_ family made it into Prometheus (the exposition parsed as a whole).
        var names = await prometheus.GetAsync("api/v1/label/__name__/values", cancel);
        names.ShouldContain("netflow_kernel_drops_total");
        names.ShouldContain("process_working_set_bytes");
    }

    private static byte[] Corpus(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "corpus", "softflowd", name));

    private struct NullHandler : IFlowRecordHandler
    {
        public readonly void OnRecord(in FlowRecord record) { }
        public readonly void OnError(in DecodeError error) { }
    }
}

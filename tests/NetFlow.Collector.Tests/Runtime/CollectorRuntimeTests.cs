using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector.Sinks;

namespace NetFlow.Collector.Tests.Runtime;

public sealed class CollectorRuntimeTests
{
    private static CollectorRuntime Start(CollectingSink sink, CollectorOptions? options = null, SinkOptions? sinkOptions = null)
    {
        options ??= new CollectorOptions();
        options = options with
        {
            Listen = options.Listen.Count > 0 ? options.Listen : ["udp://127.0.0.1:0", "tcp://127.0.0.1:0"],
            DecodeWorkers = 2,
            SocketsPerPort = 2,
            ReceiveBufferBytes = 1 << 20,
        };
        var runtime = new CollectorRuntime(options, [(sink, sinkOptions ?? SinkOptions.Default)], NullLoggerFactory.Instance);
        runtime.Start();
        return runtime;
    }

    private static IPEndPoint Udp(CollectorRuntime runtime) =>
        IPEndPoint.Parse(runtime.BoundAddresses.First(a => a.StartsWith("udp://", StringComparison.Ordinal))["udp://".Length..]);

    private static IPEndPoint Tcp(CollectorRuntime runtime) =>
        IPEndPoint.Parse(runtime.BoundAddresses.First(a => a.StartsWith("tcp://", StringComparison.Ordinal))["tcp://".Length..]);

    private static async Task SendAsync(IPEndPoint target, params string[] files)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        foreach (var file in files)
        {
            await client.SendAsync(CorpusFiles.Read(file), target, TestContext.Current.CancellationToken);
            await Task.Delay(20, TestContext.Current.CancellationToken); // keep order: one exporter, one socket, but be gentle with the kernel queue
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Udp_datagrams_are_decoded_and_every_record_reaches_the_sink_by_shutdown()
    {
        var sink = new CollectingSink();
        var runtime = Start(sink);
        await SendAsync(Udp(runtime), "softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin", "softflowd/packets_v9_1.bin", "softflowd/packets_v9_2.bin", "softflowd/packet_v5.bin");
        await WaitForAsync(() => runtime.Exporters.Values.Sum(e => e.Datagrams) == 5, "5 datagrams decoded");
        await runtime.StopAsync();

        sink.Disposed.ShouldBeTrue();
        sink.Records.Count.ShouldBe(8 + 3 * 12 + 3);
        var first = sink.Records.First(r => r.GetProperty("version").GetInt32() == 9);
        first.GetProperty("exporter").GetString().ShouldBe("127.0.0.1");
        first.GetProperty("sourceIPv4Address").GetString().ShouldBe("127.0.0.1");
        first.GetProperty("sourceTransportPort").GetInt32().ShouldBe(80);
        first.GetProperty("destinationTransportPort").GetInt32().ShouldBe(37932);
        first.GetProperty("octetDeltaCount").GetInt64().ShouldBe(102416);
        first.GetProperty("packetDeltaCount").GetInt64().ShouldBe(75);
        sink.Records.Count(r => r.GetProperty("version").GetInt32() == 5).ShouldBe(3);
    }

    [Fact]
    public async Task A_restart_with_the_state_file_decodes_a_data_packet_alone_at_once()
    {
        var state = Path.Combine(Path.GetTempPath(), $"netflow-state-{Guid.NewGuid():N}.json");
        try
        {
            var firstSink = new CollectingSink();
            var first = Start(firstSink, new CollectorOptions { StateFile = state });
            await SendAsync(Udp(first), "softflowd/packet_v9_template.bin");
            await WaitForAsync(() => first.Exporters.Values.Sum(e => e.Datagrams) == 1, "the template packet");
            await first.StopAsync();
            File.Exists(state).ShouldBeTrue();

            var secondSink = new CollectingSink();
            var second = Start(secondSink, new CollectorOptions { StateFile = state });
            await SendAsync(Udp(second), "softflowd/packets_v9_0.bin");
            await WaitForAsync(() => second.Exporters.Values.Sum(e => e.Datagrams) == 1, "the data packet");
            await second.StopAsync();

            secondSink.Records.Count.ShouldBe(12);
            second.Exporters.Values.Sum(e => e.Session.Counters.Errors(Protocol.DecodeStatus.TemplateMissing)).ShouldBe(0);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task Exporters_outside_the_allow_list_are_dropped_and_counted()
    {
        var sink = new CollectingSink();
        var runtime = Start(sink, new CollectorOptions { Allow = ["192.0.2.0/24"] });
        await SendAsync(Udp(runtime), "softflowd/packet_v5.bin", "softflowd/packet_v5.bin");
        await WaitForAsync(() => runtime.UdpListeners.Sum(u => u.Denied) == 2, "2 denied datagrams");
        await runtime.StopAsync();
        sink.Records.ShouldBeEmpty();
        runtime.Exporters.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ipfix_over_tcp_split_across_writes_decodes_with_its_own_templates()
    {
        var sink = new CollectingSink();
        var runtime = Start(sink);
        byte[] stream = [.. CorpusFiles.Read("softflowd/packet_ipfix_template.bin"), .. CorpusFiles.Read("softflowd/packet_ipfix.bin")];
        using (var client = new TcpClient(AddressFamily.InterNetwork))
        {
            await client.ConnectAsync(Tcp(runtime), TestContext.Current.CancellationToken);
            var network = client.GetStream();
            // Cut the stream in awkward places: inside a header, inside a set.
            foreach (var (start, end) in new[] { (0, 3), (3, 100), (100, stream.Length - 7), (stream.Length - 7, stream.Length) })
            {
                await network.WriteAsync(stream.AsMemory(start, end - start), TestContext.Current.CancellationToken);
                await network.FlushAsync(TestContext.Current.CancellationToken);
                await Task.Delay(30, TestContext.Current.CancellationToken);
            }
        }
        await WaitForAsync(() => sink.Records.Count == 23, "23 IPFIX records");
        await runtime.StopAsync();
        sink.Records.Count(r => r.GetProperty("kind").GetString() == "options").ShouldBe(1);
        sink.Records.ShouldAllBe(r => r.GetProperty("version").GetInt32() == 10);
    }

    [Fact]
    public async Task Hostile_datagrams_are_counted_and_real_traffic_keeps_decoding()
    {
        var sink = new CollectingSink();
        var runtime = Start(sink);
        var target = Udp(runtime);
        using (var client = new UdpClient(AddressFamily.InterNetwork))
        {
            var random = new Random(7);
            for (int i = 0; i < 200; i++)
            {
                var junk = new byte[random.Next(1, 1500)];
                random.NextBytes(junk);
                if (i % 2 == 0 && junk.Length > 4)
                {
                    junk[0] = 0; junk[1] = 9; // a v9 header on random bytes
                }
                await client.SendAsync(junk, target, TestContext.Current.CancellationToken);
            }
        }
        await SendAsync(target, "softflowd/packet_v9_template.bin", "softflowd/packets_v9_0.bin");
        await WaitForAsync(() => runtime.Exporters.Values.Sum(e => e.Datagrams) >= 202 - runtime.Workers.Sum(w => w.QueueDrops), "all datagrams");
        await runtime.StopAsync();
        sink.Records.Count(r => r.GetProperty("version").GetInt32() == 9 && r.GetProperty("templateId").GetInt32() == 1024 && r.GetProperty("exporter").GetString() == "127.0.0.1")
            .ShouldBeGreaterThanOrEqualTo(8 + 12);
        runtime.Exporters.Values.Sum(e => e.Session.Counters.TotalErrors).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Udp_templates_expire_and_idle_exporters_are_forgotten()
    {
        var sink = new CollectingSink();
        var runtime = Start(sink, new CollectorOptions { TemplateTimeout = TimeSpan.FromSeconds(1), ExporterIdleTimeout = TimeSpan.FromSeconds(1) });
        await SendAsync(Udp(runtime), "softflowd/packet_v9_template.bin");
        await WaitForAsync(() => runtime.Exporters.Values.Sum(e => e.Session.Templates.Count) == 2, "2 templates");
        // Maintenance runs every 5 s: within that the templates go, and the silent exporter with them.
        await WaitForAsync(() => runtime.Exporters.IsEmpty, "the idle exporter to be forgotten", TimeSpan.FromSeconds(15));
        runtime.Workers.Sum(w => w.ExportersForgotten).ShouldBe(1);

        await SendAsync(Udp(runtime), "softflowd/packets_v9_0.bin");
        await WaitForAsync(() => runtime.Exporters.Values.Sum(e => e.Datagrams) == 1, "the data packet");
        await runtime.StopAsync();
        sink.Records.Count.ShouldBe(8); // only the records of the first packet: the data packet found no template
        runtime.Exporters.Values.Single().Session.Counters.Errors(Protocol.DecodeStatus.TemplateMissing).ShouldBe(1);
    }

    [Fact]
    public async Task Ipfix_withdrawals_are_ignored_over_udp_and_honoured_over_tcp()
    {
        var template = CorpusFiles.Read("softflowd/packet_ipfix_template.bin");
        // An IPFIX message withdrawing every data template of domain 0 (RFC 7011 §8.1: id 2, field count 0).
        byte[] withdrawal = [0, 10, 0, 24, .. template.AsSpan(4, 12), 0, 2, 0, 8, 0, 2, 0, 0];
        var sink = new CollectingSink();
        var runtime = Start(sink);
        await SendAsync(Udp(runtime), "softflowd/packet_ipfix_template.bin");
        using (var client = new UdpClient(AddressFamily.InterNetwork))
            await client.SendAsync(withdrawal, Udp(runtime), TestContext.Current.CancellationToken);
        await WaitForAsync(() => runtime.Exporters.Values.Sum(e => e.Session.Counters.Errors(Protocol.DecodeStatus.IgnoredWithdrawal)) == 1, "the withdrawal over UDP");
        var udp = runtime.Exporters.Values.Single().Session;
        udp.Templates.Count.ShouldBe(5);
        udp.Counters.Errors(Protocol.DecodeStatus.IgnoredWithdrawal).ShouldBe(1);

        using (var tcp = new TcpClient(AddressFamily.InterNetwork))
        {
            await tcp.ConnectAsync(Tcp(runtime), TestContext.Current.CancellationToken);
            var stream = tcp.GetStream();
            await stream.WriteAsync(template, TestContext.Current.CancellationToken);
            await stream.WriteAsync(withdrawal, TestContext.Current.CancellationToken);
            await WaitForAsync(() => runtime.TcpListeners.Single().OpenSessions.Keys.Any(s => s.Counters.TemplatesWithdrawn == 4), "the withdrawal over TCP");
            runtime.TcpListeners.Single().OpenSessions.Keys.Single().Templates.Count.ShouldBe(1); // the options template stays
        }
        await runtime.StopAsync();
    }
}

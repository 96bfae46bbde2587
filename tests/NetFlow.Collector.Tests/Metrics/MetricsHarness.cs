using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector.Metrics;
using NetFlow.Collector.Sinks;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Tests.Metrics;

/// <summary>
/// A real collector on 127.0.0.1 (UDP port 0, optionally TCP), its metrics endpoint on another
/// free port, and an HTTP client that scrapes it: what an operator's Prometheus would see.
/// </summary>
internal sealed class MetricsHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MetricsHarness(CollectorRuntime runtime, MetricsEndpoint endpoint, CountingSink? sink)
    {
        Runtime = runtime;
        Endpoint = endpoint;
        Sink = sink;
    }

    public CollectorRuntime Runtime { get; }
    public MetricsEndpoint Endpoint { get; }
    public CountingSink? Sink { get; }
    public IPEndPoint Udp => Runtime.BoundAddresses.Where(a => a.StartsWith("udp://", StringComparison.Ordinal)).Select(a => IPEndPoint.Parse(a[6..])).Single();
    public IPEndPoint Tcp => Runtime.BoundAddresses.Where(a => a.StartsWith("tcp://", StringComparison.Ordinal)).Select(a => IPEndPoint.Parse(a[6..])).Single();
    public string UdpListenerLabel => $"udp://{Udp}";
    public Uri BaseAddress => Endpoint.BaseAddress!;

    public static readonly CollectorOptions Defaults = new()
    {
        Listen = ["udp://127.0.0.1:0"],
        DecodeWorkers = 2,
        SocketsPerPort = 1,
        ReceiveBufferBytes = 1 << 20,
        Metrics = "127.0.0.1:0",
    };

    /// <summary>Starts the endpoint, then (unless told not to) the collector.</summary>
    public static async Task<MetricsHarness> StartAsync(CollectorOptions? options = null, CollectorMetricsOptions? metricsOptions = null,
        bool withSink = false, bool startRuntime = true, CancellationTokenSource? stopping = null)
    {
        options ??= Defaults;
        var sink = withSink ? new CountingSink() : null;
        var sinks = sink is null ? [] : new[] { ((IFlowSink)sink, SinkOptions.Default with { FlushInterval = TimeSpan.FromMilliseconds(50) }) };
        var runtime = new CollectorRuntime(options, sinks, NullLoggerFactory.Instance);
        var endpoint = new MetricsEndpoint(runtime, options, NullLoggerFactory.Instance, stopping?.Token ?? default, metricsOptions);
        await endpoint.StartAsync(TestContext.Current.CancellationToken);
        if (startRuntime)
            runtime.Start();
        return new MetricsHarness(runtime, endpoint, sink);
    }

    public static byte[] Corpus(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "corpus", "softflowd", name));

    /// <summary>Sends each payload as one datagram from <paramref name="from"/> (any 127.x address is ours on Linux).</summary>
    public void Send(IPAddress from, params byte[][] payloads)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(from, 0));
        foreach (var payload in payloads)
            client.SendTo(payload, Udp);
    }

    public void Send(params byte[][] payloads) => Send(IPAddress.Loopback, payloads);

    public async Task<HttpResponseMessage> GetAsync(string path) =>
        await _http.GetAsync(new Uri(BaseAddress, path), TestContext.Current.CancellationToken);

    public async Task<PrometheusSamples> ScrapeAsync()
    {
        using var response = await GetAsync("metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new PrometheusSamples(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Scrapes until <paramref name="done"/> holds; fails with the last scrape after 15 s.</summary>
    public async Task<PrometheusSamples> ScrapeUntilAsync(Func<PrometheusSamples, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var samples = await ScrapeAsync();
            if (done(samples))
                return samples;
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
                throw new TimeoutException($"waited 15 s for {what}; last scrape:\n{samples.Text}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Endpoint.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>A sink that only counts what it is given.</summary>
internal sealed class CountingSink : IFlowSink
{
    private long _records;

    public string Name => "test";
    public long Records => Interlocked.Read(ref _records);

    public ValueTask WriteAsync(FlowRecordBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _records, batch.Count);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

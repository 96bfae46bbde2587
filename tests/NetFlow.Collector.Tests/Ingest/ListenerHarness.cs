using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector.Access;
using NetFlow.Collector.Ingest;
using NetFlow.Collector.Pipeline;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.Tests.Runtime;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>A <see cref="UdpListener"/> with the real workers and a collecting sink behind it, and senders from 127.0.0.1 and ::1.</summary>
internal sealed class ListenerHarness : IAsyncDisposable
{
    private readonly SinkRunner _runner;
    private readonly List<DecodeWorker> _workers = [];
    private readonly UdpClient _v4 = new(AddressFamily.InterNetwork);
    private readonly UdpClient _v6 = new(AddressFamily.InterNetworkV6);
    private bool _stopped;

    public ListenerHarness(bool recvmmsg, string listen = "udp://[::]:0", int slotBytes = RecvmmsgBatch.DefaultSlotBytes, IReadOnlyList<string>? allow = null, int sockets = 1, bool gro = true,
        int receiveBufferBytes = 4 << 20, ILogger? log = null, long? decodeQueueBytes = null, bool forceReceiveBuffer = true)
    {
        var options = new CollectorOptions { DecodeWorkers = 2 };
        if (decodeQueueBytes is { } queueBytes)
            options = options with { DecodeQueueBytes = queueBytes };
        _runner = new SinkRunner(Sink, SinkOptions.Default, NullLogger.Instance);
        _runner.Start();
        var fanout = new SinkFanout([_runner]);
        for (int i = 0; i < options.EffectiveWorkers; i++)
        {
            var worker = new DecodeWorker(options, fanout, Exporters, NullLogger.Instance);
            worker.Start();
            _workers.Add(worker);
        }
        Listener = new UdpListener(ListenAddress.Parse(listen), new DatagramRouter(_workers, new ExporterAllowList(allow ?? [])), log ?? NullLogger.Instance, recvmmsg, slotBytes, gro)
        {
            ForceReceiveBuffer = forceReceiveBuffer,
        };
        Listener.Start(sockets, receiveBufferBytes);
    }

    public static ExporterKey V4Exporter { get; } = ExporterKey.From(IPAddress.Loopback);
    public static ExporterKey V6Exporter { get; } = ExporterKey.From(IPAddress.IPv6Loopback);

    public CollectingSink Sink { get; } = new();
    public ConcurrentDictionary<ExporterKey, ExporterState> Exporters { get; } = new();
    public UdpListener Listener { get; }
    public long QueueDrops => _workers.Sum(w => Interlocked.Read(ref w.QueueDrops));

    public void SendV4(byte[] datagram) => _v4.Send(datagram, new IPEndPoint(IPAddress.Loopback, Listener.LocalEndPoint!.Port));
    public void SendV6(byte[] datagram) => _v6.Send(datagram, new IPEndPoint(IPAddress.IPv6Loopback, Listener.LocalEndPoint!.Port));

    public long DecodedDatagrams(ExporterKey exporter) => Exporters.TryGetValue(exporter, out var state) ? Volatile.Read(ref state.Datagrams) : 0;

    public List<JsonElement> RecordsOf(string exporter) => [.. Sink.Records.Where(r => r.GetProperty("exporter").GetString() == exporter)];

    /// <summary>Listener (with its drain), workers and sink, in the runtime's order.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await Listener.DisposeAsync();
        await Task.WhenAll(_workers.Select(w => w.CompleteAsync()));
        await _runner.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _v4.Dispose();
        _v6.Dispose();
    }

    public static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}

using System.Net;
using NetFlow.Collector.Ingest;
using Prometheus;

namespace NetFlow.Collector.Metrics;

/// <summary>Listeners, the kernel's view of their sockets, and the decode queues.</summary>
public sealed partial class CollectorMetrics
{
    private readonly Counter _udpDatagrams;
    private readonly Counter _udpBytes;
    private readonly Counter _udpDenied;
    private readonly Counter _udpReceiveErrors;
    private readonly Counter _udpTruncated;
    private readonly Counter _udpCoalesced;
    private readonly Gauge _udpReceiveBuffer;
    private readonly Counter _kernelDrops;
    private readonly Gauge _kernelQueue;
    private readonly Counter _tcpConnections;
    private readonly Counter _tcpDenied;
    private readonly Gauge _tcpOpen;
    private readonly Counter _tcpFramingLost;
    private readonly Counter _tcpBytes;
    private readonly Counter _queueDrops;
    private readonly Gauge _decodeQueued;
    /// <summary>A TCP listener's endpoint can no longer be asked once it is closed: its label is kept from when it could.</summary>
    private readonly Dictionary<TcpIpfixListener, string> _tcpLabels = [];

    private void UpdateIngest()
    {
        var udp = RuntimeLists.Snapshot(_runtime.UdpListeners);
        var kernel = KernelSockets(udp);
        for (int i = 0; i < udp.Count; i++)
        {
            var listener = udp[i];
            if (listener.LocalEndPoint is not { } endpoint)
                continue;
            string label = $"udp://{endpoint}";
            _udpDatagrams.WithLabels(label).IncTo(Interlocked.Read(ref listener.Datagrams));
            _udpBytes.WithLabels(label).IncTo(Interlocked.Read(ref listener.Bytes));
            _udpDenied.WithLabels(label).IncTo(Interlocked.Read(ref listener.Denied));
            _udpReceiveErrors.WithLabels(label).IncTo(Interlocked.Read(ref listener.ReceiveErrors));
            _udpTruncated.WithLabels(label).IncTo(Interlocked.Read(ref listener.Truncated));
            _udpCoalesced.WithLabels(label).IncTo(Interlocked.Read(ref listener.CoalescedReceives));
            _udpReceiveBuffer.WithLabels(label).Set(listener.GrantedReceiveBuffer);
            if (kernel is not null)
            {
                // A socket that is gone takes its drops with it; IncTo keeps the highest value seen.
                _kernelDrops.WithLabels(label).IncTo(kernel[i].Drops);
                _kernelQueue.WithLabels(label).Set(kernel[i].Queued);
            }
        }

        foreach (var listener in RuntimeLists.Snapshot(_runtime.TcpListeners))
        {
            if (!_tcpLabels.TryGetValue(listener, out var label))
            {
                if (TcpEndPoint(listener) is not { } endpoint)
                    continue;
                label = $"tcp://{endpoint}";
                _tcpLabels.Add(listener, label);
            }
            _tcpConnections.WithLabels(label).IncTo(Interlocked.Read(ref listener.Connections));
            _tcpDenied.WithLabels(label).IncTo(Interlocked.Read(ref listener.Denied));
            _tcpFramingLost.WithLabels(label).IncTo(Interlocked.Read(ref listener.FramingLost));
            _tcpBytes.WithLabels(label).IncTo(Interlocked.Read(ref listener.Bytes));
            _tcpOpen.WithLabels(label).Set(listener.OpenSessions.Count);
        }

        long decodeDrops = 0, queued = 0;
        foreach (var worker in RuntimeLists.Snapshot(_runtime.Workers))
        {
            decodeDrops += Interlocked.Read(ref worker.QueueDrops);
            queued += worker.Queued;
        }
        _queueDrops.WithLabels("decode").IncTo(decodeDrops);
        _decodeQueued.Set(queued);
        _exporters.Set(_runtime.Exporters.Count);
    }

    /// <summary>Per UDP listener: the drops and queued bytes of the kernel sockets bound to its address and port; null off Linux.</summary>
    private (long Drops, long Queued)[]? KernelSockets(IReadOnlyList<UdpListener> listeners)
    {
        if (!OperatingSystem.IsLinux() || listeners.Count == 0)
            return null;
        var totals = new (long Drops, long Queued)[listeners.Count];
        foreach (var row in ProcNetUdp.Read(_options.ProcNetDirectory))
        {
            for (int i = 0; i < listeners.Count; i++)
            {
                if (listeners[i].LocalEndPoint is { } endpoint && Matches(endpoint, row))
                    totals[i] = (totals[i].Drops + row.Drops, totals[i].Queued + row.ReceiveQueueBytes);
            }
        }
        return totals;
    }

    /// <summary>Same port and address (a listener on [::] or 0.0.0.0 is listed with the all-zero address).</summary>
    internal static bool Matches(IPEndPoint listener, UdpSocketRow row) =>
        row.Port == listener.Port && row.Address.AddressFamily == listener.AddressFamily && row.Address.Equals(WithoutScope(listener.Address));

    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;

    private static IPEndPoint? TcpEndPoint(TcpIpfixListener listener)
    {
        try
        {
            return listener.LocalEndPoint;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetFlow.Capture;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>
/// Our UDP socket on a free loopback port that an exporter sends to. Each datagram is kept with
/// its real source endpoint, the collector's well-known port as destination, and its receive time.
/// </summary>
public sealed class ExportReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _collector;
    private readonly List<CapturedDatagram> _datagrams = [];
    private readonly byte[] _buffer = new byte[65536];

    public ExportReceiver(int version)
    {
        _socket.ReceiveBufferSize = 4 << 20;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _collector = new IPEndPoint(IPAddress.Loopback, ExportCapture.WellKnownPort(version));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public IReadOnlyList<CapturedDatagram> Datagrams => _datagrams;

    /// <summary>Receives while <paramref name="exporter"/> runs (so the socket buffer never fills), for at most <paramref name="limit"/>.</summary>
    public void ReceiveWhileRunning(ExternalProcess exporter, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!exporter.HasExited && clock.Elapsed < limit)
            ReceiveAvailable(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>
    /// After the exporter exited: reads until <paramref name="expected"/> datagrams have arrived (if
    /// known), then until the socket stays quiet for <paramref name="quiet"/>.
    /// </summary>
    public void Drain(int? expected, TimeSpan quiet)
    {
        var clock = Stopwatch.StartNew();
        while (expected is { } n && _datagrams.Count < n && clock.Elapsed < TimeSpan.FromSeconds(10))
            ReceiveAvailable(TimeSpan.FromMilliseconds(100));
        while (ReceiveAvailable(quiet) > 0)
        {
        }
    }

    private int ReceiveAvailable(TimeSpan wait)
    {
        var count = 0;
        var timeout = wait;
        while (_socket.Poll(timeout, SelectMode.SelectRead))
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var length = _socket.ReceiveFrom(_buffer, ref from);
            _datagrams.Add(new CapturedDatagram((IPEndPoint)from, _collector, DateTime.UtcNow, _buffer.AsSpan(0, length).ToArray()));
            count++;
            timeout = TimeSpan.Zero;
        }
        return count;
    }

    public void Dispose() => _socket.Dispose();
}

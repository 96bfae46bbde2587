using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// One UDP port: several sockets bound with SO_REUSEPORT (the kernel spreads exporters over them),
/// each with one receive loop that reuses its buffer and <see cref="SocketAddress"/>, so receiving
/// allocates nothing per datagram; the payload is copied into a pooled buffer for the worker.
/// </summary>
internal sealed class UdpListener : IAsyncDisposable
{
    private const int MaxDatagram = 65_535;
    private const int SolSocket = 1, SoReusePort = 15; // Linux <asm-generic/socket.h>

    private readonly ListenAddress _address;
    private readonly DatagramRouter _router;
    private readonly ILogger _log;
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    public UdpListener(ListenAddress address, DatagramRouter router, ILogger log)
    {
        _address = address;
        _router = router;
        _log = log;
    }

    public IPEndPoint? LocalEndPoint { get; private set; }
    public long Datagrams;
    public long Bytes;
    public long Denied;
    public long ReceiveErrors;
    /// <summary>The receive buffer the kernel granted per socket (Linux reports twice what it keeps for data).</summary>
    public int GrantedReceiveBuffer { get; private set; }

    public void Start(int sockets, int receiveBufferBytes)
    {
        var endpoint = _address.EndPoint;
        for (int i = 0; i < Math.Max(1, sockets); i++)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
                    socket.DualMode = true;
                if (OperatingSystem.IsLinux())
                    socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                socket.ReceiveBufferSize = receiveBufferBytes;
                GrantedReceiveBuffer = socket.ReceiveBufferSize;
                // After the first socket has its port, the others join it (port 0 asks the kernel for one).
                socket.Bind(LocalEndPoint ?? endpoint);
                LocalEndPoint ??= (IPEndPoint)socket.LocalEndPoint!;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _sockets.Add(socket);
        }
        if (OperatingSystem.IsLinux() && GrantedReceiveBuffer < receiveBufferBytes)
        {
            _log.LogWarning(
                "{Listen}: asked for a {Requested} byte receive buffer, the kernel granted {Granted}: raise net.core.rmem_max (sysctl -w net.core.rmem_max={Requested}) or bursts will be dropped by the kernel",
                _address, receiveBufferBytes, GrantedReceiveBuffer, receiveBufferBytes);
        }
        foreach (var socket in _sockets)
            _loops.Add(Task.Run(() => ReceiveLoopAsync(socket)));
        _log.LogInformation("listening on udp://{EndPoint} with {Sockets} socket(s)", LocalEndPoint, _sockets.Count);
    }

    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        var cancel = _stop.Token;
        while (!cancel.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // e.g. ICMP port unreachable reported on the socket: not fatal for a listener.
                Interlocked.Increment(ref ReceiveErrors);
                _log.LogDebug(e, "udp receive error on {Listen}", _address);
                continue;
            }

            if (Accept(buffer, length, from) is not { } datagram)
                continue;
            if (!_router.WorkerFor(datagram.Exporter).TryEnqueue(datagram))
                ArrayPool<byte>.Shared.Return(datagram.Buffer); // the worker counted the drop
        }
    }

    /// <summary>Counts a received datagram and, if its exporter is allowed, copies it into a pooled buffer for a worker.</summary>
    private Datagram? Accept(byte[] buffer, int length, SocketAddress from)
    {
        Interlocked.Increment(ref Datagrams);
        Interlocked.Add(ref Bytes, length);
        var exporter = ExporterKey.From(from);
        if (!_router.AllowList.Allows(exporter))
        {
            Interlocked.Increment(ref Denied);
            return null;
        }
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        buffer.AsSpan(0, length).CopyTo(copy);
        return new Datagram(copy, length, exporter, DateTime.UtcNow);
    }

    /// <summary>
    /// Stops receiving. What the kernel already holds for these sockets was sent before the stop, so
    /// it is read out (without waiting for more) and handed to the workers, waiting for room rather
    /// than dropping it; only then are the sockets closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            await DrainAsync(socket).ConfigureAwait(false);
            socket.Dispose();
        }
        _stop.Dispose();
    }

    private async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[MaxDatagram];
        var from = new SocketAddress(socket.AddressFamily);
        socket.Blocking = false;
        while (true)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return; // the kernel queue is empty
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref ReceiveErrors);
                continue;
            }
            Interlocked.Increment(ref Drained);
            if (Accept(buffer, length, from) is { } datagram)
                await _router.WorkerFor(datagram.Exporter).EnqueueWaitingAsync(datagram).ConfigureAwait(false);
        }
    }

    /// <summary>Datagrams read out of the kernel queues at shutdown.</summary>
    public long Drained;
}

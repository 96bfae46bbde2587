using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// One UDP port: several sockets bound with SO_REUSEPORT (the kernel spreads exporters over them),
/// each read by one receiver, which copies every datagram into a pooled buffer for the worker that
/// owns its exporter. On Linux the receiver is a thread of its own calling recvmmsg(2)
/// (<see cref="RecvmmsgBatch"/>): a batch of datagrams per system call, no thread pool hop per
/// datagram. Elsewhere, or where recvmmsg is refused, it is an async loop of ReceiveFromAsync that
/// reuses its buffer and <see cref="SocketAddress"/>. Either way nothing is allocated per datagram.
/// </summary>
internal sealed partial class UdpListener : IAsyncDisposable
{
    private const int MaxDatagram = 65_535;
    private const int SolSocket = 1, SoReusePort = 15, SoRcvBufForce = 33; // Linux <asm-generic/socket.h>

    private readonly ListenAddress _address;
    private readonly DatagramRouter _router;
    private readonly ILogger _log;
    private readonly bool _tryRecvmmsg;
    private readonly int _slotBytes;
    private readonly bool _gro;
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    /// <param name="tryRecvmmsg">False keeps the async loop even where recvmmsg works (tests of the fallback).</param>
    /// <param name="slotBytes">Room per datagram in a recvmmsg batch; smaller than the default only in tests.</param>
    /// <param name="gro">Ask for UDP_GRO on the recvmmsg sockets (see <see cref="RecvmmsgBatch.EnableGro"/>).</param>
    public UdpListener(ListenAddress address, DatagramRouter router, ILogger log, bool tryRecvmmsg = true, int slotBytes = RecvmmsgBatch.DefaultSlotBytes, bool gro = true)
    {
        _gro = gro;
        _address = address;
        _router = router;
        _log = log;
        _tryRecvmmsg = tryRecvmmsg;
        _slotBytes = slotBytes;
    }

    public IPEndPoint? LocalEndPoint { get; private set; }
    /// <summary>True when the sockets are read with recvmmsg on threads of their own, false for the async loop.</summary>
    public bool UsesRecvmmsg { get; private set; }
    /// <summary>True when the kernel took UDP_GRO on the recvmmsg sockets.</summary>
    public bool UsesGro { get; private set; }
    public long Datagrams;
    public long Bytes;
    public long Denied;
    public long ReceiveErrors;
    /// <summary>Datagrams longer than their receive slot, dropped whole rather than decoded cut (never with the default slots).</summary>
    public long Truncated;
    /// <summary>Receives that held several datagrams coalesced by the kernel (GRO); their datagrams are counted one by one in <see cref="Datagrams"/>.</summary>
    public long CoalescedReceives;
    /// <summary>Datagrams read out of the kernel queues at shutdown.</summary>
    public long Drained;
    /// <summary>The receive buffer the kernel granted per socket, as it reports it (Linux reports twice what it keeps for data).</summary>
    public int GrantedReceiveBuffer { get; private set; }

    /// <summary>
    /// What of <see cref="GrantedReceiveBuffer"/> holds datagrams: Linux doubles the size it was asked
    /// for (at most net.core.rmem_max) to count its bookkeeping, and reports the doubled figure.
    /// </summary>
    public int DataReceiveBuffer => DataOf(GrantedReceiveBuffer);

    private static int DataOf(int reportedReceiveBuffer) => OperatingSystem.IsLinux() ? reportedReceiveBuffer / 2 : reportedReceiveBuffer;

    /// <summary>
    /// SO_RCVBUFFORCE: the size asked for past net.core.rmem_max, which Linux allows a process with
    /// CAP_NET_ADMIN (a collector run as root). At 200k packets/s rmem_max's 4 MiB here held some
    /// 15 ms of datagrams, and a receive thread woken a little late lost a few of them to the kernel.
    /// Without the capability the call fails and the cap stands (and is warned of).
    /// </summary>
    private static void TryForceReceiveBuffer(Socket socket, int bytes)
    {
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
        }
        catch (SocketException)
        {
            // EPERM: not privileged.
        }
    }

    /// <summary>Whether to try SO_RCVBUFFORCE past rmem_max (see <see cref="TryForceReceiveBuffer"/>); off, the listener does what an unprivileged one can.</summary>
    internal bool ForceReceiveBuffer { get; init; } = true;

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
                if (OperatingSystem.IsLinux() && ForceReceiveBuffer && DataOf(socket.ReceiveBufferSize) < receiveBufferBytes)
                    TryForceReceiveBuffer(socket, receiveBufferBytes);
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
        // Compared as data: asked for 6 MiB under a 4 MiB rmem_max, Linux reports 8 MiB, which is not what was asked.
        if (OperatingSystem.IsLinux() && DataReceiveBuffer < receiveBufferBytes)
        {
            _log.LogWarning(
                "{Listen}: asked for a {Requested} byte receive buffer, the kernel granted {Granted} (it reports {Reported}, counting its bookkeeping): raise net.core.rmem_max (sysctl -w net.core.rmem_max={Requested}) or give the collector CAP_NET_ADMIN (then it sets the size itself), or bursts will be dropped by the kernel",
                _address, receiveBufferBytes, DataReceiveBuffer, GrantedReceiveBuffer, receiveBufferBytes);
        }

        string? refused = null;
        UsesRecvmmsg = _tryRecvmmsg && RecvmmsgBatch.IsAvailable(_sockets[0], out refused);
        if (refused is not null && OperatingSystem.IsLinux())
            _log.LogWarning("{Listen}: {Reason}; receiving one datagram per call instead", _address, refused);
        foreach (var socket in _sockets)
        {
            if (UsesRecvmmsg)
                StartReceiveThread(socket);
            else
                _loops.Add(Task.Run(() => ReceiveLoopAsync(socket)));
        }
        _log.LogInformation("listening on udp://{EndPoint} with {Sockets} socket(s), {Method}", LocalEndPoint, _sockets.Count,
            UsesRecvmmsg ? (UsesGro ? "recvmmsg, UDP GRO" : "recvmmsg") : "async receive");
    }

    /// <summary>
    /// Stops receiving. What the kernel already holds for these sockets was sent before the stop, so
    /// it is read out (without waiting for more) and handed to the workers, waiting for room rather
    /// than dropping it; only then are the sockets closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StopReceivingAsync().ConfigureAwait(false);
        for (int i = 0; i < _sockets.Count; i++)
        {
            if (UsesRecvmmsg)
                await DrainAsync(_batches[i]).ConfigureAwait(false);
            else
                await DrainAsync(_sockets[i]).ConfigureAwait(false);
            _sockets[i].Dispose();
        }
        foreach (var batch in _batches)
            batch.Dispose();
        _stop.Dispose();
    }

    /// <summary>The receivers end (a recvmmsg thread within its receive timeout); the sockets stay open for the drain.</summary>
    internal async Task StopReceivingAsync()
    {
        _stopping = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }
}

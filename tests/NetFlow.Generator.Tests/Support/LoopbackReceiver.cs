using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NetFlow.Generator.Tests.Support;

/// <summary>One datagram as it arrived: who sent it, its bytes, and when.</summary>
public sealed record ReceivedDatagram(IPEndPoint Source, byte[] Payload, DateTime ReceivedUtc);

/// <summary>
/// A UDP socket on loopback (127.0.0.1 or ::1, a port of the kernel's choosing) that keeps every
/// datagram it receives, in arrival order, on a thread of its own; the receive buffer is made as
/// large as the kernel allows so a burst from the generator is not dropped before it is read.
/// </summary>
public sealed class LoopbackReceiver : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly List<ReceivedDatagram> _received = [];
    private volatile bool _stopping;

    public LoopbackReceiver(bool ipv6 = false)
    {
        var address = ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 32 << 20, ReceiveTimeout = 100 };
        _socket.Bind(new IPEndPoint(address, 0));
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Receive) { IsBackground = true, Name = "loopback receiver" };
        _thread.Start();
    }

    public IPEndPoint Endpoint { get; }

    public int Count
    {
        get { lock (_received) return _received.Count; }
    }

    /// <summary>Waits until <paramref name="count"/> datagrams are in (failing with how many came if they do not), then returns them all.</summary>
    public IReadOnlyList<ReceivedDatagram> WaitFor(long count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (Count < count && clock.Elapsed < limit)
            Thread.Sleep(10);
        Count.ShouldBe((int)count, $"datagrams received on {Endpoint} within {limit.TotalSeconds:0} s");
        lock (_received)
            return [.. _received];
    }

    private void Receive()
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(Endpoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (Exception) when (_stopping)
            {
                return;
            }
            var datagram = new ReceivedDatagram((IPEndPoint)from, buffer.AsSpan(0, length).ToArray(), DateTime.UtcNow);
            lock (_received)
                _received.Add(datagram);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// UDP sockets bound to other loopback addresses (127.0.0.2, 127.0.0.3, ...: Linux routes all of
/// 127/8 to lo), so datagrams reach the collector from as many different exporters.
/// </summary>
public sealed class LoopbackSenders : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public LoopbackSenders(int firstHost, int count)
    {
        for (int host = firstHost; host < firstHost + count; host++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 1 << 20 };
            socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)host]), 0));
            _sockets.Add(socket);
        }
    }

    public int Count => _sockets.Count;

    public void Send(int index, ReadOnlySpan<byte> datagram, IPEndPoint collector) => _sockets[index].SendTo(datagram, collector);

    public void Dispose()
    {
        foreach (var socket in _sockets)
            socket.Dispose();
    }
}

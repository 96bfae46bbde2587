using System.Net;
using System.Net.Sockets;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>Ports on 127.0.0.1.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A UDP or TCP port nobody is bound to right now (the kernel's pick), for a peer or server (an
    /// exporter's target, Prometheus, a collector's /metrics) to bind next.
    /// </summary>
    public static int Free(ProtocolType protocol)
    {
        var type = protocol switch
        {
            ProtocolType.Udp => SocketType.Dgram,
            ProtocolType.Tcp => SocketType.Stream,
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "UDP or TCP"),
        };
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

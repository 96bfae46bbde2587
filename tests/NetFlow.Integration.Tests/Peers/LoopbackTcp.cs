using System.Net;
using System.Net.Sockets;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>TCP on 127.0.0.1.</summary>
public static class LoopbackTcp
{
    /// <summary>A port nobody is bound to right now (the kernel's pick), for a server (Prometheus, a collector's /metrics) to bind next.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

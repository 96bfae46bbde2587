using System.Net;
using System.Net.Sockets;

namespace NetFlow.Generator.Sending;

/// <summary>The UDP sockets exporters send from: connected to the target, optionally bound to a loopback source of their own.</summary>
internal static class ExporterSockets
{
    /// <summary>Room for bursts of a few thousand datagrams; the kernel caps it at net.core.wmem_max.</summary>
    private const int SendBufferBytes = 4 << 20;

    /// <summary>
    /// Connected, so the kernel looks the route up once instead of per datagram, and sendmmsg needs
    /// no address per message.
    /// </summary>
    public static Socket Open(IPEndPoint target, IPAddress? source)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SendBufferSize = SendBufferBytes;
            if (source is not null)
                socket.Bind(new IPEndPoint(source, 0));
            socket.Connect(target);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// On Linux all of 127.0.0.0/8 is the loopback interface's, so exporters can each have their
    /// own source address there without any setup; an IPv6 or remote target has no such range.
    /// </summary>
    public static bool HasLoopbackSources(IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(target.Address);

    /// <summary>127.0.0.1 for exporter 0, 127.0.0.2 for exporter 1, ... up to 127.0.255.254.</summary>
    public static IPAddress LoopbackSource(int exporter)
    {
        int n = exporter + 1;
        return new IPAddress(new byte[] { 127, 0, (byte)(n >> 8), (byte)n });
    }
}

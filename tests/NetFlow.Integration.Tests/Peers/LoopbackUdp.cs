using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>UDP on 127.0.0.1: free ports, and what the kernel says about another process's socket.</summary>
public static class LoopbackUdp
{
    /// <summary>A port nobody is bound to right now (the kernel's pick), for a peer to bind next.</summary>
    public static int FreePort() => LoopbackPort.Free(ProtocolType.Udp);

    /// <summary>
    /// Waits until some socket is bound to 127.0.0.1:<paramref name="port"/> (per /proc/net/udp);
    /// fails early, with its output, if <paramref name="owner"/> exits instead.
    /// </summary>
    public static void WaitUntilBound(int port, ExternalProcess owner, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (ReceiveQueue(port) is null)
        {
            if (owner.HasExited)
                throw new InvalidOperationException(
                    $"{owner.FileName} exited before binding UDP port {port}.\nstdout:\n{owner.StandardOutputSoFar}\nstderr:\n{owner.StandardErrorSoFar}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{owner.FileName} did not bind UDP 127.0.0.1:{port} within {timeout.TotalSeconds:0} s.");
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// Waits until the socket bound to <paramref name="port"/> has read everything queued to it, so
    /// a collector is not told to stop while datagrams it was sent still wait in the kernel.
    /// </summary>
    public static void WaitUntilDrained(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (ReceiveQueue(port) is > 0)
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"UDP 127.0.0.1:{port} still had {ReceiveQueue(port)} bytes queued after {timeout.TotalSeconds:0} s.");
            Thread.Sleep(20);
        }
    }

    /// <summary>Bytes waiting in the receive queue of the IPv4 socket bound to 127.0.0.1:port; null if none is bound.</summary>
    public static long? ReceiveQueue(int port)
    {
        // /proc/net/udp: "sl local_address rem_address st tx_queue:rx_queue ...", addresses as
        // little-endian hex IPv4 ":" big-endian hex port, so 127.0.0.1:2055 is 0100007F:0807.
        var local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 4 && columns[1] == local)
                return long.Parse(columns[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return null;
    }
}

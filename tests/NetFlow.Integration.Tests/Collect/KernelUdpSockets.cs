using System.Diagnostics;
using System.Globalization;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// What the kernel says about every socket bound to 127.0.0.1:PORT (/proc/net/udp), summed: a
/// collector with SO_REUSEPORT has several. Bytes still queued, and datagrams dropped because a
/// receive buffer was full.
/// </summary>
public static class KernelUdpSockets
{
    public readonly record struct Queues(int Sockets, long QueuedBytes, long Drops);

    public static Queues Of(int port)
    {
        // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops",
        // 127.0.0.1:2055 as 0100007F:0807.
        var local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        int sockets = 0;
        long queued = 0, drops = 0;
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 13 || columns[1] != local)
                continue;
            sockets++;
            queued += long.Parse(columns[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            drops += long.Parse(columns[12], CultureInfo.InvariantCulture);
        }
        return new Queues(sockets, queued, drops);
    }

    /// <summary>Waits until the collector has read everything the kernel queued for it (so a stop signal is not about those).</summary>
    public static Queues WaitUntilRead(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var queues = Of(port);
            if (queues.Sockets == 0)
                throw new InvalidOperationException($"no socket is bound to UDP 127.0.0.1:{port}");
            if (queues.QueuedBytes == 0)
                return queues;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"UDP 127.0.0.1:{port} still had {queues.QueuedBytes} bytes queued after {timeout.TotalSeconds:0} s.");
            Thread.Sleep(10);
        }
    }
}

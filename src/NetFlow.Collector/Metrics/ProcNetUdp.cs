using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace NetFlow.Collector.Metrics;

/// <summary>One row of /proc/net/udp or /proc/net/udp6: a socket's local address, its receive queue and its drops.</summary>
internal readonly record struct UdpSocketRow(IPAddress Address, int Port, long ReceiveQueueBytes, long Drops);

/// <summary>
/// Reads the kernel's UDP socket tables, where datagrams the kernel dropped because a socket's
/// receive buffer was full are counted per socket (the last column, <c>drops</c>). Rows look like
/// <c>"  12: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000  0 4242 2 0000000000000000 0"</c>:
/// the address is the kernel's in-memory words printed as hex (so 127.0.0.1 is 0100007F on a
/// little-endian machine), the port is plain hex, tx_queue:rx_queue are hex byte counts.
/// </summary>
internal static class ProcNetUdp
{
    private static readonly string[] Files = ["udp", "udp6"];

    public static IEnumerable<UdpSocketRow> Read(string directory)
    {
        foreach (var file in Files)
        {
            var path = Path.Combine(directory, file);
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // no IPv6, not Linux, or a sandbox without /proc: no kernel drops to report
            }
            foreach (var line in lines.Skip(1))
            {
                if (TryParse(line, out var row))
                    yield return row;
            }
        }
    }

    public static bool TryParse(string line, out UdpSocketRow row)
    {
        row = default;
        var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        if (columns.Length < 13)
            return false;
        var local = columns[1];
        int colon = local.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !TryParseAddress(local.AsSpan(0, colon), out var address)
            || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int port))
            return false;
        var queues = columns[4];
        int queueColon = queues.IndexOf(':', StringComparison.Ordinal);
        if (queueColon < 0
            || !long.TryParse(queues.AsSpan(queueColon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long receiveQueue)
            || !long.TryParse(columns[12], NumberStyles.None, CultureInfo.InvariantCulture, out long drops))
            return false;
        row = new UdpSocketRow(address, port, receiveQueue, drops);
        return true;
    }

    /// <summary>8 hex digits (IPv4) or 32 (IPv6), each group of 8 one 32-bit word in the machine's byte order.</summary>
    private static bool TryParseAddress(ReadOnlySpan<char> hex, out IPAddress address)
    {
        address = IPAddress.None;
        if (hex.Length is not (8 or 32))
            return false;
        Span<byte> bytes = stackalloc byte[hex.Length / 2];
        for (int word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.Slice(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
                return false;
            var target = bytes.Slice(word * 4, 4);
            if (BitConverter.IsLittleEndian)
                BinaryPrimitives.WriteUInt32LittleEndian(target, value);
            else
                BinaryPrimitives.WriteUInt32BigEndian(target, value);
        }
        address = new IPAddress(bytes);
        return true;
    }
}

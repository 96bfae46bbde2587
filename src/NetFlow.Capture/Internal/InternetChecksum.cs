using System.Buffers.Binary;

namespace NetFlow.Capture.Internal;

/// <summary>
/// The ones'-complement sum of 16-bit words used by IPv4, UDP and ICMP (RFC 1071). Chunks are
/// summed as if concatenated, so every chunk but the last must have an even length.
/// </summary>
internal struct InternetChecksum
{
    private ulong _sum;

    public void Add(ReadOnlySpan<byte> data)
    {
        while (data.Length >= 2)
        {
            _sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }
        // RFC 1071 §1: an odd trailing byte is padded with a zero byte on the right.
        if (!data.IsEmpty)
            _sum += (uint)data[0] << 8;
    }

    public void Add(uint value)
    {
        _sum += value >> 16;
        _sum += value & 0xFFFF;
    }

    public readonly ushort Finish()
    {
        var sum = _sum;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}

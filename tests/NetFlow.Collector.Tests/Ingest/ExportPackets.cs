using System.Buffers.Binary;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>Small export packets whose decoded records say which datagram they came from.</summary>
internal static class ExportPackets
{
    /// <summary>NetFlow v5 with one record: flow sequence and source port are <paramref name="index"/>.</summary>
    public static byte[] V5(int index)
    {
        var p = new byte[24 + 48];
        BinaryPrimitives.WriteUInt16BigEndian(p, 5);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), 1_000_000); // sysUptime
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), 1_790_000_000); // unix seconds
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), (uint)index); // flow sequence
        var r = p.AsSpan(24);
        BinaryPrimitives.WriteUInt32BigEndian(r, 0x0A00_0001); // 10.0.0.1
        BinaryPrimitives.WriteUInt32BigEndian(r[4..], 0xC000_0207); // 192.0.2.7
        BinaryPrimitives.WriteUInt32BigEndian(r[16..], 1); // packets
        BinaryPrimitives.WriteUInt32BigEndian(r[20..], 100); // octets
        BinaryPrimitives.WriteUInt32BigEndian(r[24..], 999_000); // first
        BinaryPrimitives.WriteUInt32BigEndian(r[28..], 999_500); // last
        BinaryPrimitives.WriteUInt16BigEndian(r[32..], (ushort)index); // source port
        BinaryPrimitives.WriteUInt16BigEndian(r[34..], 2055); // destination port
        r[38] = 17; // UDP
        return p;
    }

    /// <summary>
    /// One IPFIX message of exactly <paramref name="length"/> bytes (header, a template of two ports,
    /// a data set of 4-byte records, padded with zeroes): record i has source port i and destination
    /// port <paramref name="tag"/>. Returns the message and its record count.
    /// </summary>
    public static (byte[] Message, int Records) Ipfix(int length, ushort tag)
    {
        const int Header = 16, TemplateSet = 16, DataSetHeader = 4;
        int records = (length - Header - TemplateSet - DataSetHeader) / 4;
        var m = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(m, 10);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(4), 1_790_000_000);
        var t = m.AsSpan(Header);
        BinaryPrimitives.WriteUInt16BigEndian(t, 2);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], TemplateSet);
        BinaryPrimitives.WriteUInt16BigEndian(t[4..], 256);
        BinaryPrimitives.WriteUInt16BigEndian(t[6..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 7); // sourceTransportPort
        BinaryPrimitives.WriteUInt16BigEndian(t[10..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(t[12..], 11); // destinationTransportPort
        BinaryPrimitives.WriteUInt16BigEndian(t[14..], 2);
        // The data set runs to the end of the message: the bytes after the last record are set padding (RFC 7011 §3.3.1).
        var d = m.AsSpan(Header + TemplateSet);
        BinaryPrimitives.WriteUInt16BigEndian(d, 256);
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)(length - Header - TemplateSet));
        for (int i = 0; i < records; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[(4 + 4 * i)..], (ushort)i);
            BinaryPrimitives.WriteUInt16BigEndian(d[(6 + 4 * i)..], tag);
        }
        return (m, records);
    }
}

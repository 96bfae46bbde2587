using System.Buffers.Binary;
using NetFlow.Benchmarks.Packets;

namespace NetFlow.Benchmarks.StoreGen;

/// <summary>
/// NetFlow v9 packets of one exporter: template 256 is the decode benchmarks' 45-byte IPv4 layout
/// (<see cref="RecordLayouts.V9Ipv4"/>), 28 records a packet; template 257 its IPv6 twin (IPV6_SRC/
/// DST_ADDR, IPV6_NEXT_HOP, prefix lengths 29/30), 81 bytes, 16 records a packet. Written straight
/// into a reused buffer.
/// </summary>
internal sealed class V9Writer(uint sourceId)
{
    public const ushort Ipv4Template = 256, Ipv6Template = 257;
    public const int Ipv4Records = 28, Ipv6Records = 16;
    private const int HeaderLength = 20;

    public static readonly LayoutField[] Ipv6Layout =
    [
        new(27, 16), new(28, 16), new(62, 16), new(10, 2), new(14, 2), new(2, 4), new(1, 4), new(22, 4), new(21, 4),
        new(7, 2), new(11, 2), new(6, 1), new(4, 1), new(5, 1), new(16, 2), new(17, 2), new(29, 1), new(30, 1),
    ];

    private readonly byte[] _buffer = new byte[1500];
    private uint _sequence;

    /// <summary>The template flowset with both templates.</summary>
    public byte[] Templates(uint uptimeMs, uint unixSeconds)
    {
        var w = new PacketWriter();
        w.U16(9); w.U16(2); w.U32(uptimeMs); w.U32(unixSeconds); w.U32(_sequence++); w.U32(sourceId);
        int start = w.Position;
        w.U16(0);
        w.U16(0);
        foreach (var (id, layout) in new[] { (Ipv4Template, RecordLayouts.V9Ipv4), (Ipv6Template, Ipv6Layout) })
        {
            w.U16(id);
            w.U16((ushort)layout.Length);
            foreach (var field in layout)
            {
                w.U16(field.Id);
                w.U16(field.Length);
            }
        }
        w.PatchU16(start + 2, (ushort)(w.Position - start));
        return w.ToArray();
    }

    /// <summary>One data packet of <paramref name="flows"/> (all of one family); returns its length in the buffer.</summary>
    public ReadOnlySpan<byte> Data(ReadOnlySpan<SyntheticFlow> flows, uint uptimeMs, uint unixSeconds)
    {
        var b = _buffer.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(b, 9);
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)flows.Length);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], uptimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], unixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(b[12..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], sourceId);
        bool ipv6 = flows[0].IsIpv6;
        BinaryPrimitives.WriteUInt16BigEndian(b[HeaderLength..], ipv6 ? Ipv6Template : Ipv4Template);
        int p = HeaderLength + 4;
        foreach (ref readonly var f in flows)
        {
            if (ipv6)
            {
                BinaryPrimitives.WriteUInt128BigEndian(b[p..], f.Src6);
                BinaryPrimitives.WriteUInt128BigEndian(b[(p + 16)..], f.Dst6);
                BinaryPrimitives.WriteUInt128BigEndian(b[(p + 32)..], f.NextHop6);
                p += 48;
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(b[p..], f.Src4);
                BinaryPrimitives.WriteUInt32BigEndian(b[(p + 4)..], f.Dst4);
                BinaryPrimitives.WriteUInt32BigEndian(b[(p + 8)..], f.NextHop4);
                p += 12;
            }
            BinaryPrimitives.WriteUInt16BigEndian(b[p..], f.InIf);
            BinaryPrimitives.WriteUInt16BigEndian(b[(p + 2)..], f.OutIf);
            BinaryPrimitives.WriteUInt32BigEndian(b[(p + 4)..], f.Packets);
            BinaryPrimitives.WriteUInt32BigEndian(b[(p + 8)..], f.Bytes);
            BinaryPrimitives.WriteUInt32BigEndian(b[(p + 12)..], f.FirstMs);
            BinaryPrimitives.WriteUInt32BigEndian(b[(p + 16)..], f.LastMs);
            BinaryPrimitives.WriteUInt16BigEndian(b[(p + 20)..], f.SrcPort);
            BinaryPrimitives.WriteUInt16BigEndian(b[(p + 22)..], f.DstPort);
            b[p + 24] = f.TcpFlags;
            b[p + 25] = f.Proto;
            b[p + 26] = f.Tos;
            BinaryPrimitives.WriteUInt16BigEndian(b[(p + 27)..], f.SrcAs);
            BinaryPrimitives.WriteUInt16BigEndian(b[(p + 29)..], f.DstAs);
            b[p + 31] = f.SrcMask;
            b[p + 32] = f.DstMask;
            p += 33;
        }
        int setStart = HeaderLength;
        while ((p - setStart) % 4 != 0)
            b[p++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(b[(setStart + 2)..], (ushort)(p - setStart));
        return b[..p];
    }
}

using System.Buffers.Binary;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>
/// Builds pcapng files block by block (draft-ietf-opsawg-pcapng §3.1: type, total length, body
/// padded to 32 bits, total length again), each section in its own byte order.
/// </summary>
internal sealed class PcapNgBuilder
{
    public const uint SectionHeader = 0x0A0D0D0A;
    public const uint InterfaceDescription = 1;
    public const uint SimplePacket = 3;
    public const uint NameResolution = 4;
    public const uint InterfaceStatistics = 5;
    public const uint EnhancedPacket = 6;

    private readonly List<byte> _bytes = [];
    private bool _bigEndian;

    public int Length => _bytes.Count;

    /// <summary>§4.1: byte-order magic, version 1.0, section length -1 (unknown).</summary>
    public PcapNgBuilder Section(bool bigEndian = false)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        Add(body, 0x1A2B3C4Du);
        Add(body, (ushort)1);
        Add(body, (ushort)0);
        Add(body, ulong.MaxValue);
        return Block(SectionHeader, [.. body]);
    }

    /// <summary>§4.2, with the if_tsresol (9) and if_tsoffset (14) options when given.</summary>
    public PcapNgBuilder Interface(ushort linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null)
    {
        var body = new List<byte>();
        Add(body, linkType);
        Add(body, (ushort)0);
        Add(body, snapLength);
        if (tsresol is { } resolution)
        {
            Add(body, (ushort)9);
            Add(body, (ushort)1);
            body.AddRange([resolution, 0, 0, 0]);
        }
        if (tsoffset is { } offset)
        {
            Add(body, (ushort)14);
            Add(body, (ushort)8);
            Add(body, (ulong)offset);
        }
        if (tsresol is not null || tsoffset is not null)
            Add(body, 0u); // opt_endofopt
        return Block(InterfaceDescription, [.. body]);
    }

    /// <summary>§4.3: interface, 64-bit timestamp in the interface's units, lengths, data.</summary>
    public PcapNgBuilder EnhancedPacketBlock(uint interfaceId, ulong timestamp, byte[] frame, uint? originalLength = null)
    {
        var body = new List<byte>();
        Add(body, interfaceId);
        Add(body, (uint)(timestamp >> 32));
        Add(body, (uint)timestamp);
        Add(body, (uint)frame.Length);
        Add(body, originalLength ?? (uint)frame.Length);
        body.AddRange(frame);
        Pad(body);
        return Block(EnhancedPacket, [.. body]);
    }

    /// <summary>§4.4: original length and data only.</summary>
    public PcapNgBuilder SimplePacketBlock(byte[] frame, uint? originalLength = null)
    {
        var body = new List<byte>();
        Add(body, originalLength ?? (uint)frame.Length);
        body.AddRange(frame);
        Pad(body);
        return Block(SimplePacket, [.. body]);
    }

    public PcapNgBuilder Block(uint type, byte[] body)
    {
        var padded = new List<byte>(body);
        Pad(padded);
        var totalLength = (uint)(12 + padded.Count);
        Add(_bytes, type);
        Add(_bytes, totalLength);
        _bytes.AddRange(padded);
        Add(_bytes, totalLength);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private static void Pad(List<byte> body)
    {
        while (body.Count % 4 != 0)
            body.Add(0);
    }

    private void Add(List<byte> target, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (_bigEndian)
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        target.AddRange(bytes);
    }

    private void Add(List<byte> target, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (_bigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        target.AddRange(bytes);
    }

    private void Add(List<byte> target, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (_bigEndian)
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        target.AddRange(bytes);
    }
}

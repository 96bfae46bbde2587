using System.Buffers.Binary;

namespace NetFlow.Protocol.Tests.Sessions;

/// <summary>Builds v5, v9 and IPFIX messages byte by byte, so each test states exactly what is on the wire.</summary>
internal sealed class MessageBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public MessageBuilder U8(int v) { _bytes.Add((byte)v); return this; }
    public MessageBuilder U16(int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); _bytes.AddRange(b); return this; }
    public MessageBuilder U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); _bytes.AddRange(b); return this; }
    public MessageBuilder U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); _bytes.AddRange(b); return this; }
    public MessageBuilder Bytes(params byte[] v) { _bytes.AddRange(v); return this; }
    public MessageBuilder Ip(string address) => Bytes(System.Net.IPAddress.Parse(address).GetAddressBytes());

    /// <summary>Appends a set: id, a length filled in from what <paramref name="body"/> writes.</summary>
    public MessageBuilder Set(int id, Action<MessageBuilder> body)
    {
        int start = _bytes.Count;
        U16(id).U16(0);
        body(this);
        PatchU16(start + 2, _bytes.Count - start);
        return this;
    }

    public MessageBuilder PatchU16(int offset, int value)
    {
        _bytes[offset] = (byte)(value >> 8);
        _bytes[offset + 1] = (byte)value;
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public static MessageBuilder V9(uint sysUptime = 100_000, uint unixSeconds = 1_700_000_000, uint sequence = 0, uint sourceId = 0) =>
        new MessageBuilder().U16(9).U16(0).U32(sysUptime).U32(unixSeconds).U32(sequence).U32(sourceId);

    /// <summary>An IPFIX header; call <see cref="Ipfix"/> to fill in the message length at the end.</summary>
    public static MessageBuilder IpfixHeader(uint exportTime = 1_700_000_000, uint sequence = 0, uint domain = 0) =>
        new MessageBuilder().U16(10).U16(0).U32(exportTime).U32(sequence).U32(domain);

    /// <summary>Fills in the IPFIX message length and returns the bytes.</summary>
    public byte[] Ipfix()
    {
        PatchU16(2, _bytes.Count);
        return ToArray();
    }
}

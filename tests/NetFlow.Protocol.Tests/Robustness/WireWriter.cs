using System.Buffers.Binary;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Writes export messages byte by byte, lengths included or deliberately wrong: the hostile
/// inputs here need control a well-behaved message builder would not give.
/// </summary>
internal sealed class WireWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public WireWriter U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public WireWriter U16(int value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
        return this;
    }

    public WireWriter U32(uint value) => U16((int)(value >> 16)).U16((int)(value & 0xFFFF));

    public WireWriter U64(ulong value) => U32((uint)(value >> 32)).U32((uint)value);

    public WireWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            _bytes.Add(b);
        return this;
    }

    /// <summary>RFC 7011 §7: a length below 255 in one byte, otherwise 255 and two bytes (always, when asked).</summary>
    public WireWriter VariableLength(int length, bool threeByteForm = false) =>
        length < 255 && !threeByteForm ? U8(length) : U8(255).U16(length);

    /// <summary>A set: id, then the length of what <paramref name="body"/> writes plus the 4-byte set header.</summary>
    public WireWriter Set(int setId, Action<WireWriter> body)
    {
        var inner = new WireWriter();
        body(inner);
        return U16(setId).U16(inner.Length + 4).Bytes(inner.ToArray());
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>An IPFIX message (RFC 7011 §3.1) around the sets, with its length right.</summary>
    public static byte[] Ipfix(uint domain, Action<WireWriter> sets, uint exportSeconds = 1_714_564_800, uint sequence = 0)
    {
        var body = new WireWriter();
        sets(body);
        var message = new WireWriter().U16(10).U16(16 + body.Length).U32(exportSeconds).U32(sequence).U32(domain).Bytes(body.ToArray());
        return message.ToArray();
    }

    /// <summary>A NetFlow v9 message (RFC 3954 §5.1) around the flowsets.</summary>
    public static byte[] V9(uint sourceId, Action<WireWriter> flowsets, int count = 1, uint uptime = 100_000, uint exportSeconds = 1_714_564_800, uint sequence = 0)
    {
        var body = new WireWriter();
        flowsets(body);
        return new WireWriter().U16(9).U16(count).U32(uptime).U32(exportSeconds).U32(sequence).U32(sourceId).Bytes(body.ToArray()).ToArray();
    }

    /// <summary>Sets the IPFIX message length of a finished message, to make it wrong on purpose.</summary>
    public static byte[] WithMessageLength(byte[] message, int length)
    {
        var copy = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)length);
        return copy;
    }
}

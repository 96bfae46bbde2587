using System.Buffers.Binary;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Writes export messages byte by byte, lengths included or deliberately wrong: the hostile
/// inputs here need control a well-behaved message builder would not give.
/// </summary>
internal sealed class WireWriter
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public WireWriter U8(int value)
    {
        Grow(1)[0] = (byte)value;
        return this;
    }

    public WireWriter U16(int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(Grow(2), (ushort)value);
        return this;
    }

    public WireWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);
        return this;
    }

    public WireWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(Grow(8), value);
        return this;
    }

    public WireWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
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

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    private Span<byte> Grow(int count)
    {
        if (_bytes.Length - Length < count)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }

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

using System.Buffers.Binary;

namespace NetFlow.Benchmarks.Packets;

/// <summary>Writes a datagram big-endian, front to back, with back-patching for lengths known only at the end.</summary>
internal sealed class PacketWriter
{
    private readonly byte[] _buffer = new byte[ushort.MaxValue];

    public int Position { get; private set; }

    public void U8(byte value) => _buffer[Position++] = value;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Position), value);
        Position += 2;
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Position), value);
        Position += 4;
    }

    /// <summary>An unsigned value in <paramref name="length"/> bytes (RFC 7011 §6.2 reduced-size encoding).</summary>
    public void Unsigned(ulong value, int length)
    {
        for (int i = length - 1; i >= 0; i--)
            _buffer[Position++] = (byte)(value >> (8 * i));
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(Position));
        Position += bytes.Length;
    }

    public void PatchU16(int at, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), value);

    /// <summary>Zero bytes up to the next multiple of 4 from <paramref name="start"/> (RFC 3954 §5.3 flowset padding).</summary>
    public void PadTo4(int start)
    {
        while ((Position - start) % 4 != 0)
            _buffer[Position++] = 0;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Position).ToArray();
}

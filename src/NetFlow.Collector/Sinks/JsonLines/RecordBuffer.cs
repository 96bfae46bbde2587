using System.Buffers;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// The sink's one reused output buffer: the JSON writer encodes into it, the sink hands its
/// content to the stream in chunks. Unlike <see cref="ArrayBufferWriter{T}"/> it can be cut back,
/// so a record whose encoding failed halfway leaves nothing behind.
/// </summary>
internal sealed class RecordBuffer(int capacity) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[Math.Max(256, capacity)];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - Length);
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsSpan(Length);
    }

    public void WriteByte(byte value)
    {
        EnsureRoom(1);
        _buffer[Length++] = value;
    }

    /// <summary>Drops everything after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)Length, nameof(length));
        Length = length;
    }

    public void Clear() => Length = 0;

    private void EnsureRoom(int sizeHint)
    {
        int needed = Length + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}

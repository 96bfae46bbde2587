using System.Runtime.CompilerServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A growable byte buffer written front to back and reused: <see cref="Reset"/> keeps the array,
/// so once it has grown to a row group's size, writing the next one allocates nothing.
/// </summary>
internal sealed class ByteBuffer(int initialCapacity = 4096)
{
    private byte[] _array = GC.AllocateUninitializedArray<byte>(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    /// <summary>The bytes already written from <paramref name="start"/>, to patch (a length written after its content).</summary>
    public Span<byte> WrittenFrom(int start, int length) => _array.AsSpan(start, length);

    public void Reset() => Length = 0;

    /// <summary>Room for <paramref name="size"/> bytes at the end; <see cref="Advance"/> says how many were used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_array.Length - Length < size)
            Grow(size);
        return _array.AsSpan(Length, size);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (Length == _array.Length)
            Grow(1);
        _array[Length++] = value;
    }

    /// <summary>An unsigned LEB128 varint (Thrift compact protocol, RLE run headers).</summary>
    public void WriteVarint(ulong value)
    {
        var span = GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        Length += n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        long wanted = Math.Max((long)_array.Length * 2, (long)Length + size);
        if (wanted > Array.MaxLength)
            wanted = Math.Max(Array.MaxLength, (long)Length + size);
        if (wanted > Array.MaxLength)
            throw new InvalidOperationException($"a Parquet buffer cannot grow past {Array.MaxLength} bytes");
        var bigger = GC.AllocateUninitializedArray<byte>((int)wanted);
        _array.AsSpan(0, Length).CopyTo(bigger);
        _array = bigger;
    }
}

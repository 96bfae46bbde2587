using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// PLAIN values (Parquet Encodings.md): INT32 and INT64 as little-endian 4 and 8 bytes. Bytes and
/// unsigned shorts widen to INT32 (vectorised); 32- and 64-bit values are copied as they are, since
/// the machine is little-endian (<see cref="RowGroupEncoder"/> checks); times become INT64 milliseconds.
/// </summary>
internal static class PlainEncoder
{

    /// <summary>Values of a byte, ushort or uint column as INT32: <paramref name="destination"/> is 4 bytes per value.</summary>
    public static void WriteInt32<T>(ReadOnlySpan<T> values, Span<byte> destination) where T : unmanaged
    {
        if (destination.Length < values.Length * sizeof(int))
            throw new ArgumentException("no room for the values", nameof(destination));
        if (typeof(T) == typeof(byte))
            Widen(MemoryMarshal.Cast<T, byte>(values), MemoryMarshal.Cast<byte, uint>(destination));
        else if (typeof(T) == typeof(ushort))
            Widen(MemoryMarshal.Cast<T, ushort>(values), MemoryMarshal.Cast<byte, uint>(destination));
        else if (typeof(T) == typeof(uint) || typeof(T) == typeof(int))
            MemoryMarshal.AsBytes(values).CopyTo(destination);
        else
            throw new NotSupportedException($"{typeof(T)} is not stored as INT32");
    }

    /// <summary>Values of a long or ulong column as INT64: 8 bytes per value.</summary>
    public static void WriteInt64<T>(ReadOnlySpan<T> values, Span<byte> destination) where T : unmanaged
    {
        if (typeof(T) != typeof(long) && typeof(T) != typeof(ulong))
            throw new NotSupportedException($"{typeof(T)} is not stored as INT64");
        MemoryMarshal.AsBytes(values).CopyTo(destination);
    }

    /// <summary>
    /// The values of the rows whose presence word has <paramref name="bit"/>, in row order, into
    /// <paramref name="packed"/> (as long as <paramref name="values"/>); returns how many. Branch-free:
    /// every value is stored, and the count moves on only past the present ones.
    /// </summary>
    public static int Pack<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> words, ulong bit, Span<T> packed)
    {
        if (packed.Length < values.Length || words.Length < values.Length)
            throw new ArgumentException("the packed values and the presence words must cover every row");
        int shift = BitOperations.TrailingZeroCount(bit);
        int count = 0;
        for (int row = 0; row < values.Length; row++)
        {
            packed[count] = values[row];
            count += (int)(words[row] >> shift) & 1;
        }
        return count;
    }

    private static void Widen(ReadOnlySpan<byte> source, Span<uint> destination)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte from = ref MemoryMarshal.GetReference(source);
            ref uint to = ref MemoryMarshal.GetReference(destination);
            for (; i <= source.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref from, (nuint)i));
                var (a, b) = Vector128.Widen(low);
                var (c, d) = Vector128.Widen(high);
                a.StoreUnsafe(ref to, (nuint)i);
                b.StoreUnsafe(ref to, (nuint)(i + 4));
                c.StoreUnsafe(ref to, (nuint)(i + 8));
                d.StoreUnsafe(ref to, (nuint)(i + 12));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = source[i];
    }

    private static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref ushort from = ref MemoryMarshal.GetReference(source);
            ref uint to = ref MemoryMarshal.GetReference(destination);
            for (; i <= source.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref from, (nuint)i));
                low.StoreUnsafe(ref to, (nuint)i);
                high.StoreUnsafe(ref to, (nuint)(i + 4));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = source[i];
    }
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The RLE / bit-packed hybrid of Parquet Encodings.md for values of 0 to 32 bits (dictionary
/// indices). Values are taken 8 at a time: 8 equal ones start an RLE run (varint count &lt;&lt; 1, then
/// the value in ceil(width / 8) little-endian bytes) that goes on as long as the value does; any
/// other 8 join the bit-packed stretch (varint groups &lt;&lt; 1 | 1, then the values packed from the
/// least significant bit). Only the last group of the values is padded (with 0s): the page's value
/// count says where they end.
/// </summary>
internal static class HybridEncoder
{
    public static void Write(ByteBuffer output, ReadOnlySpan<int> values, int bitWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
        int literalStart = 0;
        int i = 0;
        while (i <= values.Length - 8)
        {
            int value = values[i];
            if (!AllEqual(values.Slice(i, 8), value))
            {
                i += 8;
                continue;
            }
            int end = i + 8;
            while (end <= values.Length - 8 && AllEqual(values.Slice(end, 8), value))
                end += 8;
            while (end < values.Length && values[end] == value)
                end++;
            WriteBitPacked(output, values[literalStart..i], bitWidth);
            WriteRle(output, end - i, value, bitWidth);
            literalStart = i = end;
        }
        WriteBitPacked(output, values[literalStart..], bitWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllEqual(ReadOnlySpan<int> eight, int value)
    {
        if (Vector256.IsHardwareAccelerated)
            return Vector256.EqualsAll(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(eight)), Vector256.Create(value));
        foreach (int v in eight)
        {
            if (v != value)
                return false;
        }
        return true;
    }

    private static void WriteRle(ByteBuffer output, int count, int value, int bitWidth)
    {
        output.WriteVarint((ulong)(uint)count << 1);
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes[..((bitWidth + 7) >> 3)]);
    }

    /// <summary>A bit-packed stretch: the varint header, then the values packed from the least significant bit, 0s to the end of the last group of 8.</summary>
    private static void WriteBitPacked(ByteBuffer output, ReadOnlySpan<int> values, int bitWidth)
    {
        if (values.IsEmpty)
            return;
        int groups = (values.Length + 7) >> 3;
        output.WriteVarint((ulong)(uint)groups << 1 | 1);
        int bytes = groups * bitWidth;
        // 8 bytes of slack: the packers store whole words past what they have filled.
        var destination = output.GetSpan(bytes + sizeof(ulong));
        int written = bitWidth switch
        {
            <= 8 => PackNarrow(values, bitWidth, destination),
            <= 16 => PackMedium(values, bitWidth, destination),
            _ => PackWide(values, bitWidth, destination),
        };
        destination[written..bytes].Clear();
        output.Advance(bytes);
    }

    /// <summary>
    /// Up to 8 bits (dictionaries of up to 256 values, the common case): 8 values fill exactly
    /// <paramref name="bitWidth"/> bytes, so a group is built in one 64-bit word and stored at once.
    /// Returns the bytes filled.
    /// </summary>
    private static int PackNarrow(ReadOnlySpan<int> values, int bitWidth, Span<byte> destination)
    {
        ref byte at = ref MemoryMarshal.GetReference(destination);
        int full = values.Length & ~7;
        int offset = 0;
        int b = bitWidth;
        for (int i = 0; i < full; i += 8)
        {
            var group = values.Slice(i, 8);
            ulong word = (ulong)(uint)group[0] | (ulong)(uint)group[1] << b | (ulong)(uint)group[2] << (2 * b) | (ulong)(uint)group[3] << (3 * b)
                | (ulong)(uint)group[4] << (4 * b) | (ulong)(uint)group[5] << (5 * b) | (ulong)(uint)group[6] << (6 * b) | (ulong)(uint)group[7] << (7 * b);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), word);
            offset += b;
        }
        if (full == values.Length)
            return offset;
        ulong last = 0;
        for (int i = full, shift = 0; i < values.Length; i++, shift += b)
            last |= (ulong)(uint)values[i] << shift;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), last);
        return offset + (((values.Length - full) * b + 7) >> 3);
    }

    /// <summary>
    /// 9 to 16 bits (dictionaries of 257 to 16 Ki values, the most a hashed one holds): 4 values fit a
    /// 64-bit word, so a group of 8 is two words joined and stored as two 8-byte writes, the second
    /// one's bits past the group 0s that the next group's first write covers. Where the value-by-value
    /// loop took a branch per value, this takes none. Returns the bytes filled.
    /// </summary>
    private static int PackMedium(ReadOnlySpan<int> values, int bitWidth, Span<byte> destination)
    {
        ref byte at = ref MemoryMarshal.GetReference(destination);
        ref int value = ref MemoryMarshal.GetReference(values);
        int full = values.Length & ~7;
        int offset = 0;
        int b = bitWidth, half = 4 * bitWidth;
        for (int i = 0; i < full; i += 8)
        {
            ref int group = ref Unsafe.Add(ref value, i);
            ulong low = (ulong)(uint)group | (ulong)(uint)Unsafe.Add(ref group, 1) << b
                | (ulong)(uint)Unsafe.Add(ref group, 2) << (2 * b) | (ulong)(uint)Unsafe.Add(ref group, 3) << (3 * b);
            ulong high = (ulong)(uint)Unsafe.Add(ref group, 4) | (ulong)(uint)Unsafe.Add(ref group, 5) << b
                | (ulong)(uint)Unsafe.Add(ref group, 6) << (2 * b) | (ulong)(uint)Unsafe.Add(ref group, 7) << (3 * b);
            // A shift of 64 is a shift of 0 in C#: at 16 bits the halves are the two words as they are.
            ulong first = half == 64 ? low : low | high << half;
            ulong second = half == 64 ? high : high >> (64 - half);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), first);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset + sizeof(ulong)), second);
            offset += b;
        }
        return full == values.Length ? offset : offset + PackWide(values[full..], bitWidth, destination[offset..]);
    }

    /// <summary>
    /// 9 to 32 bits: values gather in a 64-bit word, stored 32 bits at a time when that many are
    /// ready (fewer than 32 wait, so the next value always fits). Returns the bytes filled.
    /// </summary>
    private static int PackWide(ReadOnlySpan<int> values, int bitWidth, Span<byte> destination)
    {
        ref byte at = ref MemoryMarshal.GetReference(destination);
        int offset = 0;
        ulong pending = 0;
        int bits = 0;
        foreach (int value in values)
        {
            pending |= (ulong)(uint)value << bits;
            bits += bitWidth;
            if (bits >= 32)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), (uint)pending);
                offset += sizeof(uint);
                pending >>= 32;
                bits -= 32;
            }
        }
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), pending);
        return offset + ((bits + 7) >> 3);
    }
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The RLE / bit-packed hybrid of Parquet Encodings.md for values of 0 to 32 bits (dictionary
/// indices). Values are taken 8 at a time; groups that are not worth a run join the bit-packed
/// stretch (varint groups &lt;&lt; 1 | 1, then the values packed from the least significant bit), and
/// a run that is (see <see cref="Write{TIndices}"/>) is written RLE (varint count &lt;&lt; 1, then the
/// value in ceil(width / 8) little-endian bytes) as far as the value goes on. Only the last group of
/// the values is padded (with 0s): the page's value count says where they end.
/// </summary>
/// <remarks>
/// The indices come from an <see cref="IHybridIndices"/>: an int per value (wider values' dictionaries),
/// a byte per value (bytes and ushorts with at most 256 entries, packed 8 from one word), or a
/// ushort column's values looked up in its dictionary's table as they are packed (<see cref="WriteMapped"/>).
/// </remarks>
internal static class HybridEncoder
{
    public static void Write(ByteBuffer output, ReadOnlySpan<int> values, int bitWidth) =>
        Write(output, new StoredIndices<int>(values), bitWidth);

    /// <summary>Indices of up to 8 bits, a byte each.</summary>
    public static void Write(ByteBuffer output, ReadOnlySpan<byte> indices, int bitWidth)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 8);
        Write(output, new StoredIndices<byte>(indices), bitWidth);
    }

    /// <summary>Unsigned short values whose indices are their slots in <paramref name="slots"/> less one (IntegerDictionary's table: slot = index + 1).</summary>
    public static void WriteMapped(ByteBuffer output, ReadOnlySpan<ushort> values, ReadOnlySpan<int> slots, int bitWidth) =>
        Write(output, new MappedUShorts(values, slots), bitWidth);

    /// <summary><paramref name="count"/> times <paramref name="value"/>: one RLE run (nothing for none).</summary>
    public static void WriteRun(ByteBuffer output, int count, int value, int bitWidth)
    {
        CheckWidth(bitWidth);
        if (count > 0)
            WriteRle(output, count, value, bitWidth);
    }

    /// <summary>
    /// A run between two bit-packed stretches costs its header and value and a second stretch header
    /// (3 bytes or more), so it is taken only when its values would fill 8 bytes packed (64 / width of
    /// them, 8 at the least): short runs of a few-valued column (a protocol, a ToS) stay packed,
    /// smaller and without the branches. A run at the start of a stretch, or at the end of the values,
    /// splits nothing and is taken from 8 values on.
    /// </summary>
    private static void Write<TIndices>(ByteBuffer output, TIndices indices, int bitWidth)
        where TIndices : IHybridIndices, allows ref struct
    {
        CheckWidth(bitWidth);
        int length = indices.Length;
        int splittingGroups = Math.Max(1, 8 / Math.Max(1, bitWidth));
        int literalStart = 0;
        int i = 0;
        // Uniform groups in a row with the same value, ending at i; no branch per group but the rare one taking a run.
        int runGroups = 0;
        int runValue = -1;
        while (i <= length - 8)
        {
            // Four groups none of which is uniform (a column of many values, most groups) are passed in
            // one step: none can start or carry on a run, and the chain through runGroups, which held
            // the loop to its latency, is not taken for them. One branch per 32 values, taken alike
            // group after group when it is taken at all.
            if (i <= length - 32 && !(indices.Uniform(i) | indices.Uniform(i + 8) | indices.Uniform(i + 16) | indices.Uniform(i + 24)))
            {
                runGroups = 0;
                i += 32;
                continue;
            }
            int first = indices[i];
            runGroups = Bit(indices.Uniform(i)) * ((runGroups & -Bit(first == runValue)) + 1);
            runValue = first;
            i += 8;
            int runStart = i - runGroups * 8;
            // Bitwise, not short-circuit: whether a group is uniform is data, and a branch on it mispredicts.
            if ((runGroups >= splittingGroups) | ((runGroups > 0) & (runStart == literalStart)))
            {
                int end = i;
                while (end <= length - 8 && indices.Uniform(end) && indices[end] == first)
                    end += 8;
                while (end < length && indices[end] == first)
                    end++;
                WriteBitPacked(output, indices, literalStart, runStart - literalStart, bitWidth);
                WriteRle(output, end - runStart, first, bitWidth);
                literalStart = i = end;
                runGroups = 0;
                runValue = -1;
            }
        }
        // A shorter run that the last values carry on to the end is worth it too (nothing after it to split).
        if (runGroups > 0)
        {
            int runStart = i - runGroups * 8;
            int end = i;
            while (end < length && indices[end] == runValue)
                end++;
            if (end == length)
            {
                WriteBitPacked(output, indices, literalStart, runStart - literalStart, bitWidth);
                WriteRle(output, end - runStart, runValue, bitWidth);
                return;
            }
        }
        WriteBitPacked(output, indices, literalStart, length - literalStart, bitWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool value) => Unsafe.BitCast<bool, byte>(value);

    private static void CheckWidth(int bitWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
    }

    private static void WriteRle(ByteBuffer output, int count, int value, int bitWidth)
    {
        output.WriteVarint((ulong)(uint)count << 1);
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes[..((bitWidth + 7) >> 3)]);
    }

    /// <summary>A bit-packed stretch of indices [start, start + count): the varint header, then the values packed from the least significant bit, 0s to the end of the last group of 8.</summary>
    private static void WriteBitPacked<TIndices>(ByteBuffer output, TIndices indices, int start, int count, int bitWidth)
        where TIndices : IHybridIndices, allows ref struct
    {
        if (count == 0)
            return;
        int groups = (count + 7) >> 3;
        output.WriteVarint((ulong)(uint)groups << 1 | 1);
        int bytes = groups * bitWidth;
        // 8 bytes of slack: the packers store whole words past what they have filled.
        var destination = output.GetSpan(bytes + sizeof(ulong));
        int written = bitWidth switch
        {
            <= 8 => PackNarrow(indices, start, count, bitWidth, destination),
            <= 16 => PackMedium(indices, start, count, bitWidth, destination),
            _ => PackWide(indices, start, count, bitWidth, destination),
        };
        destination[written..bytes].Clear();
        output.Advance(bytes);
    }

    /// <summary>
    /// Up to 8 bits (dictionaries of up to 256 values, the common case): 8 values fill exactly
    /// <paramref name="bitWidth"/> bytes, so a group is built in one 64-bit word and stored at once.
    /// Returns the bytes filled.
    /// </summary>
    private static int PackNarrow<TIndices>(TIndices v, int start, int count, int bitWidth, Span<byte> destination)
        where TIndices : IHybridIndices, allows ref struct
    {
        ref byte at = ref destination[0];
        int end = start + count;
        int full = start + (count & ~7);
        int offset = 0;
        int b = bitWidth;
        for (int i = start; i < full; i += 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), v.Group(i, b));
            offset += b;
        }
        if (full == end)
            return offset;
        ulong last = 0;
        for (int i = full, shift = 0; i < end; i++, shift += b)
            last |= (ulong)(uint)v[i] << shift;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), last);
        return offset + (((end - full) * b + 7) >> 3);
    }

    /// <summary>The 8 indices from <paramref name="i"/> joined value by value, for <see cref="IHybridIndices.Group"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Join<TIndices>(TIndices v, int i, int b) where TIndices : IHybridIndices, allows ref struct =>
        (ulong)(uint)v[i] | (ulong)(uint)v[i + 1] << b | (ulong)(uint)v[i + 2] << (2 * b) | (ulong)(uint)v[i + 3] << (3 * b)
        | (ulong)(uint)v[i + 4] << (4 * b) | (ulong)(uint)v[i + 5] << (5 * b) | (ulong)(uint)v[i + 6] << (6 * b) | (ulong)(uint)v[i + 7] << (7 * b);

    /// <summary>
    /// 9 to 16 bits (dictionaries of 257 to 64 Ki values): 4 values fit a 64-bit word, so a group of
    /// 8 is two words joined and stored as two 8-byte writes, the second one's bits past the group 0s
    /// that the next group's first write covers. Where the value-by-value loop took a branch per
    /// value, this takes none. Returns the bytes filled.
    /// </summary>
    private static int PackMedium<TIndices>(TIndices v, int start, int count, int bitWidth, Span<byte> destination)
        where TIndices : IHybridIndices, allows ref struct
    {
        ref byte at = ref destination[0];
        int end = start + count;
        int full = start + (count & ~7);
        int offset = 0;
        int b = bitWidth, half = 4 * bitWidth;
        for (int i = start; i < full; i += 8)
        {
            ulong low = (ulong)(uint)v[i] | (ulong)(uint)v[i + 1] << b | (ulong)(uint)v[i + 2] << (2 * b) | (ulong)(uint)v[i + 3] << (3 * b);
            ulong high = (ulong)(uint)v[i + 4] | (ulong)(uint)v[i + 5] << b | (ulong)(uint)v[i + 6] << (2 * b) | (ulong)(uint)v[i + 7] << (3 * b);
            // A shift of 64 is a shift of 0 in C#: at 16 bits the halves are the two words as they are.
            ulong first = half == 64 ? low : low | high << half;
            ulong second = half == 64 ? high : high >> (64 - half);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), first);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset + sizeof(ulong)), second);
            offset += b;
        }
        return full == end ? offset : offset + PackWide(v, full, end - full, bitWidth, destination[offset..]);
    }

    /// <summary>
    /// 9 to 32 bits: values gather in a 64-bit word, stored 32 bits at a time when that many are
    /// ready (fewer than 32 wait, so the next value always fits). Returns the bytes filled.
    /// </summary>
    private static int PackWide<TIndices>(TIndices v, int start, int count, int bitWidth, Span<byte> destination)
        where TIndices : IHybridIndices, allows ref struct
    {
        ref byte at = ref destination[0];
        int offset = 0;
        ulong pending = 0;
        int bits = 0;
        for (int i = start; i < start + count; i++)
        {
            pending |= (ulong)(uint)v[i] << bits;
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

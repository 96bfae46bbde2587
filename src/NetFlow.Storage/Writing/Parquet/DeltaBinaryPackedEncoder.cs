using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// DELTA_BINARY_PACKED (Parquet Encodings.md) for INT32 and INT64 values: a header (values per block, miniblocks
/// per block, value count, the first value zigzag), then per block of 128 the least delta (zigzag) and a
/// bit width byte for each of its 4 miniblocks of 32, and each miniblock's deltas less that least delta,
/// bit-packed from the least significant bit. Times of flows a few seconds apart, counters of similar
/// size, addresses of one network: their deltas take a fraction of the bits PLAIN spends. Arithmetic wraps, as the spec says,
/// so deltas between the ends of the range still round-trip.
/// </summary>
internal static class DeltaBinaryPackedEncoder
{
    private const int BlockValues = 128;
    private const int Miniblocks = 4;
    private const int MiniblockValues = BlockValues / Miniblocks;

    /// <summary>The widest value that fits a 64-bit word beside the up to 7 bits of a byte begun.</summary>
    private const int MaxFastWidth = 56;

    /// <summary>INT64 values: deltas in 64-bit arithmetic.</summary>
    public static void Write(ByteBuffer output, ReadOnlySpan<long> values) => Write(output, values, ulong.MaxValue);

    /// <summary>
    /// INT32 values (unsigned ones as their two's complement bits): deltas in 32-bit arithmetic, as
    /// readers of INT32 undo them, so that no delta takes more than 32 bits.
    /// </summary>
    public static void Write(ByteBuffer output, ReadOnlySpan<int> values) => Write(output, values, uint.MaxValue);

    /// <summary>Deltas in <typeparamref name="T"/>'s arithmetic (wrapping at its width), kept to its bits by <paramref name="mask"/>.</summary>
    private static void Write<T>(ByteBuffer output, ReadOnlySpan<T> values, ulong mask) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        WriteHeader(output, values.Length, values.IsEmpty ? 0 : long.CreateTruncating(values[0]));
        Span<ulong> deltas = stackalloc ulong[BlockValues];
        for (int first = 1; first < values.Length; first += BlockValues)
        {
            int count = Math.Min(BlockValues, values.Length - first);
            T least = T.MaxValue;
            for (int i = 0; i < count; i++)
            {
                T delta = unchecked(values[first + i] - values[first + i - 1]);
                deltas[i] = ulong.CreateTruncating(delta) & mask;
                least = T.Min(least, delta);
            }
            WriteBlock(output, long.CreateTruncating(least), mask, deltas[..count]);
        }
    }

    private static void WriteHeader(ByteBuffer output, int count, long first)
    {
        output.WriteVarint(BlockValues);
        output.WriteVarint(Miniblocks);
        output.WriteVarint((ulong)count);
        output.WriteVarint(ZigZag(first));
    }

    /// <summary>
    /// A block: its least delta, then its miniblocks of <paramref name="deltas"/> (up to 128) less the
    /// least delta; <paramref name="mask"/> keeps the bits of the column's width (arithmetic wraps there).
    /// </summary>
    private static void WriteBlock(ByteBuffer output, long least, ulong mask, Span<ulong> deltas)
    {
        output.WriteVarint(ZigZag(least));
        // The widths come before the miniblocks; patched as each is packed (by offset: packing may move the buffer).
        // A miniblock the block does not reach keeps width 0 and takes no bytes.
        int widths = output.Length;
        output.GetSpan(Miniblocks).Clear();
        output.Advance(Miniblocks);
        ulong subtrahend = (ulong)least & mask;
        Span<ulong> last = stackalloc ulong[MiniblockValues];
        for (int m = 0; m * MiniblockValues < deltas.Length; m++)
        {
            scoped Span<ulong> miniblock = deltas.Slice(m * MiniblockValues, Math.Min(MiniblockValues, deltas.Length - m * MiniblockValues));
            ulong bits = 0;
            for (int i = 0; i < miniblock.Length; i++)
            {
                ulong relative = unchecked(miniblock[i] - subtrahend) & mask;
                miniblock[i] = relative;
                bits |= relative;
            }
            if (miniblock.Length < MiniblockValues)
            {
                // The last miniblock is packed whole: the values past the end are 0s.
                miniblock.CopyTo(last);
                last[miniblock.Length..].Clear();
                miniblock = last;
            }
            int width = 64 - BitOperations.LeadingZeroCount(bits);
            output.WrittenFrom(widths + m, 1)[0] = (byte)width;
            Pack(output, miniblock, width);
        }
    }

    /// <summary>32 values of <paramref name="width"/> bits, least significant bit first: 4 x width bytes.</summary>
    private static void Pack(ByteBuffer output, ReadOnlySpan<ulong> values, int width)
    {
        if (width == 0)
            return;
        int bytes = MiniblockValues * width / 8;
        if (width > MaxFastWidth)
        {
            PackWide(output.GetSpan(bytes), values, width);
            output.Advance(bytes);
            return;
        }
        // Each value is or-ed into a 64-bit word stored whole (over what follows) and moved on by the
        // whole bytes it filled: no branch per value. 32 values end on a byte, so nothing is left over.
        ref byte at = ref MemoryMarshal.GetReference(output.GetSpan(bytes + sizeof(ulong)));
        ulong pending = 0;
        int pendingBits = 0;
        foreach (ulong value in values)
        {
            pending |= value << pendingBits;
            pendingBits += width;
            Unsafe.WriteUnaligned(ref at, pending);
            int full = pendingBits >> 3;
            at = ref Unsafe.Add(ref at, full);
            pending >>= full << 3;
            pendingBits &= 7;
        }
        output.Advance(bytes);
    }

    /// <summary>Past 56 bits a value and the bits before it may not fit one word: spilled over two.</summary>
    private static void PackWide(Span<byte> destination, ReadOnlySpan<ulong> values, int width)
    {
        ulong pending = 0;
        int pendingBits = 0;
        int at = 0;
        foreach (ulong value in values)
        {
            pending |= value << pendingBits;
            if (pendingBits + width >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[at..], pending);
                at += sizeof(ulong);
                int taken = 64 - pendingBits;
                pending = taken == 64 ? 0 : value >> taken;
                pendingBits += width - 64;
            }
            else
            {
                pendingBits += width;
            }
        }
        // 32 x width bits are whole 32-bit words: what is left is 0 or 4 bytes.
        if (pendingBits > 0)
            BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], (uint)pending);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}

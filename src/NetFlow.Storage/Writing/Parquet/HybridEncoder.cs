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

    /// <summary>
    /// A bit-packed stretch. Each value is or-ed into a 64-bit word that is stored whole (over what
    /// follows) and moved on by the whole bytes it filled: no branch per value.
    /// </summary>
    private static void WriteBitPacked(ByteBuffer output, ReadOnlySpan<int> values, int bitWidth)
    {
        if (values.IsEmpty)
            return;
        int groups = (values.Length + 7) >> 3;
        output.WriteVarint((ulong)(uint)groups << 1 | 1);
        int bytes = groups * bitWidth;
        var destination = output.GetSpan(bytes + sizeof(ulong));
        ref byte at = ref MemoryMarshal.GetReference(destination);
        ulong pending = 0;
        int pendingBits = 0;
        foreach (int value in values)
        {
            pending |= (ulong)(uint)value << pendingBits;
            pendingBits += bitWidth;
            Unsafe.WriteUnaligned(ref at, pending);
            int full = pendingBits >> 3;
            at = ref Unsafe.Add(ref at, full);
            pending >>= full << 3;
            pendingBits &= 7;
        }
        // The rest, and 0s to the end of the last group.
        Unsafe.WriteUnaligned(ref at, pending);
        int written = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(destination), ref at);
        destination[(written + 1)..].Clear();
        output.Advance(bytes);
    }
}

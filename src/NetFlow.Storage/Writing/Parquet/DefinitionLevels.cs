using System.Buffers.Binary;
using System.Numerics;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Definition levels of an optional flat column (1 = a value, 0 = NULL) as a data page v1 holds
/// them: a 4-byte little-endian length, then the RLE / bit-packed hybrid at bit width 1 (Parquet
/// Encodings.md, "Run Length Encoding / Bit-Packing Hybrid"). A run header is a varint: count &lt;&lt; 1
/// for a run of one repeated value (stored in one byte), groups-of-8 &lt;&lt; 1 | 1 for bit-packed values.
/// </summary>
internal static class DefinitionLevels
{
    /// <summary>Bit-packed runs are cut at this many groups of 8 so their header is one byte, written before its count is known.</summary>
    private const int MaxLiteralGroups = 63;

    /// <summary>Every row the same: one RLE run.</summary>
    public static void WriteRun(ByteBuffer output, int rows, bool present)
    {
        int start = Reserve(output);
        WriteRle(output, rows, present);
        PatchLength(output, start);
    }

    /// <summary>
    /// A level per row from bit <paramref name="bit"/> of each presence word: rows taken 8 at a time
    /// (one byte of levels); two or more all-present or all-NULL bytes in a row become an RLE run, the
    /// rest are bit-packed.
    /// </summary>
    public static void WriteMixed(ByteBuffer output, ReadOnlySpan<ulong> words, ulong bit)
    {
        int start = Reserve(output);
        int shift = BitOperations.TrailingZeroCount(bit);
        int groups = words.Length >> 3;
        int literalHeader = -1;
        int literalGroups = 0;
        for (int g = 0; g < groups;)
        {
            byte levels = GroupOf(words, g << 3, shift);
            if (levels is 0 or 0xFF)
            {
                int end = g + 1;
                while (end < groups && GroupOf(words, end << 3, shift) == levels)
                    end++;
                if (end - g >= 2)
                {
                    CloseLiteral(output, ref literalHeader, literalGroups);
                    WriteRle(output, (end - g) << 3, levels != 0);
                    g = end;
                    continue;
                }
            }
            AppendLiteral(output, levels, ref literalHeader, ref literalGroups);
            g++;
        }
        int tail = words.Length & 7;
        if (tail != 0)
        {
            // The last group is bit-packed padded with 0s: the page's value count says where the levels end.
            byte levels = 0;
            for (int i = 0; i < tail; i++)
                levels |= (byte)(((words[(groups << 3) + i] >> shift) & 1) << i);
            AppendLiteral(output, levels, ref literalHeader, ref literalGroups);
        }
        CloseLiteral(output, ref literalHeader, literalGroups);
        PatchLength(output, start);
    }

    private static byte GroupOf(ReadOnlySpan<ulong> words, int row, int shift)
    {
        var group = words.Slice(row, 8);
        ulong levels = (group[0] >> shift) & 1;
        levels |= ((group[1] >> shift) & 1) << 1;
        levels |= ((group[2] >> shift) & 1) << 2;
        levels |= ((group[3] >> shift) & 1) << 3;
        levels |= ((group[4] >> shift) & 1) << 4;
        levels |= ((group[5] >> shift) & 1) << 5;
        levels |= ((group[6] >> shift) & 1) << 6;
        levels |= ((group[7] >> shift) & 1) << 7;
        return (byte)levels;
    }

    private static void AppendLiteral(ByteBuffer output, byte levels, ref int header, ref int groups)
    {
        if (header >= 0 && groups == MaxLiteralGroups)
            CloseLiteral(output, ref header, groups);
        if (header < 0)
        {
            header = output.Length;
            output.WriteByte(0);
            groups = 0;
        }
        output.WriteByte(levels);
        groups++;
    }

    private static void CloseLiteral(ByteBuffer output, ref int header, int groups)
    {
        if (header < 0)
            return;
        output.WrittenFrom(header, 1)[0] = (byte)(groups << 1 | 1);
        header = -1;
    }

    private static void WriteRle(ByteBuffer output, int count, bool present)
    {
        output.WriteVarint((ulong)(uint)count << 1);
        output.WriteByte(present ? (byte)1 : (byte)0);
    }

    private static int Reserve(ByteBuffer output)
    {
        int start = output.Length;
        output.GetSpan(4);
        output.Advance(4);
        return start;
    }

    private static void PatchLength(ByteBuffer output, int start) =>
        BinaryPrimitives.WriteInt32LittleEndian(output.WrittenFrom(start, 4), output.Length - start - 4);
}

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// Parquet's RLE / bit-packed hybrid (Encodings.md) read back, independently of the writer, bit by
/// bit: a varint header whose low bit is 0 for a run (count, then the value in ceil(width / 8)
/// little-endian bytes) and 1 for groups of 8 values packed from the least significant bit.
/// </summary>
internal static class HybridDecoder
{
    /// <summary>The first <paramref name="count"/> values; checks that every byte is used and only the last group is padded.</summary>
    public static int[] Decode(ReadOnlySpan<byte> data, int bitWidth, int count)
    {
        var values = new List<int>();
        int at = 0;
        while (at < data.Length)
        {
            ulong header = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = data[at++];
                header |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    break;
            }
            if ((header & 1) == 0)
            {
                uint value = 0;
                for (int i = 0; i < (bitWidth + 7) / 8; i++)
                    value |= (uint)data[at++] << (8 * i);
                values.AddRange(Enumerable.Repeat((int)value, (int)(header >> 1)));
                continue;
            }
            int packed = (int)(header >> 1) * 8;
            long bit = (long)at * 8;
            for (int v = 0; v < packed; v++)
            {
                ulong value = 0;
                for (int i = 0; i < bitWidth; i++, bit++)
                    value |= (ulong)((data[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) << i;
                values.Add((int)(uint)value);
            }
            at += (int)(header >> 1) * bitWidth;
        }
        at.ShouldBe(data.Length);
        values.Count.ShouldBeGreaterThanOrEqualTo(count);
        (values.Count - count).ShouldBeLessThan(8, "only the last group is padded");
        return [.. values.Take(count)];
    }
}

using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// DELTA_BINARY_PACKED: Encodings.md's two examples byte for byte, and values across both ranges
/// (wrapping deltas included) decoded back by a reader written from the spec.
/// </summary>
public sealed class DeltaBinaryPackedEncoderTests
{
    [Fact]
    public void One_to_five_is_the_spec_s_first_example()
    {
        // Header: block 128 (80 01), 4 miniblocks, 5 values, first value zigzag(1) = 2. One block: least delta zigzag(1) = 2, widths all 0, no bits.
        Encode([1, 2, 3, 4, 5]).ShouldBe(new byte[] { 0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0 });
    }

    [Fact]
    public void Seven_down_to_one_and_up_to_five_is_the_spec_s_second_example()
    {
        // Deltas -2 -2 -2 1 1 1 1: least -2 (zigzag 3), the rest 0 0 0 3 3 3 3 at width 2, the miniblock padded to 32 values (8 bytes).
        Encode([7, 5, 3, 1, 2, 3, 4, 5]).ShouldBe(new byte[]
        {
            0x80, 0x01, 0x04, 0x08, 0x0E,
            0x03, 2, 0, 0, 0,
            0b1100_0000, 0b0011_1111, 0, 0, 0, 0, 0, 0,
        });
    }

    [Fact]
    public void No_values_and_one_value_are_a_header_only()
    {
        Encode([]).ShouldBe(new byte[] { 0x80, 0x01, 0x04, 0x00, 0x00 });
        Encode([-1]).ShouldBe(new byte[] { 0x80, 0x01, 0x04, 0x01, 0x01 });
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(33, 2)]
    [InlineData(129, 3)]
    [InlineData(1000, 4)]
    [InlineData(5000, 5)]
    public void Sixty_four_bit_values_decode_back(int count, int seed)
    {
        var random = new Random(seed);
        long[] extremes = [long.MinValue, long.MaxValue, 0, -1, 1];
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Next(4) switch
            {
                0 => extremes[random.Next(extremes.Length)],
                1 => i == 0 ? 0 : values[i - 1] + random.Next(-5, 6),
                2 => random.NextInt64(long.MinValue, long.MaxValue),
                _ => 1_700_000_000_000 + random.Next(60_000),
            };
        }
        var buffer = new ByteBuffer(16);
        DeltaBinaryPackedEncoder.Write(buffer, values);
        Decode(buffer.Written.ToArray(), bits: 64).ShouldBe(values);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(129, 3)]
    [InlineData(5000, 5)]
    public void Thirty_two_bit_values_decode_back_with_no_width_past_32(int count, int seed)
    {
        var random = new Random(seed);
        int[] extremes = [int.MinValue, int.MaxValue, 0, -1];
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = random.Next(3) == 0 ? extremes[random.Next(extremes.Length)] : random.Next(int.MinValue, int.MaxValue);
        var buffer = new ByteBuffer(16);
        DeltaBinaryPackedEncoder.Write(buffer, values);
        Decode(buffer.Written.ToArray(), bits: 32).Select(v => (int)v).ShouldBe(values);
    }

    private static byte[] Encode(long[] values)
    {
        var buffer = new ByteBuffer(16);
        DeltaBinaryPackedEncoder.Write(buffer, values);
        return buffer.Written.ToArray();
    }

    /// <summary>Encodings.md's reader: header, then blocks of least delta, miniblock widths and bit-packed deltas; arithmetic wraps at <paramref name="bits"/>.</summary>
    private static long[] Decode(byte[] data, int bits)
    {
        int at = 0;
        ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = data[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
        }
        long ZigZag() { ulong v = Varint(); return (long)(v >> 1) ^ -(long)(v & 1); }
        long Wrap(long v) => bits == 64 ? v : (int)v;

        int blockValues = (int)Varint();
        int miniblocks = (int)Varint();
        int count = (int)Varint();
        long previous = ZigZag();
        var values = new List<long>();
        if (count > 0)
            values.Add(previous);
        int perMiniblock = blockValues / miniblocks;
        while (values.Count < count)
        {
            long least = ZigZag();
            var widths = data.AsSpan(at, miniblocks).ToArray();
            at += miniblocks;
            foreach (byte width in widths)
            {
                width.ShouldBeLessThanOrEqualTo((byte)bits);
                if (values.Count == count)
                    break;
                long bit = (long)at * 8;
                for (int v = 0; v < perMiniblock; v++)
                {
                    ulong delta = 0;
                    for (int i = 0; i < width; i++, bit++)
                        delta |= (ulong)((data[bit >> 3] >> (int)(bit & 7)) & 1) << i;
                    if (values.Count < count)
                    {
                        previous = Wrap(unchecked(previous + least + (long)delta));
                        values.Add(previous);
                    }
                }
                at += perMiniblock * width / 8;
            }
        }
        at.ShouldBe(data.Length);
        return [.. values];
    }
}

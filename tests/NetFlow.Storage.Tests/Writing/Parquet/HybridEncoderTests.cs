using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// The RLE / bit-packed hybrid of dictionary indices: bytes checked by hand against Encodings.md's
/// own examples, and every bit width from 0 to 32 decoded back by a reader written from the spec.
/// </summary>
public sealed class HybridEncoderTests
{
    [Fact]
    public void Eight_values_at_width_3_are_the_spec_s_bit_packing_example()
    {
        // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010; one group: header (1 << 1) | 1.
        Encode([0, 1, 2, 3, 4, 5, 6, 7], 3).ShouldBe(new byte[] { 0x03, 0x88, 0xC6, 0xFA });
    }

    [Fact]
    public void A_long_run_is_one_RLE_run_with_its_value_in_whole_bytes()
    {
        // 10 x 5 at width 3: header 10 << 1, the value in one byte.
        Encode(Enumerable.Repeat(5, 10).ToArray(), 3).ShouldBe(new byte[] { 0x14, 0x05 });
        // 300 x 0x1234 at width 13: varint 600 = D8 04, the value in two bytes little-endian.
        Encode(Enumerable.Repeat(0x1234, 300).ToArray(), 13).ShouldBe(new byte[] { 0xD8, 0x04, 0x34, 0x12 });
        // Width 32: four bytes of value; width 0: none.
        Encode(Enumerable.Repeat(-1, 8).ToArray(), 32).ShouldBe(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF });
        Encode(new int[9], 0).ShouldBe(new byte[] { 0x12 });
    }

    [Fact]
    public void A_short_stretch_is_padded_to_a_group_only_at_the_end()
    {
        // 3 values at width 1: one group, bits 1,0,1 then 0s.
        Encode([1, 0, 1], 1).ShouldBe(new byte[] { 0x03, 0b101 });
        // 0, then eleven 1s: the stretch borrows 7 of the run to fill its group, the run keeps 4 (too short)
        // and stays packed: 12 values, two groups at width 1.
        Encode([0, 1, .. Enumerable.Repeat(1, 10)], 1).ShouldBe(new byte[] { 0x05, 0b1111_1110, 0b0000_1111 });
        // 0, then twenty-one 1s: 7 borrowed, a run of 14.
        Encode([0, 1, .. Enumerable.Repeat(1, 20)], 1).ShouldBe(new byte[] { 0x03, 0b1111_1110, 14 << 1, 0x01 });
    }

    [Fact]
    public void Sixteen_values_at_width_9_cross_byte_boundaries()
    {
        // Value k = 256 + k: bit 8 set in each; 8 values take 9 bytes a group.
        int[] values = [.. Enumerable.Range(0, 16).Select(k => 256 + k)];
        var bytes = Encode(values, 9);
        bytes[0].ShouldBe((byte)(2 << 1 | 1));
        bytes.Length.ShouldBe(1 + 18);
        // First value 256: byte 0 = 0x00, bit 0 of byte 1 = 1; second value 257 starts at bit 9: byte 1 bits 1.. = 1 (0b11).
        bytes[1].ShouldBe((byte)0x00);
        bytes[2].ShouldBe((byte)0b0000_0011);
        Decode(bytes, 9, values.Length).ShouldBe(values);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_width_decodes_back_to_the_values(int bitWidth)
    {
        var random = new Random(bitWidth);
        ulong top = bitWidth == 0 ? 0 : (1UL << bitWidth) - 1;
        var values = new List<int>();
        while (values.Count < 5000)
        {
            // Stretches of distinct values and runs of every length, the extremes of the width among them.
            int value = random.Next(6) switch
            {
                0 => 0,
                1 => (int)(uint)top,
                _ => (int)(uint)((ulong)random.NextInt64() & top),
            };
            int run = random.Next(3) == 0 ? random.Next(1, 40) : 1;
            values.AddRange(Enumerable.Repeat(value, run));
        }
        for (int length = 0; length < 20; length++)
            Decode(Encode([.. values.Take(length)], bitWidth), bitWidth, length).ShouldBe(values.Take(length).ToArray(), $"{length} values");
        Decode(Encode([.. values], bitWidth), bitWidth, values.Count).ShouldBe(values.ToArray());
    }

    public static TheoryData<int> Widths() => [.. Enumerable.Range(0, 33)];

    [Fact]
    public void A_run_inside_a_packed_stretch_is_taken_only_when_its_values_would_fill_8_bytes()
    {
        // Width 1: 64 values fill 8 bytes. A mixed group, 56 x 1, a mixed group stays one packed stretch of 9 groups.
        int[] mixed = [0, 1, 0, 1, 0, 1, 0, 1];
        int[] shorter = [.. mixed, .. Enumerable.Repeat(1, 56), .. mixed];
        var bytes = Encode(shorter, 1);
        bytes[0].ShouldBe((byte)(9 << 1 | 1));
        bytes.Length.ShouldBe(1 + 9);
        Decode(bytes, 1, shorter.Length).ShouldBe(shorter);
        // 64 x 1 in the middle: a packed group, the run (varint 128 = 80 01, value 01), a packed group.
        int[] longer = [.. mixed, .. Enumerable.Repeat(1, 64), .. Enumerable.Repeat(0, 7), 1];
        Encode(longer, 1).ShouldBe(new byte[] { 0x03, 0xAA, 0x80, 0x01, 0x01, 0x03, 0x80 });
        // Width 8: a group of 8 is 8 bytes, so one uniform group is a run already.
        int[] wide = [1, 2, 3, 4, 5, 6, 7, 8, .. Enumerable.Repeat(200, 8), 1, 2, 3, 4, 5, 6, 7, 8];
        var wideBytes = Encode(wide, 8);
        wideBytes[9].ShouldBe((byte)(8 << 1));
        Decode(wideBytes, 8, wide.Length).ShouldBe(wide);

        // Groups are passed four at a time when none of them is uniform: a run right after four such
        // groups, or among the next four, is still found where it starts.
        int[] Mixed(int groups) => [.. Enumerable.Range(0, groups * 8).Select(i => i % 7)];
        foreach (int before in new[] { 3, 4, 5, 6, 7 })
        {
            int[] values = [.. Mixed(before), .. Enumerable.Repeat(200, 8), .. Mixed(3)];
            var encoded = Encode(values, 8);
            // A packed stretch of the groups before, then the run (count 8, value 200), then the rest packed.
            encoded[0].ShouldBe((byte)(before << 1 | 1), $"{before} groups before");
            encoded[1 + before * 8].ShouldBe((byte)(8 << 1));
            encoded[2 + before * 8].ShouldBe((byte)200);
            encoded[3 + before * 8].ShouldBe((byte)(3 << 1 | 1));
            Decode(encoded, 8, values.Length).ShouldBe(values);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(16)]
    public void Ushorts_read_through_their_table_encode_as_their_indices_do(int bitWidth)
    {
        var random = new Random(bitWidth);
        int distinct = Math.Min(1 << bitWidth, 3000);
        var seen = Enumerable.Range(0, 65536).OrderBy(_ => random.Next()).Take(distinct).ToArray();
        var slots = new int[65536];
        for (int k = 0; k < seen.Length; k++)
            slots[seen[k]] = k + 1;
        var values = RunsAndStretches(random, seen.Length, 5000).Select(k => (ushort)seen[k]).ToArray();
        var indices = values.Select(v => slots[v] - 1).ToArray();
        var buffer = new ByteBuffer(16);
        HybridEncoder.WriteMapped(buffer, values, slots, bitWidth);
        buffer.Written.ToArray().ShouldBe(Encode(indices, bitWidth));
        Decode(buffer.Written.ToArray(), bitWidth, indices.Length).ShouldBe(indices);
    }

    [Theory]
    [MemberData(nameof(ByteWidths))]
    public void Indices_a_byte_each_encode_as_the_same_ints_do(int bitWidth)
    {
        var random = new Random(100 + bitWidth);
        var indices = RunsAndStretches(random, 1 << bitWidth, 3000);
        // Each width's largest index among them, so every bit of a lane is used.
        indices.AddRange(Enumerable.Repeat((1 << bitWidth) - 1, 9));
        var bytes = indices.Select(i => (byte)i).ToArray();
        for (int length = 0; length <= bytes.Length; length += length < 20 ? 1 : 251)
        {
            var buffer = new ByteBuffer(16);
            HybridEncoder.Write(buffer, bytes.AsSpan(0, length), bitWidth);
            buffer.Written.ToArray().ShouldBe(Encode([.. indices.Take(length)], bitWidth), $"{length} values");
        }
        Should.Throw<ArgumentOutOfRangeException>(() => HybridEncoder.Write(new ByteBuffer(16), new byte[8], 9));
    }

    public static TheoryData<int> ByteWidths() => [.. Enumerable.Range(0, 9)];

    [Fact]
    public void A_run_of_one_value_is_one_RLE_run()
    {
        var buffer = new ByteBuffer(16);
        HybridEncoder.WriteRun(buffer, 300, 0, 1);
        buffer.Written.ToArray().ShouldBe(Encode(new int[300], 1));
        buffer.Reset();
        HybridEncoder.WriteRun(buffer, 0, 0, 1);
        buffer.Length.ShouldBe(0);
    }

    /// <summary>Indices below <paramref name="distinct"/>: single values and runs of 1 to 100.</summary>
    private static List<int> RunsAndStretches(Random random, int distinct, int count)
    {
        var values = new List<int>();
        while (values.Count < count)
            values.AddRange(Enumerable.Repeat(random.Next(distinct), random.Next(3) == 0 ? random.Next(1, 100) : 1));
        return values;
    }

    private static byte[] Encode(int[] values, int bitWidth)
    {
        var buffer = new ByteBuffer(16);
        HybridEncoder.Write(buffer, values, bitWidth);
        return buffer.Written.ToArray();
    }

    private static int[] Decode(byte[] data, int bitWidth, int count) => HybridDecoder.Decode(data, bitWidth, count);
}

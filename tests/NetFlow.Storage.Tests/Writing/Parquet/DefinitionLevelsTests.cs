using System.Buffers.Binary;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>Definition levels decode (RLE / bit-packed hybrid, bit width 1, 4-byte length) to the presence bit of every row.</summary>
public sealed class DefinitionLevelsTests
{
    [Fact]
    public void A_column_all_present_or_all_NULL_is_one_run()
    {
        var buffer = new ByteBuffer();
        DefinitionLevels.WriteRun(buffer, 131_072, present: true);
        buffer.Written.ToArray().ShouldBe(new byte[] { 4, 0, 0, 0, 0x80, 0x80, 0x10, 1 });
        buffer.Reset();
        DefinitionLevels.WriteRun(buffer, 3, present: false);
        buffer.Written.ToArray().ShouldBe(new byte[] { 2, 0, 0, 0, 6, 0 });
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(1000, 3)]
    [InlineData(4099, 4)]
    [InlineData(20_000, 5)]
    public void Mixed_levels_decode_to_the_presence_of_every_row(int rows, int seed)
    {
        var random = new Random(seed);
        const ulong Bit = 1UL << 13;
        var words = new ulong[rows];
        bool present = false;
        for (int row = 0; row < rows; row++)
        {
            // Runs of every length: long ones (RLE), short ones (bit-packed), more than 63 groups of them.
            if (random.Next(seed % 2 == 0 ? 3 : 40) == 0)
                present = !present;
            words[row] = (ulong)random.NextInt64() & ~Bit | (present ? Bit : 0);
        }
        var buffer = new ByteBuffer();
        DefinitionLevels.WriteMixed(buffer, words, Bit);
        var levels = Decode(buffer.Written, rows);
        for (int row = 0; row < rows; row++)
            levels[row].ShouldBe((words[row] & Bit) != 0, $"row {row}");
    }

    /// <summary>Encodings.md's hybrid, read back: varint header, low bit 1 for bit-packed groups of 8, 0 for a run.</summary>
    private static bool[] Decode(ReadOnlySpan<byte> page, int rows)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(page);
        var data = page.Slice(4, length);
        var levels = new List<bool>();
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
                bool value = data[at++] != 0;
                levels.AddRange(Enumerable.Repeat(value, (int)(header >> 1)));
            }
            else
            {
                for (int group = 0; group < (int)(header >> 1); group++, at++)
                {
                    for (int i = 0; i < 8; i++)
                        levels.Add((data[at] >> i & 1) != 0);
                }
            }
        }
        levels.Count.ShouldBeGreaterThanOrEqualTo(rows);
        (levels.Count - rows).ShouldBeLessThan(8, "only the last group is padded");
        return [.. levels.Take(rows)];
    }
}

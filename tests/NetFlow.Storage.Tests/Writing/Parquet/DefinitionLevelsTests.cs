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

    /// <summary>The levels of a page: a 4-byte length, then the hybrid at bit width 1.</summary>
    private static bool[] Decode(ReadOnlySpan<byte> page, int rows)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(page);
        return [.. HybridDecoder.Decode(page.Slice(4, length), bitWidth: 1, rows).Select(level => level != 0)];
    }
}

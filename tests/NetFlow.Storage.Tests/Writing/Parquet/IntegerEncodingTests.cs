using System.Globalization;
using Parquet;
using NetFlow.Storage.Writing.Parquet;
using static NetFlow.Storage.Tests.Writing.ParquetFiles.FlowParquetFiles;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// Integer and time columns, dictionary- or delta-encoded as their values decide, read back by DuckDB
/// value for value, with the statistics of what they hold: one value in every row, every value
/// distinct (deltas), few values then many (the dictionary given up part way), NULLs among them,
/// chunks of many pages, the ends of each type's range, one row.
/// </summary>
public sealed class IntegerEncodingTests : IDisposable
{
    private static readonly ColumnDescriptor U8 = new("u8", PhysicalType.Int32, Repetition.Optional, LogicalType.UInt8);
    private static readonly ColumnDescriptor U16 = new("u16", PhysicalType.Int32, Repetition.Optional, LogicalType.UInt16);
    private static readonly ColumnDescriptor U32 = new("u32", PhysicalType.Int32, Repetition.Optional, LogicalType.UInt32);
    private static readonly ColumnDescriptor U64 = new("u64", PhysicalType.Int64, Repetition.Optional, LogicalType.UInt64);
    private static readonly ColumnDescriptor I64 = new("i64", PhysicalType.Int64, Repetition.Optional, LogicalType.Int64);
    private static readonly ColumnDescriptor Time = new("t", PhysicalType.Int64, Repetition.Optional, LogicalType.TimestampMillis);
    private static readonly ColumnDescriptor RequiredU32 = new("r32", PhysicalType.Int32, Repetition.Required, LogicalType.UInt32);
    private static readonly ColumnDescriptor[] Columns = [U8, U16, U32, U64, I64, Time, RequiredU32];
    private static readonly long EpochMilliseconds = DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMillisecond;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flow-parquet-int-");

    public enum Values
    {
        /// <summary>The same value in every row: one RLE run.</summary>
        AllSame,
        /// <summary>Every row its own value: deltas (but for bytes, which have only 256).</summary>
        AllDistinct,
        /// <summary>Three values for 6 000 rows, then every row its own: the dictionary passes the sample and overflows later.</summary>
        FewThenDistinct,
        /// <summary>A handful of values in runs and alone, the ends of every type's range among them.</summary>
        FewWithExtremes,
        /// <summary>The ends of every range and random values between.</summary>
        Extremes,
        /// <summary>40 values within 60 000 of each other below 2^32 (an exporter's interfaces, a prefix's addresses): wider ones mapped by their offset in the range.</summary>
        NarrowRangeFew,
        /// <summary>300 values so: indices of 9 bits.</summary>
        NarrowRangeMany,
    }

    public enum Nulls
    {
        None,
        Some,
        /// <summary>Long stretches of NULL: some pages have no value at all.</summary>
        Stretches,
    }

    public static TheoryData<Values, Nulls, int, int> Cases()
    {
        var cases = new TheoryData<Values, Nulls, int, int>();
        foreach (var values in Enum.GetValues<Values>())
        {
            foreach (var nulls in Enum.GetValues<Nulls>())
            {
                cases.Add(values, nulls, 20_000, RowGroupEncoder.DefaultMaxPageBytes);
                cases.Add(values, nulls, 20_000, 4096);
            }
            cases.Add(values, Nulls.None, 1, RowGroupEncoder.DefaultMaxPageBytes);
            cases.Add(values, Nulls.Some, 7, 8);
            cases.Add(values, Nulls.Some, 1000, 64);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DuckDB_reads_every_value_and_the_statistics_are_those_of_the_values(Values kind, Nulls nulls, int rows, int maxPageBytes)
    {
        var source = Source(kind, rows, seed: rows + (int)kind);
        var words = Presence(nulls, rows);
        string file = Path.Combine(_directory.FullName, "ints.parquet");
        // Chunks of many pages with the integers uncompressed, the others all snappy: both must read back.
        await WriteAsync(file, source, words, maxPageBytes, compressEncodedIntegers: maxPageBytes != 4096);

        var read = Rows($"""
            SELECT u8, u16, u32, u64, i64, epoch_ms(t), r32 FROM read_parquet({Quoted(file)}, file_row_number = true) ORDER BY file_row_number
            """);
        read.Count.ShouldBe(rows);
        for (int row = 0; row < rows; row++)
        {
            long x = source[row];
            bool present = words[row] != 0;
            object?[] expected =
            [
                present ? (byte)x : null, present ? (ushort)x : null, present ? (uint)x : null, present ? (ulong)x : null,
                present ? x : null, present ? Milliseconds(TimeOf(x)) : null, (uint)x,
            ];
            read[row].ShouldBe(expected, $"row {row}");
        }

        foreach (var column in Columns)
        {
            var stats = Rows($"SELECT stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({Quoted(file)}) WHERE path_in_schema = '{column.Name}'")
                .ShouldHaveSingleItem();
            var actual = Rows($"SELECT min({column.Name})::VARCHAR, max({column.Name})::VARCHAR, count(*) - count({column.Name}) FROM read_parquet({Quoted(file)})")
                .ShouldHaveSingleItem();
            stats.ShouldBe(actual, column.Name);
        }
    }

    [Fact]
    public async Task Few_values_are_dictionary_encoded_many_are_deltas_and_both_may_be_left_uncompressed()
    {
        const int N = 20_000;
        string file = Path.Combine(_directory.FullName, "ints.parquet");
        await WriteAsync(file, Source(Values.AllSame, N, 1), Presence(Nulls.Some, N), 4096, compressEncodedIntegers: false);
        foreach (var column in Columns)
            Encoding(file, column).ShouldBe(("RLE_DICTIONARY", "UNCOMPRESSED"), column.Name);

        await WriteAsync(file, Source(Values.AllDistinct, N, 1), Presence(Nulls.Some, N), 4096, compressEncodedIntegers: false);
        Encoding(file, U8).ShouldBe(("RLE_DICTIONARY", "UNCOMPRESSED"));
        foreach (var column in new[] { U16, U32, U64, I64, Time, RequiredU32 })
            Encoding(file, column).ShouldBe(("DELTA_BINARY_PACKED", "UNCOMPRESSED"), column.Name);

        // Three values pass the sample; 14 000 distinct ones after it overflow the dictionary (at most one per two values).
        await WriteAsync(file, Source(Values.FewThenDistinct, N, 1), Presence(Nulls.None, N), 4096, compressEncodedIntegers: false);
        Encoding(file, U32).ShouldBe(("DELTA_BINARY_PACKED", "UNCOMPRESSED"));
        Encoding(file, I64).ShouldBe(("DELTA_BINARY_PACKED", "UNCOMPRESSED"));
        Encoding(file, U8).ShouldBe(("RLE_DICTIONARY", "UNCOMPRESSED"));

        // 300 distinct unsigned shorts in 20 000 rows: a dictionary (a table, no sample); 20 000 of them: deltas.
        await WriteAsync(file, [.. Enumerable.Range(0, N).Select(i => (long)(i * 7919 % 300))], Presence(Nulls.None, N), 4096, compressEncodedIntegers: false);
        Encoding(file, U16).ShouldBe(("RLE_DICTIONARY", "UNCOMPRESSED"));
        Encoding(file, U32).ShouldBe(("RLE_DICTIONARY", "UNCOMPRESSED"));

        // By default every chunk has the file's codec.
        await WriteAsync(file, Source(Values.AllDistinct, N, 1), Presence(Nulls.Some, N), 4096);
        Encoding(file, U8).ShouldBe(("RLE_DICTIONARY", "SNAPPY"));
        Encoding(file, Time).ShouldBe(("DELTA_BINARY_PACKED", "SNAPPY"));
    }

    [Fact]
    public async Task An_all_NULL_chunk_and_a_chunk_of_one_present_value_among_NULLs_read_back()
    {
        const int N = 3000;
        var source = Source(Values.Extremes, N, 5);
        string file = Path.Combine(_directory.FullName, "ints.parquet");
        var one = new ulong[N];
        one[1234] = 1;
        await WriteAsync(file, source, one, 256);
        Rows($"SELECT count(u32), min(u32), max(i64), count(*) FROM read_parquet({Quoted(file)})")
            .ShouldHaveSingleItem().ShouldBe(new object?[] { 1L, (uint)source[1234], source[1234], (long)N });
        Rows($"SELECT stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({Quoted(file)}) WHERE path_in_schema = 'u16'")
            .ShouldHaveSingleItem().ShouldBe(new object?[] { ((ushort)source[1234]).ToString(CultureInfo.InvariantCulture), ((ushort)source[1234]).ToString(CultureInfo.InvariantCulture), (long)N - 1 });
    }

    /// <summary>One row group of the test columns from one long per row (each column takes it truncated to its type), the file's codec snappy.</summary>
    private static async Task WriteAsync(string path, long[] source, ulong[] presence, int maxPageBytes, bool compressEncodedIntegers = true)
    {
        int rows = source.Length;
        var encoder = new RowGroupEncoder(maxPageBytes, compressEncodedIntegers);
        using var compressor = PageCompressor.For(CompressionMethod.Snappy);
        await using var stream = File.Create(path);
        var writer = new ParquetFileWriter(stream, Columns);
        encoder.Begin(rows, compressor);
        var present = presence.All(w => w != 0) ? ColumnPresence.All : presence.All(w => w == 0) ? ColumnPresence.None : ColumnPresence.Mixed(presence, 1);
        encoder.WriteInt32<byte>(U8, source.Select(x => (byte)x).ToArray(), present);
        encoder.WriteInt32<ushort>(U16, source.Select(x => (ushort)x).ToArray(), present);
        encoder.WriteInt32<uint>(U32, source.Select(x => (uint)x).ToArray(), present);
        encoder.WriteInt64<ulong>(U64, source.Select(x => (ulong)x).ToArray(), present);
        encoder.WriteInt64<long>(I64, source, present);
        encoder.WriteInt64<long>(Time, source.Select(x => NetFlow.Storage.Writing.FlowRowGroup.UnixMilliseconds(TimeOf(x))).ToArray(), present);
        encoder.WriteInt32<uint>(RequiredU32, source.Select(x => (uint)x).ToArray(), ColumnPresence.All);
        await writer.WriteRowGroupAsync(encoder.Finish(), encoder.Bytes, CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
    }

    private static (string Encoding, string Compression) Encoding(string file, ColumnDescriptor column)
    {
        var row = Rows($"SELECT encodings, compression FROM parquet_metadata({Quoted(file)}) WHERE path_in_schema = '{column.Name}'").ShouldHaveSingleItem();
        string encodings = (string)row[0]!;
        // The list names RLE too (the definition levels): the values' encoding is what tells.
        string values = encodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal) ? "RLE_DICTIONARY"
            : encodings.Contains("DELTA_BINARY_PACKED", StringComparison.Ordinal) ? "DELTA_BINARY_PACKED"
            : encodings.Contains("PLAIN", StringComparison.Ordinal) ? "PLAIN" : encodings;
        return (values, (string)row[1]!);
    }

    private static long[] Source(Values kind, int rows, int seed)
    {
        var random = new Random(seed);
        long[] extremes = [0, -1, long.MinValue, long.MaxValue, 255, 256, 65535, 65536, uint.MaxValue, 1L << 31, int.MinValue, 1L << 32];
        var source = new long[rows];
        for (int row = 0; row < rows; row++)
        {
            source[row] = kind switch
            {
                Values.AllSame => -0x1234_5678_9ABC_DEF0,
                // An odd multiplier is a bijection of 64-bit values: distinct in the low 16 and 32 bits as well, for these few rows.
                Values.AllDistinct => (row + 1) * unchecked((long)0x9E37_79B9_7F4A_7C15UL),
                Values.FewThenDistinct => row < 6000 ? extremes[row % 3] : row * unchecked((long)0x9E37_79B9_7F4A_7C15UL),
                Values.FewWithExtremes => row > 0 && random.Next(4) != 0 ? source[row - 1] : extremes[random.Next(extremes.Length)],
                Values.NarrowRangeFew => 0xFFFF_0000L + random.Next(40) * 1500,
                Values.NarrowRangeMany => 0xFFFF_0000L + random.Next(300) * 200,
                _ => random.Next(3) == 0 ? extremes[random.Next(extremes.Length)] : random.NextInt64(long.MinValue, long.MaxValue),
            };
        }
        return source;
    }

    private static ulong[] Presence(Nulls nulls, int rows)
    {
        var random = new Random(rows);
        var words = new ulong[rows];
        bool present = true;
        for (int row = 0; row < rows; row++)
        {
            if (nulls == Nulls.Stretches && random.Next(2000) == 0)
                present = !present;
            words[row] = nulls switch
            {
                Nulls.None => 1,
                Nulls.Some => row == 0 || random.Next(3) != 0 ? 1UL : 0,
                _ => present ? 1UL : 0,
            };
        }
        return words;
    }

    /// <summary>A time for every long, from year 1 to 9999: the ends of DateTime's range among them.</summary>
    private static DateTime TimeOf(long x) => x switch
    {
        long.MinValue => DateTime.MinValue,
        long.MaxValue => DateTime.MaxValue,
        _ => new DateTime((long)((ulong)x % (ulong)DateTime.MaxValue.Ticks), DateTimeKind.Utc),
    };

    private static long Milliseconds(DateTime time) => time.Ticks / TimeSpan.TicksPerMillisecond - EpochMilliseconds;

    public void Dispose() => _directory.Delete(recursive: true);
}

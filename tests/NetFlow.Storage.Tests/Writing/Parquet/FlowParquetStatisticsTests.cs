using NetFlow.Storage.Writing.Parquet;
using static NetFlow.Storage.Tests.Writing.ParquetFiles.FlowParquetFiles;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// Column chunk statistics are what the values are, in each column's order (unsigned for the UINT
/// columns, milliseconds for times): DuckDB skips row groups by them, so a wrong min or max loses
/// rows from query results without a word.
/// </summary>
public sealed class FlowParquetStatisticsTests : IDisposable
{
    private const int RowGroupRows = 1000;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flow-parquet-stats-");

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(512)]
    public async Task Min_max_and_null_count_of_every_chunk_are_those_of_its_values(int maxPageBytes)
    {
        string file = Path.Combine(_directory.FullName, "flows.parquet");
        await WriteAsync(file, FlowRowGroups.Of(FlowParquetRoundTripTests.Flows(seed: 6), RowGroupRows), maxPageBytes: maxPageBytes);
        var columns = Rows($"SELECT name FROM parquet_schema({Quoted(file)}) WHERE num_children IS NULL").Select(r => (string)r[0]!).ToList();
        columns.Count.ShouldBe(38);
        foreach (string column in columns)
        {
            bool blob = Rows($"SELECT type FROM parquet_schema({Quoted(file)}) WHERE name = '{column}'")[0][0] is "BYTE_ARRAY"
                && Rows($"SELECT converted_type FROM parquet_schema({Quoted(file)}) WHERE name = '{column}'")[0][0] is null;
            // BLOB statistics come back as their raw bytes: compared in hex.
            string value = blob ? $"hex({column})" : $"{column}::VARCHAR";
            string stat = blob ? "hex(stats_{0}_value::BLOB)" : "stats_{0}_value";
            var stats = Rows($"""
                SELECT row_group_id, {string.Format(System.Globalization.CultureInfo.InvariantCulture, stat, "min")}, {string.Format(System.Globalization.CultureInfo.InvariantCulture, stat, "max")}, stats_null_count
                FROM parquet_metadata({Quoted(file)}) WHERE path_in_schema = '{column}' ORDER BY row_group_id
                """);
            var actual = Rows($"""
                SELECT file_row_number // {RowGroupRows} AS g, min({value}) FILTER (WHERE {column} IS NOT NULL),
                       max({value}) FILTER (WHERE {column} IS NOT NULL), count(*) - count({column})
                FROM read_parquet({Quoted(file)}, file_row_number = true) GROUP BY g ORDER BY g
                """);
            if (!blob && column is not ("exporter" or "extra"))
            {
                // Text compares as text, numbers as numbers: min over the VARCHAR would be the text order.
                actual = Rows($"""
                    SELECT file_row_number // {RowGroupRows} AS g, min({column})::VARCHAR, max({column})::VARCHAR, count(*) - count({column})
                    FROM read_parquet({Quoted(file)}, file_row_number = true) GROUP BY g ORDER BY g
                    """);
            }
            stats.Count.ShouldBe(actual.Count, column);
            for (int g = 0; g < stats.Count; g++)
                stats[g].ShouldBe(actual[g], $"{column}, row group {g}");
        }
    }

    [Fact]
    public async Task Unsigned_extremes_are_the_ends_of_the_range_and_queries_find_them()
    {
        string file = Path.Combine(_directory.FullName, "flows.parquet");
        var flows = FlowParquetRoundTripTests.Flows(seed: 7);
        await WriteAsync(file, FlowRowGroups.Of(flows, RowGroupRows));
        // The first row group has every column, and src_ip4 0, 255.255.255.255 and 128.0.0.0 among its values.
        Rows($"SELECT stats_min_value, stats_max_value, stats_min, stats_max FROM parquet_metadata({Quoted(file)}) WHERE row_group_id = 0 AND path_in_schema = 'src_ip4'")
            .ShouldHaveSingleItem().ShouldBe(new object?[] { "0", "4294967295", null, null });
        Rows($"SELECT stats_min_value, stats_max_value FROM parquet_metadata({Quoted(file)}) WHERE row_group_id = 0 AND path_in_schema = 'src_port'")
            .ShouldHaveSingleItem().ShouldBe(new object?[] { "0", "65535" });
        // bytes is signed BIGINT: the deprecated min and max, compared signed by old readers, are set as well.
        var bytes = Rows($"SELECT stats_min_value, stats_max_value, stats_min, stats_max FROM parquet_metadata({Quoted(file)}) WHERE row_group_id = 0 AND path_in_schema = 'bytes'").ShouldHaveSingleItem();
        bytes[1].ShouldBe(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bytes[2].ShouldBe(bytes[0]);
        bytes[3].ShouldBe(bytes[1]);

        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE src_ip4 >= 2147483648").ShouldBe(flows.Count(f => f.Src4 >= 0x80000000u));
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE in_if = 4294967295").ShouldBe(flows.Count(f => f.InIf == uint.MaxValue));
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE bytes > 2147483648").ShouldBe(flows.Count(f => f.Bytes > 2147483648L));
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE dst_mac >= 140737488355328").ShouldBe(flows.Count(f => f.DstMac >= 1UL << 47));
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE proto = 255").ShouldBe(flows.Count(f => f.Proto == 255));
    }

    [Fact]
    public async Task A_time_window_finds_every_flow_in_it_across_row_groups()
    {
        // Row groups of consecutive spans of time (some flows without a start): pruning by time statistics skips most of them for a window.
        // A mixed flow has a template of its own, and a session keeps at most 4096: most flows have every column.
        var random = new Random(8);
        var flows = Enumerable.Range(0, 6000)
            .Select(i => (i % 8 == 0 ? FlowValues.Mixed(random) : FlowValues.Full(random)) with
            {
                Start = i % 16 == 1 ? null : new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 3 + random.Next(3)),
            })
            .ToList();
        string file = Path.Combine(_directory.FullName, "flows.parquet");
        await WriteAsync(file, FlowRowGroups.Of(flows, RowGroupRows));
        var windows = new (DateTime From, DateTime To)[]
        {
            (new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), new(2026, 3, 1, 0, 10, 0, DateTimeKind.Utc)),
            (new(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc), new(2026, 3, 1, 2, 30, 0, DateTimeKind.Utc)),
            (new(2026, 3, 1, 4, 59, 59, DateTimeKind.Utc), new(2026, 3, 1, 5, 0, 1, DateTimeKind.Utc)),
            (new(2026, 3, 1, 4, 0, 0, DateTimeKind.Utc), new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc)),
        };
        foreach (var (from, to) in windows)
        {
            long expected = flows.Count(f => f.Start >= from && f.Start <= to);
            Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE time_start BETWEEN '{from:yyyy-MM-dd HH:mm:ss}' AND '{to:yyyy-MM-dd HH:mm:ss}'")
                .ShouldBe(expected, $"{from:O} .. {to:O}");
        }
    }

    [Fact]
    public async Task Sixty_four_bit_unsigned_values_past_the_signed_range_sort_unsigned()
    {
        // No flow column holds such values (MACs are 48 bits), so one UBIGINT and one UINTEGER column written directly.
        var big = new ColumnDescriptor("big", PhysicalType.Int64, Repetition.Optional, LogicalType.UInt64);
        var mid = new ColumnDescriptor("mid", PhysicalType.Int32, Repetition.Optional, LogicalType.UInt32);
        ulong[] bigs = [5, ulong.MaxValue, 1UL << 63, 0, 7];
        uint[] mids = [5, uint.MaxValue, 1u << 31, 0, 7];
        ulong[] words = [1, 1, 0, 1, 1];
        string file = Path.Combine(_directory.FullName, "unsigned.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = new ParquetFileWriter(stream, [big, mid]);
            var encoder = new RowGroupEncoder();
            encoder.Begin(bigs.Length, null);
            encoder.WriteInt64<ulong>(big, bigs, ColumnPresence.Mixed(words, 1));
            encoder.WriteInt32<uint>(mid, mids, ColumnPresence.All);
            await writer.WriteRowGroupAsync(encoder.Finish(), encoder.Bytes, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        Rows($"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({Quoted(file)}) ORDER BY column_id")
            .ShouldBe([["big", "0", "18446744073709551615", 1L], ["mid", "0", "4294967295", 0L]]);
        Rows($"SELECT big, mid FROM read_parquet({Quoted(file)})")
            .ShouldBe([[5UL, 5u], [ulong.MaxValue, uint.MaxValue], [null, 1u << 31], [0UL, 0u], [7UL, 7u]]);
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE big > 9223372036854775807").ShouldBe(1);
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(file)}) WHERE mid > 2147483647").ShouldBe(2);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

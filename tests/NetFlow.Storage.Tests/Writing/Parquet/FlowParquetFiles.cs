using DuckDB.NET.Data;
using Parquet;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>Flow files written by the store's writer, and DuckDB over Parquet files, for the tests of this folder.</summary>
internal static class FlowParquetFiles
{
    /// <summary>Writes the row groups as one flow file with <paramref name="compression"/>; small pages make chunks of several pages.</summary>
    public static async Task WriteAsync(string path, IEnumerable<FlowRowGroup> groups, CompressionMethod compression = CompressionMethod.Snappy,
        int maxPageBytes = RowGroupEncoder.DefaultMaxPageBytes, bool compressEncodedIntegers = true)
    {
        var encoder = new RowGroupEncoder(maxPageBytes, compressEncodedIntegers);
        using var compressor = PageCompressor.For(compression);
        await using var stream = File.Create(path);
        var writer = new ParquetFileWriter(stream, FlowParquetSchema.Columns);
        foreach (var rows in groups)
        {
            var rowGroup = FlowRowGroupWriter.Encode(rows, encoder, compressor);
            await writer.WriteRowGroupAsync(rowGroup, encoder.Bytes, CancellationToken.None);
        }
        await writer.FinishAsync(CancellationToken.None);
    }

    /// <summary>Rows of a DuckDB query (an in-memory database, files read by path).</summary>
    public static List<object?[]> Rows(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static T Scalar<T>(string sql) => (T)Convert.ChangeType(Rows(sql)[0][0]!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A file path in SQL (single quotes doubled).</summary>
    public static string Quoted(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}

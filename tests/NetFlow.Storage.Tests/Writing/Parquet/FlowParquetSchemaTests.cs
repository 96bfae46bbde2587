using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing.Parquet;
using static NetFlow.Storage.Tests.Writing.ParquetFiles.FlowParquetFiles;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>Readers see the schema they saw when Parquet.Net wrote the flow files: names, order, types, repetition, annotations.</summary>
public sealed class FlowParquetSchemaTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flow-parquet-schema-");

    [Fact]
    public async Task DuckDB_s_parquet_schema_is_the_one_of_Parquet_Net_s_file()
    {
        var groups = FlowRowGroups.Of(FlowParquetRoundTripTests.Flows(seed: 4).Take(300).ToList(), 1000);
        string ours = Path.Combine(_directory.FullName, "ours.parquet");
        string reference = Path.Combine(_directory.FullName, "reference.parquet");
        await WriteAsync(ours, groups);
        await ParquetNetFlowWriter.WriteAsync(reference, groups);

        const string Schema = "SELECT * EXCLUDE (file_name) FROM parquet_schema({0})";
        var actual = Rows(string.Format(System.Globalization.CultureInfo.InvariantCulture, Schema, Quoted(ours)));
        var expected = Rows(string.Format(System.Globalization.CultureInfo.InvariantCulture, Schema, Quoted(reference)));
        actual.Count.ShouldBe(FlowFileSchema.Schema.Fields.Count + 1);
        for (int i = 0; i < expected.Count; i++)
            actual[i].ShouldBe(expected[i], $"schema element {i}");

        // What SQL sees: the types DuckDB gives each column.
        const string Types = "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({0}))";
        Rows(string.Format(System.Globalization.CultureInfo.InvariantCulture, Types, Quoted(ours)))
            .ShouldBe(Rows(string.Format(System.Globalization.CultureInfo.InvariantCulture, Types, Quoted(reference))));
        Rows($"SELECT column_type FROM (DESCRIBE SELECT src_ip4, src_port, proto, src_mac, time_start, exporter, src_ip6, bytes FROM read_parquet({Quoted(ours)}))")
            .Select(r => r[0]).ShouldBe(["UINTEGER", "USMALLINT", "UTINYINT", "UBIGINT", "TIMESTAMP", "VARCHAR", "BLOB", "BIGINT"]);
    }

    [Fact]
    public void The_writer_s_columns_are_the_schema_s_in_order()
    {
        FlowParquetSchema.Columns.Select(c => c.Name).ShouldBe(FlowFileSchema.Schema.DataFields.Select(f => f.Name));
        FlowParquetSchema.Columns.Select(c => c.IsRequired).ShouldBe(FlowFileSchema.Schema.DataFields.Select(f => !f.IsNullable));
        // The row group writer's table writes them in that order, each once.
        NetFlow.Storage.Writing.FlowRowGroupWriter.Columns.Select(c => c.Column).ShouldBe(FlowParquetSchema.Columns);
    }

    [Fact]
    public async Task The_footer_names_this_writer_and_has_no_key_value_metadata_as_Parquet_Net_s_had_none()
    {
        var groups = FlowRowGroups.Of(FlowParquetRoundTripTests.Flows(seed: 5).Take(10).ToList(), 1000);
        string ours = Path.Combine(_directory.FullName, "ours.parquet");
        string reference = Path.Combine(_directory.FullName, "reference.parquet");
        await WriteAsync(ours, groups);
        await ParquetNetFlowWriter.WriteAsync(reference, groups);

        Rows($"SELECT created_by FROM parquet_file_metadata({Quoted(ours)})").ShouldHaveSingleItem()[0].ShouldBe(ParquetFileWriter.CreatedBy);
        ParquetFileWriter.CreatedBy.ShouldStartWith("netflow-store version ");
        Rows($"SELECT * FROM parquet_kv_metadata({Quoted(reference)})").ShouldBeEmpty();
        Rows($"SELECT * FROM parquet_kv_metadata({Quoted(ours)})").ShouldBeEmpty();
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

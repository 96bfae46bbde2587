using Parquet;
using NetFlow.Storage.Schema;
using static NetFlow.Storage.Tests.Writing.ParquetFiles.FlowParquetFiles;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// A second reader: Parquet.Net opens the store writer's files, finds their schema, row groups and rows, and reads their
/// columns (dictionary-encoded exporter and ports, delta-encoded byte counts, chunks of the file's codec and uncompressed ones).
/// </summary>
public sealed class ParquetNetReadsFlowFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flow-parquet-net-");

    [Theory]
    [InlineData(CompressionMethod.Snappy, true)]
    [InlineData(CompressionMethod.Zstd, true)]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.Snappy, false)]
    public async Task Parquet_Net_reads_the_metadata_and_the_columns(CompressionMethod compression, bool compressEncodedIntegers)
    {
        var flows = FlowParquetRoundTripTests.Flows(seed: 9);
        var groups = FlowRowGroups.Of(flows, 1000);
        string file = Path.Combine(_directory.FullName, "flows.parquet");
        await WriteAsync(file, groups, compression, maxPageBytes: 2048, compressEncodedIntegers);

        await using var stream = File.OpenRead(file);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        reader.RowGroupCount.ShouldBe(groups.Count);
        reader.Metadata!.NumRows.ShouldBe(flows.Count);
        reader.Schema.DataFields.Select(f => (f.Name, f.IsNullable)).ShouldBe(FlowFileSchema.Schema.DataFields.Select(f => (f.Name, f.IsNullable)));
        var ordered = FlowRowGroups.InRowOrder(flows);
        int first = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            rowGroup.RowCount.ShouldBe(groups[g].Count);
            var fields = reader.Schema.DataFields;
            int n = groups[g].Count;
            var ct = TestContext.Current.CancellationToken;
            var exporters = new string?[n];
            var ports = new ushort?[n];
            var bytes = new long?[n];
            var extra = new string?[n];
            await rowGroup.ReadAsync(fields.Single(f => f.Name == FlowColumns.Exporter), exporters.AsMemory(), cancellationToken: ct);
            await rowGroup.ReadAsync<ushort>(fields.Single(f => f.Name == FlowColumns.DstPort), ports.AsMemory(), cancellationToken: ct);
            await rowGroup.ReadAsync<long>(fields.Single(f => f.Name == FlowColumns.Bytes), bytes.AsMemory(), cancellationToken: ct);
            await rowGroup.ReadAsync(fields.Single(f => f.Name == FlowColumns.Extra), extra.AsMemory(), cancellationToken: ct);
            for (int i = 0; i < n; i++)
            {
                var flow = ordered[first + i];
                exporters[i].ShouldBe(flow.Exporter);
                ports[i].ShouldBe(flow.DstPort);
                bytes[i].ShouldBe(flow.Bytes);
                (extra[i] is { } json && json.Contains("flowId", StringComparison.Ordinal)).ShouldBe(flow.FlowId is not null);
            }
            first += groups[g].Count;
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

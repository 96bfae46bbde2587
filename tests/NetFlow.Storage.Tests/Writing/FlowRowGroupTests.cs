using System.Text.Json;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Records;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>
/// The row group's compiled per-template plans (field offsets, typed setters, presence bits) and
/// the writer's column chunks (values handed over as they are, packed, or none) against the
/// general reading of every field (<see cref="ExpectedFlowRow"/>), over every corpus template.
/// </summary>
public sealed class FlowRowGroupTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 5, TimeSpan.Zero);

    public static TheoryData<string[]> Streams() => [.. CorpusBatch.Streams()];

    [Theory]
    [MemberData(nameof(Streams))]
    public void The_plan_gives_the_row_the_general_reading_gives(string[] files)
    {
        var rows = new FlowRowGroup(4096);
        // Another stream first, then cleared: nothing of it may show through in the rows that follow.
        AddFlows(rows, CorpusBatch.Decode("192.0.2.9", "softflowd/packet_ipfix_template_ether.bin", "softflowd/packet_ipfix_ether.bin"));
        rows.Clear();

        var batch = CorpusBatch.Decode("192.0.2.1", files);
        var added = AddFlows(rows, batch);
        rows.Count.ShouldBe(added.Count);
        for (int row = 0; row < rows.Count; row++)
        {
            var (index, sampling, scale) = added[row];
            var (values, extraKeys) = ExpectedFlowRow.Of(batch[index], sampling, scale);
            var actual = Actual(rows, row);
            foreach (string column in ExpectedFlowRow.Columns)
                actual[column].ShouldBe(values[column], $"{column} of record {index} ({files[0]})");
            var extra = rows.Extra[row] is { } json ? JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
            extra.ShouldBe(extraKeys, ignoreOrder: true, $"extra of record {index} ({files[0]})");
            rows.ExporterOf(row).ShouldBe("192.0.2.1");
            rows.TemplateId[row].ShouldBe(batch[index].Template.Id);
            FlowRowGroup.TimeOf(rows.TimeExport[row]).ShouldBe(ExpectedFlowRow.Milliseconds(batch[index].Header.ExportTimeUtc));
        }
    }

    [Fact]
    public async Task Every_corpus_flow_reads_back_from_one_row_group_of_mixed_templates()
    {
        // All streams in one row group: most columns are present in some rows only, so the writer packs them.
        var batch = new FlowRecordBatch();
        foreach (var files in CorpusBatch.Streams())
        {
            var stream = CorpusBatch.Decode("192.0.2.1", files);
            for (int i = 0; i < stream.Count; i++)
                batch.Add(stream[i]);
        }
        using var store = new TempStore();
        var options = FlowStoreOptions.Default with { Directory = store.Path, Rollups = false, ConfiguredSampling = _ => 10 };
        await using (var sink = new FlowStoreSink(options, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);

        var select = string.Join(", ", ExpectedFlowRow.Columns.Select(AsRead));
        var rows = Sql.Rows(store.Path, $"SELECT {select}, extra FROM flows");
        int row = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (r.IsOptions)
                continue;
            uint sampling = r.TryGetSamplingInterval(out uint exported) ? exported : 10;
            var (values, extraKeys) = ExpectedFlowRow.Of(r, sampling);
            for (int c = 0; c < ExpectedFlowRow.Columns.Length; c++)
                rows[row][c].ShouldBe(values[ExpectedFlowRow.Columns[c]], $"{ExpectedFlowRow.Columns[c]} of record {i}");
            var extra = rows[row][^1] is string json ? JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
            extra.ShouldBe(extraKeys, ignoreOrder: true, $"extra of record {i}");
            row++;
        }
        rows.Count.ShouldBe(row);
        row.ShouldBeGreaterThan(500, "the corpus has many flows of many templates");
        store.FlowFiles().ShouldHaveSingleItem();
        Sql.Rows(store.Path, "SELECT count(src_ip4) > 0 AND count(src_ip4) < count(*), count(src_ip6) > 0 AND count(src_ip6) < count(*) FROM flows")
            .ShouldHaveSingleItem().ShouldBe([true, true], "columns some rows have and some lack");
    }

    [Fact]
    public async Task Time_columns_are_written_as_milliseconds_and_stay_timestamps_in_the_file()
    {
        using var store = new TempStore();
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        string file = store.FlowFiles().ShouldHaveSingleItem();

        var schema = Sql.Rows(store.Path, $"SELECT name, type, repetition_type, logical_type FROM parquet_schema('{file}') WHERE name LIKE 'time_%' ORDER BY name");
        schema.Select(r => string.Join(" ", r[..3])).ShouldBe(["time_end INT64 OPTIONAL", "time_export INT64 REQUIRED", "time_start INT64 OPTIONAL"]);
        schema.ShouldAllBe(r => ((string)r[3]!).Contains("TimestampType", StringComparison.Ordinal) && ((string)r[3]!).Contains("MILLIS", StringComparison.Ordinal));
        Sql.Rows(store.Path, "SELECT DISTINCT typeof(time_start), typeof(time_end), typeof(time_export) FROM flows")
            .ShouldHaveSingleItem().ShouldBe(["TIMESTAMP", "TIMESTAMP", "TIMESTAMP"]);
        var first = CorpusBatch.SoftflowdV9()[0];
        first.TryGetStart(out var start).ShouldBeTrue();
        Sql.Rows(store.Path, "SELECT time_start, time_export FROM flows LIMIT 1").ShouldHaveSingleItem()
            .ShouldBe([ExpectedFlowRow.Milliseconds(start), first.Header.ExportTimeUtc]);
    }

    [Fact]
    public void Exporters_are_kept_as_runs_one_per_change_of_exporter()
    {
        var batch = CorpusBatch.Decode("192.0.2.1", "softflowd/packet_v5.bin");
        var rows = new FlowRowGroup(batch.Count * 3);
        string a = "192.0.2.1", b = "2001:db8::7";
        void AddAll(string exporter)
        {
            for (int i = 0; i < batch.Count; i++)
                rows.Add(batch[i], exporter, 0, false);
        }
        AddAll(a);
        AddAll(b);
        AddAll(a);

        rows.ExporterRuns.ToArray().ShouldBe([new ExporterRun(0, a), new ExporterRun(batch.Count, b), new ExporterRun(2 * batch.Count, a)]);
        for (int row = 0; row < rows.Count; row++)
            rows.ExporterOf(row).ShouldBeSameAs(row / batch.Count == 1 ? b : a, $"row {row}");
        Should.Throw<ArgumentOutOfRangeException>(() => rows.ExporterOf(rows.Count));

        rows.Clear();
        rows.ExporterRuns.IsEmpty.ShouldBeTrue();
        rows.Add(batch[0], b, 0, false);
        rows.ExporterRuns.ToArray().ShouldBe([new ExporterRun(0, b)]);
    }

    [Fact]
    public void Integers_of_every_length_are_read_big_endian_from_1_to_8_bytes()
    {
        // The setters read through FieldValue.TryReadUInt64; checked here against a reading of our own.
        var random = new Random(7);
        for (int length = 0; length <= 10; length++)
        {
            for (int i = 0; i < 20; i++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                bool expected = length is >= 1 and <= 8;
                ulong value = expected ? (ulong)new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true) : 0;
                FieldValue.TryReadUInt64(bytes, out ulong actual).ShouldBe(expected, $"{length} bytes");
                actual.ShouldBe(value, $"{Convert.ToHexString(bytes)}");
            }
        }
    }

    private static List<(int Index, uint Sampling, ulong Scale)> AddFlows(FlowRowGroup rows, FlowRecordBatch batch)
    {
        var added = new List<(int, uint, ulong)>();
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (r.IsOptions)
                continue;
            // Rates and renormalizing vary by record, so the dynamic columns (sampling_interval, extra) come and go.
            uint sampling = (uint)(i % 3 * 50);
            bool renormalize = i % 2 == 0;
            rows.Add(r, r.Context.Exporter.ToString(), sampling, renormalize);
            added.Add((i, sampling, renormalize && sampling > 1 ? sampling : 1UL));
        }
        return added;
    }

    internal static Dictionary<string, object?> Actual(FlowRowGroup g, int row) => new()
    {
        [FlowColumns.TimeStart] = g.TimeStart[row] is { } start ? FlowRowGroup.TimeOf(start) : null,
        [FlowColumns.TimeEnd] = g.TimeEnd[row] is { } end ? FlowRowGroup.TimeOf(end) : null,
        [FlowColumns.SrcIp4] = (ulong?)g.SrcIp4[row],
        [FlowColumns.DstIp4] = (ulong?)g.DstIp4[row],
        [FlowColumns.NextHop4] = (ulong?)g.NextHop4[row],
        [FlowColumns.SrcIp6] = Hex(g.SrcIp6[row]),
        [FlowColumns.DstIp6] = Hex(g.DstIp6[row]),
        [FlowColumns.NextHop6] = Hex(g.NextHop6[row]),
        [FlowColumns.SrcPort] = (ulong?)g.SrcPort[row],
        [FlowColumns.DstPort] = (ulong?)g.DstPort[row],
        [FlowColumns.Proto] = (ulong?)g.Proto[row],
        [FlowColumns.TcpFlags] = (ulong?)g.TcpFlags[row],
        [FlowColumns.Tos] = (ulong?)g.Tos[row],
        [FlowColumns.IcmpType] = (ulong?)g.IcmpType[row],
        [FlowColumns.IcmpCode] = (ulong?)g.IcmpCode[row],
        [FlowColumns.Bytes] = g.Bytes[row],
        [FlowColumns.Packets] = g.Packets[row],
        [FlowColumns.InIf] = (ulong?)g.InIf[row],
        [FlowColumns.OutIf] = (ulong?)g.OutIf[row],
        [FlowColumns.SrcAs] = (ulong?)g.SrcAs[row],
        [FlowColumns.DstAs] = (ulong?)g.DstAs[row],
        [FlowColumns.SrcMask] = (ulong?)g.SrcMask[row],
        [FlowColumns.DstMask] = (ulong?)g.DstMask[row],
        [FlowColumns.Direction] = (ulong?)g.Direction[row],
        [FlowColumns.SrcVlan] = (ulong?)g.SrcVlan[row],
        [FlowColumns.DstVlan] = (ulong?)g.DstVlan[row],
        [FlowColumns.SrcMac] = g.SrcMac[row],
        [FlowColumns.DstMac] = g.DstMac[row],
        [FlowColumns.SamplingInterval] = (ulong?)g.SamplingInterval[row],
        [FlowColumns.ForwardingStatus] = (ulong?)g.ForwardingStatus[row],
        [FlowColumns.FlowEndReason] = (ulong?)g.FlowEndReason[row],
        [FlowColumns.ApplicationId] = Hex(g.ApplicationId[row]),
    };

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(bytes);

    /// <summary>The column as SQL reads it in the shape <see cref="ExpectedFlowRow"/> gives: blobs as hex, unsigned numbers widened.</summary>
    private static string AsRead(string column) => column switch
    {
        FlowColumns.TimeStart or FlowColumns.TimeEnd or FlowColumns.Bytes or FlowColumns.Packets => column,
        FlowColumns.SrcIp6 or FlowColumns.DstIp6 or FlowColumns.NextHop6 or FlowColumns.ApplicationId => $"hex({column})",
        _ => $"{column}::UBIGINT",
    };
}

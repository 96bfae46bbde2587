using System.Buffers.Binary;
using System.Globalization;
using Parquet;
using NetFlow.Storage.Writing;
using static NetFlow.Storage.Tests.Writing.ParquetFiles.FlowParquetFiles;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// What DuckDB reads of a file from the store's Parquet writer is what went in: the same as it reads
/// of Parquet.Net's file of the same row groups, and the values the flows had. Row groups where every
/// column has a value, where every nullable one is NULL, and where columns are mixed; several
/// exporters (the same text as one string object and as copies); several row groups per file; every
/// codec; chunks of one page and of many.
/// </summary>
public sealed class FlowParquetRoundTripTests : IDisposable
{
    private const int RowGroupRows = 1000;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flow-parquet-");

    public static TheoryData<CompressionMethod, int> Codecs() => new()
    {
        { CompressionMethod.None, 1 << 20 },
        { CompressionMethod.Snappy, 1 << 20 },
        { CompressionMethod.Zstd, 1 << 20 },
        { CompressionMethod.Gzip, 1 << 20 },
        { CompressionMethod.Brotli, 1 << 20 },
        { CompressionMethod.Lz4Raw, 1 << 20 },
        { CompressionMethod.None, 512 },
        { CompressionMethod.Snappy, 512 },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task DuckDB_reads_what_Parquet_Net_s_file_of_the_same_rows_holds(CompressionMethod compression, int maxPageBytes)
    {
        var flows = Flows(seed: 1);
        var groups = FlowRowGroups.Of(flows, RowGroupRows);
        string ours = Path.Combine(_directory.FullName, "ours.parquet");
        string reference = Path.Combine(_directory.FullName, "reference.parquet");
        await WriteAsync(ours, groups, compression, maxPageBytes);
        await ParquetNetFlowWriter.WriteAsync(reference, groups);

        const string Columns = "SELECT COLUMNS(*)::VARCHAR FROM read_parquet({0})";
        var actual = Rows(string.Format(CultureInfo.InvariantCulture, Columns, Quoted(ours)));
        var expected = Rows(string.Format(CultureInfo.InvariantCulture, Columns, Quoted(reference)));
        actual.Count.ShouldBe(flows.Count);
        for (int row = 0; row < expected.Count; row++)
            actual[row].ShouldBe(expected[row], $"row {row}");
        Rows($"SELECT DISTINCT compression FROM parquet_metadata({Quoted(ours)})").ShouldHaveSingleItem()[0]
            .ShouldBe(compression == CompressionMethod.None ? "UNCOMPRESSED" : compression == CompressionMethod.Lz4Raw ? "LZ4_RAW" : compression.ToString().ToUpperInvariant());
        Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({Quoted(ours)})").ShouldBe(groups.Count);
    }

    [Theory]
    [InlineData(1 << 20, true)]
    [InlineData(256, true)]
    [InlineData(1 << 20, false)]
    [InlineData(256, false)]
    public async Task Every_value_reads_back_as_the_flow_had_it(int maxPageBytes, bool compressEncodedIntegers)
    {
        var flows = FlowRowGroups.InRowOrder(Flows(seed: 2));
        string ours = Path.Combine(_directory.FullName, "ours.parquet");
        await WriteAsync(ours, FlowRowGroups.Of(Flows(seed: 2), RowGroupRows), CompressionMethod.Snappy, maxPageBytes, compressEncodedIntegers);
        if (!compressEncodedIntegers)
        {
            // Dictionary indices and deltas of integers uncompressed, the rest snappy: readers take the codec chunk by chunk.
            const string Encoded = "(encodings LIKE '%RLE_DICTIONARY%' OR encodings LIKE '%DELTA_BINARY_PACKED%') AND path_in_schema <> 'exporter'";
            Rows($"SELECT DISTINCT compression FROM parquet_metadata({Quoted(ours)}) WHERE {Encoded}").ShouldHaveSingleItem()[0].ShouldBe("UNCOMPRESSED");
            Rows($"SELECT DISTINCT compression FROM parquet_metadata({Quoted(ours)}) WHERE NOT ({Encoded})").ShouldHaveSingleItem()[0].ShouldBe("SNAPPY");
        }

        var rows = Rows($"""
            SELECT time_start, time_end, exporter, src_ip4, dst_ip4, next_hop4, hex(src_ip6), hex(dst_ip6), hex(next_hop6),
                   src_port, dst_port, proto, tcp_flags, tos, icmp_type, icmp_code, bytes, packets,
                   in_if, out_if, src_as, dst_as, src_mask, dst_mask, direction, src_vlan, dst_vlan, src_mac, dst_mac,
                   sampling_interval, forwarding_status, flow_end_reason, hex(application_id), json_extract(extra, '$.flowId')::UBIGINT,
                   version, domain, template_id
            FROM read_parquet({Quoted(ours)})
            """);
        rows.Count.ShouldBe(flows.Count);
        for (int i = 0; i < flows.Count; i++)
        {
            var f = flows[i];
            object?[] expected =
            [
                f.Start, f.End, f.Exporter, f.Src4, f.Dst4, f.NextHop4, Hex(f.Src6), Hex(f.Dst6), Hex(f.NextHop6),
                f.SrcPort, f.DstPort, f.Proto, f.TcpFlags, f.Tos, f.IcmpType, f.IcmpCode, f.Bytes, f.Packets,
                f.InIf, f.OutIf, f.SrcAs, f.DstAs, f.SrcMask, f.DstMask, f.Direction, f.SrcVlan, f.DstVlan, f.SrcMac, f.DstMac,
                f.Sampling == 0 ? null : f.Sampling, f.ForwardingStatus, f.FlowEndReason,
                f.ApplicationId is null ? null : Convert.ToHexString(f.ApplicationId), f.FlowId,
                (byte)10, 1u, rows[i][^1],
            ];
            rows[i].ShouldBe(expected, $"row {i}");
        }
    }

    [Fact]
    public async Task A_row_group_of_one_row_and_a_file_of_no_row_groups_are_read()
    {
        string one = Path.Combine(_directory.FullName, "one.parquet");
        await WriteAsync(one, FlowRowGroups.Of([FlowValues.Full(new Random(3))], 1));
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(one)})").ShouldBe(1);

        string none = Path.Combine(_directory.FullName, "none.parquet");
        await WriteAsync(none, []);
        Scalar<long>($"SELECT count(*) FROM read_parquet({Quoted(none)})").ShouldBe(0);
        Scalar<long>($"SELECT count(*) FROM parquet_schema({Quoted(none)})").ShouldBe(39);
    }

    /// <summary>
    /// 1 000 flows with every column, 1 000 with none, 3 000 mixed: five row groups (the messages'
    /// template grouping keeps them apart). Exporters change in runs, and one run's text is a copy.
    /// </summary>
    internal static List<FlowValues> Flows(int seed)
    {
        var random = new Random(seed);
        string[] exporters = ["192.0.2.1", "2001:db8::7", new string("192.0.2.1".AsSpan()), "198.51.100.20"];
        var flows = new List<FlowValues>();
        for (int i = 0; i < 5000; i++)
        {
            var flow = i < 1000 ? FlowValues.Full(random) : i < 2000 ? FlowValues.Empty : FlowValues.Mixed(random);
            flows.Add(flow with { Exporter = exporters[i / 37 % exporters.Length] });
        }
        return flows;
    }

    private static string? Hex(UInt128? value)
    {
        if (value is not { } v)
            return null;
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, v);
        return Convert.ToHexString(bytes);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

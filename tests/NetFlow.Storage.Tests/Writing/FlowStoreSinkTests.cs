using System.Net;
using System.Text.Json;
using NetFlow.Protocol.Records;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>Real decoded records through the store sink, read back with DuckDB from the Parquet files it wrote.</summary>
public sealed class FlowStoreSinkTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task Softflowd_v9_records_read_back_with_every_typed_value()
    {
        using var store = new TempStore();
        var batch = CorpusBatch.SoftflowdV9();
        var clock = new ManualClock(Start);
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: clock))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);

        var rows = Sql.Rows(store.Path, """
            SELECT src_addr, dst_addr, src_port, dst_port, proto, tcp_flags, bytes, packets,
                   time_start, time_end, exporter, version, template_id, extra
            FROM flows
            """);
        rows.Count.ShouldBe(44);
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            var row = rows[i];
            row[0].ShouldBe(Address(r, 8));
            row[1].ShouldBe(Address(r, 12));
            row[2].ShouldBe(Number(r, 7));
            row[3].ShouldBe(Number(r, 11));
            row[4].ShouldBe(Number(r, 4));
            row[5].ShouldBe(Number(r, 6));
            row[6].ShouldBe((long)(ulong)Number(r, 1)!); // bytes and packets are stored signed (BIGINT)
            row[7].ShouldBe((long)(ulong)Number(r, 2)!);
            r.TryGetStart(out var start).ShouldBeTrue();
            r.TryGetEnd(out var end).ShouldBeTrue();
            ((DateTime)row[8]!).ShouldBe(Truncated(start));
            ((DateTime)row[9]!).ShouldBe(Truncated(end));
            row[10].ShouldBe("192.0.2.1");
            row[11].ShouldBe(9UL);
            row[12].ShouldBe(1024UL);
        }
        // The README's first record: 127.0.0.1:80 -> :37932 TCP, 102416 bytes, 75 packets, flags 0x1b.
        rows[0][..8].ShouldBe(["127.0.0.1", "127.0.0.1", 80UL, 37932UL, 6UL, 0x1bUL, 102416L, 75L]);
    }

    [Fact]
    public async Task IPv6_addresses_macs_and_vlans_land_in_their_columns()
    {
        using var store = new TempStore();
        var batch = CorpusBatch.Decode("2001:db8::7", "softflowd/packet_ipfix_template_ether.bin", "softflowd/packet_ipfix_ether.bin",
            "softflowd/packet_ipfix_template.bin", "softflowd/packet_ipfix.bin");
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);

        var expected = new List<(string? Src, string? Dst, object? SrcMac, object? Vlan)>();
        int flows = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (r.IsOptions)
                continue;
            flows++;
            expected.Add((Address(r, 8) ?? Address(r, 27), Address(r, 12) ?? Address(r, 28), Mac(r, 56), Number(r, 58)));
        }
        expected.ShouldContain(e => e.Src != null && e.Src.Contains(':'), "the corpus has IPv6 flows");
        expected.ShouldContain(e => e.SrcMac != null, "the ether corpus has MACs");
        var rows = Sql.Rows(store.Path, "SELECT src_addr, dst_addr, mac_text(src_mac), src_vlan, exporter FROM flows");
        rows.Count.ShouldBe(flows);
        rows.Select(r => ((string?)r[0], (string?)r[1], r[2], r[3] is null ? null : (object)Convert.ToUInt64(r[3], System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldBe(expected.Select(e => (e.Src, e.Dst, e.SrcMac, e.Vlan)));
        rows.ShouldAllBe(r => (string)r[4]! == "2001:db8::7");
    }

    [Fact]
    public async Task Options_data_goes_to_its_own_files_with_scope_and_fields_as_json()
    {
        using var store = new TempStore();
        var batch = CorpusBatch.Decode("192.0.2.9", "softflowd/packet_ipfix_padding.bin");
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);

        store.OptionsFiles().Length.ShouldBe(1);
        var rows = Sql.Rows(store.Path, "SELECT exporter, version, scope, fields FROM options");
        rows.Count.ShouldBe(Enumerable.Range(0, batch.Count).Count(i => batch[i].IsOptions));
        rows.ShouldContain(r => ((string)r[3]!).Contains("\"interfaceName\":\"testcapture_sing\""));
        foreach (var row in rows)
        {
            JsonDocument.Parse((string)row[2]!).RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
            row[1].ShouldBe(10UL);
        }
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(Enumerable.Range(0, batch.Count).Count(i => !batch[i].IsOptions));
    }

    [Fact]
    public async Task A_configured_sampling_rate_is_stored_and_with_renormalize_scales_bytes_and_packets()
    {
        using var plain = new TempStore();
        using var scaled = new TempStore();
        foreach (var (store, renormalize) in new[] { (plain, false), (scaled, true) })
        {
            var options = FlowStoreOptions.Default with { Directory = store.Path, Renormalize = renormalize, ConfiguredSampling = _ => 100 };
            await using var sink = new FlowStoreSink(options, timeProvider: new ManualClock(Start));
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        }
        var raw = Sql.Rows(plain.Path, "SELECT bytes, packets, sampling_interval, extra FROM flows");
        var renormalized = Sql.Rows(scaled.Path, "SELECT bytes, packets, sampling_interval, extra FROM flows");
        raw.Count.ShouldBe(44);
        for (int i = 0; i < raw.Count; i++)
        {
            raw[i][2].ShouldBe(100UL);
            renormalized[i][0].ShouldBe((long)raw[i][0]! * 100);
            renormalized[i][1].ShouldBe((long)raw[i][1]! * 100);
            renormalized[i][2].ShouldBe(100UL);
            string before = (string?)raw[i][3] ?? "{}";
            renormalized[i][3].ShouldBe(before[..^1] + (before.Length > 2 ? "," : "") + "\"renormalizedBy\":100}");
        }
    }

    [Theory]
    [InlineData(Parquet.CompressionMethod.Snappy, "SNAPPY")]
    [InlineData(Parquet.CompressionMethod.Zstd, "ZSTD")]
    [InlineData(Parquet.CompressionMethod.None, "UNCOMPRESSED")]
    public async Task Every_compression_reads_back_the_same_records(Parquet.CompressionMethod compression, string codec)
    {
        using var store = new TempStore();
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path, Compression = compression }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        string file = store.FlowFiles().ShouldHaveSingleItem();
        // The codec is per column chunk: byte arrays (IPv6 addresses, exporter, extra) and all-NULL
        // chunks get the chosen one; dictionary- and delta-encoded integers and times none, as a
        // compressor gains little on them.
        Sql.Rows(store.Path, $"SELECT DISTINCT compression FROM parquet_metadata('{file}') WHERE type = 'BYTE_ARRAY' OR stats_null_count = row_group_num_rows")
            .ShouldHaveSingleItem()[0].ShouldBe(codec);
        Sql.Rows(store.Path, $"SELECT DISTINCT compression FROM parquet_metadata('{file}') WHERE type <> 'BYTE_ARRAY' AND stats_null_count < row_group_num_rows")
            .ShouldHaveSingleItem()[0].ShouldBe("UNCOMPRESSED");
        Sql.Scalar<long>(store.Path, "SELECT count(*) FROM flows").ShouldBe(44);
        Sql.Scalar<long>(store.Path, "SELECT sum(bytes) FROM flows WHERE src_addr = '127.0.0.1' AND src_port = 80").ShouldBeGreaterThanOrEqualTo(102416);
    }

    [Fact]
    public async Task Row_group_statistics_agree_with_the_values_so_pruning_readers_skip_nothing_that_matches()
    {
        using var store = new TempStore();
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(Start)))
            await sink.WriteAsync(CorpusBatch.SoftflowdV9(), TestContext.Current.CancellationToken);
        string file = store.FlowFiles().ShouldHaveSingleItem();
        foreach (string column in (string[])["time_start", "time_end", "time_export", "bytes", "src_ip4", "dst_port"])
        {
            var stats = Sql.Rows(store.Path, $"SELECT stats_min_value, stats_max_value FROM parquet_metadata('{file}') WHERE path_in_schema = '{column}'").ShouldHaveSingleItem();
            var actual = Sql.Rows(store.Path, $"SELECT min({column})::VARCHAR, max({column})::VARCHAR FROM flows").ShouldHaveSingleItem();
            stats.ShouldBe(actual, column);
        }
    }

    private static DateTime Truncated(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc); // milliseconds, as stored

    internal static string? Address(in FlowRecord r, ushort id)
    {
        int i = r.IndexOf(id);
        return i >= 0 && r[i].TryGetIPAddress(out var a) ? a!.ToString() : null;
    }

    internal static object? Number(in FlowRecord r, ushort id)
    {
        int i = r.IndexOf(id);
        return i >= 0 && r[i].TryGetUInt64(out ulong v) ? v : null;
    }

    private static string? Mac(in FlowRecord r, ushort id)
    {
        int i = r.IndexOf(id);
        return i >= 0 ? r[i].GetMacAddress() : null;
    }
}

using System.Net;
using System.Net.Sockets;
using NetFlow.Collector.Metrics;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Tests.Metrics;

/// <summary>
/// Real datagrams from the softflowd corpus sent over loopback to a running collector, then
/// /metrics scraped over HTTP: the numbers must be what the decoder itself counts for the same bytes.
/// </summary>
public sealed class CollectorMetricsTests
{
    private static readonly (string, string) Localhost = ("exporter", "127.0.0.1");

    [Fact]
    public async Task V9_datagrams_records_templates_and_sequence_gaps_are_scraped()
    {
        // Sequence numbers 1, 2, 4: the v9 packet numbered 3 is missing.
        byte[][] packets = [MetricsHarness.Corpus("packet_v9_template.bin"), MetricsHarness.Corpus("packets_v9_0.bin"), MetricsHarness.Corpus("packets_v9_2.bin")];
        var reference = ReferenceDecode(packets);
        reference.Counters.DataRecords.ShouldBeGreaterThan(0);
        await using var collector = await MetricsHarness.StartAsync();

        collector.Send(packets);
        var m = await collector.ScrapeUntilAsync(
            s => s.Value("netflow_records_decoded_total", ("version", "9"), ("kind", "data")) == reference.Counters.DataRecords
                && s.Value("netflow_exporter_datagrams_total", Localhost) == 3, // counted once each datagram is decoded
            "the v9 data records and datagrams");

        m.Value("netflow_exporter_datagrams_total", Localhost).ShouldBe(3);
        m.Value("netflow_exporter_bytes_total", Localhost).ShouldBe(packets.Sum(p => p.Length));
        m.Value("netflow_udp_received_datagrams_total", ("listener", collector.UdpListenerLabel)).ShouldBe(3);
        m.Value("netflow_udp_received_bytes_total", ("listener", collector.UdpListenerLabel)).ShouldBe(packets.Sum(p => p.Length));
        m.Value("netflow_exporters").ShouldBe(1);
        m.Value("netflow_messages_decoded_total", ("version", "9")).ShouldBe(3);
        m.Value("netflow_messages_decoded_total", ("version", "5")).ShouldBe(0);
        m.Value("netflow_records_decoded_total", ("version", "9"), ("kind", "options")).ShouldBe(reference.Counters.OptionsRecords);
        m.Value("netflow_records_decoded_total", ("version", "10"), ("kind", "data")).ShouldBe(0);
        m.Value("netflow_templates_active").ShouldBe(reference.Templates.Count);
        m.Value("netflow_templates_active").ShouldNotBeNull().ShouldBeGreaterThan(0);
        m.Value("netflow_templates_added_total").ShouldBe(reference.Counters.TemplatesAdded);
        m.Value("netflow_templates_expired_total").ShouldBe(0);
        m.Value("netflow_templates_evicted_total").ShouldBe(0);
        m.Value("netflow_pending_sets").ShouldBe(0);
        m.Value("netflow_sequence_gaps_total", Localhost, ("version", "9"), ("domain", "0")).ShouldBe(1);
        m.Value("netflow_sequence_lost_units_total", Localhost, ("version", "9"), ("domain", "0")).ShouldBe(1);
        m.Matching("netflow_decode_errors_total").Sum(s => s.Value).ShouldBe(reference.Counters.TotalErrors);
        m.Value("netflow_queue_drops_total", ("stage", "decode")).ShouldBe(0);
        m.Value("netflow_kernel_drops_total", ("listener", collector.UdpListenerLabel)).ShouldBe(0);
    }

    [Fact]
    public async Task Records_are_attributed_to_the_version_of_the_messages_that_carried_them()
    {
        var v9 = MetricsHarness.Corpus("packet_v9_template.bin");
        var v5 = MetricsHarness.Corpus("packet_v5.bin");
        long v9Records = ReferenceDecode([v9]).Counters.DataRecords, v5Records = ReferenceDecode([v5]).Counters.DataRecords;
        await using var collector = await MetricsHarness.StartAsync();

        // One exporter, two versions, a scrape after each: each version gets exactly its records.
        collector.Send(v9);
        await collector.ScrapeUntilAsync(s => s.Value("netflow_records_decoded_total", ("version", "9"), ("kind", "data")) == v9Records, "the v9 records");
        collector.Send(v5);
        var m = await collector.ScrapeUntilAsync(s => s.Value("netflow_records_decoded_total", ("version", "5"), ("kind", "data")) == v5Records, "the v5 records");
        m.Value("netflow_records_decoded_total", ("version", "9"), ("kind", "data")).ShouldBe(v9Records);

        // Both versions between two scrapes: the session counts records per version, so each
        // version still gets exactly its own.
        collector.Send(v9, v5);
        var session = collector.Runtime.Exporters.Values.Single().Session;
        for (int i = 0; i < 300 && Volatile.Read(ref session.Counters.DataRecords) < 2 * (v9Records + v5Records); i++)
            await Task.Delay(50, TestContext.Current.CancellationToken); // no scrape until both are decoded
        m = await collector.ScrapeAsync();
        m.Matching("netflow_records_decoded_total", ("kind", "data")).Sum(x => x.Value).ShouldBe(2 * (v9Records + v5Records));
        m.Value("netflow_records_decoded_total", ("version", "9"), ("kind", "data")).ShouldBe(2 * v9Records);
        m.Value("netflow_records_decoded_total", ("version", "5"), ("kind", "data")).ShouldBe(2 * v5Records);
    }

    [Fact]
    public async Task An_invalid_datagram_is_counted_by_reason()
    {
        await using var collector = await MetricsHarness.StartAsync();

        collector.Send(MetricsHarness.Corpus("packet_invalid.bin"));
        var m = await collector.ScrapeUntilAsync(s => s.Value("netflow_exporter_datagrams_total", Localhost) == 1, "the invalid datagram");
        // The datagram is counted before it is decoded: wait for the decoder too.
        m = await collector.ScrapeUntilAsync(s => s.Value("netflow_decode_errors_total", ("reason", "UnknownVersion")) == 1, "the UnknownVersion error");

        m.Matching("netflow_decode_errors_total").Count().ShouldBe(Enum.GetValues<DecodeStatus>().Length - 1, "every reason is exported, from 0");
        m.Matching("netflow_decode_errors_total").Sum(s => s.Value).ShouldBe(1);
        m.Matching("netflow_records_decoded_total").Sum(s => s.Value).ShouldBe(0);
        m.Matching("netflow_messages_decoded_total").Sum(s => s.Value).ShouldBe(0);
    }

    [Fact]
    public async Task Datagrams_from_outside_the_allow_list_are_counted_as_denied()
    {
        await using var collector = await MetricsHarness.StartAsync(MetricsHarness.Defaults with { Allow = ["10.0.0.0/8", "2001:db8::/32"] });

        collector.Send(MetricsHarness.Corpus("packet_v5.bin"), MetricsHarness.Corpus("packet_v9_template.bin"));
        var m = await collector.ScrapeUntilAsync(
            s => s.Value("netflow_udp_denied_datagrams_total", ("listener", collector.UdpListenerLabel)) == 2, "the denied datagrams");

        m.Value("netflow_udp_received_datagrams_total", ("listener", collector.UdpListenerLabel)).ShouldBe(2);
        m.Value("netflow_udp_truncated_datagrams_total", ("listener", collector.UdpListenerLabel)).ShouldBe(0, "exported, and a denied datagram is not a truncated one");
        m.Matching("netflow_exporter_datagrams_total").ShouldBeEmpty();
        m.Value("netflow_exporters").ShouldBe(0);
        m.Matching("netflow_records_decoded_total").Sum(s => s.Value).ShouldBe(0);
    }

    [Fact]
    public async Task Exporters_beyond_the_label_limit_are_summed_as_other()
    {
        await using var collector = await MetricsHarness.StartAsync(metricsOptions: new CollectorMetricsOptions { MaxExporterLabels = 2 });
        var v5 = MetricsHarness.Corpus("packet_v5.bin");

        foreach (var source in new[] { "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" })
            collector.Send(IPAddress.Parse(source), v5);
        var m = await collector.ScrapeUntilAsync(
            s => s.Matching("netflow_exporter_datagrams_total").Sum(x => x.Value) == 5
                && s.Value("netflow_messages_decoded_total", ("version", "5")) == 5
                && s.Matching("netflow_sequence_gaps_total", ("exporter", "other")).Any(),
            "datagrams of 5 exporters");

        var series = m.Matching("netflow_exporter_datagrams_total").ToList();
        series.Count.ShouldBe(3, m.Text);
        series.Single(s => s.Labels["exporter"] == "other").Value.ShouldBe(3);
        series.Where(s => s.Labels["exporter"] != "other").ShouldAllBe(s => s.Value == 1);
        m.Value("netflow_exporters").ShouldBe(5);
        // Sequence series of unlabelled exporters are folded into one per version.
        m.Matching("netflow_sequence_gaps_total", ("exporter", "other")).Single().Labels["domain"].ShouldBe("other");
    }

    [Fact]
    public async Task Sink_records_and_queue_levels_are_scraped()
    {
        byte[][] packets = [MetricsHarness.Corpus("packet_v9_template.bin"), MetricsHarness.Corpus("packets_v9_0.bin")];
        var reference = ReferenceDecode(packets);
        long records = reference.Counters.DataRecords + reference.Counters.OptionsRecords;
        await using var collector = await MetricsHarness.StartAsync(withSink: true);

        collector.Send(packets);
        var m = await collector.ScrapeUntilAsync(s => s.Value("netflow_sink_records_written_total", ("sink", "test")) == records, "the sink's records");

        collector.Sink!.Records.ShouldBe(records);
        m.Value("netflow_sink_batches_written_total", ("sink", "test")).ShouldNotBeNull().ShouldBeGreaterThan(0);
        m.Value("netflow_sink_records_dropped_total", ("sink", "test")).ShouldBe(0);
        m.Value("netflow_sink_write_errors_total", ("sink", "test")).ShouldBe(0);
        m.Value("netflow_sink_queued_batches", ("sink", "test")).ShouldBe(0);
        m.Value("netflow_sink_lag_seconds", ("sink", "test")).ShouldNotBeNull().ShouldBeInRange(0, 10);
        m.Value("netflow_queue_drops_total", ("stage", "sink:test")).ShouldBe(0);
        m.Value("netflow_decode_queued_datagrams").ShouldBe(0);
    }

    [Fact]
    public async Task Ipfix_over_tcp_keeps_its_counts_after_the_connection_closes()
    {
        var ipfix = MetricsHarness.Corpus("packet_ipfix_template.bin");
        var reference = ReferenceDecode([ipfix]);
        reference.Counters.DataRecords.ShouldBeGreaterThan(0);
        await using var collector = await MetricsHarness.StartAsync(MetricsHarness.Defaults with { Listen = ["udp://127.0.0.1:0", "tcp://127.0.0.1:0"] });
        string listener = $"tcp://{collector.Tcp}";

        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(collector.Tcp, TestContext.Current.CancellationToken);
            await client.SendAsync(ipfix, SocketFlags.None, TestContext.Current.CancellationToken);
            var open = await collector.ScrapeUntilAsync(
                // Both: one scrape reads the open connections before the sessions' counters, so it can
                // see a connection's records and not yet the connection (accepted while it ran).
                s => s.Value("netflow_records_decoded_total", ("version", "10"), ("kind", "data")) == reference.Counters.DataRecords
                    && s.Value("netflow_tcp_open_connections", ("listener", listener)) == 1,
                "the IPFIX records of the open connection");
            open.Value("netflow_templates_active").ShouldBe(reference.Templates.Count);
        }

        var m = await collector.ScrapeUntilAsync(s => s.Value("netflow_tcp_open_connections", ("listener", listener)) == 0, "the connection to close");
        m.Value("netflow_tcp_connections_total", ("listener", listener)).ShouldBe(1);
        m.Value("netflow_tcp_received_bytes_total", ("listener", listener)).ShouldBe(ipfix.Length);
        m.Value("netflow_records_decoded_total", ("version", "10"), ("kind", "data")).ShouldBe(reference.Counters.DataRecords, "counters never go down");
        m.Value("netflow_records_decoded_total", ("version", "10"), ("kind", "options")).ShouldBe(reference.Counters.OptionsRecords);
        m.Value("netflow_messages_decoded_total", ("version", "10")).ShouldBe(reference.Counters.MessagesIpfix);
        m.Value("netflow_templates_active").ShouldBe(0, "the connection's templates went with it");
    }

    [Fact]
    public async Task Kernel_drops_come_from_the_socket_table_rows_of_our_listener()
    {
        var proc = Directory.CreateTempSubdirectory("netflow-procnet-");
        try
        {
            await using var collector = await MetricsHarness.StartAsync(metricsOptions: new CollectorMetricsOptions { ProcNetDirectory = proc.FullName });
            int port = collector.Udp.Port;
            // Two sockets on our address and port (SO_REUSEPORT), one on another port, one on another address.
            File.WriteAllLines(Path.Combine(proc.FullName, "udp"),
            [
                "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
                $"  101: 0100007F:{port:X4} 00000000:0000 07 00000000:00000200 00:00000000 00000000     0        0 1001 2 0000000000000000 7",
                $"  102: 0100007F:{port:X4} 00000000:0000 07 00000000:00000100 00:00000000 00000000     0        0 1002 2 0000000000000000 5",
                $"  103: 0100007F:{port + 1 & 0xFFFF:X4} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1003 2 0000000000000000 100",
                $"  104: 0200007F:{port:X4} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1004 2 0000000000000000 1000",
            ]);

            var m = await collector.ScrapeAsync();

            m.Value("netflow_kernel_drops_total", ("listener", collector.UdpListenerLabel)).ShouldBe(12);
            m.Value("netflow_kernel_receive_queue_bytes", ("listener", collector.UdpListenerLabel)).ShouldBe(0x300);
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Kernel_drops_of_the_real_socket_are_read_from_proc()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc/net/udp is Linux's");
        await using var collector = await MetricsHarness.StartAsync();

        var m = await collector.ScrapeAsync();

        // The kernel lists our socket, in the format the parser reads; an idle loopback socket has dropped nothing.
        ProcNetUdp.Read("/proc/net").Count(row => CollectorMetrics.Matches(collector.Udp, row)).ShouldBe(1);
        m.Value("netflow_kernel_drops_total", ("listener", collector.UdpListenerLabel)).ShouldBe(0);
        m.Value("netflow_udp_receive_buffer_bytes", ("listener", collector.UdpListenerLabel)).ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    /// <summary>What our decoder makes of the same datagrams in a session of its own, as a decode worker would.</summary>
    private static ExporterSession ReferenceDecode(IEnumerable<byte[]> datagrams)
    {
        var session = new ExporterSession(IPAddress.Loopback, DecoderOptions.Default with { ApplyTemplateWithdrawals = false });
        var handler = new NullHandler();
        foreach (var datagram in datagrams)
            session.Decode(datagram, DateTime.UtcNow, ref handler);
        return session;
    }

    private struct NullHandler : IFlowRecordHandler
    {
        public readonly void OnRecord(in FlowRecord record) { }
        public readonly void OnError(in DecodeError error) { }
    }
}

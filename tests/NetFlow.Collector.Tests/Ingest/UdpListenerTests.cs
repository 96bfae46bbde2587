using System.Diagnostics;
using System.Net;
using NetFlow.Collector.Ingest;

namespace NetFlow.Collector.Tests.Ingest;

/// <summary>
/// The UDP listener on real loopback sockets, both receivers: recvmmsg threads (Linux) and the
/// async loop kept for elsewhere. The IPv4 sender reaches a [::] socket as an IPv4-mapped address.
/// </summary>
public sealed class UdpListenerTests
{
    private const int V5Bytes = 24 + 48;

    private static void RequireRecvmmsg(ListenerHarness harness)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "recvmmsg is Linux only");
        harness.Listener.UsesRecvmmsg.ShouldBeTrue("Linux, but the listener fell back to the async receive loop");
    }

    private static void ShouldBeInOrder(List<System.Text.Json.JsonElement> records, int count)
    {
        records.Count.ShouldBe(count);
        records.Select(r => r.GetProperty("sourceTransportPort").GetInt32()).ShouldBe(Enumerable.Range(0, count));
    }

    [Fact]
    public async Task On_Linux_each_socket_is_read_by_a_named_thread_that_ends_on_dispose()
    {
        var harness = new ListenerHarness(recvmmsg: true, sockets: 2);
        await using var _ = harness;
        RequireRecvmmsg(harness);
        string name = $"udp-recv :{harness.Listener.LocalEndPoint!.Port}";
        // A new thread takes its name once it runs, which may be just after Start returned.
        await ListenerHarness.WaitForAsync(() => ReceiveThreads(name) == 2, "two receive threads with the port in their name");
        ReceiveThreads(name).ShouldBe(2);

        await harness.StopAsync();
        await ListenerHarness.WaitForAsync(() => ReceiveThreads(name) == 0, "the receive threads to end");
    }

    private static int ReceiveThreads(string name) =>
        Directory.GetDirectories("/proc/self/task").Count(t => File.ReadAllText(Path.Combine(t, "comm")).TrimEnd('\n') == name);

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_burst_arrives_complete_and_in_order_per_exporter(bool recvmmsg, bool dualStack)
    {
        const int PerExporter = 1000, Burst = 100;
        var harness = new ListenerHarness(recvmmsg, dualStack ? "udp://[::]:0" : "udp://127.0.0.1:0");
        await using var _ = harness;
        int exporters = dualStack ? 2 : 1;
        // Bursts of 100 per exporter, each read before the next: recvmmsg gets full batches, and
        // even a kernel at the default net.core.rmem_max (416 KiB granted) has room for a burst.
        for (int start = 0; start < PerExporter; start += Burst)
        {
            for (int i = start; i < start + Burst; i++)
            {
                harness.SendV4(ExportPackets.V5(i));
                if (dualStack)
                    harness.SendV6(ExportPackets.V5(i));
            }
            await ListenerHarness.WaitForAsync(() => Interlocked.Read(ref harness.Listener.Datagrams) == exporters * (start + Burst), "the burst read");
        }
        await ListenerHarness.WaitForAsync(
            () => harness.DecodedDatagrams(ListenerHarness.V4Exporter) == PerExporter && (!dualStack || harness.DecodedDatagrams(ListenerHarness.V6Exporter) == PerExporter),
            "every datagram decoded");
        await harness.StopAsync();

        harness.Exporters.Keys.ShouldBe(dualStack ? [ListenerHarness.V4Exporter, ListenerHarness.V6Exporter] : [ListenerHarness.V4Exporter], ignoreOrder: true);
        ShouldBeInOrder(harness.RecordsOf("127.0.0.1"), PerExporter);
        if (dualStack)
            ShouldBeInOrder(harness.RecordsOf("::1"), PerExporter);
        var listener = harness.Listener;
        listener.Datagrams.ShouldBe(exporters * PerExporter);
        listener.Bytes.ShouldBe(exporters * PerExporter * V5Bytes);
        (listener.Denied, listener.Truncated, listener.ReceiveErrors, harness.QueueDrops).ShouldBe((0L, 0L, 0L, 0L));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Datagrams_up_to_the_largest_UDP_payload_arrive_whole(bool recvmmsg)
    {
        var harness = new ListenerHarness(recvmmsg);
        await using var _ = harness;
        // The largest payloads: 65,535 less the IPv4 and UDP headers, and less the UDP header over IPv6.
        var (v4Message, v4Records) = ExportPackets.Ipfix(65_507, tag: 4);
        var (v6Message, v6Records) = ExportPackets.Ipfix(65_527, tag: 6);
        harness.SendV4(ExportPackets.V5(0));
        harness.SendV6(ExportPackets.V5(0));
        harness.SendV4(v4Message);
        harness.SendV6(v6Message);
        harness.SendV4(ExportPackets.V5(1));
        harness.SendV6(ExportPackets.V5(1));
        await ListenerHarness.WaitForAsync(
            () => harness.DecodedDatagrams(ListenerHarness.V4Exporter) == 3 && harness.DecodedDatagrams(ListenerHarness.V6Exporter) == 3,
            "every datagram decoded");
        await harness.StopAsync();

        foreach (var (exporter, name, message, records, tag) in new[]
        {
            (ListenerHarness.V4Exporter, "127.0.0.1", v4Message, v4Records, 4),
            (ListenerHarness.V6Exporter, "::1", v6Message, v6Records, 6),
        })
        {
            var state = harness.Exporters[exporter];
            state.Bytes.ShouldBe(2 * V5Bytes + message.Length);
            state.Session.Counters.TotalErrors.ShouldBe(0);
            var ipfix = harness.RecordsOf(name).Where(r => r.GetProperty("version").GetInt32() == 10).ToList();
            ipfix.Count.ShouldBe(records);
            ipfix.Select(r => r.GetProperty("sourceTransportPort").GetInt32()).ShouldBe(Enumerable.Range(0, records));
            ipfix.ShouldAllBe(r => r.GetProperty("destinationTransportPort").GetInt32() == tag);
        }
        harness.Listener.Datagrams.ShouldBe(6);
        harness.Listener.Bytes.ShouldBe(4 * V5Bytes + v4Message.Length + v6Message.Length);
        harness.Listener.Truncated.ShouldBe(0);
    }

    [Fact]
    public async Task A_datagram_longer_than_its_slot_is_counted_as_truncated_and_never_decoded_cut()
    {
        // Only a smaller slot than the default can be overrun: the default holds any UDP payload.
        var harness = new ListenerHarness(recvmmsg: true, listen: "udp://127.0.0.1:0", slotBytes: 2048);
        await using var _ = harness;
        RequireRecvmmsg(harness);
        var (tooLong, _) = ExportPackets.Ipfix(3000, tag: 1);
        harness.SendV4(ExportPackets.V5(0));
        harness.SendV4(tooLong);
        harness.SendV4(ExportPackets.V5(1));
        await ListenerHarness.WaitForAsync(() => harness.Listener.Datagrams == 3 && harness.DecodedDatagrams(ListenerHarness.V4Exporter) == 2, "3 datagrams read, 2 decoded");
        await harness.StopAsync();

        harness.Listener.Truncated.ShouldBe(1);
        harness.Listener.Bytes.ShouldBe(2 * V5Bytes + 3000, "the length as sent, not as cut");
        var state = harness.Exporters[ListenerHarness.V4Exporter];
        state.Bytes.ShouldBe(2 * V5Bytes);
        state.Session.Counters.TotalErrors.ShouldBe(0);
        ShouldBeInOrder(harness.RecordsOf("127.0.0.1"), 2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dispose_stops_the_receivers_promptly_and_drains_what_the_kernel_held(bool recvmmsg)
    {
        const int PerExporter = 100; // all of them wait in the kernel: within even the default receive buffer
        var harness = new ListenerHarness(recvmmsg, sockets: 2);
        await using var _ = harness;
        var stopping = Stopwatch.StartNew();
        await harness.Listener.StopReceivingAsync();
        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "an idle receiver waits at most its receive timeout");

        // Sent after the receivers ended: only the drain can read these.
        for (int i = 0; i < PerExporter; i++)
        {
            harness.SendV4(ExportPackets.V5(i));
            harness.SendV6(ExportPackets.V5(i));
        }
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await harness.StopAsync();

        harness.Listener.Drained.ShouldBe(2 * PerExporter);
        harness.Listener.Datagrams.ShouldBe(2 * PerExporter);
        ShouldBeInOrder(harness.RecordsOf("127.0.0.1"), PerExporter);
        ShouldBeInOrder(harness.RecordsOf("::1"), PerExporter);
        harness.QueueDrops.ShouldBe(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Counters_add_up_with_denied_exporters(bool recvmmsg)
    {
        const int PerExporter = 100;
        var harness = new ListenerHarness(recvmmsg, allow: ["::1"]);
        await using var _ = harness;
        for (int i = 0; i < PerExporter; i++)
        {
            harness.SendV4(ExportPackets.V5(i));
            harness.SendV6(ExportPackets.V5(i));
        }
        await ListenerHarness.WaitForAsync(
            () => harness.Listener.Datagrams == 2 * PerExporter && harness.DecodedDatagrams(ListenerHarness.V6Exporter) == PerExporter,
            "every datagram read and the allowed ones decoded");
        await harness.StopAsync();

        var listener = harness.Listener;
        listener.Denied.ShouldBe(PerExporter);
        listener.Bytes.ShouldBe(2 * PerExporter * V5Bytes);
        (listener.Denied + harness.DecodedDatagrams(ListenerHarness.V6Exporter) + harness.QueueDrops + listener.Truncated).ShouldBe(listener.Datagrams);
        harness.Exporters.Keys.ShouldBe([ListenerHarness.V6Exporter]);
        harness.RecordsOf("127.0.0.1").ShouldBeEmpty();
        ShouldBeInOrder(harness.RecordsOf("::1"), PerExporter);
    }

    /// <summary>
    /// One send of <paramref name="datagrams"/> through UDP segmentation offload (UDP_SEGMENT): the
    /// kernel cuts it into datagrams of the first one's size, as if each had been sent alone. On
    /// loopback a GRO socket then receives them as one coalesced receive, as it would from a NIC.
    /// </summary>
    private static void SendSegmented(ListenerHarness harness, IReadOnlyList<byte[]> datagrams)
    {
        const int SolUdp = 17, UdpSegment = 103;
        using var sender = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        sender.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(datagrams[0].Length));
        sender.SendTo([.. datagrams.SelectMany(d => d)], new IPEndPoint(IPAddress.Loopback, harness.Listener.LocalEndPoint!.Port));
    }

    /// <summary>Ten IPFIX messages of 200 bytes and a last of 120 (a coalesced run may end shorter), each with its index as destination port.</summary>
    private static List<(byte[] Message, int Records)> SegmentRun() =>
        [.. Enumerable.Range(0, 11).Select(i => ExportPackets.Ipfix(i < 10 ? 200 : 120, tag: (ushort)i))];

    /// <summary>Sends <see cref="SegmentRun"/> in one segmented send, waits until the listener has read every datagram of it (admitted or not), and stops; returns how many it sent.</summary>
    private static async Task<int> SendRunUntilReadAsync(ListenerHarness harness)
    {
        RequireRecvmmsg(harness);
        var run = SegmentRun();
        SendSegmented(harness, [.. run.Select(r => r.Message)]);
        await ListenerHarness.WaitForAsync(() => harness.Listener.Datagrams == run.Count, "the run read");
        await harness.StopAsync();
        return run.Count;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Datagrams_the_kernel_coalesced_are_split_again_and_decoded_one_by_one(bool gro)
    {
        var harness = new ListenerHarness(recvmmsg: true, listen: "udp://127.0.0.1:0", gro: gro);
        await using var _ = harness;
        RequireRecvmmsg(harness);
        harness.Listener.UsesGro.ShouldBe(gro, "Linux 5.0 and later take UDP_GRO");
        var run = SegmentRun();
        SendSegmented(harness, [.. run.Select(r => r.Message)]);
        await ListenerHarness.WaitForAsync(() => harness.DecodedDatagrams(ListenerHarness.V4Exporter) == run.Count, "every datagram decoded");
        await harness.StopAsync();

        var listener = harness.Listener;
        listener.Datagrams.ShouldBe(run.Count, "counted one by one, coalesced or not");
        listener.Bytes.ShouldBe(run.Sum(r => r.Message.Length));
        listener.CoalescedReceives.ShouldBe(gro ? 1 : 0, "the whole send as one receive with GRO, none without");
        var state = harness.Exporters[ListenerHarness.V4Exporter];
        state.Bytes.ShouldBe(run.Sum(r => r.Message.Length));
        state.Session.Counters.TotalErrors.ShouldBe(0, "no datagram cut at the wrong place");
        var records = harness.RecordsOf("127.0.0.1");
        records.Count.ShouldBe(run.Sum(r => r.Records));
        // In order, each datagram whole: its records carry its index, numbered from 0.
        var expected = run.SelectMany((r, i) => Enumerable.Range(0, r.Records).Select(port => (i, port)));
        records.Select(r => (r.GetProperty("destinationTransportPort").GetInt32(), r.GetProperty("sourceTransportPort").GetInt32())).ShouldBe(expected);
    }

    [Fact]
    public async Task A_coalesced_receive_from_a_denied_exporter_counts_each_of_its_datagrams_as_denied()
    {
        var harness = new ListenerHarness(recvmmsg: true, listen: "udp://127.0.0.1:0", allow: ["192.0.2.0/24"]);
        await using var _ = harness;
        int sent = await SendRunUntilReadAsync(harness);

        harness.Listener.CoalescedReceives.ShouldBe(1);
        harness.Listener.Denied.ShouldBe(sent);
        harness.Exporters.ShouldBeEmpty();
        harness.Sink.Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_coalesced_receive_the_decode_queue_has_no_room_for_counts_each_of_its_datagrams_as_dropped()
    {
        // The run is 2 120 bytes, more than the queue holds: refused whole, every datagram of it counted.
        var harness = new ListenerHarness(recvmmsg: true, listen: "udp://127.0.0.1:0", decodeQueueBytes: 2000);
        await using var _ = harness;
        int sent = await SendRunUntilReadAsync(harness);

        harness.Listener.CoalescedReceives.ShouldBe(1);
        harness.QueueDrops.ShouldBe(sent, "each datagram of the refused receive");
        harness.Sink.Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_coalesced_receive_longer_than_its_slot_counts_each_of_its_datagrams_as_truncated()
    {
        // Only a slot smaller than the default can be overrun: the kernel coalesces at most 64 KiB.
        var harness = new ListenerHarness(recvmmsg: true, listen: "udp://127.0.0.1:0", slotBytes: 1024);
        await using var _ = harness;
        int sent = await SendRunUntilReadAsync(harness);

        harness.Listener.CoalescedReceives.ShouldBe(1);
        harness.Listener.Truncated.ShouldBe(sent, "each datagram of the cut receive, as Datagrams counts them");
        harness.Exporters.ShouldBeEmpty("nothing of it decoded");
    }
}

using System.Net;
using System.Net.Sockets;
using NetFlow.Capture;
using NetFlow.Integration.Tests.Collect;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// The same export datagrams go to nfcapd 1.7.1 and to `netflow collect --store`; then nfdump's
/// answers and `netflow query`'s agree group for group and flow for flow: top destination ports by
/// bytes, top sources by flows, protocol totals (every group and the top-10 cut), and filtered
/// listings compared as multisets. The export is of <see cref="StoreTrafficPcap"/> (a few hundred
/// flows): softflowd's v9 and IPFIX, and nfreplay's v9 replay of the nfcapd file that softflowd's
/// IPFIX export made. Presentation differences are the named rules of <see cref="StoreNfdumpConventions"/>.
/// </summary>
public sealed class StoreAgreesWithNfdumpTests(DifferentialRun run, ITestOutputHelper output)
{
    public const string SoftflowdV9 = "softflowd v9";
    public const string SoftflowdIpfix = "softflowd IPFIX";
    public const string NfreplayV9 = "nfreplay v9 of nfcapd's file";

    /// <summary>Everything: `nfdump -n 0`; `netflow query --top` this large.</summary>
    private const int All = 100_000;
    private const int TopTen = 10;
    private const int TopTwo = 2;

    public static TheoryData<string> Exports => [SoftflowdV9, SoftflowdIpfix, NfreplayV9];

    /// <summary>Filters both tools take as they are; each listing is compared as a multiset of flows.</summary>
    public static readonly string[] ListingFilters =
    [
        "proto tcp and dst port 80",
        "net 10.10.1.0/24",
        "src net 2001:db8:20::/64 or (proto udp and bytes > 200)",
        "not proto tcp and not host 10.20.0.53",
    ];

    [Theory]
    [MemberData(nameof(Exports))]
    public void Top_n_statistics_and_filtered_listings_agree_with_nfdump_row_for_row(string export)
    {
        var directory = CollectDirectory.Create(run, "store-vs-nfdump-" + new string([.. export.Where(char.IsLetterOrDigit)]));
        var datagrams = Datagrams(export, directory);

        // nfcapd: the datagrams from a socket, SIGTERM, nfdump reads the directory.
        var nfcapd = NfcapdCollector.Collect(datagrams, directory, "nfcapd");
        var nfcapdDirectory = Path.Combine(directory, "nfcapd");
        nfcapd.CollectedFlows.ShouldBeGreaterThan(300, $"{export}: the capture should make a few hundred flows\n{nfcapd.NfcapdOutput}");

        // netflow collect: the same datagrams, SIGTERM finishes the open store file.
        var store = Path.Combine(directory, "store");
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.None, "--store", store, "--store-rotation", "1m"))
        {
            Send(datagrams, collector.EndPoint);
            KernelUdpSockets.WaitUntilRead(collector.Port, TimeSpan.FromSeconds(10)).Drops.ShouldBe(0);
            stopped = collector.Stop(TimeSpan.FromSeconds(30));
        }
        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        StoreCli.FlowCount(store).ShouldBe((ulong)nfcapd.CollectedFlows, $"{export}: flows in the store vs nfcapd's 'Flows:' count");

        // Top destination ports by bytes, over the flows that have ports (ICMP: see the rule).
        var portFilter = StoreNfdumpConventions.FlowsWithPorts;
        CompareStatistic(store, nfcapdDirectory, "dstport", "bytes", portFilter, TopTen, export);
        // Top sources by flows, every flow.
        CompareStatistic(store, nfcapdDirectory, "srcip", "flows", null, TopTen, export);
        // Protocol totals: where the ICMP flows left out of the port statistic are compared.
        CompareStatistic(store, nfcapdDirectory, "proto", "packets", null, TopTwo, export);

        foreach (var filter in ListingFilters)
        {
            var theirs = ListedFlow.FromNfdump(NfdumpCli.Listing(nfcapdDirectory, filter));
            var ours = ListedFlow.FromQuery(StoreCli.Query(store, filter, "--limit", "0"));
            theirs.ShouldNotBeEmpty($"{export}: nfdump '{filter}' matched nothing, so the comparison would prove nothing");
            ListedFlow.ShouldAgree(ours, theirs, $"{export}: listing '{filter}'");
            output.WriteLine($"{export}: listing '{filter}': {ours.Count} flows agree");
        }
    }

    /// <summary>`nfdump -s KEY/ORDER` vs `netflow query --top N --by KEY --order ORDER`: every group, then the top <paramref name="top"/>.</summary>
    private void CompareStatistic(string store, string nfcapdDirectory, string key, string order, string? filter, int top, string export)
    {
        string[] queryFilter = filter is null ? [] : [filter];
        var theirsAll = StatisticRow.FromNfdump(NfdumpCli.Statistics(nfcapdDirectory, $"{key}/{order}", 0, filter));
        var oursAll = StatisticRow.FromQuery(StoreCli.Query(store, [.. queryFilter, "--top", All.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", key, "--order", order]), key);
        StatisticRow.ShouldAgree(oursAll, theirsAll, order, $"{export}: -s {key}/{order} {filter}, every group");
        theirsAll.Count.ShouldBeGreaterThan(top, $"{export}: -s {key}/{order} should have more groups than the top-{top} cut");

        var theirsTop = StatisticRow.FromNfdump(NfdumpCli.Statistics(nfcapdDirectory, $"{key}/{order}", top, filter));
        var oursTop = StatisticRow.FromQuery(StoreCli.Query(store, [.. queryFilter, "--top", top.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", key, "--order", order]), key);
        StatisticRow.ShouldAgree(oursTop, theirsTop, order, $"{export}: -s {key}/{order} -n {top} {filter}", theirsAll);
        output.WriteLine($"{export}: -s {key}/{order}: {oursAll.Count} groups agree; top {top}: {string.Join(", ", oursTop.Select(r => $"{r.Key}={r.Rank(order)}"))}");
    }

    private IReadOnlyList<CapturedDatagram> Datagrams(string export, string directory)
    {
        var pcap = Path.Combine(directory, "many-flows.pcap");
        StoreTrafficPcap.Write(pcap);
        switch (export)
        {
            case SoftflowdV9:
                return SoftflowdExporter.Run(pcap, 9, directory).Datagrams;
            case SoftflowdIpfix:
                return SoftflowdExporter.Run(pcap, 10, directory).Datagrams;
            case NfreplayV9:
                var ipfix = SoftflowdExporter.Run(pcap, 10, directory);
                var source = NfcapdCollector.Collect(ipfix.Datagrams, directory, "nfcapd-source");
                var file = Directory.GetFiles(Path.Combine(directory, "nfcapd-source"), "nfcapd.*").ShouldHaveSingleItem();
                var replayed = NfreplayExporter.Replay(file, directory);
                output.WriteLine($"nfreplay -v 9 of {Path.GetFileName(file)} ({source.CollectedFlows} flows): {replayed.Count} datagrams");
                return replayed;
            default:
                throw new ArgumentOutOfRangeException(nameof(export), export, "unknown export");
        }
    }

    private static void Send(IReadOnlyList<CapturedDatagram> datagrams, IPEndPoint collector)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        foreach (var datagram in datagrams)
            socket.SendTo(datagram.Payload.Span, collector);
    }
}

using System.Net;
using NetFlow.Capture;
using NetFlow.Generator.Replay;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Replay;

/// <summary>`netflow replay`: every datagram arrives byte for byte, in order, at the timing asked for.</summary>
public sealed class ReplayTests : IDisposable
{
    private static readonly string SoftflowdCorpus = Path.Combine(AppContext.BaseDirectory, "data", "corpus", "softflowd");
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-replay-").FullName;

    /// <summary>The corpus's datagram files in name order (packet_invalid.bin included: raw files are sent whatever they hold).</summary>
    private static string[] CorpusFiles => [.. Directory.GetFiles(SoftflowdCorpus, "*.bin").Order(StringComparer.Ordinal)];

    [Fact]
    public void The_softflowd_corpus_files_arrive_byte_identical_and_in_order()
    {
        var files = CorpusFiles;
        files.Length.ShouldBe(14);
        var (report, received) = Replay(files, new ReplayOptions { Timing = ReplayTiming.AsFast });

        received.Select(d => d.Payload).ShouldBe(files.Select(File.ReadAllBytes));
        report.Packets.ShouldBe(14);
        report.Bytes.ShouldBe(files.Sum(f => new FileInfo(f).Length));
        report.Records.ShouldBeNull();
        report.SendErrors.ShouldBe(0);
    }

    [Fact]
    public void A_capture_replays_its_export_datagrams_in_order_and_leaves_other_udp_behind()
    {
        var exports = CorpusFiles.Where(f => !f.EndsWith("packet_invalid.bin", StringComparison.Ordinal)).Select(File.ReadAllBytes).ToList();
        var capture = WriteCapture("exports.pcap", exports, interval: TimeSpan.FromMilliseconds(1), withDns: true);

        using var replayer = NewReplayer(out var receiver, new ReplayOptions { Timing = ReplayTiming.AsFast, Loops = 2 });
        using (receiver)
        {
            var report = replayer.Run([capture], TestContext.Current.CancellationToken);
            var received = receiver.WaitFor(2 * exports.Count);
            received.Select(d => d.Payload).ShouldBe([.. exports, .. exports]);
            report.Packets.ShouldBe(2 * exports.Count);
            replayer.SkippedDatagrams.ShouldBe(2); // the DNS query, once per loop
            received.ShouldAllBe(d => d.Source.Equals(replayer.SourceEndpoint));
        }
    }

    [Fact]
    public void Original_timing_keeps_the_gaps_of_the_capture()
    {
        var datagrams = Enumerable.Repeat(File.ReadAllBytes(Path.Combine(SoftflowdCorpus, "packet_v5.bin")), 6).ToList();
        var capture = WriteCapture("spaced.pcap", datagrams, interval: TimeSpan.FromMilliseconds(60), withDns: false);

        var (report, received) = Replay([capture], new ReplayOptions { Timing = ReplayTiming.Original });

        received.Count.ShouldBe(6);
        report.Seconds.ShouldBeInRange(0.29, 0.40);
        // Each send is due at its capture offset (60 ms apart) from the start, so one late send (or a
        // late wake of this receiver on a loaded machine) makes one gap long and the next short, and
        // a late first datagram makes every later one look early against it. So: each datagram's
        // lateness against the schedule, from the least late one, is small (sent as fast as possible,
        // or at twice the gaps, the last would be 300 ms off), and the typical gap is the capture's.
        var arrivals = received.Select(d => (d.ReceivedUtc - received[0].ReceivedUtc).TotalMilliseconds).ToList();
        var behind = arrivals.Select((t, i) => t - 60 * i).ToList();
        double onTime = behind.Min();
        for (int i = 0; i < behind.Count; i++)
            (behind[i] - onTime).ShouldBeLessThan(100, $"datagram {i} behind the capture's schedule");
        var gaps = arrivals.Zip(arrivals.Skip(1), (x, y) => y - x).Order().ToList();
        gaps[gaps.Count / 2].ShouldBeInRange(50, 75, "median gap");
    }

    [Fact]
    public void Pps_timing_sends_at_the_rate_asked_for()
    {
        var files = CorpusFiles;
        var (report, received) = Replay(files, new ReplayOptions { Timing = ReplayTiming.Pps, PacketsPerSecond = 70, Loops = 2 });

        received.Count.ShouldBe(28);
        report.Seconds.ShouldBeInRange(0.39, 0.41); // 28 datagrams at 70/s: 0.4 s
        report.PacketsPerSecond.ShouldBeInRange(68.6, 71.4);
    }

    private (SendReport Report, IReadOnlyList<ReceivedDatagram> Received) Replay(IReadOnlyList<string> files, ReplayOptions options)
    {
        using var replayer = NewReplayer(out var receiver, options);
        using (receiver)
        {
            var report = replayer.Run(files, TestContext.Current.CancellationToken);
            return (report, receiver.WaitFor(report.Packets));
        }
    }

    private static DatagramReplayer NewReplayer(out LoopbackReceiver receiver, ReplayOptions options)
    {
        receiver = new LoopbackReceiver();
        return new DatagramReplayer(receiver.Endpoint, options);
    }

    /// <summary>A pcap of the datagrams from two exporters to a collector, <paramref name="interval"/> apart, with a DNS query among them.</summary>
    private string WriteCapture(string name, IReadOnlyList<byte[]> payloads, TimeSpan interval, bool withDns)
    {
        var path = Path.Combine(_directory, name);
        var collector = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 2055);
        var time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new PcapWriter(path);
        for (int i = 0; i < payloads.Count; i++)
        {
            if (withDns && i == 3)
                writer.Write(new CapturedDatagram(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 33000), new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53),
                    time, new byte[] { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0 }));
            var exporter = new IPEndPoint(IPAddress.Parse(i % 2 == 0 ? "192.0.2.1" : "192.0.2.2"), 50000);
            writer.Write(new CapturedDatagram(exporter, collector, time, payloads[i]));
            time += interval;
        }
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

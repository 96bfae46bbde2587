using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using NetFlow.Generator.Tests.Support;

namespace NetFlow.Generator.Tests.Peers;

/// <summary>nfcapd 1.7.1 (Debian's nfdump) receiving a generated v9 stream stores exactly the records sent, as nfdump counts them.</summary>
public sealed partial class NfcapdStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-generate-nfcapd-").FullName;

    [Fact]
    public void Nfcapd_stores_every_record_of_a_generated_v9_stream_from_two_exporters()
    {
        var nfcapd = Support.Peers.Nfcapd;
        var nfdump = Support.Peers.Nfdump;
        int port = FreePort();
        using var collector = ChildProcess.Start(nfcapd, ["-b", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-w", _directory, "-t", "60", "-B", "8388608"]);
        WaitUntilBound(port, collector);

        SendReport report;
        using (var generator = new LoadGenerator(new IPEndPoint(IPAddress.Loopback, port),
            new GeneratorOptions { Exporters = 2, Flows = 500, Count = 402, Rate = SendRate.PacketsPerSecond(20_000) }))
        {
            report = generator.Run(TestContext.Current.CancellationToken);
        }
        report.SendErrors.ShouldBe(0);
        report.Records.ShouldBe(400 * 28);
        WaitUntilRead(port);
        Thread.Sleep(200); // the datagram last read may still be being processed; SIGTERM is checked between reads
        collector.Terminate();
        var stopped = collector.WaitForExit(TimeSpan.FromSeconds(20)).EnsureSuccess("nfcapd");
        (stopped.StandardOutput + stopped.StandardError).ShouldContain("Sequence Errors: 0");

        var environment = new Dictionary<string, string> { ["TZ"] = "UTC" };
        var statistics = ChildProcess.Run(nfdump, ["-R", _directory, "-I"], TimeSpan.FromSeconds(30), environment).EnsureSuccess("nfdump -I");
        long.Parse(FlowsLine().Match(statistics.StandardOutput).Groups[1].Value, CultureInfo.InvariantCulture).ShouldBe(report.Records!.Value);

        var csv = ChildProcess.Run(nfdump, ["-R", _directory, "-q", "-N", "-o", "fmt:%sa|%da|%sp|%dp|%pr|%ipkt|%ibyt"], TimeSpan.FromSeconds(30), environment)
            .EnsureSuccess("nfdump -o fmt");
        var rows = csv.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join('|', l.Split('|').Select(c => c.Trim()))).ToList();
        rows.Count.ShouldBe(11_200);
        // Both exporters cycle over flows 0..499: every row is one of them with its exact values, and every one is there.
        var expected = Enumerable.Range(0, 500).Select(i => new SyntheticFlow(i))
            .Select(f => $"{f.SourceAddress(false)}|{f.DestinationAddress(false)}|{f.SourcePort}|{f.DestinationPort}|{f.Protocol}|{f.Packets}|{f.Bytes}")
            .ToHashSet();
        rows.Where(r => !expected.Contains(r)).Take(5).ShouldBeEmpty();
        rows.Distinct().Count().ShouldBe(500);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static void WaitUntilBound(int port, ChildProcess owner)
    {
        var clock = Stopwatch.StartNew();
        while (ReceiveQueue(port) is null)
        {
            owner.HasExited.ShouldBeFalse($"nfcapd exited before binding UDP port {port}");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), $"nfcapd did not bind UDP port {port}");
            Thread.Sleep(20);
        }
    }

    private static void WaitUntilRead(int port)
    {
        var clock = Stopwatch.StartNew();
        while (ReceiveQueue(port) is > 0)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), $"nfcapd did not read what was queued on port {port}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Bytes queued on the socket bound to 127.0.0.1:port, from /proc/net/udp (0100007F:PORT in hex); null when none is bound.</summary>
    private static long? ReceiveQueue(int port)
    {
        var local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 4 && columns[1] == local)
                return long.Parse(columns[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [GeneratedRegex(@"^Flows: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FlowsLine();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

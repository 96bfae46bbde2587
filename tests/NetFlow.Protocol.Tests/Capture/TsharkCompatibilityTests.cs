using System.Diagnostics;
using System.Net;
using NetFlow.Capture;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>
/// Files from PcapWriter are meant for Wireshark, so a real dissector checks them: header layout,
/// lengths and checksums that a round trip through our own reader could not catch.
/// </summary>
[Trait("Requires", "tshark")]
public sealed class TsharkCompatibilityTests
{
    private const string TsharkPath = "/usr/bin/tshark";

    private static readonly DateTime Timestamp = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Tshark_reads_the_ports_and_addresses_PcapWriter_wrote()
    {
        using var directory = new TempDirectory();
        var path = WriteSample(directory);

        var lines = await RunTshark("-r", path, "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "ip.src");

        lines.ShouldBe(["40001\t2055\t192.0.2.10", "40002\t4739\t"]);
    }

    [Fact]
    public async Task Tshark_finds_the_ipv4_header_checksum_and_ipv6_udp_checksum_good()
    {
        using var directory = new TempDirectory();
        var path = WriteSample(directory);

        // Checksum validation is off by default in Wireshark; 1 is PROTO_CHECKSUM_E_GOOD, 3 "not present"
        // (a zero UDP checksum over IPv4, which RFC 768 allows).
        var lines = await RunTshark("-r", path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-T", "fields", "-e", "ipv6.src", "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "udp.length",
            "-e", "frame.time_epoch");

        lines.ShouldBe(["\t1\t3\t28\t1735689600.000000000", "2001:db8::10\t\t1\t108\t1735689600.000001000"]);
    }

    private static string WriteSample(TempDirectory directory)
    {
        var path = directory.File("sample.pcap");
        using var writer = new PcapWriter(path);
        writer.Write(new CapturedDatagram(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40001),
            new IPEndPoint(IPAddress.Parse("198.51.100.1"), 2055), Timestamp, TestFrames.Payload(20)));
        writer.Write(new CapturedDatagram(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 40002),
            new IPEndPoint(IPAddress.Parse("2001:db8::1"), 4739), Timestamp.AddTicks(10), TestFrames.Payload(100)));
        return path;
    }

    private static async Task<string[]> RunTshark(params string[] arguments)
    {
        // Missing tshark must fail, not skip: this is the only check of PcapWriter against Wireshark.
        if (!File.Exists(TsharkPath))
            Assert.Fail($"{TsharkPath} not found: install tshark (Wireshark 4.x, `apt-get install tshark`) to verify PcapWriter output.");

        var startInfo = new ProcessStartInfo(TsharkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        process.ExitCode.ShouldBe(0, $"tshark failed: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

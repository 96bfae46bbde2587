using System.Globalization;
using System.Text.RegularExpressions;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>softflowd 1.1.0 reading a traffic capture (`-r`) and exporting it to our <see cref="ExportReceiver"/>.</summary>
public static partial class SoftflowdExporter
{
    /// <summary>
    /// Time options per TOOLS.md: without `-A milli` (v9, IPFIX) or `-a` (v5) the flow times mix
    /// pcap time with wall-clock uptime. Never `-c` with `-r`: softflowd would then block in
    /// accept() and export nothing. It exits by itself at the end of the capture, after flushing.
    /// </summary>
    public static ExportCapture Run(string trafficPcap, int version, string workDirectory)
    {
        var softflowd = PeerLocator.Softflowd;
        using var receiver = new ExportReceiver(version);
        var timeOption = version == 5 ? new[] { "-a" } : ["-A", "milli"];
        string[] arguments =
        [
            "-r", trafficPcap,
            "-n", $"127.0.0.1:{receiver.Port}",
            "-v", version.ToString(CultureInfo.InvariantCulture),
            .. timeOption,
            "-p", Path.Combine(workDirectory, $"softflowd-v{version}.pid"),
        ];

        ProcessResult result;
        using (var process = ExternalProcess.Start(softflowd, arguments, workingDirectory: workDirectory))
        {
            receiver.ReceiveWhileRunning(process, TimeSpan.FromSeconds(60));
            result = process.WaitForExit(TimeSpan.FromSeconds(1)).EnsureSuccess();
        }
        var output = result.StandardOutput + result.StandardError;
        var (records, packets) = ParseStatistics(output);
        receiver.Drain(packets, TimeSpan.FromMilliseconds(200));
        if (receiver.Datagrams.Count != packets)
            throw new InvalidOperationException(
                $"softflowd -v {version} says it exported {packets} packets but {receiver.Datagrams.Count} arrived.\n{output}");

        var pcap = Path.Combine(workDirectory, $"softflowd-v{version}.pcap");
        ExportCapture.WritePcap(pcap, receiver.Datagrams);
        return new ExportCapture("softflowd", version, receiver.Datagrams.ToList(), pcap, records, output);
    }

    /// <summary>softflowd's exit summary: "Flows exported: 12 (20 records) in 2 packets (0 failures)".</summary>
    private static (int Records, int Packets) ParseStatistics(string output)
    {
        var match = ExportedLine().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"softflowd printed no 'Flows exported' statistics:\n{output}");
        var failures = int.Parse(match.Groups["failures"].Value, CultureInfo.InvariantCulture);
        if (failures != 0)
            throw new InvalidOperationException($"softflowd reports {failures} failed sends:\n{output}");
        return (int.Parse(match.Groups["records"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Flows exported: \d+ \((?<records>\d+) records\) in (?<packets>\d+) packets \((?<failures>\d+) failures\)")]
    private static partial Regex ExportedLine();
}

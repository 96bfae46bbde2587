using System.Globalization;
using System.Text.RegularExpressions;
using NetFlow.Integration.Tests.Differential;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>What an exporter said when it finished sending straight to a collector.</summary>
/// <param name="Records">softflowd's own count of exported records; null for pmacctd, which reports none.</param>
/// <param name="Packets">softflowd's own count of exported datagrams; null for pmacctd.</param>
public sealed record LiveExportResult(string Exporter, int Version, int? Records, int? Packets, string Output);

/// <summary>
/// A real exporter reading the traffic capture and sending its export straight to a collector's
/// port (no test socket in between), with the options <see cref="SoftflowdExporter"/> and
/// <see cref="PmacctExporter"/> use (TOOLS.md: `-A milli`/`-a`, never `-c` with `-r`; pmacctd
/// `expint=1` and `pcap_savefile_wait: false`, so both exit by themselves after flushing).
/// </summary>
public static partial class LiveExport
{
    public static LiveExportResult Run(string exporter, int version, string trafficPcap, int collectorPort, string workDirectory) => exporter switch
    {
        ExportCases.Softflowd => Softflowd(version, trafficPcap, collectorPort, workDirectory),
        ExportCases.Pmacctd => Pmacctd(version, trafficPcap, collectorPort, workDirectory),
        _ => throw new ArgumentOutOfRangeException(nameof(exporter), exporter, "unknown exporter"),
    };

    public static LiveExportResult Softflowd(int version, string trafficPcap, int collectorPort, string workDirectory)
    {
        var softflowd = PeerLocator.Softflowd;
        var timeOption = version == 5 ? new[] { "-a" } : ["-A", "milli"];
        string[] arguments =
        [
            "-r", trafficPcap,
            "-n", $"127.0.0.1:{collectorPort.ToString(CultureInfo.InvariantCulture)}",
            "-v", version.ToString(CultureInfo.InvariantCulture),
            .. timeOption,
            "-p", Path.Combine(workDirectory, $"softflowd-live-v{version}-{Guid.NewGuid():N}.pid"),
        ];
        var result = ExternalProcess.Run(softflowd, arguments, TimeSpan.FromSeconds(60), workingDirectory: workDirectory).EnsureSuccess();
        var output = result.StandardOutput + result.StandardError;
        var match = ExportedLine().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"softflowd printed no 'Flows exported' statistics:\n{output}");
        if (match.Groups["failures"].Value != "0")
            throw new InvalidOperationException($"softflowd reports failed sends:\n{output}");
        return new LiveExportResult(ExportCases.Softflowd, version,
            int.Parse(match.Groups["records"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture), output);
    }

    public static LiveExportResult Pmacctd(int version, string trafficPcap, int collectorPort, string workDirectory)
    {
        var pmacctd = PeerLocator.Pmacctd;
        var config = Path.Combine(workDirectory, $"pmacctd-live-v{version}-{Guid.NewGuid():N}.conf");
        File.WriteAllLines(config,
        [
            "daemonize: false",
            $"pcap_savefile: {trafficPcap}",
            "pcap_savefile_wait: false",
            "plugins: nfprobe[p]",
            $"nfprobe_receiver[p]: 127.0.0.1:{collectorPort.ToString(CultureInfo.InvariantCulture)}",
            $"nfprobe_version[p]: {version.ToString(CultureInfo.InvariantCulture)}",
            "nfprobe_timeouts[p]: expint=1",
        ]);
        var result = PmacctExporter.EnsureExited(ExternalProcess.Run(pmacctd, ["-f", config], TimeSpan.FromSeconds(60), workingDirectory: workDirectory));
        return new LiveExportResult(ExportCases.Pmacctd, version, Records: null, Packets: null, result.StandardOutput + result.StandardError);
    }

    /// <summary>softflowd's exit summary: "Flows exported: 12 (20 records) in 2 packets (0 failures)".</summary>
    [GeneratedRegex(@"Flows exported: \d+ \((?<records>\d+) records\) in (?<packets>\d+) packets \((?<failures>\d+) failures\)")]
    private static partial Regex ExportedLine();
}

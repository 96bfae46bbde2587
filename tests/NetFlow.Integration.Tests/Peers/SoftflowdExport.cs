using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NetFlow.Capture;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>
/// What softflowd exported for one traffic capture: the datagrams exactly as received (with their
/// real source endpoint), the same written to a pcap, and softflowd's own count of them.
/// </summary>
public sealed partial record SoftflowdExport(
    int Version,
    IReadOnlyList<CapturedDatagram> Datagrams,
    string ExportPcap,
    int ExportedFlows,
    int ExportedRecords,
    int ExportedPackets,
    string SoftflowdOutput)
{
    /// <summary>The collector ports tshark decodes as cflow without -d: 2055 (NetFlow), 4739 (IPFIX).</summary>
    public static int WellKnownPort(int version) => version == 10 ? 4739 : 2055;

    /// <summary>
    /// Runs softflowd on <paramref name="trafficPcap"/> towards a socket of ours and writes what it
    /// sent to <paramref name="exportPcap"/>. Time options per TOOLS.md: without `-A milli` (v9,
    /// IPFIX) or `-a` (v5) the flow times mix pcap time with wall-clock uptime. Never `-c` with
    /// `-r`: softflowd would then block in accept() and export nothing.
    /// </summary>
    public static SoftflowdExport Run(string trafficPcap, int version, string workDirectory, string exportPcap)
    {
        var softflowd = PeerLocator.Softflowd;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var timeOption = version == 5 ? new[] { "-a" } : ["-A", "milli"];
        string[] arguments =
        [
            "-r", trafficPcap,
            "-n", $"127.0.0.1:{port}",
            "-v", version.ToString(CultureInfo.InvariantCulture),
            .. timeOption,
            "-p", Path.Combine(workDirectory, $"softflowd-v{version}.pid"),
        ];

        var received = new List<CapturedDatagram>();
        var collector = new IPEndPoint(IPAddress.Loopback, WellKnownPort(version));
        ProcessResult result;
        using (var process = ExternalProcess.Start(softflowd, arguments, workingDirectory: workDirectory))
        {
            var deadline = Stopwatch.StartNew();
            while (!process.HasExited)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    break; // WaitForExit below kills it and reports the hang
                ReceiveAvailable(socket, received, collector, TimeSpan.FromMilliseconds(50));
            }
            result = process.WaitForExit(TimeSpan.FromSeconds(1)).EnsureSuccess();
        }

        var (flows, records, packets) = ParseStatistics(result);
        // softflowd sent everything before it exited; wait until every packet it counted is read.
        var drain = Stopwatch.StartNew();
        while (received.Count < packets && drain.Elapsed < TimeSpan.FromSeconds(10))
            ReceiveAvailable(socket, received, collector, TimeSpan.FromMilliseconds(100));
        ReceiveAvailable(socket, received, collector, TimeSpan.FromMilliseconds(200));
        if (received.Count != packets)
            throw new InvalidOperationException(
                $"softflowd -v {version} says it exported {packets} packets but {received.Count} arrived.\n{result.StandardOutput}");

        using (var writer = new PcapWriter(exportPcap))
        {
            foreach (var datagram in received)
                writer.Write(datagram);
        }
        return new SoftflowdExport(version, received, exportPcap, flows, records, packets,
            result.StandardOutput + result.StandardError);
    }

    private static void ReceiveAvailable(Socket socket, List<CapturedDatagram> received, IPEndPoint collector, TimeSpan wait)
    {
        var buffer = new byte[65536];
        var timeout = wait;
        while (socket.Poll(timeout, SelectMode.SelectRead))
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var length = socket.ReceiveFrom(buffer, ref from);
            // The datagram as a capture on the collector's well-known port would hold it: real
            // exporter address and port, our receive time.
            received.Add(new CapturedDatagram((IPEndPoint)from, collector, DateTime.UtcNow, buffer.AsSpan(0, length).ToArray()));
            timeout = TimeSpan.Zero;
        }
    }

    /// <summary>softflowd's exit summary: "Flows exported: 12 (20 records) in 2 packets (0 failures)".</summary>
    private static (int Flows, int Records, int Packets) ParseStatistics(ProcessResult result)
    {
        var match = ExportedLine().Match(result.StandardOutput + result.StandardError);
        if (!match.Success)
            throw new InvalidOperationException($"softflowd printed no 'Flows exported' statistics:\n{result.StandardOutput}\n{result.StandardError}");
        var failures = int.Parse(match.Groups["failures"].Value, CultureInfo.InvariantCulture);
        if (failures != 0)
            throw new InvalidOperationException($"softflowd reports {failures} failed sends:\n{result.StandardOutput}");
        return (int.Parse(match.Groups["flows"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["records"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Flows exported: (?<flows>\d+) \((?<records>\d+) records\) in (?<packets>\d+) packets \((?<failures>\d+) failures\)")]
    private static partial Regex ExportedLine();
}

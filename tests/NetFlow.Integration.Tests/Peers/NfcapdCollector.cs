using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetFlow.Capture;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>What nfcapd stored, as nfdump prints it.</summary>
/// <param name="Flows">nfdump's JSON objects of type FLOW, in file order.</param>
/// <param name="CollectedFlows">The flow count nfcapd reports when it stops ("Flows: N").</param>
public sealed record NfdumpFlows(IReadOnlyList<JsonElement> Flows, int CollectedFlows, string NfcapdOutput);

/// <summary>
/// nfcapd 1.7.1 on a free loopback port, fed the exported datagrams from a socket; SIGTERM makes it
/// flush and rename its file, then nfdump reads the directory back as JSON.
/// </summary>
public static partial class NfcapdCollector
{
    /// <summary>
    /// Feeds <paramref name="datagrams"/> to a fresh nfcapd and reads back what it stored. With
    /// <paramref name="expectedFlows"/>, a run whose nfcapd counted other than that many flows is
    /// done once more in a fresh directory, and both runs' output (with the kernel's UDP error
    /// counters around the first) is kept for the test's message: on a loaded machine a loopback
    /// datagram can still be on its way when nfcapd is stopped (seen once in CI: nfcapd stored no
    /// flow at all), which says nothing about the decoding the tests compare.
    /// </summary>
    public static NfdumpFlows Collect(IReadOnlyList<CapturedDatagram> datagrams, string workDirectory, string name, int? expectedFlows = null)
    {
        var udpErrors = KernelUdpErrors();
        var first = CollectOnce(datagrams, workDirectory, name);
        if (expectedFlows is not { } expected || first.CollectedFlows == expected)
            return first;
        var firstAccount = $"first run: nfcapd counted {first.CollectedFlows} flows, not {expected}; kernel UDP errors " +
            $"{udpErrors} before it, {KernelUdpErrors()} after\n{first.NfcapdOutput}\nsecond run:\n";
        var second = CollectOnce(datagrams, workDirectory, name + "-again");
        return second with { NfcapdOutput = firstAccount + second.NfcapdOutput };
    }

    private static NfdumpFlows CollectOnce(IReadOnlyList<CapturedDatagram> datagrams, string workDirectory, string name)
    {
        var nfcapd = PeerLocator.Nfcapd;
        var nfdump = PeerLocator.Nfdump;
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, name)).FullName;
        ProcessResult stopped;
        // The free port is only free when looked up; if a parallel test takes it first, nfcapd
        // exits without binding and we try another.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                stopped = Feed(nfcapd, directory, LoopbackUdp.FreePort(), datagrams, workDirectory);
                break;
            }
            catch (NfcapdNotBoundException) when (attempt < 3)
            {
            }
        }

        var nfcapdOutput = stopped.StandardOutput + stopped.StandardError;
        var summary = CollectedLine().Match(nfcapdOutput);
        if (!summary.Success)
            throw new InvalidOperationException($"nfcapd printed no 'Flows:' summary on SIGTERM:\n{nfcapdOutput}");

        // TZ=UTC: nfdump prints first/last in local time without a zone.
        var environment = new Dictionary<string, string> { ["TZ"] = "UTC" };
        var dump = ExternalProcess.Run(nfdump, ["-R", directory, "-o", "json"], TimeSpan.FromSeconds(30), environment).EnsureSuccess();
        // With no flow in its files nfdump prints "[", "No matching flows", "]": not JSON.
        var json = dump.StandardOutput.Trim();
        if (json.Length == 0 || json.Contains("No matching flows", StringComparison.Ordinal))
            json = "[]";
        using var document = JsonDocument.Parse(json);
        var flows = document.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("type", out var type) && type.GetString() == "FLOW")
            .Select(e => e.Clone())
            .ToList();
        return new NfdumpFlows(flows, int.Parse(summary.Groups["flows"].Value, CultureInfo.InvariantCulture), nfcapdOutput);
    }

    private static ProcessResult Feed(string nfcapd, string directory, int port, IReadOnlyList<CapturedDatagram> datagrams, string workDirectory)
    {
        string[] arguments =
        [
            "-b", "127.0.0.1",
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-w", directory,
            "-t", "60",
            "-B", "8388608",
        ];
        using var process = ExternalProcess.Start(nfcapd, arguments, workingDirectory: workDirectory);
        try
        {
            LoopbackUdp.WaitUntilBound(port, process, TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException e) when (process.HasExited)
        {
            throw new NfcapdNotBoundException(e.Message, e);
        }
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var target = new IPEndPoint(IPAddress.Loopback, port);
            foreach (var datagram in datagrams)
                sender.SendTo(datagram.Payload.Span, target);
        }
        LoopbackUdp.WaitUntilDrained(port, TimeSpan.FromSeconds(15));
        // The last datagram read may still be being processed; SIGTERM is only checked between reads.
        Thread.Sleep(200);
        process.Terminate();
        return process.WaitForExit(TimeSpan.FromSeconds(20)).EnsureSuccess();
    }

    /// <summary>The kernel's UDP InErrors and RcvbufErrors (/proc/net/snmp), for a failure's message.</summary>
    private static string KernelUdpErrors()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2)
            return "(no Udp lines in /proc/net/snmp)";
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int inErrors = Array.IndexOf(names, "InErrors"), rcvbuf = Array.IndexOf(names, "RcvbufErrors");
        return $"InErrors {values[inErrors]}, RcvbufErrors {values[rcvbuf]}";
    }

    private sealed class NfcapdNotBoundException(string message, Exception inner) : Exception(message, inner);

    [GeneratedRegex(@"Flows: (?<flows>\d+),")]
    private static partial Regex CollectedLine();
}

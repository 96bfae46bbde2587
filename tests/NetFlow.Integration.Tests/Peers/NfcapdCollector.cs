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
    public static NfdumpFlows Collect(IReadOnlyList<CapturedDatagram> datagrams, string workDirectory, string name)
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
        using var document = JsonDocument.Parse(dump.StandardOutput.Trim().Length == 0 ? "[]" : dump.StandardOutput);
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

    private sealed class NfcapdNotBoundException(string message, Exception inner) : Exception(message, inner);

    [GeneratedRegex(@"Flows: (?<flows>\d+),")]
    private static partial Regex CollectedLine();
}

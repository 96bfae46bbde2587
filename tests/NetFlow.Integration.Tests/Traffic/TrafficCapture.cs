using System.Text.Json;
using NetFlow.Integration.Tests.Peers;

namespace NetFlow.Integration.Tests.Traffic;

/// <summary>One unidirectional flow of the generated traffic, as make_traffic.py counted it.</summary>
public sealed record TrafficFlow(
    string Source,
    string Destination,
    int Protocol,
    int? SourcePort,
    int? DestinationPort,
    int? IcmpType,
    int? IcmpCode,
    ulong Packets,
    ulong Octets,
    int TcpFlags,
    long FirstMs,
    long LastMs)
{
    public bool IsIPv6 => Source.Contains(':', StringComparison.Ordinal);
    public DateTime First => DateTime.UnixEpoch.AddMilliseconds(FirstMs);
    public DateTime Last => DateTime.UnixEpoch.AddMilliseconds(LastMs);
}

/// <summary>
/// The traffic capture the exporters read: TCP sessions (handshake, data, FIN), DNS over UDP and
/// ICMP echo, over IPv4 and IPv6, at fixed times on 2024-03-01, written by make_traffic.py (kept in
/// this project as an embedded resource) with Debian's python3 and scapy.
/// </summary>
public sealed record TrafficCapture(string PcapPath, int PacketCount, IReadOnlyList<TrafficFlow> Flows)
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    public static TrafficCapture Write(string directory)
    {
        var python = PeerLocator.PythonWithScapy;
        var script = Path.Combine(directory, "make_traffic.py");
        using (var resource = typeof(TrafficCapture).Assembly.GetManifestResourceStream("make_traffic.py")
            ?? throw new InvalidOperationException("make_traffic.py is not embedded in the test assembly."))
        using (var file = File.Create(script))
        {
            resource.CopyTo(file);
        }
        var pcap = Path.Combine(directory, "traffic.pcap");
        var manifestPath = Path.Combine(directory, "traffic.json");
        ExternalProcess.Run(python, [script, pcap, manifestPath], TimeSpan.FromSeconds(120), workingDirectory: directory).EnsureSuccess();

        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), ManifestJson)
            ?? throw new InvalidOperationException($"{manifestPath} is empty.");
        return new TrafficCapture(pcap, manifest.Packets, manifest.Flows);
    }

    private sealed record Manifest(int Packets, List<TrafficFlow> Flows);
}

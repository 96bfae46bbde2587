using NetFlow.Capture;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>
/// What a real exporter sent for one traffic capture: the datagrams exactly as received (with their
/// real source endpoint), the same written to a pcap, and the exporter's own record count if it
/// reports one.
/// </summary>
public sealed record ExportCapture(
    string Exporter,
    int Version,
    IReadOnlyList<CapturedDatagram> Datagrams,
    string ExportPcap,
    int? ExportedRecords,
    string ExporterOutput)
{
    /// <summary>The collector ports tshark decodes as cflow without -d: 2055 (NetFlow), 4739 (IPFIX).</summary>
    public static int WellKnownPort(int version) => version == 10 ? 4739 : 2055;

    public override string ToString() => $"{Exporter} v{Version}";

    /// <summary>Writes the datagrams as a capture on the collector's well-known port would hold them.</summary>
    public static void WritePcap(string path, IEnumerable<CapturedDatagram> datagrams)
    {
        using var writer = new PcapWriter(path);
        foreach (var datagram in datagrams)
            writer.Write(datagram);
    }
}

using System.Net;

namespace NetFlow.Capture;

/// <summary>
/// One UDP datagram taken from a capture: the endpoints from the IP and UDP headers, the capture
/// timestamp and the UDP payload only (the bytes an exporter sent to the collector).
/// </summary>
public readonly record struct CapturedDatagram(
    IPEndPoint Source,
    IPEndPoint Destination,
    DateTime TimestampUtc,
    ReadOnlyMemory<byte> Payload);

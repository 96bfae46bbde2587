using System.Net;

namespace NetFlow.Capture.Internal;

/// <summary>Where the UDP payload sits inside a decoded frame, and the endpoints around it.</summary>
internal readonly record struct UdpDatagramView(
    IPAddress SourceAddress,
    IPAddress DestinationAddress,
    ushort SourcePort,
    ushort DestinationPort,
    int PayloadOffset,
    int PayloadLength)
{
    /// <summary>Copies the payload out: the frame buffer is reused for the next record.</summary>
    public CapturedDatagram ToDatagram(ReadOnlySpan<byte> frame, DateTime timestampUtc) => new(
        new IPEndPoint(SourceAddress, SourcePort),
        new IPEndPoint(DestinationAddress, DestinationPort),
        timestampUtc,
        frame.Slice(PayloadOffset, PayloadLength).ToArray());
}

namespace NetFlow.Capture.Internal;

/// <summary>The outcome of decoding one captured frame; every value but <see cref="Udp"/> is a skip reason.</summary>
internal enum FrameStatus
{
    Udp,
    UnsupportedLinkType,
    NonIp,
    NonUdp,
    IpFragment,
    Truncated,
    BadIpHeader,
    BadUdpLength,
}

using NetFlow.Capture.Internal;

namespace NetFlow.Capture;

/// <summary>
/// What <see cref="CaptureReader"/> saw: every captured frame either became a datagram or was
/// skipped for exactly one named reason. Not thread-safe: one instance per read.
/// </summary>
public sealed class CaptureReadStats
{
    /// <summary>Packet records read (pcap records, pcapng packet blocks, or the one raw file).</summary>
    public long Frames { get; internal set; }

    /// <summary>Frames that produced a <see cref="CapturedDatagram"/>.</summary>
    public long Datagrams { get; internal set; }

    /// <summary>Frames of a link-layer type this reader does not decode.</summary>
    public long UnsupportedLinkType { get; internal set; }

    /// <summary>Frames carrying something other than IPv4 or IPv6 (ARP, LLDP, ...).</summary>
    public long NonIp { get; internal set; }

    /// <summary>IP packets carrying something other than UDP.</summary>
    public long NonUdp { get; internal set; }

    /// <summary>IPv4 or IPv6 fragments: not reassembled.</summary>
    public long IpFragments { get; internal set; }

    /// <summary>Frames cut before the end of the UDP datagram (snap length, or a short capture).</summary>
    public long TruncatedFrames { get; internal set; }

    /// <summary>IP headers that contradict themselves (version, header length, total length).</summary>
    public long BadIpHeader { get; internal set; }

    /// <summary>UDP length below 8 or beyond the IP payload.</summary>
    public long BadUdpLength { get; internal set; }

    /// <summary>The file ended in the middle of a record or block (e.g. a capture still being written).</summary>
    public long TruncatedRecords { get; internal set; }

    /// <summary>pcapng blocks that carry no packet (statistics, name resolution, unknown types).</summary>
    public long SkippedBlocks { get; internal set; }

    /// <summary>Raw datagram files larger than the largest possible UDP payload.</summary>
    public long OversizedRawFiles { get; internal set; }

    /// <summary>Frames read but not turned into a datagram, whatever the reason.</summary>
    public long SkippedFrames => Frames - Datagrams;

    public override string ToString() =>
        $"frames={Frames} datagrams={Datagrams} unsupportedLinkType={UnsupportedLinkType} nonIp={NonIp} " +
        $"nonUdp={NonUdp} ipFragments={IpFragments} truncatedFrames={TruncatedFrames} badIpHeader={BadIpHeader} " +
        $"badUdpLength={BadUdpLength} truncatedRecords={TruncatedRecords} skippedBlocks={SkippedBlocks} " +
        $"oversizedRawFiles={OversizedRawFiles}";

    /// <summary>Counts one frame under its outcome; true when it is a datagram to hand out.</summary>
    internal bool Count(FrameStatus status)
    {
        Frames++;
        switch (status)
        {
            case FrameStatus.Udp: Datagrams++; return true;
            case FrameStatus.UnsupportedLinkType: UnsupportedLinkType++; break;
            case FrameStatus.NonIp: NonIp++; break;
            case FrameStatus.NonUdp: NonUdp++; break;
            case FrameStatus.IpFragment: IpFragments++; break;
            case FrameStatus.Truncated: TruncatedFrames++; break;
            case FrameStatus.BadIpHeader: BadIpHeader++; break;
            case FrameStatus.BadUdpLength: BadUdpLength++; break;
            default: throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
        return false;
    }
}

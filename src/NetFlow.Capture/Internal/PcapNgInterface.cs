namespace NetFlow.Capture.Internal;

/// <summary>What an Interface Description Block (pcapng §4.2) says about the packets that cite it.</summary>
internal readonly record struct PcapNgInterface(
    uint LinkType,
    uint SnapLength,
    TimestampResolution Resolution,
    long TimestampOffsetSeconds);

namespace NetFlow.Benchmarks.StoreGen;

/// <summary>One flow as a v9 exporter sends it; times are exporter uptime in milliseconds.</summary>
internal struct SyntheticFlow
{
    public bool IsIpv6;
    public uint Src4, Dst4, NextHop4;
    public UInt128 Src6, Dst6, NextHop6;
    public ushort SrcPort, DstPort, InIf, OutIf, SrcAs, DstAs;
    public byte Proto, Tos, TcpFlags, SrcMask, DstMask;
    public uint Packets, Bytes, FirstMs, LastMs;
}

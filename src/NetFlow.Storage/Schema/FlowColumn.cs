namespace NetFlow.Storage.Schema;

/// <summary>
/// Where a template field goes in a flow file: one of the typed columns, the time columns
/// (made absolute by <c>FlowRecord.TryGetStart/End</c>), nowhere (padding), or <see cref="Extra"/>.
/// </summary>
internal enum FlowColumn : byte
{
    Extra = 0,
    Skip,
    StartTime,
    EndTime,
    SrcIp4, DstIp4, NextHop4,
    SrcIp6, DstIp6, NextHop6,
    SrcPort, DstPort, Proto, TcpFlags, Tos,
    IcmpTypeCode, IcmpType, IcmpCode,
    Bytes, BytesTotal, Packets, PacketsTotal,
    InIf, OutIf, SrcAs, DstAs, SrcMask, DstMask, Direction,
    SrcVlan, DstVlan, SrcMac, DstMac,
    ForwardingStatus, FlowEndReason, ApplicationId,
}

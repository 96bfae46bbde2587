using Parquet;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>Writes a <see cref="FlowRowGroup"/> as one Parquet row group, column by column in schema order.</summary>
internal static class FlowRowGroupWriter
{
    public static async Task WriteAsync(ParquetWriter writer, FlowRowGroup rows, CancellationToken cancellationToken)
    {
        int n = rows.Count;
        using var g = writer.CreateRowGroup();
        await g.WriteAsync<DateTime>(FlowFileSchema.TimeStart, rows.TimeStart.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<DateTime>(FlowFileSchema.TimeEnd, rows.TimeEnd.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.TimeExport, (ReadOnlyMemory<DateTime>)rows.TimeExport.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.Exporter, new ArraySegment<string>(rows.Exporter, 0, n));
        await g.WriteAsync(FlowFileSchema.Version, (ReadOnlyMemory<byte>)rows.Version.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.Domain, (ReadOnlyMemory<uint>)rows.Domain.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.TemplateId, (ReadOnlyMemory<ushort>)rows.TemplateId.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.SrcIp4, rows.SrcIp4.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.DstIp4, rows.DstIp4.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.NextHop4, rows.NextHop4.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.SrcIp6, new ArraySegment<byte[]>(rows.SrcIp6!, 0, n));
        await g.WriteAsync(FlowFileSchema.DstIp6, new ArraySegment<byte[]>(rows.DstIp6!, 0, n));
        await g.WriteAsync(FlowFileSchema.NextHop6, new ArraySegment<byte[]>(rows.NextHop6!, 0, n));
        await g.WriteAsync<ushort>(FlowFileSchema.SrcPort, rows.SrcPort.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ushort>(FlowFileSchema.DstPort, rows.DstPort.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.Proto, rows.Proto.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ushort>(FlowFileSchema.TcpFlags, rows.TcpFlags.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.Tos, rows.Tos.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.IcmpType, rows.IcmpType.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.IcmpCode, rows.IcmpCode.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<long>(FlowFileSchema.Bytes, rows.Bytes.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<long>(FlowFileSchema.Packets, rows.Packets.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.InIf, rows.InIf.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.OutIf, rows.OutIf.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.SrcAs, rows.SrcAs.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.DstAs, rows.DstAs.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.SrcMask, rows.SrcMask.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.DstMask, rows.DstMask.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.Direction, rows.Direction.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ushort>(FlowFileSchema.SrcVlan, rows.SrcVlan.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ushort>(FlowFileSchema.DstVlan, rows.DstVlan.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ulong>(FlowFileSchema.SrcMac, rows.SrcMac.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<ulong>(FlowFileSchema.DstMac, rows.DstMac.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<uint>(FlowFileSchema.SamplingInterval, rows.SamplingInterval.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.ForwardingStatus, rows.ForwardingStatus.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync<byte>(FlowFileSchema.FlowEndReason, rows.FlowEndReason.AsMemory(0, n), cancellationToken: cancellationToken);
        await g.WriteAsync(FlowFileSchema.ApplicationId, new ArraySegment<byte[]>(rows.ApplicationId!, 0, n));
        await g.WriteAsync(FlowFileSchema.Extra, new ArraySegment<string>(rows.Extra!, 0, n));
        g.CompleteValidate();
    }
}

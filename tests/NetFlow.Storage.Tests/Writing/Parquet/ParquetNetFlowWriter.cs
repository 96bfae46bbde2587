using Parquet;
using Parquet.Schema;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>
/// The reference: the same row groups written by Parquet.Net with <see cref="FlowFileSchema.Schema"/>,
/// the way the store wrote flow files before it had its own writer (nullable arrays, Parquet.Net's
/// own encoding). Tests compare what DuckDB reads of both.
/// </summary>
internal static class ParquetNetFlowWriter
{
    public static async Task WriteAsync(string path, IEnumerable<FlowRowGroup> groups, CompressionMethod compression = CompressionMethod.Snappy)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(FlowFileSchema.Schema, stream, new ParquetOptions { CompressionMethod = compression });
        foreach (var rows in groups)
        {
            using var g = writer.CreateRowGroup();
            int n = rows.Count;
            T[] Each<T>(Func<int, T> value) => [.. Enumerable.Range(0, n).Select(value)];
            Task Value<T>(DataField field, Func<int, T?> value) where T : struct => g.WriteAsync<T>(field, (ReadOnlyMemory<T?>)Each(value));
            Task Required<T>(DataField field, T[] values) where T : struct => g.WriteAsync<T>(field, (ReadOnlyMemory<T>)values.AsMemory(0, n));
            Task Blobs(DataField field, FlowRowGroup.ReferenceColumn<byte[]> column) => g.WriteAsync(field, Each(r => column[r])!);

            await Value(FlowFileSchema.TimeStart, r => rows.TimeStart[r] is { } t ? FlowRowGroup.TimeOf(t) : (DateTime?)null);
            await Value(FlowFileSchema.TimeEnd, r => rows.TimeEnd[r] is { } t ? FlowRowGroup.TimeOf(t) : (DateTime?)null);
            await Required(FlowFileSchema.TimeExport, rows.TimeExport.Take(n).Select(FlowRowGroup.TimeOf).ToArray());
            await g.WriteAsync(FlowFileSchema.Exporter, Each(rows.ExporterOf));
            await Required(FlowFileSchema.Version, rows.Version);
            await Required(FlowFileSchema.Domain, rows.Domain);
            await Required(FlowFileSchema.TemplateId, rows.TemplateId);
            await Value(FlowFileSchema.SrcIp4, r => rows.SrcIp4[r]);
            await Value(FlowFileSchema.DstIp4, r => rows.DstIp4[r]);
            await Value(FlowFileSchema.NextHop4, r => rows.NextHop4[r]);
            await Blobs(FlowFileSchema.SrcIp6, rows.SrcIp6);
            await Blobs(FlowFileSchema.DstIp6, rows.DstIp6);
            await Blobs(FlowFileSchema.NextHop6, rows.NextHop6);
            await Value(FlowFileSchema.SrcPort, r => rows.SrcPort[r]);
            await Value(FlowFileSchema.DstPort, r => rows.DstPort[r]);
            await Value(FlowFileSchema.Proto, r => rows.Proto[r]);
            await Value(FlowFileSchema.TcpFlags, r => rows.TcpFlags[r]);
            await Value(FlowFileSchema.Tos, r => rows.Tos[r]);
            await Value(FlowFileSchema.IcmpType, r => rows.IcmpType[r]);
            await Value(FlowFileSchema.IcmpCode, r => rows.IcmpCode[r]);
            await Value(FlowFileSchema.Bytes, r => rows.Bytes[r]);
            await Value(FlowFileSchema.Packets, r => rows.Packets[r]);
            await Value(FlowFileSchema.InIf, r => rows.InIf[r]);
            await Value(FlowFileSchema.OutIf, r => rows.OutIf[r]);
            await Value(FlowFileSchema.SrcAs, r => rows.SrcAs[r]);
            await Value(FlowFileSchema.DstAs, r => rows.DstAs[r]);
            await Value(FlowFileSchema.SrcMask, r => rows.SrcMask[r]);
            await Value(FlowFileSchema.DstMask, r => rows.DstMask[r]);
            await Value(FlowFileSchema.Direction, r => rows.Direction[r]);
            await Value(FlowFileSchema.SrcVlan, r => rows.SrcVlan[r]);
            await Value(FlowFileSchema.DstVlan, r => rows.DstVlan[r]);
            await Value(FlowFileSchema.SrcMac, r => rows.SrcMac[r]);
            await Value(FlowFileSchema.DstMac, r => rows.DstMac[r]);
            await Value(FlowFileSchema.SamplingInterval, r => rows.SamplingInterval[r]);
            await Value(FlowFileSchema.ForwardingStatus, r => rows.ForwardingStatus[r]);
            await Value(FlowFileSchema.FlowEndReason, r => rows.FlowEndReason[r]);
            await Blobs(FlowFileSchema.ApplicationId, rows.ApplicationId);
            await g.WriteAsync(FlowFileSchema.Extra, Each(r => rows.Extra[r])!);
        }
    }
}

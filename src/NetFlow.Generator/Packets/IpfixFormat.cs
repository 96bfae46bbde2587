using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Generator.Packets;

/// <summary>
/// IPFIX (RFC 7011 §3): a 16-byte message header (version 10, length, export time, sequence,
/// observation domain), then one template set (id 2) or one data set (template 256). Flow times
/// are flowStart/EndMilliseconds (absolute). The sequence counts data records sent before the message.
/// </summary>
internal sealed class IpfixFormat(int recordsPerPacket, TemplateLayout layout) : PacketFormat(recordsPerPacket)
{
    public const ushort TemplateId = 256;
    private const int HeaderLength = 16;
    private const int SetHeaderLength = 4;
    private const ushort TemplateSetId = 2;

    public TemplateLayout Layout { get; } = layout;

    public override int MaxDataPacketLength => HeaderLength + SetHeaderLength + RecordsPerPacket * Layout.MaxRecordLength;

    public override int TemplatePacketLength => HeaderLength + SetHeaderLength + Layout.TemplateRecordLength;

    /// <summary>RFC 7011 §3.1: the sequence counts data records.</summary>
    public override uint DataSequenceStep => (uint)RecordsPerPacket;

    /// <summary>A message without data records leaves the sequence where it was.</summary>
    public override uint TemplateSequenceStep => 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet sent when the flows outgrow the ring
    public override int WriteData(Span<byte> packet, uint domain, int firstFlow, int flows)
    {
        int offset = HeaderLength + SetHeaderLength;
        int flow = firstFlow;
        for (int i = 0; i < RecordsPerPacket; i++)
        {
            offset += Layout.WriteRecord(packet[offset..], new SyntheticFlow(flow));
            flow = Next(flow, flows);
        }
        WriteHeader(packet, offset, domain);
        BinaryPrimitives.WriteUInt16BigEndian(packet[HeaderLength..], TemplateId);
        BinaryPrimitives.WriteUInt16BigEndian(packet[(HeaderLength + 2)..], (ushort)(offset - HeaderLength));
        return offset;
    }

    public override int WriteTemplate(Span<byte> packet, uint domain)
    {
        int length = TemplatePacketLength;
        WriteHeader(packet, length, domain);
        BinaryPrimitives.WriteUInt16BigEndian(packet[HeaderLength..], TemplateSetId);
        BinaryPrimitives.WriteUInt16BigEndian(packet[(HeaderLength + 2)..], (ushort)(length - HeaderLength));
        Layout.WriteTemplateRecord(packet[(HeaderLength + SetHeaderLength)..], TemplateId);
        return length;
    }

    // Optimised from the first call: this runs for every packet sent, and a run is too short to wait for tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void StampData(Span<byte> packet, in ExportClock clock, uint sequence)
    {
        StampHeader(packet, clock, sequence);
        ulong now = (ulong)clock.UnixMilliseconds;
        int offset = HeaderLength + SetHeaderLength;
        bool fixedLength = Layout.VariableFields == 0;
        int startOffset = Layout.StartTimeOffset, endOffset = Layout.EndTimeOffset, recordLength = Layout.FixedLength;
        var endAgo = EndAgo;
        var duration = Duration;
        for (int i = 0; i < endAgo.Length && i < duration.Length; i++)
        {
            var record = packet[offset..];
            ulong end = now - endAgo[i];
            BinaryPrimitives.WriteUInt64BigEndian(record[endOffset..], end);
            BinaryPrimitives.WriteUInt64BigEndian(record[startOffset..], end - duration[i]);
            offset += fixedLength ? recordLength : Layout.RecordLength(record);
        }
    }

    public override void StampTemplate(Span<byte> packet, in ExportClock clock, uint sequence) => StampHeader(packet, clock, sequence);

    private static void WriteHeader(Span<byte> packet, int length, uint domain)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, 10);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)length);
        packet[4..12].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], domain);
    }

    private static void StampHeader(Span<byte> packet, in ExportClock clock, uint sequence)
    {
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], clock.UnixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], sequence);
    }
}

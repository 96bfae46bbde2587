using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Generator.Packets;

/// <summary>
/// NetFlow v9 (RFC 3954 §5): a 20-byte header (version, count, sysUptime, unix secs, package
/// sequence, source id), then one template flowset (id 0) or one data flowset (template 256)
/// padded to 4 bytes. Flow times are FIRST/LAST_SWITCHED in sysUptime milliseconds.
/// </summary>
internal sealed class NetFlowV9Format(int recordsPerPacket, TemplateLayout layout) : PacketFormat(recordsPerPacket)
{
    public const ushort TemplateId = 256;
    private const int HeaderLength = 20;
    private const int FlowSetHeaderLength = 4;

    private readonly int _recordLength = layout.FixedLength;
    private readonly int _startOffset = layout.StartTimeOffset;
    private readonly int _endOffset = layout.EndTimeOffset;

    public TemplateLayout Layout { get; } = layout;

    public override int MaxDataPacketLength => HeaderLength + FlowSetHeaderLength + Pad4(RecordsPerPacket * Layout.FixedLength);

    public override int TemplatePacketLength => HeaderLength + FlowSetHeaderLength + Layout.TemplateRecordLength;

    /// <summary>RFC 3954 §5.1: the sequence counts export packets, whatever they hold.</summary>
    public override uint DataSequenceStep => 1;

    public override uint TemplateSequenceStep => 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet sent when the flows outgrow the ring
    public override int WriteData(Span<byte> packet, uint domain, int firstFlow, int flows)
    {
        int recordsLength = RecordsPerPacket * Layout.FixedLength;
        int setLength = FlowSetHeaderLength + Pad4(recordsLength);
        WriteHeader(packet, (ushort)RecordsPerPacket, domain);
        BinaryPrimitives.WriteUInt16BigEndian(packet[HeaderLength..], TemplateId);
        BinaryPrimitives.WriteUInt16BigEndian(packet[(HeaderLength + 2)..], (ushort)setLength);
        int offset = HeaderLength + FlowSetHeaderLength;
        int flow = firstFlow;
        for (int i = 0; i < RecordsPerPacket; i++)
        {
            offset += Layout.WriteRecord(packet[offset..], new SyntheticFlow(flow));
            flow = Next(flow, flows);
        }
        int end = HeaderLength + setLength;
        packet[offset..end].Clear(); // RFC 3954 §5.3: padding is zero
        return end;
    }

    public override int WriteTemplate(Span<byte> packet, uint domain)
    {
        // RFC 3954 §5.1: count is the number of records of every kind, a template record being one.
        WriteHeader(packet, 1, domain);
        int setLength = FlowSetHeaderLength + Layout.TemplateRecordLength;
        BinaryPrimitives.WriteUInt16BigEndian(packet[HeaderLength..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet[(HeaderLength + 2)..], (ushort)setLength);
        Layout.WriteTemplateRecord(packet[(HeaderLength + FlowSetHeaderLength)..], TemplateId);
        return HeaderLength + setLength;
    }

    // Optimised from the first call: this runs for every packet sent, and a run is too short to wait for tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void StampData(Span<byte> packet, in ExportClock clock, uint sequence)
    {
        StampHeader(packet, clock, sequence);
        uint uptime = clock.UptimeMilliseconds;
        int recordLength = _recordLength, startOffset = _startOffset, endOffset = _endOffset;
        var endAgo = EndAgo;
        var duration = Duration;
        var records = packet.Slice(HeaderLength + FlowSetHeaderLength, endAgo.Length * recordLength);
        for (int i = 0, offset = 0; i < endAgo.Length && i < duration.Length; i++, offset += recordLength)
        {
            uint last = uptime - endAgo[i];
            BinaryPrimitives.WriteUInt32BigEndian(records[(offset + endOffset)..], last);
            BinaryPrimitives.WriteUInt32BigEndian(records[(offset + startOffset)..], last - duration[i]);
        }
    }

    public override void StampTemplate(Span<byte> packet, in ExportClock clock, uint sequence) => StampHeader(packet, clock, sequence);

    private static void WriteHeader(Span<byte> packet, ushort count, uint domain)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, 9);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], count);
        packet[4..16].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], domain);
    }

    private static void StampHeader(Span<byte> packet, in ExportClock clock, uint sequence)
    {
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], clock.UptimeMilliseconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], clock.UnixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], sequence);
    }

    private static int Pad4(int length) => (length + 3) & ~3;
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Generator.Packets;

/// <summary>
/// NetFlow v5 (Cisco's fixed format): a 24-byte header (version, count, sysUptime, unix secs and
/// nanoseconds, flow sequence, engine type and id, sampling) and 48-byte IPv4 records with
/// First/Last in sysUptime milliseconds. The domain is carried as engine type (high byte) and engine id.
/// </summary>
internal sealed class NetFlowV5Format(int recordsPerPacket) : PacketFormat(recordsPerPacket)
{
    /// <summary>A v5 packet holds at most 30 records.</summary>
    public const int MaxRecords = 30;
    private const int HeaderLength = 24;
    private const int RecordLength = 48;

    public override int MaxDataPacketLength => HeaderLength + RecordsPerPacket * RecordLength;

    public override int TemplatePacketLength => 0;

    /// <summary>v5's flow_sequence counts flows.</summary>
    public override uint DataSequenceStep => (uint)RecordsPerPacket;

    public override uint TemplateSequenceStep => 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet sent when the flows outgrow the ring
    public override int WriteData(Span<byte> packet, uint domain, int firstFlow, int flows)
    {
        var header = packet[..HeaderLength];
        header.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(header, 5);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)RecordsPerPacket);
        header[20] = (byte)(domain >> 8);
        header[21] = (byte)domain;
        int flow = firstFlow;
        for (int i = 0; i < RecordsPerPacket; i++)
        {
            WriteRecord(packet.Slice(HeaderLength + i * RecordLength, RecordLength), new SyntheticFlow(flow));
            flow = Next(flow, flows);
        }
        return HeaderLength + RecordsPerPacket * RecordLength;
    }

    public override int WriteTemplate(Span<byte> packet, uint domain) => 0;

    // Optimised from the first call: this runs for every packet sent, and a run is too short to wait for tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void StampData(Span<byte> packet, in ExportClock clock, uint sequence)
    {
        uint uptime = clock.UptimeMilliseconds;
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], uptime);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], clock.UnixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], clock.Nanoseconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], sequence);
        var endAgo = EndAgo;
        var duration = Duration;
        for (int i = 0; i < endAgo.Length && i < duration.Length; i++)
        {
            var record = packet.Slice(HeaderLength + i * RecordLength, RecordLength);
            uint last = uptime - endAgo[i];
            BinaryPrimitives.WriteUInt32BigEndian(record[24..], last - duration[i]);
            BinaryPrimitives.WriteUInt32BigEndian(record[28..], last);
        }
    }

    public override void StampTemplate(Span<byte> packet, in ExportClock clock, uint sequence) =>
        throw new InvalidOperationException("NetFlow v5 has no templates");

    private static void WriteRecord(Span<byte> record, in SyntheticFlow flow)
    {
        record.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(record, flow.SourceIPv4);
        BinaryPrimitives.WriteUInt32BigEndian(record[4..], flow.DestinationIPv4);
        BinaryPrimitives.WriteUInt32BigEndian(record[8..], flow.NextHopIPv4);
        BinaryPrimitives.WriteUInt16BigEndian(record[12..], flow.InputInterface);
        BinaryPrimitives.WriteUInt16BigEndian(record[14..], flow.OutputInterface);
        BinaryPrimitives.WriteUInt32BigEndian(record[16..], flow.Packets);
        BinaryPrimitives.WriteUInt32BigEndian(record[20..], flow.Bytes);
        BinaryPrimitives.WriteUInt16BigEndian(record[32..], flow.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(record[34..], flow.DestinationPort);
        record[37] = flow.TcpFlags;
        record[38] = flow.Protocol;
        record[39] = flow.Tos;
        BinaryPrimitives.WriteUInt16BigEndian(record[40..], flow.SourceAs);
        BinaryPrimitives.WriteUInt16BigEndian(record[42..], flow.DestinationAs);
        record[44] = flow.SourceMask;
        record[45] = flow.DestinationMask;
    }
}

using System.Buffers.Binary;
using NetFlow.Protocol.Legacy;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

public sealed partial class ExporterSession
{
    /// <summary>
    /// NetFlow v1, v5, v7: a fixed header and count fixed-size records. A count the datagram cannot
    /// hold, or above the version's maximum, means the header cannot be trusted: the whole
    /// message is refused rather than half-read.
    /// </summary>
    private void DecodeLegacy<THandler>(ReadOnlySpan<byte> message, int offset, ushort version, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        var (headerLength, template, maxRecords) = version switch
        {
            1 => (LegacyLayouts.V1HeaderLength, LegacyLayouts.V1, LegacyLayouts.V1MaxRecords),
            5 => (LegacyLayouts.V5HeaderLength, LegacyLayouts.V5, LegacyLayouts.V5MaxRecords),
            _ => (LegacyLayouts.V7HeaderLength, LegacyLayouts.V7, LegacyLayouts.V7MaxRecords),
        };
        if (message.Length < headerLength)
        {
            Report(ref handler, new DecodeError(DecodeStatus.TruncatedHeader, offset, version));
            return;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        int recordLength = template.FixedRecordLength;
        if (count == 0 || count > maxRecords || headerLength + count * recordLength > message.Length)
        {
            Report(ref handler, new DecodeError(DecodeStatus.BadMessageLength, offset + 2, version));
            return;
        }

        var header = ReadLegacyHeader(message, version, (ushort)count);
        Counters.CountMessage(version);
        if (version != 1 && DomainFor(version, header.Domain) is not null) // v1 has no sequence number
            Sequences.Observe(version, header.Domain, header.Sequence, (uint)count);

        var context = new MessageContext(Exporter, header);
        var bounds = template.FixedBounds;
        var records = message.Slice(headerLength, count * recordLength);
        for (int i = 0; i < count; i++)
        {
            var record = new FlowRecord(context, template, records.Slice(i * recordLength, recordLength), bounds, null);
            handler.OnRecord(in record);
        }
        Counters.CountRecords(version, options: false, count);
    }

    private static MessageHeader ReadLegacyHeader(ReadOnlySpan<byte> m, ushort version, ushort count)
    {
        uint uptime = BinaryPrimitives.ReadUInt32BigEndian(m[4..]);
        uint seconds = BinaryPrimitives.ReadUInt32BigEndian(m[8..]);
        uint nanos = BinaryPrimitives.ReadUInt32BigEndian(m[12..]);
        if (version == 1)
            return new MessageHeader(version, count, uptime, seconds, nanos, 0, 0);

        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(m[16..]);
        if (version == 7)
            return new MessageHeader(version, count, uptime, seconds, nanos, sequence, 0);

        // v5: engine type and id identify the flow-switching engine, our "domain";
        // the sampling field is 2 bits of mode and 14 bits of interval.
        byte engineType = m[20], engineId = m[21];
        ushort sampling = BinaryPrimitives.ReadUInt16BigEndian(m[22..]);
        return new MessageHeader(version, count, uptime, seconds, nanos, sequence,
            (uint)(engineType << 8 | engineId), engineType, engineId, (byte)(sampling >> 14), (ushort)(sampling & 0x3FFF));
    }
}

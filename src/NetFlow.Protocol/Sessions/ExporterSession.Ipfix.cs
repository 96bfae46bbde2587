using System.Buffers.Binary;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

public sealed partial class ExporterSession
{
    private const int IpfixHeaderLength = 16;

    /// <summary>
    /// RFC 7011 §3.1: version, length, export time, sequence, observation domain, then sets.
    /// Returns the message length, so the caller can go on to the next message in the buffer.
    /// </summary>
    private int DecodeIpfix<THandler>(ReadOnlySpan<byte> buffer, int offset, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (buffer.Length < IpfixHeaderLength)
        {
            Report(ref handler, new DecodeError(DecodeStatus.TruncatedHeader, offset, 10));
            return 0;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (length < IpfixHeaderLength)
        {
            Report(ref handler, new DecodeError(DecodeStatus.BadMessageLength, offset + 2, 10));
            return 0;
        }
        int consumed = length;
        if (length > buffer.Length)
        {
            // A cut datagram: read what is there, then stop.
            Report(ref handler, new DecodeError(DecodeStatus.BadMessageLength, offset + 2, 10));
            length = consumed = buffer.Length;
        }
        var message = buffer[..length];
        var header = new MessageHeader(10, 0, 0,
            exportSeconds: BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
            exportNanoseconds: 0,
            sequence: BinaryPrimitives.ReadUInt32BigEndian(message[8..]),
            domain: BinaryPrimitives.ReadUInt32BigEndian(message[12..]));
        Counters.CountMessage(10);
        var domain = DomainFor(header.Version, header.Domain);
        var context = new MessageContext(Exporter, header, domain);
        int records = DecodeSets(message, offset, IpfixHeaderLength, in context, receivedUtc, ref handler);
        // RFC 7011 §3.1: the sequence number counts data records, so the next message's number is
        // known only once every set of this one has been decoded.
        if (domain is not null)
            Sequences.Observe(10, header.Domain, header.Sequence, records >= 0 ? (uint)records : null);
        return consumed;
    }

    /// <summary>
    /// RFC 7011 §3.4.1/§3.4.2: (options) template records; a field count of 0 is a withdrawal
    /// (§8.1) of one template, or of all of the set's kind when the id is the set id.
    /// </summary>
    private void DecodeIpfixTemplates<THandler>(ReadOnlySpan<byte> body, int bodyOffset, bool options, in MessageContext context,
        DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        uint domain = context.Header.Domain;
        var kind = options ? TemplateKind.Options : TemplateKind.Data;
        ushort setId = options ? (ushort)3 : (ushort)2;
        int p = 0;
        while (body.Length - p >= 4)
        {
            int recordOffset = bodyOffset + p;
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
            int fieldCount = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 2)..]);
            if (fieldCount == 0)
            {
                if (id == 0 && IsZeroPadding(body[p..]))
                    break;
                Withdraw(id, setId, kind, domain, recordOffset, ref handler);
                p += 4;
                continue;
            }

            int headerLength = options ? 6 : 4;
            int scopeCount = 0;
            if (options)
            {
                if (body.Length - p < 6)
                {
                    Report(ref handler, new DecodeError(DecodeStatus.TruncatedTemplate, recordOffset, 10, setId, id));
                    return;
                }
                scopeCount = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 4)..]);
            }
            int length = MeasureIpfixTemplate(body[p..], headerLength, fieldCount);
            if (length < 0)
            {
                Report(ref handler, new DecodeError(DecodeStatus.TruncatedTemplate, recordOffset, 10, setId, id));
                return;
            }
            var wire = body.Slice(p, length);
            p += length;

            if (options && (scopeCount == 0 || scopeCount > fieldCount))
            {
                // §3.4.2.2: the scope field count MUST NOT be zero.
                Report(ref handler, new DecodeError(DecodeStatus.BadTemplateFieldCount, recordOffset, 10, setId, id));
                continue;
            }
            if (!CheckTemplateHeader(id, fieldCount, recordOffset, 10, ref handler)
                || Refreshed(new TemplateKey(10, domain, id), kind, wire, receivedUtc))
                continue;

            var fields = new TemplateField[fieldCount];
            int f = headerLength;
            for (int i = 0; i < fieldCount; i++)
            {
                ushort rawId = BinaryPrimitives.ReadUInt16BigEndian(wire[f..]);
                ushort fieldLength = BinaryPrimitives.ReadUInt16BigEndian(wire[(f + 2)..]);
                uint pen = 0;
                f += 4;
                if ((rawId & 0x8000) != 0)
                {
                    pen = BinaryPrimitives.ReadUInt32BigEndian(wire[f..]);
                    f += 4;
                }
                var element = InformationElementRegistry.ForIpfix(pen, (ushort)(rawId & 0x7FFF));
                fields[i] = new TemplateField(element, fieldLength, isScope: i < scopeCount);
            }
            AddTemplate(new Template(10, domain, id, kind, fields, scopeCount, wire.ToArray(), receivedUtc), recordOffset, ref handler);
        }
    }

    /// <summary>Bytes of one template record with its field specifiers; -1 if they run past the set.</summary>
    private static int MeasureIpfixTemplate(ReadOnlySpan<byte> record, int headerLength, int fieldCount)
    {
        int f = headerLength;
        for (int i = 0; i < fieldCount; i++)
        {
            if (record.Length - f < 4)
                return -1;
            bool enterprise = (record[f] & 0x80) != 0;
            f += enterprise ? 8 : 4;
        }
        return f <= record.Length ? f : -1;
    }

    private void Withdraw<THandler>(ushort id, ushort setId, TemplateKind kind, uint domain, int offset, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (!_options.ApplyTemplateWithdrawals)
        {
            Report(ref handler, new DecodeError(DecodeStatus.IgnoredWithdrawal, offset, 10, setId, id));
        }
        else if (id == setId)
        {
            Counters.TemplatesWithdrawn += Templates.WithdrawAll(10, domain, kind);
        }
        else if (id >= 256 && Templates.Withdraw(10, domain, id, kind))
        {
            Counters.TemplatesWithdrawn++;
        }
        else
        {
            Report(ref handler, new DecodeError(DecodeStatus.BadWithdrawal, offset, 10, setId, id));
        }
    }
}

using System.Buffers.Binary;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;
using NetFlow.Protocol.V9;

namespace NetFlow.Protocol.Sessions;

public sealed partial class ExporterSession
{
    private const int V9HeaderLength = 20;

    /// <summary>
    /// RFC 3954 §5: a 20-byte header, then flowsets in any order: templates (0), options
    /// templates (1), data (>= 256). The header's count is not trusted (exporters get it wrong);
    /// the flowset lengths frame the message.
    /// </summary>
    private void DecodeV9<THandler>(ReadOnlySpan<byte> message, int offset, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (message.Length < V9HeaderLength)
        {
            Report(ref handler, new DecodeError(DecodeStatus.TruncatedHeader, offset, 9));
            return;
        }
        var header = new MessageHeader(9,
            count: BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            sysUptimeMs: BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
            exportSeconds: BinaryPrimitives.ReadUInt32BigEndian(message[8..]),
            exportNanoseconds: 0,
            sequence: BinaryPrimitives.ReadUInt32BigEndian(message[12..]),
            domain: BinaryPrimitives.ReadUInt32BigEndian(message[16..]));
        Counters.CountMessage(9);
        var domain = DomainFor(header.Version, header.Domain);
        if (domain is not null)
            Sequences.Observe(9, header.Domain, header.Sequence, 1); // RFC 3954 §5.1: one per export packet
        var context = new MessageContext(Exporter, header, domain);
        DecodeSets(message, offset, V9HeaderLength, in context, receivedUtc, ref handler);
    }

    /// <summary>RFC 3954 §5.2: template flowset, a run of (id, field count, (type, length)*).</summary>
    private void DecodeV9Templates<THandler>(ReadOnlySpan<byte> body, int bodyOffset, in MessageContext context, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        uint domain = context.Header.Domain;
        int p = 0;
        while (body.Length - p >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
            int fieldCount = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 2)..]);
            if (id == 0 && IsZeroPadding(body[p..]))
                break;
            int length = 4 + 4 * fieldCount;
            if (length > body.Length - p)
            {
                Report(ref handler, new DecodeError(DecodeStatus.TruncatedTemplate, bodyOffset + p, 9, 0, id));
                return;
            }
            var wire = body.Slice(p, length);
            if (CheckTemplateHeader(id, fieldCount, bodyOffset + p, 9, ref handler)
                && !Refreshed(new TemplateKey(9, domain, id), TemplateKind.Data, wire, receivedUtc))
            {
                var fields = new TemplateField[fieldCount];
                for (int i = 0; i < fieldCount; i++)
                {
                    ushort type = BinaryPrimitives.ReadUInt16BigEndian(wire[(4 + 4 * i)..]);
                    ushort fieldLength = BinaryPrimitives.ReadUInt16BigEndian(wire[(6 + 4 * i)..]);
                    fields[i] = new TemplateField(InformationElementRegistry.ForNetFlowV9(type), fieldLength, isScope: false);
                }
                AddTemplate(new Template(9, domain, id, TemplateKind.Data, fields, 0, wire.ToArray(), receivedUtc), bodyOffset + p, ref handler);
            }
            p += length;
        }
    }

    /// <summary>
    /// RFC 3954 §6.1: options template flowset, a run of (id, scope length, option length,
    /// scope fields, option fields), lengths in bytes, then padding to 4 bytes.
    /// </summary>
    private void DecodeV9OptionsTemplates<THandler>(ReadOnlySpan<byte> body, int bodyOffset, in MessageContext context, DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        uint domain = context.Header.Domain;
        int p = 0;
        while (body.Length - p >= 6)
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
            int scopeLength = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 2)..]);
            int optionLength = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 4)..]);
            if (id == 0 && IsZeroPadding(body[p..]))
                break;
            if (scopeLength % 4 != 0 || optionLength % 4 != 0)
            {
                Report(ref handler, new DecodeError(DecodeStatus.BadTemplateFieldCount, bodyOffset + p, 9, 1, id));
                return; // the next template's start is unknowable
            }
            int length = 6 + scopeLength + optionLength;
            if (length > body.Length - p)
            {
                Report(ref handler, new DecodeError(DecodeStatus.TruncatedTemplate, bodyOffset + p, 9, 1, id));
                return;
            }
            int scopeCount = scopeLength / 4, fieldCount = scopeCount + optionLength / 4;
            var wire = body.Slice(p, length);
            if (CheckTemplateHeader(id, fieldCount, bodyOffset + p, 9, ref handler)
                && !Refreshed(new TemplateKey(9, domain, id), TemplateKind.Options, wire, receivedUtc))
            {
                var fields = new TemplateField[fieldCount];
                for (int i = 0; i < fieldCount; i++)
                {
                    ushort type = BinaryPrimitives.ReadUInt16BigEndian(wire[(6 + 4 * i)..]);
                    ushort fieldLength = BinaryPrimitives.ReadUInt16BigEndian(wire[(8 + 4 * i)..]);
                    bool isScope = i < scopeCount;
                    var element = isScope ? NetFlowV9ScopeElements.For(type) : InformationElementRegistry.ForNetFlowV9(type);
                    fields[i] = new TemplateField(element, fieldLength, isScope);
                }
                AddTemplate(new Template(9, domain, id, TemplateKind.Options, fields, scopeCount, wire.ToArray(), receivedUtc), bodyOffset + p, ref handler);
            }
            p += length;
        }
    }

    /// <summary>Template id and field count checks shared by both versions; reports and answers false when the template must be skipped.</summary>
    private bool CheckTemplateHeader<THandler>(ushort id, int fieldCount, int offset, ushort version, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        if (id < 256)
        {
            Report(ref handler, new DecodeError(DecodeStatus.BadTemplateId, offset, version, 0, id));
            return false;
        }
        if (fieldCount > _options.MaxFieldsPerTemplate)
        {
            Report(ref handler, new DecodeError(DecodeStatus.TooManyFields, offset, version, 0, id));
            return false;
        }
        if (fieldCount == 0)
        {
            Report(ref handler, new DecodeError(DecodeStatus.BadTemplateFieldCount, offset, version, 0, id));
            return false;
        }
        return true;
    }

    private bool Refreshed(TemplateKey key, TemplateKind kind, ReadOnlySpan<byte> wire, DateTime receivedUtc)
    {
        if (!Templates.TryRefresh(key, kind, wire, receivedUtc))
            return false;
        Counters.TemplatesRefreshed++;
        return true;
    }
}

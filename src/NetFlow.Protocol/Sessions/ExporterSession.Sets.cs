using System.Buffers.Binary;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

public sealed partial class ExporterSession
{
    /// <summary>
    /// Decodes the sets of a v9 or IPFIX message in three walks: the (options) template sets, then
    /// the options data sets, then the data sets. Data that comes before its template in the same
    /// message (RFC 3954 §5.3 allows any order) so decodes at once instead of waiting in the
    /// pending buffer, and options data that other records depend on (systemInitTime) is known
    /// before them. Returns the data records decoded, or -1 if any set waits for its template.
    /// </summary>
    private int DecodeSets<THandler>(ReadOnlySpan<byte> message, int messageOffset, int position, in MessageContext context,
        DateTime receivedUtc, ref THandler handler)
        where THandler : IFlowRecordHandler
    {
        WalkSets(message, messageOffset, position, in context, receivedUtc, ref handler, SetPass.Templates);
        int options = WalkSets(message, messageOffset, position, in context, receivedUtc, ref handler, SetPass.OptionsData);
        int data = WalkSets(message, messageOffset, position, in context, receivedUtc, ref handler, SetPass.Data);
        return data < 0 ? -1 : options + data;
    }

    /// <summary>
    /// Walks the sets of a v9 or IPFIX message (both frame them as id, length, body). A set whose
    /// length is impossible ends the walk, since the next set's start is then unknown; a set that
    /// runs past the end is read as far as it goes, so the complete records in a cut datagram
    /// still count. Framing problems are reported on the template pass only, so each is counted once.
    /// </summary>
    private int WalkSets<THandler>(ReadOnlySpan<byte> message, int messageOffset, int position, in MessageContext context,
        DateTime receivedUtc, ref THandler handler, SetPass pass)
        where THandler : IFlowRecordHandler
    {
        ushort version = context.Header.Version;
        bool templatePass = pass == SetPass.Templates;
        int records = 0;
        bool held = false;
        while (position < message.Length)
        {
            var rest = message[position..];
            int setOffset = messageOffset + position;
            if (IsZeroPadding(rest))
            {
                // Trailing zeros (Palo Alto fills datagrams with them; RFC 3954 §5.3 pads flowsets).
                if (templatePass)
                    Counters.PaddingBytes += rest.Length;
                break;
            }
            if (rest.Length < 4)
            {
                if (templatePass)
                    Report(ref handler, new DecodeError(DecodeStatus.TruncatedSetHeader, setOffset, version));
                break;
            }
            ushort setId = BinaryPrimitives.ReadUInt16BigEndian(rest);
            int setLength = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (setLength < 4)
            {
                if (templatePass)
                    Report(ref handler, new DecodeError(DecodeStatus.BadSetLength, setOffset, version, setId));
                break;
            }
            bool cut = setLength > rest.Length;
            if (cut)
            {
                if (templatePass)
                    Report(ref handler, new DecodeError(DecodeStatus.SetLengthPastEnd, setOffset, version, setId));
                setLength = rest.Length;
            }
            var body = rest[4..setLength];
            int bodyOffset = setOffset + 4;

            var kind = SetKindOf(version, setId);
            if (PassOf(kind, version, context.Header.Domain, setId) != pass)
                kind = SetKind.OtherPass;
            switch (kind)
            {
                case SetKind.Template when version == 9:
                    DecodeV9Templates(body, bodyOffset, in context, receivedUtc, ref handler);
                    break;
                case SetKind.OptionsTemplate when version == 9:
                    DecodeV9OptionsTemplates(body, bodyOffset, in context, receivedUtc, ref handler);
                    break;
                case SetKind.Template or SetKind.OptionsTemplate:
                    DecodeIpfixTemplates(body, bodyOffset, setId == 3, in context, receivedUtc, ref handler);
                    break;
                case SetKind.Data:
                    int decoded = DecodeDataSet(in context, setId, body, bodyOffset, receivedUtc, ref handler);
                    if (decoded < 0)
                        held = true;
                    else
                        records += decoded;
                    break;
                case SetKind.OtherPass:
                    break;
                default:
                    Report(ref handler, new DecodeError(DecodeStatus.ReservedSetId, setOffset, version, setId));
                    break;
            }
            if (cut)
                break;
            position += setLength;
        }
        return held ? -1 : records;
    }

    /// <summary>Which walk handles a set: data sets of a known options template go before other data.</summary>
    private SetPass PassOf(SetKind kind, ushort version, uint domain, ushort setId) => kind switch
    {
        SetKind.Template or SetKind.OptionsTemplate => SetPass.Templates,
        SetKind.Data when Templates.TryGet(version, domain, setId, out var t) && t.Kind == TemplateKind.Options => SetPass.OptionsData,
        _ => SetPass.Data,
    };

    private enum SetPass : byte
    {
        Templates,
        OptionsData,
        Data,
    }

    private static SetKind SetKindOf(ushort version, ushort setId) => (version, setId) switch
    {
        (_, >= 256) => SetKind.Data,
        (9, 0) or (10, 2) => SetKind.Template,
        (9, 1) or (10, 3) => SetKind.OptionsTemplate,
        _ => SetKind.Reserved,
    };

    private enum SetKind : byte
    {
        Reserved,
        Template,
        OptionsTemplate,
        Data,
        /// <summary>A set the current walk leaves to the other one.</summary>
        OtherPass,
    }
}

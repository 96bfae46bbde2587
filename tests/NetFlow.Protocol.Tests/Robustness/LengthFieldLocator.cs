using System.Buffers.Binary;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>One length (or list header) field of a packet: where, how wide, what it says.</summary>
internal readonly record struct LengthField(int Offset, int Width, string Kind, int Value)
{
    /// <summary>The values a corrupted copy puts there: 0, 1, 3, 4, one less, one more and all ones.</summary>
    public IEnumerable<int> Corruptions()
    {
        int max = Width == 1 ? 0xFF : 0xFFFF;
        int value = Value;
        return new[] { 0, 1, 3, 4, value - 1, value + 1, max }
            .Select(v => v & max)
            .Where(v => v != value)
            .Distinct();
    }

    public byte[] Apply(byte[] packet, int value)
    {
        var copy = (byte[])packet.Clone();
        if (Width == 1)
            copy[Offset] = (byte)value;
        else
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(Offset), (ushort)value);
        return copy;
    }

    public override string ToString() => $"{Kind} at {Offset} ({Value})";
}

/// <summary>
/// Finds every length field of a packet a decoder trusts: message length or record count, set
/// lengths, template field counts and field lengths, options scope lengths, variable-length
/// prefixes (both forms), and RFC 6313 list headers. Data records are walked with the templates
/// of an uncorrupted decode of the packet's line, the way the decoder itself will walk them.
/// </summary>
internal sealed class LengthFieldLocator
{
    private const int MaxListDepth = 8;

    private readonly byte[] _packet;
    private readonly TemplateStore? _templates;
    private readonly List<LengthField> _found = [];

    private LengthFieldLocator(byte[] packet, TemplateStore? templates)
    {
        _packet = packet;
        _templates = templates;
    }

    public static List<LengthField> Find(byte[] packet, TemplateStore? templates)
    {
        var locator = new LengthFieldLocator(packet, templates);
        locator.WalkMessages();
        return locator._found;
    }

    private void WalkMessages()
    {
        if (_packet.Length < 4)
            return;
        switch (U16(0))
        {
            case 1 or 5 or 7:
                Add(2, 2, "header record count");
                break;
            case 9:
                Add(2, 2, "v9 header record count");
                if (_packet.Length >= 20)
                    WalkSets(20, _packet.Length, 9, U32(16));
                break;
            case 10:
                for (int offset = 0; _packet.Length - offset >= 16 && U16(offset) == 10;)
                {
                    int length = U16(offset + 2);
                    Add(offset + 2, 2, "IPFIX message length");
                    if (length < 16)
                        break;
                    WalkSets(offset + 16, Math.Min(offset + length, _packet.Length), 10, U32(offset + 12));
                    offset += length;
                }
                break;
        }
    }

    private void WalkSets(int position, int end, ushort version, uint domain)
    {
        while (end - position >= 4)
        {
            if (!_packet.AsSpan(position, end - position).ContainsAnyExcept((byte)0))
                break;
            ushort setId = U16(position);
            int setLength = U16(position + 2);
            Add(position + 2, 2, "set length");
            if (setLength < 4)
                break;
            int setEnd = Math.Min(position + setLength, end);
            int body = position + 4;
            switch (version, setId)
            {
                case (9, 0):
                    WalkV9Templates(body, setEnd);
                    break;
                case (9, 1):
                    WalkV9OptionsTemplates(body, setEnd);
                    break;
                case (10, 2 or 3):
                    WalkIpfixTemplates(body, setEnd, options: setId == 3);
                    break;
                case (_, >= 256):
                    if (_templates is not null && _templates.TryGet(version, domain, setId, out var template))
                        WalkRecords(template, body, setEnd, 0);
                    break;
            }
            position += setLength;
        }
    }

    private void WalkV9Templates(int p, int end)
    {
        while (end - p >= 4)
        {
            int count = U16(p + 2);
            if (U16(p) == 0 && count == 0)
                break;
            Add(p + 2, 2, "v9 template field count");
            for (int i = 0, f = p + 4; i < count && end - f >= 4; i++, f += 4)
                Add(f + 2, 2, "v9 template field length");
            p += 4 + 4 * count;
        }
    }

    private void WalkV9OptionsTemplates(int p, int end)
    {
        while (end - p >= 6)
        {
            int scopeLength = U16(p + 2), optionLength = U16(p + 4);
            if (U16(p) == 0 && scopeLength == 0)
                break;
            Add(p + 2, 2, "v9 options scope length");
            Add(p + 4, 2, "v9 options option length");
            if (scopeLength % 4 != 0 || optionLength % 4 != 0)
                break;
            for (int f = p + 6; f < p + 6 + scopeLength + optionLength && end - f >= 4; f += 4)
                Add(f + 2, 2, "v9 options field length");
            p += 6 + scopeLength + optionLength;
        }
    }

    private void WalkIpfixTemplates(int p, int end, bool options)
    {
        while (end - p >= 4)
        {
            int count = U16(p + 2);
            if (U16(p) == 0 && count == 0)
                break;
            Add(p + 2, 2, options ? "IPFIX options template field count" : "IPFIX template field count");
            if (count == 0)
            {
                p += 4;
                continue;
            }
            int f = p + 4;
            if (options)
            {
                if (end - p < 6)
                    break;
                Add(p + 4, 2, "IPFIX options scope field count");
                f += 2;
            }
            for (int i = 0; i < count && end - f >= 4; i++)
            {
                Add(f + 2, 2, "IPFIX template field length");
                f += (_packet[f] & 0x80) != 0 ? 8 : 4;
            }
            p = f;
        }
    }

    private void WalkRecords(Template template, int p, int end, int depth)
    {
        while (p < end && end - p >= template.MinimumRecordLength)
        {
            int next = WalkRecord(template, p, end, depth);
            if (next <= p)
                break;
            p = next;
        }
    }

    /// <summary>Notes the record's length prefixes and lists; returns where the next record starts, or -1.</summary>
    private int WalkRecord(Template template, int p, int end, int depth)
    {
        foreach (var field in template.FieldList)
        {
            int length = field.Length;
            if (field.IsVariableLength)
            {
                if (!TryWalkVariableLength(ref p, end, "variable-length", out length))
                    return -1;
            }
            if (length > end - p)
                return -1;
            WalkList(field.Element.DataType, template, p, p + length, depth);
            p += length;
        }
        return p;
    }

    /// <summary>RFC 7011 §7: one byte, or 255 and two bytes; moves <paramref name="p"/> to the value.</summary>
    private bool TryWalkVariableLength(ref int p, int end, string what, out int length)
    {
        length = 0;
        if (p >= end)
            return false;
        if (_packet[p] < 255)
        {
            Add(p, 1, what + " prefix");
            length = _packet[p];
            p += 1;
            return true;
        }
        Add(p, 1, what + " 3-byte marker");
        if (end - p < 3)
            return false;
        Add(p + 1, 2, what + " 3-byte length");
        length = U16(p + 1);
        p += 3;
        return true;
    }

    private void WalkList(IeDataType type, Template parent, int p, int end, int depth)
    {
        if (depth >= MaxListDepth)
            return;
        switch (type)
        {
            case IeDataType.BasicList when end - p >= 5:
            {
                Add(p + 3, 2, "basicList element length");
                int elementLength = U16(p + 3);
                int q = p + ((U16(p + 1) & 0x8000) != 0 ? 9 : 5);
                while (elementLength == TemplateField.VariableLength && q < end
                       && TryWalkVariableLength(ref q, end, "basicList element", out int length))
                    q += length;
                break;
            }
            case IeDataType.SubTemplateList when end - p >= 3:
            {
                Add(p + 1, 2, "subTemplateList template id");
                if (_templates is not null && _templates.TryGet(parent.Version, parent.Domain, U16(p + 1), out var template))
                    WalkRecords(template, p + 3, end, depth + 1);
                break;
            }
            case IeDataType.SubTemplateMultiList:
            {
                for (int q = p + 1; end - q >= 4;)
                {
                    Add(q, 2, "subTemplateMultiList block template id");
                    Add(q + 2, 2, "subTemplateMultiList block length");
                    int blockLength = U16(q + 2);
                    if (blockLength < 4)
                        break;
                    if (_templates is not null && _templates.TryGet(parent.Version, parent.Domain, U16(q), out var template))
                        WalkRecords(template, q + 4, Math.Min(q + blockLength, end), depth + 1);
                    q += blockLength;
                }
                break;
            }
        }
    }

    private void Add(int offset, int width, string kind)
    {
        if (offset + width <= _packet.Length)
            _found.Add(new LengthField(offset, width, kind, width == 1 ? _packet[offset] : U16(offset)));
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(offset));
}

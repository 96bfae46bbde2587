using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NetFlow.Generator.Packets;

/// <summary>
/// The fields of the generated v9 or IPFIX template and how to write a record of it. The element ids
/// are the same in both (RFC 3954 §8 field types, RFC 7012 §5 / IANA): 1 bytes, 2 packets,
/// 4 protocol, 5 ToS, 6 TCP flags, 7/11 ports, 8/12 IPv4 addresses (27/28 IPv6), 9/13 masks
/// (29/30), 10/14 interfaces, 15 next hop (62), 16/17 AS numbers; v9 times are 22/21 uptime
/// (FIRST/LAST_SWITCHED), IPFIX times 152/153 absolute milliseconds. v9 IPv4 records are 45 bytes,
/// the size of the reference stream of issue 5. Variable-length fields (IPFIX only) come last, so
/// every fixed field, the times included, sits at the same offset in every record.
/// </summary>
internal sealed class TemplateLayout
{
    public const ushort VariableLength = 65535;

    private const ushort InterfaceNameId = 82;
    private const ushort ApplicationNameId = 96;

    private readonly (ushort Id, ushort Length)[] _fields;

    private TemplateLayout(ExportProtocol protocol, (ushort Id, ushort Length)[] fields)
    {
        Protocol = protocol;
        _fields = fields;
        int offset = 0;
        foreach (var (id, length) in fields)
        {
            if (length == VariableLength)
            {
                VariableFields++;
                continue;
            }
            if (id is 22 or 152)
                StartTimeOffset = offset;
            if (id is 21 or 153)
                EndTimeOffset = offset;
            offset += length;
        }
        FixedLength = offset;
    }

    public ExportProtocol Protocol { get; }
    public IReadOnlyList<(ushort Id, ushort Length)> Fields => _fields;
    /// <summary>Bytes of the fixed-length fields, which all come before the variable-length ones.</summary>
    public int FixedLength { get; }
    public int VariableFields { get; }
    public int StartTimeOffset { get; }
    public int EndTimeOffset { get; }

    /// <summary>The longest record: both names at their longest, with their length prefixes (1 and 3 bytes).</summary>
    public int MaxRecordLength => FixedLength + (VariableFields == 0 ? 0 : 1 + 8 + 3 + SyntheticFlow.LongApplicationNameLength);

    /// <summary>A usual record, for choosing how many fit a datagram: the short names ("eth12", "app-345").</summary>
    public int TypicalRecordLength => FixedLength + (VariableFields == 0 ? 0 : 1 + 5 + 3 + 7);

    public static TemplateLayout For(GeneratorOptions options)
    {
        bool ipfix = options.Protocol == ExportProtocol.Ipfix;
        // v9 keeps the reference stream's compact sizes; IPFIX uses the elements' full sizes (RFC 7012).
        ushort counter = ipfix ? (ushort)8 : (ushort)4;
        ushort wide = ipfix ? (ushort)4 : (ushort)2; // interfaces and AS numbers
        ushort address = options.Ipv6 ? (ushort)16 : (ushort)4;
        var fields = new List<(ushort, ushort)>
        {
            (1, counter), (2, counter), (4, 1), (5, 1), (6, ipfix ? (ushort)2 : (ushort)1), (7, 2),
            (options.Ipv6 ? (ushort)27 : (ushort)8, address), (options.Ipv6 ? (ushort)29 : (ushort)9, 1), (10, wide),
            (11, 2), (options.Ipv6 ? (ushort)28 : (ushort)12, address), (options.Ipv6 ? (ushort)30 : (ushort)13, 1), (14, wide),
            (options.Ipv6 ? (ushort)62 : (ushort)15, address), (16, wide), (17, wide),
        };
        if (ipfix)
            fields.AddRange([(152, 8), (153, 8)]);
        else
            fields.AddRange([(21, 4), (22, 4)]);
        if (options.VariableLength)
            fields.AddRange([(InterfaceNameId, VariableLength), (ApplicationNameId, VariableLength)]);
        return new TemplateLayout(options.Protocol, [.. fields]);
    }

    /// <summary>Writes one record of <paramref name="flow"/> (times left 0 for the stamp); returns its length.</summary>
    // Optimised from the first call: with more flows than the ring keeps, every packet sent is encoded here.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int WriteRecord(Span<byte> record, in SyntheticFlow flow)
    {
        int offset = 0;
        foreach (var (id, length) in _fields)
        {
            var field = record[offset..];
            switch (id)
            {
                case 1: WriteUnsigned(field, length, flow.Bytes); break;
                case 2: WriteUnsigned(field, length, flow.Packets); break;
                case 4: field[0] = flow.Protocol; break;
                case 5: field[0] = flow.Tos; break;
                case 6: WriteUnsigned(field, length, flow.TcpFlags); break;
                case 7: WriteUnsigned(field, length, flow.SourcePort); break;
                case 8: WriteUnsigned(field, length, flow.SourceIPv4); break;
                case 9: field[0] = flow.SourceMask; break;
                case 10: WriteUnsigned(field, length, flow.InputInterface); break;
                case 11: WriteUnsigned(field, length, flow.DestinationPort); break;
                case 12: WriteUnsigned(field, length, flow.DestinationIPv4); break;
                case 13: field[0] = flow.DestinationMask; break;
                case 14: WriteUnsigned(field, length, flow.OutputInterface); break;
                case 15: WriteUnsigned(field, length, flow.NextHopIPv4); break;
                case 16: WriteUnsigned(field, length, flow.SourceAs); break;
                case 17: WriteUnsigned(field, length, flow.DestinationAs); break;
                case 27: flow.WriteSourceIPv6(field); break;
                case 28: flow.WriteDestinationIPv6(field); break;
                case 29: field[0] = flow.SourceMaskIPv6; break;
                case 30: field[0] = flow.DestinationMaskIPv6; break;
                case 62: SyntheticFlow.WriteNextHopIPv6(field); break;
                case 21 or 22 or 152 or 153: field[..length].Clear(); break;
                case InterfaceNameId:
                    // RFC 7011 §7: a length below 255 in one byte.
                    int name = flow.WriteInterfaceName(field[1..]);
                    field[0] = (byte)name;
                    offset += 1 + name;
                    continue;
                case ApplicationNameId:
                    // RFC 7011 §7: 255, then the length in two bytes; allowed for short values too.
                    int app = flow.WriteApplicationName(field[3..]);
                    field[0] = 255;
                    BinaryPrimitives.WriteUInt16BigEndian(field[1..], (ushort)app);
                    offset += 3 + app;
                    continue;
                default:
                    throw new InvalidOperationException($"no value for element {id}");
            }
            offset += length;
        }
        return offset;
    }

    /// <summary>The length of the record at the start of <paramref name="record"/>, read from its length prefixes.</summary>
    public int RecordLength(ReadOnlySpan<byte> record)
    {
        int offset = FixedLength;
        for (int i = 0; i < VariableFields; i++)
        {
            int length = record[offset];
            if (length < 255)
            {
                offset += 1 + length;
            }
            else
            {
                offset += 3 + BinaryPrimitives.ReadUInt16BigEndian(record[(offset + 1)..]);
            }
        }
        return offset;
    }

    /// <summary>Writes the template record (id, field count, then id/length pairs); returns its length.</summary>
    public int WriteTemplateRecord(Span<byte> destination, ushort templateId)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, templateId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)_fields.Length);
        int offset = 4;
        foreach (var (id, length) in _fields)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], id);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], length);
            offset += 4;
        }
        return offset;
    }

    public int TemplateRecordLength => 4 + 4 * _fields.Length;

    /// <summary>Big-endian unsigned of 1, 2, 4 or 8 bytes (values are chosen to fit the field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteUnsigned(Span<byte> destination, int length, ulong value)
    {
        switch (length)
        {
            case 1: destination[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64BigEndian(destination, value); break;
            default: throw new InvalidOperationException($"no {length}-byte unsigned encoding");
        }
    }
}

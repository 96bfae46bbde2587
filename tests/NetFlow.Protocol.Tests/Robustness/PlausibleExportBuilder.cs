using System.Buffers.Binary;
using NetFlow.Protocol.InformationElements;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Builds a run of v9 or IPFIX datagrams that look like what an exporter sends: valid headers,
/// template and options template sets over a small pool of ids (so data meets them), data sets
/// whose records follow those templates (variable-length prefixes in both forms, RFC 6313 lists
/// nested a few deep), withdrawals, reserved sets and padding, with now and then a length that
/// is off, a byte flipped or a datagram cut. All choices come from one seeded <see cref="Random"/>.
/// </summary>
internal sealed class PlausibleExportBuilder(int seed)
{
    private const int MaxListDepth = 3;
    /// <summary>Random bytes per datagram: keeps nested lists from growing without end, and every length within 16 bits.</summary>
    private const int ByteBudget = 12_000;

    private static readonly int[] TemplateIds = [256, 256, 257, 258, 259, 1024, 65535, 255, 2, 3];
    private static readonly uint[] Domains = [0, 1, 1, 5];
    private static readonly int[] Elements =
    [
        1, 2, 4, 7, 8, 10, 11, 12, 14, 21, 22, 27, 28, 56, 80, 82, 83, 130, 136, 148, 149, 150, 151, 152, 153, 154,
        155, 156, 157, 158, 159, 160, 210, 291, 291, 292, 292, 293, 293, 0, 32767,
    ];
    private static readonly uint[] Enterprises = [29305, 6871, 9, 12345, uint.MaxValue];
    /// <summary>9999-12-31T23:59:59Z in seconds and milliseconds, NTP era ends, and their neighbours.</summary>
    private static readonly ulong[] EdgeTimes =
    [
        253_402_300_799, 253_402_300_800, 253_402_300_799_000, 253_402_300_798_000, 253_402_214_399_000,
        253_402_300_799_999, 253_402_300_800_000,
        0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_0000_0000, 2_208_988_800, 2_208_988_799, 0x7FFF_FFFF_FFFF_FFFF,
    ];
    private static readonly int[] FixedLengths = [0, 1, 2, 3, 4, 4, 4, 5, 6, 8, 8, 16, 255];

    private readonly Random _random = new(seed);
    /// <summary>The templates sent so far, by (version, domain, id), to build records that follow them.</summary>
    private readonly Dictionary<(int Version, uint Domain, int Id), Field[]> _templates = [];
    private int _budget;

    public byte[][] Build()
    {
        int version = _random.Next(3) == 0 ? 9 : 10;
        var datagrams = new byte[_random.Next(1, 7)][];
        for (int i = 0; i < datagrams.Length; i++)
        {
            _budget = ByteBudget;
            var datagram = version == 9 ? V9Datagram() : IpfixDatagram();
            datagrams[i] = Damage(datagram);
        }
        return datagrams;
    }

    private byte[] IpfixDatagram()
    {
        var datagram = new WireWriter();
        int messages = _random.Next(8) == 0 ? 2 : 1;
        for (int m = 0; m < messages; m++)
        {
            uint domain = Pick(Domains);
            var message = WireWriter.Ipfix(domain, sets =>
            {
                int count = _random.Next(1, 6);
                for (int s = 0; s < count; s++)
                    IpfixSet(sets, domain);
                if (_random.Next(10) == 0)
                    sets.Bytes(new byte[_random.Next(1, 40)]);
            }, sequence: (uint)_random.Next());
            if (_random.Next(12) == 0)
                message = WireWriter.WithMessageLength(message, message.Length + _random.Next(-20, 20));
            datagram.Bytes(message);
        }
        return datagram.ToArray();
    }

    private byte[] V9Datagram()
    {
        uint domain = Pick(Domains);
        return WireWriter.V9(domain, flowsets =>
        {
            int count = _random.Next(1, 6);
            for (int s = 0; s < count; s++)
                V9FlowSet(flowsets, domain);
            if (_random.Next(10) == 0)
                flowsets.Bytes(new byte[_random.Next(1, 40)]);
        }, count: _random.Next(0, 40), uptime: (uint)_random.Next(), sequence: (uint)_random.Next());
    }

    private void IpfixSet(WireWriter sets, uint domain)
    {
        switch (_random.Next(12))
        {
            case < 3:
                SetWithLength(sets, 2, body => Repeat(_random.Next(1, 4), () => IpfixTemplate(body, domain, options: false)));
                break;
            case 3:
                SetWithLength(sets, 3, body => Repeat(_random.Next(1, 3), () => IpfixTemplate(body, domain, options: true)));
                break;
            case 4:
                // RFC 7011 §8.1 withdrawals: one template, or all of a kind when the id is the set id.
                int setId = _random.Next(2) == 0 ? 2 : 3;
                SetWithLength(sets, setId, body => body.U16(_random.Next(4) == 0 ? setId : Pick(TemplateIds)).U16(0));
                break;
            case 5:
                SetWithLength(sets, Pick([0, 1, 4, 100, 255]), body => body.Bytes(RandomBytes(_random.Next(0, 30))));
                break;
            default:
                DataSet(sets, 10, domain);
                break;
        }
    }

    private void V9FlowSet(WireWriter flowsets, uint domain)
    {
        switch (_random.Next(10))
        {
            case < 3:
                SetWithLength(flowsets, 0, body => Repeat(_random.Next(1, 4), () => V9Template(body, domain)));
                break;
            case 3:
                SetWithLength(flowsets, 1, body => V9OptionsTemplate(body, domain));
                break;
            case 4:
                SetWithLength(flowsets, Pick([2, 3, 100, 255]), body => body.Bytes(RandomBytes(_random.Next(0, 30))));
                break;
            default:
                DataSet(flowsets, 9, domain);
                break;
        }
    }

    private void IpfixTemplate(WireWriter body, uint domain, bool options)
    {
        int id = Pick(TemplateIds);
        var fields = Fields(allowEnterprise: true);
        body.U16(id).U16(fields.Length);
        if (options)
            body.U16(_random.Next(6) == 0 ? _random.Next(0, fields.Length + 2) : Math.Min(fields.Length, _random.Next(1, 3)));
        foreach (var field in fields)
        {
            body.U16(field.Id | (field.Enterprise != 0 ? 0x8000 : 0)).U16(field.Length);
            if (field.Enterprise != 0)
                body.U32(field.Enterprise);
        }
        _templates[(10, domain, id)] = fields;
    }

    private void V9Template(WireWriter body, uint domain)
    {
        int id = Pick(TemplateIds);
        var fields = Fields(allowEnterprise: false);
        body.U16(id).U16(fields.Length);
        foreach (var field in fields)
            body.U16(field.Id).U16(field.Length);
        _templates[(9, domain, id)] = fields;
    }

    /// <summary>RFC 3954 §6.1: scope and option lengths in bytes, multiples of 4 unless this one is broken.</summary>
    private void V9OptionsTemplate(WireWriter body, uint domain)
    {
        int id = Pick(TemplateIds);
        var fields = Fields(allowEnterprise: false);
        int scopes = Math.Min(fields.Length, _random.Next(0, 3));
        int scopeLength = 4 * scopes, optionLength = 4 * (fields.Length - scopes);
        if (_random.Next(10) == 0)
            scopeLength += _random.Next(1, 4);
        body.U16(id).U16(scopeLength).U16(optionLength);
        for (int i = 0; i < fields.Length; i++)
            body.U16(i < scopes ? _random.Next(1, 7) : fields[i].Id).U16(fields[i].Length);
        if (_random.Next(2) == 0)
            body.U16(0);
        _templates[(9, domain, id)] = fields;
    }

    private Field[] Fields(bool allowEnterprise)
    {
        int count = _random.Next(40) switch
        {
            0 => 513,
            1 => _random.Next(100, 400),
            2 => 0,
            < 10 => _random.Next(9, 40),
            _ => _random.Next(1, 9),
        };
        var fields = new Field[count];
        for (int i = 0; i < count; i++)
        {
            int id = Pick(Elements);
            uint enterprise = allowEnterprise && _random.Next(5) == 0 ? Pick(Enterprises) : 0;
            var type = (enterprise == 0 ? InformationElementRegistry.FindIana((ushort)id) : null)?.DataType;
            bool list = type is IeDataType.BasicList or IeDataType.SubTemplateList or IeDataType.SubTemplateMultiList;
            int length = list || _random.Next(4) == 0 ? (_random.Next(12) == 0 ? _random.Next(0, 8) : 0xFFFF)
                : _random.Next(5) < 3 ? NaturalLength(type ?? IeDataType.OctetArray)
                : Pick(FixedLengths);
            fields[i] = new Field(id, enterprise, length, type ?? IeDataType.OctetArray);
        }
        return fields;
    }

    private void DataSet(WireWriter sets, int version, uint domain)
    {
        var known = _templates.Keys.Where(k => k.Version == version && k.Domain == domain).ToArray();
        int id = known.Length > 0 && _random.Next(4) != 0 ? Pick(known).Id : Pick(TemplateIds);
        SetWithLength(sets, id, body =>
        {
            if (_templates.TryGetValue((version, domain, id), out var fields) && _random.Next(8) != 0)
                Repeat(_random.Next(1, 6), () =>
                {
                    if (_budget > 0)
                        Record(body, version, domain, fields, 0);
                });
            else
                body.Bytes(RandomBytes(_random.Next(0, 300)));
            if (_random.Next(6) == 0)
                body.Bytes(_random.Next(2) == 0 ? new byte[_random.Next(1, 4)] : RandomBytes(_random.Next(1, 8)));
        });
    }

    private void Record(WireWriter body, int version, uint domain, Field[] fields, int depth)
    {
        foreach (var field in fields)
        {
            if (field.Length != 0xFFFF)
            {
                body.Bytes(FixedValue(field));
                continue;
            }
            byte[] content = _budget <= 0 ? [] : field.Type switch
            {
                IeDataType.BasicList when depth < MaxListDepth => BasicList(version, domain, depth),
                IeDataType.SubTemplateList when depth < MaxListDepth => SubTemplateList(version, domain, depth),
                IeDataType.SubTemplateMultiList when depth < MaxListDepth => SubTemplateMultiList(version, domain, depth),
                _ => RandomBytes(_random.Next(20) == 0 ? _random.Next(250, 700) : _random.Next(0, 24)),
            };
            VariableLength(body, content);
        }
    }

    /// <summary>A length prefix (1 or 3 bytes, now and then a wrong one) and the content.</summary>
    private void VariableLength(WireWriter body, byte[] content)
    {
        int length = content.Length;
        if (_random.Next(25) == 0)
            length = Math.Max(0, length + _random.Next(-3, 4));
        body.VariableLength(Math.Min(length, 0xFFFF), threeByteForm: _random.Next(5) == 0).Bytes(content);
    }

    /// <summary>RFC 6313 §4.5.1: semantic, element id (enterprise bit), element length, enterprise number, elements.</summary>
    private byte[] BasicList(int version, uint domain, int depth)
    {
        var list = new WireWriter().U8(Pick([0, 1, 2, 3, 4, 255, 9]));
        int id = Pick(Elements);
        bool enterprise = _random.Next(6) == 0;
        var type = enterprise ? IeDataType.OctetArray : InformationElementRegistry.FindIana((ushort)id)?.DataType ?? IeDataType.OctetArray;
        int elementLength = type is IeDataType.BasicList or IeDataType.SubTemplateList or IeDataType.SubTemplateMultiList
            ? 0xFFFF
            : Pick([1, 2, 4, 4, 8, 0xFFFF, 0xFFFF, 0]);
        list.U16(id | (enterprise ? 0x8000 : 0)).U16(elementLength);
        if (enterprise)
            list.U32(Pick(Enterprises));
        var element = new Field(id, 0, elementLength, type);
        int count = _random.Next(0, 5);
        for (int i = 0; i < count; i++)
            Record(list, version, domain, [element], depth + 1);
        return list.ToArray();
    }

    /// <summary>RFC 6313 §4.5.2: semantic, template id, records of that template.</summary>
    private byte[] SubTemplateList(int version, uint domain, int depth)
    {
        var list = new WireWriter().U8(Pick([0, 1, 2, 3, 4, 255]));
        int id = ListTemplateId(version, domain);
        list.U16(id);
        ListRecords(list, version, domain, id, depth);
        return list.ToArray();
    }

    /// <summary>RFC 6313 §4.5.3: semantic, then blocks of template id, block length, records.</summary>
    private byte[] SubTemplateMultiList(int version, uint domain, int depth)
    {
        var list = new WireWriter().U8(Pick([0, 1, 2, 3, 4, 255]));
        int blocks = _random.Next(0, 4);
        for (int b = 0; b < blocks; b++)
        {
            int id = ListTemplateId(version, domain);
            var block = new WireWriter();
            ListRecords(block, version, domain, id, depth);
            int length = block.Length + 4;
            if (_random.Next(15) == 0)
                length = Pick([0, 3, length - 1, length + 1, 0xFFFF]);
            list.U16(id).U16(length).Bytes(block.ToArray());
        }
        return list.ToArray();
    }

    private int ListTemplateId(int version, uint domain)
    {
        var known = _templates.Keys.Where(k => k.Version == version && k.Domain == domain).ToArray();
        return known.Length > 0 && _random.Next(4) != 0 ? Pick(known).Id : Pick(TemplateIds);
    }

    private void ListRecords(WireWriter list, int version, uint domain, int id, int depth)
    {
        if (_budget > 0 && _templates.TryGetValue((version, domain, id), out var fields) && fields.Length <= 40 && _random.Next(6) != 0)
            Repeat(_random.Next(0, 4), () => Record(list, version, domain, fields, depth + 1));
        else
            list.Bytes(RandomBytes(_random.Next(0, 20)));
    }

    /// <summary>A set or flowset whose length is right, or now and then not.</summary>
    private void SetWithLength(WireWriter sets, int setId, Action<WireWriter> body)
    {
        var inner = new WireWriter();
        body(inner);
        int length = inner.Length + 4;
        if (_random.Next(15) == 0)
            length = Pick([0, 1, 3, 4, length - 1, length + 1, 0xFFFF]);
        sets.U16(setId).U16(length).Bytes(inner.ToArray());
    }

    private byte[] Damage(byte[] datagram)
    {
        switch (_random.Next(10))
        {
            case 0 when datagram.Length > 0:
                datagram[_random.Next(datagram.Length)] ^= (byte)_random.Next(1, 256);
                return datagram;
            case 1:
                return datagram[.._random.Next(datagram.Length + 1)];
            default:
                return datagram;
        }
    }

    /// <summary>Random bytes, or a value at an edge: all zeros, all ones, the latest time a dateTime may hold.</summary>
    private byte[] FixedValue(Field field)
    {
        int length = field.Length;
        var bytes = RandomBytes(length);
        bool time = field.Type is >= IeDataType.DateTimeSeconds and <= IeDataType.DateTimeNanoseconds;
        switch (time && _random.Next(3) == 0 ? 2 : _random.Next(8))
        {
            case 0:
                Array.Fill(bytes, (byte)0);
                break;
            case 1:
                Array.Fill(bytes, (byte)0xFF);
                break;
            case 2 when length == 8:
                BinaryPrimitives.WriteUInt64BigEndian(bytes, Pick(EdgeTimes));
                break;
            case 2 when length == 4:
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Pick(EdgeTimes));
                break;
        }
        return bytes;
    }

    private int NaturalLength(IeDataType type) => type switch
    {
        IeDataType.Unsigned8 or IeDataType.Signed8 or IeDataType.Boolean => 1,
        IeDataType.Unsigned16 or IeDataType.Signed16 => 2,
        IeDataType.Unsigned32 or IeDataType.Signed32 or IeDataType.Float32 or IeDataType.Ipv4Address or IeDataType.DateTimeSeconds => 4,
        IeDataType.Unsigned64 or IeDataType.Signed64 or IeDataType.Float64 or IeDataType.DateTimeMilliseconds
            or IeDataType.DateTimeMicroseconds or IeDataType.DateTimeNanoseconds => 8,
        IeDataType.MacAddress => 6,
        IeDataType.Ipv6Address => 16,
        _ => Pick(FixedLengths),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        _budget -= length;
        return bytes;
    }

    private void Repeat(int times, Action action)
    {
        for (int i = 0; i < times; i++)
            action();
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private readonly record struct Field(int Id, uint Enterprise, int Length, IeDataType Type);
}

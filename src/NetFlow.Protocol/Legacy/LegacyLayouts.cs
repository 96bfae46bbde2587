using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Legacy;

/// <summary>
/// NetFlow v1, v5 and v7 have fixed record layouts (Cisco's "NetFlow Export Datagram Format").
/// Each is written here once as a template of IANA elements, so their records flow through the
/// same <see cref="Records.FlowRecord"/> view as v9 and IPFIX records and print under the same names.
/// </summary>
internal static class LegacyLayouts
{
    /// <summary>Project-private enterprise number for the few v7 fields that no registry names.</summary>
    public const uint LegacyEnterprise = 4294967293;

    public static readonly InformationElement V7Flags1 = new("netflowV7Flags1", 1, LegacyEnterprise, IeDataType.Unsigned8, IeSemantics.Flags);
    public static readonly InformationElement V7Flags2 = new("netflowV7Flags2", 2, LegacyEnterprise, IeDataType.Unsigned16, IeSemantics.Flags);
    public static readonly InformationElement V7RouterShortcut = new("netflowV7RouterShortcut", 3, LegacyEnterprise, IeDataType.Ipv4Address);

    public const int V1HeaderLength = 16, V1RecordLength = 48, V1MaxRecords = 24;
    public const int V5HeaderLength = 24, V5RecordLength = 48, V5MaxRecords = 30;
    public const int V7HeaderLength = 24, V7RecordLength = 52, V7MaxRecords = 28;

    public static readonly Template V1 = Build(1, V1RecordLength,
        (8, 4), (12, 4), (15, 4), (10, 2), (14, 2), (2, 4), (1, 4), (22, 4), (21, 4), (7, 2), (11, 2),
        (Pad, 2), (4, 1), (5, 1), (6, 1), (Pad, 1), (Pad, 2), (Pad, 4));

    public static readonly Template V5 = Build(5, V5RecordLength,
        (8, 4), (12, 4), (15, 4), (10, 2), (14, 2), (2, 4), (1, 4), (22, 4), (21, 4), (7, 2), (11, 2),
        (Pad, 1), (6, 1), (4, 1), (5, 1), (16, 2), (17, 2), (9, 1), (13, 1), (Pad, 2));

    public static readonly Template V7 = Build(7, V7RecordLength,
        (8, 4), (12, 4), (15, 4), (10, 2), (14, 2), (2, 4), (1, 4), (22, 4), (21, 4), (7, 2), (11, 2),
        (-1, 1), (6, 1), (4, 1), (5, 1), (16, 2), (17, 2), (9, 1), (13, 1), (-2, 2), (-3, 4));

    /// <summary>IANA paddingOctets: bytes the layout reserves; printers skip them.</summary>
    private const int Pad = 210;

    private static Template Build(ushort version, int expectedLength, params (int Id, ushort Length)[] layout)
    {
        var fields = new TemplateField[layout.Length];
        int total = 0;
        for (int i = 0; i < layout.Length; i++)
        {
            var (id, length) = layout[i];
            var element = id switch
            {
                -1 => V7Flags1,
                -2 => V7Flags2,
                -3 => V7RouterShortcut,
                _ => InformationElementRegistry.FindIana((ushort)id)
                     ?? throw new InvalidOperationException($"IANA element {id} missing from the generated table"),
            };
            fields[i] = new TemplateField(element, length, isScope: false);
            total += length;
        }
        if (total != expectedLength)
            throw new InvalidOperationException($"v{version} layout is {total} bytes, expected {expectedLength}");
        return new Template(version, 0, 0, TemplateKind.Data, fields, 0, [], DateTime.MinValue);
    }
}

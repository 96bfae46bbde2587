using NetFlow.Protocol.Templates;

namespace NetFlow.Benchmarks.Handlers;

/// <summary>
/// Where a template keeps the fields a collector always reads. Found once per template (a consumer
/// caches this per template), so reading a record is indexing, not searching.
/// </summary>
internal readonly record struct KeyFields(
    int SourceAddress, int DestinationAddress, int SourcePort, int DestinationPort, int Protocol,
    int Octets, int Packets, int Start, int End)
{
    public bool IsComplete =>
        SourceAddress >= 0 && DestinationAddress >= 0 && SourcePort >= 0 && DestinationPort >= 0 && Protocol >= 0
        && Octets >= 0 && Packets >= 0 && Start >= 0 && End >= 0;

    public static KeyFields Of(Template template) => new(
        SourceAddress: First(template, 8, 27),         // sourceIPv4Address, sourceIPv6Address
        DestinationAddress: First(template, 12, 28),
        SourcePort: First(template, 7),
        DestinationPort: First(template, 11),
        Protocol: First(template, 4),
        Octets: First(template, 1),                    // octetDeltaCount (v9 IN_BYTES)
        Packets: First(template, 2),
        Start: First(template, 152, 22),               // flowStartMilliseconds, flowStartSysUpTime (FIRST_SWITCHED)
        End: First(template, 153, 21));

    private static int First(Template template, params ReadOnlySpan<ushort> ids)
    {
        var fields = template.FieldList;
        foreach (ushort id in ids)
        {
            for (int i = 0; i < fields.Count; i++)
            {
                var element = fields[i].Element;
                if (element.Id == id && element.EnterpriseNumber == 0)
                    return i;
            }
        }
        return -1;
    }
}

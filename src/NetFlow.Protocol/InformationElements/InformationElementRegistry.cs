using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace NetFlow.Protocol.InformationElements;

/// <summary>
/// Information elements by IANA id, by (enterprise number, id) and by NetFlow v9 field type.
/// The tables (Generated/InformationElementTables.g.cs) are made from registry/ by
/// tools/generate-elements.py, which also makes every name unique; this file only indexes them.
/// Lookups are meant for template-parse time: decoders keep the element in the parsed template.
/// </summary>
public static partial class InformationElementRegistry
{
    /// <summary>RFC 5103: the reverse-direction counterpart of IANA element n is (29305, n).</summary>
    public const uint ReverseEnterpriseNumber = 29305;

    /// <summary>
    /// Enterprise number given to NetFlow v9 field types that IANA does not define. v9 has no
    /// enterprise numbers; like libfds we use one that no vendor is assigned, and keep the raw v9
    /// field type as the element's Id.
    /// </summary>
    public const uint NetFlowV9EnterpriseNumber = uint.MaxValue;

    // An exporter chooses the ids in its templates, so a hostile or broken one could fill the
    // cache; past this many, unknown elements are still named by the same stable key but are no
    // longer shared instances.
    private const int MaxCachedUnknownElements = 65_536;

    // Static fields initialise in textual order within this file; the generated part holds only
    // methods, so nothing here depends on the order of partial files.
    private static readonly InformationElement?[] IanaById = IndexById(CreateIanaElements());
    private static readonly InformationElement?[] ReverseById = Array.ConvertAll(IanaById, CreateReverse);
    private static readonly FrozenDictionary<ulong, InformationElement> EnterpriseByKey =
        CreateEnterpriseElements().ToFrozenDictionary(ie => Key(ie.EnterpriseNumber, ie.Id));
    private static readonly InformationElement[] NetFlowV9Only = CreateNetFlowV9Elements();
    private static readonly FrozenDictionary<ushort, InformationElement> NetFlowV9ById = IndexNetFlowV9();
    private static readonly ConcurrentDictionary<UnknownKey, InformationElement> Unknown = new();
    private static readonly Lazy<FrozenDictionary<string, InformationElement>> ByName = new(IndexByName);

    /// <summary>Every element the dictionaries define (IANA, RFC 5103 reverse, vendor, v9-only), each once.</summary>
    public static IEnumerable<InformationElement> KnownElements =>
        IanaById.OfType<InformationElement>()
            .Concat(ReverseById.OfType<InformationElement>())
            .Concat(EnterpriseByKey.Values)
            .Concat(NetFlowV9Only);

    /// <summary>The IANA element with this id, or null if IANA defines none.</summary>
    public static InformationElement? FindIana(ushort id) => id < IanaById.Length ? IanaById[id] : null;

    /// <summary>
    /// The vendor element (enterpriseNumber, id), or null. Enterprise number 0 is IANA and 29305
    /// the RFC 5103 reverse of the IANA element.
    /// </summary>
    public static InformationElement? FindEnterprise(uint enterpriseNumber, ushort id) => enterpriseNumber switch
    {
        0 => FindIana(id),
        ReverseEnterpriseNumber => id < ReverseById.Length ? ReverseById[id] : null,
        _ => EnterpriseByKey.GetValueOrDefault(Key(enterpriseNumber, id)),
    };

    /// <summary>
    /// The element for a NetFlow v9 field type, or null. Where IANA defines the id it is the IANA
    /// element (1..127 by RFC 3954, above that because Cisco reuses IPFIX ids); Cisco enterprise
    /// elements sent in v9 as 32768 + id are the Cisco element itself.
    /// </summary>
    public static InformationElement? FindNetFlowV9(ushort id) => FindIana(id) ?? NetFlowV9ById.GetValueOrDefault(id);

    /// <summary>The element an IPFIX template names; never null (an unknown one gets a synthetic element).</summary>
    public static InformationElement ForIpfix(uint enterpriseNumber, ushort id) =>
        FindEnterprise(enterpriseNumber, id) ?? GetUnknown(new UnknownKey(enterpriseNumber, id, NetFlowV9: false));

    /// <summary>The element a NetFlow v9 template names; never null (an unknown one gets a synthetic element).</summary>
    public static InformationElement ForNetFlowV9(ushort id) =>
        FindNetFlowV9(id) ?? GetUnknown(new UnknownKey(NetFlowV9EnterpriseNumber, id, NetFlowV9: true));

    /// <summary>A known element by its unique name (case-sensitive), or null.</summary>
    public static InformationElement? FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.Value.GetValueOrDefault(name);
    }

    private static InformationElement GetUnknown(UnknownKey key)
    {
        if (Unknown.TryGetValue(key, out var known))
            return known;
        return Unknown.Count < MaxCachedUnknownElements ? Unknown.GetOrAdd(key, CreateUnknown) : CreateUnknown(key);
    }

    // The name is the stable key the element is stored under: it spells out where the bytes came
    // from, so two different unknown elements can never be merged.
    private static InformationElement CreateUnknown(UnknownKey key)
    {
        var name = key.NetFlowV9 ? $"nf9_{key.Id}"
            : key.EnterpriseNumber == 0 ? $"ie{key.Id}"
            : $"pen{key.EnterpriseNumber}_ie{key.Id}";
        return new InformationElement(name, key.Id, key.EnterpriseNumber, IeDataType.OctetArray, isKnown: false);
    }

    private static InformationElement? CreateReverse(InformationElement? forward) =>
        forward is null
            ? null
            : new InformationElement("reverse" + char.ToUpperInvariant(forward.Name[0]) + forward.Name[1..], forward.Id,
                ReverseEnterpriseNumber, forward.DataType, forward.Semantics, forward.Units);

    private static InformationElement?[] IndexById(InformationElement[] elements)
    {
        var byId = new InformationElement?[elements.Max(ie => ie.Id) + 1];
        foreach (var ie in elements)
            byId[ie.Id] = ie;
        return byId;
    }

    private static FrozenDictionary<ushort, InformationElement> IndexNetFlowV9()
    {
        var byId = NetFlowV9Only.ToDictionary(ie => ie.Id);
        foreach (var (v9Id, enterpriseNumber, id) in CreateNetFlowV9Aliases())
            byId.Add(v9Id, EnterpriseByKey[Key(enterpriseNumber, id)]);
        return byId.ToFrozenDictionary();
    }

    // Add, not the indexer: a duplicate name means the generator broke its promise, and that
    // must fail loudly rather than shadow an element.
    private static FrozenDictionary<string, InformationElement> IndexByName()
    {
        var byName = new Dictionary<string, InformationElement>(StringComparer.Ordinal);
        foreach (var ie in KnownElements)
            byName.Add(ie.Name, ie);
        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ulong Key(uint enterpriseNumber, ushort id) => ((ulong)enterpriseNumber << 16) | id;

    private readonly record struct UnknownKey(uint EnterpriseNumber, ushort Id, bool NetFlowV9);
}

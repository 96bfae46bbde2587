namespace NetFlow.Protocol.Templates;

/// <summary>
/// A parsed (options) template. Everything a record decode needs is worked out once here:
/// for fixed-length templates the start and end of every field, so a record is only a slice.
/// Immutable apart from <see cref="LastSeenUtc"/>, which a refresh moves forward.
/// </summary>
public sealed class Template
{
    internal Template(ushort version, uint domain, ushort id, TemplateKind kind, TemplateField[] fields,
        int scopeFieldCount, byte[] wireBytes, DateTime receivedUtc)
    {
        Version = version;
        Domain = domain;
        Id = id;
        Kind = kind;
        Fields = fields;
        ScopeFieldCount = scopeFieldCount;
        WireBytes = wireBytes;
        LastSeenUtc = receivedUtc;
        FieldKeys = MakeFieldKeys(fields);
        foreach (var field in fields)
        {
            var e = field.Element;
            if (e.EnterpriseNumber == 0 && e.Id < PresenceBits)
                IanaPresence[e.Id >> 6] |= 1UL << (e.Id & 63);
        }

        int fixedLength = 0, minimum = 0;
        bool variable = false;
        foreach (var field in fields)
        {
            if (field.IsVariableLength)
            {
                variable = true;
                minimum += 1; // RFC 7011 §7: at least the one-byte length prefix
            }
            else
            {
                fixedLength += field.Length;
                minimum += field.Length;
            }
        }

        MinimumRecordLength = minimum;
        if (!variable)
        {
            FixedRecordLength = fixedLength;
            var bounds = new int[fields.Length * 2];
            int offset = 0;
            for (int i = 0; i < fields.Length; i++)
            {
                bounds[2 * i] = offset;
                offset += fields[i].Length;
                bounds[2 * i + 1] = offset;
            }
            FixedBounds = bounds;
        }
        else
        {
            FixedRecordLength = -1;
            // The fields before the first variable-length one lie at the same place in every record.
            int prefix = 0, offset = 0;
            while (!fields[prefix].IsVariableLength)
                offset += fields[prefix++].Length;
            var bounds = new int[prefix * 2];
            offset = 0;
            for (int i = 0; i < prefix; i++)
            {
                bounds[2 * i] = offset;
                offset += fields[i].Length;
                bounds[2 * i + 1] = offset;
            }
            FixedPrefixBounds = bounds;
            FixedPrefixLength = offset;
        }
    }

    /// <summary>IANA ids below this are in <see cref="IanaPresence"/>.</summary>
    internal const int PresenceBits = 1024;

    /// <summary>
    /// One bit per IANA element id below 1024 the template carries, so asking a record for an
    /// element it does not have (the usual case when looking for one of several time or sampling
    /// forms) costs one bit test, not a scan of the fields.
    /// </summary>
    internal ulong[] IanaPresence { get; } = new ulong[PresenceBits / 64];

    public ushort Version { get; }
    /// <summary>v9 source id or IPFIX observation domain id.</summary>
    public uint Domain { get; }
    public ushort Id { get; }
    public TemplateKind Kind { get; }
    public IReadOnlyList<TemplateField> FieldList => Fields;
    internal TemplateField[] Fields { get; }
    /// <summary>Number of leading scope fields (options templates); 0 for data templates.</summary>
    public int ScopeFieldCount { get; }
    /// <summary>Record length when no field is variable-length; -1 otherwise.</summary>
    public int FixedRecordLength { get; }
    /// <summary>Smallest possible record: what a set must still hold for another record to start.</summary>
    public int MinimumRecordLength { get; }
    /// <summary>Start/end pairs of every field for fixed-length templates; null otherwise.</summary>
    internal int[]? FixedBounds { get; }
    /// <summary>For variable-length templates: bounds of the fixed fields before the first variable one, and their total length.</summary>
    internal int[] FixedPrefixBounds { get; } = [];
    internal int FixedPrefixLength { get; }
    /// <summary>The output key of each field: the element name, and name#2, name#3 for repeats, so duplicates stay apart.</summary>
    public IReadOnlyList<string> FieldKeys { get; }
    /// <summary>The template record as sent, to tell a refresh from a redefinition without parsing.</summary>
    internal byte[] WireBytes { get; }
    public DateTime LastSeenUtc { get; internal set; }
    /// <summary>When the store last added, refreshed or used this template, on the store's own counter: what eviction orders by.</summary>
    internal long LastUse { get; set; }

    public bool IsFixedLength => FixedRecordLength >= 0;

    /// <summary>The first field that holds the given IANA (or enterprise) element; -1 if none.</summary>
    public int IndexOf(ushort id, uint enterpriseNumber = 0)
    {
        if (enterpriseNumber == 0 && id < PresenceBits && (IanaPresence[id >> 6] & (1UL << (id & 63))) == 0)
            return -1;
        var fields = Fields;
        for (int i = 0; i < fields.Length; i++)
        {
            var e = fields[i].Element;
            if (e.Id == id && e.EnterpriseNumber == enterpriseNumber)
                return i;
        }
        return -1;
    }

    private static string[] MakeFieldKeys(TemplateField[] fields)
    {
        var keys = new string[fields.Length];
        Dictionary<string, int>? seen = null;
        for (int i = 0; i < fields.Length; i++)
        {
            string name = fields[i].Element.Name;
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            seen.TryGetValue(name, out int count);
            seen[name] = ++count;
            keys[i] = count == 1 ? name : $"{name}#{count}";
        }
        return keys;
    }
}

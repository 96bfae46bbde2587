using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// An address key (srcip, dstip): a hash table from address to group. IPv4-only groups, most of
/// them, sit in an <see cref="Ipv4GroupTable"/> keyed by the 32-bit address; the rest (IPv6,
/// both, neither) in a dictionary of <see cref="AddressKey"/>. A row group whose rows all have
/// IPv4 and none IPv6 (the common case) is looked up straight from the IPv4 column's values.
/// </summary>
internal sealed class AddressRollup : KeyRollup
{
    private readonly Ipv4GroupTable _ipv4 = new();
    private readonly Dictionary<AddressKey, int> _others = [];
    private readonly Func<FlowRowGroup, AddressColumns> _columnsOf;
    private readonly ColumnDescriptor _ipv4Column;
    private readonly ColumnDescriptor _ipv6Column;
    private GroupTotals[] _totals = new GroupTotals[1024];
    private AddressKey[] _keys = new AddressKey[1024];
    private int _groups;
    private int _touched;

    /// <summary>Slots of an IPv4 table (8 bytes each) that stay in the core's L2 cache: past this, look-ups read their slots ahead (see <see cref="Ipv4GroupTable.Touch"/>).</summary>
    private const int TableInCache = 32 * 1024;

    public AddressRollup(string key, ColumnDescriptor ipv4Column, ColumnDescriptor ipv6Column, Func<FlowRowGroup, AddressColumns> columnsOf)
        : base(key, RollupSchema.For(ipv4Column, ipv6Column))
    {
        _ipv4Column = ipv4Column;
        _ipv6Column = ipv6Column;
        _columnsOf = columnsOf;
    }

    public override int Groups => _groups;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        var (ipv4, ipv6) = _columnsOf(rows);
        var groups = figures.GroupOfRow;
        bool found = rows.AllHave(ipv4.Bit) && rows.NoneHas(ipv6.Bit)
            ? TryGroupIpv4(ipv4.Values.AsSpan(figures.From, figures.Count), groups)
            : TryGroupEach(ipv4, ipv6, figures.From, groups);
        return found && GroupTotals.AddRows(_totals.AsSpan(0, _groups), new ListedGroupNumbers(groups), figures, out _);
    }

    /// <summary>Every row IPv4 only: the IPv4 table looks the values up, stopping at each new address for its group to be made.</summary>
    private bool TryGroupIpv4(ReadOnlySpan<uint> addresses, Span<int> groups)
    {
        if (_ipv4.Capacity > TableInCache)
            _touched = _ipv4.Touch(addresses);
        for (int row = 0; (row = _ipv4.FindGroups(addresses, groups, row, _groups)) < addresses.Length; row++)
        {
            if (!TryCreate(AddressKey.Ipv4Only(addresses[row])))
                return false;
        }
        return true;
    }

    /// <summary>Rows of all kinds: each row's key by its presence bits, IPv4-only ones in the IPv4 table.</summary>
    private bool TryGroupEach(FlowRowGroup.ValueColumn<uint> ipv4, FlowRowGroup.ReferenceColumn<byte[]> ipv6, int from, Span<int> groups)
    {
        for (int i = 0; i < groups.Length; i++)
        {
            var key = AddressKey.Of(ipv4[from + i], ipv6[from + i]);
            int group;
            if (key.IsIpv4Only)
            {
                group = _ipv4.GetOrAdd(key.Ipv4, _groups);
            }
            else if (!_others.TryGetValue(key, out group))
            {
                group = _groups;
                _others.Add(key, group);
            }
            if (group == _groups && !TryCreate(key))
                return false;
            groups[i] = group;
        }
        return true;
    }

    /// <summary>Makes the next group, for a key just added to a table; false past <see cref="KeyRollup.MaxGroups"/> (the key is then given up, tables and all).</summary>
    private bool TryCreate(AddressKey key)
    {
        if (_groups == MaxGroups)
            return false;
        if (_groups == _totals.Length)
        {
            Array.Resize(ref _totals, _totals.Length * 2);
            Array.Resize(ref _keys, _keys.Length * 2);
        }
        _totals[_groups] = GroupTotals.Empty;
        _keys[_groups] = key;
        _groups++;
        return true;
    }

    public override void Write(RowGroupEncoder encoder)
    {
        int n = _groups;
        var ipv4 = new uint[n];
        var ipv6 = new byte[]?[n];
        // Which address a group has, a bit each: IPv4, IPv6, both, or neither.
        const ulong HasIpv4 = 1, HasIpv6 = 2;
        var has = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ref readonly var key = ref _keys[i];
            if (key.Ipv4OrNull is { } v4)
                (ipv4[i], has[i]) = (v4, HasIpv4);
            if (key.Ipv6OrNull() is { } v6)
                (ipv6[i], has[i]) = (v6, has[i] | HasIpv6);
        }
        encoder.WriteInt32<uint>(_ipv4Column, ipv4, Presence(has, HasIpv4));
        encoder.WriteByteArrays(_ipv6Column, ipv6, Presence(has, HasIpv6));
        EncodeTotals(encoder, _totals.AsSpan(0, n));
    }

    protected override void Reset()
    {
        _ipv4.Clear();
        _others.Clear();
        _groups = 0;
        // A segment that grew the tables large gives the memory back rather than keeping it for the next.
        if (_totals.Length > 1 << 16)
        {
            _totals = new GroupTotals[1024];
            _keys = new AddressKey[1024];
            _others.TrimExcess();
        }
    }
}

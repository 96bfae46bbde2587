using NetFlow.Storage.Writing;
using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// An address key (srcip, dstip): a hash table from address to group. IPv4-only groups, most of
/// them, sit in a table keyed by the 32-bit address; the rest (IPv6, both, neither) in another.
/// </summary>
internal sealed class AddressRollup : KeyRollup
{
    private readonly Dictionary<uint, int> _ipv4 = [];
    private readonly Dictionary<AddressKey, int> _others = [];
    private readonly Func<FlowRowGroup, int, AddressKey> _keyOf;
    private readonly DataField<uint?> _ipv4Field;
    private readonly DataField<byte[]> _ipv6Field;
    private GroupTotals[] _totals = new GroupTotals[1024];
    private AddressKey[] _keys = new AddressKey[1024];
    private int _groups;

    public AddressRollup(string key, DataField<uint?> ipv4Field, DataField<byte[]> ipv6Field, Func<FlowRowGroup, int, AddressKey> keyOf)
        : base(key, RollupSchema.For(ipv4Field, ipv6Field))
    {
        _ipv4Field = ipv4Field;
        _ipv6Field = ipv6Field;
        _keyOf = keyOf;
    }

    public override int Groups => _groups;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        for (int row = 0; row < rows.Count; row++)
        {
            var key = _keyOf(rows, row);
            if (!TryGroupOf(key, out int group))
                return false;
            if (!_totals[group].Add(figures, row))
                return false;
        }
        return true;
    }

    private bool TryGroupOf(AddressKey key, out int group)
    {
        bool found = key.IsIpv4Only ? _ipv4.TryGetValue(key.Ipv4, out group) : _others.TryGetValue(key, out group);
        if (found)
            return true;
        if (_groups == MaxGroups)
            return false;
        group = _groups++;
        if (group == _totals.Length)
        {
            Array.Resize(ref _totals, _totals.Length * 2);
            Array.Resize(ref _keys, _keys.Length * 2);
        }
        _totals[group] = GroupTotals.Empty;
        _keys[group] = key;
        if (key.IsIpv4Only)
            _ipv4.Add(key.Ipv4, group);
        else
            _others.Add(key, group);
        return true;
    }

    public override async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        int n = _groups;
        var ipv4 = new uint?[n];
        var ipv6 = new byte[]?[n];
        for (int i = 0; i < n; i++)
        {
            ipv4[i] = _keys[i].Ipv4OrNull;
            ipv6[i] = _keys[i].Ipv6OrNull();
        }
        using var g = writer.CreateRowGroup();
        await g.WriteAsync<uint>(_ipv4Field, ipv4, cancellationToken: cancellationToken).ConfigureAwait(false);
        await g.WriteAsync(_ipv6Field, ipv6!).ConfigureAwait(false);
        await WriteTotalsAsync(g, _totals, n, cancellationToken).ConfigureAwait(false);
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
            _ipv4.TrimExcess();
            _others.TrimExcess();
        }
    }
}

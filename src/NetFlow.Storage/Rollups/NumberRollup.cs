using NetFlow.Storage.Writing;
using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// A key of few values (ports, protocol): a slot per value and one for NULL, indexed directly,
/// so adding a flow is an array update. 65 537 slots of totals is about 3.7 MB per key.
/// </summary>
internal sealed class NumberRollup : KeyRollup
{
    private readonly GroupTotals[] _slots;
    private readonly Func<FlowRowGroup, int, int> _valueOf;
    private readonly DataField _field;
    private int _groups;

    /// <param name="valueOf">The row's value, or -1 for NULL.</param>
    private NumberRollup(string key, DataField field, int values, Func<FlowRowGroup, int, int> valueOf)
        : base(key, RollupSchema.For(field))
    {
        _field = field;
        _valueOf = valueOf;
        _slots = new GroupTotals[values + 1];
        Reset();
    }

    public static NumberRollup Port(string key, DataField<ushort?> field, Func<FlowRowGroup, int, int> valueOf) =>
        new(key, field, ushort.MaxValue + 1, valueOf);

    public static NumberRollup Byte(string key, DataField<byte?> field, Func<FlowRowGroup, int, int> valueOf) =>
        new(key, field, byte.MaxValue + 1, valueOf);

    public override int Groups => _groups;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        int nullSlot = _slots.Length - 1;
        for (int row = 0; row < rows.Count; row++)
        {
            int value = _valueOf(rows, row);
            ref var slot = ref _slots[value < 0 ? nullSlot : value];
            if (slot.Flows == 0)
                _groups++;
            if (!slot.Add(figures, row))
                return false;
        }
        return true;
    }

    public override async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        var totals = new GroupTotals[_groups];
        var values = new int?[_groups];
        int n = 0;
        for (int v = 0; v < _slots.Length; v++)
        {
            if (_slots[v].Flows == 0)
                continue;
            totals[n] = _slots[v];
            values[n++] = v == _slots.Length - 1 ? null : v;
        }
        using var g = writer.CreateRowGroup();
        if (_field is DataField<ushort?> ports)
            await g.WriteAsync<ushort>(ports, values.Select(v => (ushort?)v).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        else
            await g.WriteAsync<byte>((DataField<byte?>)_field, values.Select(v => (byte?)v).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await WriteTotalsAsync(g, totals, n, cancellationToken).ConfigureAwait(false);
    }

    protected override void Reset()
    {
        Array.Fill(_slots, GroupTotals.Empty);
        _groups = 0;
    }
}

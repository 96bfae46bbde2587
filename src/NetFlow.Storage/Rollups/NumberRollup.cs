using System.Numerics;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Rollups;

/// <summary>The number keys: ports and protocol.</summary>
internal static class NumberRollup
{
    public static NumberRollup<ushort> Port(string key, ColumnDescriptor column, Func<FlowRowGroup, FlowRowGroup.ValueColumn<ushort>> columnOf) =>
        new(key, column, columnOf);

    public static NumberRollup<byte> Byte(string key, ColumnDescriptor column, Func<FlowRowGroup, FlowRowGroup.ValueColumn<byte>> columnOf) =>
        new(key, column, columnOf);
}

/// <summary>
/// A key of few values (ports, protocol): a slot per value and one for NULL, indexed directly,
/// so adding a flow is an array update. 65 537 slots of totals is about 3.7 MB per key. A column
/// every row has (the common case) is its own list of slots; NULLs are sorted out beforehand.
/// </summary>
internal sealed class NumberRollup<T> : KeyRollup where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    /// <summary>A property: T.MaxValue is a constant to the JIT, a generic class's static field may not be.</summary>
    private static int NullSlot => int.CreateTruncating(T.MaxValue) + 1;

    private readonly GroupTotals[] _slots = new GroupTotals[NullSlot + 1];
    private readonly Func<FlowRowGroup, FlowRowGroup.ValueColumn<T>> _columnOf;
    private readonly ColumnDescriptor _column;
    private int _groups;

    public NumberRollup(string key, ColumnDescriptor column, Func<FlowRowGroup, FlowRowGroup.ValueColumn<T>> columnOf)
        : base(key, RollupSchema.For(column))
    {
        _column = column;
        _columnOf = columnOf;
        Reset();
    }

    public override int Groups => _groups;

    protected override bool TryAdd(FlowRowGroup rows, RowFigures figures)
    {
        var column = _columnOf(rows);
        int created;
        bool added = rows.AllHave(column.Bit)
            ? GroupTotals.AddRows(_slots, new ValueGroupNumbers<T>(column.Values.AsSpan(figures.From, figures.Count)), figures, out created)
            : GroupTotals.AddRows(_slots, new ListedGroupNumbers(SlotsOf(rows, column, figures)), figures, out created);
        _groups += created;
        return added;
    }

    /// <summary>The slot of each row: its value, or the NULL slot.</summary>
    private static Span<int> SlotsOf(FlowRowGroup rows, FlowRowGroup.ValueColumn<T> column, RowFigures figures)
    {
        var slots = figures.GroupOfRow;
        if (rows.NoneHas(column.Bit))
        {
            slots.Fill(NullSlot);
            return slots;
        }
        int nullSlot = NullSlot;
        for (int i = 0; i < slots.Length; i++)
            slots[i] = column[figures.From + i] is { } value ? int.CreateTruncating(value) : nullSlot;
        return slots;
    }

    public override void Write(RowGroupEncoder encoder)
    {
        var totals = new GroupTotals[_groups];
        var values = new T[_groups];
        var present = new ulong[_groups];
        int n = 0;
        for (int v = 0; v < _slots.Length; v++)
        {
            if (_slots[v].Flows == 0)
                continue;
            totals[n] = _slots[v];
            // The NULL slot's group has no value.
            if (v != NullSlot)
                (values[n], present[n]) = (T.CreateTruncating(v), 1);
            n++;
        }
        var presence = Presence(present.AsSpan(0, n), 1);
        encoder.WriteInt32<T>(_column, values.AsSpan(0, n), presence);
        EncodeTotals(encoder, totals.AsSpan(0, n));
    }

    protected override void Reset()
    {
        Array.Fill(_slots, GroupTotals.Empty);
        _groups = 0;
    }
}

using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// The figures every key sums, taken out of a row group once (not once per key): packets and
/// bytes with -1 for NULL, start and end as ticks with sentinels for NULL.
/// </summary>
internal sealed class RowFigures
{
    public const long NoStart = long.MaxValue;
    public const long NoEnd = long.MinValue;

    public long[] Packets { get; private set; } = [];
    public long[] Bytes { get; private set; } = [];
    public long[] StartTicks { get; private set; } = [];
    public long[] EndTicks { get; private set; } = [];
    public int Count { get; private set; }

    public void Load(FlowRowGroup rows)
    {
        int n = rows.Count;
        if (Packets.Length < n)
        {
            Packets = new long[rows.Capacity];
            Bytes = new long[rows.Capacity];
            StartTicks = new long[rows.Capacity];
            EndTicks = new long[rows.Capacity];
        }
        for (int row = 0; row < n; row++)
        {
            Packets[row] = RollupRows.Packets(rows, row) ?? -1;
            Bytes[row] = RollupRows.Bytes(rows, row) ?? -1;
            StartTicks[row] = RollupRows.Start(rows, row)?.Ticks ?? NoStart;
            EndTicks[row] = RollupRows.End(rows, row)?.Ticks ?? NoEnd;
        }
        Count = n;
    }
}

using System.Numerics;

namespace NetFlow.Storage.Rollups;

/// <summary>
/// Which group each row of a slice adds to, for <see cref="GroupTotals.AddRows"/>. The kernel is
/// generic over a struct of this, so the JIT compiles one loop per kind with the look-up inlined:
/// no delegate or interface call per row.
/// </summary>
internal interface IGroupNumbers
{
    int Of(int row);
}

/// <summary>The row's value is its group (a port, a protocol: a slot per value), for a column every row has.</summary>
internal readonly ref struct ValueGroupNumbers<T>(ReadOnlySpan<T> values) : IGroupNumbers where T : unmanaged, IBinaryInteger<T>
{
    private readonly ReadOnlySpan<T> _values = values;

    public int Of(int row) => int.CreateTruncating(_values[row]);
}

/// <summary>A group number per row, worked out beforehand (hash look-ups, NULLs).</summary>
internal readonly ref struct ListedGroupNumbers(ReadOnlySpan<int> groups) : IGroupNumbers
{
    private readonly ReadOnlySpan<int> _groups = groups;

    public int Of(int row) => _groups[row];
}

namespace NetFlow.Protocol;

/// <summary>
/// A limit shared by every session of a collector (all exporters), so the per-exporter limits
/// cannot add up without bound when thousands of addresses, spoofed or not, send templates or
/// orphan data. Sessions take from it when they store and give back when they drop. Thread-safe.
/// </summary>
public sealed class SharedBudget(long capacity)
{
    private long _used;

    public long Capacity { get; } = capacity;
    public long Used => Interlocked.Read(ref _used);

    public bool TryTake(long amount)
    {
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (used + amount > Capacity)
                return false;
            if (Interlocked.CompareExchange(ref _used, used + amount, used) == used)
                return true;
        }
    }

    public void Give(long amount) => Interlocked.Add(ref _used, -amount);
}

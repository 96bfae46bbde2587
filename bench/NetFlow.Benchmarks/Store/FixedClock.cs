namespace NetFlow.Benchmarks.Store;

/// <summary>
/// The sink's clock, set by the benchmark: it decides which rotation interval (file) records
/// land in, so a run does not split into two files when it crosses a minute boundary.
/// </summary>
internal sealed class FixedClock(DateTime utc) : TimeProvider
{
    public DateTime UtcNow { get; set; } = utc;

    public override DateTimeOffset GetUtcNow() => new(UtcNow, TimeSpan.Zero);
}

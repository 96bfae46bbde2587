namespace NetFlow.Collector.Tests.Sinks.JsonLines;

/// <summary>A clock that moves only when told (FakeTimeProvider's package is not referenced by the test project).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

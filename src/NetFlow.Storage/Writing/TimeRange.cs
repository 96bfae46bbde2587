namespace NetFlow.Storage.Writing;

/// <summary>The first and last moment some rows cover; <see cref="Empty"/> until a time is included.</summary>
public readonly record struct TimeRange(DateTime First, DateTime Last)
{
    public static TimeRange Empty { get; } = new(DateTime.MaxValue, DateTime.MinValue);

    public bool IsEmpty => First > Last;

    public TimeRange Including(DateTime t) => new(t < First ? t : First, t > Last ? t : Last);

    public TimeRange Including(TimeRange other) => other.IsEmpty ? this : Including(other.First).Including(other.Last);

    /// <summary>True when some moment of this range lies in [from, to).</summary>
    public bool Overlaps(DateTime? from, DateTime? to) =>
        !IsEmpty && (from is not { } f || Last >= f) && (to is not { } t || First < t);
}

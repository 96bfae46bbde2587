namespace NetFlow.Generator;

/// <summary>
/// When a stream sends its template again (RFC 3954 §9 and RFC 7011 §8.4: over UDP templates are
/// resent periodically so a collector that starts late, or lost one, catches up). A template is
/// always sent before a stream's first data packet; then every <see cref="Interval"/> of time or
/// every <see cref="DataPackets"/> data packets, whichever is set. Neither set: only the first.
/// </summary>
public readonly record struct TemplateRefresh(TimeSpan? Interval, int? DataPackets)
{
    public static TemplateRefresh Default => Every(TimeSpan.FromSeconds(20));

    public static TemplateRefresh OnlyFirst => new(null, null);

    public static TemplateRefresh Every(TimeSpan interval) => new(interval, null);

    public static TemplateRefresh EveryPackets(int dataPackets) => new(null, dataPackets);

    public override string ToString() =>
        Interval is { } i ? $"every {i.TotalSeconds:0.###} s" : DataPackets is { } p ? $"every {p} data packets" : "first packet only";
}

using System.Globalization;

namespace NetFlow.Generator;

/// <summary>What a rate counts: every datagram, or data records only (template packets are then free).</summary>
public enum RateUnit
{
    Packets,
    Records,
}

/// <summary>A target send rate; <see cref="Unlimited"/> sends as fast as the socket takes it.</summary>
public readonly record struct SendRate(double PerSecond, RateUnit Unit)
{
    public static SendRate Unlimited => new(0, RateUnit.Packets);

    public bool IsUnlimited => PerSecond <= 0;

    public static SendRate PacketsPerSecond(double pps) => new(pps, RateUnit.Packets);

    public static SendRate RecordsPerSecond(double rps) => new(rps, RateUnit.Records);

    public override string ToString() =>
        IsUnlimited ? "unlimited" : string.Create(CultureInfo.InvariantCulture, $"{PerSecond:0.###} {(Unit == RateUnit.Packets ? "packets" : "records")}/s");
}

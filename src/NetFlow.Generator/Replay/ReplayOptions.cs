namespace NetFlow.Generator.Replay;

/// <summary>What `netflow replay` resends and how fast.</summary>
public sealed record ReplayOptions
{
    public ReplayTiming Timing { get; init; } = ReplayTiming.Original;

    /// <summary>For <see cref="ReplayTiming.Pps"/>.</summary>
    public double PacketsPerSecond { get; init; }

    /// <summary>How many times the files are sent, one pass after the other.</summary>
    public int Loops { get; init; } = 1;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Timing == ReplayTiming.Pps && !(PacketsPerSecond > 0 && double.IsFinite(PacketsPerSecond)))
            problems.Add("--timing pps needs --pps above 0");
        if (Loops < 1)
            problems.Add("--loop must be 1 or more");
        return problems;
    }
}

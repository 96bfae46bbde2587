namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// Tests that measure the collector (resident set, a shutdown while it is busy) or load it hard: run
/// one at a time, after the parallel tests, so neither skews the other's figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "netflow collect: timing-sensitive";
}

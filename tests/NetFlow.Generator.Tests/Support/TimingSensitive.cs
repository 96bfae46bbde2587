namespace NetFlow.Generator.Tests.Support;

/// <summary>
/// Tests that measure a send rate: run one at a time, apart from the parallel tests, so neither
/// skews the other's timing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "generator: timing-sensitive";
}

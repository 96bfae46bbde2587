using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>A fresh directory per test under the run's temp directory (kept with KEEP_NETFLOW_TEST_TEMP=1).</summary>
public static class CollectDirectory
{
    public static string Create(DifferentialRun run, string name) =>
        Directory.CreateDirectory(Path.Combine(run.Directory, "collect", $"{name}-{Guid.NewGuid().ToString("N")[..8]}")).FullName;
}

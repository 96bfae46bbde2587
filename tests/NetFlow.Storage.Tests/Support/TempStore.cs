namespace NetFlow.Storage.Tests.Support;

/// <summary>A fresh store directory for one test, deleted after it.</summary>
internal sealed class TempStore : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("store-").FullName;

    public string[] FlowFiles() => Files("flows", "*.parquet");
    public string[] OptionsFiles() => Files("options", "*.parquet");
    public string[] TempFiles() => Directory.GetFiles(Path, ".*.tmp", SearchOption.AllDirectories);

    private string[] Files(string dataset, string pattern)
    {
        string dir = System.IO.Path.Combine(Path, dataset);
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS's temp cleaning
        }
    }
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

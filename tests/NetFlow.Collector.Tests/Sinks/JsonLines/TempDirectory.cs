namespace NetFlow.Collector.Tests.Sinks.JsonLines;

/// <summary>A fresh directory for one test, deleted after it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("jsonlines-").FullName;

    public string this[string name] => System.IO.Path.Combine(Path, name);

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

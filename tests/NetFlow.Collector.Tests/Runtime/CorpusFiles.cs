namespace NetFlow.Collector.Tests.Runtime;

internal static class CorpusFiles
{
    public static byte[] Read(string relative) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "corpus", relative));
}

namespace NetFlow.Storage.Writing;

/// <summary>
/// At start, removes the temp files a crashed run left: a Parquet file without its footer
/// cannot be read, so what it held is the loss the crash guarantee allows (one interval).
/// </summary>
public static class StoreRecovery
{
    public sealed record Leftover(string Path, long Bytes);

    public static IReadOnlyList<Leftover> RemoveLeftovers(string root)
    {
        var removed = new List<Leftover>();
        foreach (string dataset in (string[])[StoreLayout.FlowsDirectory, StoreLayout.OptionsDirectory, Rollups.RollupLayout.Directory])
        {
            string directory = Path.Combine(root, dataset);
            if (!Directory.Exists(directory))
                continue;
            foreach (string path in Directory.EnumerateFiles(directory, "." + "*" + StoreLayout.TempSuffix, SearchOption.AllDirectories))
            {
                long bytes = new FileInfo(path).Length;
                File.Delete(path);
                removed.Add(new Leftover(path, bytes));
            }
        }
        return removed;
    }
}

using NetFlow.Storage.Rollups;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Retention;

/// <summary>
/// Removes finished files by age and by the store's total size, oldest first (by the interval
/// start in their names), flows and options alike; empty partition directories go with them.
/// Runs after each rotation, on the store's writer task. Files being written are never touched.
/// When a flow file goes, the rollups of its date/hour partition go too: they sum it, so no
/// query could use them any more (queries check that themselves; this frees the space).
/// </summary>
public static class StoreRetention
{
    public sealed record Removal(string Path, long Bytes, string Reason);

    public static IReadOnlyList<Removal> Apply(string root, TimeSpan? maxAge, long? maxBytes, DateTime nowUtc, TimeSpan rotationInterval)
    {
        if (maxAge is null && maxBytes is null)
            return [];
        var files = new List<(string Path, DateTime Start, long Bytes)>();
        foreach (string dataset in (string[])[StoreLayout.FlowsDirectory, StoreLayout.OptionsDirectory])
        {
            foreach (string path in StoreLayout.FilesOf(root, dataset))
            {
                if (!StoreLayout.TryParseStart(path, out var start))
                    continue; // not ours: an operator's file is left alone
                try
                {
                    files.Add((path, start, new FileInfo(path).Length));
                }
                catch (FileNotFoundException)
                {
                    // removed meanwhile
                }
            }
        }
        files.Sort((a, b) => a.Start.CompareTo(b.Start));

        var removed = new List<Removal>();
        long total = files.Sum(f => f.Bytes);
        foreach (var f in files)
        {
            string? reason = null;
            if (maxAge is { } age && f.Start + rotationInterval < nowUtc - age)
                reason = $"older than {age}";
            else if (maxBytes is { } limit && total > limit)
                reason = $"store above {limit} bytes";
            if (reason is null)
                continue;
            if (TryDelete(f.Path))
            {
                removed.Add(new Removal(f.Path, f.Bytes, reason));
                total -= f.Bytes;
                RemoveEmptyParents(f.Path, root);
                removed.AddRange(RemoveRollupsBeside(root, f.Path));
            }
        }
        return removed;
    }

    private static IEnumerable<Removal> RemoveRollupsBeside(string root, string flowFile)
    {
        if (RollupLayout.DirectoryBeside(root, flowFile) is not { } rollups || !Directory.Exists(rollups))
            return [];
        var removed = new List<Removal>();
        foreach (string path in Directory.EnumerateFiles(rollups, "*.parquet"))
        {
            long bytes = new FileInfo(path).Length;
            if (TryDelete(path))
            {
                removed.Add(new Removal(path, bytes, "its hour lost a flow file"));
                RemoveEmptyParents(path, root);
            }
        }
        return removed;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void RemoveEmptyParents(string path, string root)
    {
        string stop = Path.GetFullPath(root);
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); dir is not null && dir.Length > stop.Length; dir = Path.GetDirectoryName(dir))
        {
            // The dataset directory (flows/, options/) stays; only date=/hour= partitions go.
            if (!Path.GetFileName(dir).Contains('=') || Directory.EnumerateFileSystemEntries(dir).Any())
                return;
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}

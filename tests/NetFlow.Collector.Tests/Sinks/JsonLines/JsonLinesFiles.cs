using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace NetFlow.Collector.Tests.Sinks.JsonLines;

/// <summary>Reads sink output back the way a consumer would, with the formats' own decoders.</summary>
internal static class JsonLinesFiles
{
    /// <summary>The lines of a finished file (a gzip/zstd stream must be complete: a missing end throws).</summary>
    public static List<string> ReadLines(string path) => ReadLines(path, complete: true);

    /// <summary>The lines of a file still being written: a compressed stream without its end is read as far as it goes.</summary>
    public static List<string> ReadLinesSoFar(string path) => ReadLines(path, complete: false);

    public static List<string> SplitLines(byte[] utf8)
    {
        string text = Encoding.UTF8.GetString(utf8);
        if (text.Length > 0)
            text.ShouldEndWith("\n");
        return text.Length == 0 ? [] : [.. text[..^1].Split('\n')];
    }

    public static List<JsonElement> Parse(IEnumerable<string> lines) =>
        [.. lines.Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>The finished files of a directory, in name order (which must be the order they were written in).</summary>
    public static string[] Finished(string directory) =>
        [.. Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)];

    public static string[] Hidden(string directory) =>
        [.. Directory.GetFiles(directory).Select(Path.GetFileName).Where(f => f!.StartsWith('.') && !f.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)!];

    private static List<string> ReadLines(string path, bool complete)
    {
        string name = path.EndsWith(".tmp", StringComparison.Ordinal) ? path[..^4] : path;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using Stream source = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress)
            : name.EndsWith(".zst", StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(file, checkEndOfStream: complete)
            : file;
        using var bytes = new MemoryStream();
        source.CopyTo(bytes);
        if (complete && name.EndsWith(".gz", StringComparison.Ordinal))
        {
            // .NET's reader stops quietly at a cut-off stream; a whole one ends in its length (RFC 1952 ISIZE).
            var all = File.ReadAllBytes(path);
            BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(all.Length - 4)).ShouldBe((uint)bytes.Length, $"{path} has no gzip trailer");
        }
        return SplitLines(bytes.ToArray());
    }
}

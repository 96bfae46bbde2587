using System.Buffers;
using System.IO.Compression;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>A hidden file that a crash or a failed write left behind, and what became of it.</summary>
/// <param name="LeftoverPath">The <c>.NAME.tmp</c> (or <c>.NAME.recover</c>) file found.</param>
/// <param name="FinalPath">Where its records are now; null if it held no whole record (it was deleted) or recovery failed.</param>
/// <param name="Records">Whole lines kept; -1 for a copy that was complete before a crash and only renamed (not read again).</param>
/// <param name="DiscardedBytes">Decompressed bytes after the last newline: the record being written when it stopped.</param>
/// <param name="CorruptTail">The compressed data ended in bytes the decompressor refused (not just cut short).</param>
/// <param name="Error">Why it could not be recovered (it stays, and is tried again at the next start); null on success.</param>
public sealed record JsonLinesRecoveredFile(
    string LeftoverPath, string? FinalPath, long Records, long DiscardedBytes, bool CorruptTail, string? Error);

/// <summary>
/// Finishes leftovers rather than only reporting them: every whole line in a leftover is data
/// that was decoded and would otherwise be lost, and the last, cut-off line is the only part that
/// cannot be read. A leftover is copied, whole lines only, through a fresh compressor into
/// <c>.NAME.recover</c> (so a gzip or zstd file gets a proper trailer), which is fsynced; then
/// the leftover is deleted and the copy renamed to the final name. A crash in between is safe:
/// a <c>.recover</c> whose <c>.tmp</c> still exists is incomplete and made again; one whose
/// <c>.tmp</c> is gone is complete and only renamed. Uncompressed files take the same path (a
/// copy, not a truncation in place) so there is one way to do it.
/// </summary>
internal static class JsonLinesRecovery
{
    private const int ChunkBytes = 64 * 1024;

    public static List<JsonLinesRecoveredFile> FinishLeftovers(JsonLinesFileNames names, CompressionLevel level)
    {
        var results = new List<JsonLinesRecoveredFile>();
        foreach (string recoverPath in names.Hidden(JsonLinesFileNames.RecoverSuffix))
        {
            string finalPath = JsonLinesFileNames.FinalPathOf(recoverPath);
            if (File.Exists(JsonLinesFileNames.TempPathOf(finalPath)))
                File.Delete(recoverPath); // an unfinished copy: made again from the .tmp below
            else
                results.Add(RenameCopy(recoverPath, finalPath));
        }
        foreach (string tempPath in names.Hidden(JsonLinesFileNames.TempSuffix))
            results.Add(Finish(tempPath, level));
        return results;
    }

    /// <summary>Copies the whole lines of one <c>.NAME.tmp</c> to its final name and deletes it.</summary>
    public static JsonLinesRecoveredFile Finish(string tempPath, CompressionLevel level)
    {
        string finalPath = JsonLinesFileNames.FinalPathOf(tempPath);
        string recoverPath = JsonLinesFileNames.RecoverPathOf(finalPath);
        var compression = JsonLinesFileNames.CompressionOf(finalPath);
        try
        {
            var (records, discarded, corrupt) = CopyWholeLines(tempPath, recoverPath, compression, level);
            File.Delete(tempPath);
            if (records == 0)
            {
                File.Delete(recoverPath);
                return new JsonLinesRecoveredFile(tempPath, null, 0, discarded, corrupt, null);
            }
            string target = JsonLinesFileNames.FreeVariantOf(finalPath, recoverPath);
            File.Move(recoverPath, target, overwrite: false);
            return new JsonLinesRecoveredFile(tempPath, target, records, discarded, corrupt, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new JsonLinesRecoveredFile(tempPath, null, 0, 0, false, e.Message);
        }
    }

    private static JsonLinesRecoveredFile RenameCopy(string recoverPath, string finalPath)
    {
        try
        {
            string target = JsonLinesFileNames.FreeVariantOf(finalPath, recoverPath);
            File.Move(recoverPath, target, overwrite: false);
            return new JsonLinesRecoveredFile(recoverPath, target, -1, 0, false, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new JsonLinesRecoveredFile(recoverPath, null, 0, 0, false, e.Message);
        }
    }

    private static (long Records, long Discarded, bool Corrupt) CopyWholeLines(
        string sourcePath, string copyPath, JsonLinesCompression compression, CompressionLevel level)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var partial = new ArrayBufferWriter<byte>();
        long records = 0;
        bool corrupt = false;
        try
        {
            using var source = JsonLinesCompressionStreams.Decompress(File.OpenRead(sourcePath), compression);
            using var file = new FileStream(copyPath, FileMode.Create, FileAccess.Write, FileShare.None);
            var copy = JsonLinesCompressionStreams.Compress(file, compression, level);
            try
            {
                while (true)
                {
                    int read;
                    try
                    {
                        read = source.Read(chunk, 0, ChunkBytes);
                    }
                    catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
                    {
                        corrupt = true;
                        break;
                    }
                    if (read == 0)
                        break;
                    var data = chunk.AsSpan(0, read);
                    int lastNewline = data.LastIndexOf((byte)'\n');
                    if (lastNewline < 0)
                    {
                        partial.Write(data);
                        continue;
                    }
                    copy.Write(partial.WrittenSpan);
                    partial.ResetWrittenCount();
                    copy.Write(data[..(lastNewline + 1)]);
                    records += data[..(lastNewline + 1)].Count((byte)'\n');
                    partial.Write(data[(lastNewline + 1)..]);
                }
            }
            finally
            {
                if (!ReferenceEquals(copy, file))
                    copy.Dispose(); // the compressed stream's end
            }
            file.Flush(flushToDisk: true);
            return (records, partial.WrittenCount, corrupt);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}

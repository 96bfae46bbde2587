using System.IO.Compression;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>The compressor in front of a target stream, and the decompressor recovery reads with.</summary>
internal static class JsonLinesCompressionStreams
{
    /// <summary>
    /// A compressing stream that leaves <paramref name="target"/> open. Its Flush is a sync flush
    /// in both formats (deflate Z_SYNC_FLUSH; zstd ZSTD_e_flush, which ends a block, not the frame),
    /// so everything written so far can be decompressed from the file's bytes, though the stream
    /// has no end yet: zcat prints it and then warns "unexpected end of file", zstdcat the same.
    /// Disposing writes the trailer (gzip CRC and size; zstd frame end).
    /// </summary>
    public static Stream Compress(Stream target, JsonLinesCompression compression, CompressionLevel level) => compression switch
    {
        JsonLinesCompression.None => target,
        JsonLinesCompression.Gzip => new GZipStream(target, level, leaveOpen: true),
        JsonLinesCompression.Zstd => new ZstdSharp.CompressionStream(target, ZstdLevel(level), leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>
    /// A decompressing stream that reads what a truncated file holds and then ends (zstd is told
    /// not to insist on a frame end; .NET's gzip reader stops quietly at a truncated stream).
    /// A corrupt tail still throws (InvalidDataException, ZstdException): the reader stops there.
    /// </summary>
    public static Stream Decompress(Stream source, JsonLinesCompression compression) => compression switch
    {
        JsonLinesCompression.None => source,
        JsonLinesCompression.Gzip => new GZipStream(source, CompressionMode.Decompress, leaveOpen: false),
        JsonLinesCompression.Zstd => new ZstdSharp.DecompressionStream(source, checkEndOfStream: false, leaveOpen: false),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    private static int ZstdLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.Optimal => 3,
        CompressionLevel.SmallestSize => 19,
        _ => 1,
    };
}

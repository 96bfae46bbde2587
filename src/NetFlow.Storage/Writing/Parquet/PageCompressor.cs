using System.IO.Compression;
using K4os.Compression.LZ4;
using Parquet;
using Snappier;
using ZstdSharp;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Compresses page bodies with the codec a file was asked for, at a fast level (the store trades a
/// little size for speed, as it asks Parquet.Net for <see cref="CompressionLevel.Fastest"/>). Each
/// codec writes the format Parquet's Compression.md names: raw snappy, a gzip member, a brotli
/// stream, a zstd frame, a raw LZ4 block.
/// </summary>
internal abstract class PageCompressor : IDisposable
{
    public abstract CompressionCodec Codec { get; }

    public abstract int MaxCompressedLength(int length);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> (at least <see cref="MaxCompressedLength"/> long); returns the bytes written.</summary>
    public abstract int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    public virtual void Dispose()
    {
    }

    /// <summary>The compressor for <paramref name="method"/>, or null for <see cref="CompressionMethod.None"/> (pages as they are).</summary>
    public static PageCompressor? For(CompressionMethod method) => method switch
    {
        CompressionMethod.None => null,
        CompressionMethod.Snappy => new SnappyCompressor(),
        CompressionMethod.Zstd => new ZstdCompressor(),
        CompressionMethod.Gzip => new GzipCompressor(),
        CompressionMethod.Brotli => new BrotliCompressor(),
        CompressionMethod.Lz4Raw => new Lz4RawCompressor(),
        _ => throw new NotSupportedException(
            $"the flow store cannot write Parquet compressed with {method}: choose None, Snappy, Zstd, Gzip, Brotli or Lz4Raw"),
    };

    private sealed class SnappyCompressor : PageCompressor
    {
        public override CompressionCodec Codec => CompressionCodec.Snappy;
        public override int MaxCompressedLength(int length) => Snappy.GetMaxCompressedLength(length);
        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination) => Snappy.Compress(source, destination);
    }

    private sealed class ZstdCompressor : PageCompressor
    {
        private const int Level = 1;
        private readonly Compressor _zstd = new(Level);

        public override CompressionCodec Codec => CompressionCodec.Zstd;
        public override int MaxCompressedLength(int length) => Compressor.GetCompressBound(length);
        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination) => _zstd.Wrap(source, destination);
        public override void Dispose() => _zstd.Dispose();
    }

    private sealed class Lz4RawCompressor : PageCompressor
    {
        public override CompressionCodec Codec => CompressionCodec.Lz4Raw;
        public override int MaxCompressedLength(int length) => LZ4Codec.MaximumOutputSize(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            int written = LZ4Codec.Encode(source, destination, LZ4Level.L00_FAST);
            return written >= 0 || source.IsEmpty ? Math.Max(written, 0) : throw new InvalidOperationException("LZ4 found no room for a page");
        }
    }

    private sealed class BrotliCompressor : PageCompressor
    {
        private const int Quality = 1;
        private const int Window = 22;

        public override CompressionCodec Codec => CompressionCodec.Brotli;
        public override int MaxCompressedLength(int length) => BrotliEncoder.GetMaxCompressedLength(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination) =>
            BrotliEncoder.TryCompress(source, destination, out int written, Quality, Window)
                ? written
                : throw new InvalidOperationException("brotli found no room for a page");
    }

    /// <summary>Gzip has no span API: the member is written through a stream into a reused buffer, then copied.</summary>
    private sealed class GzipCompressor : PageCompressor
    {
        private readonly MemoryStream _member = new();

        public override CompressionCodec Codec => CompressionCodec.Gzip;

        // zlib's bound is about 5 bytes per 16 KiB over the input (stored blocks) and the gzip member adds 18: this is well above both.
        public override int MaxCompressedLength(int length) => length + (length >> 3) + 128;

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            _member.SetLength(0);
            using (var gzip = new GZipStream(_member, CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write(source);
            var written = _member.GetBuffer().AsSpan(0, (int)_member.Length);
            written.CopyTo(destination);
            return written.Length;
        }

        public override void Dispose() => _member.Dispose();
    }
}

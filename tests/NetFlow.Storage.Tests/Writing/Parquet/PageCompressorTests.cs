using Parquet;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;
using NetFlow.Storage.Writing.Parquet;

namespace NetFlow.Storage.Tests.Writing.ParquetFiles;

/// <summary>The codecs the flow writer has, and a clear refusal, at start, of the ones it has not.</summary>
public sealed class PageCompressorTests
{
    [Theory]
    [InlineData(CompressionMethod.Lzo)]
    [InlineData(CompressionMethod.LZ4)]
    public void A_codec_the_writer_lacks_is_refused_by_name(CompressionMethod compression)
    {
        Should.Throw<NotSupportedException>(() => PageCompressor.For(compression)).Message.ShouldContain(compression.ToString());
    }

    [Fact]
    public async Task A_store_asked_for_such_a_codec_fails_when_it_is_made_and_leaves_the_directory_unlocked()
    {
        using var store = new TempStore();
        Should.Throw<NotSupportedException>(() => new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path, Compression = CompressionMethod.Lzo }));
        // The directory is not locked by the failed sink: a good one opens it.
        await new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }).DisposeAsync();
    }

    [Theory]
    [InlineData(CompressionMethod.Snappy, 1)]
    [InlineData(CompressionMethod.Gzip, 2)]
    [InlineData(CompressionMethod.Brotli, 4)]
    [InlineData(CompressionMethod.Zstd, 6)]
    [InlineData(CompressionMethod.Lz4Raw, 7)]
    public void Every_codec_compresses_incompressible_pages_within_its_bound(CompressionMethod compression, int codec)
    {
        using var compressor = PageCompressor.For(compression)!;
        ((int)compressor.Codec).ShouldBe(codec, "parquet.thrift CompressionCodec");
        var random = new Random(11);
        // A page is never empty: an all-NULL one still holds its run of levels.
        foreach (int length in (int[])[1, 100, 70_000, 1 << 20])
        {
            var page = new byte[length];
            random.NextBytes(page);
            var room = new byte[compressor.MaxCompressedLength(length)];
            compressor.Compress(page, room).ShouldBeInRange(1, room.Length, $"{length} bytes");
        }
    }
}

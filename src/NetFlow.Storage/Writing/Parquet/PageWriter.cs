namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Lays out the pages of a row group's column chunks one after the other in one buffer: for each
/// page its header (parquet.thrift <c>PageHeader</c>, Thrift compact) then its body, compressed
/// when its chunk has a codec (the file's, unless the chunk is left uncompressed). Without one, a page whose size is known up front (fixed-width values)
/// gets its values encoded straight into the buffer behind its header; otherwise the body is built
/// in a scratch buffer and compressed (or copied) into place, since the header, which comes first,
/// holds its size. Data pages are version 1: definition levels (4-byte length, RLE) then values.
/// </summary>
internal sealed class PageWriter
{
    private readonly ByteBuffer _output = new(1 << 20);
    private readonly ByteBuffer _body = new(1 << 16);
    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly ThriftCompactWriter _header;
    private PageCompressor? _compressor;
    private PageCompressor? _chunkCompressor;

    private long _chunkUncompressed;
    private long _chunkCompressed;
    private int _chunkDataOffset;
    private int? _chunkDictionaryOffset;

    private PageType _pageType;
    private int _pageValues;
    private PageEncoding _pageEncoding;
    private int _pageFixedBytes;
    private int _pageDirectStart = -1;

    public PageWriter()
    {
        _header = new ThriftCompactWriter(_output);
    }

    /// <summary>The row group so far: every page written since <see cref="BeginRowGroup"/>.</summary>
    public ByteBuffer Output => _output;

    /// <summary>The codec of the chunk being written: the file's, unless <see cref="LeaveChunkUncompressed"/>.</summary>
    public CompressionCodec ChunkCodec => _chunkCompressor?.Codec ?? CompressionCodec.Uncompressed;

    public void BeginRowGroup(PageCompressor? compressor)
    {
        _output.Reset();
        _compressor = compressor;
    }

    public void BeginChunk()
    {
        _chunkUncompressed = 0;
        _chunkCompressed = 0;
        _chunkDataOffset = -1;
        _chunkDictionaryOffset = null;
        _chunkCompressor = _compressor;
    }

    /// <summary>
    /// Writes the chunk's pages as they are (codec UNCOMPRESSED), whatever the file's codec: Parquet
    /// sets the codec per column chunk, and encoded values that a compressor cannot shrink are not
    /// worth its time. Only before the chunk's first page.
    /// </summary>
    public void LeaveChunkUncompressed()
    {
        if (_chunkDataOffset >= 0 || _chunkDictionaryOffset is not null)
            throw new InvalidOperationException("a chunk's codec is chosen before its first page");
        _chunkCompressor = null;
    }

    /// <summary>The chunk's first data page, its dictionary page if any (offsets in the row group), and its sizes with headers.</summary>
    public (int DataPageOffset, int? DictionaryPageOffset, long Uncompressed, long Compressed) EndChunk()
    {
        if (_chunkDataOffset < 0)
            throw new InvalidOperationException("a column chunk needs a data page");
        return (_chunkDataOffset, _chunkDictionaryOffset, _chunkUncompressed, _chunkCompressed);
    }

    /// <summary>
    /// Starts a data page of <paramref name="numValues"/> values (NULLs included) whose encoded values
    /// take exactly <paramref name="valueBytes"/>: returns where to write them; <see cref="EndPage"/> then
    /// finishes the page.
    /// </summary>
    public Span<byte> BeginDataPage(int numValues, ReadOnlySpan<byte> levels, int valueBytes, PageEncoding encoding = PageEncoding.Plain)
    {
        Start(PageType.DataPage, numValues, encoding);
        _pageFixedBytes = valueBytes;
        if (_chunkCompressor is null)
        {
            int body = levels.Length + valueBytes;
            _pageDirectStart = _output.Length;
            WriteHeader(body, body);
            _output.Write(levels);
            return _output.GetSpan(valueBytes);
        }
        _body.Write(levels);
        return _body.GetSpan(valueBytes);
    }

    /// <summary>Starts a data page whose values are appended to the buffer returned, their size not known up front.</summary>
    public ByteBuffer BeginVariableDataPage(int numValues, ReadOnlySpan<byte> levels, PageEncoding encoding = PageEncoding.Plain)
    {
        Start(PageType.DataPage, numValues, encoding);
        _body.Write(levels);
        return _body;
    }

    /// <summary>Starts the dictionary page of the chunk (before its data pages): its <paramref name="entries"/> values PLAIN, appended to the buffer returned.</summary>
    public ByteBuffer BeginDictionaryPage(int entries)
    {
        if (_chunkDataOffset >= 0 || _chunkDictionaryOffset is not null)
            throw new InvalidOperationException("a column chunk has at most one dictionary page, before its data pages");
        Start(PageType.DictionaryPage, entries, PageEncoding.Plain);
        return _body;
    }

    public void EndPage()
    {
        int start;
        int uncompressed;
        int compressed;
        if (_pageDirectStart >= 0)
        {
            start = _pageDirectStart;
            _output.Advance(_pageFixedBytes);
            uncompressed = compressed = _output.Length - start;
            _pageDirectStart = -1;
        }
        else
        {
            _body.Advance(_pageFixedBytes);
            var body = _body.Written;
            start = _output.Length;
            if (_chunkCompressor is null)
            {
                WriteHeader(body.Length, body.Length);
                uncompressed = _output.Length - start + body.Length;
                _output.Write(body);
            }
            else
            {
                _compressed.Reset();
                var room = _compressed.GetSpan(_chunkCompressor.MaxCompressedLength(body.Length));
                int length = _chunkCompressor.Compress(body, room);
                WriteHeader(body.Length, length);
                uncompressed = _output.Length - start + body.Length;
                _output.Write(room[..length]);
            }
            compressed = _output.Length - start;
        }
        _chunkUncompressed += uncompressed;
        _chunkCompressed += compressed;
        if (_pageType == PageType.DictionaryPage)
            _chunkDictionaryOffset = start;
        else if (_chunkDataOffset < 0)
            _chunkDataOffset = start;
        _pageFixedBytes = 0;
    }

    private void Start(PageType type, int numValues, PageEncoding encoding)
    {
        _pageType = type;
        _pageValues = numValues;
        _pageEncoding = encoding;
        _pageFixedBytes = 0;
        _pageDirectStart = -1;
        _body.Reset();
    }

    private void WriteHeader(int uncompressedSize, int compressedSize)
    {
        var w = _header;
        w.BeginStruct();
        w.I32Field(1, (int)_pageType);
        w.I32Field(2, uncompressedSize);
        w.I32Field(3, compressedSize);
        if (_pageType == PageType.DataPage)
        {
            w.BeginStructField(5);
            w.I32Field(1, _pageValues);
            w.I32Field(2, (int)_pageEncoding);
            w.I32Field(3, (int)PageEncoding.Rle); // definition levels
            w.I32Field(4, (int)PageEncoding.Rle); // repetition levels (none: the schema is flat)
            w.EndStruct();
        }
        else
        {
            w.BeginStructField(7);
            w.I32Field(1, _pageValues);
            w.I32Field(2, (int)PageEncoding.Plain);
            w.EndStruct();
        }
        w.EndStruct();
    }
}

namespace NetFlow.Capture.Internal;

/// <summary>
/// The capture being read: a forward-only stream (it may not be seekable), the offset reached
/// for error messages, and one frame buffer reused across records so a huge capture streams
/// through a bounded amount of memory.
/// </summary>
internal sealed class CaptureInput(Stream stream, string sourceName)
{
    private byte[] _scratch = new byte[2048];

    public string SourceName { get; } = sourceName;

    /// <summary>Bytes consumed since reading started.</summary>
    public long Position { get; private set; }

    /// <summary>Fills <paramref name="destination"/> unless the input ends first; returns the bytes read.</summary>
    public int ReadUpTo(Span<byte> destination)
    {
        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        Position += read;
        return read;
    }

    public bool TryReadExactly(Span<byte> destination) => ReadUpTo(destination) == destination.Length;

    /// <summary>A buffer of at least <paramref name="length"/> bytes, valid until the next call.</summary>
    public byte[] Scratch(int length)
    {
        if (_scratch.Length < length)
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        return _scratch;
    }

    public CaptureFormatException Corrupt(long offset, string detail) => new(SourceName, offset, detail);
}

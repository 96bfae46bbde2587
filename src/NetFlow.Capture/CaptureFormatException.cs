namespace NetFlow.Capture;

/// <summary>
/// A pcap or pcapng file whose structure (file header, block or record length) is corrupt, so
/// reading cannot safely go on. Problems inside one packet are counted in
/// <see cref="CaptureReadStats"/> instead and never throw.
/// </summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException()
    {
        SourceName = "";
    }

    public CaptureFormatException(string message) : base(message)
    {
        SourceName = "";
    }

    public CaptureFormatException(string message, Exception innerException) : base(message, innerException)
    {
        SourceName = "";
    }

    public CaptureFormatException(string sourceName, long offset, string detail)
        : base($"{sourceName}: {detail} at byte offset {offset}")
    {
        SourceName = sourceName;
        Offset = offset;
    }

    /// <summary>The file path, or the name given for a stream.</summary>
    public string SourceName { get; }

    /// <summary>Offset of the corrupt header, block or record from the start of the input.</summary>
    public long Offset { get; }
}

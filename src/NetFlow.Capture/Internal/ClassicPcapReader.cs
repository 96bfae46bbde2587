namespace NetFlow.Capture.Internal;

/// <summary>
/// Classic libpcap files (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a
/// 16-byte header and the captured bytes. The magic fixes byte order and timestamp resolution.
/// </summary>
internal sealed class ClassicPcapReader
{
    public const uint MicrosecondMagic = 0xA1B2C3D4;
    public const uint NanosecondMagic = 0xA1B23C4D;

    private const int FileHeaderLength = 24;
    private const int MagicLength = 4;
    private const int RecordHeaderLength = 16;
    // Real snap lengths stop at 262144; the cap only keeps a corrupt length from allocating gigabytes.
    private const uint MaxCapturedLength = 16 * 1024 * 1024;

    private readonly CaptureInput _input;
    private readonly CaptureReadStats _stats;
    private readonly ByteOrder _order;
    private readonly TimestampResolution _resolution;
    private readonly byte[] _recordHeader = new byte[RecordHeaderLength];
    private uint _linkType;

    private ClassicPcapReader(CaptureInput input, CaptureReadStats stats, ByteOrder order, TimestampResolution resolution)
    {
        _input = input;
        _stats = stats;
        _order = order;
        _resolution = resolution;
    }

    /// <summary>Recognises the magic in either byte order (it was written in the writer's order).</summary>
    public static bool TryIdentify(uint bigEndianMagic, out ByteOrder order, out TimestampResolution resolution)
    {
        (var ok, order, resolution) = bigEndianMagic switch
        {
            MicrosecondMagic => (true, ByteOrder.Big, TimestampResolution.Microseconds),
            NanosecondMagic => (true, ByteOrder.Big, TimestampResolution.Nanoseconds),
            0xD4C3B2A1 => (true, ByteOrder.Little, TimestampResolution.Microseconds),
            0x4D3CB2A1 => (true, ByteOrder.Little, TimestampResolution.Nanoseconds),
            _ => (false, default, default),
        };
        return ok;
    }

    /// <summary>Reads the rest of the file; the 4 magic bytes have been consumed already.</summary>
    public static IEnumerable<CapturedDatagram> Read(CaptureInput input, CaptureReadStats stats,
        ByteOrder order, TimestampResolution resolution)
    {
        var reader = new ClassicPcapReader(input, stats, order, resolution);
        reader.ReadFileHeader();
        while (true)
        {
            switch (reader.ReadRecord(out var datagram))
            {
                case RecordOutcome.EndOfInput:
                    yield break;
                case RecordOutcome.Datagram:
                    yield return datagram;
                    break;
            }
        }
    }

    private void ReadFileHeader()
    {
        Span<byte> header = stackalloc byte[FileHeaderLength - MagicLength];
        if (!_input.TryReadExactly(header))
            throw _input.Corrupt(_input.Position, "pcap file header is truncated");

        var major = _order.UInt16(header);
        var minor = _order.UInt16(header[2..]);
        if (major != 2)
            throw _input.Corrupt(MagicLength, $"pcap version {major}.{minor} is not 2.x");

        // draft-ietf-opsawg-pcap §4: LinkType is the low 16 bits; the high bits carry FCS
        // information we do not need, because lengths come from the IP and UDP headers.
        _linkType = _order.UInt32(header[16..]) & 0xFFFF;
    }

    private RecordOutcome ReadRecord(out CapturedDatagram datagram)
    {
        datagram = default;
        var recordOffset = _input.Position;
        var read = _input.ReadUpTo(_recordHeader);
        if (read == 0)
            return RecordOutcome.EndOfInput;
        if (read < RecordHeaderLength)
        {
            _stats.TruncatedRecords++;
            return RecordOutcome.EndOfInput;
        }

        var header = _recordHeader.AsSpan();
        var capturedLength = _order.UInt32(header[8..]);
        if (capturedLength > MaxCapturedLength)
            throw _input.Corrupt(recordOffset, $"pcap record claims {capturedLength} captured bytes");

        var frame = _input.Scratch((int)capturedLength).AsSpan(0, (int)capturedLength);
        if (!_input.TryReadExactly(frame))
        {
            _stats.TruncatedRecords++;
            return RecordOutcome.EndOfInput;
        }

        // The fraction field is micro- or nanoseconds depending on the magic.
        var units = _order.UInt32(header) * (ulong)_resolution.UnitsPerSecond + _order.UInt32(header[4..]);
        return FrameDecoder.TryDecode(_linkType, frame, _resolution.ToDateTime(units), _stats, out datagram)
            ? RecordOutcome.Datagram
            : RecordOutcome.NoDatagram;
    }
}

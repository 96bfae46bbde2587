using System.Buffers.Binary;
using System.Net.Sockets;
using NetFlow.Capture.Internal;

namespace NetFlow.Capture;

/// <summary>
/// Writes UDP datagrams as a classic pcap file (Ethernet link type, microsecond timestamps,
/// little-endian) with full Ethernet, IPv4/IPv6 and UDP headers, so tcpdump, tshark and
/// <see cref="CaptureReader"/> read it like a capture taken on the wire.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    /// <summary>libpcap's default snap length; every frame written is shorter.</summary>
    public const int SnapLength = 262_144;

    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[2048];
    private ushort _nextIdentification = 1;
    private bool _disposed;

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>.</summary>
    public PcapWriter(string path)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), leaveOpen: false)
    {
    }

    public PcapWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        WriteFileHeader();
    }

    /// <summary>
    /// Appends one datagram. Source and destination must both be IPv4 or both IPv6; a timestamp of
    /// kind Unspecified is taken as UTC.
    /// </summary>
    public void Write(CapturedDatagram datagram)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(datagram.Source, nameof(datagram));
        ArgumentNullException.ThrowIfNull(datagram.Destination, nameof(datagram));

        var family = datagram.Source.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || datagram.Destination.AddressFamily != family)
            throw new ArgumentException(
                $"Source {datagram.Source} and destination {datagram.Destination} must both be IPv4 or both IPv6.", nameof(datagram));
        var maxPayload = UdpFrameBuilder.MaxPayloadLength(family);
        if (datagram.Payload.Length > maxPayload)
            throw new ArgumentException(
                $"A {datagram.Payload.Length}-byte payload exceeds the {maxPayload} bytes one {family} UDP datagram holds.", nameof(datagram));
        var (seconds, microseconds) = ToPcapTimestamp(datagram.TimestampUtc);

        var frameLength = UdpFrameBuilder.FrameLength(family, datagram.Payload.Length);
        var recordLength = RecordHeaderLength + frameLength;
        if (_buffer.Length < recordLength)
            _buffer = new byte[Math.Max(recordLength, _buffer.Length * 2)];

        var record = _buffer.AsSpan(0, recordLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record, seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], microseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frameLength);  // captured
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frameLength); // original
        UdpFrameBuilder.Write(datagram, _nextIdentification++, record[RecordHeaderLength..]);
        _stream.Write(record);
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stream.Flush();
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private void WriteFileHeader()
    {
        Span<byte> header = stackalloc byte[FileHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, ClassicPcapReader.MicrosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);  // version 2.4, the only one in use
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0);  // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs: always 0
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkType.Ethernet);
        _stream.Write(header);
    }

    private static (uint Seconds, uint Microseconds) ToPcapTimestamp(DateTime timestamp)
    {
        var utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        var ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        // Classic pcap seconds are unsigned 32-bit: 1970 to 2106.
        if (ticks < 0 || seconds > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "A pcap timestamp must lie between 1970 and 2106.");
        return ((uint)seconds, (uint)(ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
    }
}

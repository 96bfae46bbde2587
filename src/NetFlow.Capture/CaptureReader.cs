using System.Buffers.Binary;
using System.Net;
using NetFlow.Capture.Internal;

namespace NetFlow.Capture;

/// <summary>
/// Reads the UDP datagrams out of a capture file. The format is recognised by content, not by
/// extension: classic pcap (either byte order, micro- or nanosecond), pcapng, and otherwise a raw
/// datagram file whose whole content is one UDP payload (how the packet corpus is stored).
/// Frames that are not usable UDP are counted in <see cref="CaptureReadStats"/>; only a corrupt
/// file structure throws <see cref="CaptureFormatException"/>. An empty input yields nothing.
/// The sequence is lazy: every enumeration reads the input again and adds to the stats again.
/// </summary>
public static class CaptureReader
{
    /// <summary>The largest UDP payload: a 16-bit UDP length that includes the 8-byte header.</summary>
    public const int MaxRawDatagramLength = ushort.MaxValue - 8;

    private const int MagicLength = 4;

    /// <summary>
    /// Streams the datagrams of the file at <paramref name="path"/>. The file is opened when
    /// enumeration starts (so IO exceptions surface then) and closed when it ends.
    /// </summary>
    /// <param name="rawSource">Source endpoint for a raw datagram file, which has no headers; 0.0.0.0:0 by default.</param>
    public static IEnumerable<CapturedDatagram> Read(string path, CaptureReadStats stats, IPEndPoint? rawSource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(stats);
        return ReadFile(path, stats, rawSource);
    }

    /// <summary>Streams the datagrams of <paramref name="stream"/>, read forward only; the caller keeps ownership.</summary>
    /// <param name="sourceName">Names the input in exception messages; a file stream's path by default.</param>
    /// <param name="rawSource">Source endpoint for a raw datagram, which has no headers; 0.0.0.0:0 by default.</param>
    /// <param name="rawTimestampUtc">Timestamp for a raw datagram; a file stream's modification time, otherwise now.</param>
    public static IEnumerable<CapturedDatagram> Read(Stream stream, CaptureReadStats stats, string? sourceName = null,
        IPEndPoint? rawSource = null, DateTime? rawTimestampUtc = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(stats);
        var fileStream = stream as FileStream;
        var input = new CaptureInput(stream, sourceName ?? fileStream?.Name ?? "stream");
        return ReadInput(input, stats, rawSource,
            () => rawTimestampUtc ?? (fileStream is null ? DateTime.UtcNow : File.GetLastWriteTimeUtc(fileStream.SafeFileHandle)));
    }

    private static IEnumerable<CapturedDatagram> ReadFile(string path, CaptureReadStats stats, IPEndPoint? rawSource)
    {
        // FileShare.ReadWrite: a capture may still be being written by tcpdump; a cut last record is counted, not fatal.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 64 * 1024, FileOptions.SequentialScan);
        var input = new CaptureInput(stream, path);
        foreach (var datagram in ReadInput(input, stats, rawSource, () => File.GetLastWriteTimeUtc(stream.SafeFileHandle)))
            yield return datagram;
    }

    private static IEnumerable<CapturedDatagram> ReadInput(CaptureInput input, CaptureReadStats stats,
        IPEndPoint? rawSource, Func<DateTime> rawTimestamp)
    {
        // An iterator, so nothing is read before enumeration starts, whichever overload was called.
        var magic = new byte[MagicLength];
        var magicLength = input.ReadUpTo(magic);
        var bigEndianMagic = magicLength == MagicLength ? BinaryPrimitives.ReadUInt32BigEndian(magic) : 0;

        IEnumerable<CapturedDatagram> datagrams;
        if (magicLength == MagicLength && ClassicPcapReader.TryIdentify(bigEndianMagic, out var order, out var resolution))
            datagrams = ClassicPcapReader.Read(input, stats, order, resolution);
        else if (magicLength == MagicLength && bigEndianMagic == PcapNgReader.SectionHeaderBlockType)
            datagrams = PcapNgReader.Read(input, stats);
        else
            datagrams = ReadRawDatagram(input, stats, magic.AsMemory(0, magicLength), rawSource, rawTimestamp);

        foreach (var datagram in datagrams)
            yield return datagram;
    }

    /// <summary>An empty input yields nothing: an empty file is more likely a failed save than a zero-length datagram.</summary>
    private static IEnumerable<CapturedDatagram> ReadRawDatagram(CaptureInput input, CaptureReadStats stats,
        ReadOnlyMemory<byte> prefix, IPEndPoint? source, Func<DateTime> timestamp)
    {
        if (prefix.IsEmpty)
            yield break;

        // One byte more than allowed tells an oversized file apart without reading all of it.
        var buffer = new byte[MaxRawDatagramLength + 1];
        prefix.Span.CopyTo(buffer);
        var length = prefix.Length + input.ReadUpTo(buffer.AsSpan(prefix.Length));
        if (length > MaxRawDatagramLength)
        {
            stats.Frames++;
            stats.OversizedRawFiles++;
            yield break;
        }

        stats.Count(FrameStatus.Udp);
        // Fresh endpoints: IPEndPoint is mutable, so no instance is shared between datagrams.
        yield return new CapturedDatagram(source ?? new IPEndPoint(IPAddress.Any, 0), new IPEndPoint(IPAddress.Any, 0),
            timestamp(), buffer.AsMemory(0, length).ToArray());
    }
}

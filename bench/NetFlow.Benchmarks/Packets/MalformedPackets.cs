using System.Buffers.Binary;

namespace NetFlow.Benchmarks.Packets;

/// <summary>What a broken network or a hostile sender delivers, with the errors the decoder must report.</summary>
internal static class MalformedPackets
{
    /// <summary>A v9 data packet cut at 700 bytes: 15 whole records, then the flowset runs past the end (one SetLengthPastEnd).</summary>
    public static BenchPacket TruncatedV9()
    {
        var full = NetFlowV9Packets.Data().Bytes;
        var cut = full.AsSpan(0, 700).ToArray();
        return new BenchPacket(cut, records: (700 - 24) / 45, errors: 1, sequenceOffset: 12, sequenceStep: 1);
    }

    /// <summary>1400 random bytes: the version field is already wrong (one UnknownVersion).</summary>
    public static BenchPacket RandomBytes()
    {
        var bytes = new byte[1400];
        new Random(1400).NextBytes(bytes);
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        if (version is 1 or 5 or 7 or 9 or 10)
            throw new InvalidOperationException("the seed happens to give a valid version; pick another");
        return new BenchPacket(bytes, records: 0, errors: 1);
    }

    /// <summary>
    /// A valid v9 header, then random bytes: the flowset id is a data set for a template this
    /// exporter never sent, and its length runs past the end. Errors: SetLengthPastEnd and
    /// TemplateMissing; the set is copied into the pending buffer (RFC 7011 §8 allows holding it).
    /// </summary>
    public static BenchPacket V9HeaderThenRandom()
    {
        var bytes = new byte[1400];
        new Random(9).NextBytes(bytes);
        BinaryPrimitives.WriteUInt16BigEndian(bytes, 9);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 28);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), Exporter.SysUptimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), Exporter.ExportSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), Exporter.SourceId);
        ushort setId = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(20));
        int setLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(22));
        if (setId < 256 || setLength <= bytes.Length - 20)
            throw new InvalidOperationException("the seed does not give a data flowset running past the end; pick another");
        return new BenchPacket(bytes, records: 0, errors: 2, sequenceOffset: 12, sequenceStep: 1);
    }
}

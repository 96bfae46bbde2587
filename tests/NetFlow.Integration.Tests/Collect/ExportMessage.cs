using System.Buffers.Binary;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>The header fields and set ids of a v9 or IPFIX message, read just far enough to pick and rewrite datagrams.</summary>
public static class ExportMessage
{
    public static int Version(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    /// <summary>The set (flowset) ids in order: v9 templates are 0 and 1, IPFIX 2 and 3 (RFC 3954 §5.2, RFC 7011 §3.3.2).</summary>
    public static IReadOnlyList<int> SetIds(ReadOnlySpan<byte> message)
    {
        int offset = Version(message) switch
        {
            9 => 20,
            10 => 16,
            var v => throw new ArgumentException($"not a v9 or IPFIX message (version {v})", nameof(message)),
        };
        var ids = new List<int>();
        while (offset + 4 <= message.Length)
        {
            ids.Add(BinaryPrimitives.ReadUInt16BigEndian(message[offset..]));
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            if (length < 4)
                break;
            offset += length;
        }
        return ids;
    }

    public static bool HasTemplates(ReadOnlySpan<byte> message) => SetIds(message).Any(id => id < 256);

    /// <summary>The header's sequence number (v9: offset 12, IPFIX: offset 8).</summary>
    public static uint Sequence(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt32BigEndian(message[SequenceOffset(message)..]);

    private static int SequenceOffset(ReadOnlySpan<byte> message) => Version(message) switch
    {
        9 => 12,
        10 => 8,
        var v => throw new ArgumentException($"not a v9 or IPFIX message (version {v})", nameof(message)),
    };

    /// <summary>A copy with another sequence number.</summary>
    public static byte[] WithSequence(ReadOnlySpan<byte> message, uint sequence)
    {
        var copy = message.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(SequenceOffset(message)), sequence);
        return copy;
    }
}

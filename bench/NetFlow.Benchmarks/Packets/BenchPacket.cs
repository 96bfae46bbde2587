using System.Buffers.Binary;

namespace NetFlow.Benchmarks.Packets;

/// <summary>
/// A built datagram and what decoding it must give. The header sequence number is stepped after
/// every decode, so the session sees an in-order stream (as from a healthy exporter) rather than
/// the same packet replayed, which it would count as a duplicate.
/// </summary>
internal sealed class BenchPacket(byte[] bytes, int records, int errors, int sequenceOffset = -1, uint sequenceStep = 0)
{
    public byte[] Bytes { get; } = bytes;
    /// <summary>Records one decode must hand to the handler.</summary>
    public int Records { get; } = records;
    /// <summary>Errors one decode must report at least (and exactly, when 0: the valid packets).</summary>
    public int Errors { get; } = errors;

    public void AdvanceSequence()
    {
        if (sequenceOffset < 0)
            return;
        var field = Bytes.AsSpan(sequenceOffset, 4);
        BinaryPrimitives.WriteUInt32BigEndian(field, unchecked(BinaryPrimitives.ReadUInt32BigEndian(field) + sequenceStep));
    }
}

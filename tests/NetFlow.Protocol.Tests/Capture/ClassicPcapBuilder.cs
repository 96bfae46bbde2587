using System.Buffers.Binary;

namespace NetFlow.Protocol.Tests.Capture;

/// <summary>Builds classic pcap files byte by byte, in either byte order and either resolution.</summary>
internal sealed class ClassicPcapBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly bool _bigEndian;

    public ClassicPcapBuilder(bool bigEndian = false, bool nanoseconds = false, uint linkType = 1, uint snapLength = 65535)
    {
        _bigEndian = bigEndian;
        AddUInt32(nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        AddUInt16(2);
        AddUInt16(4);
        AddUInt32(0);
        AddUInt32(0);
        AddUInt32(snapLength);
        AddUInt32(linkType);
    }

    public int Length => _bytes.Count;

    /// <param name="fraction">Micro- or nanoseconds, as the magic says.</param>
    public ClassicPcapBuilder Record(uint seconds, uint fraction, byte[] frame, uint? originalLength = null, uint? capturedLengthField = null)
    {
        AddUInt32(seconds);
        AddUInt32(fraction);
        AddUInt32(capturedLengthField ?? (uint)frame.Length);
        AddUInt32(originalLength ?? (uint)frame.Length);
        _bytes.AddRange(frame);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private void AddUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (_bigEndian)
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _bytes.AddRange(bytes);
    }

    private void AddUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (_bigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _bytes.AddRange(bytes);
    }
}

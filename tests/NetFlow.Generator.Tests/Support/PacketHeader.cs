using System.Buffers.Binary;

namespace NetFlow.Generator.Tests.Support;

/// <summary>The header fields a test checks sequences and domains by, read straight from the datagram.</summary>
public readonly record struct PacketHeader(ushort Version, uint Sequence, uint Domain, bool IsTemplateOnly)
{
    public static PacketHeader Read(ReadOnlySpan<byte> datagram)
    {
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        return version switch
        {
            5 => new(5, BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]), (uint)(datagram[20] << 8 | datagram[21]), false),
            9 => new(9, BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]), BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]),
                BinaryPrimitives.ReadUInt16BigEndian(datagram[20..]) == 0),
            10 => new(10, BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]), BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]),
                BinaryPrimitives.ReadUInt16BigEndian(datagram[16..]) == 2),
            _ => throw new InvalidDataException($"version {version} is not one the generator sends"),
        };
    }
}

using FsCheck;
using FsCheck.Fluent;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>Corpus packet with some bytes xor-ed: shrinks by dropping flips.</summary>
public sealed record ByteFlips(int Packet, (int Position, byte Mask)[] Flips)
{
    internal CorpusPacket CorpusPacket => HostileArbitraries.Packets[Packet];

    public byte[] Apply()
    {
        var bytes = (byte[])CorpusPacket.Bytes.Clone();
        foreach (var (position, mask) in Flips)
            bytes[position] ^= mask;
        return bytes;
    }

    public override string ToString() =>
        $"{CorpusPacket.File} with {string.Join(", ", Flips.Select(f => $"[{f.Position}] ^= 0x{f.Mask:x2}"))}";
}

/// <summary>Bytes that may start like a message of some version and otherwise are noise.</summary>
public sealed record Garbage(byte[] Bytes)
{
    public override string ToString() => $"{Bytes.Length} bytes: {Convert.ToHexStringLower(Bytes.AsSpan(0, Math.Min(Bytes.Length, 256)))}";
}

/// <summary>Datagrams from <see cref="PlausibleExportBuilder"/>; the seed rebuilds them, shrinking drops datagrams.</summary>
public sealed record PlausibleExport(int Seed, byte[][] Datagrams)
{
    public override string ToString() =>
        $"seed {Seed}, {Datagrams.Length} datagrams: {string.Join(" | ", Datagrams.Select(d => Convert.ToHexStringLower(d.AsSpan(0, Math.Min(d.Length, 512)))))}";
}

/// <summary>The FsCheck generators of the robustness properties.</summary>
public static class HostileArbitraries
{
    internal static readonly CorpusPacket[] Packets = CorpusLines.Packets.ToArray();

    private static readonly int[] Versions = [1, 5, 7, 9, 10, 10, 9];

    public static Arbitrary<ByteFlips> ByteFlips() =>
        Arb.From(
            from packet in Gen.Choose(0, Packets.Length - 1)
            let length = Packets[packet].Bytes.Length
            from count in Gen.Frequency((4, Gen.Choose(1, 2)), (3, Gen.Choose(3, 8)), (1, Gen.Choose(9, 40)))
            from flips in Gen.ArrayOf(
                from position in Gen.Choose(0, length - 1)
                from mask in Gen.Frequency((3, Gen.Elements(1, 2, 4, 8, 16, 32, 64, 128)), (2, Gen.Choose(1, 255)))
                select (position, (byte)mask),
                count)
            select new ByteFlips(packet, flips),
            flips => flips.Flips.Length <= 1
                ? []
                : flips.Flips.Select((_, i) => flips with { Flips = flips.Flips.Where((_, j) => j != i).ToArray() }));

    public static Arbitrary<Garbage> Garbage() =>
        Arb.From(
            from length in Gen.Frequency((2, Gen.Choose(0, 24)), (3, Gen.Choose(0, 300)), (2, Gen.Choose(300, 1600)), (1, Gen.Choose(1600, 9000)))
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
            from version in Gen.Frequency((1, Gen.Constant(-1)), (4, Gen.Elements(Versions)))
            from exactLength in Gen.Elements(true, false)
            select new Garbage(Shape(bytes, version, exactLength)),
            garbage => garbage.Bytes.Length <= 1
                ? []
                : [new Garbage(garbage.Bytes[..(garbage.Bytes.Length / 2)]), new Garbage(garbage.Bytes[..^1])]);

    public static Arbitrary<PlausibleExport> PlausibleExport() =>
        Arb.From(
            from seed in Gen.Choose(0, int.MaxValue)
            select new PlausibleExport(seed, new PlausibleExportBuilder(seed).Build()),
            export => export.Datagrams.Length <= 1
                ? []
                : export.Datagrams.Select((_, i) => export with { Datagrams = export.Datagrams.Where((_, j) => j != i).ToArray() }));

    /// <summary>Puts a version (and for IPFIX its own length, or for v1/v5/v7 a small count) in front of the noise.</summary>
    private static byte[] Shape(byte[] bytes, int version, bool exactLength)
    {
        if (version < 0 || bytes.Length < 4)
            return bytes;
        bytes[0] = 0;
        bytes[1] = (byte)version;
        if (version == 10 && exactLength && bytes.Length <= 0xFFFF)
        {
            bytes[2] = (byte)(bytes.Length >> 8);
            bytes[3] = (byte)bytes.Length;
        }
        else if (version is 1 or 5 or 7 && exactLength)
        {
            bytes[2] = 0;
            bytes[3] = (byte)(bytes[3] % 31);
        }
        return bytes;
    }
}

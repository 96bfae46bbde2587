using System.Globalization;
using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>Any text, mostly near-filters: keywords, numbers, addresses and punctuation in random order.</summary>
public sealed record FilterNoise(string Text)
{
    public override string ToString() => $"\"{Text}\"";
}

/// <summary>A filter the grammar accepts, built term by term.</summary>
public sealed record WellFormedFilter(string Text)
{
    public override string ToString() => $"\"{Text}\"";
}

/// <summary>The FsCheck generators of <see cref="FilterProperties"/>.</summary>
public static class FilterArbitraries
{
    private static readonly string[] Keywords =
    [
        "any", "proto", "tcp", "udp", "icmp", "icmp6", "ipv6-icmp", "gre", "ipv4", "ipv6", "inet", "inet6", "src", "dst",
        "host", "ip", "net", "port", "as", "vlan", "mask", "if", "in", "out", "next", "nexthop", "tos", "direction",
        "ingress", "egress", "flags", "bytes", "packets", "bpp", "bps", "pps", "duration", "flows", "exporter",
        "version", "domain", "sampling", "icmp-type", "icmp-code", "and", "or", "not", "eq", "gt", "lt", "ge", "le", "ne",
        "SA", "X", "UAPRSFEC", "Z",
    ];

    private static readonly string[] Punctuation =
        ["(", ")", "[", "]", ",", "&&", "||", "!", "&", "|", "=", "==", "!=", "<", ">", "<=", ">=", "/", ":", ".", "%", "'", "\""];

    private static readonly string[] Operators = ["", "=", "==", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt", "gt", "le", "ge"];

    private static readonly string[] Sides = ["", "src ", "dst ", "src and dst ", "src or dst ", "dst or src "];

    public static Arbitrary<FilterNoise> FilterNoise() =>
        Arb.From(
            Gen.Frequency(
                (1, AnyText),
                (3, from words in Gen.ListOf(NoiseWord)
                    from separator in Gen.Elements(" ", "", "\t")
                    select string.Join(separator, words)))
            .Select(text => new FilterNoise(text)),
            noise => Enumerable.Range(0, noise.Text.Length).Select(i => new FilterNoise(noise.Text.Remove(i, 1))));

    public static Arbitrary<WellFormedFilter> WellFormedFilter() =>
        Arb.From(Gen.Sized(size => Expression(Math.Min(size, 40))).Select(text => new WellFormedFilter(text)));

    private static Gen<string> AnyText =>
        from chars in Gen.ArrayOf(Gen.Frequency(
            (6, Gen.Choose(32, 126)),
            (1, Gen.Choose(0, 31)),
            (1, Gen.Choose(127, 0xFFFF))))
        select new string(chars.Select(c => (char)c).ToArray());

    private static Gen<string> NoiseWord => Gen.Frequency(
        (5, Gen.Elements(Keywords)),
        (3, Gen.Elements(Punctuation)),
        (2, Gen.Choose(0, 70000).Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Elements("4294967296", "18446744073709551616", "99999999999999999999G", "1k", "1M", "5g", "1T", "-1")),
        (2, Address),
        (2, Network),
        (1, Gen.Elements("10.0.0.0/", "10/8", "1.2.3", "fe80::1%eth0", "::/129", "10.0.0.0/33", "255.0.255.0", ":::")));

    // The branch is chosen first and only its generator built: building every branch eagerly
    // grows exponentially with the depth.
    private static Gen<string> Expression(int size) => size <= 1
        ? Term
        : Gen.Choose(0, 11).SelectMany(branch => branch switch
        {
            < 3 => Term,
            3 => Expression(size / 2).Select(e => $"not {e}"),
            4 => Expression(size / 2).Select(e => $"!{e}"),
            5 => Expression(size / 2).Select(e => $"({e})"),
            6 or 7 => Binary(size, "and"),
            8 => Binary(size, "&&"),
            9 or 10 => Binary(size, "or"),
            _ => Binary(size, "||"),
        });

    private static Gen<string> Binary(int size, string joiner) =>
        from left in Expression(size / 2)
        from right in Expression(size / 2)
        select $"{left} {joiner} {right}";

    private static Gen<string> Term =>
        from term in Gen.OneOf(
            Gen.Elements("any", "tcp", "udp", "icmp", "icmp6", "ipv4", "ipv6", "inet", "inet6"),
            Gen.Elements("tcp", "udp", "icmp", "icmp6", "ipv6-icmp", "gre", "esp", "ah", "sctp").Select(p => $"proto {p}"),
            Number(0, 255).Select(p => $"proto {p}"),
            from side in Gen.Elements(Sides) from kind in Gen.Elements("host", "ip") from address in Address
            select $"{side}{kind} {address}",
            from side in Gen.Elements(Sides) from kind in Gen.Elements("host", "ip") from list in List(Address)
            select $"{side}{kind} in {list}",
            from side in Gen.Elements(Sides) from network in Network select $"{side}net {network}",
            SidedNumber("port", 65535),
            SidedNumber("as", uint.MaxValue),
            SidedNumber("vlan", 4095),
            SidedNumber("mask", 128),
            from side in Gen.Elements("", "in ", "out ") from match in NumberMatch(uint.MaxValue) select $"{side}if {match}",
            from kind in Gen.Elements("next ip", "next host", "nexthop") from address in Address select $"{kind} {address}",
            Network.Select(network => $"next net {network}"),
            Address.Select(address => $"exporter {address}"),
            Gen.Elements("ingress", "egress", "0", "1", "!= 0").Select(d => $"direction {d}"),
            Flags.Select(flags => $"flags {flags}"),
            from counter in Gen.Elements("bytes", "packets", "bpp", "bps", "pps", "duration")
            from op in Gen.Elements(Operators)
            from number in Number(0, 1_000_000)
            from suffix in Gen.Elements("", "k", "K", "m", "M", "g", "G")
            select $"{counter} {op} {number}{suffix}",
            from header in Gen.Elements<(string Name, ulong Max)>(("tos", 255UL), ("version", 255UL), ("domain", uint.MaxValue),
                ("sampling", uint.MaxValue), ("icmp-type", 255UL), ("icmp-code", 255UL))
            from match in NumberMatch(header.Max)
            select $"{header.Name} {match}")
        from upper in Gen.Elements(false, false, true)
        select upper ? term.ToUpperInvariant() : term;

    private static Gen<string> SidedNumber(string name, ulong max) =>
        from side in Gen.Elements(Sides)
        from match in NumberMatch(max)
        select $"{side}{name} {match}";

    private static Gen<string> NumberMatch(ulong max) => Gen.Frequency(
        (4, from op in Gen.Elements(Operators) from number in Number(0, max) select $"{op} {number}"),
        (1, List(Number(0, max)).Select(list => $"in {list}")));

    private static Gen<string> Number(ulong min, ulong max) => Gen.Frequency(
        (3, Gen.Choose(0, int.MaxValue).Select(n => min + ((ulong)n % (max - min + 1)))),
        (1, Gen.Elements(min, max)))
        .Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static Gen<string> List(Gen<string> item) =>
        from items in Gen.NonEmptyListOf(item)
        from separator in Gen.Elements(" ", ", ", ",")
        select $"[{string.Join(separator, items.Take(5))}]";

    private static Gen<string> Address => Gen.OneOf(
        Gen.ArrayOf(Gen.Choose(0, 255), 4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()).ToString()),
        Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(0, 255))), 16)
            .Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()).ToString()),
        Gen.Elements("0.0.0.0", "255.255.255.255", "::", "::1", "2001:DB8::1", "::ffff:10.0.0.1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));

    private static Gen<string> Network => Gen.OneOf(
        from address in Gen.ArrayOf(Gen.Choose(0, 255), 4) from prefix in Gen.Choose(0, 32)
        select $"{string.Join('.', address)}/{prefix}",
        from address in Gen.ArrayOf(Gen.Choose(0, 255), 4) from prefix in Gen.Choose(0, 32)
        select $"{string.Join('.', address)} {NetmaskText(prefix)}",
        from octets in Gen.Choose(1, 3) from address in Gen.ArrayOf(Gen.Choose(0, 255), octets) from prefix in Gen.Choose(0, 32)
        select $"{string.Join('.', address)}/{prefix}",
        from address in Gen.ArrayOf(Gen.Choose(0, 255), 16) from prefix in Gen.Choose(0, 128)
        select $"{new IPAddress(address.Select(x => (byte)x).ToArray())}/{prefix}");

    private static string NetmaskText(int prefix)
    {
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return $"{mask >> 24}.{(mask >> 16) & 255}.{(mask >> 8) & 255}.{mask & 255}";
    }

    private static Gen<string> Flags =>
        from letters in Gen.NonEmptyListOf(Gen.Elements('U', 'A', 'P', 'R', 'S', 'F', 'E', 'C', 'X', 's', 'a'))
        select new string(letters.Take(8).ToArray());
}

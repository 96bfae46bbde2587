using System.Globalization;

namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// The operands of terms: numbers with an optional comparison, lists, addresses, networks, flags.
/// A match is returned as a function of the column(s) so one parsed value serves src and dst.
/// </summary>
internal sealed partial class FilterParser
{
    private const string AddressExpectation = "an IPv4 or IPv6 address";
    private const string NetworkExpectation = "a network (e.g. 10.0.0.0/8, 10.0.0.0 255.0.0.0 or 2001:db8::/32)";
    private const string FlagsExpectation = "TCP flag letters (U A P R S F E C, or X for UAPRSF)";

    private Func<string, FilterExpression> ParseNumberMatch(NumericField field)
    {
        if (IsListStart())
        {
            var values = ParseList(() => new NumberLiteral(ParseNumber(field)), field.Expectation);
            return column => new InList(column, values);
        }
        var op = ParseOptionalOperator();
        var literal = new NumberLiteral(ParseNumber(field));
        return operand => new Comparison(operand, op, literal);
    }

    private ulong ParseNumber(NumericField field)
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word || !field.TryParse(token.Text, out ulong value))
            throw Expected(field.Expectation, token);
        Advance();
        return value;
    }

    /// <summary>An operator symbol or word; none means equality (<c>port 80</c>).</summary>
    private ComparisonOperator ParseOptionalOperator()
    {
        var token = Peek();
        ComparisonOperator? op = token.Kind is TokenKind.Operator or TokenKind.Word
            ? Token.AsciiLower(token.Text) switch
            {
                "=" or "==" or "eq" => ComparisonOperator.Equal,
                "!=" or "ne" => ComparisonOperator.NotEqual,
                "<" or "lt" => ComparisonOperator.Less,
                "<=" or "le" => ComparisonOperator.LessOrEqual,
                ">" or "gt" => ComparisonOperator.Greater,
                ">=" or "ge" => ComparisonOperator.GreaterOrEqual,
                _ => null,
            }
            : null;
        if (op is null)
            return ComparisonOperator.Equal;
        Advance();
        return op.Value;
    }

    private bool IsListStart() => Peek().IsWord("in") && Peek(1).Kind == TokenKind.LeftBracket;

    /// <summary><c>in [a b c]</c> or <c>in [a, b, c]</c>, at least one item; call after <see cref="IsListStart"/>.</summary>
    private List<T> ParseList<T>(Func<T> parseItem, string itemExpectation)
    {
        Advance(); // in
        Advance(); // [
        var items = new List<T> { parseItem() };
        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.RightBracket)
            {
                Advance();
                return items;
            }
            if (token.Kind == TokenKind.Comma)
                Advance();
            else if (token.Kind != TokenKind.Word)
                throw Expected($"{itemExpectation} or ']'", token);
            items.Add(parseItem());
        }
    }

    private Func<AddressColumns, FilterExpression> ParseAddressMatch()
    {
        if (IsListStart())
        {
            var addresses = ParseList(ParseAddress, AddressExpectation);
            var ipv4 = addresses.OfType<NumberLiteral>().Cast<SqlLiteral>().ToList();
            var ipv6 = addresses.OfType<Ipv6Literal>().Cast<SqlLiteral>().ToList();
            return columns => (ipv4.Count, ipv6.Count) switch
            {
                (_, 0) => new InList(columns.Ipv4, ipv4),
                (0, _) => new InList(columns.Ipv6, ipv6),
                _ => new OrExpression([new InList(columns.Ipv4, ipv4), new InList(columns.Ipv6, ipv6)]),
            };
        }
        var address = ParseAddress();
        return columns => new Comparison(
            address is NumberLiteral ? columns.Ipv4 : columns.Ipv6, ComparisonOperator.Equal, address);
    }

    /// <summary>An IPv4 address as a <see cref="NumberLiteral"/>, an IPv6 one as an <see cref="Ipv6Literal"/>.</summary>
    private SqlLiteral ParseAddress()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Word && AddressText.TryParseIpv4(token.Text, out uint ipv4))
        {
            Advance();
            return new NumberLiteral(ipv4);
        }
        if (token.Kind == TokenKind.Word && AddressText.TryParseIpv6(token.Text, out UInt128 ipv6))
        {
            Advance();
            return new Ipv6Literal(ipv6);
        }
        bool looksLikeNetwork = token.Kind == TokenKind.Word && token.Text.Contains('/', StringComparison.Ordinal);
        throw Expected(looksLikeNetwork ? $"{AddressExpectation} (a network needs 'net')" : AddressExpectation, token);
    }

    /// <summary><c>10.0.0.0/8</c>, <c>172.16/16</c>, <c>10.0.0.0 255.0.0.0</c> or <c>2001:db8::/32</c>.</summary>
    private Func<AddressColumns, FilterExpression> ParseNetworkMatch()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word)
            throw Expected(NetworkExpectation, token);
        int slash = token.Text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? token.Text : token.Text[..slash];

        if (addressText.Contains(':', StringComparison.Ordinal))
        {
            if (!AddressText.TryParseIpv6(addressText, out UInt128 ipv6))
                throw Expected(NetworkExpectation, token);
            if (slash < 0)
                throw Expected("an IPv6 network with a /prefix (e.g. 2001:db8::/32)", token);
            var (low, high) = NetworkRange.OfIpv6(ipv6, ParsePrefixLength(token, slash, 128));
            Advance();
            return columns => new RangeComparison(columns.Ipv6, new Ipv6Literal(low), new Ipv6Literal(high));
        }

        if (slash >= 0)
        {
            if (!AddressText.TryParseIpv4Prefix(addressText, out uint network, out _))
                throw Expected(NetworkExpectation, token);
            int prefixLength = ParsePrefixLength(token, slash, 32);
            Advance();
            return Ipv4Range(network, prefixLength);
        }

        if (!AddressText.TryParseIpv4(addressText, out uint address))
            throw Expected(NetworkExpectation, token);
        Advance();
        var maskToken = Peek();
        if (maskToken.Kind != TokenKind.Word || !AddressText.TryParseIpv4(maskToken.Text, out uint netmask))
            throw Expected("a netmask (e.g. 255.255.0.0) after the network address, or a /prefix on it", maskToken);
        if (!NetworkRange.TryGetPrefixLength(netmask, out int maskLength))
            throw Expected("a contiguous netmask (e.g. 255.255.0.0)", maskToken);
        Advance();
        return Ipv4Range(address, maskLength);
    }

    private static Func<AddressColumns, FilterExpression> Ipv4Range(uint address, int prefixLength)
    {
        var (low, high) = NetworkRange.OfIpv4(address, prefixLength);
        return columns => new RangeComparison(columns.Ipv4, new NumberLiteral(low), new NumberLiteral(high));
    }

    /// <summary>The digits after the '/' of <paramref name="token"/>; an error points at them, not at the address.</summary>
    private int ParsePrefixLength(Token token, int slash, int max)
    {
        string text = token.Text[(slash + 1)..];
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > max)
            throw FilterSyntaxException.Expected(_filter, token.Column + slash + 1, $"a prefix length (0-{max})",
                text.Length == 0 ? "nothing" : $"'{text}'");
        return length;
    }

    /// <summary>nfdump's letters; the flow matches when all the listed bits are set.</summary>
    private FlagsSet ParseFlags()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word)
            throw Expected(FlagsExpectation, token);
        ushort mask = 0;
        for (int i = 0; i < token.Text.Length; i++)
        {
            char letter = token.Text[i];
            mask |= (char.IsAsciiLetterLower(letter) ? (char)(letter & ~0x20) : letter) switch
            {
                'F' => 0x01, // FIN
                'S' => 0x02, // SYN
                'R' => 0x04, // RST
                'P' => 0x08, // PSH
                'A' => 0x10, // ACK
                'U' => 0x20, // URG
                'E' => 0x40, // ECE
                'C' => 0x80, // CWR
                'X' => 0x3F, // nfdump: all of UAPRSF
                _ => throw FilterSyntaxException.Expected(_filter, token.Column + i,
                    "a TCP flag letter (U A P R S F E C, or X)", $"'{letter}'"),
            };
        }
        Advance();
        return new FlagsSet(mask);
    }
}

using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query.Filter;

/// <summary>The keywords: which column a term tests and how its value is read.</summary>
internal sealed partial class FilterParser
{
    private const string TermExpectation =
        "a filter term (proto, host, net, port, as, if, flags, bytes, packets, ... or '(')";

    private const string SidedFieldExpectation = "'host', 'ip', 'net', 'port', 'as', 'vlan' or 'mask'";

    /// <summary>The fields <c>src</c>/<c>dst</c> may precede.</summary>
    private static readonly HashSet<string> SidedFields = new(StringComparer.Ordinal)
    {
        "host", "ip", "net", "port", "as", "vlan", "mask",
    };

    private static readonly Dictionary<string, byte> ProtocolNumbers = new(StringComparer.Ordinal)
    {
        ["icmp"] = 1,
        ["tcp"] = 6,
        ["udp"] = 17,
        ["gre"] = 47,
        ["esp"] = 50,
        ["ah"] = 51,
        ["icmp6"] = 58,
        ["ipv6-icmp"] = 58,
        ["sctp"] = 132,
    };

    private FilterExpression ParseTerm()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word)
            throw Expected(TermExpectation, token);

        switch (token.Keyword)
        {
            case "any":
                Advance();
                return new MatchAll();
            case "proto":
                Advance();
                return ParseProtocol();
            case "tcp" or "udp" or "icmp" or "icmp6":
                Advance();
                return ProtocolIs(ProtocolNumbers[token.Keyword]);
            case "ipv4" or "inet":
                Advance();
                return new OrExpression([new ColumnPresent(FlowColumns.SrcIp4), new ColumnPresent(FlowColumns.DstIp4)]);
            case "ipv6" or "inet6":
                Advance();
                return new OrExpression([new ColumnPresent(FlowColumns.SrcIp6), new ColumnPresent(FlowColumns.DstIp6)]);
            case "src" or "dst":
                return ParseSidedField(ParseSide());
            case var keyword when SidedFields.Contains(keyword):
                return ParseSidedField(FlowSide.Either);
            case "if":
                Advance();
                return BySide(FlowSide.Either, ParseNumberMatch(NumericField.Interface), FlowColumns.InIf, FlowColumns.OutIf);
            case "in" or "out":
                Advance();
                ExpectWord("if", $"'if' after '{token.Text}'");
                return ParseNumberMatch(NumericField.Interface)(token.IsWord("in") ? FlowColumns.InIf : FlowColumns.OutIf);
            case "next":
                Advance();
                return ParseNextHop();
            case "nexthop":
                Advance();
                return ParseAddressMatch()(AddressColumns.NextHop);
            case "tos":
                return ParseNumberTerm(NumericField.Tos, FlowColumns.Tos);
            case "direction":
                Advance();
                return ParseDirection();
            case "flags":
                Advance();
                return ParseFlags();
            case "bytes":
                return ParseNumberTerm(NumericField.Bytes, FlowColumns.Bytes);
            case "packets":
                return ParseNumberTerm(NumericField.Packets, FlowColumns.Packets);
            case "bpp":
                return ParseNumberTerm(NumericField.BytesPerPacket, FlowOperands.BytesPerPacket);
            case "bps":
                return ParseNumberTerm(NumericField.BitsPerSecond, FlowOperands.BitsPerSecond);
            case "pps":
                return ParseNumberTerm(NumericField.PacketsPerSecond, FlowOperands.PacketsPerSecond);
            case "duration":
                return ParseNumberTerm(NumericField.DurationMilliseconds, FlowOperands.DurationMilliseconds);
            case "flows":
                throw FilterSyntaxException.At(_filter, token.Column,
                    "flows is not a per-record field: every row is one flow, so count rows instead");
            case "exporter":
                Advance();
                return ParseExporter();
            case "version":
                return ParseNumberTerm(NumericField.Version, FlowColumns.Version);
            case "domain":
                return ParseNumberTerm(NumericField.Domain, FlowColumns.Domain);
            case "sampling":
                return ParseNumberTerm(NumericField.Sampling, FlowColumns.SamplingInterval);
            case "icmp-type":
                return ParseNumberTerm(NumericField.IcmpType, FlowColumns.IcmpType);
            case "icmp-code":
                return ParseNumberTerm(NumericField.IcmpCode, FlowColumns.IcmpCode);
            default:
                throw Expected(TermExpectation, token);
        }
    }

    /// <summary><c>src</c>, <c>dst</c>, and nfdump's <c>src and dst</c> / <c>src or dst</c>.</summary>
    private FlowSide ParseSide()
    {
        var first = Advance();
        var side = first.IsWord("src") ? FlowSide.Source : FlowSide.Destination;
        string other = side == FlowSide.Source ? "dst" : "src";
        var joiner = Peek();
        if (joiner.Kind is TokenKind.And or TokenKind.Or && Peek(1).IsWord(other))
        {
            Advance();
            Advance();
            side = joiner.Kind == TokenKind.And ? FlowSide.Both : FlowSide.Either;
        }

        var field = Peek();
        if (!SidedFields.Contains(field.Keyword))
            throw Expected($"{SidedFieldExpectation} after '{first.Text}'", field);
        return side;
    }

    private FilterExpression ParseSidedField(FlowSide side)
    {
        var field = Advance();
        switch (field.Keyword)
        {
            case "host" or "ip":
            {
                var match = ParseAddressMatch();
                return BySide(side, match(AddressColumns.Source), match(AddressColumns.Destination));
            }
            case "net":
            {
                var match = ParseNetworkMatch();
                return BySide(side, match(AddressColumns.Source), match(AddressColumns.Destination));
            }
            case "port":
                return BySide(side, ParseNumberMatch(NumericField.Port), FlowColumns.SrcPort, FlowColumns.DstPort);
            case "as":
                return BySide(side, ParseNumberMatch(NumericField.AsNumber), FlowColumns.SrcAs, FlowColumns.DstAs);
            case "vlan":
                return BySide(side, ParseNumberMatch(NumericField.Vlan), FlowColumns.SrcVlan, FlowColumns.DstVlan);
            default:
                return BySide(side, ParseNumberMatch(NumericField.PrefixLength), FlowColumns.SrcMask, FlowColumns.DstMask);
        }
    }

    private FilterExpression ParseNextHop()
    {
        var field = Peek();
        if (field.IsWord("ip") || field.IsWord("host"))
        {
            Advance();
            return ParseAddressMatch()(AddressColumns.NextHop);
        }
        if (field.IsWord("net"))
        {
            Advance();
            return ParseNetworkMatch()(AddressColumns.NextHop);
        }
        throw Expected("'ip', 'host' or 'net' after 'next'", field);
    }

    private FilterExpression ParseProtocol()
    {
        var token = Peek();
        if (ProtocolNumbers.TryGetValue(token.Keyword, out byte number))
        {
            Advance();
            return ProtocolIs(number);
        }
        if (token.Kind == TokenKind.Word && NumericField.Protocol.TryParse(token.Text, out ulong value))
        {
            Advance();
            return ProtocolIs((byte)value);
        }
        throw Expected("a protocol name (tcp, udp, icmp, icmp6, gre, esp, ah, sctp) or number (0-255)", token);
    }

    private static Comparison ProtocolIs(byte number) =>
        new(FlowColumns.Proto, ComparisonOperator.Equal, new NumberLiteral(number));

    private FilterExpression ParseDirection()
    {
        // flowDirection (IPFIX 61): 0 ingress, 1 egress.
        var token = Peek();
        if (token.IsWord("ingress") || token.IsWord("egress"))
        {
            Advance();
            return new Comparison(FlowColumns.Direction, ComparisonOperator.Equal, new NumberLiteral(token.IsWord("ingress") ? 0UL : 1UL));
        }
        return ParseNumberMatch(NumericField.Direction)(FlowColumns.Direction);
    }

    private FilterExpression ParseExporter()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Word || !AddressText.TryNormalize(token.Text, out string normalized))
            throw Expected("an exporter IPv4 or IPv6 address", token);
        Advance();
        return new Comparison(FlowColumns.Exporter, ComparisonOperator.Equal, new TextLiteral(normalized));
    }

    private FilterExpression ParseNumberTerm(NumericField field, string operand)
    {
        Advance();
        return ParseNumberMatch(field)(operand);
    }

    private static FilterExpression BySide(FlowSide side, Func<string, FilterExpression> match, string source, string destination) =>
        BySide(side, match(source), match(destination));

    private static FilterExpression BySide(FlowSide side, FilterExpression source, FilterExpression destination) => side switch
    {
        FlowSide.Source => source,
        FlowSide.Destination => destination,
        FlowSide.Both => new AndExpression([source, destination]),
        _ => new OrExpression([source, destination]),
    };

    private void ExpectWord(string keyword, string expectation)
    {
        var token = Peek();
        if (!token.IsWord(keyword))
            throw Expected(expectation, token);
        Advance();
    }
}

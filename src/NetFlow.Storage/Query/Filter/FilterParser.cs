namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// Recursive-descent parser of the nfdump filter language. Keywords are case-insensitive.
/// <code>
/// filter  := (empty) | or END
/// or      := and (('or' | '||') and)*
/// and     := unary (('and' | '&amp;&amp;') unary)*
/// unary   := ('not' | '!') unary | '(' or ')' | term
/// term    := 'any' | 'proto' PROTO | 'tcp' | 'udp' | 'icmp' | 'icmp6'
///          | 'ipv4' | 'inet' | 'ipv6' | 'inet6'
///          | [side] ('host' | 'ip') (ADDRESS | 'in' '[' ADDRESS+ ']')
///          | [side] 'net' (CIDR | IPV4 NETMASK)
///          | [side] ('port' | 'as' | 'vlan' | 'mask') number
///          | ['in' | 'out'] 'if' number | ('next' ('ip' | 'host') | 'nexthop') ADDRESS | 'next' 'net' NETWORK
///          | 'tos' number | 'direction' ('ingress' | 'egress' | number) | 'flags' LETTERS
///          | ('bytes' | 'packets' | 'bpp' | 'bps' | 'pps' | 'duration') number      (k/M/G suffixes)
///          | 'exporter' ADDRESS | ('version' | 'domain' | 'sampling' | 'icmp-type' | 'icmp-code') number
/// side    := 'src' | 'dst' | 'src' ('and' | 'or') 'dst' | 'dst' ('and' | 'or') 'src'
/// number  := [op] N | 'in' '[' N (','? N)* ']'
/// op      := '=' | '==' | '!=' | '&lt;' | '&gt;' | '&lt;=' | '&gt;=' | 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge'
/// </code>
/// </summary>
internal sealed partial class FilterParser
{
    // Bounds the recursion of the parser and the emitter, and keeps the SQL within DuckDB's
    // expression depth limit (1000).
    private const int MaxNesting = 64;

    private readonly string _filter;
    private readonly List<Token> _tokens;
    private int _position;

    private FilterParser(string filter)
    {
        _filter = filter;
        _tokens = Tokenizer.Tokenize(filter);
    }

    public static FilterExpression Parse(string filter)
    {
        var parser = new FilterParser(filter);
        if (parser.Peek().Kind == TokenKind.End)
            return new MatchAll();
        var expression = parser.ParseOr(0);
        var rest = parser.Peek();
        if (rest.Kind != TokenKind.End)
            throw parser.Expected("'and', 'or' or end of filter", rest);
        return expression;
    }

    private FilterExpression ParseOr(int nesting)
    {
        var operands = new List<FilterExpression> { ParseAnd(nesting) };
        while (Peek().Kind == TokenKind.Or)
        {
            Advance();
            operands.Add(ParseAnd(nesting));
        }
        return operands.Count == 1 ? operands[0] : new OrExpression(operands);
    }

    private FilterExpression ParseAnd(int nesting)
    {
        var operands = new List<FilterExpression> { ParseUnary(nesting) };
        while (Peek().Kind == TokenKind.And)
        {
            Advance();
            operands.Add(ParseUnary(nesting));
        }
        return operands.Count == 1 ? operands[0] : new AndExpression(operands);
    }

    private FilterExpression ParseUnary(int nesting)
    {
        var token = Peek();
        if (token.Kind is not (TokenKind.Not or TokenKind.LeftParen))
            return ParseTerm();

        if (nesting == MaxNesting)
            throw FilterSyntaxException.At(_filter, token.Column, $"the filter nests deeper than {MaxNesting} parentheses and 'not's");
        Advance();
        if (token.Kind == TokenKind.Not)
            return new NotExpression(ParseUnary(nesting + 1));

        var inner = ParseOr(nesting + 1);
        var close = Peek();
        if (close.Kind != TokenKind.RightParen)
            throw Expected($"'and', 'or' or ')' for the '(' at column {token.Column}", close);
        Advance();
        return inner;
    }

    private Token Peek(int ahead = 0) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private Token Advance()
    {
        var token = Peek();
        if (token.Kind != TokenKind.End)
            _position++;
        return token;
    }

    private FilterSyntaxException Expected(string expected, Token found) =>
        FilterSyntaxException.Expected(_filter, found.Column, expected, found.Description);
}

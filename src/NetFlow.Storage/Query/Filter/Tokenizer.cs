namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// Splits a filter into words, brackets and operators. A word runs to whitespace or a punctuation
/// character, so addresses (<c>2001:db8::1</c>), networks (<c>10.0.0.0/8</c>) and names with
/// dashes (<c>ipv6-icmp</c>) are single words. Never throws: a stray character becomes an
/// <see cref="TokenKind.Invalid"/> token so the error is raised in parse order.
/// </summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string filter)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < filter.Length && char.IsWhiteSpace(filter[i]))
                i++;
            if (i == filter.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, i));
                return tokens;
            }

            int start = i;
            char c = filter[i];
            char next = i + 1 < filter.Length ? filter[i + 1] : '\0';
            (TokenKind kind, int length) = c switch
            {
                '(' => (TokenKind.LeftParen, 1),
                ')' => (TokenKind.RightParen, 1),
                '[' => (TokenKind.LeftBracket, 1),
                ']' => (TokenKind.RightBracket, 1),
                ',' => (TokenKind.Comma, 1),
                '&' => next == '&' ? (TokenKind.And, 2) : (TokenKind.Invalid, 1),
                '|' => next == '|' ? (TokenKind.Or, 2) : (TokenKind.Invalid, 1),
                '!' => next == '=' ? (TokenKind.Operator, 2) : (TokenKind.Not, 1),
                '=' => (TokenKind.Operator, next == '=' ? 2 : 1),
                '<' or '>' => (TokenKind.Operator, next == '=' ? 2 : 1),
                _ => (TokenKind.Word, WordLength(filter, i)),
            };
            i += length;
            string text = filter.Substring(start, length);
            if (kind == TokenKind.Word)
                kind = KeywordKind(text);
            tokens.Add(new Token(kind, text, start));
        }
    }

    private static int WordLength(string filter, int start)
    {
        int end = start;
        while (end < filter.Length && !char.IsWhiteSpace(filter[end]) && !IsPunctuation(filter[end]))
            end++;
        return end - start;
    }

    private static bool IsPunctuation(char c) => c is '(' or ')' or '[' or ']' or ',' or '&' or '|' or '!' or '=' or '<' or '>';

    private static TokenKind KeywordKind(string word) => Token.AsciiLower(word) switch
    {
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        _ => TokenKind.Word,
    };
}

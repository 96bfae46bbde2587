namespace NetFlow.Storage.Query.Filter;

internal enum TokenKind
{
    Word,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    /// <summary>One of <c>= == != &lt; &gt; &lt;= &gt;=</c>; the words <c>eq gt ...</c> stay <see cref="Word"/>s.</summary>
    Operator,
    And,
    Or,
    Not,
    /// <summary>A character no token starts with (a lone <c>&amp;</c> or <c>|</c>); the parser reports it where it meets it.</summary>
    Invalid,
    End,
}

/// <summary>A token and where it starts in the filter (0-based offset).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset)
{
    public int Column => Offset + 1;

    /// <summary>How an error message shows this token after "found".</summary>
    public string Description => Kind == TokenKind.End ? "end of filter" : $"'{Text}'";

    /// <summary>
    /// The word lower-cased in ASCII only, for keyword lookups. Culture or Unicode case folding
    /// would let look-alikes in ('ſ' for 's', the Kelvin sign for 'k').
    /// </summary>
    public string Keyword => Kind == TokenKind.Word ? AsciiLower(Text) : string.Empty;

    public bool IsWord(string keyword) => Kind == TokenKind.Word && AsciiLower(Text) == keyword;

    public static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
                chars[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
        });
}

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

    public bool IsWord(string keyword) =>
        Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}

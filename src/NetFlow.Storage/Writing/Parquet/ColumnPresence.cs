namespace NetFlow.Storage.Writing.Parquet;

internal enum PresenceKind
{
    /// <summary>Every row has a value (and a required column is always this).</summary>
    All,
    /// <summary>No row has a value: the chunk is one run of NULLs.</summary>
    None,
    /// <summary>Some rows have one: which, by a bit of each row's presence word.</summary>
    Mixed,
}

/// <summary>Which rows of a column chunk have a value: all, none, or those whose presence word has <see cref="Bit"/>.</summary>
internal readonly ref struct ColumnPresence
{
    private ColumnPresence(PresenceKind kind, ReadOnlySpan<ulong> words, ulong bit)
    {
        Kind = kind;
        Words = words;
        Bit = bit;
    }

    public PresenceKind Kind { get; }

    /// <summary>One word per row (for <see cref="PresenceKind.Mixed"/>).</summary>
    public ReadOnlySpan<ulong> Words { get; }

    public ulong Bit { get; }

    public static ColumnPresence All => new(PresenceKind.All, default, 0);

    public static ColumnPresence None => new(PresenceKind.None, default, 0);

    public static ColumnPresence Mixed(ReadOnlySpan<ulong> words, ulong bit) => new(PresenceKind.Mixed, words, bit);

    public bool Has(int row) => Kind == PresenceKind.All || (Kind == PresenceKind.Mixed && (Words[row] & Bit) != 0);
}

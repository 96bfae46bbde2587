namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>How JSON lines files (or standard output) are compressed.</summary>
public enum JsonLinesCompression
{
    None,
    /// <summary>gzip (RFC 1952), <c>.jsonl.gz</c>: readable by zcat, DuckDB, Spark, jq via gunzip.</summary>
    Gzip,
    /// <summary>Zstandard (RFC 8878), <c>.jsonl.zst</c>: several times faster than gzip at a similar ratio.</summary>
    Zstd,
}

using System.Buffers.Binary;
using System.Reflection;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A Parquet file on a stream (Parquet's File Format: "PAR1", row groups, footer, footer length,
/// "PAR1"): each row group goes to the stream as it is written, in one write, so memory holds only
/// the one being encoded; the footer describing them all is written by <see cref="FinishAsync"/>.
/// The stream must start empty: offsets in the footer count from where the writer began.
/// </summary>
internal sealed class ParquetFileWriter(Stream stream, IReadOnlyList<ColumnDescriptor> columns)
{
    /// <summary>What the footer's created_by names (format "application version V (build B)").</summary>
    public static readonly string CreatedBy = CreatedByOf(typeof(ParquetFileWriter).Assembly);

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly List<RowGroupMetadata> _rowGroups = [];
    private long _position;
    private bool _finished;

    public long Rows { get; private set; }

    /// <summary>Key-value pairs for the footer (key_value_metadata), set before <see cref="FinishAsync"/>.</summary>
    public IReadOnlyDictionary<string, string>? KeyValueMetadata { get; set; }

    /// <summary>Appends an encoded row group: <paramref name="bytes"/> as <paramref name="rowGroup"/> describes them (chunks in schema order).</summary>
    public async ValueTask WriteRowGroupAsync(RowGroupMetadata rowGroup, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (rowGroup.Columns.Count != columns.Count)
            throw new ArgumentException($"the row group has {rowGroup.Columns.Count} column chunks, the schema {columns.Count} columns", nameof(rowGroup));
        for (int i = 0; i < columns.Count; i++)
        {
            if (!ReferenceEquals(rowGroup.Columns[i].Column, columns[i]))
                throw new ArgumentException($"column chunk {i} is {rowGroup.Columns[i].Column.Name}, the schema's column {i} is {columns[i].Name}", nameof(rowGroup));
        }
        await StartAsync(cancellationToken).ConfigureAwait(false);
        long offset = _position;
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        _position += bytes.Length;
        _rowGroups.Add(rowGroup with { FileOffset = offset });
        Rows += rowGroup.NumRows;
    }

    /// <summary>Writes the footer (FileMetaData, its length, "PAR1") and flushes the stream; the file is then complete.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var footer = new ByteBuffer(16 * 1024);
        FileMetadataWriter.Write(new ThriftCompactWriter(footer), columns, _rowGroups, CreatedBy, KeyValueMetadata);
        int length = footer.Length;
        var tail = footer.GetSpan(8);
        BinaryPrimitives.WriteInt32LittleEndian(tail, length);
        Magic.CopyTo(tail[4..]);
        footer.Advance(8);
        await stream.WriteAsync(footer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _position += footer.Length;
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _finished = true;
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_position > 0)
            return;
        await stream.WriteAsync(Magic.ToArray(), cancellationToken).ConfigureAwait(false);
        _position = Magic.Length;
    }

    private static string CreatedByOf(Assembly assembly)
    {
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"netflow-store version {version}"
            : $"netflow-store version {version[..plus]} (build {version[(plus + 1)..]})";
    }
}

using System.Text.Json;

namespace NetFlow.Storage.Query.Output;

/// <summary>Output formats of `netflow query` and `netflow sql`.</summary>
public enum ResultFormat
{
    Table,
    Csv,
    Json,
}

/// <summary>Writes a <see cref="QueryResult"/> as an aligned table (human units), CSV (exact values) or JSON lines.</summary>
public static class ResultWriter
{
    public static void Write(TextWriter output, QueryResult result, ResultFormat format)
    {
        switch (format)
        {
            case ResultFormat.Csv:
                WriteCsv(output, result);
                break;
            case ResultFormat.Json:
                WriteJson(output, result);
                break;
            default:
                WriteTable(output, result);
                break;
        }
    }

    private static void WriteTable(TextWriter output, QueryResult result)
    {
        var columns = result.Columns;
        var cells = result.Rows.Select(r => columns.Select((c, i) => ValueText.Format(r[i], c.Kind, human: true)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", columns.Select((c, i) => Align(c.Header, widths[i], c.Kind))).TrimEnd());
        foreach (var row in cells)
            output.WriteLine(string.Join("  ", row.Select((v, i) => Align(v, widths[i], columns[i].Kind))).TrimEnd());
    }

    /// <summary>Numbers right-aligned so digits line up; text left-aligned.</summary>
    private static string Align(string text, int width, ValueKind kind) =>
        kind is ValueKind.Text or ValueKind.Address or ValueKind.Time or ValueKind.Protocol or ValueKind.TcpFlags or ValueKind.Mac
            ? text.PadRight(width)
            : text.PadLeft(width);

    private static void WriteCsv(TextWriter output, QueryResult result)
    {
        output.WriteLine(string.Join(',', result.Columns.Select(c => Csv(c.Name))));
        foreach (var row in result.Rows)
            output.WriteLine(string.Join(',', result.Columns.Select((c, i) => Csv(ValueText.Format(row[i], c.Kind, human: false)))));
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void WriteJson(TextWriter output, QueryResult result)
    {
        using var buffer = new MemoryStream();
        foreach (var row in result.Rows)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                for (int i = 0; i < result.Columns.Count; i++)
                    WriteJsonValue(w, result.Columns[i], row[i]);
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter w, ResultColumn column, object? value)
    {
        w.WritePropertyName(column.Name);
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case ulong u when column.Kind is not (ValueKind.TcpFlags or ValueKind.Mac): w.WriteNumberValue(u); break;
            case long l: w.WriteNumberValue(l); break;
            case int n: w.WriteNumberValue(n); break;
            case double d when column.Kind == ValueKind.Duration: w.WriteNumberValue(Math.Round(d / 1000, 3)); break; // seconds, as in CSV
            case double d when double.IsFinite(d): w.WriteNumberValue(Math.Round(d, 6)); break;
            case bool b: w.WriteBooleanValue(b); break;
            default: w.WriteStringValue(ValueText.Format(value, column.Kind, human: column.Kind is ValueKind.TcpFlags)); break;
        }
    }
}

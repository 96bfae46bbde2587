using System.Numerics;

namespace NetFlow.Storage.Query;

/// <summary>
/// Runs any SQL an operator writes over the session's views (flows, options) and returns the
/// rows as they come: numbers as numbers, times as times, BLOBs as hex, other values as text.
/// </summary>
public static class SqlRunner
{
    /// <summary>Rows past this are not kept: a result for a terminal, not an export (use COPY ... TO for that).</summary>
    public const int MaxRows = 1_000_000;

    public static QueryResult Run(FlowStoreSession session, string sql)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var columns = new List<ResultColumn>();
        for (int i = 0; i < reader.FieldCount; i++)
        {
            var type = reader.GetFieldType(i);
            var kind = type == typeof(DateTime) || type == typeof(DateTimeOffset) ? ValueKind.Time
                : IsNumber(type) ? ValueKind.Number
                : ValueKind.Text;
            columns.Add(new ResultColumn(reader.GetName(i), reader.GetName(i), kind));
        }
        var rows = new List<object?[]>();
        while (rows.Count < MaxRows && reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : Normalize(reader.GetValue(i));
            rows.Add(row);
        }
        return new QueryResult(columns, rows);
    }

    private static bool IsNumber(Type type) =>
        type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
        || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(BigInteger);

    private static object? Normalize(object value) => value switch
    {
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        Stream s => Hex(s),
        byte[] b => Convert.ToHexStringLower(b),
        float f => (double)f,
        decimal m => (double)m,
        BigInteger big => big >= 0 && big <= ulong.MaxValue ? (ulong)big : big.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string or byte or sbyte or short or ushort or int or uint or long or ulong or double or bool => value,
        _ => value.ToString(),
    };

    private static string Hex(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Convert.ToHexStringLower(copy.ToArray());
    }
}

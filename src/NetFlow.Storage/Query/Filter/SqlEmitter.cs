using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query.Filter;

/// <summary>
/// Writes a filter tree as DuckDB SQL. Every node is parenthesised, so no precedence question
/// between SQL's operators and the filter's can arise.
/// </summary>
internal static class SqlEmitter
{
    public static string Emit(FilterExpression expression)
    {
        var sql = new StringBuilder();
        Write(sql, expression);
        return sql.ToString();
    }

    private static void Write(StringBuilder sql, FilterExpression expression)
    {
        switch (expression)
        {
            case MatchAll:
                sql.Append("TRUE");
                break;
            case AndExpression and:
                WriteJoined(sql, and.Operands, " AND ");
                break;
            case OrExpression or:
                WriteJoined(sql, or.Operands, " OR ");
                break;
            case NotExpression not:
                // IS NOT TRUE, not NOT: a row where the operand is NULL (a field the record lacks)
                // did not match it, so it matches its negation.
                sql.Append('(');
                Write(sql, not.Operand);
                sql.Append(" IS NOT TRUE)");
                break;
            case Comparison comparison:
                sql.Append('(').Append(comparison.Operand).Append(' ').Append(OperatorSql(comparison.Operator)).Append(' ');
                WriteLiteral(sql, comparison.Value);
                sql.Append(')');
                break;
            case RangeComparison range:
                sql.Append('(').Append(range.Column).Append(" BETWEEN ");
                WriteLiteral(sql, range.Low);
                sql.Append(" AND ");
                WriteLiteral(sql, range.High);
                sql.Append(')');
                break;
            case InList list:
                sql.Append('(').Append(list.Column).Append(" IN (");
                for (int i = 0; i < list.Values.Count; i++)
                {
                    if (i > 0)
                        sql.Append(", ");
                    WriteLiteral(sql, list.Values[i]);
                }
                sql.Append("))");
                break;
            case FlagsSet flags:
                sql.Append(CultureInfo.InvariantCulture, $"(({FlowColumns.TcpFlags} & {flags.Mask}) = {flags.Mask})");
                break;
            case ColumnPresent present:
                sql.Append('(').Append(present.Column).Append(" IS NOT NULL)");
                break;
            default:
                throw new InvalidOperationException($"no SQL for filter node {expression.GetType().Name}");
        }
    }

    private static void WriteJoined(StringBuilder sql, IReadOnlyList<FilterExpression> operands, string separator)
    {
        sql.Append('(');
        for (int i = 0; i < operands.Count; i++)
        {
            if (i > 0)
                sql.Append(separator);
            Write(sql, operands[i]);
        }
        sql.Append(')');
    }

    private static void WriteLiteral(StringBuilder sql, SqlLiteral literal)
    {
        switch (literal)
        {
            case NumberLiteral number:
                sql.Append(number.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case Ipv6Literal address:
                // A BLOB literal: DuckDB reads \xHH escapes in a string cast to BLOB.
                sql.Append('\'');
                Span<byte> bytes = stackalloc byte[16];
                BinaryPrimitives.WriteUInt128BigEndian(bytes, address.Value);
                foreach (byte b in bytes)
                    sql.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                sql.Append("'::BLOB");
                break;
            case TextLiteral text:
                sql.Append('\'').Append(text.Value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
            default:
                throw new InvalidOperationException($"no SQL for literal {literal.GetType().Name}");
        }
    }

    private static string OperatorSql(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}

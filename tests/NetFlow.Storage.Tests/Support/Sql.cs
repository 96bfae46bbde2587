using NetFlow.Storage.Query;

namespace NetFlow.Storage.Tests.Support;

/// <summary>Rows of a SQL query over a store, for assertions.</summary>
internal static class Sql
{
    public static List<object?[]> Rows(string store, string sql)
    {
        using var session = FlowStoreSession.Open(store);
        return [.. SqlRunner.Run(session, sql).Rows];
    }

    public static T Scalar<T>(string store, string sql) => (T)Convert.ChangeType(Rows(store, sql)[0][0]!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
}

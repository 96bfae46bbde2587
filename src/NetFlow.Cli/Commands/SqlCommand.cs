using System.CommandLine;
using NetFlow.Storage.Query;
using NetFlow.Storage.Query.Output;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow sql "SELECT ..."`: anything else, in DuckDB SQL over the flows and options views.</summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql")
        {
            Description = "DuckDB SQL over the views flows (typed columns as stored, plus src_addr/dst_addr/next_hop as text) and options; macros ip4_text, ip6_text, mac_text",
        };
        var window = new StoreWindowOptions();
        var command = new Command("sql", "Run SQL over the flow store (embedded DuckDB); --from/--to/--last choose which files are read")
        {
            sql,
        };
        window.AddTo(command);
        command.SetAction(parse =>
        {
            (DateTime? From, DateTime? To) span;
            try
            {
                span = window.Window(parse, DateTime.UtcNow);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"netflow sql: {e.Message}");
                return 2;
            }
            try
            {
                using var session = FlowStoreSession.Open(parse.GetValue(window.Store)!, span.From, span.To);
                var result = SqlRunner.Run(session, parse.GetValue(sql)!);
                ResultWriter.Write(Console.Out, result, parse.GetValue(window.Format));
                return 0;
            }
            catch (DirectoryNotFoundException e)
            {
                Console.Error.WriteLine($"netflow sql: {e.Message}");
                return 1;
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                Console.Error.WriteLine($"netflow sql: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}

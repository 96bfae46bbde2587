using System.CommandLine;
using System.Diagnostics;
using NetFlow.Storage.Query;
using NetFlow.Storage.Query.Filter;
using NetFlow.Storage.Query.Output;
using NetFlow.Storage.Text;

namespace NetFlow.Cli.Commands;

/// <summary>`netflow query [FILTER]`: list, top-N, aggregate or chart the stored flows.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var filter = new Argument<string[]>("filter")
        {
            Description = "nfdump-style filter, quoted or not: proto tcp and dst port 443 and not net 10.0.0.0/8 (default: every flow)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var window = new StoreWindowOptions();
        var top = new Option<int?>("--top", "-n") { Description = "The N largest groups (with --by; default key dstip)" };
        var by = new Option<string?>("--by", "-b") { Description = "Aggregate by these keys, comma-separated: srcip dstip srcport dstport proto srcas dstas inif outif exporter tos flags nexthop srcvlan dstvlan ..." };
        var order = new Option<QueryOrder>("--order") { Description = "Rank groups by bytes (default), packets or flows", DefaultValueFactory = _ => QueryOrder.Bytes };
        var interval = new Option<string?>("--interval") { Description = "Time series: flows, packets and bytes per bucket of this width (1m, 5m, 1h), by flow start; with --by, per key too" };
        var sort = new Option<ListSort>("--sort") { Description = "Listing order: start (default), end, bytes, packets, duration", DefaultValueFactory = _ => ListSort.Start };
        var limit = new Option<int?>("--limit") { Description = "Rows at most (default 100; 0 for all)" };
        var showSql = new Option<bool>("--show-sql") { Description = "Print the SQL it runs to stderr (over the flows view, or over hourly rollups and the files they do not cover)" };
        var command = new Command("query", "Answer questions over the flow store: list flows, top talkers and ports, aggregates and time series")
        {
            filter, top, by, order, interval, sort, limit, showSql,
        };
        window.AddTo(command);
        command.SetAction(parse =>
        {
            FlowQuery query;
            (DateTime? From, DateTime? To) span;
            try
            {
                span = window.Window(parse, DateTime.UtcNow);
                string filterText = string.Join(' ', parse.GetValue(filter) ?? []);
                var keys = parse.GetValue(by) is { } byText ? QueryKey.ParseList(byText) : [];
                int? topN = parse.GetValue(top);
                if (topN is < 1)
                    throw new FormatException("--top must be 1 or more");
                if (topN is not null && keys.Count == 0)
                    keys = QueryKey.ParseList("dstip");
                query = new FlowQuery
                {
                    FilterSql = FlowFilter.Parse(filterText).ToSql(),
                    From = span.From,
                    To = span.To,
                    Keys = keys,
                    Interval = parse.GetValue(interval) is { } iv ? PositiveDuration(iv) : null,
                    Order = parse.GetValue(order),
                    Sort = parse.GetValue(sort),
                    Limit = topN ?? parse.GetValue(limit) ?? 100,
                };
            }
            catch (FilterSyntaxException e)
            {
                Console.Error.WriteLine($"netflow query: {e.Message}");
                Console.Error.WriteLine(e.FilterWithCaret());
                return 2;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"netflow query: {e.Message}");
                return 2;
            }
            return Run(parse.GetValue(window.Store)!, query, span, parse.GetValue(window.Format), parse.GetValue(showSql));
        });
        return command;
    }

    private static TimeSpan PositiveDuration(string text)
    {
        var value = DurationText.Parse(text, "--interval");
        return value > TimeSpan.Zero ? value : throw new FormatException("--interval must be above 0");
    }

    private static int Run(string store, FlowQuery query, (DateTime? From, DateTime? To) span, ResultFormat format, bool showSql)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var session = FlowStoreSession.Open(store, span.From, span.To);
            var plan = QueryRunner.Plan(session, query);
            if (showSql)
                Console.Error.WriteLine(plan.Sql);
            var result = QueryRunner.Run(session, query, plan);
            ResultWriter.Write(Console.Out, result, format);
            if (format == ResultFormat.Table)
                Console.Error.WriteLine(Summary(result, plan, clock.Elapsed));
            return 0;
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine($"netflow query: {e.Message}");
            return 1;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            Console.Error.WriteLine($"netflow query: {e.Message}");
            return 1;
        }
    }

    private static string Summary(QueryResult result, QueryPlan plan, TimeSpan elapsed)
    {
        string totals = result.Totals is { } t
            ? $"{t.Flows} flows, {HumanUnits.Format(t.Packets, "")} packets, {HumanUnits.Format(t.Bytes, "B")} matched; "
            : "";
        string sources = plan.RollupFiles > 0 ? $"{plan.RollupFiles} hourly rollups and {plan.FlowFiles} files" : $"{plan.FlowFiles} files";
        return $"{totals}{result.Rows.Count} rows from {sources} in {elapsed.TotalMilliseconds:0} ms";
    }
}

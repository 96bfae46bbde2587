using System.CommandLine;
using System.Globalization;
using NetFlow.Collector;
using NetFlow.Storage.Query.Output;
using NetFlow.Storage.Text;

namespace NetFlow.Cli.Commands;

/// <summary>The options `netflow query` and `netflow sql` share: which store, which time window, which output format.</summary>
internal sealed class StoreWindowOptions
{
    public Option<string> Store { get; } = new("--store", "-s")
    {
        Description = $"Flow store directory (default {CollectorDefaults.StoreDirectory})",
        DefaultValueFactory = _ => CollectorDefaults.StoreDirectory,
    };
    public Option<string?> From { get; } = new("--from") { Description = "Flows active from this UTC time on (2026-11-26T10:00:00Z, '2026-11-26 10:00')" };
    public Option<string?> To { get; } = new("--to") { Description = "Flows active before this UTC time" };
    public Option<string?> Last { get; } = new("--last") { Description = "Flows active in the last period (15m, 1h, 7d); instead of --from" };
    public Option<ResultFormat> Format { get; } = new("--format", "-o")
    {
        Description = "table (aligned, human units), csv (exact values) or json (one object per line)",
        DefaultValueFactory = _ => ResultFormat.Table,
    };

    public void AddTo(Command command)
    {
        command.Add(Store);
        command.Add(From);
        command.Add(To);
        command.Add(Last);
        command.Add(Format);
    }

    /// <summary>The window as UTC times; a FormatException says which option is wrong.</summary>
    public (DateTime? From, DateTime? To) Window(ParseResult parse, DateTime nowUtc)
    {
        DateTime? from = Time(parse.GetValue(From), "--from");
        DateTime? to = Time(parse.GetValue(To), "--to");
        if (parse.GetValue(Last) is { } last)
        {
            if (from is not null)
                throw new FormatException("--last and --from cannot both be given");
            var span = DurationText.Parse(last, "--last");
            from = (to ?? nowUtc) - span;
        }
        if (from is { } f && to is { } t && t <= f)
            throw new FormatException("--to must be after --from");
        return (from, to);
    }

    private static DateTime? Time(string? text, string option)
    {
        if (text is null)
            return null;
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return utc;
        throw new FormatException($"{option}: '{text}' is not a time (2026-11-26T10:00:00Z or '2026-11-26 10:00', UTC unless it says otherwise)");
    }
}

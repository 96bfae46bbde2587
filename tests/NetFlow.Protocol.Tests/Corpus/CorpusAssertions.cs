using System.Globalization;
using System.Net;
using System.Text;
using Shouldly;

namespace NetFlow.Protocol.Tests.Corpus;

/// <summary>Expected values are written as literals of the decoded type, so a ulong that comes out as a hex string fails.</summary>
internal static class CorpusAssertions
{
    public static IPAddress Ip(string text) => IPAddress.Parse(text);

    /// <summary>An ISO-8601 UTC time, e.g. "2020-03-29T15:46:55.150Z".</summary>
    public static DateTime Utc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>Checks every given field (type and value) and reports all mismatches at once.</summary>
    public static void ShouldHave(this DecodedRecord record, params (string Key, object? Expected)[] expected)
    {
        var problems = new StringBuilder();
        foreach (var (key, want) in expected)
        {
            if (!record.Fields.TryGetValue(key, out var got))
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"  {key}: missing");
                continue;
            }
            if (!Equals(got, want))
                problems.AppendLine(CultureInfo.InvariantCulture, $"  {key}: expected {Show(want)} but was {Show(got)}");
        }
        if (problems.Length > 0)
            throw new ShouldAssertException(
                $"record of template {record.TemplateId} (v{record.Version}) differs:\n{problems}fields: {string.Join(", ", record.Fields.Keys)}");
    }

    public static void ShouldHaveTimes(this DecodedRecord record, string start, string end)
    {
        record.Start.ShouldBe(Utc(start), "start (FlowRecord.TryGetStart)");
        record.End.ShouldBe(Utc(end), "end (FlowRecord.TryGetEnd)");
    }

    /// <summary>No decode error at all, neither reported to the handler nor counted.</summary>
    public static void ShouldHaveNoErrors(this CorpusRun run)
    {
        run.Errors.ShouldBeEmpty();
        run.Counters.TotalErrors.ShouldBe(0);
    }

    public static void ShouldHaveCounts(this CorpusRun run, int data, int options)
    {
        run.Data.Count.ShouldBe(data, "data records handed to the handler");
        run.Options.Count.ShouldBe(options, "options records handed to the handler");
        run.Counters.DataRecords.ShouldBe(data, "DecodeCounters.DataRecords");
        run.Counters.OptionsRecords.ShouldBe(options, "DecodeCounters.OptionsRecords");
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => $"{value} ({value.GetType().Name})",
    };
}

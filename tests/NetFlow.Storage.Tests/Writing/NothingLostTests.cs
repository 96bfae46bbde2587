using System.Text.Json;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;

namespace NetFlow.Storage.Tests.Writing;

/// <summary>
/// "No decoded element is lost": over every corpus stream (every vendor), each field of each flow
/// record is either in its typed column or under its key in extra; only padding is dropped, and
/// times only when they are in time_start/time_end.
/// </summary>
public sealed class NothingLostTests
{
    public static TheoryData<string[]> Streams() => [.. CorpusBatch.Streams()];

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Every_field_is_in_a_column_or_in_extra(string[] files)
    {
        using var store = new TempStore();
        var batch = CorpusBatch.Decode("192.0.2.1", files);
        await using (var sink = new FlowStoreSink(FlowStoreOptions.Default with { Directory = store.Path }, timeProvider: new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))))
            await sink.WriteAsync(batch, TestContext.Current.CancellationToken);

        var expected = new List<(HashSet<string> ExtraKeys, DateTime? Start, DateTime? End)>();
        for (int i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            if (r.IsOptions)
                continue;
            var map = TemplateColumnMap.For(r.Template);
            bool start = r.TryGetStart(out var startTime), end = r.TryGetEnd(out var endTime);
            var keys = new HashSet<string>();
            for (int f = 0; f < r.FieldCount; f++)
            {
                var column = map.Columns[f];
                if (column == FlowColumn.Extra || (column == FlowColumn.StartTime && !start) || (column == FlowColumn.EndTime && !end))
                    keys.Add(r.Template.FieldKeys[f]);
            }
            expected.Add((keys, start ? Milliseconds(startTime) : null, end ? Milliseconds(endTime) : null));
        }
        var rows = Sql.Rows(store.Path, "SELECT extra, time_start, time_end FROM flows");
        rows.Count.ShouldBe(expected.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var actual = rows[i][0] is string json
                ? JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet()
                : [];
            // Values that do not fit their typed column (a 3-byte address) also go to extra, so extra may hold more.
            // The stored times are what the decoder's general reading gives (the store reads common forms its own quicker way).
            ((DateTime?)rows[i][1]).ShouldBe(expected[i].Start, $"time_start of record {i}");
            ((DateTime?)rows[i][2]).ShouldBe(expected[i].End, $"time_end of record {i}");
            actual.IsSupersetOf(expected[i].ExtraKeys).ShouldBeTrue($"record {i} of {string.Join(",", files.Take(1))}: extra has [{string.Join(", ", actual)}], expected [{string.Join(", ", expected[i].ExtraKeys)}]");
        }
    }

    private static DateTime Milliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}

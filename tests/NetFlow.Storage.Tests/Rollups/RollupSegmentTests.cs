using NetFlow.Storage.Rollups;
using NetFlow.Storage.Tests.Support;
using NetFlow.Storage.Writing;
using Parquet;

namespace NetFlow.Storage.Tests.Rollups;

/// <summary>What a rollup segment keeps and gives up, fed row groups directly.</summary>
public sealed class RollupSegmentTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private static int Feed(RollupSegment segment, int records, int hosts)
    {
        var rows = new FlowRowGroup(8192);
        var source = new SyntheticIpfix("192.0.2.1", 3);
        int added = 0;
        while (added < records)
        {
            var batch = source.Flows(Start.AddMinutes(5), 800, hosts);
            for (int i = 0; i < batch.Count; i++)
            {
                if (rows.IsFull)
                {
                    segment.Add(rows);
                    rows.Clear();
                }
                rows.Add(batch[i], "192.0.2.1", 0, renormalize: false);
                added++;
            }
        }
        segment.Add(rows);
        return added;
    }

    private async Task<IReadOnlyList<string>> CloseAsync(RollupSegment segment)
    {
        segment.FileFinished(Path.Combine(_store.Path, "flows", "date=2026-11-26", "hour=10", "flows-20261126T100000Z_20261126T100000Z-20261126T100500Z.parquet"));
        var (_, givenUp) = await segment.CloseAsync(_store.Path, new ParquetOptions());
        return givenUp;
    }

    [Fact]
    public async Task Address_keys_with_a_group_for_nearly_every_row_are_given_up_past_a_quarter_million_rows()
    {
        var segment = new RollupSegment();
        segment.Begin(Start);
        Feed(segment, KeyRollup.RatioCheckRows + 8192, hosts: int.MaxValue);

        (await CloseAsync(segment)).Order().ShouldBe(["dstip", "srcip"]);
    }

    [Fact]
    public async Task Address_keys_with_far_fewer_groups_than_rows_are_kept()
    {
        var segment = new RollupSegment();
        segment.Begin(Start);
        Feed(segment, KeyRollup.RatioCheckRows + 8192, hosts: 50_000);

        (await CloseAsync(segment)).ShouldBeEmpty();
        Directory.GetFiles(Path.Combine(_store.Path, "rollups"), "*.parquet", SearchOption.AllDirectories).Length.ShouldBe(6);
    }
}

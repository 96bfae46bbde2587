using NetFlow.Protocol.Records;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>The synthetic line must decode as built, or mutating it would test nothing.</summary>
public sealed class SyntheticExportsTests
{
    [Fact]
    public void The_synthetic_line_decodes_with_every_list_in_it()
    {
        var session = new CheckedSession();
        var seen = new List<string>();
        session.OnRecord = (in FlowRecord record) => seen.Add(Describe(record));

        foreach (var packet in SyntheticExports.ListsLine.Bytes)
            session.Feed(packet, "synthetic lists line");

        seen.ShouldBe(
        [
            "400",
            "256 basic 2 basic 2 stl 2 stml 301,301,302>301 app 5",
            "256 basic 3 basic 2 stl 2 stml 301,301,302>301 app 5",
            "256 basic 4 basic 2 stl 2 stml 301,301,302>301 app 5",
        ]);
        session.Session.Counters.TotalErrors.ShouldBe(0);
    }

    private static string Describe(in FlowRecord record)
    {
        if (record.Template.Id != 256)
            return record.Template.Id.ToString();
        return $"256 basic {Count(new BasicListReader(record[2]))} basic {Count(new BasicListReader(record[3]))} " +
               $"stl {Ids(record, record[4])} stml {Ids(record, record[5])} app {record[6].Length}";
    }

    private static int Count(BasicListReader reader)
    {
        int count = 0;
        while (reader.TryReadNext(out _))
            count++;
        reader.Status.ShouldBe(DecodeStatus.Ok);
        return count;
    }

    /// <summary>The template ids of a list's records, with what a nested list holds after '>'.</summary>
    private static string Ids(in FlowRecord parent, FieldValue list)
    {
        var reader = new SubTemplateListReader(parent, list);
        var ids = new List<string>();
        while (reader.TryReadNext(out var child))
            ids.Add(child.Template.Id == 302 ? $"302>{Ids(child, child[1])}" : child.Template.Id.ToString());
        reader.Status.ShouldBe(DecodeStatus.Ok);
        return ids.Count == 2 && ids[0] == ids[1] ? ids.Count.ToString() : string.Join(",", ids);
    }
}

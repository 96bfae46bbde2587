using System.Net;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Sessions;

public sealed class SharedBudgetTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static byte[] Template(ushort id) =>
        MessageBuilder.IpfixHeader().Set(2, s => s.U16(id).U16(2).U16(8).U16(4).U16(1).U16(4)).Ipfix(); // 2 fields: costs 3

    [Fact]
    public void Many_exporters_cannot_hold_more_template_fields_than_the_collector_wide_budget()
    {
        var budget = new SharedBudget(30);
        var options = new DecoderOptions { TemplateFieldBudget = budget };
        var flooder = new ExporterSession(IPAddress.Parse("192.0.2.1"), options);
        var c = new RecordCollector();
        for (ushort id = 256; id < 356; id++)
            flooder.Decode(Template(id), Now, ref c);
        budget.Used.ShouldBeLessThanOrEqualTo(30);
        flooder.Templates.Count.ShouldBeLessThanOrEqualTo(10);

        // Another exporter gets nothing while the flooder holds the budget ...
        var real = new ExporterSession(IPAddress.Parse("192.0.2.2"), options);
        real.Decode(Template(256), Now, ref c);
        real.Templates.Count.ShouldBe(0);
        real.Counters.Errors(DecodeStatus.TooManyTemplates).ShouldBe(1);

        // ... until the flooder is forgotten and gives its share back.
        flooder.Release();
        budget.Used.ShouldBe(0);
        real.Decode(Template(256), Now, ref c);
        real.Templates.Count.ShouldBe(1);
        budget.Used.ShouldBe(3);
    }

    [Fact]
    public void Pending_data_over_all_exporters_stays_within_its_budget_and_is_given_back()
    {
        var budget = new SharedBudget(100);
        var options = new DecoderOptions { PendingByteBudget = budget };
        var sessions = Enumerable.Range(1, 5).Select(i => new ExporterSession(IPAddress.Parse($"192.0.2.{i}"), options)).ToList();
        var c = new RecordCollector();
        foreach (var session in sessions)
        {
            for (int i = 0; i < 3; i++)
                session.Decode(MessageBuilder.IpfixHeader().Set(300, s => s.Bytes(new byte[36])).Ipfix(), Now, ref c);
        }
        budget.Used.ShouldBeLessThanOrEqualTo(100);
        sessions.Sum(s => s.PendingBytes).ShouldBe(budget.Used);
        foreach (var session in sessions)
            session.Release();
        budget.Used.ShouldBe(0);
    }
}

using System.Net;
using NetFlow.Collector.Metrics;

namespace NetFlow.Collector.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Health_is_503_until_the_listeners_are_bound_200_while_running_and_503_once_stopping()
    {
        using var stopping = new CancellationTokenSource();
        await using var collector = await MetricsHarness.StartAsync(
            MetricsHarness.Defaults with { Listen = ["udp://127.0.0.1:0", "tcp://127.0.0.1:0"] }, startRuntime: false, stopping: stopping);

        using (var before = await collector.GetAsync("health"))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("0 of 2 listeners bound");
        }

        collector.Runtime.Start();
        using (var running = await collector.GetAsync("health"))
        {
            running.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await running.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("ok");
        }

        await stopping.CancelAsync();
        using (var draining = await collector.GetAsync("health"))
        {
            draining.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await draining.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("stopping");
        }
        (await collector.ScrapeAsync()).Value("netflow_exporters").ShouldBe(0, "/metrics keeps serving while the collector drains");
    }

    [Fact]
    public async Task Health_is_503_after_the_tcp_listener_closed()
    {
        await using var collector = await MetricsHarness.StartAsync(MetricsHarness.Defaults with { Listen = ["tcp://127.0.0.1:0"] });

        await collector.Runtime.StopAsync();

        using var after = await collector.GetAsync("health");
        after.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Metrics_are_served_in_the_prometheus_text_format_with_help_and_type()
    {
        await using var collector = await MetricsHarness.StartAsync();

        using var response = await collector.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        text.ShouldContain("# TYPE netflow_records_decoded_total counter");
        text.ShouldContain("# TYPE netflow_templates_active gauge");
        text.ShouldContain("# HELP netflow_decode_errors_total ");
        text.ShouldContain("process_working_set_bytes");
        new PrometheusSamples(text).Samples.Where(s => s.Name.StartsWith("netflow_", StringComparison.Ordinal)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Unknown_paths_are_404()
    {
        await using var collector = await MetricsHarness.StartAsync();

        using var response = await collector.GetAsync("nothing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_collectors_in_one_process_have_separate_registries()
    {
        await using var first = await MetricsHarness.StartAsync();
        await using var second = await MetricsHarness.StartAsync();

        first.Send(MetricsHarness.Corpus("packet_v5.bin"));
        await first.ScrapeUntilAsync(s => s.Value("netflow_messages_decoded_total", ("version", "5")) == 1, "the first collector's v5 message");

        (await second.ScrapeAsync()).Value("netflow_messages_decoded_total", ("version", "5")).ShouldBe(0);
        first.Endpoint.LocalEndPoint!.Port.ShouldNotBe(second.Endpoint.LocalEndPoint!.Port);
    }

    [Fact]
    public async Task A_taken_port_fails_the_start()
    {
        await using var first = await MetricsHarness.StartAsync(startRuntime: false);
        var options = MetricsHarness.Defaults with { Metrics = first.Endpoint.LocalEndPoint!.ToString() };
        await using var runtime = new CollectorRuntime(options, [], Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await using var second = new MetricsEndpoint(runtime, options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        await Should.ThrowAsync<IOException>(() => second.StartAsync(TestContext.Current.CancellationToken));
        second.LocalEndPoint.ShouldBeNull();
    }

    [Theory]
    [InlineData("127.0.0.1:9155", "127.0.0.1", 9155)]
    [InlineData("[::]:9155", "::", 9155)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("localhost:9155", "127.0.0.1", 9155)]
    public void Metrics_address_parses(string text, string address, int port)
    {
        MetricsAddress.Parse(text).ShouldBe(new IPEndPoint(IPAddress.Parse(address), port));
    }

    [Theory]
    [InlineData("9155")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::1:9155")]
    [InlineData("example.org:9155")]
    [InlineData("127.0.0.1:70000")]
    public void Metrics_address_without_a_port_or_ip_is_refused(string text)
    {
        Should.Throw<FormatException>(() => MetricsAddress.Parse(text));
    }
}

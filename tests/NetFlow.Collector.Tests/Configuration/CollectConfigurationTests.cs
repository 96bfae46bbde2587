using NetFlow.Cli.Commands;
using NetFlow.Collector.Sinks;

namespace NetFlow.Collector.Tests.Configuration;

/// <summary>Defaults, then the file, then NETFLOW_* variables, then flags: the usual .NET order.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class CollectConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-config-").FullName;
    private readonly List<string> _variables = [];

    private void SetVariable(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        _variables.Add(name);
    }

    public void Dispose()
    {
        foreach (var name in _variables)
            Environment.SetEnvironmentVariable(name, null);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_yaml_file_is_overridden_by_the_environment_and_the_environment_by_flags()
    {
        var file = Path.Combine(_directory, "collector.yaml");
        File.WriteAllText(file, """
            Listen:
              - udp://127.0.0.1:9995
              - tcp://127.0.0.1:9996
            Json: /var/log/flows.jsonl
            StateFile: /var/lib/netflow/state.json
            DecodeWorkers: 3
            TemplateTimeout: "00:10:00"
            Allow:
              - 10.0.0.0/8
            JsonSink:
              Overflow: Drop
              QueueCapacity: 8
            Decoder:
              MaxTemplatesPerExporter: 99
            """);
        SetVariable("NETFLOW_DecodeWorkers", "5");
        SetVariable("NETFLOW_Json", "-");

        var options = CollectConfiguration.Build(file, new Dictionary<string, string?> { ["StateFile"] = "/tmp/state.json" });

        options.Listen.ShouldBe(["udp://127.0.0.1:9995", "tcp://127.0.0.1:9996"]);
        options.Allow.ShouldBe(["10.0.0.0/8"]);
        options.TemplateTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        options.DecodeWorkers.ShouldBe(5);                 // environment over file
        options.Json.ShouldBe("-");                        // environment over file
        options.StateFile.ShouldBe("/tmp/state.json");     // flag over file
        options.JsonSink.Overflow.ShouldBe(SinkOverflowPolicy.Drop);
        options.JsonSink.QueueCapacity.ShouldBe(8);
        options.JsonSink.FlushRecords.ShouldBe(SinkOptions.Default.FlushRecords); // untouched keys keep their defaults
        options.Decoder.MaxTemplatesPerExporter.ShouldBe(99);
        options.Decoder.MaxFieldsPerTemplate.ShouldBe(Protocol.DecoderOptions.Default.MaxFieldsPerTemplate);
    }

    [Fact]
    public void A_json_file_works_and_a_flag_list_replaces_the_files_list()
    {
        var file = Path.Combine(_directory, "collector.json");
        File.WriteAllText(file, """{ "Listen": ["udp://[::]:2055", "udp://[::]:4739"], "Renormalize": true }""");
        var options = CollectConfiguration.Build(file, new Dictionary<string, string?> { ["Listen:0"] = "udp://127.0.0.1:5000" });
        options.Renormalize.ShouldBeTrue();
        // .NET configuration would merge the lists by index; flags replace the list instead.
        options.Listen.ShouldBe(["udp://127.0.0.1:5000"]);
    }

    [Fact]
    public void Unknown_keys_and_missing_files_are_errors()
    {
        var file = Path.Combine(_directory, "typo.json");
        File.WriteAllText(file, """{ "Lisen": ["udp://[::]:2055"] }""");
        Should.Throw<InvalidOperationException>(() => CollectConfiguration.Build(file, new Dictionary<string, string?>()));
        Should.Throw<FileNotFoundException>(() => CollectConfiguration.Build(Path.Combine(_directory, "none.yaml"), new Dictionary<string, string?>()));
    }
}

/// <summary>Tests that set environment variables do not run beside each other.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

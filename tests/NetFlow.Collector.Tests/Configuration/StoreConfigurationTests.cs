using NetFlow.Cli.Commands;

namespace NetFlow.Collector.Tests.Configuration;

/// <summary>The store's options as operators write them (YAML, flags) become the store's settings; bad values name the option.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class StoreConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-store-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Yaml_keys_and_flags_set_rotation_compression_and_retention()
    {
        var file = Path.Combine(_directory, "collector.yaml");
        File.WriteAllText(file, """
            Store: /var/lib/netflow
            StoreRotation: 5m
            StoreCompression: zstd
            StoreRetentionAge: 30d
            """);
        var options = CollectConfiguration.Build(file, new Dictionary<string, string?> { ["StoreRetentionSize"] = "500G" });

        var store = CollectSinks.StoreOptions(options, options.Store!);

        store.Directory.ShouldBe("/var/lib/netflow");
        store.RotationInterval.ShouldBe(TimeSpan.FromMinutes(5));
        store.Compression.ShouldBe(Parquet.CompressionMethod.Zstd);
        store.RetentionAge.ShouldBe(TimeSpan.FromDays(30));
        store.RetentionBytes.ShouldBe(500_000_000_000L);
    }

    [Fact]
    public void The_defaults_are_a_minute_snappy_and_no_retention()
    {
        var store = CollectSinks.StoreOptions(CollectConfiguration.Build(null, new Dictionary<string, string?>()), "flows");
        store.RotationInterval.ShouldBe(TimeSpan.FromMinutes(1));
        store.Compression.ShouldBe(Parquet.CompressionMethod.Snappy);
        store.RetentionAge.ShouldBeNull();
        store.RetentionBytes.ShouldBeNull();
    }

    [Theory]
    [InlineData("StoreRotation", "0s", "StoreRotation")]
    [InlineData("StoreRotation", "2h", "StoreRotation")]
    [InlineData("StoreRotation", "soon", "StoreRotation")]
    [InlineData("StoreCompression", "lzo", "StoreCompression")]
    [InlineData("StoreRetentionAge", "forever", "StoreRetentionAge")]
    [InlineData("StoreRetentionSize", "lots", "StoreRetentionSize")]
    public void A_bad_value_is_refused_naming_its_option(string key, string value, string named)
    {
        var options = CollectConfiguration.Build(null, new Dictionary<string, string?> { [key] = value });
        Should.Throw<FormatException>(() => CollectSinks.StoreOptions(options, "flows")).Message.ShouldStartWith(named);
    }
}

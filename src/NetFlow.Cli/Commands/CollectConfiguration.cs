using Microsoft.Extensions.Configuration;
using NetFlow.Collector;

namespace NetFlow.Cli.Commands;

/// <summary>
/// Collector options in the usual .NET precedence: defaults, then a configuration file (JSON or
/// YAML), then NETFLOW_* environment variables (NETFLOW_Listen__0=udp://..., NETFLOW_Json=-),
/// then command-line flags.
/// </summary>
internal static class CollectConfiguration
{
    public const string EnvironmentPrefix = "NETFLOW_";

    public static CollectorOptions Build(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
                throw new FileNotFoundException($"configuration file {configFile} not found", configFile);
            if (full.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                builder.AddYamlFile(full, optional: false);
            else
                builder.AddJsonFile(full, optional: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(flags);
        var configuration = builder.Build();
        return configuration.Get<CollectorOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new CollectorOptions();
    }
}

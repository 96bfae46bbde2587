using Microsoft.Extensions.Configuration;
using NetFlow.Collector;

namespace NetFlow.Cli.Commands;

/// <summary>
/// Collector options in the usual .NET precedence: defaults, then a configuration file (JSON or
/// YAML), then NETFLOW_* environment variables (NETFLOW_Listen__0=udp://..., NETFLOW_Json=-),
/// then command-line flags. A list given by flags replaces the list from the file or environment.
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
        var options = configuration.Get<CollectorOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new CollectorOptions();
        // .NET configuration merges lists by index; a list given as flags replaces the file's list instead,
        // which is what someone typing --listen twice means.
        return options with
        {
            Listen = FlagList(flags, "Listen") ?? options.Listen,
            Allow = FlagList(flags, "Allow") ?? options.Allow,
            Sampling = FlagList(flags, "Sampling") ?? options.Sampling,
        };
    }

    private static string[]? FlagList(IReadOnlyDictionary<string, string?> flags, string key)
    {
        var values = flags.Where(f => f.Key.StartsWith(key + ":", StringComparison.Ordinal))
            .OrderBy(f => int.Parse(f.Key.AsSpan(key.Length + 1), System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => f.Value!)
            .ToArray();
        return values.Length > 0 ? values : null;
    }
}

using NetFlow.Integration.Tests.Differential;

namespace NetFlow.Integration.Tests.Collect;

/// <summary>
/// `netflow collect` takes its settings from --config, NETFLOW_* and its flags only. An
/// appsettings.json that happens to lie in the directory it is started from (an operator's home,
/// another .NET program's folder) must not reconfigure it: here one that would silence every log
/// line. The .NET host's defaults would read it, and watch it with a thread of its own.
/// </summary>
public sealed class WorkingDirectoryTests(DifferentialRun run)
{
    [Fact]
    public void An_appsettings_file_in_the_working_directory_does_not_configure_the_collector()
    {
        var directory = CollectDirectory.Create(run, "appsettings");
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), """{ "Logging": { "LogLevel": { "Default": "None" } } }""");

        // Start waits for the "listening on" log line: with the file applied, it never comes.
        CollectorStopped stopped;
        using (var collector = CollectorProcess.Start(directory, CollectorOutput.Files))
            stopped = collector.Stop(TimeSpan.FromSeconds(30));

        stopped.ExitCode.ShouldBe(0, stopped.StandardError);
        stopped.StandardError.ShouldContain("stopped: 0 records written to sink json");
    }
}

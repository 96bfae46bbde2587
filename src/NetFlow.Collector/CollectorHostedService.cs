using Microsoft.Extensions.Hosting;

namespace NetFlow.Collector;

/// <summary>Runs the collector under the .NET host, whose console lifetime turns SIGINT/SIGTERM into an orderly stop.</summary>
public sealed class CollectorHostedService(CollectorRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Start();
        return Task.CompletedTask;
    }

    /// <summary>Drains everything; the host's shutdown timeout is raised so a large backlog is not cut short.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync();
}

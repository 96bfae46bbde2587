using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// Runs the <see cref="MetricsEndpoint"/> under the collector's host when
/// <see cref="CollectorOptions.Metrics"/> is set. Register it before <see cref="CollectorHostedService"/>:
/// hosted services start in order and stop in reverse, so the endpoint is up (503) before the
/// listeners bind and still serves /metrics while the collector drains (503 on /health from the
/// moment the host begins to stop).
/// </summary>
public sealed class MetricsHostedService(CollectorRuntime runtime, CollectorOptions options, ILoggerFactory logs, IHostApplicationLifetime lifetime)
    : IHostedService, IAsyncDisposable
{
    private MetricsEndpoint? _endpoint;

    public MetricsEndpoint? Endpoint => _endpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Metrics is null)
            return;
        _endpoint = new MetricsEndpoint(runtime, options, logs, lifetime.ApplicationStopping);
        await _endpoint.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _endpoint?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
            await _endpoint.DisposeAsync().ConfigureAwait(false);
    }
}

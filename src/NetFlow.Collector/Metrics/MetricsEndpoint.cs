using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// A small Kestrel app beside the collector: GET /metrics (Prometheus text, or OpenMetrics when
/// the scraper asks for it) and GET /health (200 "ok", or 503 with the reason). It has no
/// lifetime of its own: SIGINT/SIGTERM are the collector host's to handle, and this endpoint is
/// stopped by whoever started it.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly IPEndPoint _bind;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _log;
    private WebApplication? _app;

    /// <param name="runtime">The collector whose counters are served.</param>
    /// <param name="options">Its options: <see cref="CollectorOptions.Metrics"/> is the address to bind, <see cref="CollectorOptions.Listen"/> the listeners /health expects.</param>
    /// <param name="logs">Kestrel's logs go here too.</param>
    /// <param name="stopping">Signalled when the collector begins to shut down: /health turns 503 while /metrics keeps serving the drain.</param>
    /// <param name="metricsOptions">Label limits and the like.</param>
    public MetricsEndpoint(CollectorRuntime runtime, CollectorOptions options, ILoggerFactory logs,
        CancellationToken stopping = default, CollectorMetricsOptions? metricsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bind = MetricsAddress.Parse(options.Metrics ?? throw new ArgumentException("CollectorOptions.Metrics names no address", nameof(options)));
        _logs = logs;
        _log = logs.CreateLogger("NetFlow.Metrics");
        Metrics = new CollectorMetrics(runtime, metricsOptions);
        Health = new CollectorHealth(runtime, options, stopping);
    }

    public CollectorMetrics Metrics { get; }
    public CollectorHealth Health { get; }

    /// <summary>Where the endpoint listens once started (port 0 becomes the port the kernel chose).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>http://ADDR:PORT/ once started.</summary>
    public Uri? BaseAddress => LocalEndPoint is { } e ? new Uri($"http://{e}/") : null;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
            throw new InvalidOperationException("the metrics endpoint is already started");
        // The empty builder: Kestrel and routing only, no configuration files (and so no file
        // watcher thread) and no logging providers; the endpoint needs nothing else.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(MetricsEndpoint).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(_logs);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.MaxRequestBodySize = 4096;
            kestrel.Listen(_bind);
        });

        var app = builder.Build();
        app.MapMetrics("/metrics", Metrics.Registry);
        app.MapGet("/health", WriteHealthAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false); // e.g. the port is taken
            throw;
        }
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        LocalEndPoint = address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host, out var ip)
            ? new IPEndPoint(ip, uri.Port)
            : _bind;
        _log.LogInformation("metrics on http://{EndPoint}/metrics, health on /health", LocalEndPoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not { } app)
            return;
        _app = null;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private Task WriteHealthAsync(HttpContext context)
    {
        var (healthy, detail) = Health.Check();
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(detail, context.RequestAborted);
    }

    /// <summary>Neither waits for nor reacts to console signals: the collector's own host does.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

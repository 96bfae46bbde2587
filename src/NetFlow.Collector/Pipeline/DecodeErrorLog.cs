using Microsoft.Extensions.Logging;
using NetFlow.Protocol;

namespace NetFlow.Collector.Pipeline;

/// <summary>
/// Logs decode errors per exporter at most once per interval, with how many were held back since,
/// so a broken or hostile exporter cannot flood the log (every error is still counted in metrics).
/// One instance per exporter, used only by the worker that owns it.
/// </summary>
internal sealed class DecodeErrorLog(ILogger log, string exporter, TimeSpan interval)
{
    private long _lastLogged = long.MinValue;
    private long _suppressed;

    public void Report(in DecodeError error, long nowTimestamp)
    {
        if (_lastLogged != long.MinValue && TimeProvider.System.GetElapsedTime(_lastLogged, nowTimestamp) < interval)
        {
            _suppressed++;
            return;
        }
        if (_suppressed > 0)
            log.LogWarning("exporter {Exporter}: {Error} (and {Suppressed} more errors since the last report)", exporter, error, _suppressed);
        else
            log.LogWarning("exporter {Exporter}: {Error}", exporter, error);
        _lastLogged = nowTimestamp;
        _suppressed = 0;
    }
}

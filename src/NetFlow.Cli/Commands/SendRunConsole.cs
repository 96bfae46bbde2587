using System.Runtime.InteropServices;
using NetFlow.Generator;

namespace NetFlow.Cli.Commands;

/// <summary>How generate and replay print what they sent.</summary>
internal enum ReportFormat
{
    Text,
    Json,
}

/// <summary>
/// What generate and replay share on the console: SIGINT/SIGTERM end the sending early (the report
/// of what was sent is still printed), and the report goes to stdout as a line or one JSON object.
/// </summary>
internal sealed class SendRunConsole : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _signals;

    public SendRunConsole()
    {
        _signals =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
        ];
    }

    public CancellationToken Stopping => _stop.Token;

    public static void Write(SendReport report, ReportFormat format) =>
        Console.Out.WriteLine(format == ReportFormat.Json ? report.ToJson() : report.ToText());

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true; // not the default exit: finish the batch and report
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var signal in _signals)
            signal.Dispose();
        _stop.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetFlow.Integration.Tests.Peers;

/// <summary>What a finished process said and how it ended.</summary>
public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public string CommandLine => ExternalProcess.Describe(FileName, Arguments);

    /// <summary>Throws, with everything the process printed, unless it exited with 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new InvalidOperationException(
                $"`{CommandLine}` exited with {ExitCode}.\nstdout:\n{Tail(StandardOutput)}\nstderr:\n{Tail(StandardError)}");
        return this;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}

/// <summary>
/// A child process (a peer, or our own CLI) with both output streams captured. Disposing kills it
/// (and its children) if it is still running, so a failing test never leaves a peer behind.
/// </summary>
public sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly IReadOnlyList<string> _arguments;

    private ExternalProcess(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment,
        string? workingDirectory)
    {
        _arguments = arguments;
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string FileName => _process.StartInfo.FileName;

    public string StandardOutputSoFar
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string StandardErrorSoFar
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static ExternalProcess Start(string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        new(fileName, arguments, environment, workingDirectory);

    /// <summary>Runs to completion; a process still running after <paramref name="timeout"/> is killed and reported.</summary>
    public static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(fileName, arguments, environment, workingDirectory);
        return process.WaitForExit(timeout);
    }

    /// <summary>Waits for the process to end on its own; kills it and throws after <paramref name="timeout"/>.</summary>
    public ProcessResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException(
                $"`{Describe(FileName, _arguments)}` did not exit within {timeout.TotalSeconds:0} s and was killed.\n" +
                $"stdout:\n{StandardOutputSoFar}\nstderr:\n{StandardErrorSoFar}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return new ProcessResult(FileName, _arguments, _process.ExitCode, StandardOutputSoFar, StandardErrorSoFar);
    }

    /// <summary>
    /// SIGTERM, the signal daemons such as nfcapd treat as "flush and exit". Process.Kill only sends
    /// SIGKILL, which would lose nfcapd's open file, so the signal goes through kill(1).
    /// </summary>
    public void Terminate()
    {
        if (_process.HasExited)
            return;
        ExternalProcess.Run(PeerLocator.Kill, ["-TERM", Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    internal static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(fileName).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
            return;
        lock (target)
            target.AppendLine(line);
    }
}

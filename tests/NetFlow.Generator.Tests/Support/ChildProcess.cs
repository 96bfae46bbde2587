using System.Diagnostics;

namespace NetFlow.Generator.Tests.Support;

/// <summary>What a finished process printed and how it ended.</summary>
public sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public ProcessOutput EnsureSuccess(string what)
    {
        ExitCode.ShouldBe(0, $"{what} failed.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        return this;
    }
}

/// <summary>A child process with both streams captured; disposing kills it if it still runs.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ChildProcess(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new(fileName, arguments, environment);

    public static ProcessOutput Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(fileName, arguments, environment);
        return process.WaitForExit(timeout);
    }

    public ProcessOutput WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout.TotalSeconds:0} s");
        }
        return new ProcessOutput(_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    /// <summary>SIGTERM (Process.Kill only sends SIGKILL, which would lose what a daemon has not flushed).</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
            Run(Peers.Kill, ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited in between
        }
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// One life of tests/Bayu.FaultHost in a child process: the server on a loopback port of its
/// own, or a worker. <see cref="Kill"/> is <c>Process.Kill</c>, SIGKILL on Linux: no shutdown
/// hook runs, nothing is flushed and no lease is handed back.
/// </summary>
internal sealed class FaultHostProcess : IDisposable
{
    private const int TailLines = 40;

    private static readonly string HostDll = typeof(FaultHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FaultHostPath").Value!;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _workerStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FaultHostProcess(string name, Uri? baseUri, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        BaseUri = baseUri;
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"the fault host is not built: {HostDll}");
        }
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(HostDll)! };
        info.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the fault host");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The server's address; null for a worker.</summary>
    public Uri? BaseUri { get; }

    public static FaultHostProcess StartServer(IReadOnlyDictionary<string, string> environment)
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort()}");
        return new FaultHostProcess("server", uri, ["--urls", uri.ToString()], environment);
    }

    public static FaultHostProcess StartWorker(string name, IReadOnlyDictionary<string, string> environment) =>
        new(name, null, ["worker", $"--FaultProbe:Worker={name}"], environment);

    /// <summary>Until the server answers /health, or the worker logs that its dispatcher runs (after the schema migration).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:\n{Tail()}");
            }
            if (BaseUri is null)
            {
                if (await Task.WhenAny(_workerStarted.Task, Task.Delay(100)) == _workerStarted.Task)
                {
                    return;
                }
                continue;
            }
            try
            {
                using var response = await client.GetAsync(new Uri(BaseUri, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: the schema migration runs before Kestrel starts.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} not ready after {timeout}:\n{Tail()}");
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        // PlatformWorker logs this once the outbox dispatcher runs, after the hosted migration has finished.
        if (line.Contains("Outbox worker ", StringComparison.Ordinal) && line.EndsWith(" started", StringComparison.Ordinal))
        {
            _workerStarted.TrySetResult();
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

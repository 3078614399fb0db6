using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bayu.Bench.Server;

/// <summary>A server under test running in its own process, stopped (with its children) on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _removeOnExit;

    private ChildProcess(Process process, Uri baseUri, string? removeOnExit)
    {
        _process = process;
        BaseUri = baseUri;
        _removeOnExit = removeOnExit;
    }

    public Uri BaseUri { get; }

    /// <summary>The CPU time the process has used so far, all its threads.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildProcess> StartAsync(string fileName, IEnumerable<string> arguments, IDictionary<string, string> environment, string readyPath, TimeSpan timeout, string? removeOnExit = null)
    {
        var port = FreePort();
        var urls = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Append("--urls").Append(urls))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildProcess(process, new Uri(urls), removeOnExit);
        using var client = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}:\n{output}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri(child.BaseUri, readyPath));
                if (response.IsSuccessStatusCode)
                {
                    return child;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (schema migration and demo seeding run before Kestrel starts).
            }
            await Task.Delay(500);
        }
        await child.DisposeAsync();
        throw new TimeoutException($"{fileName} not ready after {timeout}:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_removeOnExit is not null && Directory.Exists(_removeOnExit))
        {
            Directory.Delete(_removeOnExit, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

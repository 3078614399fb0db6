namespace Bayu.Server.Tests.Faults;

/// <summary>
/// The processes of one fault run over one store: the server, and with <c>workers &gt; 0</c> that
/// many worker processes doing the outbox instead of the server (Bayu:Workers:InProcess=false).
/// </summary>
internal sealed class FaultCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string> _settings;
    private readonly FaultHostProcess?[] _workers;
    private volatile FaultHostProcess? _server;

    public FaultCluster(Dictionary<string, string> settings, int workers)
    {
        _settings = new Dictionary<string, string>(settings);
        _workers = new FaultHostProcess?[workers];
        if (workers > 0)
        {
            _settings["Bayu__Workers__InProcess"] = "false";
        }
    }

    /// <summary>The live server's address (while it restarts, one that refuses connections).</summary>
    public Uri ServerUri => _server?.BaseUri ?? throw new InvalidOperationException("not started");

    public int Workers => _workers.Length;

    /// <summary>How long each restart took, from the kill until the process was ready.</summary>
    public List<TimeSpan> Restarts { get; } = [];

    public static string WorkerName(int worker) => $"worker-{worker + 1}";

    public async Task StartAsync()
    {
        await RestartAsync(-1);
        for (var w = 0; w < _workers.Length; w++)
        {
            await RestartAsync(w);
        }
    }

    /// <summary>SIGKILLs the server (<paramref name="target"/> -1) or worker <paramref name="target"/>, starts it again and waits until it is ready.</summary>
    public async Task KillAndRestartAsync(int target)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (target < 0)
        {
            _server?.Kill();
        }
        else
        {
            _workers[target]?.Kill();
        }
        await RestartAsync(target);
        Restarts.Add(clock.Elapsed);
    }

    /// <summary>Fails with the process's last output if one died on its own (a crash is not a kill).</summary>
    public void AssertAlive()
    {
        foreach (var process in _workers.Append(_server))
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"{process.Name} exited without being killed:\n{process.Tail()}");
            }
        }
    }

    private async Task RestartAsync(int target)
    {
        FaultHostProcess started;
        if (target < 0)
        {
            _server?.Dispose();
            started = _server = FaultHostProcess.StartServer(_settings);
        }
        else
        {
            _workers[target]?.Dispose();
            started = _workers[target] = FaultHostProcess.StartWorker(WorkerName(target), _settings);
        }
        await started.WaitReadyAsync(StartTimeout);
    }

    public void Dispose()
    {
        _server?.Dispose();
        foreach (var worker in _workers)
        {
            worker?.Dispose();
        }
    }
}

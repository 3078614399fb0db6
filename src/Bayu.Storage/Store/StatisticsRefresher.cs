namespace Bayu.Storage.Store;

/// <summary>
/// Keeps the planner's statistics fresh after writes through the REST API (only the demo seed
/// and <c>bayu import</c> refreshed them): counts resource versions committed since the last
/// refresh and, past max(<see cref="MinimumRows"/>, <see cref="GrowthFraction"/> of the rows
/// counted at the last one), runs the dialect's statistics statement in the background, never on
/// the writer's thread and never twice at once.
/// </summary>
public sealed class StatisticsRefresher(Func<CancellationToken, Task> refresh)
{
    private long _sinceRefresh;
    private long _countedAtRefresh;
    private int _running;
    private int _refreshes;
    private int _failures;

    public bool Enabled { get; set; } = true;

    public int MinimumRows { get; init; } = 1000;

    public double GrowthFraction { get; init; } = 0.2;

    /// <summary>Refreshes completed (for tests and diagnostics).</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>Refreshes that failed; the next threshold tries again.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The refresh running now, if any.</summary>
    public Task? Running { get; private set; }

    /// <summary>Called after a commit with the number of resource versions it wrote.</summary>
    public void Written(int rows)
    {
        if (rows <= 0)
        {
            return;
        }
        var since = Interlocked.Add(ref _sinceRefresh, rows);
        if (!Enabled || since < Math.Max(MinimumRows, GrowthFraction * Interlocked.Read(ref _countedAtRefresh)))
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }
        Running = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            var counted = Interlocked.Exchange(ref _sinceRefresh, 0);
            Interlocked.Add(ref _countedAtRefresh, counted);
            try
            {
                await refresh(CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _refreshes);
            }
            catch (Exception)
            {
                // Store disposed, database restarting: nobody awaits this task; the next threshold retries.
                Interlocked.Increment(ref _failures);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bayu.Storage.Jobs;

namespace Bayu.Storage.Tests.Jobs;

/// <summary>
/// Adds 1..n one step at a time, saving {"i","sum"} after each step: idempotent from its
/// checkpoint, as job handlers must be. <paramref name="step"/> runs before each step is saved.
/// </summary>
public sealed class SumJob(string kind, Func<int, JobContext, Task>? step = null) : IJobHandler
{
    public string Kind => kind;

    /// <summary>(attempt, step) for every step run, across runs.</summary>
    public ConcurrentQueue<(int Attempt, int Step)> Steps { get; } = new();

    public ConcurrentQueue<string?> CheckpointsAtStart { get; } = new();

    public static string Parameters(int n) => $$"""{"n":{{n}}}""";

    public static string ResultOf(int n) => $$"""{"sum":{{n * (n + 1) / 2}}}""";

    public async Task<string?> RunAsync(JobContext context)
    {
        CheckpointsAtStart.Enqueue(context.Checkpoint);
        var n = JsonNode.Parse(context.Parameters!)!["n"]!.GetValue<int>();
        var (i, sum) = context.Checkpoint is { } saved
            ? (JsonNode.Parse(saved)!["i"]!.GetValue<int>(), JsonNode.Parse(saved)!["sum"]!.GetValue<long>())
            : (0, 0L);
        while (i < n)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            i++;
            sum += i;
            Steps.Enqueue((context.Attempt, i));
            if (step is not null)
            {
                await step(i, context);
            }
            await context.ReportAsync(i, n, $$"""{"i":{{i}},"sum":{{sum}}}""");
        }
        return $$"""{"sum":{{sum}}}""";
    }

    public static bool SameJson(string? a, string? b) => JsonNode.DeepEquals(a is null ? null : JsonNode.Parse(a), b is null ? null : JsonNode.Parse(b));
}

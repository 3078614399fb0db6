using Spectre.Console;

namespace Bayu.Cli.Import;

/// <summary>Draws a progress bar on the terminal while work runs; stays silent when output is redirected.</summary>
internal static class ImportProgress
{
    public static async Task RunAsync(bool enabled, long total, string label, ImportReport report, Func<Action<long>, Task> work)
    {
        // The bar goes to stderr and only to a real terminal, so piped output and tests see the summary alone.
        if (!enabled || Console.IsErrorRedirected)
        {
            await work(_ => { });
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                await work(done =>
                {
                    task.Increment(done);
                    task.Description = $"{label}: {report.Imported:N0} resources, {report.FailureCount:N0} failures";
                });
                task.Value = task.MaxValue;
            });
    }
}

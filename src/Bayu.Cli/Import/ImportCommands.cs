using System.CommandLine;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Import;

/// <summary><c>bayu import PATH...</c>: loads Bundles and NDJSON into a running server or straight into a store.</summary>
public static class ImportCommands
{
    public static Command Build()
    {
        var paths = new Argument<string[]>("paths")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Transaction/batch Bundles (.json) or NDJSON (.ndjson), optionally .bz2 or .gz compressed, or folders of them",
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "NDJSON lines per batch Bundle",
            DefaultValueFactory = _ => 500,
        };
        var target = new ImportTargetOptions();
        var command = new Command("import", "Load FHIR Bundles and NDJSON into a Bayu server or store (导入数据)") { paths, batchSize };
        target.AddTo(command);
        command.SetAction(parseResult =>
        {
            var size = parseResult.GetValue(batchSize);
            if (size is < 1 or > 10_000)
            {
                throw new CliUsageException("--batch-size must be between 1 and 10000");
            }
            var files = ImportFiles.Resolve(parseResult.GetValue(paths) ?? []);
            var output = parseResult.InvocationConfiguration.Output;
            return RunAsync(parseResult, target, files, new ImportReader(size), output).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, ImportTargetOptions options, IReadOnlyList<ImportFile> files, ImportReader reader, TextWriter output)
    {
        await using var target = options.Create(parseResult);
        await target.CheckAsync(CancellationToken.None);
        var report = new ImportReport();
        var showProgress = !parseResult.GetValue(options.NoProgress) && ReferenceEquals(output, Console.Out);
        await ImportProgress.RunAsync(showProgress, files.Sum(f => f.Length), "importing", report, progress =>
            ImportRunner.RunAsync(files, reader, target, parseResult.GetValue(options.Parallel), report, progress, CancellationToken.None));
        await target.FinishAsync(CancellationToken.None);
        ImportSummary.Write(output, report, files.Count, target.Description);
        return report.FailureCount == 0 ? CliRunner.Ok : CliRunner.Problems;
    }
}

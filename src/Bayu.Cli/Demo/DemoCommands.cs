using System.CommandLine;
using System.Globalization;
using Bayu.Cli.Import;
using Bayu.Cli.Infrastructure;
using Bayu.Demo.Region;
using Bayu.Fhir.Formats;
using ParseResult = System.CommandLine.ParseResult;

namespace Bayu.Cli.Demo;

/// <summary><c>bayu demo</c>: regenerates the demo region at any size, to NDJSON files or into a server or store.</summary>
public static class DemoCommands
{
    public static Command Build()
    {
        var residents = new Option<int>("--residents")
        {
            Description = "Number of synthetic residents",
            DefaultValueFactory = _ => DemoRegionOptions.DefaultResidents,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed and size always give the same resources",
            DefaultValueFactory = _ => DemoRegionOptions.DefaultSeed,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write NDJSON files (one per resource type) into this folder instead of loading them",
        };
        var target = new ImportTargetOptions();
        var command = new Command("demo", "Generate the Chongqing demo region (演示数据): districts, institutions, staff and residents") { residents, seed, output };
        target.AddTo(command);
        command.SetAction(parseResult =>
        {
            var count = parseResult.GetValue(residents);
            if (count is < 0 or > 10_000_000)
            {
                throw new CliUsageException("--residents must be between 0 and 10000000");
            }
            var generator = new DemoRegionGenerator(new DemoRegionOptions(parseResult.GetValue(seed), count));
            var writer = parseResult.InvocationConfiguration.Output;
            return parseResult.GetValue(output) is { } folder
                ? WriteFiles(generator, folder, writer)
                : LoadAsync(parseResult, target, generator, writer).GetAwaiter().GetResult();
        });
        return command;
    }

    private static int WriteFiles(DemoRegionGenerator generator, string folder, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, Stream>(StringComparer.Ordinal);
        try
        {
            foreach (var resource in generator.Generate())
            {
                if (!files.TryGetValue(resource.TypeName, out var file))
                {
                    file = new FileStream(Path.Combine(folder, resource.TypeName + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    files.Add(resource.TypeName, file);
                }
                FhirFormats.Serialize(resource, file, FhirFormat.Json);
                file.WriteByte((byte)'\n');
            }
        }
        finally
        {
            foreach (var file in files.Values)
            {
                file.Dispose();
            }
        }
        foreach (var (type, count) in generator.Counts())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.Combine(folder, type + ".ndjson")}  {count:N0}"));
        }
        return CliRunner.Ok;
    }

    private static async Task<int> LoadAsync(ParseResult parseResult, ImportTargetOptions options, DemoRegionGenerator generator, TextWriter output)
    {
        await using var target = options.Create(parseResult);
        await target.CheckAsync(CancellationToken.None);
        var report = new ImportReport();
        var total = generator.Counts().Values.Sum();
        var showProgress = !parseResult.GetValue(options.NoProgress) && ReferenceEquals(output, Console.Out);
        await ImportProgress.RunAsync(showProgress, total, "demo region", report, progress =>
            ImportRunner.RunAsync(DemoUnits.From(generator.Generate(), 500), target, parseResult.GetValue(options.Parallel), report, progress, CancellationToken.None));
        await target.FinishAsync(CancellationToken.None);
        ImportSummary.Write(output, report, 0, target.Description);
        return report.FailureCount == 0 ? CliRunner.Ok : CliRunner.Problems;
    }
}

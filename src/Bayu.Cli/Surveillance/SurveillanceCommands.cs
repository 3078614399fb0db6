using System.CommandLine;
using System.Text.Json;
using Bayu.Cli.Infrastructure;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Cli.Surveillance;

/// <summary><c>bayu surveillance detect</c>: runs one outbreak-detection algorithm over a count series.</summary>
public static class SurveillanceCommands
{
    public static Command Build()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "Series CSV with columns t,date,year,epoch_in_year,count (empty count = missing period)",
            Required = true,
        };
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "One of: " + string.Join(", ", DetectorCatalog.Names),
            Required = true,
        };
        var parameters = new Option<string?>("--params")
        {
            Description = "JSON object with the keys of R surveillance's control list, e.g. {\"b\":3,\"w\":3,\"alpha\":0.01}",
        };
        var range = new Option<string?>("--range")
        {
            Description = "FROM:TO, 1-based t or yyyy-MM-dd dates (default: from the first time point with enough history to the end)",
        };
        var output = new Option<FileInfo?>("--out") { Description = "Write the result CSV here instead of standard output" };
        var detect = new Command("detect", "Evaluate an aberration-detection algorithm (暴发探测); exit code 1 when any alarm is raised")
        {
            input, algorithm, parameters, range, output,
        };
        detect.SetAction(parseResult =>
        {
            var setup = CreateDetector(parseResult.GetValue(algorithm)!, parseResult.GetValue(parameters));
            var series = ReadSeries(parseResult.GetValue(input)!, setup.Frequency);
            var (from, to) = ResolveRange(parseResult.GetValue(range), setup, series);
            IReadOnlyList<DetectionRow> rows;
            try
            {
                rows = setup.Detector.Detect(series, from, to);
            }
            catch (DetectionInputException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var target = parseResult.GetValue(output);
            if (target is null)
            {
                DetectionCsv.Write(parseResult.InvocationConfiguration.Output, rows);
            }
            else
            {
                using var writer = new StreamWriter(target.FullName);
                DetectionCsv.Write(writer, rows);
            }

            var alarms = rows.Count(r => r.Alarm == true);
            parseResult.InvocationConfiguration.Error.WriteLine(
                $"{setup.Detector.Name}: {rows.Count} time points (t={from}..{to}), {alarms} alarm(s)");
            return alarms > 0 ? CliRunner.Problems : CliRunner.Ok;
        });
        return new Command("surveillance", "Infectious-disease early warning (传染病监测预警)") { detect };
    }

    private static DetectorSetup CreateDetector(string algorithm, string? json)
    {
        try
        {
            using var document = json is null ? null : JsonDocument.Parse(json);
            return DetectorCatalog.Create(algorithm, document?.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"--params is not valid JSON: {ex.Message}");
        }
        catch (DetectionInputException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }

    private static CountSeries ReadSeries(FileInfo file, int? frequency)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"input file not found: {file.FullName}");
        }

        try
        {
            using var reader = file.OpenText();
            return SeriesCsv.Read(reader, frequency);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{file.Name}: {ex.Message}");
        }
    }

    private static (int From, int To) ResolveRange(string? text, DetectorSetup setup, CountSeries series)
    {
        if (text is null)
        {
            return setup.ResolveRange(series);
        }

        var parts = text.Split(':');
        if (parts.Length != 2)
        {
            throw new CliUsageException($"--range '{text}' must be FROM:TO");
        }

        return (Position(parts[0], series, text), Position(parts[1], series, text));
    }

    private static int Position(string text, CountSeries series, string whole)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t))
        {
            return t;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            && series.Dates is { } dates)
        {
            for (var i = 0; i < dates.Count; i++)
            {
                if (dates[i] == date)
                {
                    return i + 1;
                }
            }

            throw new CliUsageException($"--range date {text} is not in the series");
        }

        throw new CliUsageException($"--range '{whole}': '{text}' is neither a time index nor a date of the series");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bayu.Bench.Server;

/// <summary>
/// The <c>wrk</c> load generator (C, one thread, Lua-scripted requests): it needs far less CPU per
/// request than an HttpClient loop, which matters on a 2-core machine where the generator shares
/// the cores with the server.
/// </summary>
internal sealed partial class WrkLoad(int clients, TimeSpan duration) : ILoad
{
    public string Name => "wrk";

    public static bool Available() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "wrk")));

    public async Task<(double RequestsPerSecond, long Failures)> RunAsync(Uri baseUri, Scenario scenario, Action? measuring = null)
    {
        var folder = Directory.CreateTempSubdirectory("bayu-wrk-");
        try
        {
            var paths = Path.Combine(folder.FullName, "paths.txt");
            var bodies = Path.Combine(folder.FullName, "bodies.txt");
            await File.WriteAllLinesAsync(paths, scenario.Paths);
            await File.WriteAllLinesAsync(bodies, scenario.Bodies ?? []);
            var script = Path.Combine(folder.FullName, "scenario.lua");
            await File.WriteAllTextAsync(script, $$"""
                local paths, bodies = {}, {}
                for line in io.lines("{{paths}}") do paths[#paths + 1] = line end
                for line in io.lines("{{bodies}}") do bodies[#bodies + 1] = line end
                wrk.method = "{{scenario.Method.Method}}"
                wrk.headers["Content-Type"] = "{{Scenario.ContentType}}"
                wrk.headers["Accept"] = "{{Scenario.ContentType}}"
                request = function()
                  local path = paths[math.random(#paths)]
                  if #bodies > 0 then return wrk.format(nil, path, nil, bodies[math.random(#bodies)]) end
                  return wrk.format(nil, path)
                end
                """);
            // A short warm-up so JIT, connection set-up and caches are not measured.
            await RunWrkAsync(baseUri, script, TimeSpan.FromSeconds(2));
            measuring?.Invoke();
            return Parse(await RunWrkAsync(baseUri, script, duration));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<string> RunWrkAsync(Uri baseUri, string script, TimeSpan length)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t1", $"-c{clients}", $"-d{(int)Math.Ceiling(length.TotalSeconds)}s", "-s", script, baseUri.GetLeftPart(UriPartial.Authority) })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start wrk");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {errors}{output}");
    }

    private static (double, long) Parse(string output)
    {
        var rate = RequestsPerSecond().Match(output);
        if (!rate.Success)
        {
            throw new InvalidOperationException("wrk printed no Requests/sec line: " + output);
        }
        long failures = 0;
        if (Non2xx().Match(output) is { Success: true } bad)
        {
            failures += long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        if (SocketErrors().Match(output) is { Success: true } socket)
        {
            failures += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        }
        return (double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), failures);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

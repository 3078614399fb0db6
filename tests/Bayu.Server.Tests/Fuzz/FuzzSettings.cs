using System.Globalization;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// The fuzz run's knobs, read from the environment so that CI's bounded run and the documented
/// long run are the same tests: a fixed seed by default, printed with every summary so any run replays.
/// </summary>
internal static class FuzzSettings
{
    /// <summary><c>BAYU_FUZZ_SEED</c>: the generator's seed.</summary>
    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("BAYU_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 25;

    /// <summary><c>BAYU_FUZZ_CASES</c>: generated requests per provider (CI: a bounded number).</summary>
    public static int Cases => Int("BAYU_FUZZ_CASES", 1000);

    /// <summary><c>BAYU_FUZZ_CLIENTS</c>: concurrent clients.</summary>
    public static int Clients => Int("BAYU_FUZZ_CLIENTS", 2);

    /// <summary><c>BAYU_FUZZ_RESIDENTS</c>: demo residents seeded into each fresh store.</summary>
    public static int Residents => Int("BAYU_FUZZ_RESIDENTS", 30);

    /// <summary><c>BAYU_FUZZ_FAILURES</c>: a directory where every failing input is written in corpus format.</summary>
    public static string? FailuresDirectory => Environment.GetEnvironmentVariable("BAYU_FUZZ_FAILURES") is { Length: > 0 } d ? d : null;

    /// <summary>
    /// <c>BAYU_FUZZ_FULL=1</c> (implied by 10,000 cases or more): full-size inputs — JSON nested 10⁶
    /// deep, 2 MB strings, 2,000-entry bundles. CI's bounded run keeps them smaller to stay fast.
    /// </summary>
    public static bool Full => Environment.GetEnvironmentVariable("BAYU_FUZZ_FULL") switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => Cases >= 10_000,
    };

    /// <summary><c>BAYU_FUZZ_PROGRESS</c>: a file rewritten with the summary so far every 500 requests, so a long run that dies still reports.</summary>
    public static string? ProgressFile => Environment.GetEnvironmentVariable("BAYU_FUZZ_PROGRESS") is { Length: > 0 } f ? f : null;

    public static int MaxJsonDepth => Full ? 1_000_000 : 20_000;

    public static int MaxString => Full ? 2_000_000 : 200_000;

    public static int MaxEntries => Full ? 2_000 : 100;

    /// <summary>
    /// Deepest XML nesting generated. Before the door's depth limit, ~7,000 levels overflowed the
    /// stack and killed the process; now any depth is refused on a non-recursive pre-pass.
    /// </summary>
    public static int MaxXmlDepth => Full ? 1_000_000 : 20_000;

    /// <summary>Every this many accepted creates, the new resource is read back in every format and re-validated.</summary>
    public const int SampleEvery = 20;

    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(20);

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

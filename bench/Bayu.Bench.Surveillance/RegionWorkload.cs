using Bayu.Surveillance.Series;
using MathNet.Numerics.Distributions;

namespace Bayu.Bench.Surveillance;

/// <summary>
/// The regional workload of ../shared/surveillance/bench/r-region-bench.R, re-drawn with .NET's
/// generator (same distributions, not the same numbers as R's Mersenne-Twister stream): 40 districts ×
/// 50 diseases, daily counts 2021-01-01..2025-12-31 (1,826 days), log-uniform base mean on [0.2, 20],
/// seasonal amplitude U(0, 0.8), 2–4 sine-shaped outbreaks of 5–21 days, Poisson counts.
/// </summary>
internal static class RegionWorkload
{
    public const int Days = 1826;
    public static readonly DateOnly Start = new(2021, 1, 1);

    public static CountSeries[] Daily(int count, int seed)
    {
        var rng = new Random(seed);
        var dates = Enumerable.Range(0, Days).Select(Start.AddDays).ToArray();
        var series = new CountSeries[count];
        for (var s = 0; s < count; s++)
        {
            var baseMean = Math.Exp(Math.Log(0.2) + (rng.NextDouble() * (Math.Log(20) - Math.Log(0.2))));
            var amplitude = rng.NextDouble() * 0.8;
            var phase = rng.NextDouble() * 2 * Math.PI;
            var extra = new double[Days];
            var outbreaks = rng.Next(2, 5);
            for (var o = 0; o < outbreaks; o++)
            {
                var duration = rng.Next(5, 22);
                // A quarter of the series get one outbreak starting inside the evaluated last 30 days.
                var start = o == 0 && s % 4 == 0 ? rng.Next(Days - 30, Days - 3) : rng.Next(0, Days - duration);
                var size = 1 + (rng.NextDouble() * 3);
                for (var d = 0; d < duration && start + d < Days; d++)
                {
                    extra[start + d] += size * Math.Max(baseMean, 1) * Math.Sin(Math.PI * (d + 0.5) / duration);
                }
            }

            var counts = new double[Days];
            for (var t = 0; t < Days; t++)
            {
                var lambda = (baseMean * Math.Exp(amplitude * Math.Sin((2 * Math.PI * (t + 1) / 365.25) + phase))) + extra[t];
                counts[t] = Poisson.Sample(rng, lambda);
            }

            series[s] = new CountSeries(counts, TimeUnit.Day, 365, 1, dates);
        }

        return series;
    }

    /// <summary>Sums over complete ISO weeks 2021-W01..2025-W52 (days 4..1823), 260 weeks, freq 52.</summary>
    public static CountSeries Weekly(CountSeries daily)
    {
        var weeks = new double[260];
        var mondays = new DateOnly[260];
        for (var w = 0; w < 260; w++)
        {
            mondays[w] = Start.AddDays(3 + (7 * w));
            for (var d = 0; d < 7; d++)
            {
                weeks[w] += daily[4 + (7 * w) + d];
            }
        }

        return new CountSeries(weeks, TimeUnit.IsoWeek, 52, 1, mondays);
    }
}

namespace Bayu.Surveillance.BayesRki;

/// <summary>
/// Reference values shared by R's <c>algo.bayes</c> and <c>algo.rki</c>: the w periods before t
/// (when <see cref="ActY"/>) plus t − i·freq ± w for i = 1..b.
/// </summary>
public sealed record ReferenceWindowOptions
{
    public int B { get; init; } = 2;

    public int W { get; init; } = 4;

    public bool ActY { get; init; }

    /// <summary>Bayes only: 1 − alpha is the predictive quantile.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The preset systems 1–3 of both packages' wrappers.</summary>
    public static ReferenceWindowOptions Preset(int system, double alpha = 0.05) => system switch
    {
        1 => new() { B = 0, W = 6, ActY = true, Alpha = alpha },
        2 => new() { B = 1, W = 6, ActY = true, Alpha = alpha },
        3 => new() { B = 2, W = 4, ActY = false, Alpha = alpha },
        _ => throw new ArgumentOutOfRangeException(nameof(system), "Preset systems are 1, 2 and 3."),
    };

    internal int EarliestStart(int frequency) => B == 0 ? W + 1 : (B * frequency) + W + 1;

    internal int Count => (ActY ? W : 0) + (B * ((2 * W) + 1));

    internal void Fill(ReadOnlySpan<double> y, int t, int frequency, Span<double> into)
    {
        var pos = 0;
        if (ActY)
        {
            y.Slice(t - 1 - W, W).CopyTo(into);
            pos = W;
        }

        for (var i = 1; i <= B; i++)
        {
            y.Slice(t - (i * frequency) - W - 1, (2 * W) + 1).CopyTo(into[pos..]);
            pos += (2 * W) + 1;
        }
    }
}

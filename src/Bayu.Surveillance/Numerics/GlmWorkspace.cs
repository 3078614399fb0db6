namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Per-thread scratch rows for IRLS (η, μ where the caller does not keep it, the deviance's y·log y, trend covariate, run starts), grown
/// on demand and reused: a region run makes millions of fits, and fresh arrays for each would
/// keep the garbage collector busy. Nothing in here outlives the fit that filled it.
/// </summary>
internal sealed class GlmWorkspace
{
    [ThreadStatic]
    private static GlmWorkspace? t_current;

    public double[] Eta { get; private set; } = [];

    public double[] Mu { get; private set; } = [];

    public double[] YLogY { get; private set; } = [];

    public double[] Time { get; private set; } = [];

    public int[] Runs { get; private set; } = [];

    /// <summary>This thread's workspace with rows for at least <paramref name="n"/> observations.</summary>
    public static GlmWorkspace For(int n)
    {
        var w = t_current ??= new GlmWorkspace();
        if (w.Eta.Length < n)
        {
            var size = Math.Max(n, 2 * w.Eta.Length);
            w.Eta = new double[size];
            w.Mu = new double[size];
            w.YLogY = new double[size];
            w.Time = new double[size];
            w.Runs = new int[size + 1];
        }

        return w;
    }
}

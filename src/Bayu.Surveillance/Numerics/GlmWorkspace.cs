namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Per-thread scratch rows for IRLS (η, μ where the caller does not keep it, the deviance's y·log y, block starts, constant rows), grown
/// on demand and reused: a region run makes millions of fits, and fresh arrays for each would
/// keep the garbage collector busy. Nothing in here outlives the fit that filled it.
/// </summary>
internal sealed class GlmWorkspace
{
    [ThreadStatic]
    private static GlmWorkspace? t_current;

    public double[] Eta { get; private set; } = [];

    public double[] Mu { get; private set; } = [];

    /// <summary>w·z per row (the weighted working response).</summary>
    public double[] WorkingResponse { get; private set; } = [];

    /// <summary>Intercept plus level effect per row.</summary>
    public double[] Constant { get; private set; } = [];

    public double[] YLogY { get; private set; } = [];

    /// <summary>All ones (prior weights when none are given); never written by a fit.</summary>
    public double[] Ones { get; private set; } = [];

    /// <summary>All zeros (offset, or trend when the design has none); never written by a fit.</summary>
    public double[] Zeros { get; private set; } = [];

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
            w.WorkingResponse = new double[size];
            w.Constant = new double[size];
            w.YLogY = new double[size];
            w.Ones = new double[size];
            Array.Fill(w.Ones, 1.0);
            w.Zeros = new double[size];
            w.Runs = new int[size + 1];
        }

        return w;
    }
}

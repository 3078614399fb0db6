namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Counts with the per-row constants every Poisson IRLS needs: the starting η = log(y + 0.1) and
/// the deviance's y·log y. Computed once per data set and shared by the several fits Farrington
/// makes on it (with and without trend, before and after reweighting).
/// </summary>
internal sealed class PoissonResponse
{
    public PoissonResponse(double[] y)
    {
        Y = y;
        StartEta = GC.AllocateUninitializedArray<double>(y.Length);
        YLogY = GC.AllocateUninitializedArray<double>(y.Length);
        for (var i = 0; i < y.Length; i++)
        {
            StartEta[i] = CountTables.LogPlusTenth(y[i]);
            YLogY[i] = CountTables.YLogY(y[i]);
        }
    }

    public double[] Y { get; }

    public double[] StartEta { get; }

    public double[] YLogY { get; }

    /// <summary>y^(2/3), for Anscombe residuals.</summary>
    public double[] TwoThirds
    {
        get
        {
            if (field is null)
            {
                field = GC.AllocateUninitializedArray<double>(Y.Length);
                for (var i = 0; i < Y.Length; i++)
                {
                    field[i] = CountTables.TwoThirds(Y[i]);
                }
            }

            return field;
        }
    }
}

using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Farrington;

/// <summary>A fitted Farrington baseline model and what the threshold needs from it.</summary>
internal sealed class FarringtonModel
{
    private FarringtonModel(GlmFit glm, double timeCentre, int columns, bool trend, int[] dummyLevels, double phi, double testDispersion)
    {
        Glm = glm;
        TimeCentre = timeCentre;
        Columns = columns;
        Trend = trend;
        DummyLevels = dummyLevels;
        Phi = phi;
        TestDispersion = testDispersion;
    }

    public GlmFit Glm { get; }

    /// <summary>The trend covariate is t − TimeCentre inside the fit (predictions are unaffected).</summary>
    public double TimeCentre { get; }

    public int Columns { get; }

    public bool Trend { get; }

    /// <summary>Levels that have a treatment-contrast column (all present levels but the lowest).</summary>
    public int[] DummyLevels { get; }

    /// <summary>φ = max(1, Pearson dispersion), used in τ.</summary>
    public double Phi { get; }

    /// <summary>Dispersion that R's <c>summary.glm</c> would use for t-tests (and flexible predictions).</summary>
    public double TestDispersion { get; }

    /// <summary>
    /// Fits the quasi-Poisson model as <c>algo.farrington.fitGLM.fast</c> / <c>fitGLM.flexible</c>:
    /// drop the trend if IRLS does not converge, floor φ at 1, reweight once with Anscombe residuals.
    /// Returns null when even the model without trend does not converge.
    /// </summary>
    /// <param name="flexibleWeightsQuirk">
    /// farringtonFlexible overwrites the model's working weights with the Anscombe weights ω, so its
    /// t-test and se(η0) use Σω((y−μ)/μ)²/df instead of the Pearson statistic (package quirk, kept).
    /// </param>
    public static FarringtonModel? Fit(ReferenceData data, bool trend, bool reweight, double weightsThreshold, bool flexibleWeightsQuirk)
    {
        try
        {
            return FitModel(data, trend, reweight, weightsThreshold, flexibleWeightsQuirk);
        }
        catch (RankDeficientException)
        {
            // R fits such a model with NA coefficients and answers NA; Bayu says why instead.
            throw new DetectionInputException(
                $"{data.Counts.Length} reference value(s) cannot fit the Farrington model; widen the baseline (b years, w periods either side).");
        }
    }

    private static FarringtonModel? FitModel(ReferenceData data, bool trend, bool reweight, double weightsThreshold, bool flexibleWeightsQuirk)
    {
        var design = Design.Build(data, trend);
        var glm = design.Fit(data, null, reweight);
        if (!glm.Converged && trend)
        {
            trend = false;
            design = Design.Build(data, trend);
            glm = design.Fit(data, null, reweight);
        }

        if (!glm.Converged)
        {
            return null;
        }

        var phi = Math.Max(glm.Dispersion(data.Counts, glm.WorkingWeights), 1);
        if (!reweight)
        {
            return new FarringtonModel(glm, design.TimeCentre, design.Columns, trend, design.DummyLevels, phi, glm.Dispersion(data.Counts, glm.WorkingWeights));
        }

        var omega = AnscombeWeights.Compute(glm, data.Response, phi, weightsThreshold);
        var refit = design.Fit(data, omega, false);
        var pearson = refit.Dispersion(data.Counts, refit.WorkingWeights);
        var testDispersion = flexibleWeightsQuirk ? refit.Dispersion(data.Counts, omega) : pearson;
        return new FarringtonModel(refit, design.TimeCentre, design.Columns, trend, design.DummyLevels, Math.Max(pearson, 1), testDispersion);
    }

    /// <summary>Two-sided t-test p-value of the trend coefficient, as <c>summary.glm</c>.</summary>
    public double TrendPValue()
    {
        var se = Math.Sqrt(Glm.CovUnscaled[Columns + 1] * TestDispersion);
        var tValue = Glm.Coefficients[1] / se;
        return 2 * RDistributions.PT(-Math.Abs(tValue), Glm.ResidualDf);
    }

    /// <summary>Prediction row for trend covariate <paramref name="time"/> at season level <paramref name="level"/>.</summary>
    public double[] PredictionRow(double time, int level)
    {
        var x0 = new double[Columns];
        x0[0] = 1;
        var c = 1;
        if (Trend)
        {
            x0[c++] = time - TimeCentre;
        }

        foreach (var l in DummyLevels)
        {
            x0[c++] = l == level ? 1 : 0;
        }

        return x0;
    }

    // Intercept, optional centred trend, treatment contrasts against the lowest present level.
    private sealed record Design(double[]? Time, int[] LevelIndex, int[] DummyLevels, double TimeCentre)
    {
        public int Columns => 1 + (Time is null ? 0 : 1) + DummyLevels.Length;

        public static Design Build(ReferenceData data, bool trend)
        {
            // Levels are small positive integers (season blocks): map each present level to its
            // rank, the baseline (rank 0) being the lowest present one.
            var levels = data.Levels;
            var maxLevel = 0;
            foreach (var l in levels)
            {
                maxLevel = Math.Max(maxLevel, l);
            }

            Span<int> rank = stackalloc int[maxLevel + 1];
            rank.Fill(-1);
            foreach (var l in levels)
            {
                rank[l] = 0;
            }

            var presentCount = 0;
            for (var l = 0; l <= maxLevel; l++)
            {
                if (rank[l] == 0)
                {
                    rank[l] = presentCount++;
                }
            }

            var dummyLevels = new int[Math.Max(0, presentCount - 1)];
            for (var l = 0; l <= maxLevel; l++)
            {
                if (rank[l] > 0)
                {
                    dummyLevels[rank[l] - 1] = l;
                }
            }

            var index = new int[levels.Length];
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = rank[levels[i]];
            }

            double[]? time = null;
            var centre = 0.0;
            if (trend)
            {
                var sum = 0.0;
                foreach (var t in data.Time)
                {
                    sum += t;
                }

                centre = sum / data.Time.Length;
                time = new double[data.Time.Length];
                for (var i = 0; i < time.Length; i++)
                {
                    time[i] = data.Time[i] - centre;
                }
            }

            return new Design(time, index, dummyLevels, centre);
        }

        public GlmFit Fit(ReferenceData data, double[]? priorWeights, bool leverage) =>
            FactorPoissonGlm.Fit(Time, LevelIndex, DummyLevels.Length, data.Response, priorWeights, data.Offset, leverage);
    }
}

using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Farrington;

/// <summary>The GLM data for one time point: trend covariate, counts, season level, offset.</summary>
internal sealed class ReferenceData(double[] time, double[] counts, int[] levels, double[]? offset, double predictionTime)
{
    /// <summary>The trend covariate R puts in <c>wtime</c> for each row.</summary>
    public double[] Time { get; } = time;

    public double[] Counts { get; } = counts;

    /// <summary>The counts with their IRLS constants, shared by every fit on this data set.</summary>
    public PoissonResponse Response => field ??= new PoissonResponse(Counts);

    /// <summary>Season level 1..p; level p is the reference windows.</summary>
    public int[] Levels { get; } = levels;

    public double[]? Offset { get; } = offset;

    /// <summary>The trend covariate of the evaluated time point.</summary>
    public double PredictionTime { get; } = predictionTime;

    public int Length => Counts.Length;

    public double MaxCount()
    {
        var max = double.NegativeInfinity;
        foreach (var c in Counts)
        {
            max = Math.Max(max, c);
        }

        return max;
    }

    /// <summary>
    /// <c>algo.farrington</c>'s data: the given reference periods, one level, the time index as trend
    /// covariate (for Date epochs too) and k as the prediction time.
    /// </summary>
    public static ReferenceData Farrington(ReadOnlySpan<double> y, int[] periods, int k)
    {
        var time = new double[periods.Length];
        var counts = new double[periods.Length];
        for (var i = 0; i < periods.Length; i++)
        {
            time[i] = periods[i];
            counts[i] = y[periods[i] - 1];
        }

        return new ReferenceData(time, counts, new int[periods.Length], null, k);
    }

    /// <summary>Index-based windows k − i·freq ± w for i = b..1, oldest first.</summary>
    public static int[] IndexWindows(int k, int frequency, int b, int w)
    {
        var periods = new int[b * ((2 * w) + 1)];
        var row = 0;
        for (var i = b; i >= 1; i--)
        {
            for (var j = -w; j <= w; j++)
            {
                periods[row++] = k - (i * frequency) + j;
            }
        }

        return periods;
    }

    /// <summary>Index-based reference points k, k − freq, …, k − b·freq (R's <c>seq(k, by = -freq)</c>).</summary>
    public static int[] IndexReferencePoints(int k, int frequency, int b)
    {
        var points = new int[b + 1];
        for (var i = 0; i <= b; i++)
        {
            points[i] = k - (i * frequency);
        }

        return points;
    }

    /// <summary>
    /// farringtonFlexible's data, as R's <c>blocks</c> and <c>algo.farrington.data.glm</c> build it
    /// from the reference points r0 = k &gt; r1 &gt; … &gt; rb (index- or date-based alike):
    /// <list type="bullet">
    /// <item>k − w..k and each window r_i − w..r_i + w (in periods) are level p;</item>
    /// <item>with p &gt; 1, the gap r_i + w + 1..r_(i−1) − w − 1 is split into p − 1 consecutive blocks,
    /// levels 1..p−1, the first (gap mod (p−1)) one period longer (gaps differ for Date epochs:
    /// 52 or 53 weeks, 365 or 366 days);</item>
    /// <item>then k − pastExcluded..k are left out (so with pastExcluded &lt; w the most recent
    /// periods before them stay in the fit, as in R).</item>
    /// </list>
    /// </summary>
    /// <param name="timeOf">R's <c>wtime</c> of period t given the first fitted period; null for t itself.</param>
    /// <exception cref="DetectionInputException">A gap too short for p − 1 non-empty blocks.</exception>
    public static ReferenceData Flexible(
        ReadOnlySpan<double> y,
        IReadOnlyList<double>? population,
        ReadOnlySpan<int> referencePoints,
        int w,
        int periods,
        int pastExcluded,
        Func<int, int, double>? timeOf)
    {
        var k = referencePoints[0];
        var origin = referencePoints[^1] - w;
        var level = new int[k - origin + 1];
        Mark(k - w, k, periods);
        for (var i = 1; i < referencePoints.Length; i++)
        {
            var reference = referencePoints[i];
            Mark(reference - w, reference + w, periods);
            if (periods == 1)
            {
                continue;
            }

            var gap = referencePoints[i - 1] - (2 * w) - 1 - reference;
            if (gap < periods - 1)
            {
                // R stops only below p − 2w − 1 and otherwise assigns empty blocks with a reversed
                // a:(a−1) sequence; Bayu refuses instead of copying that.
                throw new DetectionInputException(
                    $"farringtonFlexible: {gap} periods between reference windows cannot hold noPeriods − 1 = {periods - 1} blocks.");
            }

            var length = gap / (periods - 1);
            var longer = gap % (periods - 1);
            var start = reference + w + 1;
            for (var j = 1; j < periods; j++)
            {
                var blockLength = length + (j <= longer ? 1 : 0);
                Mark(start, start + blockLength - 1, j);
                start += blockLength;
            }
        }

        Mark(k - pastExcluded, k, 0);

        var n = 0;
        foreach (var l in level)
        {
            n += l > 0 ? 1 : 0;
        }

        var time = GC.AllocateUninitializedArray<double>(n);
        var counts = GC.AllocateUninitializedArray<double>(n);
        var levels = GC.AllocateUninitializedArray<int>(n);
        var offset = population is null ? null : GC.AllocateUninitializedArray<double>(n);
        var row = 0;
        var first = 0;
        for (var t = origin; t <= k; t++)
        {
            if (level[t - origin] == 0)
            {
                continue;
            }

            first = row == 0 ? t : first;
            time[row] = timeOf is null ? t : timeOf(t, first);
            counts[row] = y[t - 1];
            levels[row] = level[t - origin];
            if (offset is not null)
            {
                offset[row] = Math.Log(population![t - 1]);
            }

            row++;
        }

        return new ReferenceData(time, counts, levels, offset, timeOf is null || row == 0 ? k : timeOf(k, first));

        void Mark(int from, int to, int value)
        {
            for (var t = Math.Max(from, origin); t <= Math.Min(to, k); t++)
            {
                level[t - origin] = value;
            }
        }
    }
}

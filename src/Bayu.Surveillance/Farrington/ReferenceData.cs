using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Farrington;

/// <summary>The GLM data for one time point: time index, counts, season level, offset.</summary>
internal sealed class ReferenceData(double[] time, double[] counts, int[] levels, double[]? offset)
{
    public double[] Time { get; } = time;

    public double[] Counts { get; } = counts;

    /// <summary>The counts with their IRLS constants, shared by every fit on this data set.</summary>
    public PoissonResponse Response => field ??= new PoissonResponse(Counts);

    /// <summary>Season level 1..p; level p is the reference windows.</summary>
    public int[] Levels { get; } = levels;

    public double[]? Offset { get; } = offset;

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
    /// Index-based reference data (R's <c>referenceWeeks = "index-based"</c>). With one period,
    /// only the windows k − i·freq ± w (i = 1..b) are used. With p &gt; 1 periods, every time
    /// point from the oldest window to k − pastExcluded − 1 is used: windows at level p, and each
    /// gap of freq − 2w − 1 points after a window split into p − 1 consecutive blocks (levels 1..p−1,
    /// the first gap mod (p−1) blocks one longer).
    /// </summary>
    public static ReferenceData Build(ReadOnlySpan<double> y, IReadOnlyList<double>? population, int k, int frequency, int b, int w, int periods, int pastExcluded)
    {
        // Row count first, so the columns are filled in place (this runs once per evaluated day).
        var first = k - (b * frequency) - w;
        var last = k - pastExcluded - 1;
        var n = 0;
        if (periods == 1)
        {
            for (var i = b; i >= 1; i--)
            {
                var centre = k - (i * frequency);
                n += Math.Max(0, (centre + w) - Math.Max(1, centre - w) + 1);
            }
        }
        else
        {
            n = Math.Max(0, last - Math.Max(1, first) + 1);
        }

        var time = GC.AllocateUninitializedArray<double>(n);
        var counts = GC.AllocateUninitializedArray<double>(n);
        var levels = new int[n];
        var offset = population is null ? null : new double[n];
        var row = 0;
        if (periods == 1)
        {
            for (var i = b; i >= 1; i--)
            {
                for (var j = -w; j <= w; j++)
                {
                    Add(k - (i * frequency) + j, 1, y);
                }
            }
        }
        else
        {
            var gap = frequency - (2 * w) - 1;
            var blockLength = gap / (periods - 1);
            var longer = gap % (periods - 1);
            var boundary = longer * (blockLength + 1);
            for (var t = Math.Max(1, first); t <= last; t++)
            {
                // Position relative to the start of the window that precedes (or contains) t.
                var offsetInCycle = (((t - (k - w)) % frequency) + frequency) % frequency;
                int level;
                if (offsetInCycle < (2 * w) + 1)
                {
                    level = periods;
                }
                else
                {
                    var j = offsetInCycle - ((2 * w) + 1);
                    level = j < boundary ? (j / (blockLength + 1)) + 1 : longer + ((j - boundary) / blockLength) + 1;
                }

                Add(t, level, y);
            }
        }

        return new ReferenceData(time, counts, levels, offset);

        void Add(int t, int level, ReadOnlySpan<double> source)
        {
            if (t < 1)
            {
                return;
            }

            time[row] = t;
            counts[row] = source[t - 1];
            levels[row] = level;
            if (offset is not null)
            {
                offset[row] = Math.Log(population![t - 1]);
            }

            row++;
        }
    }
}

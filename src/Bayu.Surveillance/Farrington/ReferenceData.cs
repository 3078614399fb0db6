namespace Bayu.Surveillance.Farrington;

/// <summary>The GLM data for one time point: time index, counts, season level, offset.</summary>
internal sealed class ReferenceData(double[] time, double[] counts, int[] levels, double[]? offset)
{
    public double[] Time { get; } = time;

    public double[] Counts { get; } = counts;

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
        var time = new List<double>();
        var counts = new List<double>();
        var levels = new List<int>();
        var offset = population is null ? null : new List<double>();
        var values = y;

        if (periods == 1)
        {
            for (var i = b; i >= 1; i--)
            {
                for (var j = -w; j <= w; j++)
                {
                    Add(k - (i * frequency) + j, 1, values);
                }
            }
        }
        else
        {
            var gap = frequency - (2 * w) - 1;
            var blockLength = gap / (periods - 1);
            var longer = gap % (periods - 1);
            var last = k - pastExcluded - 1;
            for (var t = k - (b * frequency) - w; t <= last; t++)
            {
                // Position relative to the start of the window that precedes (or contains) t.
                var offsetInCycle = ((t - (k - w)) % frequency + frequency) % frequency;
                int level;
                if (offsetInCycle < (2 * w) + 1)
                {
                    level = periods;
                }
                else
                {
                    var j = offsetInCycle - ((2 * w) + 1);
                    var boundary = longer * (blockLength + 1);
                    level = j < boundary ? (j / (blockLength + 1)) + 1 : longer + ((j - boundary) / blockLength) + 1;
                }

                Add(t, level, values);
            }
        }

        void Add(int t, int level, ReadOnlySpan<double> source)
        {
            if (t < 1)
            {
                return;
            }

            time.Add(t);
            counts.Add(source[t - 1]);
            levels.Add(level);
            offset?.Add(Math.Log(population![t - 1]));
        }

        return new ReferenceData([.. time], [.. counts], [.. levels], offset is null ? null : [.. offset]);
    }
}

namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Logs and powers of small whole counts, computed once with the same expressions the fits would
/// evaluate per row (so results are bit-identical): every IRLS start needs log(y + 0.1) and y·log y,
/// and every Farrington reweighting y^(2/3), for a thousand rows or more per fit.
/// </summary>
internal static class CountTables
{
    private const int Size = 2048;
    private static readonly double[] s_logPlusTenth = Build(k => Math.Log(k + 0.1));
    private static readonly double[] s_yLogY = Build(k => k > 0 ? k * Math.Log(k) : 0);
    private static readonly double[] s_twoThirds = Build(k => Math.Pow(k, 2.0 / 3));

    /// <summary>log(y + 0.1), the IRLS starting η.</summary>
    public static double LogPlusTenth(double y) => IsSmallWhole(y) ? s_logPlusTenth[(int)y] : Math.Log(y + 0.1);

    /// <summary>y·log y (0 for y = 0), the saturated term of the Poisson deviance.</summary>
    public static double YLogY(double y) => IsSmallWhole(y) ? s_yLogY[(int)y] : y > 0 ? y * Math.Log(y) : 0;

    /// <summary>y^(2/3), the Anscombe transform of a count.</summary>
    public static double TwoThirds(double y) => IsSmallWhole(y) ? s_twoThirds[(int)y] : Math.Pow(y, 2.0 / 3);

    private static bool IsSmallWhole(double y) => y is >= 0 and < Size && y == Math.Floor(y);

    private static double[] Build(Func<int, double> f)
    {
        var table = new double[Size];
        for (var k = 0; k < Size; k++)
        {
            table[k] = f(k);
        }

        return table;
    }
}

namespace Bayu.Surveillance.Numerics;

/// <summary>Small dense symmetric positive-definite solves (p ≤ a dozen), without allocating.</summary>
internal static class Cholesky
{
    /// <summary>Solves a·x = b; <paramref name="l"/> is p×p scratch for the factor.</summary>
    public static void Solve(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int p, Span<double> x, Span<double> l)
    {
        Factor(a, p, l);
        SolveFactored(l, b, p, x);
    }

    /// <summary>a⁻¹, row-major p×p.</summary>
    public static double[] Inverse(ReadOnlySpan<double> a, int p)
    {
        Span<double> l = stackalloc double[p * p];
        Span<double> e = stackalloc double[p];
        Span<double> col = stackalloc double[p];
        Factor(a, p, l);
        var inv = new double[p * p];
        for (var j = 0; j < p; j++)
        {
            e.Clear();
            e[j] = 1;
            SolveFactored(l, e, p, col);
            for (var i = 0; i < p; i++)
            {
                inv[(i * p) + j] = col[i];
            }
        }

        return inv;
    }

    private static void SolveFactored(ReadOnlySpan<double> l, ReadOnlySpan<double> b, int p, Span<double> x)
    {
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[(i * p) + k] * x[k];
            }

            x[i] = s / l[(i * p) + i];
        }

        for (var i = p - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var k = i + 1; k < p; k++)
            {
                s -= l[(k * p) + i] * x[k];
            }

            x[i] = s / l[(i * p) + i];
        }
    }

    private static void Factor(ReadOnlySpan<double> a, int p, Span<double> l)
    {
        l[..(p * p)].Clear();
        for (var j = 0; j < p; j++)
        {
            var s = a[(j * p) + j];
            for (var k = 0; k < j; k++)
            {
                s -= l[(j * p) + k] * l[(j * p) + k];
            }

            if (s <= 0)
            {
                throw new RankDeficientException();
            }

            var d = Math.Sqrt(s);
            l[(j * p) + j] = d;
            for (var i = j + 1; i < p; i++)
            {
                var t = a[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    t -= l[(i * p) + k] * l[(j * p) + k];
                }

                l[(i * p) + j] = t / d;
            }
        }
    }
}

/// <summary>The normal equations are singular: the design has fewer independent rows than parameters.</summary>
public sealed class RankDeficientException() : InvalidOperationException("Design matrix is rank deficient.");

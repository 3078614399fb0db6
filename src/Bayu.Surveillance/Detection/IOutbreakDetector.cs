using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Detection;

/// <summary>An aberration-detection algorithm with fixed parameters.</summary>
public interface IOutbreakDetector
{
    /// <summary>Algorithm name as used on the command line.</summary>
    string Name { get; }

    /// <summary>First time point (1-based) with enough history for the configured baseline.</summary>
    int EarliestStart(CountSeries series);

    /// <summary>Evaluates time points <paramref name="from"/>..<paramref name="to"/> (1-based, inclusive).</summary>
    /// <exception cref="DetectionInputException">The range is outside the series or lacks history.</exception>
    IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to);
}

/// <summary>Input that an algorithm cannot work with (range, history, parameters).</summary>
public sealed class DetectionInputException(string message) : Exception(message);

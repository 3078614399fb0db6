namespace Bayu.Surveillance.Farrington;

/// <summary>How the reference periods "one year back" are found (R's <c>epochAsDate</c>).</summary>
public enum ReferenceWeeks
{
    /// <summary>k − i·freq: the package's behaviour for series without Date epochs.</summary>
    IndexBased,

    /// <summary>
    /// The same calendar date i years back (R's <c>seq.Date</c> rule, 29 Feb → 1 Mar), moved to the
    /// nearest day with t0's weekday for weekly data: the package's behaviour for Date epochs.
    /// </summary>
    DateBased,
}

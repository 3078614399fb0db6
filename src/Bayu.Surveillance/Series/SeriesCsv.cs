using System.Globalization;
using Sylvan.Data.Csv;

namespace Bayu.Surveillance.Series;

/// <summary>
/// Reads a count series from CSV text with the columns <c>t, date, year, epoch_in_year, count</c>
/// (optionally <c>population</c>; other columns such as <c>state</c> are ignored). An empty count
/// marks a missing period.
/// </summary>
public static class SeriesCsv
{
    /// <exception cref="FormatException">Malformed rows, unsorted or non-contiguous t, negative counts.</exception>
    public static CountSeries Read(TextReader reader, int? frequency = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true });
        var header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        foreach (var column in new[] { "t", "date", "year", "epoch_in_year", "count" })
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw new FormatException($"Missing column '{column}'; expected t,date,year,epoch_in_year,count.");
            }
        }

        string Field(string name) => csv.GetString(csv.GetOrdinal(name)).Trim();
        var hasPopulation = header.Contains("population", StringComparer.Ordinal);
        var line = 1;
        var counts = new List<double>();
        var missing = new List<bool>();
        var dates = new List<DateOnly>();
        var population = new List<double>();
        var anyDate = false;
        var startEpoch = 1;
        while (csv.Read())
        {
            line++;
            var t = ParseInt(Field("t"), "t", line);
            if (t != counts.Count + 1)
            {
                throw new FormatException($"Line {line}: t={t} but expected t={counts.Count + 1}; rows must be sorted with no gaps (mark missing periods with an empty count).");
            }

            if (counts.Count == 0)
            {
                startEpoch = ParseInt(Field("epoch_in_year"), "epoch_in_year", line);
            }

            var countText = Field("count");
            if (string.IsNullOrEmpty(countText) || countText == "NA")
            {
                counts.Add(0);
                missing.Add(true);
            }
            else
            {
                if (!double.TryParse(countText, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || count < 0 || count != Math.Floor(count))
                {
                    throw new FormatException($"Line {line}: count '{countText}' is not a non-negative whole number.");
                }

                counts.Add(count);
                missing.Add(false);
            }

            var dateText = Field("date");
            if (!string.IsNullOrEmpty(dateText))
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new FormatException($"Line {line}: date '{dateText}' is not yyyy-MM-dd.");
                }

                anyDate = true;
                dates.Add(date);
            }
            else if (anyDate)
            {
                throw new FormatException($"Line {line}: date is missing while earlier rows have dates.");
            }

            if (hasPopulation)
            {
                var text = Field("population");
                population.Add(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new FormatException($"Line {line}: population '{text}' is not a positive number."));
            }
        }

        if (counts.Count == 0)
        {
            throw new FormatException("The input has no data rows.");
        }

        if (anyDate && dates.Count != counts.Count)
        {
            throw new FormatException("Either every row or no row must have a date.");
        }

        var daily = anyDate && dates.Count > 1 && dates[1].DayNumber - dates[0].DayNumber == 1;
        var freq = frequency ?? (daily ? 365 : 52);
        try
        {
            return new CountSeries(counts, freq == 365 ? TimeUnit.Day : TimeUnit.IsoWeek, freq, startEpoch,
                anyDate ? dates : null, missing, hasPopulation ? population : null);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static int ParseInt(string? text, string column, int line) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Line {line}: {column} '{text}' is not an integer.");
}

using Bayu.Fhir.Units;

namespace Bayu.Fhir.Tests.Units;

public class UcumCanonicalTests
{
    [Theory]
    [InlineData("5", "mg", "0.005", "g")]
    [InlineData("120", "mm[Hg]", "15998640", "g.m-1.s-2")]
    [InlineData("2.5", "kg", "2500", "g")]
    [InlineData("1", "mL", "0.000001", "m3")]
    public void GivenALinearUnit_WhenCanonicalisedTwice_ThenTheCachedFactorGivesTheLibrarysAnswer(string value, string unit, string expected, string expectedCode)
    {
        var v = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(UcumCanonical.TryCanonicalize(v, UcumCanonical.UcumSystem, unit, out var first, out var code));
        Assert.True(UcumCanonical.TryCanonicalize(v, null, unit, out var second, out _));

        Assert.Equal(expectedCode, code);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), first, 9);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("mg")]
    [InlineData("10*3/uL")]
    [InlineData("10*9/L")]
    [InlineData("mmol/mol")]
    [InlineData("kg/m2")]
    [InlineData("/min")]
    [InlineData("Cel")]
    [InlineData("[degF]")]
    public void GivenAnyUnit_WhenCanonicalisedThroughTheCache_ThenTheResultIsTheLibrarysOwn(string unit)
    {
        foreach (var value in new[] { 0m, 1m, 37.5m, 1000m, 0.0042m })
        {
            var direct = global::Fhir.Metrics.FhirMetricService.Instance.Value.TryCanonicalize((value.ToString(System.Globalization.CultureInfo.InvariantCulture), unit, UcumCanonical.UcumSystem), out var expected);

            var cached = UcumCanonical.TryCanonicalize(value, UcumCanonical.UcumSystem, unit, out var actual, out var code);

            Assert.Equal(direct && expected is not null, cached);
            if (cached)
            {
                Assert.Equal(expected!.Value.Item2, code);
                Assert.Equal(decimal.Parse(expected.Value.Item1, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), actual, 12);
            }
        }
    }

    [Theory]
    [InlineData(UcumCanonical.UcumSystem, "not-a-unit")]
    [InlineData("http://example.org/units", "mg")]
    [InlineData(UcumCanonical.UcumSystem, "")]
    public void GivenAnUnknownUnitOrSystem_WhenCanonicalised_ThenThereIsNoCanonicalForm(string system, string unit)
    {
        Assert.False(UcumCanonical.TryCanonicalize(1m, system, unit, out _, out _));
        Assert.False(UcumCanonical.TryCanonicalize(2m, system, unit, out _, out _));
    }

    // UCUM defines mol as the number 6.0221367 × 10^23, so a literal canonical form makes
    // 1 mmol/L and 602213670000 10*9/L the same m-3. The mole keeps a dimension of its own.
    [Theory]
    [InlineData("1", "mmol/L", "1", "mol.m-3")]
    [InlineData("1000", "umol/L", "1", "mol.m-3")]
    [InlineData("1", "meq/L", "1", "mol.m-3")]
    [InlineData("5", "mol", "5", "mol")]
    [InlineData("2", "mmol/kg", "0.000002", "mol.g-1")]
    [InlineData("1", "L/mol", "0.001", "mol-1.m3")]
    [InlineData("60000000", "U", "1", "mol.s-1")]
    [InlineData("1", "kat", "1", "mol.s-1")]
    public void GivenAnAmountOfSubstance_WhenCanonicalised_ThenTheMoleIsADimensionOfItsOwn(string value, string unit, string expected, string expectedCode)
    {
        Assert.True(UcumCanonical.TryCanonicalize(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), UcumCanonical.UcumSystem, unit, out var canonical, out var code));

        Assert.Equal(expectedCode, code);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), canonical, 12);
    }

    [Theory]
    [InlineData("mmol/L")]
    [InlineData("umol/L")]
    [InlineData("meq/L")]
    public void GivenASubstanceConcentrationAndACellCount_WhenCanonicalised_ThenTheyNeverShareACanonicalUnit(string substance)
    {
        Assert.True(UcumCanonical.TryCanonicalize(1m, UcumCanonical.UcumSystem, substance, out _, out var substanceCode));
        foreach (var count in new[] { "10*9/L", "10*6/mL", "10*3/uL", "/L", "{cells}/uL" })
        {
            Assert.True(UcumCanonical.TryCanonicalize(1m, UcumCanonical.UcumSystem, count, out _, out var countCode));
            Assert.NotEqual(substanceCode, countCode);
        }
    }

    [Fact]
    public void GivenTheLibrarysMole_WhenCompared_ThenOurAvogadroNumberIsTheOneItUses()
    {
        // The mole is taken out by dividing by this number: it must be exactly the library's, or 1 mmol/L would not be 1.
        Assert.True(global::Fhir.Metrics.FhirMetricService.Instance.Value.TryCanonicalize(("1", "mol", UcumCanonical.UcumSystem), out var result));
        Assert.Equal(602_213_670_000_000_000_000_000m, decimal.Parse(result!.Value.Item1, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", result.Value.Item2);
    }

    [Fact]
    public void GivenAValueBeyondTheDecimalRangeInCanonicalUnits_WhenCanonicalised_ThenThereIsNoCanonicalFormRatherThanAnException()
    {
        Assert.True(UcumCanonical.TryCanonicalize(1m, UcumCanonical.UcumSystem, "km3", out _, out _));
        Assert.False(UcumCanonical.TryCanonicalize(1e25m, UcumCanonical.UcumSystem, "km3", out _, out _));
    }
}

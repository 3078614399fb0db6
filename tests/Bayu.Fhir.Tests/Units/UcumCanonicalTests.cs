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
    [InlineData("mmol/L")]
    [InlineData("10*3/uL")]
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
}

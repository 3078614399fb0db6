using Bayu.Fhir.Definitions;
using Bayu.Storage.Search;
using Bayu.Storage.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// <see cref="SearchParser"/> on its own: what each parameter type, modifier and prefix parses to,
/// what strict handling refuses and with which message, what lenient handling skips and reports,
/// and the limits it enforces before anything else (never skipped, whatever the handling).
/// </summary>
public sealed class SearchParserTests
{
    private static SearchQuery Parse(string type, string query, bool lenient = false) => Queries.Parse(type, query, lenient);

    private static SearchParameterException Refused(string type, string query, bool lenient = false) =>
        Assert.Throws<SearchParameterException>(() => Parse(type, query, lenient));

    private static T Single<T>(SearchQuery query) where T : SearchValue => Assert.IsType<T>(Assert.Single(Assert.Single(query.Criteria).Values));

    [Fact]
    public void GivenCommasAndRepeats_WhenParsed_ThenValuesOfOneParameterAreOredAndRepeatsAnded()
    {
        var query = Parse("Patient", "gender=male,female&name=li&name=wang");

        Assert.Equal(["gender", "name", "name"], query.Criteria.Select(c => c.Param));
        Assert.Equal([new TokenValue(null, "male", false), new TokenValue(null, "female", false)], query.Criteria[0].Values);
        Assert.Equal([new StringValue("li")], query.Criteria[1].Values);
        Assert.Equal([new StringValue("wang")], query.Criteria[2].Values);
        Assert.Equal("Patient", query.ResourceType);
        Assert.Equal((SearchQuery.DefaultCount, 0, false), (query.Count, query.Offset, query.IncludeTotal));
    }

    [Theory]
    [InlineData("code", null, "code", false)]
    [InlineData("urn:s|code", "urn:s", "code", true)]
    [InlineData("|code", null, "code", true)] // no system
    [InlineData("urn:s|", "urn:s", null, true)] // any code of the system
    [InlineData("|", null, null, true)]
    [InlineData(@"a\|b", null, "a|b", false)] // an escaped bar is part of the code
    [InlineData(@"urn:s|a\,b", "urn:s", "a,b", true)] // an escaped comma does not split
    [InlineData(@"back\\slash", null, @"back\slash", false)]
    public void GivenATokenValue_WhenParsed_ThenSystemAndCodeAreSplitOnTheFirstUnescapedBar(string raw, string? system, string? code, bool systemGiven) =>
        Assert.Equal(new TokenValue(system, code, systemGiven), Single<TokenValue>(Parse("Patient", "identifier=" + Uri.EscapeDataString(raw))));

    [Theory]
    [InlineData("Patient/123", "Patient", "123", null)]
    [InlineData("123", null, "123", null)]
    [InlineData("http://example.org/fhir/Patient/123", "Patient", "123", "http://example.org/fhir/Patient/123")]
    public void GivenAReferenceValue_WhenParsed_ThenLocalReferencesAreTypeAndIdAndAbsoluteOnesKeepTheirUrl(string raw, string? type, string? id, string? url) =>
        Assert.Equal(new ReferenceValue(type, id, url), Single<ReferenceValue>(Parse("Observation", "subject=" + Uri.EscapeDataString(raw))));

    [Theory]
    [InlineData("eq", SearchPrefix.Eq)]
    [InlineData("ne", SearchPrefix.Ne)]
    [InlineData("gt", SearchPrefix.Gt)]
    [InlineData("lt", SearchPrefix.Lt)]
    [InlineData("ge", SearchPrefix.Ge)]
    [InlineData("le", SearchPrefix.Le)]
    [InlineData("sa", SearchPrefix.Sa)]
    [InlineData("eb", SearchPrefix.Eb)]
    [InlineData("ap", SearchPrefix.Ap)]
    [InlineData("", SearchPrefix.Eq)]
    public void GivenAPrefix_WhenParsedOnADateANumberAndAQuantity_ThenEachCarriesIt(string prefix, SearchPrefix expected)
    {
        Assert.Equal(expected, Single<DateValue>(Parse("Patient", $"birthdate={prefix}1985")).Prefix);
        Assert.Equal(expected, Single<NumberValue>(Parse("RiskAssessment", $"probability={prefix}0.5")).Prefix);
        Assert.Equal(expected, Single<QuantityValue>(Parse("Observation", $"value-quantity={prefix}5")).Prefix);
    }

    [Fact]
    public void GivenAPrefixLikeStartOnAStringOrToken_WhenParsed_ThenItIsPartOfTheValue()
    {
        Assert.Equal(new StringValue("gevalt"), Single<StringValue>(Parse("Patient", "name=gevalt")));
        Assert.Equal(new TokenValue(null, "ltd", false), Single<TokenValue>(Parse("Patient", "identifier=ltd")));
    }

    [Fact]
    public void GivenADateOfAnyPrecision_WhenParsed_ThenItIsTheInclusiveRangeItCoversReadInChinaStandardTime()
    {
        var cst = TimeSpan.FromHours(8);
        var year = Single<DateValue>(Parse("Patient", "birthdate=1985"));
        Assert.Equal(new DateTimeOffset(1985, 1, 1, 0, 0, 0, cst).UtcTicks, year.Low);
        Assert.Equal(new DateTimeOffset(1986, 1, 1, 0, 0, 0, cst).UtcTicks - 1, year.High);

        var instant = Single<DateValue>(Parse("Observation", "date=" + Uri.EscapeDataString("ge2024-03-02T10:00:00+08:00")));
        Assert.Equal(SearchPrefix.Ge, instant.Prefix);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 2, 0, 0, TimeSpan.Zero).UtcTicks, instant.Low);
    }

    [Theory]
    [InlineData("100", 99.5, 100.5)]
    [InlineData("100.00", 99.995, 100.005)]
    [InlineData("1e2", 99.5, 100.5)] // exponent: precision of the integer
    public void GivenANumber_WhenParsed_ThenItsImplicitPrecisionIsTheRange(string raw, double low, double high)
    {
        var number = Single<NumberValue>(Parse("RiskAssessment", "probability=" + raw));
        Assert.Equal(100, number.Value, 9);
        Assert.Equal(low, number.Low, 9);
        Assert.Equal(high, number.High, 9);
    }

    [Fact]
    public void GivenAQuantityInAUcumUnit_WhenParsed_ThenItAlsoCarriesTheCanonicalValueAndUnit()
    {
        var milligrams = Single<QuantityValue>(Parse("Observation", "value-quantity=5|http://unitsofmeasure.org|mg"));
        Assert.Equal(("http://unitsofmeasure.org", "mg", 5.0), (milligrams.System, milligrams.Code, milligrams.Number.Value));
        Assert.Equal("g", milligrams.CanonicalCode);
        Assert.Equal(0.005, milligrams.Canonical!.Value, 9);

        var plain = Single<QuantityValue>(Parse("Observation", "value-quantity=gt5"));
        Assert.Equal((SearchPrefix.Gt, null, null, null), (plain.Prefix, plain.System, plain.Code, plain.CanonicalCode));
        Assert.Null(Single<QuantityValue>(Parse("Observation", "value-quantity=5||mg")).System);
    }

    [Theory]
    [InlineData("Patient", "name:exact=Li", SearchModifier.Exact, null)]
    [InlineData("Patient", "name:contains=i", SearchModifier.Contains, null)]
    [InlineData("ValueSet", "url:contains=fhir", SearchModifier.Contains, null)]
    [InlineData("Patient", "gender:not=male", SearchModifier.Not, null)]
    [InlineData("Observation", "code:text=blood", SearchModifier.Text, null)]
    [InlineData("Observation", "subject:identifier=urn:s|1", SearchModifier.Identifier, null)]
    [InlineData("ValueSet", "url:above=http://a/b", SearchModifier.Above, null)]
    [InlineData("ValueSet", "url:below=http://a", SearchModifier.Below, null)]
    [InlineData("Observation", "subject:Patient=1", SearchModifier.None, "Patient")]
    [InlineData("Patient", "birthdate:missing=true", SearchModifier.Missing, null)]
    public void GivenAModifierItsTypeSupports_WhenParsed_ThenTheCriterionCarriesIt(string type, string query, SearchModifier modifier, string? targetType)
    {
        var criterion = Assert.Single(Parse(type, query).Criteria);
        Assert.Equal((modifier, targetType), (criterion.Modifier, criterion.TargetType));
    }

    [Fact]
    public void GivenTheIdentifierModifierOrMissing_WhenParsed_ThenTheValueIsATokenOrAFlag()
    {
        Assert.Equal(new TokenValue("urn:s", "1", true), Single<TokenValue>(Parse("Observation", "subject:identifier=urn:s|1")));
        Assert.Equal(new MissingValue(true), Single<MissingValue>(Parse("Patient", "birthdate:missing=true")));
        Assert.Equal(new MissingValue(false), Single<MissingValue>(Parse("Patient", "_id:missing=false")));
    }

    [Theory]
    [InlineData("Patient", "nonsense=1", "unknown search parameter 'nonsense' for Patient")]
    [InlineData("Patient", "_include=Patient:organization", "unknown search parameter '_include' for Patient")]
    [InlineData("Patient", "name:below=x", "modifier ':below' is not supported on string parameter 'name'")]
    [InlineData("Patient", "gender:exact=male", "modifier ':exact' is not supported on token parameter 'gender'")]
    [InlineData("Observation", "subject:Nonsense=1", "modifier ':Nonsense' is not supported on reference parameter 'subject'")]
    [InlineData("Patient", "general-practitioner.name=x", "chained search 'general-practitioner.name' is not supported yet")]
    [InlineData("Observation", "code-value-quantity=x", "composite search parameter 'code-value-quantity' is not supported yet")]
    [InlineData("Location", "near=1|2", "special search parameter 'near' is not supported yet")]
    [InlineData("Patient", "name=", "search parameter 'name' has no value")]
    [InlineData("Patient", "birthdate=notadate", "'notadate' is not a valid date for 'birthdate'")]
    [InlineData("Patient", "birthdate=xx2020", "'xx2020' is not a valid date for 'birthdate'")]
    [InlineData("RiskAssessment", "probability=high", "'high' is not a valid number for 'probability'")]
    [InlineData("Observation", "value-quantity=5|mg", "'5|mg' is not a valid quantity for 'value-quantity' (number|system|code)")]
    [InlineData("Patient", "active:missing=maybe", "'active:missing' must be true or false")]
    [InlineData("Patient", "_id:missing=yes", "'_id:missing' must be true or false")]
    [InlineData("Patient", "_count=-1", "_count must be a non-negative integer, not '-1'")]
    [InlineData("Patient", "_offset=x", "_offset must be a non-negative integer, not 'x'")]
    [InlineData("Patient", "_total=some", "_total must be none, estimate or accurate, not 'some'")]
    [InlineData("Patient", "_sort=nonsense", "cannot sort by unknown parameter 'nonsense'")]
    [InlineData("Observation", "_sort=code-value-quantity", "cannot sort by composite parameter 'code-value-quantity'")]
    public void GivenAnUnknownOrMalformedParameter_WhenParsedStrictly_ThenItIsRefusedSayingWhat(string type, string query, string message) =>
        Assert.Equal(message, Refused(type, query).Message);

    [Fact]
    public void GivenUnknownAndMalformedParameters_WhenParsedLeniently_ThenTheyAreSkippedAndReportedAndTheRestIsKept()
    {
        var query = Parse("Patient", "nonsense=1&gender=male&birthdate=notadate&_sort=-birthdate", lenient: true);

        Assert.Equal(["gender"], query.Criteria.Select(c => c.Param));
        Assert.Equal(["unknown search parameter 'nonsense' for Patient", "'notadate' is not a valid date for 'birthdate'"], query.Ignored);
        Assert.Equal([new SortKey("birthdate", SearchParamType.Date, true)], query.Sort);
    }

    [Fact]
    public void GivenResultShapingParameters_WhenParsed_ThenTheStoreIgnoresThemEvenStrictly()
    {
        var query = Parse("Patient", "_format=json&_pretty=true&_summary=count&_elements=id,name");
        Assert.Empty(query.Criteria);
        Assert.Empty(query.Ignored);
    }

    [Fact]
    public void GivenSortKeys_WhenParsed_ThenEachHasItsTypeAndDirectionInOrder() =>
        Assert.Equal(
            [new SortKey("family", SearchParamType.String, false), new SortKey("birthdate", SearchParamType.Date, true), new SortKey("_id", SearchParamType.Token, false)],
            Parse("Patient", "_sort=family, -birthdate,_id").Sort);

    [Theory]
    [InlineData("_count=0", 0)]
    [InlineData("_count=50", 50)]
    [InlineData("_count=5000", SearchQuery.MaxCount)]
    [InlineData("_count=99999999999", SearchQuery.MaxCount)] // beyond int: clamped, not refused
    public void GivenACount_WhenParsed_ThenItIsClampedToTheLargestPage(string query, int count) =>
        Assert.Equal(count, Parse("Patient", query).Count);

    [Fact]
    public void GivenAHugeOffset_WhenParsed_ThenOffsetPlusCountCannotOverflow()
    {
        var query = Parse("Patient", "_offset=99999999999&_count=99999999999");
        Assert.Equal(int.MaxValue - SearchQuery.MaxCount, query.Offset);
        Assert.True((long)query.Offset + query.Count <= int.MaxValue);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("estimate", true)]
    [InlineData("accurate", true)]
    public void GivenTotal_WhenParsed_ThenEstimateAndAccurateBothCount(string total, bool included) =>
        Assert.Equal(included, Parse("Patient", "_total=" + total).IncludeTotal);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenMoreValuesThanAllowed_WhenParsedStrictlyOrLeniently_ThenRefusedNamingTheSetting(bool lenient)
    {
        var values = string.Join(",", Enumerable.Range(0, 101).Select(i => "v" + i));
        Assert.Equal("identifier has 101 values; at most 100 are allowed (Bayu:Limits:MaxSearchValues)", Refused("Patient", "identifier=" + values, lenient).Message);
        // _sort keys count as values too.
        Assert.StartsWith("_sort has 101 values", Refused("Patient", "_sort=" + string.Join(",", Enumerable.Repeat("name", 101)), lenient).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenMoreParametersThanAllowed_WhenParsedStrictlyOrLeniently_ThenRefusedNamingTheSetting(bool lenient)
    {
        var query = string.Join("&", Enumerable.Repeat("name=x", 50));
        Assert.Equal(50, Parse("Patient", query, lenient).Criteria.Count);
        Assert.Equal("the query has 51 parameters; at most 50 are allowed (Bayu:Limits:MaxSearchParameters)", Refused("Patient", query + "&nonsense=1", lenient).Message);
    }

    [Fact]
    public void GivenLimitsOfItsOwn_WhenAParserUsesThem_ThenTheyApplyAndEscapedCommasAreNoExtraValues()
    {
        var parser = new SearchParser(DefinitionRegistry.Default, new SearchLimits { MaxValuesPerParameter = 2, MaxParameters = 3, MaxCount = 10 });

        Assert.Equal(2, Assert.Single(parser.Parse("Patient", Queries.Parameters(@"identifier=a\,b,c")).Criteria).Values.Count);
        Assert.Throws<SearchParameterException>(() => parser.Parse("Patient", Queries.Parameters("identifier=a,b,c")));
        Assert.Throws<SearchParameterException>(() => parser.Parse("Patient", Queries.Parameters("name=a&name=b&name=c&name=d")));
        Assert.Equal(10, parser.Parse("Patient", Queries.Parameters("_count=50")).Count);
    }
}

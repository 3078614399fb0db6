using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>sort() with ascending and descending keys of any comparable type.</summary>
public class FhirPathSortTests
{
    private static readonly Patient s_patient = new()
    {
        Name =
        [
            new HumanName { Family = "Li", Given = ["Wei"] },
            new HumanName { Family = "Zhao", Given = ["An"] },
            new HumanName { Given = ["Xiao"] },
            new HumanName { Family = "Li", Given = ["Bo"] },
        ],
    };

    private static string Evaluate(string expression) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(s_patient).Select(r => r.ToString()));

    [Theory]
    [InlineData("(3 | 1 | 2).sort()", "1, 2, 3")]
    [InlineData("(3 | 1 | 2).sort(-$this)", "3, 2, 1")]
    [InlineData("('b' | 'c' | 'a').sort(-$this)", "c, b, a")]
    [InlineData("(@2014 | @2012 | @2013).sort(-$this)", "2014, 2013, 2012")]
    [InlineData("Patient.name.sort(family, given.first()).given", "Xiao, Bo, Wei, An")]
    [InlineData("Patient.name.sort(-family, given.first()).given", "Xiao, An, Bo, Wei")]
    [InlineData("Patient.name.sort(family, -given.first()).given", "Xiao, Wei, Bo, An")]
    public void GivenKeys_WhenSorted_ThenEachKeyOrdersItsWayAndEmptyKeysComeFirst(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void GivenAMinusOutsideASortKey_WhenAppliedToAString_ThenItIsStillAnError() =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate("('a' | 'b').select(-$this)"));

    [Fact]
    public void GivenAKeyWithSeveralItems_WhenSorted_ThenEvaluationFails() =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate("Patient.name.sort(given | family)"));
}

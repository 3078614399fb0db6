using Bayu.Fhir.Definitions;
using Bayu.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.Terminology;

/// <summary>
/// ValueSet.compose rules (FHIR R4 §4.9.5) over a small hand-made hierarchy, so every expected
/// code can be checked by eye:
/// <code>
/// infection ── respiratory ── influenza
///           │              └─ covid-19 (status retired)
///           └─ enteric ───── norovirus
/// injury
/// </code>
/// </summary>
public class ValueSetComposeTests
{
    private const string System = "http://example.org/CodeSystem/conditions";
    private const string Base = "http://example.org/ValueSet/";

    private static readonly TerminologyService Service = BuildService();

    [Fact]
    public void GivenAnIsAFilter_WhenExpanded_ThenTheConceptAndAllItsDescendants() =>
        Assert.Equal(["covid-19", "influenza", "respiratory"], Codes("is-a"));

    [Fact]
    public void GivenADescendentOfFilter_WhenExpanded_ThenTheDescendantsWithoutTheConceptItself() =>
        Assert.Equal(["covid-19", "enteric", "influenza", "norovirus", "respiratory"], Codes("descendent-of"));

    [Fact]
    public void GivenAnIsNotAFilter_WhenExpanded_ThenEverythingOutsideThatBranch() =>
        Assert.Equal(["enteric", "infection", "injury", "norovirus"], Codes("is-not-a"));

    [Fact]
    public void GivenAnEqualsFilterOnAProperty_WhenExpanded_ThenOnlyConceptsWithThatValue() =>
        Assert.Equal(["covid-19"], Codes("retired"));

    [Fact]
    public void GivenTwoFiltersInOneInclude_WhenExpanded_ThenTheyIntersect() =>
        Assert.Equal(["influenza"], Codes("respiratory-active"));

    [Fact]
    public void GivenAnExclude_WhenExpanded_ThenExcludedCodesAreRemovedFromTheIncludes() =>
        Assert.Equal(["enteric", "infection", "injury", "norovirus", "respiratory"], Codes("without-viruses"));

    [Fact]
    public void GivenAnIncludeOfOtherValueSets_WhenExpanded_ThenTheirCodesAreUnitedAcrossIncludesAndIntersectedWithinOne()
    {
        Assert.Equal(["covid-19", "influenza", "injury", "respiratory"], Codes("nested-union"));
        Assert.Equal(["influenza"], Codes("nested-intersection"));
    }

    [Fact]
    public void GivenAValueSetThatIncludesItselfThroughAnother_WhenExpanded_ThenRefusedWithTheCycleNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Service.Expand(Base + "cycle-a"));
        Assert.Contains("includes itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAConceptList_WhenExpanded_ThenDisplaysComeFromTheCodeSystemAndUnknownCodesAreDropped()
    {
        var expansion = Service.Expand(Base + "listed")!;
        Assert.Equal(["influenza", "injury"], expansion.Codes.Select(c => c.Code));
        Assert.Equal("Influenza 流行性感冒", expansion.Find(System, "influenza")!.Display);
    }

    [Fact]
    public void GivenCodesInAndOutOfAFilteredValueSet_WhenValidated_ThenMembershipFollowsTheHierarchy()
    {
        Assert.True(Service.ValidateCode(Base + "is-a", System, "influenza").IsValid);
        var outside = Service.ValidateCode(Base + "is-a", System, "norovirus");
        Assert.Equal(CodeCheckStatus.Invalid, outside.Status);
        Assert.Equal($"Code '{System}#norovirus' is not in value set '{Base}is-a'.", outside.Message);
        var undefined = Service.ValidateCode(Base + "is-a", System, "measles");
        Assert.Equal($"Code '{System}#measles' is not defined in code system '{System}' (value set '{Base}is-a').", undefined.Message);
    }

    [Fact]
    public void GivenACode_WhenLookedUp_ThenDisplayParentsAndPropertiesAreReturned()
    {
        var concept = Service.Lookup(System, "covid-19")!;
        Assert.Equal("COVID-19 新型冠状病毒感染", concept.Display);
        Assert.Equal(["respiratory"], concept.Parents);
        Assert.Equal("retired", concept.Properties["status"]);
        Assert.Null(Service.Lookup(System, "measles"));
        Assert.Null(Service.Lookup("http://example.org/CodeSystem/unknown", "x"));
    }

    [Fact]
    public void GivenACodeSystemValidation_WhenTheDisplayDiffers_ThenValidWithAWarningNamingTheDefinedDisplay()
    {
        var check = Service.ValidateCodeInSystem(System, "influenza", "Flu");
        Assert.True(check.IsValid);
        Assert.Equal($"Display 'Flu' for code '{System}#influenza' differs from the defined display 'Influenza 流行性感冒'.", check.DisplayWarning);
        Assert.Equal(CodeCheckStatus.Invalid, Service.ValidateCodeInSystem(System, "measles").Status);
    }

    private static List<string> Codes(string valueSet) =>
        [.. Service.Expand(Base + valueSet)!.Codes.Select(c => c.Code).Order(StringComparer.Ordinal)];

    private static TerminologyService BuildService()
    {
        var registry = DefinitionRegistry.CreateEmpty();
        registry.Add(new CodeSystem
        {
            Url = System,
            Status = PublicationStatus.Active,
            Content = CodeSystemContentMode.Complete,
            HierarchyMeaning = CodeSystem.CodeSystemHierarchyMeaning.IsA,
            Property = [new CodeSystem.PropertyComponent { Code = "status", Type = CodeSystem.PropertyType.Code }],
            Concept =
            [
                Concept("infection", "Infection 感染",
                    Concept("respiratory", "Respiratory infection 呼吸道感染",
                        Concept("influenza", "Influenza 流行性感冒"),
                        Retired(Concept("covid-19", "COVID-19 新型冠状病毒感染"))),
                    Concept("enteric", "Enteric infection 肠道感染",
                        Concept("norovirus", "Norovirus 诺如病毒感染"))),
                Concept("injury", "Injury 损伤"),
            ],
        });
        registry.Add(Filtered("is-a", Filter("concept", FilterOperator.IsA, "respiratory")));
        registry.Add(Filtered("descendent-of", Filter("concept", FilterOperator.DescendentOf, "infection")));
        registry.Add(Filtered("is-not-a", Filter("concept", FilterOperator.IsNotA, "respiratory")));
        registry.Add(Filtered("retired", Filter("status", FilterOperator.Equal, "retired")));
        registry.Add(Filtered("respiratory-active",
            Filter("concept", FilterOperator.DescendentOf, "respiratory"), Filter("concept", FilterOperator.IsNotA, "covid-19")));
        registry.Add(Compose("without-viruses",
            [new ValueSet.ConceptSetComponent { System = System }],
            [new ValueSet.ConceptSetComponent { System = System, Concept = [new() { Code = "influenza" }, new() { Code = "covid-19" }] }]));
        registry.Add(Compose("nested-union",
            [new ValueSet.ConceptSetComponent { ValueSet = [Base + "is-a"] },
             new ValueSet.ConceptSetComponent { System = System, Concept = [new() { Code = "injury" }] }]));
        registry.Add(Compose("nested-intersection",
            [new ValueSet.ConceptSetComponent { ValueSet = [Base + "is-a", Base + "respiratory-active"] }]));
        registry.Add(Compose("cycle-a", [new ValueSet.ConceptSetComponent { ValueSet = [Base + "cycle-b"] }]));
        registry.Add(Compose("cycle-b", [new ValueSet.ConceptSetComponent { ValueSet = [Base + "cycle-a"] }]));
        registry.Add(Compose("listed",
            [new ValueSet.ConceptSetComponent { System = System, Concept = [new() { Code = "influenza" }, new() { Code = "injury" }, new() { Code = "measles" }] }]));
        return new TerminologyService(registry);
    }

    private static CodeSystem.ConceptDefinitionComponent Concept(string code, string display, params CodeSystem.ConceptDefinitionComponent[] children) =>
        new() { Code = code, Display = display, Concept = [.. children] };

    private static CodeSystem.ConceptDefinitionComponent Retired(CodeSystem.ConceptDefinitionComponent concept)
    {
        concept.Property.Add(new CodeSystem.ConceptPropertyComponent { Code = "status", Value = new Code("retired") });
        return concept;
    }

    private static ValueSet.FilterComponent Filter(string property, FilterOperator op, string value) =>
        new() { Property = property, Op = op, Value = value };

    private static ValueSet Filtered(string name, params ValueSet.FilterComponent[] filters) =>
        Compose(name, [new ValueSet.ConceptSetComponent { System = System, Filter = [.. filters] }]);

    private static ValueSet Compose(string name, List<ValueSet.ConceptSetComponent> include, List<ValueSet.ConceptSetComponent>? exclude = null) =>
        new()
        {
            Url = Base + name,
            Status = PublicationStatus.Active,
            Compose = new ValueSet.ComposeComponent { Include = include, Exclude = exclude ?? [] },
        };
}

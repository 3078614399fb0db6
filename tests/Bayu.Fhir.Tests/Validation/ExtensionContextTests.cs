using Bayu.Fhir.Definitions;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;

namespace Bayu.Fhir.Tests.Validation;

/// <summary>
/// Extension contexts (R4 §2.21.0.7): element paths, types and the types derived from them,
/// primitive elements, the errata R4 needs for its own definitions, contextInvariant, and the
/// fhirpath and extension context types.
/// </summary>
public class ExtensionContextTests
{
    private const string Core = "http://hl7.org/fhir/StructureDefinition/";

    [Fact]
    public void GivenExtensionOnThePrimitiveElementItsContextNames_WhenValidated_ThenAcceptedButNotOnTheResource()
    {
        var patient = new Patient { BirthDateElement = new Date("1990-05-01") };
        patient.BirthDateElement.Extension.Add(new Extension(Core + "patient-birthTime", new FhirDateTime("1990-05-01T08:30:00+08:00")));
        NoErrors(Validate(patient));

        var wrong = new Patient();
        wrong.Extension.Add(new Extension(Core + "patient-birthTime", new FhirDateTime("1990-05-01T08:30:00+08:00")));
        ExactErrors(Validate(wrong), ("extension-context", "Patient.extension[0]"));
    }

    [Fact]
    public void GivenElementContext_WhenExtensionIsOnAPrimitiveParsedFromUnderscoreJson_ThenAccepted()
    {
        var patient = Parse<Patient>("""
            {"resourceType":"Patient","gender":"unknown",
             "_gender":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"asked-declined"}]}}
            """);
        NoErrors(Validate(patient));
    }

    [Fact]
    public void GivenTypeContext_WhenExtensionIsOnADerivedType_ThenAcceptedButNotOnAnUnrelatedType()
    {
        // iso21090-uncertainty is declared on Quantity; Age derives from Quantity.
        var condition = new Condition
        {
            Subject = new ResourceReference("Patient/p1"),
            Onset = new Age { Value = 40, System = "http://unitsofmeasure.org", Code = "a", Unit = "a" },
        };
        condition.Onset.Extension.Add(new Extension(Core + "iso21090-uncertainty", new FhirDecimal(2)));
        NoErrors(Validate(condition));

        var patient = new Patient { BirthDateElement = new Date("1990-05-01") };
        patient.BirthDateElement.Extension.Add(new Extension(Core + "iso21090-uncertainty", new FhirDecimal(2)));
        ExactErrors(Validate(patient), ("extension-context", "Patient.birthDate.extension[0]"));
    }

    [Fact]
    public void GivenResourceContext_WhenOnAnyResource_ThenAcceptedButNotOnAnElementOfIt()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Extension.Add(new Extension(Core + "resource-pertainsToGoal", new ResourceReference("Goal/g1")));
        NoErrors(Validate(observation));

        observation.Code.Extension.Add(new Extension(Core + "resource-pertainsToGoal", new ResourceReference("Goal/g1")));
        ExactErrors(Validate(observation), ("extension-context", "Observation.code.extension[0]"));
    }

    [Fact]
    public void GivenCoreExtensionsWhereR4sOwnDefinitionsPutThem_WhenValidated_ThenAcceptedByTheErrata()
    {
        var definition = new StructureDefinition
        {
            Url = "http://bayu.health/fhir/test/StructureDefinition/errata",
            Name = "Errata",
            Status = PublicationStatus.Draft,
            Kind = StructureDefinition.StructureDefinitionKind.Logical,
            Abstract = true,
            Type = "Errata",
            Differential = new StructureDefinition.DifferentialComponent
            {
                Element =
                [
                    new ElementDefinition("Errata") { ElementId = "Errata" },
                    new ElementDefinition("Errata.id")
                    {
                        ElementId = "Errata.id",
                        Type =
                        [
                            new ElementDefinition.TypeRefComponent
                            {
                                Code = "http://hl7.org/fhirpath/System.String",
                                Extension =
                                [
                                    new Extension(Core + "structuredefinition-fhir-type", new FhirUrl("string")),
                                    new Extension(Core + "regex", new FhirString("[A-Za-z0-9\\-\\.]{1,64}")),
                                ],
                            },
                        ],
                    },
                ],
            },
        };
        definition.Extension.Add(new Extension(Core + "structuredefinition-normative-version", new Code("4.0.0")));
        var codeSystem = new CodeSystem { Url = "http://bayu.health/fhir/test/CodeSystem/errata", Status = PublicationStatus.Draft, Content = CodeSystemContentMode.Complete };
        codeSystem.Extension.Add(new Extension(Core + "structuredefinition-normative-version", new Code("4.0.0")));
        NoErrors(Validate(definition));
        NoErrors(Validate(codeSystem));
    }

    [Fact]
    public void GivenErrataExtensionsOutsideTheirCorrectedContexts_WhenValidated_ThenStillErrors()
    {
        var patient = new Patient();
        patient.Extension.Add(new Extension(Core + "structuredefinition-normative-version", new Code("4.0.0")));
        patient.Extension.Add(new Extension(Core + "structuredefinition-fhir-type", new FhirUrl("string")));
        ExactErrors(Validate(patient), ("extension-context", "Patient.extension[0]"), ("extension-context", "Patient.extension[1]"));
    }

    [Fact]
    public void GivenValueSetCommentsExtensionOnACodeSystemConcept_WhenValidated_ThenContextErrorWhileTheCodeSystemOneIsAccepted()
    {
        var codeSystem = new CodeSystem
        {
            Url = "http://bayu.health/fhir/test/CodeSystem/comments",
            Status = PublicationStatus.Draft,
            Content = CodeSystemContentMode.Complete,
            Concept = [new CodeSystem.ConceptDefinitionComponent { Code = "a", Display = "A" }],
        };
        codeSystem.Concept[0].Extension.Add(new Extension(Core + "codesystem-concept-comments", new FhirString("fine")));
        NoErrors(Validate(codeSystem));

        codeSystem.Concept[0].Extension.Add(new Extension(Core + "valueset-concept-comments", new FhirString("wrong place")));
        ExactErrors(Validate(codeSystem), ("extension-context", "CodeSystem.concept[0].extension[1]"));
    }

    [Fact]
    public void GivenContextInvariant_WhenTheHolderBreaksIt_ThenContextError()
    {
        // questionnaire-sliderStepValue: context Questionnaire.item, contextInvariant type='integer'.
        var questionnaire = new Questionnaire
        {
            Status = PublicationStatus.Draft,
            Item = [new Questionnaire.ItemComponent { LinkId = "1", Type = Questionnaire.QuestionnaireItemType.Integer, Text = "Pain" }],
        };
        questionnaire.Item[0].Extension.Add(new Extension(Core + "questionnaire-sliderStepValue", new Integer(1)));
        NoErrors(Validate(questionnaire));

        questionnaire.Item[0].Type = Questionnaire.QuestionnaireItemType.String;
        ExactErrors(Validate(questionnaire), ("extension-context", "Questionnaire.item[0].extension[0]"));
    }

    [Fact]
    public void GivenFhirPathContext_WhenTheHolderIsSelectedByIt_ThenAcceptedOtherwiseError()
    {
        var url = TestExtensions.FhirPathContext;
        var patient = new Patient
        {
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Li" }, new HumanName { Use = HumanName.NameUse.Nickname, Given = ["Xiaoli"] }],
        };
        patient.Name[0].Extension.Add(new Extension(url, new FhirString("verified")));
        NoErrors(Validate(patient));

        patient.Name[1].Extension.Add(new Extension(url, new FhirString("verified")));
        ExactErrors(Validate(patient), ("extension-context", "Patient.name[1].extension[0]"));
    }

    [Fact]
    public void GivenExtensionContext_WhenNestedInTheNamedExtension_ThenAcceptedElsewhereError()
    {
        var patient = new Patient();
        var parent = new Extension { Url = TestExtensions.Parent };
        parent.Extension.Add(new Extension(TestExtensions.Child, new FhirString("inside")));
        patient.Extension.Add(parent);
        NoErrors(Validate(patient));

        patient.Extension.Add(new Extension(TestExtensions.Child, new FhirString("outside")));
        ExactErrors(Validate(patient), ("extension-context", "Patient.extension[1]"));
    }

    [Fact]
    public void GivenPlacementPaths_WhenMatched_ThenBaseTypePathsAdmitDerivedOnes()
    {
        var placement = new ExtensionPlacement(["Condition.onset", "Age.value"], ["decimal", "Element"], null);
        IReadOnlyList<string> Ancestors(string type) => type == "Age" ? ["Age", "Quantity", "Element"] : [];
        Assert.True(ExtensionContexts.Admits(Element("Quantity.value"), placement, Ancestors));
        Assert.True(ExtensionContexts.Admits(Element("Condition.onset[x]"), placement, Ancestors));
        Assert.False(ExtensionContexts.Admits(Element("Quantity.unit"), placement, Ancestors));
        Assert.False(ExtensionContexts.Admits(Element("onset"), placement, Ancestors));

        static StructureDefinition.ContextComponent Element(string expression) =>
            new() { Type = StructureDefinition.ExtensionContextType.Element, Expression = expression };
    }

    /// <summary>Test-only extension definitions with the context types R4's own extensions never use.</summary>
    private static class TestExtensions
    {
        // Fields, not constants: reading a constant would not run the static constructor.
        public static readonly string FhirPathContext = "http://bayu.health/fhir/test/StructureDefinition/official-name-note";
        public static readonly string Parent = "http://bayu.health/fhir/test/StructureDefinition/parent";
        public static readonly string Child = "http://bayu.health/fhir/test/StructureDefinition/child";

        static TestExtensions()
        {
            // The registry is shared by the process; these URLs exist only in tests.
            DefinitionRegistry.Default.Add(Simple(FhirPathContext, StructureDefinition.ExtensionContextType.Fhirpath, "Patient.name.where(use = 'official')", withValue: true));
            DefinitionRegistry.Default.Add(Simple(Parent, StructureDefinition.ExtensionContextType.Element, "Patient", withValue: false));
            DefinitionRegistry.Default.Add(Simple(Child, StructureDefinition.ExtensionContextType.Extension, Parent, withValue: true));
        }

        private static StructureDefinition Simple(string url, StructureDefinition.ExtensionContextType contextType, string expression, bool withValue) => new()
        {
            Url = url,
            Name = url[(url.LastIndexOf('/') + 1)..].Replace("-", "", StringComparison.Ordinal),
            Status = PublicationStatus.Draft,
            Kind = StructureDefinition.StructureDefinitionKind.ComplexType,
            Abstract = false,
            Type = "Extension",
            BaseDefinition = Core + "Extension",
            Derivation = StructureDefinition.TypeDerivationRule.Constraint,
            Context = [new StructureDefinition.ContextComponent { Type = contextType, Expression = expression }],
            Differential = new StructureDefinition.DifferentialComponent
            {
                Element =
                [
                    new ElementDefinition("Extension"),
                    new ElementDefinition("Extension.url") { Fixed = new FhirUri(url) },
                    withValue
                        ? new ElementDefinition("Extension.value[x]") { Min = 1, Type = [new ElementDefinition.TypeRefComponent { Code = "string" }] }
                        : new ElementDefinition("Extension.value[x]") { Max = "0" },
                ],
            },
        };
    }
}

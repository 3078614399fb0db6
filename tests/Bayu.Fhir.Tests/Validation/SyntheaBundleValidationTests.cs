using Bayu.Fhir.Formats;
using Bayu.Fhir.Tests.TestData;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;

namespace Bayu.Fhir.Tests.Validation;

public class SyntheaBundleValidationTests
{
    public static TheoryData<string> Bundles => [.. SyntheaBundles.Files.Select(Path.GetFileName).OfType<string>()];

    /// <summary>
    /// Real hospital-style data, validated as the whole transaction Bundle a sender would post:
    /// entries reference each other by urn:uuid and their own contained resources by '#id'.
    /// </summary>
    [Theory]
    [MemberData(nameof(Bundles))]
    public void GivenSyntheaTransactionBundle_WhenValidatedWhole_ThenNoErrors(string file)
    {
        var parsed = FhirFormats.Parse(SyntheaBundles.ReadBytes(Path.Combine(SyntheaBundles.Directory, file)), FhirFormat.Json);
        var bundle = Assert.IsType<Bundle>(parsed.Resource);

        NoErrors(ResourceValidator.Default.Validate(bundle));
    }
}

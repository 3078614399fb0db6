using Bayu.Server.Modules.InstitutionRegistry;

namespace Bayu.Server.Tests.Modules.InstitutionRegistry;

/// <summary>The meta.source convention (docs/modules.md): which sources name an institution, and which do not.</summary>
public class SubmissionSourceTests
{
    [Theory]
    [InlineData("Organization/org-1", "org-1")]
    [InlineData("Organization/org-1#his-v5.2", "org-1")]
    [InlineData("https://bayu.example/fhir/Organization/org-1", "org-1")]
    [InlineData("http://10.0.0.7:5080/fhir/Organization/A.b-9#lis", "A.b-9")]
    public void GivenAnOrganizationReference_WhenRead_ThenItsIdIsTheSubmitter(string source, string expected)
    {
        Assert.True(SubmissionSource.TryGetOrganizationId(source, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Organization/")]
    [InlineData("Organization/a/_history/2")]
    [InlineData("Practitioner/p-1")]
    [InlineData("urn:uuid:8d5f4a9e-1b2c-4c1e-9b5a-2f1e0d3c4b5a")]
    [InlineData("https://his.example/fhir/Organization/o?x=1")]
    [InlineData("ftp://his.example/Organization/o")]
    [InlineData("Organization/bad id")]
    [InlineData("xOrganization/o")]
    public void GivenASourceThatNamesNoOrganization_WhenRead_ThenNoSubmitter(string? source) =>
        Assert.False(SubmissionSource.TryGetOrganizationId(source, out _));

    [Fact]
    public void GivenStoredJson_WhenTheSourceIsRead_ThenOnlyMetaSourceCounts()
    {
        Assert.Equal("Organization/o1", SubmissionSource.MetaSourceOf("""{"resourceType":"Observation","id":"x","meta":{"versionId":"1","source":"Organization/o1"},"status":"final"}"""));
        // An element called source elsewhere (AuditEvent.source, a nested meta) is not the version's source.
        Assert.Null(SubmissionSource.MetaSourceOf("""{"resourceType":"AuditEvent","source":{"observer":{"reference":"Organization/o1"}},"meta":{"versionId":"1"}}"""));
        Assert.Null(SubmissionSource.MetaSourceOf("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","meta":{"source":"Organization/o1"}}}]}"""));
        Assert.Null(SubmissionSource.MetaSourceOf("""{"resourceType":"Patient","id":"p"}"""));
    }
}

using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Formats.ParseAssertions;
using Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;

namespace Bayu.Fhir.Tests.Formats;

public sealed class XmlParsingTests
{
    [Fact]
    public void GivenValidXml_WhenParsed_ThenItSucceeds()
    {
        var result = Xml("""<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="true"/><name><family value="李"/></name></Patient>""");

        Assert.True(result.IsSuccess, RoundTrip.Summarize(result));
        Assert.Equal("李", Assert.IsType<Patient>(result.Resource).Name[0].Family);
    }

    [Fact]
    public void GivenXmlProblems_WhenParsed_ThenEachIsReportedAtItsPath()
    {
        var result = Xml("""<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="yes"/><foo value="1"/><birthDate value="2020-13-01"/></Patient>""");

        Assert.Null(result.Resource);
        Assert.Equal(
            ["Patient.active", "Patient.birthDate", "Patient.foo"],
            Locations(result).Order(StringComparer.Ordinal).ToList());
        Assert.All(result.Outcome.Issue, i => Assert.Equal(Severity.Error, i.Severity));
    }

    [Fact]
    public void GivenMalformedXml_WhenParsed_ThenOneFatalIssueGivesTheLine()
    {
        var result = Xml("<Patient xmlns=\"http://hl7.org/fhir\">\n<id value=\"p1\">\n</Patient>");

        Assert.Null(result.Resource);
        var issue = Assert.Single(result.Outcome.Issue);
        Assert.Equal(Severity.Fatal, issue.Severity);
        Assert.StartsWith("Invalid XML: ", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Equal(3, IssueFactory.LineOf(issue));
    }

    [Fact]
    public void GivenADocumentTypeDeclaration_WhenParsed_ThenItIsRefused()
    {
        // An entity declaration is the XXE vector; FHIR XML never has a DTD.
        var result = Xml("""<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Patient xmlns="http://hl7.org/fhir"><id value="&x;"/></Patient>""");

        Assert.Null(result.Resource);
        Assert.Equal(Severity.Fatal, Assert.Single(result.Outcome.Issue).Severity);
    }

    [Fact]
    public void GivenAnElementInTheWrongNamespace_WhenParsed_ThenItIsAnError()
    {
        var result = Xml("""<Patient xmlns="http://example.org/not-fhir"><id value="p1"/></Patient>""");

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Outcome.Issue, i => i.Severity is Severity.Error or Severity.Fatal);
    }
}

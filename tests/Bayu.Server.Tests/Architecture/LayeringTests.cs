namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// Which way the projects may depend (ADR 0001): the FHIR core and the pure libraries sit below the
/// store, the engine above it, and only the server is a web application.
/// </summary>
public class LayeringTests
{
    [Theory]
    [InlineData("Bayu.Fhir")]
    [InlineData("Bayu.Crypto")]
    [InlineData("Bayu.Surveillance")]
    public void GivenACoreLibrary_WhenItsTypesAreRead_ThenNoneUsesTheStore(string assembly) =>
        ModuleRules.AssertNoTypeDependsOn(assembly, "core libraries do not depend on Bayu.Storage", ["Bayu.Storage"]);

    [Theory]
    [InlineData("Bayu.Fhir")]
    [InlineData("Bayu.Crypto")]
    [InlineData("Bayu.Surveillance")]
    public void GivenACoreLibrary_WhenItsTypesAreRead_ThenNoneUsesAspNetCore(string assembly) =>
        ModuleRules.AssertNoTypeDependsOn(assembly, "core libraries do not depend on ASP.NET Core", ["Microsoft.AspNetCore"]);

    // The engine answers every FHIR interaction without HTTP (FhirError kinds, not status codes), so
    // a worker, the CLI or a test can drive it; Bayu.Server alone maps it to HTTP.
    [Theory]
    [InlineData("Bayu.Storage")]
    [InlineData("Bayu.Engine")]
    public void GivenTheStoreOrTheEngine_WhenItsTypesAreRead_ThenNoneUsesAspNetCore(string assembly) =>
        ModuleRules.AssertNoTypeDependsOn(assembly, "the store and the engine do not depend on ASP.NET Core", ["Microsoft.AspNetCore"]);
}

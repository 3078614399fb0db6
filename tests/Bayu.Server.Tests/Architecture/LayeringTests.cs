namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// Which way the projects may depend (ADR 0001): the FHIR core and the pure libraries sit below the
/// store, and only the server is a web application.
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

    [Fact]
    public void GivenTheStore_WhenItsTypesAreRead_ThenNoneUsesAspNetCore() =>
        ModuleRules.AssertNoTypeDependsOn("Bayu.Storage", "the store does not depend on ASP.NET Core", ["Microsoft.AspNetCore"]);
}

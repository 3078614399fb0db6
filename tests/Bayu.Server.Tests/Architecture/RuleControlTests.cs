namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// Each rule applied where it must find something, so a misspelt or renamed forbidden name cannot
/// leave a rule that passes because it matches nothing.
/// </summary>
public class RuleControlTests
{
    [Fact]
    public void GivenTheIoRule_WhenAppliedToTheStore_ThenItNamesTheFileBackedLedger() =>
        Assert.Contains(ModuleRules.TypesDependingOn("Bayu.Storage", PureLibraryTests.IoTypes),
            offender => offender.StartsWith("Bayu.Storage.Ledger.FileLedgerStore:", StringComparison.Ordinal));

    [Fact]
    public void GivenTheStoreRule_WhenAppliedToTheServer_ThenItFindsTheServersStoreUsers() =>
        Assert.NotEmpty(ModuleRules.TypesDependingOn("Bayu.Server", ["Bayu.Storage"]));

    [Fact]
    public void GivenTheAspNetCoreRule_WhenAppliedToTheServer_ThenItFindsTheServersEndpoints() =>
        Assert.NotEmpty(ModuleRules.TypesDependingOn("Bayu.Server", ["Microsoft.AspNetCore"]));
}

namespace Bayu.Surveillance.Tests;

public class BuildSmokeTests
{
    [Fact]
    public void GivenTheTestProject_WhenRun_ThenTheAssemblyUnderTestLoads() =>
        Assert.NotNull(typeof(BuildSmokeTests).Assembly);
}

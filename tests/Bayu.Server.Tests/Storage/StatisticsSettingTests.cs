using Bayu.Server.Storage;
using Bayu.Storage.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Storage;

/// <summary>
/// <c>Bayu:Storage:RefreshStatistics</c> reaches the store the server makes. What the refresher
/// does is the store's own behaviour (Bayu.Storage.Tests: Store/StatisticsRefresherTests).
/// </summary>
public sealed class StatisticsSettingTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bayu-statistics-setting-").FullName;

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void GivenTheRefreshStatisticsSetting_WhenTheServerMakesItsStore_ThenTheStoresRefresherFollowsIt(string? setting, bool enabled)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?> { ["Bayu:DataDirectory"] = _dataDirectory, ["Bayu:Storage:Provider"] = "Sqlite" };
        if (setting is not null)
        {
            settings["Bayu:Storage:RefreshStatistics"] = setting;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFhirStorage();
        using var host = builder.Build();

        var store = (SqlResourceStore)host.Services.GetRequiredService<IResourceStore>();

        Assert.Equal(enabled, store.Statistics.Enabled);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

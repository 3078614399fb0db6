using Bayu.Storage.Store;
using Npgsql;

namespace Bayu.Storage.Tests.Store;

public class PostgresConnectionDefaultsTests
{
    [Fact]
    public void GivenAPlainConnectionString_WhenTheStoreUsesIt_ThenStatementsAreAutoPreparedAndPooledConnectionsAreNotReset()
    {
        var effective = new NpgsqlConnectionStringBuilder(ResourceStores.PostgresConnectionString("Host=db;Username=bayu;Database=bayu"));

        Assert.Equal(64, effective.MaxAutoPrepare);
        Assert.True(effective.NoResetOnClose);
        Assert.Equal("db", effective.Host);
        Assert.Equal("bayu", effective.Database);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0")]
    public void GivenAnOperatorsExplicitSettings_WhenTheStoreUsesThem_ThenTheyAreKept(string connectionString)
    {
        var effective = new NpgsqlConnectionStringBuilder(ResourceStores.PostgresConnectionString(connectionString));

        Assert.Equal(0, effective.MaxAutoPrepare);
        Assert.False(effective.NoResetOnClose);
    }
}

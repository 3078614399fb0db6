using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;

namespace Bayu.Server.Tests.Limits;

/// <summary>
/// A host with the door's limits set where tests can reach them: a body large enough for a
/// million nested elements (so the depth limit, not the size limit, answers) and a small bundle bound.
/// </summary>
public abstract class DoorFixture : ServerFixture
{
    public const long BodyLimit = 64L * 1024 * 1024;
    public const int BundleEntryLimit = 5;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Bayu:Limits:MaxBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Bayu:Limits:MaxBundleEntries"] = BundleEntryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteDoorFixture : DoorFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresDoorFixture : DoorFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}

using Bayu.Server.Security.Authorization;
using Bayu.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace Bayu.Server.Security;

/// <summary>
/// The authorization server's tables as a module migration (module <c>auth</c>), so they are created
/// with the store's in the same migration transaction and lock. The scripts are what EF Core
/// generates for the <see cref="AuthDbContext"/> model on each provider; a test pins them, so an
/// OpenIddict upgrade that changes its model shows up as a failing test and becomes migration 2.
/// </summary>
internal static class AuthSchema
{
    public static MigrationSet Migrations { get; } = new("auth", [new Migration(1, Script(sqlite: true), Script(sqlite: false))]);

    internal static string Script(bool sqlite)
    {
        var builder = new DbContextOptionsBuilder<AuthDbContext>();
        if (sqlite)
        {
            builder.UseSqlite("Data Source=:memory:");
        }
        else
        {
            builder.UseNpgsql("Host=unused");
        }
        builder.UseOpenIddict();
        using var db = new AuthDbContext(builder.Options);
        return db.Database.GenerateCreateScript();
    }
}

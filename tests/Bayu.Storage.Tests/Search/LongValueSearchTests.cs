using System.Text.Json.Nodes;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// Values longer than an index key can hold (PostgreSQL refuses B-tree entries above 2,704 bytes)
/// are stored, found by equality exactly, and found by prefix on their first 800 bytes, on both
/// providers alike. Before, a 5,000-character identifier or family name was a 500 on PostgreSQL.
/// </summary>
public abstract class LongValueSearchTests(StoreFixture fixture) : IAsyncLifetime
{
    private readonly SqlResourceStore _store = fixture.OpenStore();
    private readonly string _tag = Writes.NewId("long");
    private readonly Dictionary<string, string> _ids = [];

    // Incompressible (PostgreSQL compresses a repetitive value below the limit), and with a
    // common 3,000-character prefix so that only the end tells them apart.
    private static readonly string Common = Random(3000, 1);
    private static readonly string ValueA = Common + Random(2000, 2);
    private static readonly string ValueB = Common + Random(2000, 3);
    private static readonly string Chinese = string.Concat(Enumerable.Range(0, 2000).Select(i => (char)(0x4E00 + ((i * 7919) % 20000))));

    public async Task InitializeAsync()
    {
        _ids["a"] = await CreateAsync(ValueA, "Family" + ValueA);
        _ids["b"] = await CreateAsync(ValueB, "Family" + ValueB);
        _ids["zh"] = await CreateAsync(Chinese, Chinese);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task GivenIdentifiersLongerThanAnIndexKey_WhenSearchedByTheWholeValue_ThenOnlyThatResourceIsFound()
    {
        Assert.Equal([_ids["a"]], await FindAsync("identifier=urn:long|" + ValueA));
        Assert.Equal([_ids["b"]], await FindAsync("identifier=" + ValueB));
        Assert.Equal([_ids["zh"]], await FindAsync("identifier=urn:long|" + Chinese));
        Assert.Empty(await FindAsync("identifier=urn:long|" + Common));
        Assert.Equal(new[] { _ids["a"], _ids["b"] }.Order(), (await FindAsync($"identifier={ValueA},{ValueB}")).Order());
    }

    [Fact]
    public async Task GivenFamilyNamesLongerThanAnIndexKey_WhenSearchedByPrefixOrExactly_ThenTheyAreFound()
    {
        Assert.Equal(new[] { _ids["a"], _ids["b"] }.Order(), (await FindAsync("family=family" + Common[..500])).Order());
        Assert.Equal([_ids["zh"]], await FindAsync("family=" + Chinese[..100]));
        Assert.Equal([_ids["a"]], await FindAsync("family:exact=Family" + ValueA));
        Assert.Empty(await FindAsync("family:exact=family" + ValueA));
    }

    [Fact]
    public async Task GivenALongFamilyName_WhenSortedAndReadBack_ThenTheResourceIsWhole()
    {
        var read = JsonNode.Parse((await _store.ReadAsync("Patient", _ids["a"]))!.Json!)!;
        Assert.Equal("Family" + ValueA, (string?)read["name"]![0]!["family"]);
        Assert.Equal(3, (await FindAsync("_sort=family")).Count);
    }

    private Task<string> CreateAsync(string identifier, string family) => Writes.CreateAsync(_store,
        $$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"identifier":[{"system":"urn:long","value":"{{identifier}}"}],"name":[{"family":"{{family}}"}]}""");

    private Task<List<string>> FindAsync(string query) => _store.FindAsync("Patient", $"_tag=urn:tag|{_tag}&{query}");

    private static string Random(int length, int seed)
    {
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1)));
    }
}

public sealed class LongValueSearchTestsOnSqlite(SqliteStoreFixture fixture) : LongValueSearchTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class LongValueSearchTestsOnPostgres(PostgresStoreFixture fixture) : LongValueSearchTests(fixture), IClassFixture<PostgresStoreFixture>;

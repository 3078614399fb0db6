using Bayu.Storage.Indexing;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// <see cref="SearchSqlBuilder"/> on its own, per provider: what it binds (every value a parameter,
/// one parameter per list whatever its length, values as the index stores them), which index it
/// reads, and the statement it builds run as is on a real database, the store's row filter and
/// ordering included. Not exact strings: the shape of the SQL is free to change, this is not.
/// </summary>
public abstract class SearchSqlBuilderTests(StoreFixture fixture) : IAsyncLifetime
{
    private readonly SqlResourceStore _store = fixture.OpenStore();
    private readonly string _tag = Writes.NewId("sql");
    private readonly Dictionary<string, string> _ids = [];

    private StoreProvider Provider => fixture.Provider;

    public async Task InitializeAsync()
    {
        _ids["gp"] = await Writes.CreateAsync(_store, Tagged("Practitioner", """ "name":[{"family":"Li"}]"""));
        foreach (var (key, family, gender, birth) in new[] { ("li", "Li", "male", "1970"), ("pct", "50%_off", "female", "1980"), ("decoy", "50 xyoff", "female", "1990"), ("quote", "O'Brien", null, null) })
        {
            var fields = $$""" "identifier":[{"system":"urn:mrn","value":"{{_tag}}-{{key}}"}],"name":[{"family":"{{family}}"}]""" +
                (gender is null ? "" : $$""","gender":"{{gender}}","birthDate":"{{birth}}","generalPractitioner":[{"reference":"Practitioner/{{_ids["gp"]}}"}]""");
            _ids[key] = await Writes.CreateAsync(_store, Tagged("Patient", fields));
        }
        // A Li that was deleted: its index rows go with its last live version.
        var gone = await Writes.CreateAsync(_store, Tagged("Patient", """ "name":[{"family":"Li"}],"gender":"male" """));
        await Writes.CommitAsync(_store, Writes.Version("Patient", gone, 2, deleted: true));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private string Tagged(string type, string fields) =>
        $$"""{"resourceType":"{{type}}","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},{{fields}}}""";

    /// <summary>The statement the store runs for a search (SqlResourceStore.SearchAsync), for this provider.</summary>
    private Statement Build(string type, string query)
    {
        var parsed = Queries.Parse(type, $"_tag=urn:tag|{_tag}&{query}");
        var p = new SqlParameters();
        var where = SearchSqlBuilder.Where(parsed, p, Provider);
        var orderBy = SearchSqlBuilder.OrderBy(parsed, p);
        return new Statement($"SELECT r.id FROM resources r WHERE {where} ORDER BY {orderBy} LIMIT {p.Add(parsed.Count)} OFFSET {p.Add(parsed.Offset)}", orderBy, p.Values);
    }

    /// <summary>Runs the statement on a connection of its own, outside the store, and names the ids it returns.</summary>
    private async Task<List<string>> RunAsync(Statement statement)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = SqlCommands.Create(connection, null, statement.Sql, statement.Values);
        await using var reader = await command.ExecuteReaderAsync();
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        var found = new List<string>();
        while (await reader.ReadAsync())
        {
            found.Add(byId.TryGetValue(reader.GetString(0), out var key) ? key : reader.GetString(0));
        }
        return found;
    }

    private sealed record Statement(string Sql, string OrderBy, IReadOnlyList<object?> Values)
    {
        /// <summary>Every text bound, lists (PostgreSQL arrays, SQLite JSON) included.</summary>
        public IEnumerable<string> BoundText => Values.SelectMany(v => v switch
        {
            string s => [s],
            string?[] array => array.Select(x => x ?? ""),
            _ => Array.Empty<string>(),
        });
    }

    [Theory]
    [InlineData("family=zq' OR '1'='1")]
    [InlineData("family:exact=zq' OR '1'='1")]
    [InlineData("family:contains=zq'); DELETE FROM resources; --")]
    [InlineData("identifier=urn:zq'|a'; DROP TABLE resources; --")]
    [InlineData("identifier=zq'a,zq'b")]
    [InlineData("identifier:not=zq' OR 1=1 --")]
    [InlineData("general-practitioner=Practitioner/zq' OR 1=1 --")]
    [InlineData("general-practitioner:Practitioner=zq'x")]
    [InlineData("_profile=http://e.org/zq'x")]
    [InlineData("_profile:below=http://e.org/zq'x")]
    [InlineData("_id=zq'x,zq'y")]
    [InlineData("_id:not=zq'x")]
    [InlineData("_security=zq'|x")]
    public async Task GivenValuesThatLookLikeSql_WhenBuilt_ThenEachIsBoundAndNoneReachesTheStatementText(string query)
    {
        var statement = Build("Patient", query);

        Assert.DoesNotContain("zq", statement.Sql, StringComparison.Ordinal);
        Assert.Contains(statement.BoundText, v => v.Contains("zq", StringComparison.Ordinal));
        // Run as is: a value is only ever compared, so this finds nothing (or, negated, everything) and changes nothing.
        var found = await RunAsync(statement);
        Assert.True(query.Contains(":not", StringComparison.Ordinal) ? found.Count == 4 : found.Count == 0, string.Join(",", found));
        Assert.Equal(4, (await RunAsync(Build("Patient", "_count=100"))).Count);
    }

    [Fact]
    public async Task GivenAQuoteInAValue_WhenSearched_ThenItMatchesItLiterally()
    {
        Assert.Equal(["quote"], await RunAsync(Build("Patient", "family=o'brien")));
        Assert.Equal(["quote"], await RunAsync(Build("Patient", "family:exact=O'Brien")));
    }

    [Theory]
    [InlineData("family=50%25", "pct")]
    [InlineData("family=50%25_", "pct")]
    [InlineData("family:contains=%25_o", "pct")]
    [InlineData("family:contains=_", "pct")]
    [InlineData("family=50", "decoy,pct")]
    public async Task GivenLikeWildcardsInAValue_WhenSearchedByPrefixOrSubstring_ThenTheyMatchOnlyThemselves(string query, string expected) =>
        Assert.Equal(expected.Split(','), (await RunAsync(Build("Patient", query))).Order());

    [Fact]
    public async Task GivenATokenSearch_WhenBuilt_ThenItReadsTheTokenIndexBySystemAndCodeWithTypeAndParameterBound()
    {
        var statement = Build("Patient", $"identifier=urn:mrn|{_tag}-li");

        Assert.Contains("idx_token", statement.Sql, StringComparison.Ordinal);
        Assert.Contains("i.code", statement.Sql, StringComparison.Ordinal);
        Assert.Contains("i.system", statement.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("idx_string", statement.Sql, StringComparison.Ordinal);
        Assert.Contains("Patient", statement.BoundText);
        Assert.Contains("identifier", statement.BoundText);
        Assert.Contains(_tag + "-li", statement.BoundText);
        Assert.Contains("urn:mrn", statement.BoundText);
        Assert.Equal(["li"], await RunAsync(statement));
    }

    [Fact]
    public async Task GivenAStringSearch_WhenBuilt_ThenItReadsTheFoldedColumnOfTheStringIndex()
    {
        var prefix = Build("Patient", "family=LÍ");
        var exact = Build("Patient", "family:exact=Li");

        Assert.Contains("idx_string", prefix.Sql, StringComparison.Ordinal);
        Assert.Contains("i.norm", prefix.Sql, StringComparison.Ordinal);
        // Folded before it is bound, as the index stores it.
        Assert.Contains(prefix.BoundText, v => v.StartsWith("li", StringComparison.Ordinal));
        Assert.DoesNotContain(prefix.BoundText, v => v.Contains("LÍ", StringComparison.Ordinal));
        Assert.Contains("i.exact", exact.Sql, StringComparison.Ordinal);
        Assert.Equal(["li"], await RunAsync(prefix));
        Assert.Equal(["li"], await RunAsync(exact));
    }

    [Theory]
    [InlineData("identifier", "urn:mrn|{t}-li", "urn:mrn|x{0}", "li")]
    [InlineData("identifier", "{t}-li", "x{0}", "li")]
    [InlineData("_id", "{li}", "x{0}", "li")]
    [InlineData("general-practitioner", "Practitioner/{gp}", "Practitioner/x{0}", "decoy,li,pct")]
    [InlineData("family:exact", "Li", "x{0}", "li")]
    public async Task GivenALongerList_WhenBuilt_ThenItIsStillTheSameParametersAndFindsTheSame(string parameter, string value, string decoy, string expected)
    {
        string Values(int count) => string.Join(",", Enumerable.Range(0, count)
            .Select(i => i == 0 ? value.Replace("{t}", _tag, StringComparison.Ordinal).Replace("{li}", _ids["li"], StringComparison.Ordinal).Replace("{gp}", _ids["gp"], StringComparison.Ordinal) : string.Format(System.Globalization.CultureInfo.InvariantCulture, decoy, i)));

        var two = Build("Patient", $"{parameter}={Values(2)}");
        var hundred = Build("Patient", $"{parameter}={Values(100)}");

        // One bound list per column, whatever its length: SQLite caps a statement's parameters,
        // and one OR branch per value left PostgreSQL's plan to its row estimates. (String prefixes
        // on SQLite stay one LIKE each, bounded by SearchLimits.MaxValuesPerParameter.)
        Assert.Equal(two.Values.Count, hundred.Values.Count);
        Assert.Equal(two.Sql, hundred.Sql);
        Assert.Equal(expected.Split(','), (await RunAsync(two)).Order());
        Assert.Equal(expected.Split(','), (await RunAsync(hundred)).Order());
    }

    [Fact]
    public void GivenAList_WhenBuiltForEachProvider_ThenItIsOneArrayOnPostgresAndOneJsonArrayOnSqlite()
    {
        var statement = Build("Patient", "identifier=a,b,c");

        if (Provider == StoreProvider.Postgres)
        {
            Assert.Contains(statement.Values, v => v is string?[] { Length: 3 } codes && codes.SequenceEqual(["a", "b", "c"]));
            Assert.Contains("::text[]", statement.Sql, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("""["a","b","c"]""", statement.BoundText);
            Assert.Contains("json_each", statement.Sql, StringComparison.Ordinal);
            Assert.DoesNotContain(statement.Values, v => v is Array);
        }
    }

    [Theory]
    [InlineData("identifier")]
    [InlineData("family:exact")]
    public async Task GivenAValueLongerThanAnIndexKey_WhenBuilt_ThenWhatIsBoundIsTheKeyTheIndexStores(string parameter)
    {
        var value = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i * 7 % 26))));
        var statement = Build("Patient", $"{parameter}={value}");

        Assert.DoesNotContain(value, statement.BoundText);
        Assert.Contains(statement.BoundText, v => v.Contains(IndexKey.Fit(value)!, StringComparison.Ordinal));
        Assert.Empty(await RunAsync(statement));
    }

    [Fact]
    public async Task GivenNotAndMissing_WhenRun_ThenResourcesWithoutTheValueCountAsNotMatching()
    {
        Assert.Equal(["decoy", "pct", "quote"], (await RunAsync(Build("Patient", "gender:not=male"))).Order());
        Assert.Equal(["quote"], await RunAsync(Build("Patient", "birthdate:missing=true")));
        Assert.Equal(["decoy", "li", "pct"], (await RunAsync(Build("Patient", "general-practitioner:missing=false"))).Order());
    }

    [Fact]
    public async Task GivenAType_WhenRun_ThenOnlyCurrentLiveResourcesOfThatTypeAreFound()
    {
        // The Practitioner Li and the deleted Patient Li share the family, and the tag.
        Assert.Equal(["li"], await RunAsync(Build("Patient", "family=li")));
        Assert.Equal(["gp"], await RunAsync(Build("Practitioner", "family=li")));
        Assert.Equal(["li"], await RunAsync(Build("Patient", "gender=male")));
    }

    [Fact]
    public async Task GivenSortKeys_WhenBuilt_ThenTheirNamesAreBoundTheIdBreaksTiesAndMissingValuesComeLast()
    {
        var statement = Build("Patient", "_sort=-birthdate,family");

        Assert.EndsWith(", r.id ASC", statement.OrderBy, StringComparison.Ordinal);
        Assert.DoesNotContain("birthdate", statement.OrderBy, StringComparison.Ordinal);
        Assert.Contains("birthdate", statement.BoundText);
        Assert.Contains("family", statement.BoundText);
        Assert.Equal(["decoy", "pct", "li", "quote"], await RunAsync(statement));
        Assert.Equal(["li", "pct", "decoy", "quote"], await RunAsync(Build("Patient", "_sort=birthdate")));
        var byId = await RunAsync(Build("Patient", "_sort=_id"));
        Assert.Equal(byId.OrderBy(k => _ids[k], StringComparer.Ordinal), byId);
    }
}

public sealed class SearchSqlBuilderTestsOnSqlite(SqliteStoreFixture fixture) : SearchSqlBuilderTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SearchSqlBuilderTestsOnPostgres(PostgresStoreFixture fixture) : SearchSqlBuilderTests(fixture), IClassFixture<PostgresStoreFixture>;

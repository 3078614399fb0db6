using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Junk search strings: known and unknown parameters, modifiers, prefixes, bad percent-encodings,
/// long OR lists, repeated parameters, chains, <c>_has</c>, paging and sorting extremes, and
/// <c>_summary</c>/<c>_elements</c> on reads.
/// </summary>
internal static class SearchGenerators
{
    private static readonly string[] Types = ["Patient", "Observation", "Organization", "Location", "Practitioner", "PractitionerRole", "Claim", "Encounter", "Condition"];

    private static readonly string[] Parameters =
    [
        "name", "family", "given", "identifier", "birthdate", "gender", "address-city", "telecom", "organization", "general-practitioner",
        "code", "subject", "patient", "date", "value-quantity", "status", "category", "partof", "type", "active",
        "_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_text", "_content", "_list", "_query", "_filter",
        "foo", "_foo", "", " ", "name ", "NAME", "na%6De", "%00", "_", "-", "..",
    ];

    private static readonly string[] Modifiers =
    [
        "", "", "", ":missing", ":exact", ":contains", ":not", ":text", ":above", ":below", ":in", ":not-in", ":of-type", ":identifier",
        ":Patient", ":Junk", ":iterate", ":", "::", ":missing:not", ":MISSING",
    ];

    private static readonly string[] Prefixes = ["", "", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap", "zz", "GE", "gtgt"];

    private static readonly string[] Values =
    [
        "x", "", "true", "false", "2024", "2024-01-01", "2024-01-01T00:00:00Z", "2024-13-45", "9999-12-31T23:59:59+14:00", "0000",
        "1", "-1", "1e309", "5.4|http://unitsofmeasure.org|mmol/L", "5||", "||", "|", "|x", "x|", "urn:s|o17", "a\\|b", "a\\,b", "\\", "$",
        "Patient/1", "Patient/", "/Patient/1", "http://x/Patient/1", "Patient/1/_history/1", "Peña", "重庆市", "Núñez Peña",
        "%", "%g", "%zz", "%C3%28", "%00", "%FF%FE", "%2C", "%7C", "%25", "+", "'", "\"", "<script>", "' OR 1=1 --", "%27%3B%20DROP%20TABLE%20resource%3B--",
    ];

    public static Gen<FuzzRequest> Search(FuzzSeeds.Ids ids) => Gen.Frequency(
        (6, from type in Gen.Elements(Types) from parameters in Gen.ListOf(Parameter(), 5) select Get("search/junk", type, parameters)),
        (3, from type in Gen.Elements(Types) from p in Gen.Elements("identifier", "name", "family", "_id", "code", "subject", "birthdate", "value-quantity", "_tag", "status")
            from n in BodyGenerators.Sizes(2, 2_000) select Get("search/or-list", type, [$"{p}={string.Join(",", Enumerable.Range(0, n).Select(i => OrValue(p, i)))}"], $"{n} values")),
        (2, from type in Gen.Elements(Types) from p in Gen.Elements("identifier", "name", "_id", "foo", "_count", "_sort")
            from n in BodyGenerators.Sizes(2, 1_000) select Get("search/repeated", type, [.. Enumerable.Range(0, n).Select(i => $"{p}=v{i}")], $"{n} repeats")),
        (3, from type in Gen.Elements("Patient", "Observation", "PractitionerRole", "Organization") from chain in Chain() select Get("search/chain", type, [chain])),
        (3, from type in Gen.Elements("Patient", "Organization", "Practitioner") from has in Has() select Get("search/has", type, [has])),
        (3, from type in Gen.Elements(Types)
            from p in Gen.Elements("_count", "_offset")
            from v in Gen.Elements("0", "-1", "1", "1000", "1001", "100000", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "abc", "", "1.5", "1e3", "+5", " 5")
            from other in Gen.Elements("", "&_count=1", "&_offset=5", "&_summary=count", "&_total=accurate")
            select Get("search/paging", type, [$"{p}={v}{other}"])),
        (2, from type in Gen.Elements(Types) from sort in Gen.Elements("junk", "-", "--name", "name,-birthdate,_id", "_lastUpdated", "-_lastUpdated", "name:foo", ",", "_score", "%00", "birthdate,birthdate", "identifier", "subject.name")
            select Get("search/sort", type, [$"_sort={sort}"])),
        (3, from type in Gen.Elements(Types) from p in Gen.Elements("_summary", "_elements", "_include", "_revinclude", "_total", "_format", "_contained", "_containedType", "_pretty")
            from v in Gen.Elements("true", "false", "text", "data", "count", "junk", "", "id", "name,junk", "name.family", "*", "Patient:organization", "Junk:x", "Observation:subject:iterate", "xml", "json", "application/fhir+xml", "text/html", "both", "container")
            select Get("search/result-parameter", type, [$"{p}={v}"])),
        (4, from id in Gen.Elements(ids.Patients.Take(5).ToArray())
            from p in Gen.Elements("_summary=true", "_summary=text", "_summary=data", "_summary=count", "_summary=false", "_summary=junk", "_elements=id", "_elements=", "_elements=name,junk",
                "_elements=meta.versionId", "_format=xml", "_format=json", "_format=junk", "_format=text/turtle", "_pretty=true", "_summary=true&_elements=id", "_summary=text&_format=xml")
            select new FuzzRequest { Kind = "search", Class = "read/summary-elements", Path = $"/fhir/Patient/{id}?{p}" }),
        (2, from type in Gen.Elements(Types) from parameters in Gen.ListOf(Parameter(), 4) from contentType in Gen.Elements("application/x-www-form-urlencoded", "application/fhir+json", "text/plain", "")
            select new FuzzRequest
            {
                Kind = "search",
                Class = "search/post",
                Method = "POST",
                Path = $"/fhir/{type}/_search",
                Headers = contentType.Length > 0 ? [new("Content-Type", contentType)] : [],
                Body = System.Text.Encoding.UTF8.GetBytes(string.Join("&", parameters)),
            }));

    private static FuzzRequest Get(string cls, string type, IEnumerable<string> parameters, string? note = null) => new()
    {
        Kind = "search",
        Class = cls,
        Path = $"/fhir/{type}?{string.Join("&", parameters)}",
        Note = note,
    };

    private static string OrValue(string parameter, int i) => parameter switch
    {
        "identifier" => $"urn:s|o{i}",
        "birthdate" => $"ge19{i % 100:00}-01-01",
        "value-quantity" => $"{i}|http://unitsofmeasure.org|mmol/L",
        "subject" => $"Patient/p{i}",
        _ => "v" + i.ToString(CultureInfo.InvariantCulture),
    };

    private static Gen<string> Parameter() =>
        from name in Gen.Elements(Parameters)
        from modifier in Gen.Elements(Modifiers)
        from prefix in Gen.Elements(Prefixes)
        from value in Gen.Elements(Values)
        from separator in Gen.Elements("=", "=", "=", "", "==", "=&=")
        from missing in Gen.Elements("true", "false", "x")
        from raw in Gen.Choose(0, 9)
        select name + modifier + separator + (modifier == ":missing" ? missing : prefix + (raw == 0 ? value : Escape(value)));

    /// <summary>
    /// What a client library would percent-encode (spaces, quotes, non-ASCII) — most of the time, so
    /// the junk reaches the search parser instead of Kestrel's request-line check; junk escapes stay.
    /// </summary>
    private static string Escape(string value) => string.Concat(value.Select(c => c is <= ' ' or >= (char)0x7F or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '}' or '\''
        ? string.Concat(System.Text.Encoding.UTF8.GetBytes(c.ToString()).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)))
        : c.ToString()));

    private static Gen<string> Chain() => Gen.Elements(
        "subject.name=Fuzz", "subject:Patient.name=Fuzz", "subject:Junk.name=x", "subject.foo=x", "subject.=x", "subject..name=x",
        "organization.partof.partof.partof.name=x", "general-practitioner.organization.name=x", "subject.organization.partof.name=x",
        "practitioner.name=x", "organization.name:contains=%E5%8C%BB%E9%99%A2", "subject._id=x", "subject._lastUpdated:missing=true", "subject.birthdate=gt2000",
        "subject:Patient.general-practitioner:Practitioner.name=x", string.Join(".", Enumerable.Repeat("partof", 50)) + ".name=x",
        "name.family=x", "_id.x=y", "subject:missing=true", "subject:identifier=urn:s|1");

    private static Gen<string> Has() => Gen.Elements(
        "_has:Observation:patient:code=8867-4", "_has:Observation:subject:status=final", "_has:Junk:x:y=1", "_has:Observation:junk:code=1",
        "_has:Observation:subject:_has:Observation:subject:code=x", "_has:=1", "_has:Observation=1", "_has:Observation:subject=1",
        "_has:PractitionerRole:organization:practitioner=Practitioner/x", "_has:Observation:patient:code:missing=true",
        string.Concat(Enumerable.Repeat("_has:Observation:subject:", 30)) + "code=1", "_has:Observation:subject:code=" + string.Join(",", Enumerable.Range(0, 600)));
}

using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Malformed batches and transactions: circular urn:uuid references, duplicate fullUrls, wrong
/// methods, nested bundles, many entries, and a transaction whose later entry fails and so must
/// leave no trace of the earlier ones.
/// </summary>
internal static class BundleGenerators
{
    public static Gen<FuzzRequest> Bundles(FuzzSeeds.Ids ids) =>
        from marker in BodyGenerators.Markers()
        from type in Gen.Elements("transaction", "transaction", "batch")
        from shape in Gen.Frequency(
            (3, Gen.Constant("valid")), (6, Gen.Constant("failing-entry")), (2, Gen.Constant("circular")), (2, Gen.Constant("duplicate-fullurl")),
            (3, Gen.Constant("wrong-method")), (2, Gen.Constant("nested")), (2, Gen.Constant("bundle-type")), (2, Gen.Constant("many-entries")), (2, Gen.Constant("entry-headers")))
        from variant in Gen.Choose(0, 1_000_000)
        from many in BodyGenerators.Sizes(2, FuzzSettings.MaxEntries)
        select Build(marker, type, shape, variant, many, ids);

    private static FuzzRequest Build(string marker, string type, string shape, int variant, int many, FuzzSeeds.Ids ids)
    {
        var entries = new JsonArray();
        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = type, ["entry"] = entries };
        string? note = null;
        entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000001", Patient(marker), "POST", "Patient"));
        switch (shape)
        {
            case "valid":
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", Observation(marker, "urn:uuid:00000000-0000-4000-8000-000000000001"), "POST", "Observation"));
                break;
            case "failing-entry":
                var failing = FailingEntries(marker, ids);
                var (failNote, failingEntry) = failing[variant % failing.Length];
                note = "second entry: " + failNote;
                entries.Add(failingEntry);
                break;
            case "circular":
                var a = Patient(marker);
                a["link"] = new JsonArray(new JsonObject { ["other"] = new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000003" }, ["type"] = "seealso" });
                var b = Patient(marker);
                b["link"] = new JsonArray(new JsonObject { ["other"] = new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000002" }, ["type"] = "seealso" });
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", a, "POST", "Patient"));
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000003", b, variant % 2 == 0 ? "POST" : "PUT", variant % 2 == 0 ? "Patient" : "Patient?identifier=" + FuzzSeeds.MarkerSystem + "|" + marker + "-b"));
                var self = Observation(marker, "urn:uuid:00000000-0000-4000-8000-000000000004");
                self["hasMember"] = new JsonArray(new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000004" });
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000004", self, "POST", "Observation"));
                break;
            case "duplicate-fullurl":
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000001", Patient(marker), "POST", "Patient"));
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", Observation(marker, "urn:uuid:00000000-0000-4000-8000-000000000001"), "POST", "Observation"));
                break;
            case "wrong-method":
                var wrong = new (string Method, string? Url)[]
                {
                    ("FOO", "Patient"), ("GET", "Patient"), ("HEAD", "Patient"), ("PATCH", "Patient/x"), ("DELETE", null), ("", "Patient"), ("post", "Patient"),
                    ("POST", null), ("POST", ""), ("POST", "http://other.example/fhir/Patient"), ("POST", "Patient/../Organization"), ("POST", "/fhir/Patient"),
                    ("POST", "Organization"), ("PUT", "Patient"), ("PUT", "Patient/"), ("GET", "Patient?_count=100000"), ("GET", "Patient/" + new string('a', 5000)), ("DELETE", "Patient?foo=bar"),
                };
                var (method, url) = wrong[variant % wrong.Length];
                note = $"method {method}, url {url ?? "(none)"}";
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", Patient(marker), method, url));
                break;
            case "nested":
                var depth = 1 + (variant % 50);
                note = $"{depth} nested bundles";
                JsonObject inner = new() { ["resourceType"] = "Bundle", ["type"] = "transaction", ["entry"] = new JsonArray(Entry("urn:uuid:00000000-0000-4000-8000-00000000000a", Patient(marker), "POST", "Patient")) };
                for (var i = 1; i < depth; i++)
                {
                    inner = new JsonObject { ["resourceType"] = "Bundle", ["type"] = i % 2 == 0 ? "transaction" : "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = inner }) };
                }
                entries.Add(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", inner, "POST", "Bundle"));
                break;
            case "bundle-type":
                var types = new string?[] { "searchset", "collection", "document", "history", "junk", null, "transaction-response", "message", "" };
                bundle["type"] = types[variant % types.Length] is { } t ? JsonValue.Create(t) : null;
                note = "type " + (types[variant % types.Length] ?? "(none)");
                break;
            case "many-entries":
                note = $"{many} entries";
                for (var i = 1; i < many; i++)
                {
                    entries.Add(Entry($"urn:uuid:00000000-0000-4000-8000-{i + 100:000000000000}", Patient(marker), "POST", "Patient"));
                }
                break;
            default: // entry-level conditional headers
                var headers = new (string Name, string Value)[]
                {
                    ("ifNoneExist", "foo=bar"), ("ifNoneExist", ""), ("ifNoneExist", "identifier=" + FuzzSeeds.MarkerSystem + "|" + marker), ("ifMatch", "junk"), ("ifMatch", "W/\"999\""),
                    ("ifNoneMatch", "*"), ("ifModifiedSince", "junk"), ("ifNoneExist", "%zz"),
                };
                var (name, value) = headers[variant % headers.Length];
                note = $"{name}: {value}";
                var entry = Entry("urn:uuid:00000000-0000-4000-8000-000000000002", Patient(marker), name == "ifMatch" ? "PUT" : "POST", name == "ifMatch" ? "Patient/" + ids.Patients[0] : "Patient");
                entry["request"]![name] = value;
                entries.Add(entry);
                break;
        }
        var isTransaction = (string?)bundle["type"] == "transaction";
        return new FuzzRequest
        {
            Kind = "bundle",
            Class = $"bundle/{(string?)bundle["type"] ?? "none"}/{shape}",
            Method = "POST",
            Path = "/fhir",
            Headers = [new("Content-Type", BodyGenerators.JsonType)],
            Body = Encoding.UTF8.GetBytes(bundle.ToJsonString()),
            TransactionMarker = isTransaction ? marker : null,
            Note = note,
        };
    }

    private static (string Note, JsonObject Entry)[] FailingEntries(string marker, FuzzSeeds.Ids ids)
    {
        var badStatus = Observation(marker, "urn:uuid:00000000-0000-4000-8000-000000000001");
        badStatus["status"] = "bogus";
        var dangling = Observation(marker, "urn:uuid:00000000-0000-4000-8000-0000000000ff");
        var noValue = Patient(marker);
        noValue["extension"] = new JsonArray(new JsonObject { ["url"] = "http://x.org/y" });
        var wrongType = Patient(marker);
        var stale = Patient(marker);
        stale["id"] = ids.Patients[0];
        return
        [
            ("Observation.status bogus", Entry("urn:uuid:00000000-0000-4000-8000-000000000002", badStatus, "POST", "Observation")),
            ("reference to an urn:uuid not in the bundle", Entry("urn:uuid:00000000-0000-4000-8000-000000000002", dangling, "POST", "Observation")),
            ("extension without value (ext-1)", Entry("urn:uuid:00000000-0000-4000-8000-000000000002", noValue, "POST", "Patient")),
            ("Patient posted to Observation", Entry("urn:uuid:00000000-0000-4000-8000-000000000002", wrongType, "POST", "Observation")),
            ("PUT with a stale If-Match", WithRequest(Entry(null, stale, "PUT", "Patient/" + ids.Patients[0]), "ifMatch", "W/\"999\"")),
            ("DELETE of an unknown type", Entry(null, null, "DELETE", "Junk/1")),
            ("conditional create matching several", WithRequest(Entry("urn:uuid:00000000-0000-4000-8000-000000000002", Patient(marker), "POST", "Patient"), "ifNoneExist", "active=true")),
            ("resource with no resourceType", Entry("urn:uuid:00000000-0000-4000-8000-000000000002", new JsonObject { ["id"] = "x" }, "POST", "Patient")),
        ];
    }

    private static JsonObject WithRequest(JsonObject entry, string name, string value)
    {
        entry["request"]![name] = value;
        return entry;
    }

    private static JsonObject Entry(string? fullUrl, JsonObject? resource, string method, string? url)
    {
        var request = new JsonObject { ["method"] = method };
        if (url is not null)
        {
            request["url"] = url;
        }
        var entry = new JsonObject();
        if (fullUrl is not null)
        {
            entry["fullUrl"] = fullUrl;
        }
        if (resource is not null)
        {
            entry["resource"] = resource;
        }
        entry["request"] = request;
        return entry;
    }

    private static JsonObject Patient(string marker) => JsonNode.Parse(FuzzSeeds.PatientJson(marker))!.AsObject();

    private static JsonObject Observation(string marker, string subject)
    {
        var observation = JsonNode.Parse(FuzzSeeds.ObservationJson(marker, "x"))!.AsObject();
        observation["subject"] = new JsonObject { ["reference"] = subject };
        return observation;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Mutated JSON and XML resource bodies, sent to create, update, <c>$validate</c> and conditional
/// create: valid seeds, then type swaps, truncation, bad encodings, duplicate keys, extreme values,
/// huge strings, deep nesting, and (XML) DTDs, entities and namespaces.
/// </summary>
internal static class BodyGenerators
{
    internal const string JsonType = "application/fhir+json";
    internal const string XmlType = "application/fhir+xml";

    private static readonly string[] SwappedValues = ["0", "-1", "1.5", "true", "false", "null", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":1}", "[null]", "\"2024-01-01\""];
    private static readonly string[] ExtremeNumbers = ["1e309", "-1e309", "1e-400", "99999999999999999999999999999999999999", "2147483648", "-9223372036854775809", "-0", "0.000000000000000000000000000001", "1E+2", "01", "NaN", "Infinity", "0x10", "1.", ".5", "1e99999999999"];
    internal static readonly string[] ExtremeDates = ["0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "-0001-01-01", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "1980", "1980-1", "1980-01-01T25:00:00Z", "1980-01-01T23:59:60Z", "1980-01-01T10:00:00+15:00", "1980-01-01T10:00", "1980-01-01T10:00:00.1234567890123Z", "99999999999", "today", "", " 1980-01-01", "1980-01-01\u0000"];
    private static readonly byte[][] BadUtf8 = [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xF4, 0x90, 0x80, 0x80]];

    public static Gen<FuzzRequest> Json(FuzzSeeds.Ids ids) =>
        from marker in Markers()
        from seed in Gen.Elements(
            (Type: "Patient", Text: FuzzSeeds.PatientJson(marker)),
            (Type: "Observation", Text: FuzzSeeds.ObservationJson(marker, ids.Patients[0])),
            (Type: "Organization", Text: FuzzSeeds.OrganizationJson(marker, ids.Organizations[0])))
        from mutation in JsonMutation(seed.Type, seed.Text)
        from target in Target(seed.Type, ids, JsonType)
        select target with { Kind = "json", Class = "json/" + mutation.Class, Body = mutation.Body, Note = mutation.Note };

    public static Gen<FuzzRequest> Xml(FuzzSeeds.Ids ids) =>
        from marker in Markers()
        from seed in Gen.Elements(
            (Type: "Patient", Text: FuzzSeeds.PatientXml(marker)),
            (Type: "Observation", Text: FuzzSeeds.ObservationXml(marker, ids.Patients[^1])),
            (Type: "Organization", Text: FuzzSeeds.OrganizationXml(marker, ids.Organizations[^1])))
        from mutation in XmlMutation(seed.Type, seed.Text)
        from target in Target(seed.Type, ids, XmlType)
        select target with { Kind = "xml", Class = "xml/" + mutation.Class, Body = mutation.Body, Note = mutation.Note };

    internal static Gen<string> Markers() => Gen.Choose(0, int.MaxValue).Select(n => "m" + n.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Where a body goes: create (most), update of a new or a demo id, $validate, conditional create.</summary>
    private static Gen<FuzzRequest> Target(string type, FuzzSeeds.Ids ids, string contentType) =>
        from choice in Gen.Choose(0, 99)
        from id in Gen.Elements(ids.Patients.Concat(ids.Organizations).Take(3).Append("fz-new").ToArray())
        from accept in Gen.Elements(JsonType, XmlType, "*/*")
        select choice switch
        {
            < 60 => Request("POST", $"/fhir/{type}", contentType, accept),
            < 75 => Request("PUT", $"/fhir/{type}/{(id == "fz-new" ? "fz" + choice.ToString(System.Globalization.CultureInfo.InvariantCulture) : id)}", contentType, accept),
            < 90 => Request("POST", $"/fhir/{type}/$validate", contentType, accept),
            _ => Request("POST", $"/fhir/{type}", contentType, accept) with
            {
                Headers = [new("Content-Type", contentType), new("Accept", accept), new("If-None-Exist", $"identifier={FuzzSeeds.MarkerSystem}|m{choice}")],
            },
        };

    private static FuzzRequest Request(string method, string path, string contentType, string accept) => new()
    {
        Kind = "body",
        Class = "body",
        Method = method,
        Path = path,
        Headers = [new("Content-Type", contentType), new("Accept", accept)],
    };

    internal sealed record Mutation(string Class, byte[] Body, string? Note = null);

    private static Mutation Text(string cls, string text, string? note = null) => new(cls, Encoding.UTF8.GetBytes(text), note);

    private static Gen<Mutation> JsonMutation(string type, string seed) => Gen.Frequency(
        (14, Gen.Constant(Text("valid", seed))),
        (6, from at in Gen.Choose(0, 10_000) from value in Gen.Elements(SwappedValues) select Text("type-swap", SwapJsonValue(seed, at, value))),
        (3, Gen.Elements(
            Text("resource-type", seed.Replace($"\"resourceType\":\"{type}\",", "", StringComparison.Ordinal)),
            Text("resource-type", seed.Replace($"\"resourceType\":\"{type}\"", "\"resourceType\":\"Junk\"", StringComparison.Ordinal)),
            Text("resource-type", seed.Replace($"\"resourceType\":\"{type}\"", $"\"resourceType\":\"{type.ToLowerInvariant()}\"", StringComparison.Ordinal)),
            Text("resource-type", seed.Replace($"\"resourceType\":\"{type}\"", "\"resourceType\":\"Bundle\"", StringComparison.Ordinal)))),
        (3, Gen.Elements(
            Text("unknown-element", seed.Insert(1, "\"foo\":1,")),
            Text("unknown-element", seed.Insert(1, "\"_id\":{\"extension\":[{\"url\":\"x\"}]},")),
            Text("unknown-element", seed.Insert(1, "\"id\":\"../../etc\",")),
            Text("unknown-element", seed.Insert(1, "\"id\":\"" + new string('a', 65) + "\",")),
            Text("unknown-element", seed.Insert(1, "\"meta\":{\"versionId\":\"-1\",\"lastUpdated\":\"9999-12-31T23:59:59Z\",\"profile\":[\"http://junk/\"]},")),
            Text("unknown-element", seed.Insert(1, "\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><script>alert(1)</script></div>\"},")))),
        (4, Gen.Elements("\"resourceType\":\"Organization\",", "\"identifier\":[],", "\"active\":false,", "\"active\":\"yes\",", "\"id\":\"a\",\"id\":\"b\",")
            .Select(dup => Text("duplicate-key", seed.Insert(1, dup)))),
        (3, from value in Gen.Elements(ExtremeNumbers) select Text("extreme-number", ExtremeNumber(type, seed, value))),
        (3, from value in Gen.Elements(ExtremeDates) select Text("extreme-date", ExtremeDate(type, seed, value))),
        (3, from length in Sizes(1_000, FuzzSettings.MaxString) from c in Gen.Elements('a', '重', ' ', '\\')
            select Text("huge-string", ReplaceFirstString(seed, c == '\\' ? string.Concat(Enumerable.Repeat("\\u0000", length / 6)) : new string(c, length)), $"{length} chars")),
        (2, Gen.Elements("\\ud800", "\\udfff\\ud800", "\\u0000", "\u0001", "\t\n", "\\x41", "\\")
            .Select(s => Text("bad-escape", ReplaceFirstString(seed, s)))),
        (4, from cut in Gen.Choose(0, seed.Length - 1) select Text("truncated", seed[..cut], $"cut at {cut}")),
        (4, from at in Gen.Choose(0, seed.Length) from bad in Gen.Elements(BadUtf8) select new Mutation("invalid-utf8", Splice(seed, at, bad))),
        (2, Gen.Elements(
            new Mutation("bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(seed)]),
            new Mutation("bom", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(seed)]),
            new Mutation("bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(seed)]),
            new Mutation("bom", Encoding.BigEndianUnicode.GetBytes(seed)))),
        (5, from depth in Depths(FuzzSettings.MaxJsonDepth) from shape in Gen.Choose(0, 3) select DeepJson(type, depth, shape)),
        (3, Gen.Elements("", "null", "[]", "{}", "\"Patient\"", "1", "{\"resourceType\":null}", "{\"resourceType\":\"Patient\",}", "{'resourceType':'Patient'}", "// c\n{\"resourceType\":\"Patient\"}",
                new string(' ', 1_000_000), "{\"resourceType\":\"Patient\"}{\"resourceType\":\"Patient\"}")
            .Select(s => Text("degenerate", s))));

    private static Gen<Mutation> XmlMutation(string type, string seed) => Gen.Frequency(
        (14, Gen.Constant(Text("valid", seed))),
        (5, from at in Gen.Choose(0, 10_000) from value in Gen.Elements("", "true1", "-0", "1e309", "x", "&amp;", "&#0;", "&#xD800;", "9999-99-99", " ") select Text("attribute-swap", SwapXmlAttribute(seed, at, value))),
        (3, Gen.Elements(
            Text("namespace", seed.Replace(" xmlns=\"http://hl7.org/fhir\"", "", StringComparison.Ordinal)),
            Text("namespace", seed.Replace("http://hl7.org/fhir", "http://hl7.org/fhir/junk", StringComparison.Ordinal)),
            Text("namespace", $"<f:{type} xmlns:f=\"http://hl7.org/fhir\"/>"),
            Text("namespace", seed.Replace($"<{type} ", "<Junk ", StringComparison.Ordinal).Replace($"</{type}>", "</Junk>", StringComparison.Ordinal)),
            Text("namespace", InsertAfterRoot(seed, "<foo value=\"1\"/>")),
            Text("namespace", InsertAfterRoot(seed, "<active value=\"true\" value=\"false\"/>")),
            Text("namespace", InsertAfterRoot(seed, "<text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div></text>")),
            Text("namespace", InsertAfterRoot(seed, "<!-- comment --><?pi data?><![CDATA[ x ]]>")))),
        (5, Gen.Elements(
            Text("dtd", $"<?xml version=\"1.0\"?><!DOCTYPE {type} [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + ReplaceFirstAttribute(seed, "&xxe;")),
            Text("dtd", $"<?xml version=\"1.0\"?><!DOCTYPE {type} SYSTEM \"http://127.0.0.1:9/evil.dtd\">" + seed),
            Text("dtd", $"<?xml version=\"1.0\"?><!DOCTYPE {type} [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>" + seed),
            Text("dtd", BillionLaughs(type, seed)),
            Text("dtd", $"<!DOCTYPE {type}>" + seed),
            Text("dtd", $"<?xml version=\"1.0\"?><!DOCTYPE {type} [<!ENTITY a \"{new string('x', 10_000)}\">]>" + ReplaceFirstAttribute(seed, string.Concat(Enumerable.Repeat("&a;", 1000)))))),
        (2, from value in Gen.Elements(ExtremeDates) select Text("extreme-date", XmlDate(type, seed, value))),
        (3, from length in Sizes(1_000, FuzzSettings.MaxString) select Text("huge-string", ReplaceFirstAttribute(seed, new string('x', length)), $"{length} chars")),
        (4, from cut in Gen.Choose(0, seed.Length - 1) select Text("truncated", seed[..cut], $"cut at {cut}")),
        (4, from at in Gen.Choose(0, seed.Length) from bad in Gen.Elements(BadUtf8) select new Mutation("invalid-utf8", Splice(seed, at, bad))),
        (3, Gen.Elements(
            new Mutation("bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(seed)]),
            new Mutation("bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(seed)]),
            Text("bom", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + seed),
            Text("bom", "<?xml version=\"1.0\" encoding=\"junk\"?>" + seed),
            Text("bom", "<?xml version=\"2.0\"?>" + seed),
            new Mutation("bom", [.. Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), .. Encoding.UTF8.GetBytes(seed)]))),
        (5, from depth in Depths(FuzzSettings.MaxXmlDepth) from shape in Gen.Choose(0, 2) select DeepXml(type, depth, shape)),
        (2, Gen.Elements("", "<", "<Patient/>", "<Patient xmlns=\"http://hl7.org/fhir\"/>", "<?xml version=\"1.0\"?>", "text", "<Patient xmlns=\"http://hl7.org/fhir\"></Patient><Patient/>", "<a:b:c/>")
            .Select(s => Text("degenerate", s))));

    /// <summary>Mostly small sizes, sometimes large: a log-uniform spread between the bounds.</summary>
    internal static Gen<int> Sizes(int low, int high) =>
        from exponent in Gen.Choose(0, 1000)
        select (int)Math.Round(low * Math.Pow((double)high / low, exponent / 1000.0));

    /// <summary>Nesting depths: the interesting ones (the validator hole at 3, the JSON writer's 64, the crash near 7,000) and a spread up to the maximum.</summary>
    internal static Gen<int> Depths(int max) => Gen.Frequency(
        (4, Gen.Elements(new[] { 1, 2, 3, 4, 10, 63, 64, 65, 100, 300, 500, 1000, 5000 }.Where(d => d <= max).ToArray())),
        (3, Sizes(1, max)),
        (1, Gen.Constant(max)));

    private static Mutation DeepJson(string type, int depth, int shape)
    {
        const string url = "http://x.org/y";
        var body = new StringBuilder(depth * 40 + 100);
        var head = $"{{\"resourceType\":\"{type}\",";
        switch (shape)
        {
            case 0: // nested extensions with a value at the bottom (the issue's "poisoned type" input)
                body.Append(head).Append("\"extension\":[");
                Repeat(body, $"{{\"url\":\"{url}\",\"extension\":[", depth - 1).Append($"{{\"url\":\"{url}\",\"valueString\":\"v\"}}");
                Repeat(body, "]}", depth - 1).Append("]}");
                return new Mutation("deep-extension", Encoding.UTF8.GetBytes(body.ToString()), $"depth {depth}");
            case 1: // nested extensions without any value (ext-1 at every level)
                body.Append(head).Append("\"extension\":[");
                Repeat(body, $"{{\"url\":\"{url}\",\"extension\":[", depth - 1).Append($"{{\"url\":\"{url}\"}}");
                Repeat(body, "]}", depth - 1).Append("]}");
                return new Mutation("deep-extension-novalue", Encoding.UTF8.GetBytes(body.ToString()), $"depth {depth}");
            case 2: // nested contained resources (dom-2 forbids even the second level)
                body.Append(head).Append("\"contained\":[");
                Repeat(body, "{\"resourceType\":\"Patient\",\"id\":\"c\",\"contained\":[", depth - 1).Append("{\"resourceType\":\"Patient\",\"id\":\"c\"}");
                Repeat(body, "]}", depth - 1).Append("]}");
                return new Mutation("deep-contained", Encoding.UTF8.GetBytes(body.ToString()), $"depth {depth}");
            default: // plain JSON arrays where a string belongs
                body.Append(head).Append("\"language\":");
                Repeat(body, "[", depth).Append('1');
                Repeat(body, "]", depth).Append('}');
                return new Mutation("deep-array", Encoding.UTF8.GetBytes(body.ToString()), $"depth {depth}");
        }
    }

    private static Mutation DeepXml(string type, int depth, int shape)
    {
        var body = new StringBuilder(depth * 40 + 100).Append($"<{type} xmlns=\"http://hl7.org/fhir\">");
        switch (shape)
        {
            case 0:
                Repeat(body, "<extension url=\"http://x.org/y\">", depth).Append("<valueString value=\"v\"/>");
                Repeat(body, "</extension>", depth);
                break;
            case 1:
                Repeat(body, "<extension url=\"http://x.org/y\">", depth);
                Repeat(body, "</extension>", depth);
                break;
            default: // unknown elements: the reader must stop them as early as known ones
                Repeat(body, "<a>", depth);
                Repeat(body, "</a>", depth);
                break;
        }
        body.Append($"</{type}>");
        return new Mutation(shape == 2 ? "deep-unknown" : "deep-extension", Encoding.UTF8.GetBytes(body.ToString()), $"depth {depth}");
    }

    internal static StringBuilder Repeat(StringBuilder builder, string text, int times)
    {
        for (var i = 0; i < times; i++)
        {
            builder.Append(text);
        }
        return builder;
    }

    private static string SwapJsonValue(string seed, int at, string value)
    {
        var root = JsonNode.Parse(seed)!;
        var values = new List<JsonNode>();
        Collect(root, values);
        var victim = values[at % values.Count];
        var replacement = JsonNode.Parse(value);
        switch (victim.Parent)
        {
            case JsonObject parent:
                parent[victim.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[victim.GetElementIndex()] = replacement;
                break;
        }
        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        if (node.Parent is not null)
        {
            into.Add(node);
        }
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null)
            {
                Collect(child, into);
            }
        }
    }

    private static string ExtremeNumber(string type, string seed, string value) => type switch
    {
        "Observation" => seed.Replace("\"value\":72", "\"value\":" + value, StringComparison.Ordinal),
        _ => seed.Insert(1, "\"multipleBirthInteger\":" + value + ","),
    };

    private static string ExtremeDate(string type, string seed, string value) => type switch
    {
        "Patient" => seed.Replace("1980-02-29", value, StringComparison.Ordinal),
        "Observation" => seed.Replace("2024-05-01T08:30:00+08:00", value, StringComparison.Ordinal),
        _ => seed.Insert(1, $"\"meta\":{{\"lastUpdated\":\"{value}\"}},"),
    };

    private static string XmlDate(string type, string seed, string value) => type switch
    {
        "Patient" => seed.Replace("1975-06-01", value, StringComparison.Ordinal),
        "Observation" => seed.Replace("2024-05-01T08:30:00+08:00", value, StringComparison.Ordinal),
        _ => InsertAfterRoot(seed, $"<meta><lastUpdated value=\"{value}\"/></meta>"),
    };

    /// <summary>Replaces the text of the first string value after the resource type (a name, a system).</summary>
    private static string ReplaceFirstString(string seed, string replacement)
    {
        var start = seed.IndexOf(":\"", seed.IndexOf(',', StringComparison.Ordinal), StringComparison.Ordinal);
        if (start < 0)
        {
            return seed;
        }
        var end = seed.IndexOf('"', start + 2);
        return seed[..(start + 2)] + replacement + seed[end..];
    }

    private static string ReplaceFirstAttribute(string seed, string replacement)
    {
        var start = seed.IndexOf("value=\"", StringComparison.Ordinal);
        var end = seed.IndexOf('"', start + 7);
        return seed[..(start + 7)] + replacement + seed[end..];
    }

    private static string SwapXmlAttribute(string seed, int at, string value)
    {
        var positions = new List<int>();
        for (var i = seed.IndexOf("value=\"", StringComparison.Ordinal); i >= 0; i = seed.IndexOf("value=\"", i + 1, StringComparison.Ordinal))
        {
            positions.Add(i);
        }
        var start = positions[at % positions.Count] + 7;
        var end = seed.IndexOf('"', start);
        return seed[..start] + value + seed[end..];
    }

    private static string InsertAfterRoot(string seed, string xml) => seed.Insert(seed.IndexOf('>', StringComparison.Ordinal) + 1, xml);

    private static string BillionLaughs(string type, string seed)
    {
        var dtd = new StringBuilder($"<?xml version=\"1.0\"?><!DOCTYPE {type} [<!ENTITY l0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            dtd.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        }
        return dtd.Append("]>").Append(ReplaceFirstAttribute(seed, "&l9;")).ToString();
    }

    private static byte[] Splice(string text, int at, byte[] bytes)
    {
        var encoded = Encoding.UTF8.GetBytes(text);
        at = Math.Min(at, encoded.Length);
        return [.. encoded[..at], .. bytes, .. encoded[at..]];
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>Junk headers, junk ids and paths, and malformed HTTP sent raw on the socket.</summary>
internal static class DoorGenerators
{
    private static readonly string[] ContentTypes =
    [
        "application/fhir+json", "application/json", "application/fhir+xml", "application/xml", "text/xml", "text/plain", "", ";;;", "application/fhir+json; charset=utf-16",
        "application/fhir+json; charset=latin1", "application/fhir+json; fhirVersion=3.0", "application/fhir+xml; charset=\"", "multipart/form-data; boundary=", "application/x-www-form-urlencoded",
        "application/json-patch+json", "application/octet-stream", "*/*", "application/", "/", "application/fhir+json, application/fhir+xml", "application/fhir+turtle",
    ];

    private static readonly string[] Accepts =
    [
        "*/*", "application/fhir+xml;q=0", "text/html", "application/fhir+json;fhirVersion=3.0", "application/fhir+json;q=abc", "application/xml, application/json;q=0.1", "",
        "image/png", "application/fhir+xml;charset=utf-16", ";", "application/fhir+json;q=0, application/fhir+xml;q=0", "application/fhir+ndjson", new string('a', 8_000),
    ];

    private static readonly string[] IfMatch = ["W/\"1\"", "\"1\"", "W/\"abc\"", "*", "W/\"\"", "W/\"999999999999999999999\"", "W/\"-1\"", "junk", "W/1", "W/\"1\", W/\"2\"", ""];

    private static readonly string[] IfNoneExist =
    [
        "identifier=" + FuzzSeeds.MarkerSystem + "|nothing", "foo=bar", "", "=", "&&", "_id=", "identifier", "http://x/Patient?identifier=a|b", "identifier=a|b&name=x", "_count=1",
        "identifier:missing=true&" + "identifier=" + FuzzSeeds.MarkerSystem + "|m", "%zz", "name=" + new string('x', 5_000),
    ];

    private static readonly string[] Prefer =
    [
        "return=representation", "return=OperationOutcome", "return=minimal", "handling=strict", "handling=lenient", "respond-async", "return=junk", "junk", "", "return=", ";;", "handling=strict, return=minimal",
    ];

    public static Gen<FuzzRequest> Headers(FuzzSeeds.Ids ids) =>
        from marker in BodyGenerators.Markers()
        from target in Gen.Elements(0, 1, 2, 3, 4)
        from headers in Gen.ListOf(Header(), 4)
        from patientId in Gen.Elements(ids.Patients.Take(5).ToArray())
        select target switch
        {
            0 => new FuzzRequest { Kind = "headers", Class = "headers/read", Path = $"/fhir/Patient/{patientId}", Headers = [.. headers] },
            1 => new FuzzRequest { Kind = "headers", Class = "headers/search", Path = "/fhir/Patient?name=Fuzz", Headers = [.. headers] },
            2 => new FuzzRequest { Kind = "headers", Class = "headers/create", Method = "POST", Path = "/fhir/Patient", Headers = [.. headers], Body = Encoding.UTF8.GetBytes(FuzzSeeds.PatientJson(marker)) },
            3 => new FuzzRequest { Kind = "headers", Class = "headers/update", Method = "PUT", Path = $"/fhir/Patient/{patientId}", Headers = [.. headers], Body = Encoding.UTF8.GetBytes(FuzzSeeds.PatientJson(marker).Insert(1, $"\"id\":\"{patientId}\",")) },
            _ => new FuzzRequest { Kind = "headers", Class = "headers/create-xml", Method = "POST", Path = "/fhir/Patient", Headers = [.. headers], Body = Encoding.UTF8.GetBytes(FuzzSeeds.PatientXml(marker)) },
        };

    private static Gen<KeyValuePair<string, string>> Header() => Gen.Frequency(
        (4, Gen.Elements(ContentTypes).Select(v => new KeyValuePair<string, string>("Content-Type", v))),
        (3, Gen.Elements(Accepts).Select(v => new KeyValuePair<string, string>("Accept", v))),
        (2, Gen.Elements(IfMatch).Select(v => new KeyValuePair<string, string>("If-Match", v))),
        (2, Gen.Elements(IfNoneExist).Select(v => new KeyValuePair<string, string>("If-None-Exist", v))),
        (2, Gen.Elements(Prefer).Select(v => new KeyValuePair<string, string>("Prefer", v))),
        (1, Gen.Elements(
            new KeyValuePair<string, string>("If-None-Match", "W/\"1\""), new("If-None-Match", "*"), new("If-Modified-Since", "junk"), new("If-Modified-Since", "Mon, 01 Jan 0001 00:00:00 GMT"),
            new("Accept-Charset", "utf-32"), new("Accept-Encoding", "gzip;q=junk"), new("Content-Encoding", "gzip"), new("X-Forwarded-Host", "evil.example"),
            new("Content-Type", "application/fhir+json\u00e9"), new("X-Junk", new string('x', 16_000)))));

    private static readonly string[] Methods = ["GET", "GET", "PUT", "DELETE", "PATCH", "POST", "HEAD", "OPTIONS", "TRACE", "JUNK", "get"];

    public static Gen<FuzzRequest> Paths(FuzzSeeds.Ids ids) =>
        from method in Gen.Elements(Methods)
        from path in PathText(ids)
        from withBody in Gen.Elements(false, true)
        select new FuzzRequest
        {
            Kind = "path",
            Class = "path/" + path.Class,
            Method = method,
            Path = path.Text,
            Headers = withBody ? [new("Content-Type", "application/fhir+json")] : [],
            Body = withBody ? Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"x\"}") : null,
        };

    private static Gen<(string Class, string Text)> PathText(FuzzSeeds.Ids ids) => Gen.Frequency(
        (3, Gen.Elements("%00", "a%00b", "%00/_history/-1", "%2500", "x%0d%0aSet-Cookie:%20a").Select(id => ("nul", $"/fhir/{Pick(id.Length)}/{id}"))),
        (3, Gen.Elements("/fhir/../$unknown", "/fhir/Patient/..", "/fhir/Patient/../Organization", "/fhir/./Patient", "/fhir/Patient/%2e%2e/%2e%2e/x", "/fhir/..%2f..%2fetc/passwd", "/fhir/Patient/.", "/../fhir/Patient")
            .Select(p => ("dot-segments", p))),
        (3, from length in BodyGenerators.Sizes(65, 20_000) from c in Gen.Elements('a', '1', '-', '.') select ("long-id", $"/fhir/Patient/{new string(c, length)}")),
        (2, Gen.Elements("%E9%87%8D%E5%BA%86", "%F0%9F%98%80", "%C3%28", "%ED%A0%80", "%FF", "Pe%C3%B1a", "重庆", "a b", "a\tb").Select(id => ("unicode", $"/fhir/Patient/{id}"))),
        (3, from id in Gen.Elements(ids.Patients.Take(3).Append("fz-none").ToArray()) from vid in Gen.Elements("-1", "0", "abc", "99999999999999999999", "", "1.5", "%00", "1/2", "W%2F%221%22")
            select ("history", $"/fhir/Patient/{id}/_history/{vid}")),
        (3, Gen.Elements("/fhir/Junk/1", "/fhir/patient/1", "/fhir/Patient/1/$everything", "/fhir/$junk", "/fhir/Patient/$validate", "//fhir/Patient", "/fhir/Patient/", "/fhir/Patient/a%2Fb",
                "/fhir/Patient/a/b/c/d", "/fhir/Patient?", "/fhirx", "/fhir/Patient/1;x", "/fhir/_history/x", "/fhir/Patient/_history/1", "/fhir/Patient/_search/x", "/fhir/Bundle/x/_history/1/extra", "/fhir/metadata/x",
                "/fhir/Patient/%", "/fhir/Patient/%g1", "/fhir/%50atient", "/fhir/Resource/1", "/fhir/DomainResource", "/fhir/OperationOutcome", "/fhir/Patient/$meta", "/fhir/?_type=Patient", "/fhir/Patient/1/_history?_count=-1")
            .Select(p => ("unknown-route", p))));

    private static string Pick(int n) => (n % 3) switch { 0 => "Patient", 1 => "Coverage", _ => "Organization" };

    /// <summary>Malformed HTTP, byte for byte: Kestrel's parsers and body readers are part of the door too.</summary>
    public static Gen<FuzzRequest> Http() =>
        from marker in BodyGenerators.Markers()
        from kind in Gen.Choose(0, 17)
        from size in Gen.Elements("FFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFF", "-1", "zz", "7fffffff", "80000000", " 5", "5;ext=\"x", "0x10", "")
        select Raw(kind, size, FuzzSeeds.PatientJson(marker));

    private static FuzzRequest Raw(int kind, string chunkSize, string patient)
    {
        const string host = "Host: 127.0.0.1\r\n";
        var json = "Content-Type: application/fhir+json\r\n";
        var (cls, text, kestrel) = kind switch
        {
            0 => ("chunk-size", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Transfer-Encoding: chunked\r\n\r\n{chunkSize}\r\n{patient}\r\n0\r\n\r\n", false),
            1 => ("chunk-size", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Transfer-Encoding: chunked\r\n\r\n10\r\n{patient[..16]}\r\n", false),
            2 => ("content-length", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Content-Length: 100000\r\n\r\n{patient}", false),
            3 => ("content-length", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Content-Length: -5\r\n\r\n{patient}", true),
            4 => ("content-length", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{{\"a\":\r\n0\r\n\r\n", false),
            5 => ("content-length", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Content-Length: 99999999999999999999\r\n\r\n{patient}", true),
            6 => ("request-line", "GARBAGE\r\n\r\n", true),
            7 => ("request-line", $"GET /fhir/Patient HTTP/9.9\r\n{host}\r\n", true),
            8 => ("request-line", $"GET /fhir/Pat ient HTTP/1.1\r\n{host}\r\n", true),
            9 => ("request-line", $"GET /fhir/Patient/\u0001\u007f HTTP/1.1\r\n{host}\r\n", true),
            10 => ("request-line", $"GET /fhir/Patient?name={new string('x', 100_000)} HTTP/1.1\r\n{host}\r\n", true),
            11 => ("request-line", $"GET http://evil.example/fhir/Patient HTTP/1.1\r\n{host}\r\n", true),
            12 => ("headers", $"GET /fhir/metadata HTTP/1.1\r\n{host}NoColonHere\r\n\r\n", true),
            13 => ("headers", $"GET /fhir/metadata HTTP/1.1\r\n{host}X-Big: {new string('x', 70_000)}\r\n\r\n", true),
            14 => ("headers", $"GET /fhir/metadata HTTP/1.1\r\n\r\n", true),
            15 => ("headers", $"GET /fhir/metadata HTTP/1.1\r\n{host}{string.Concat(Enumerable.Range(0, 200).Select(i => $"X-{i}: v\r\n"))}\r\n", true),
            16 => ("expect", $"POST /fhir/Patient HTTP/1.1\r\n{host}{json}Expect: 100-continue\r\nContent-Length: {Encoding.UTF8.GetByteCount(patient)}\r\n\r\n{patient}", false),
            _ => ("http10", $"GET /fhir/Patient?_count=1 HTTP/1.0\r\n\r\n", false),
        };
        return new FuzzRequest { Kind = "http", Class = "http/" + cls, Raw = Encoding.UTF8.GetBytes(text), KestrelAnswers = kestrel };
    }
}

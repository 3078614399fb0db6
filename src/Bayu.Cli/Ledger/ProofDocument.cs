using System.Text.Json;
using System.Text.Json.Serialization;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.Ledger;

namespace Bayu.Cli.Ledger;

/// <summary>A signed tree head as JSON: sizes and times as numbers, hashes and signatures as hex.</summary>
internal sealed record TreeHeadJson(long TreeSize, long Timestamp, string RootHash, string Signature)
{
    public static TreeHeadJson From(SignedTreeHead head) => new(
        head.Head.TreeSize, head.Head.Timestamp.ToUnixTimeMilliseconds(), Convert.ToHexString(head.Head.RootHash), Convert.ToHexString(head.Signature));

    public SignedTreeHead ToSignedTreeHead() => new(
        new TreeHead(TreeSize, DateTimeOffset.FromUnixTimeMilliseconds(Timestamp), Convert.FromHexString(RootHash)), Convert.FromHexString(Signature));
}

/// <summary>
/// The proof file that <c>bayu ledger prove</c> writes and <c>check-proof</c> reads. It carries the
/// signed tree heads it refers to, so a third party needs only the ledger's public key to check it.
/// </summary>
internal sealed record ProofDocument
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Kind { get; init; }

    public long? LeafIndex { get; init; }

    public long? EntryTimestamp { get; init; }

    public string? LeafHash { get; init; }

    public TreeHeadJson? TreeHead { get; init; }

    public TreeHeadJson? First { get; init; }

    public TreeHeadJson? Second { get; init; }

    public required IReadOnlyList<string> Path { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static ProofDocument Parse(string json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<ProofDocument>(json, s_json) ?? throw new CliUsageException($"{name} is empty.");
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"{name} is not a proof file: {ex.Message}");
        }
    }
}

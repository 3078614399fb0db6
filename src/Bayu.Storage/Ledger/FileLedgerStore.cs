using System.Buffers.Binary;
using Bayu.Crypto.Ledger;

namespace Bayu.Storage.Ledger;

/// <summary>
/// A ledger in a directory: <c>entries.bin</c> holds length-prefixed records, <c>tree-heads.txt</c>
/// one signed tree head per line. Record layout (big-endian): uint32 payload length, int64 index,
/// int64 Unix ms, payload, leaf hash. One writer at a time; appends are buffered until <see cref="Flush"/>.
/// Kept out of Bayu.Crypto, which does no I/O, and beside the resource store so the audit ledger can live with it.
/// </summary>
public sealed class FileLedgerStore : ILedgerStore
{
    private const string EntriesFile = "entries.bin";
    private const string TreeHeadsFile = "tree-heads.txt";
    private const int HeaderSize = 4 + 8 + 8;

    /// <summary>Upper bound on one payload, so a damaged length field cannot make a reader allocate gigabytes.</summary>
    public const int MaxPayloadSize = 16 * 1024 * 1024;

    private readonly string _entriesPath;
    private readonly string _treeHeadsPath;
    private readonly int _hashSize;
    private List<long>? _offsets;
    private long _end;
    private FileStream? _writer;

    /// <summary>Opens (or creates) the ledger in <paramref name="directory"/>.</summary>
    public FileLedgerStore(string directory, int hashSize = 32)
    {
        Directory.CreateDirectory(directory);
        _entriesPath = Path.Combine(directory, EntriesFile);
        _treeHeadsPath = Path.Combine(directory, TreeHeadsFile);
        _hashSize = hashSize;
    }

    /// <inheritdoc />
    public long Count => Offsets.Count;

    private List<long> Offsets => _offsets ??= ScanOffsets();

    /// <inheritdoc />
    public void Append(LedgerRecord record)
    {
        var offsets = Offsets;
        if (record.Entry.Index != offsets.Count)
        {
            throw new InvalidOperationException($"Append-only: the next index is {offsets.Count}, not {record.Entry.Index}.");
        }
        if (record.LeafHash.Length != _hashSize || record.Entry.Payload.Length > MaxPayloadSize)
        {
            throw new ArgumentException("Leaf hash length or payload size is out of range.", nameof(record));
        }
        _writer ??= OpenWriter();
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)record.Entry.Payload.Length);
        BinaryPrimitives.WriteInt64BigEndian(header[4..], record.Entry.Index);
        BinaryPrimitives.WriteInt64BigEndian(header[12..], record.Entry.Timestamp.ToUnixTimeMilliseconds());
        _writer.Write(header);
        _writer.Write(record.Entry.Payload);
        _writer.Write(record.LeafHash);
        offsets.Add(_end);
        _end += HeaderSize + record.Entry.Payload.Length + _hashSize;
    }

    /// <inheritdoc />
    public IEnumerable<LedgerRecord> ReadAll()
    {
        _writer?.Flush();
        if (!File.Exists(_entriesPath))
        {
            yield break;
        }
        using var stream = OpenReader();
        long position = 0;
        while (TryReadRecord(stream, position, out var record))
        {
            yield return record;
            position++;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> ReadLeafHashes(long count)
    {
        if (count < 0 || count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"The ledger has {Count} entries, not {count}.");
        }
        // Take stops before reading past the requested records, so a torn tail beyond them is never touched.
        var hashes = new List<byte[]>((int)count);
        hashes.AddRange(ReadAll().Take((int)count).Select(record => record.LeafHash));
        return hashes;
    }

    /// <inheritdoc />
    public LedgerRecord Read(long index)
    {
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The ledger has {Count} entries; there is no index {index}.");
        }
        _writer?.Flush();
        using var stream = OpenReader();
        stream.Position = Offsets[(int)index];
        return TryReadRecord(stream, index, out var record)
            ? record
            : throw new LedgerFormatException(index, $"Record {index} is missing.");
    }

    /// <inheritdoc />
    public void AppendTreeHead(SignedTreeHead head)
    {
        Flush();
        File.AppendAllText(_treeHeadsPath, head.ToLine() + "\n");
    }

    /// <inheritdoc />
    public IReadOnlyList<SignedTreeHead> ReadTreeHeads() => File.Exists(_treeHeadsPath)
        ? [.. File.ReadLines(_treeHeadsPath).Where(line => line.Length > 0).Select(SignedTreeHead.Parse)]
        : [];

    /// <inheritdoc />
    public void Flush() => _writer?.Flush(flushToDisk: true);

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _writer?.Dispose();
        _writer = null;
    }

    private FileStream OpenWriter()
    {
        var stream = new FileStream(_entriesPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        // Drop a torn tail left by a crash mid-append; the scan stopped before it.
        stream.SetLength(_end);
        stream.Position = _end;
        return stream;
    }

    private FileStream OpenReader() =>
        new(_entriesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    private List<long> ScanOffsets()
    {
        var offsets = new List<long>();
        _end = 0;
        if (!File.Exists(_entriesPath))
        {
            return offsets;
        }
        using var stream = OpenReader();
        Span<byte> header = stackalloc byte[HeaderSize];
        while (stream.Position < stream.Length)
        {
            var start = stream.Position;
            if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                break;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var next = start + HeaderSize + length + _hashSize;
            if (length > MaxPayloadSize || next > stream.Length)
            {
                break;
            }
            offsets.Add(start);
            stream.Position = next;
            _end = next;
        }
        return offsets;
    }

    private bool TryReadRecord(FileStream stream, long position, out LedgerRecord record)
    {
        record = null!;
        Span<byte> header = stackalloc byte[HeaderSize];
        var read = stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (read == 0)
        {
            return false;
        }
        if (read < HeaderSize)
        {
            throw new LedgerFormatException(position, $"Record {position} is truncated (partial header).");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > MaxPayloadSize)
        {
            throw new LedgerFormatException(position, $"Record {position} claims a {length}-byte payload: the length field is damaged.");
        }
        var payload = new byte[length];
        var leafHash = new byte[_hashSize];
        if (stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length
            || stream.ReadAtLeast(leafHash, leafHash.Length, throwOnEndOfStream: false) < leafHash.Length)
        {
            throw new LedgerFormatException(position, $"Record {position} is truncated.");
        }
        var entry = new LedgerEntry(
            BinaryPrimitives.ReadInt64BigEndian(header[4..]),
            DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(header[12..]), -62_135_596_800_000, 253_402_300_799_999)),
            payload);
        record = new LedgerRecord(entry, leafHash);
        return true;
    }
}

using System.Text;
using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>
/// A directory listing (<c>.dirtree</c>, <c>(a(say)a(sayay))</c>, spec §4.1): files and subdirectories, each sorted
/// by the UTF-8 bytes of their names. Parsing rejects names that could escape a checkout (<c>.</c>, <c>..</c>,
/// <c>/</c>, empty, non-UTF-8), unsorted or duplicate entries.
/// </summary>
public sealed class DirTreeObject
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly DirTreeFile[] _files;
    private readonly DirTreeDirectory[] _dirs;
    private byte[]? _raw;

    private DirTreeObject(DirTreeFile[] files, DirTreeDirectory[] dirs, byte[]? raw)
    {
        _files = files;
        _dirs = dirs;
        _raw = raw;
    }

    /// <summary>The empty dirtree (a single <c>00</c> byte).</summary>
    public static DirTreeObject Empty { get; } = new([], [], null);

    /// <summary>Creates a dirtree from entries in any order; they are validated and sorted.</summary>
    /// <exception cref="ArgumentException">A name is invalid or appears twice.</exception>
    public static DirTreeObject Create(IEnumerable<DirTreeFile> files, IEnumerable<DirTreeDirectory> directories)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(directories);
        var f = files.ToArray();
        var d = directories.ToArray();
        Array.Sort(f, (a, b) => Utf8NameComparer.Instance.Compare(a.Name, b.Name));
        Array.Sort(d, (a, b) => Utf8NameComparer.Instance.Compare(a.Name, b.Name));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in f)
        {
            if (ValidateName(e.Name) is { } error) throw new ArgumentException(error, nameof(files));
            if (!seen.Add(e.Name)) throw new ArgumentException($"Duplicate dirtree entry '{e.Name}'.", nameof(files));
        }
        foreach (var e in d)
        {
            if (ValidateName(e.Name) is { } error) throw new ArgumentException(error, nameof(directories));
            if (!seen.Add(e.Name)) throw new ArgumentException($"Duplicate dirtree entry '{e.Name}'.", nameof(directories));
        }
        return new DirTreeObject(f, d, null);
    }

    /// <summary>Checks a dirtree entry name; returns an error message, or null if valid.</summary>
    public static string? ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) return "Invalid empty filename";
        if (name is "." or "..") return $"Invalid filename {name}";
        if (name.Contains('/', StringComparison.Ordinal)) return $"Invalid / in filename {name}";
        if (name.Contains('\0', StringComparison.Ordinal)) return "Invalid NUL in filename";
        return null;
    }

    /// <summary>File entries, sorted.</summary>
    public IReadOnlyList<DirTreeFile> Files => _files;

    /// <summary>Subdirectory entries, sorted.</summary>
    public IReadOnlyList<DirTreeDirectory> Directories => _dirs;

    /// <summary>The serialized bytes (the original bytes when parsed).</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw ??= Serialize();

    /// <summary>The object checksum: SHA-256 of <see cref="RawBytes"/>.</summary>
    public Checksum Checksum => Checksum.Compute(RawBytes.Span);

    /// <summary>Finds a file entry by name (binary search).</summary>
    public bool TryGetFile(string name, out DirTreeFile file)
    {
        int i = Array.BinarySearch(_files, new DirTreeFile(name, default), FileComparer.Instance);
        file = i >= 0 ? _files[i] : default;
        return i >= 0;
    }

    /// <summary>Finds a subdirectory entry by name (binary search).</summary>
    public bool TryGetDirectory(string name, out DirTreeDirectory directory)
    {
        int i = Array.BinarySearch(_dirs, new DirTreeDirectory(name, default, default), DirComparer.Instance);
        directory = i >= 0 ? _dirs[i] : default;
        return i >= 0;
    }

    private byte[] Serialize() => GVariantWriter.Serialize(OstreeTypes.DirTree, w =>
    {
        Span<byte> csum = stackalloc byte[Checksum.ByteLength];
        w.StartTuple();
        w.StartArray();
        foreach (var f in _files)
        {
            w.StartTuple();
            w.WriteString(f.Name);
            f.Checksum.CopyTo(csum);
            w.WriteBytes(csum);
            w.EndTuple();
        }
        w.EndArray();
        w.StartArray();
        foreach (var d in _dirs)
        {
            w.StartTuple();
            w.WriteString(d.Name);
            d.TreeChecksum.CopyTo(csum);
            w.WriteBytes(csum);
            d.MetaChecksum.CopyTo(csum);
            w.WriteBytes(csum);
            w.EndTuple();
        }
        w.EndArray();
        w.EndTuple();
    });

    /// <summary>Parses and validates dirtree bytes; the original bytes are kept.</summary>
    /// <param name="data">The object bytes.</param>
    /// <param name="maxEntries">Refuse trees with more entries than this.</param>
    /// <exception cref="OstreeDataException">Malformed bytes, an unsafe or invalid name, unsorted or duplicate entries.</exception>
    public static DirTreeObject Parse(ReadOnlySpan<byte> data, int maxEntries = int.MaxValue)
    {
        var r = new GVariantReader(data, OstreeTypes.DirTree);
        r.ValidateNormalForm();
        var fr = r.GetChild(0);
        var dr = r.GetChild(1);
        int nf = fr.Count, nd = dr.Count;
        if ((long)nf + nd > maxEntries)
            throw new OstreeDataException($"Dirtree has {nf + nd} entries, more than the limit of {maxEntries}.");
        var files = new DirTreeFile[nf];
        var dirs = new DirTreeDirectory[nd];
        byte[]? prev = null;
        for (int i = 0; i < nf; i++)
        {
            var e = fr.GetChild(i);
            var nameBytes = e.GetChild(0).GetStringUtf8();
            CheckOrder(ref prev, nameBytes, "file");
            files[i] = new DirTreeFile(DecodeName(nameBytes), ReadChecksum(e.GetChild(1)));
        }
        prev = null;
        for (int i = 0; i < nd; i++)
        {
            var e = dr.GetChild(i);
            var nameBytes = e.GetChild(0).GetStringUtf8();
            CheckOrder(ref prev, nameBytes, "directory");
            dirs[i] = new DirTreeDirectory(DecodeName(nameBytes), ReadChecksum(e.GetChild(1)), ReadChecksum(e.GetChild(2)));
        }
        if (nf > 0 && nd > 0)
        {
            var names = new HashSet<string>(files.Select(f => f.Name), StringComparer.Ordinal);
            foreach (var d in dirs)
            {
                if (names.Contains(d.Name))
                    throw new OstreeDataException($"Dirtree lists '{d.Name}' both as a file and as a directory.");
            }
        }
        return new DirTreeObject(files, dirs, data.ToArray());
    }

    private static void CheckOrder(ref byte[]? prev, ReadOnlySpan<byte> name, string kind)
    {
        if (prev is not null && prev.AsSpan().SequenceCompareTo(name) >= 0)
            throw new OstreeDataException($"Dirtree {kind} entries are not strictly sorted at '{Encoding.UTF8.GetString(name)}'.");
        prev = name.ToArray();
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        string name;
        try
        {
            name = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new OstreeDataException("Invalid dirtree entry: name is not valid UTF-8.", ex);
        }
        if (ValidateName(name) is { } error)
            throw new OstreeDataException($"Invalid dirtree entry: {error}");
        return name;
    }

    internal static Checksum ReadChecksum(GVariantReader r)
    {
        var bytes = r.GetBytes();
        if (bytes.Length != Checksum.ByteLength)
            throw new OstreeDataException($"Invalid checksum of {bytes.Length} bytes (expected {Checksum.ByteLength}).");
        return Checksum.FromBytes(bytes);
    }

    private sealed class FileComparer : IComparer<DirTreeFile>
    {
        public static readonly FileComparer Instance = new();
        public int Compare(DirTreeFile x, DirTreeFile y) => Utf8NameComparer.Instance.Compare(x.Name, y.Name);
    }

    private sealed class DirComparer : IComparer<DirTreeDirectory>
    {
        public static readonly DirComparer Instance = new();
        public int Compare(DirTreeDirectory x, DirTreeDirectory y) => Utf8NameComparer.Instance.Compare(x.Name, y.Name);
    }
}

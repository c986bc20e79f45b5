using System.Security.Cryptography;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Summary;

/// <summary>
/// The static-delta list advertised in the summary (<c>ostree.static-deltas</c>) and the per-target delta indexes in
/// <c>delta-indexes/</c> (spec §6.3, §8.1), computed from the <c>deltas/</c> directory.
/// </summary>
public static class StaticDeltaIndex
{
    /// <summary>
    /// Scans <c>deltas/</c>: every <c>XX/REST[-TO]/superblock</c> yields its name (<c>TO</c> or <c>FROM-TO</c> in hex)
    /// and the SHA-256 of the superblock file. Directories that are not delta names, or have no superblock, are
    /// skipped. Sorted by name.
    /// </summary>
    public static SortedDictionary<string, Checksum> Scan(OstreeRepo repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var result = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
        string deltas = Path.Combine(repo.Path, "deltas");
        if (!Directory.Exists(deltas))
            return result;
        foreach (var prefixDir in Directory.EnumerateDirectories(deltas))
        {
            string prefix = Path.GetFileName(prefixDir);
            if (prefix.Length != 2)
                continue;
            foreach (var deltaDir in Directory.EnumerateDirectories(prefixDir))
            {
                if (!TryParseDeltaName(prefix + Path.GetFileName(deltaDir), out var from, out var to))
                    continue;
                string superblock = Path.Combine(deltaDir, "superblock");
                if (!File.Exists(superblock))
                    continue;
                Checksum digest;
                using (var fs = new FileStream(superblock, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
                    digest = Checksum.FromBytes(SHA256.HashData(fs));
                result[FormatName(from, to)] = digest;
            }
        }
        return result;
    }

    /// <summary>The hex name of a delta: <c>TO</c> for a scratch delta, else <c>FROM-TO</c>.</summary>
    public static string FormatName(Checksum? from, Checksum to) => from is { } f ? $"{f}-{to}" : to.ToString();

    /// <summary>Parses a delta path name without its <c>/</c>: <c>TO</c> or <c>FROM-TO</c> in modified base64.</summary>
    public static bool TryParseDeltaName(string mbase64Name, out Checksum? from, out Checksum to)
    {
        ArgumentNullException.ThrowIfNull(mbase64Name);
        from = null;
        to = default;
        int dash = mbase64Name.IndexOf('-', StringComparison.Ordinal);
        string toText = dash < 0 ? mbase64Name : mbase64Name[(dash + 1)..];
        if (!TryFromMBase64(toText, out to))
            return false;
        if (dash >= 0)
        {
            if (!TryFromMBase64(mbase64Name[..dash], out var f))
                return false;
            from = f;
        }
        return true;
    }

    private static bool TryFromMBase64(string text, out Checksum checksum)
    {
        checksum = default;
        if (text.Length != Checksum.MBase64Length)
            return false;
        try
        {
            checksum = Checksum.FromMBase64(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The index file of deltas whose target is <paramref name="to"/>: <c>delta-indexes/XX/REST.index</c>.</summary>
    public static string GetIndexPath(OstreeRepo repo, Checksum to)
    {
        ArgumentNullException.ThrowIfNull(repo);
        string m = to.ToMBase64();
        return Path.Combine(repo.Path, "delta-indexes", m[..2], m[2..] + ".index");
    }

    /// <summary>
    /// Serializes one index: <c>{'ostree.static-deltas': &lt;{NAME: &lt;ay&gt;, …}&gt;}</c>, the names in GLib
    /// <c>GVariantDict</c> order as libostree writes them.
    /// </summary>
    public static byte[] SerializeIndex(IEnumerable<KeyValuePair<string, Checksum>> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var md = new MetadataDictionary();
        md.Set(SummaryKeys.StaticDeltas, GVariantType.VarDict, OrderDeltaMap(deltas).Serialize());
        return md.Serialize();
    }

    /// <summary>A delta map (name → <c>&lt;ay&gt;</c> digest) in GLib <c>GVariantDict</c> order, as in summaries and indexes.</summary>
    internal static MetadataDictionary OrderDeltaMap(IEnumerable<KeyValuePair<string, Checksum>> deltas) =>
        GVariantDictOrder.Order(deltas.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new MetadataEntry(d.Key, GVariantType.ByteArray, d.Value.ToArray())));

    /// <summary>Serializes a delta map <c>a{sv}</c> (name → <c>&lt;ay&gt;</c> digest) in the given order.</summary>
    public static byte[] SerializeDeltaMap(IEnumerable<KeyValuePair<string, Checksum>> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var md = new MetadataDictionary();
        foreach (var (name, digest) in deltas)
            md.Set(name, GVariantType.ByteArray, digest.ToArray());
        return md.Serialize();
    }

    /// <summary>
    /// Rewrites <c>delta-indexes/</c> from <paramref name="deltas"/> as <c>summary -u</c> does: one index per target,
    /// written only when its content changes; index files of targets without deltas are removed.
    /// </summary>
    public static void UpdateIndexes(OstreeRepo repo, IReadOnlyDictionary<string, Checksum> deltas)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(deltas);
        var byTarget = new Dictionary<string, List<KeyValuePair<string, Checksum>>>(StringComparer.Ordinal);
        foreach (var d in deltas)
        {
            string to = d.Key.Length > Checksum.HexLength ? d.Key[(Checksum.HexLength + 1)..] : d.Key;
            if (!Checksum.TryParse(to, out var target))
                continue;
            string path = GetIndexPath(repo, target);
            if (!byTarget.TryGetValue(path, out var list))
                byTarget[path] = list = [];
            list.Add(d);
        }
        string root = Path.Combine(repo.Path, "delta-indexes");
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*.index", SearchOption.AllDirectories))
            {
                if (!byTarget.ContainsKey(file))
                    File.Delete(file);
            }
        }
        foreach (var (path, list) in byTarget)
        {
            byte[] bytes = SerializeIndex(list);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, bytes, repo.FsyncEnabled);
        }
    }
}

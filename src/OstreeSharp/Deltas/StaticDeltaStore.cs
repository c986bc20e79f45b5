using System.Security.Cryptography;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Deltas;

/// <summary>
/// The deltas stored in a repository (<c>deltas/</c>, spec §8.1) and their per-target indexes
/// (<c>delta-indexes/</c>, spec §6.3): listing, reading, deleting and reindexing, as
/// <c>ostree static-delta list|show|delete|indexes|reindex</c> do.
/// </summary>
public static class StaticDeltaStore
{
    /// <summary>The key of the index dictionary.</summary>
    public const string IndexKey = "ostree.static-deltas";

    /// <summary>Lists the deltas in <c>deltas/</c>, in directory order (as <c>ostree static-delta list</c> prints them).</summary>
    public static IReadOnlyList<StaticDeltaName> List(OstreeRepo repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var result = new List<StaticDeltaName>();
        string root = Path.Combine(repository.Path, "deltas");
        if (!Directory.Exists(root))
            return result;
        foreach (var prefixDir in Directory.EnumerateDirectories(root))
        {
            string prefix = Path.GetFileName(prefixDir);
            foreach (var deltaDir in Directory.EnumerateDirectories(prefixDir))
            {
                if (StaticDeltaName.TryParseDirectory(prefix, Path.GetFileName(deltaDir), out var name) &&
                    File.Exists(Path.Combine(deltaDir, "superblock")))
                {
                    result.Add(name);
                }
            }
        }
        return result;
    }

    /// <summary>The absolute directory of a delta in the repository.</summary>
    public static string GetDirectory(OstreeRepo repository, StaticDeltaName name)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return Path.Combine(repository.Path, name.RelativeDirectory);
    }

    /// <summary>True if the repository has the delta's superblock.</summary>
    public static bool Exists(OstreeRepo repository, StaticDeltaName name) =>
        File.Exists(Path.Combine(GetDirectory(repository, name), "superblock"));

    /// <summary>Reads a stored delta's superblock.</summary>
    /// <exception cref="FileNotFoundException">The delta does not exist (message in ostree's <c>openat(…)</c> form).</exception>
    /// <exception cref="DeltaFormatException">The superblock is malformed.</exception>
    public static DeltaSuperblock ReadSuperblock(OstreeRepo repository, StaticDeltaName name, StaticDeltaLimits? limits = null)
    {
        string path = Path.Combine(GetDirectory(repository, name), "superblock");
        if (!File.Exists(path))
            throw new FileNotFoundException($"openat({name.RelativeDirectory}/superblock): No such file or directory", path);
        return StaticDeltaApplier.ReadSuperblock(path, limits ?? StaticDeltaLimits.For(repository.Limits));
    }

    /// <summary>Deletes a stored delta.</summary>
    /// <exception cref="ObjectNotFoundException">No such delta.</exception>
    public static void Delete(OstreeRepo repository, StaticDeltaName name)
    {
        string dir = GetDirectory(repository, name);
        if (!Directory.Exists(dir))
            throw new ObjectNotFoundException($"Can't find delta {name}");
        using (repository.Lock(RepoLockMode.Exclusive))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>Lists the targets that have a delta index file.</summary>
    public static IReadOnlyList<Checksum> ListIndexes(OstreeRepo repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var result = new List<Checksum>();
        string root = Path.Combine(repository.Path, "delta-indexes");
        if (!Directory.Exists(root))
            return result;
        foreach (var prefixDir in Directory.EnumerateDirectories(root))
        {
            string prefix = Path.GetFileName(prefixDir);
            if (prefix.Length != 2)
                continue;
            foreach (var file in Directory.EnumerateFiles(prefixDir, "*.index"))
            {
                string rest = Path.GetFileNameWithoutExtension(file);
                if (rest.Length != Checksum.MBase64Length - 2)
                    continue;
                try
                {
                    result.Add(Checksum.FromMBase64(prefix + rest));
                }
                catch (FormatException)
                {
                    // not an index file name
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Builds the index of <paramref name="to"/>: <c>{'ostree.static-deltas': &lt;{name: &lt;sha256(superblock)&gt;}&gt;}</c>
    /// for every stored delta ending at <paramref name="to"/>, ordered by name.
    /// </summary>
    public static byte[] BuildIndex(OstreeRepo repository, Checksum to) =>
        BuildIndex(repository, List(repository).Where(d => d.To == to));

    private static byte[] BuildIndex(OstreeRepo repository, IEnumerable<StaticDeltaName> deltas)
    {
        var inner = new MetadataDictionary();
        foreach (var d in deltas.OrderBy(d => d.ToString(), StringComparer.Ordinal))
        {
            byte[] digest = SHA256.HashData(File.ReadAllBytes(Path.Combine(GetDirectory(repository, d), "superblock")));
            inner.Add(d.ToString(), GVariantType.ByteArray, digest);
        }
        var outer = new MetadataDictionary();
        outer.Add(IndexKey, OstreeTypes.VarDict, inner.Serialize());
        return outer.Serialize();
    }

    /// <summary>
    /// Regenerates <c>delta-indexes/</c> (all targets, or only <paramref name="to"/>): writes one index per target
    /// that has deltas and removes indexes of targets that no longer have any.
    /// </summary>
    public static void Reindex(OstreeRepo repository, Checksum? to = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var repoLock = repository.Lock(RepoLockMode.Shared);
        var byTarget = List(repository).GroupBy(d => d.To).ToDictionary(g => g.Key, g => g.ToList());
        var targets = to is { } t ? [t] : byTarget.Keys.Concat(ListIndexes(repository)).Distinct().ToList();
        foreach (var target in targets)
        {
            string path = Path.Combine(repository.Path, StaticDeltaName.IndexRelativePath(target));
            if (byTarget.TryGetValue(target, out var deltas))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllBytes(path, BuildIndex(repository, deltas), repository.FsyncEnabled);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}

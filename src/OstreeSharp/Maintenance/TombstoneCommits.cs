using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Tombstone commits (spec §4.6): with <c>core.tombstone-commits=true</c>, deleting a commit leaves
/// <c>objects/XX/YYY.tombstone-commit</c>, named by the deleted commit, holding <c>a{sv}</c> <c>{'commit': &lt;ay&gt;}</c>
/// where the bytestring is the commit's hex checksum plus a trailing NUL. Pullers use it to tell "deleted on purpose"
/// from "missing".
/// </summary>
public static class TombstoneCommits
{
    /// <summary>The config key that enables tombstones (group <c>core</c>).</summary>
    public const string ConfigKey = "tombstone-commits";

    /// <summary>True when the repository writes tombstones for deleted commits.</summary>
    public static bool IsEnabled(OstreeRepo repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return repo.Config.GetString("core", ConfigKey) is "true" or "1";
    }

    /// <summary>Sets <c>core.tombstone-commits=true</c> in the repository config (saved) unless it is already on.</summary>
    public static void Enable(OstreeRepo repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (IsEnabled(repo))
            return;
        repo.Config.SetValue("core", ConfigKey, "true");
        repo.SaveConfig();
    }

    /// <summary>The tombstone object's bytes for <paramref name="commit"/>, exactly as libostree writes them.</summary>
    public static byte[] Serialize(Checksum commit)
    {
        Span<byte> value = stackalloc byte[Checksum.HexLength + 1];
        Encoding.ASCII.GetBytes(commit.ToString(), value);
        value[Checksum.HexLength] = 0;
        byte[] bytes = value.ToArray();
        return GVariantWriter.Serialize(OstreeTypes.VarDict, w =>
        {
            w.StartArray();
            w.StartDictEntry();
            w.WriteString("commit");
            w.StartVariant(GVariantType.ByteArray);
            w.WriteBytes(bytes);
            w.EndVariant();
            w.EndDictEntry();
            w.EndArray();
        });
    }

    /// <summary>Reads the commit checksum a tombstone names, or null when the bytes are not a well-formed tombstone.</summary>
    public static Checksum? Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var dict = MetadataDictionary.Parse(bytes);
            if (!dict.TryGetValue("commit", out var entry) || entry.Type != GVariantType.ByteArray)
                return null;
            var raw = entry.Value.Span;
            if (raw.Length > 0 && raw[^1] == 0)
                raw = raw[..^1];
            return Checksum.TryParse(raw, out var c) ? c : null;
        }
        catch (OstreeDataException)
        {
            return null;
        }
    }

    /// <summary>True if the repository holds a tombstone for <paramref name="commit"/>.</summary>
    public static bool Exists(OstreeRepo repo, Checksum commit)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return repo.HasObject(commit, ObjectType.TombstoneCommit);
    }

    /// <summary>
    /// What <c>ostree fsck --add-tombstones</c> does in 2022.7 (✅ observed): every commit whose parent commit is
    /// missing is itself deleted and replaced by a tombstone, after <c>core.tombstone-commits=true</c> is saved to the
    /// config (only when there is at least one such commit).
    /// </summary>
    /// <returns>The commits replaced by tombstones, sorted.</returns>
    public static IReadOnlyList<Checksum> AddForMissingParents(OstreeRepo repo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var orphans = new List<Checksum>();
        foreach (var commit in repo.EnumerateCommits().Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            CommitObject c;
            try
            {
                c = repo.ReadCommit(commit);
            }
            catch (OstreeException)
            {
                continue; // reported by the check itself
            }
            if (c.Parent is { } parent && !repo.HasObject(parent, ObjectType.Commit))
                orphans.Add(commit);
        }
        if (orphans.Count == 0)
            return orphans;
        Enable(repo);
        using var _ = repo.Lock(RepoLockMode.Exclusive, cancellationToken);
        foreach (var commit in orphans)
            DeleteCommit(repo, commit, writeTombstone: true);
        return orphans;
    }

    /// <summary>Deletes a commit object with its detached metadata and partial marker, optionally leaving a tombstone.</summary>
    internal static void DeleteCommit(OstreeRepo repo, Checksum commit, bool writeTombstone, bool keepPartialMarker = false)
    {
        DeleteIfExists(repo.GetObjectPath(commit, ObjectType.Commit));
        DeleteIfExists(repo.GetObjectPath(commit, ObjectType.CommitMeta));
        if (!keepPartialMarker)
            DeleteIfExists(Path.Combine(repo.Path, "state", commit + ".commitpartial"));
        if (writeTombstone)
            Write(repo, commit);
    }

    private static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Writes (atomically, mode 0644) the tombstone for <paramref name="commit"/>.</summary>
    public static void Write(OstreeRepo repo, Checksum commit)
    {
        ArgumentNullException.ThrowIfNull(repo);
        string path = repo.GetObjectPath(commit, ObjectType.TombstoneCommit);
        string dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, ".tmp-tombstone-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var h = Native.NativeFile.CreateNew(tmp, 0x1A4))
            {
                RandomAccess.Write(h, Serialize(commit), 0);
                if (repo.FsyncEnabled)
                    Native.NativeFile.Fsync(h);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}

using System.Text;
using OstreeSharp.Objects;

namespace OstreeSharp.Repository;

public sealed partial class OstreeRepo
{
    /// <summary>
    /// Lists refs as <c>ostree refs</c> names them: local branches as <c>NAME</c>, remote refs as <c>REMOTE:NAME</c>,
    /// sorted ordinally. Aliases resolve to their target's commit.
    /// </summary>
    /// <param name="prefix">Only refs under this prefix (a local name prefix, or <c>REMOTE:</c>).</param>
    /// <param name="kinds">Which namespaces to list.</param>
    public SortedDictionary<string, Checksum> ListRefs(string? prefix = null, RefKinds kinds = RefKinds.Local | RefKinds.Remote)
    {
        var result = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
        if (kinds.HasFlag(RefKinds.Local))
            Collect(Path_("refs", "heads"), "", result);
        if (kinds.HasFlag(RefKinds.Remote))
        {
            string remotes = Path_("refs", "remotes");
            if (Directory.Exists(remotes))
            {
                foreach (var remoteDir in Directory.EnumerateDirectories(remotes))
                    Collect(remoteDir, System.IO.Path.GetFileName(remoteDir) + ":", result);
            }
        }
        if (prefix is null)
            return result;
        var filtered = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
        foreach (var (k, v) in result)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal) &&
                (k.Length == prefix.Length || prefix.EndsWith('/') || prefix.EndsWith(':') || k[prefix.Length] == '/'))
                filtered[k] = v;
        }
        return filtered;
    }

    /// <summary>Lists collection refs: <c>(collection-id, ref)</c> → commit, from <c>refs/mirrors</c> and, when the
    /// repository has a collection ID, its local branches.</summary>
    public SortedDictionary<(string CollectionId, string RefName), Checksum> ListCollectionRefs()
    {
        var result = new SortedDictionary<(string, string), Checksum>();
        if (CollectionId is { } own)
        {
            foreach (var (k, v) in ListRefs(kinds: RefKinds.Local))
                result[(own, k)] = v;
        }
        string mirrors = Path_("refs", "mirrors");
        if (Directory.Exists(mirrors))
        {
            foreach (var collDir in Directory.EnumerateDirectories(mirrors))
            {
                var refs = new SortedDictionary<string, Checksum>(StringComparer.Ordinal);
                Collect(collDir, "", refs);
                foreach (var (k, v) in refs)
                    result[(System.IO.Path.GetFileName(collDir), k)] = v;
            }
        }
        return result;
    }

    /// <summary>Lists aliases in <c>refs/heads</c>: alias name → the ref it points to.</summary>
    public SortedDictionary<string, string> ListRefAliases()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string heads = Path_("refs", "heads");
        if (!Directory.Exists(heads))
            return result;
        foreach (var file in Directory.EnumerateFileSystemEntries(heads, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is { } target)
            {
                string name = System.IO.Path.GetRelativePath(heads, file);
                string resolved = System.IO.Path.GetRelativePath(heads, System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, target)));
                result[name] = resolved;
            }
        }
        return result;
    }

    private string Path_(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static void Collect(string dir, string namePrefix, IDictionary<string, Checksum> into)
    {
        if (!Directory.Exists(dir))
            return;
        foreach (var file in Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (Directory.Exists(file))
                continue;
            string rel = System.IO.Path.GetRelativePath(dir, file);
            // Like ostree: files that are not valid ref names (temporary ".tmp…" files of an interrupted writer,
            // stray names with spaces) are not refs.
            if (!NameValidation.IsValidRefName(rel))
                continue;
            if (TryReadRefFile(file, out var csum))
                into[namePrefix + rel] = csum;
        }
    }

    /// <summary>The largest ref file read (a ref is 65 bytes; anything much bigger is not a ref).</summary>
    private const int MaxRefFileSize = 4096;

    private static bool TryReadRefFile(string path, out Checksum checksum)
    {
        checksum = default;
        if (!Native.NativeFile.TryReadSmallRegularFile(path, MaxRefFileSize, out var bytes))
            return false;
        var span = bytes.AsSpan().TrimEnd("\n"u8);
        return Checksum.TryParse(span, out checksum);
    }

    private string RefPath(string? remote, string refName) => remote is null
        ? Path_("refs", "heads", refName)
        : Path_("refs", "remotes", remote, refName);

    /// <summary>Reads a ref: <c>refs/heads/NAME</c>, or <c>refs/remotes/REMOTE/NAME</c>.</summary>
    public bool TryReadRef(string? remote, string refName, out Checksum checksum)
    {
        ArgumentNullException.ThrowIfNull(refName);
        checksum = default;
        if (!NameValidation.IsValidRefName(refName) || (remote is not null && !NameValidation.IsValidRemoteName(remote)))
            return false;
        return TryReadRefFile(RefPath(remote, refName), out checksum);
    }

    /// <summary>
    /// Resolves a revision as <c>ostree rev-parse</c> does: a full checksum, <c>REF</c> a unique commit checksum prefix (tried first, as ostree does), <c>REF</c> (local, then
    /// <c>refs/remotes/REF</c>), <c>REMOTE:REF</c>, each optionally followed by
    /// <c>^</c> (parent) any number of times.
    /// </summary>
    /// <exception cref="RefNotFoundException">Nothing matches, or a parent is missing.</exception>
    public Checksum ResolveRev(string rev)
    {
        ArgumentNullException.ThrowIfNull(rev);
        if (rev.EndsWith('^') && rev.Length > 1)
        {
            var child = ResolveRev(rev[..^1]);
            var commit = ReadCommit(child);
            return commit.Parent ?? throw new RefNotFoundException($"Commit {child} has no parent");
        }
        if (TryResolveRev(rev, out var checksum))
            return checksum;
        throw new RefNotFoundException($"Refspec '{rev}' not found");
    }

    /// <summary>Like <see cref="ResolveRev"/> without <c>^</c> handling and without throwing.</summary>
    public bool TryResolveRev(string rev, out Checksum checksum)
    {
        ArgumentNullException.ThrowIfNull(rev);
        if (Checksum.IsValidLowerHex(rev) && Checksum.TryParse(rev, out checksum))
            return true;
        if (rev.Length is > 0 and < Checksum.HexLength && IsHexPrefix(rev))
        {
            // ostree tries a hex string as a commit prefix first, even when a ref of that name exists.
            Checksum? found = null;
            foreach (var c in EnumerateCommitsWithPrefix(rev))
            {
                if (c.StartsWith(rev))
                {
                    if (found is not null && found != c)
                        throw new RefNotFoundException($"Refspec {rev} not unique");
                    found = c;
                }
            }
            if (found is { } f)
            {
                checksum = f;
                return true;
            }
        }
        int colon = rev.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
            return TryReadRef(rev[..colon], rev[(colon + 1)..], out checksum);
        if (TryReadRef(null, rev, out checksum))
            return true;
        if (NameValidation.IsValidRefName(rev) && TryReadRefFile(Path_("refs", "remotes", rev), out checksum))
            return true;
        checksum = default;
        return false;
    }

    private static bool IsHexPrefix(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigitLower(c))
                return false;
        }
        return true;
    }

    /// <summary>Sets or deletes (null) a ref immediately, outside a transaction (like <c>ostree refs --create</c>).</summary>
    public void SetRefImmediate(string? remote, string refName, Checksum? target)
    {
        NameValidation.ValidateRefName(refName);
        if (remote is not null)
            NameValidation.ValidateRemoteName(remote);
        using var _ = Lock(RepoLockMode.Shared);
        string path = RefPath(remote, refName);
        if (target is { } t)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            if (new FileInfo(path).LinkTarget is not null)
                File.Delete(path);
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(t + "\n"), FsyncEnabled);
        }
        else
        {
            File.Delete(path);
        }
    }

    /// <summary>Sets a collection ref immediately (<c>refs/mirrors/COLLECTION/REF</c>, or a branch for the
    /// repository's own collection).</summary>
    public void SetCollectionRefImmediate(CollectionRef collectionRef, Checksum? target)
    {
        if (collectionRef.CollectionId is null || collectionRef.CollectionId == CollectionId)
        {
            SetRefImmediate(null, collectionRef.RefName, target);
            return;
        }
        using var _ = Lock(RepoLockMode.Shared);
        string path = Path_("refs", "mirrors", collectionRef.CollectionId, collectionRef.RefName);
        if (target is { } t)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(t + "\n"), FsyncEnabled);
        }
        else
        {
            File.Delete(path);
        }
    }

    /// <summary>Creates (or with a null target deletes) an alias: a relative symlink in <c>refs/heads</c>.</summary>
    public void SetRefAlias(string alias, string? target)
    {
        NameValidation.ValidateRefName(alias);
        string path = Path_("refs", "heads", alias);
        using var _ = Lock(RepoLockMode.Shared);
        if (target is null)
        {
            File.Delete(path);
            return;
        }
        NameValidation.ValidateRefName(target);
        if (!File.Exists(Path_("refs", "heads", target)))
            throw new RefNotFoundException($"Cannot create alias to non-existent ref: {target}");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        int depth = alias.Count(c => c == '/');
        string relTarget = string.Concat(Enumerable.Repeat("../", depth)) + target;
        if (FileSystem.Exists(path))
            File.Delete(path);
        File.CreateSymbolicLink(path, relTarget);
    }
}

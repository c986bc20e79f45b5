using System.Collections.Concurrent;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Commit;

/// <summary>
/// Maps (device, inode) of a bare, bare-user or bare-user-only repository's file objects to their checksums, so a
/// commit of a hard-linked checkout recognises its files without reading them (<c>--link-checkout-speedup</c>).
/// Thread-safe.
/// </summary>
public sealed class DevInoCache
{
    private readonly ConcurrentDictionary<(ulong Dev, ulong Ino), Checksum> _map = new();

    /// <summary>Number of known inodes.</summary>
    public int Count => _map.Count;

    /// <summary>Records an inode.</summary>
    public void Add(ulong device, ulong inode, Checksum checksum) => _map[(device, inode)] = checksum;

    /// <summary>Looks an inode up.</summary>
    public bool TryGetValue(ulong device, ulong inode, out Checksum checksum) => _map.TryGetValue((device, inode), out checksum);

    /// <summary>Scans every file object of <paramref name="repo"/> (none for archive repositories, whose objects
    /// cannot be hard-linked into a checkout).</summary>
    public static DevInoCache Scan(OstreeRepo repo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var cache = new DevInoCache();
        if (repo.IsArchive)
            return cache;
        foreach (var name in repo.EnumerateObjects())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (name.Type != ObjectType.File)
                continue;
            if (FileStatus.TryLstat(repo.GetObjectPath(name), out var st) && st.IsRegularFile)
                cache.Add(st.Dev, st.Ino, name.Checksum);
        }
        return cache;
    }
}

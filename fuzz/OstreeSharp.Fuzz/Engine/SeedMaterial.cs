using OstreeSharp.Objects;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>
/// Objects produced by the real <c>ostree</c> (or, when it is not installed, by OstreeSharp itself) in a scratch
/// archive repository, grouped by kind, plus that repository for targets that need one.
/// </summary>
public sealed class SeedMaterial : IDisposable
{
    public SeedMaterial(string scratchDirectory, string repoPath, Checksum commit, bool fromRealOstree)
    {
        ScratchDirectory = scratchDirectory;
        RepoPath = repoPath;
        Commit = commit;
        FromRealOstree = fromRealOstree;
    }

    /// <summary>Directory owned by this run; deleted on dispose.</summary>
    public string ScratchDirectory { get; }

    /// <summary>An archive repository holding <see cref="Commit"/> (treat as read-only; targets copy it).</summary>
    public string RepoPath { get; }

    /// <summary>The head commit of <c>main</c>.</summary>
    public Checksum Commit { get; }

    /// <summary>True when the real <c>ostree</c> made the repository.</summary>
    public bool FromRealOstree { get; }

    /// <summary>Object bytes by kind: commit, dirtree, dirmeta, filez, commitmeta, config.</summary>
    public Dictionary<string, List<byte[]>> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Checksums of every object in the repository (handy dictionary words).</summary>
    public List<Checksum> Checksums { get; } = [];

    /// <summary>Objects of <paramref name="kind"/> (empty if none).</summary>
    public IReadOnlyList<byte[]> Get(string kind) => Objects.TryGetValue(kind, out var list) ? list : [];

    /// <summary>A fresh scratch sub-directory.</summary>
    public string NewScratch(string prefix)
    {
        string p = Path.Combine(ScratchDirectory, prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(ScratchDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

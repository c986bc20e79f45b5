using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// Ref files: the input becomes the content of <c>refs/heads/fuzz</c>, <c>refs/remotes/origin/fuzz</c> and a
/// collection ref in <c>refs/mirrors</c>; listing and resolving must either yield the checksum the file holds or
/// report the ref as missing, never throw anything else.
/// </summary>
public sealed class RefsTarget : FuzzTarget
{
    private OstreeRepo? _repo;
    private string[] _paths = [];

    public override string Name => "refs";

    public override string Description => "Ref files (heads, remotes, mirrors): ListRefs/ListCollectionRefs/ResolveRev";

    public override bool IsText => true;

    public override int MaxInputLength => 8 * 1024;

    public override void Setup(SeedMaterial material)
    {
        _repo = OstreeRepo.Create(Path.Combine(material.NewScratch("refs"), "repo"), RepoMode.Archive);
        _paths =
        [
            Path.Combine(_repo.Path, "refs", "heads", "fuzz"),
            Path.Combine(_repo.Path, "refs", "remotes", "origin", "fuzz"),
            Path.Combine(_repo.Path, "refs", "mirrors", "org.example.Fuzz", "fuzz"),
        ];
        foreach (var p in _paths)
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
    }

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        foreach (var c in material.Checksums.Take(8))
            yield return Encoding.ASCII.GetBytes(c + "\n");
        yield return "ref: main\n"u8.ToArray();
        yield return ""u8.ToArray();
    }

    public override void Execute(byte[] input)
    {
        foreach (var p in _paths)
            File.WriteAllBytes(p, input);
        var repo = _repo!;
        var refs = repo.ListRefs();
        var collectionRefs = repo.ListCollectionRefs();
        bool valid = refs.TryGetValue("fuzz", out var local);
        if (valid != refs.ContainsKey("origin:fuzz"))
            throw new FuzzInvariantException("the same bytes parsed differently as a local and a remote ref");
        if (valid != (collectionRefs.Count == 1))
            throw new FuzzInvariantException("the same bytes parsed differently as a local and a collection ref");
        if (repo.TryResolveRev("fuzz", out var resolved) != valid || (valid && resolved != local))
            throw new FuzzInvariantException("ResolveRev disagrees with ListRefs");
        try
        {
            repo.ResolveRev("origin:fuzz");
        }
        catch (RefNotFoundException) when (!valid)
        {
        }
    }

    public override bool IsExpected(Exception exception) => exception is OstreeDataException;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _repo?.Dispose();
    }
}

using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.Ostree;

/// <summary>A scratch archive repository with commit objects (trees need not exist to sign a commit).</summary>
public sealed class SigningRepo : IDisposable
{
    private readonly ScratchDir _dir = new();

    public SigningRepo()
    {
        Repo = OstreeRepo.Create(_dir.Combine("repo"), RepoMode.Archive);
    }

    public OstreeRepo Repo { get; }

    public Checksum AddCommit(string subject)
    {
        var tree = Checksum.Compute("tree"u8);
        var meta = Checksum.Compute("meta"u8);
        var commit = CommitObject.Create(new MetadataDictionary(), null, subject, "", 1_700_000_000, tree, meta);
        using var tx = Repo.BeginTransaction();
        var checksum = tx.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
        tx.Commit();
        return checksum;
    }

    public byte[] CommitBytes(Checksum commit) => Repo.ReadMetadataBytes(commit, ObjectType.Commit);

    /// <summary>Copies A's detached metadata onto B: B then carries signatures over other bytes.</summary>
    public void CopyDetached(Checksum from, Checksum to) =>
        File.Copy(Repo.GetObjectPath(from, ObjectType.CommitMeta), Repo.GetObjectPath(to, ObjectType.CommitMeta), overwrite: true);

    public void Dispose()
    {
        Repo.Dispose();
        _dir.Dispose();
    }
}

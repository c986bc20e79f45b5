using System.Text;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using OstreeSharp.Verification;

namespace OstreeSharp.Tests.Repository;

/// <summary>
/// Reading bare-split-xattrs repositories (spec §2.3): files stored as in bare mode, xattrs in a separate
/// <c>.file-xattrs</c> object (named by the hash of its <c>a(ayay)</c> bytes) with a <c>.file-xattrs-link</c>
/// hardlink named by the content object. libostree 2022.7 cannot write complete ones, so the repository is made
/// by hand here, object by object, from the spec.
/// </summary>
public class BareSplitXattrsTests
{
    [Fact]
    public void ReadsContentAndSplitXattrs()
    {
        using var dir = new ScratchDir();
        string repoPath = dir.Combine("repo");
        foreach (var d in new[] { "objects", "tmp", "refs/heads", "state" })
            Directory.CreateDirectory(Path.Combine(repoPath, d));
        File.WriteAllText(Path.Combine(repoPath, "config"), "[core]\nrepo_version=1\nmode=bare-split-xattrs\n");

        var xattrs = XattrSet.Create([new Xattr("user.k", "v"u8)]);
        var header = FileHeader.RegularFile(0, 0, 0x1A4, xattrs);
        var content = "hi\n"u8.ToArray();
        var fileChecksum = ContentHasher.Compute(header, content);

        using (var repo0 = OstreeRepo.Open(repoPath))
        {
            string filePath = repo0.GetObjectPath(fileChecksum, ObjectType.File);
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            File.WriteAllBytes(filePath, content);
            File.SetUnixFileMode(filePath, (UnixFileMode)0x1A4);

            var xattrBytes = xattrs.Serialize();
            var xattrChecksum = Checksum.Compute(xattrBytes);
            string xattrPath = repo0.GetObjectPath(xattrChecksum, ObjectType.FileXattrs);
            Directory.CreateDirectory(Path.GetDirectoryName(xattrPath)!);
            File.WriteAllBytes(xattrPath, xattrBytes);
            string linkPath = repo0.GetObjectPath(fileChecksum, ObjectType.FileXattrsLink);
            Assert.Equal(OstreeSharp.Native.HardLinkResult.Success, OstreeSharp.Native.NativeFile.TryHardLink(xattrPath, linkPath));

            var tree = DirTreeObject.Create([new DirTreeFile("a", fileChecksum)], []);
            var meta = DirMetaObject.Default;
            var commit = CommitObject.Create(new MetadataDictionary(), null, "s", "", 1, tree.Checksum, meta.Checksum);
            foreach (var (type, bytes) in new[] { (ObjectType.DirTree, tree.RawBytes), (ObjectType.DirMeta, meta.RawBytes), (ObjectType.Commit, commit.RawBytes) })
            {
                var p = repo0.GetObjectPath(Checksum.Compute(bytes.Span), type);
                Directory.CreateDirectory(Path.GetDirectoryName(p)!);
                File.WriteAllBytes(p, bytes.ToArray());
            }
            File.WriteAllText(Path.Combine(repoPath, "refs", "heads", "main"), commit.Checksum + "\n");
        }

        using var repo = OstreeRepo.Open(repoPath);
        Assert.Equal(RepoMode.BareSplitXattrs, repo.Mode);
        using (var obj = repo.ReadContent(fileChecksum))
        {
            Assert.True(obj.Header.Xattrs.TryGetValue("user.k"u8, out var v));
            Assert.Equal("v", Encoding.ASCII.GetString(v));
            Assert.Equal(0x81A4u, obj.Header.Mode);
            using var ms = new MemoryStream();
            obj.Content!.CopyTo(ms);
            Assert.Equal(content, ms.ToArray());
        }
        var result = RepoFsck.Run(repo);
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.Message)));
        Assert.Equal(1, result.CommitsVerified);
        Assert.Throws<NotSupportedException>(() => OstreeRepo.Create(dir.Combine("new"), RepoMode.BareSplitXattrs));
    }
}

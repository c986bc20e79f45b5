using System.Text;
using OstreeSharp.Checkout;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// Checkout of a hostile dirtree: a copy of the real-ostree archive repository has its root dirtree replaced by the
/// input, then <see cref="TreeCheckout.Run"/> (user mode, whiteouts processed) checks the commit out into a scratch
/// directory. Invariants: only OstreeException-family errors escape, and nothing outside the destination changes
/// (the parent directory, which holds a sentinel file, is listed before and after).
/// </summary>
public sealed class CheckoutTarget : FuzzTarget
{
    private OstreeRepo? _repo;
    private Checksum _commit;
    private string _dirTreePath = "";
    private string _parent = "";
    private string _sentinel = "";

    public override string Name => "checkout";

    public override string Description => "TreeCheckout.Run of a commit whose root dirtree is the input (nothing may escape the destination)";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(20);

    public override void Setup(SeedMaterial material)
    {
        string root = material.NewScratch("checkout");
        string repoPath = Path.Combine(root, "repo");
        CopyDirectory(material.RepoPath, repoPath);
        _repo = OstreeRepo.Open(repoPath);
        _commit = material.Commit;
        _dirTreePath = _repo.GetObjectPath(_repo.ReadCommit(_commit).RootTree, ObjectType.DirTree);
        _parent = Path.Combine(root, "parent");
        Directory.CreateDirectory(_parent);
        _sentinel = Path.Combine(_parent, "sentinel");
        File.WriteAllText(_sentinel, "must survive");
    }

    public override IEnumerable<byte[]> Seeds(SeedMaterial material) => material.Get("dirtree");

    public override IEnumerable<byte[]> Dictionary(SeedMaterial material) =>
        material.Checksums.Select(c =>
        {
            var b = new byte[Checksum.ByteLength];
            c.CopyTo(b);
            return b;
        }).Concat(new[] { ".wh.", ".wh..wh..opq", "..", ".", "sentinel", "dest" }.Select(Encoding.UTF8.GetBytes));

    public override bool IsExpected(Exception exception) => exception is OstreeException;

    public override void Execute(byte[] input)
    {
        File.WriteAllBytes(_dirTreePath, input);
        string dest = Path.Combine(_parent, "dest");
        string[] before = List(_parent);
        try
        {
            TreeCheckout.Run(_repo!, _commit, dest, new CheckoutOptions { Mode = CheckoutMode.User, ProcessWhiteouts = true });
        }
        finally
        {
            string[] after = Directory.Exists(_parent) ? List(_parent) : [];
            if (Directory.Exists(dest))
            {
                Directory.Delete(dest, recursive: true);
            }

            bool sentinelOk = File.Exists(_sentinel);
            if (!sentinelOk)
            {
                Directory.CreateDirectory(_parent);
                File.WriteAllText(_sentinel, "must survive");
            }

            var extra = after.Except(before.Append("dest")).ToArray();
            var missing = before.Except(after).ToArray();
            if (extra.Length > 0 || missing.Length > 0 || !sentinelOk)
            {
                throw new FuzzInvariantException(
                    $"checkout escaped the destination: outside entries created [{string.Join(", ", extra)}], removed [{string.Join(", ", missing)}]");
            }
        }
    }

    private static string[] List(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _repo?.Dispose();
        }
    }
}

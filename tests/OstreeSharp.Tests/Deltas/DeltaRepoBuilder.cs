using System.Text;
using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Deltas;

/// <summary>An archive repository with two commits (v1, and v2 with edited, renamed, new and removed files).</summary>
internal sealed class DeltaRepoBuilder : IDisposable
{
    public DeltaRepoBuilder()
    {
        Repo = OstreeRepo.Create(Dir.Combine("source"), RepoMode.Archive);
        var rng = new Random(3);
        string v1 = Dir.Combine("v1");
        Directory.CreateDirectory(Path.Combine(v1, "usr", "lib"));
        Directory.CreateDirectory(Path.Combine(v1, "etc"));
        byte[] lib = new byte[150_000];
        rng.NextBytes(lib);
        File.WriteAllBytes(Path.Combine(v1, "usr", "lib", "libfoo.so.1.2"), lib);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"config line {i}\n")));
        File.WriteAllBytes(Path.Combine(v1, "etc", "config.txt"), text);
        File.WriteAllBytes(Path.Combine(v1, "empty"), []);
        File.WriteAllText(Path.Combine(v1, "small.txt"), "small\n");
        File.CreateSymbolicLink(Path.Combine(v1, "link"), "small.txt");
        for (int i = 0; i < 20; i++)
        {
            byte[] b = new byte[rng.Next(1, 5000)];
            rng.NextBytes(b);
            File.WriteAllBytes(Path.Combine(v1, "usr", $"file{i}.bin"), b);
        }
        V1 = Repo.CommitDirectory(v1, "v1");

        string v2 = Dir.Combine("v2");
        Directory.CreateDirectory(Path.Combine(v2, "usr", "lib"));
        Directory.CreateDirectory(Path.Combine(v2, "etc"));
        lib[500] ^= 1;
        lib[100_000] ^= 0x80;
        File.WriteAllBytes(Path.Combine(v2, "usr", "lib", "libfoo.so.1.3"), lib);
        File.WriteAllBytes(Path.Combine(v2, "etc", "config.txt"), [.. text.AsSpan(0, 20_000), .. "new line\n"u8, .. text.AsSpan(20_000)]);
        File.WriteAllBytes(Path.Combine(v2, "empty"), []);
        File.WriteAllText(Path.Combine(v2, "small.txt"), "changed\n");
        File.CreateSymbolicLink(Path.Combine(v2, "link"), "etc/config.txt");
        for (int i = 0; i < 20; i += 2)
        {
            File.Copy(Path.Combine(v1, "usr", $"file{i}.bin"), Path.Combine(v2, "usr", $"file{i}.bin"));
        }
        V2 = Repo.CommitDirectory(v2, "v2");
    }

    public ScratchDir Dir { get; } = new();

    public OstreeRepo Repo { get; }

    public Checksum V1 { get; }

    public Checksum V2 { get; }

    public OstreeRepo NewRepo(RepoMode mode = RepoMode.BareUser) => OstreeRepo.Create(Dir.Combine("t-" + Guid.NewGuid().ToString("N")[..8]), mode);

    public string NewDirectory()
    {
        string d = Dir.Combine("d-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Every object reachable from <paramref name="commit"/> in <paramref name="repo"/>.</summary>
    public static IEnumerable<ObjectName> Reachable(OstreeRepo repo, Checksum commit)
    {
        yield return new ObjectName(commit, ObjectType.Commit);
        var root = repo.GetRoot(commit);
        yield return new ObjectName(root.Checksum, ObjectType.DirTree);
        yield return new ObjectName(root.MetaChecksum, ObjectType.DirMeta);
        foreach (var e in repo.EnumerateDirectory(root, recursive: true))
        {
            if (e.Kind == TreeEntryKind.File)
            {
                yield return new ObjectName(e.Checksum, ObjectType.File);
            }
            else
            {
                yield return new ObjectName(e.Checksum, ObjectType.DirTree);
                yield return new ObjectName(e.MetaChecksum, ObjectType.DirMeta);
            }
        }
    }

    public void Dispose()
    {
        Repo.Dispose();
        Dir.Dispose();
    }
}

using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>
/// Two small trees committed by the real ostree into an archive repository: v1, and v2 derived from it (edited
/// files for bsdiff/rollsum, a renamed versioned library, new, removed and changed-mode files).
/// </summary>
public sealed class DeltaFixture : IDisposable
{
    private readonly TempDir _dir = new("deltas");

    public DeltaFixture()
    {
        if (!RealOstree.IsInstalled)
        {
            return;
        }
        Source = _dir.Combine("source");
        RealOstree.RunChecked("init", "--repo=" + Source, "--mode=archive");
        string v1 = _dir.Combine("v1");
        TreeGenerator.Generate(v1, new TreeGeneratorOptions { Seed = 7, FileCount = 24, DirectoryCount = 5, MaxFileSize = 16 * 1024, LargeFileSize = 1200 * 1024, DeepNesting = 3 });
        var rng = new Random(11);
        byte[] lib = new byte[200 * 1024];
        rng.NextBytes(lib);
        File.WriteAllBytes(Path.Combine(v1, "libfoo.so.1.2"), lib);
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"line {i} of a text file that changes a little\n")));
        File.WriteAllBytes(Path.Combine(v1, "notes.txt"), text);
        V1 = Commit(v1, "v1");

        string v2 = _dir.Combine("v2");
        CopyTree(v1, v2);
        File.Move(Path.Combine(v2, "libfoo.so.1.2"), Path.Combine(v2, "libfoo.so.1.3"));
        lib[1000] ^= 0x55;
        lib[150000] ^= 0x11;
        File.WriteAllBytes(Path.Combine(v2, "libfoo.so.1.3"), lib);
        byte[] large = File.ReadAllBytes(Path.Combine(v2, "large.bin"));
        large[12345] ^= 1;
        File.WriteAllBytes(Path.Combine(v2, "large.bin"), large);
        File.WriteAllBytes(Path.Combine(v2, "notes.txt"), [.. text.AsSpan(0, 50000), .. "inserted line\n"u8, .. text.AsSpan(50000)]);
        File.WriteAllText(Path.Combine(v2, "brand-new.txt"), "new in v2\n");
        File.Delete(Path.Combine(v2, "file1.bin"));
        File.CreateSymbolicLink(Path.Combine(v2, "new-link"), "brand-new.txt");
        V2 = Commit(v2, "v2");
    }

    public string Source { get; } = "";

    public string V1 { get; } = "";

    public string V2 { get; } = "";

    /// <summary>The modified-base64 form of <see cref="V1"/> (delta directory names).</summary>
    public string V1Name => OstreeSharp.Objects.Checksum.Parse(V1).ToMBase64();

    public string NewPath(string name) => _dir.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A new empty directory.</summary>
    public string NewDirectory(string name)
    {
        string path = NewPath(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A new empty repository of <paramref name="mode"/> made by the real ostree.</summary>
    public string NewRepo(string mode)
    {
        string repo = NewPath("repo-" + mode);
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        return repo;
    }

    private string Commit(string tree, string branch)
    {
        RealOstree.RunChecked("commit", "--repo=" + Source, "-b", branch, "--tree=dir=" + tree, "--timestamp=@1700000000", "-s", branch);
        return RealOstree.RunChecked("rev-parse", "--repo=" + Source, branch).TrimEnd('\n');
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string dest = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } target)
            {
                File.CreateSymbolicLink(dest, target);
            }
            else if (entry is DirectoryInfo d)
            {
                CopyTree(d.FullName, dest);
                File.SetUnixFileMode(dest, File.GetUnixFileMode(d.FullName));
            }
            else
            {
                File.Copy(entry.FullName, dest);
                foreach (var (name, value) in Infrastructure.Xattrs.List(entry.FullName))
                {
                    Infrastructure.Xattrs.Set(dest, name, value);
                }
            }
        }
    }

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DeltaCollection : ICollectionFixture<DeltaFixture>
{
    public const string Name = "static deltas";
}

using System.Diagnostics;
using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>
/// Builds <see cref="SeedMaterial"/>: runs <c>/usr/bin/ostree init/commit</c> on a small tree (files, an empty file,
/// an executable, a symlink, a sub-directory, commit metadata, sizes and detached metadata) in a scratch archive
/// repository and collects the objects. Falls back to OstreeSharp's own commit when ostree is not installed.
/// </summary>
public static class SeedFactory
{
    public const string OstreePath = "/usr/bin/ostree";

    public static SeedMaterial Create(TextWriter? log = null)
    {
        string scratch = Path.Combine(Path.GetTempPath(), $"ostreesharp-fuzz-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(scratch);
        string tree = Path.Combine(scratch, "tree");
        MakeTree(tree);
        string repo = Path.Combine(scratch, "seed-repo");
        bool real = File.Exists(OstreePath);
        Checksum commit;
        if (real)
        {
            Ostree("init", $"--repo={repo}", "--mode=archive");
            Ostree("commit", $"--repo={repo}", "-b", "main", "-s", "first", "-m", "body text", "--add-metadata-string=version=1.0",
                "--generate-sizes", "--add-detached-metadata-string=note=detached", Path.Combine(tree, "sub"));
            string head = Ostree("commit", $"--repo={repo}", "-b", "main", "-s", "seed commit", "--add-metadata-string=version=2.0",
                "--generate-sizes", tree).Trim();
            Ostree("remote", "add", $"--repo={repo}", "--no-gpg-verify", "origin", "http://example.invalid/repo", "main");
            commit = Checksum.Parse(head);
        }
        else
        {
            log?.WriteLine($"{OstreePath} not found: seeds come from OstreeSharp's own commit");
            using var r = OstreeRepo.Create(repo, RepoMode.Archive);
            commit = r.CommitDirectory(tree, "main", "seed commit");
        }

        var material = new SeedMaterial(scratch, repo, commit, real);
        Collect(material);
        return material;
    }

    private static void MakeTree(string tree)
    {
        Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
        File.WriteAllText(Path.Combine(tree, "hello.txt"), "hello, world\n");
        File.WriteAllBytes(Path.Combine(tree, "empty"), []);
        File.WriteAllText(Path.Combine(tree, "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(tree, "run.sh"), (UnixFileMode)0x1ED);
        var rng = new Random(7);
        var blob = new byte[3000];
        for (int i = 0; i < blob.Length; i++)
        {
            blob[i] = (byte)(i % 7 == 0 ? rng.Next(256) : 'a' + (i % 26));
        }

        File.WriteAllBytes(Path.Combine(tree, "sub", "data.bin"), blob);
        File.WriteAllText(Path.Combine(tree, "sub", "deeper", "x"), "x");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "hello.txt");
        File.CreateSymbolicLink(Path.Combine(tree, "sub", "up"), "../run.sh");
    }

    private static void Collect(SeedMaterial material)
    {
        string objects = Path.Combine(material.RepoPath, "objects");
        foreach (string file in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                continue;
            }

            string kind = name[(dot + 1)..];
            Add(material, kind, File.ReadAllBytes(file));
            if (Checksum.TryParse(Path.GetFileName(Path.GetDirectoryName(file)) + name[..dot], out var c))
            {
                material.Checksums.Add(c);
            }
        }

        Add(material, "config", File.ReadAllBytes(Path.Combine(material.RepoPath, "config")));
    }

    private static void Add(SeedMaterial material, string kind, byte[] bytes)
    {
        if (!material.Objects.TryGetValue(kind, out var list))
        {
            material.Objects[kind] = list = [];
        }

        list.Add(bytes);
    }

    private static string Ostree(params string[] args)
    {
        var psi = new ProcessStartInfo(OstreePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ostree");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ostree {string.Join(' ', args)} failed: {stderr.Result}");
        }

        return stdout;
    }
}

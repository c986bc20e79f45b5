using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Repositories for the prune/reset/fsck-maintenance parity tests, written by the real ostree: <c>main</c> with four
/// commits a day apart (2020-09-14 … 17), <c>other</c> with two, a remote ref, an orphan commit, detached metadata,
/// a partial marker and static deltas (scratch and from→to).
/// </summary>
internal static class MaintenanceRepos
{
    public static string BuildHistory(TempDir dir, string mode, bool deltas = true)
    {
        string repo = dir.Combine("history-" + mode);
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        for (int i = 1; i <= 4; i++)
        {
            string tree = dir.Combine($"tree-{mode}-{i}");
            Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
            File.WriteAllText(Path.Combine(tree, "version"), "v" + i + "\n");
            File.WriteAllText(Path.Combine(tree, "sub", "common"), "common\n");
            File.WriteAllText(Path.Combine(tree, "sub", "deeper", "only" + i), new string('x', 100 * i));
            File.CreateSymbolicLink(Path.Combine(tree, "link" + (i % 2)), "version");
            string[] extra = i == 2 ? ["--add-detached-metadata-string=signed=yes"] : [];
            RealOstree.RunChecked(["commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "main " + i,
                "--timestamp=@" + (1600000000 + (i * 86400)), .. extra]);
            if (i <= 2)
            {
                RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "other", "--tree=dir=" + tree, "-s", "other " + i,
                    "--timestamp=@" + (1500000000 + (i * 86400)));
            }
        }
        RealOstree.RunChecked("commit", "--repo=" + repo, "--orphan", "--tree=dir=" + dir.Combine($"tree-{mode}-3"), "-s", "orphan",
            "--timestamp=@1700000000");
        RealOstree.RunChecked("refs", "--repo=" + repo, "--create=origin:main", "main^");
        string mainParent = Rev(repo, "main^^");
        File.WriteAllBytes(Path.Combine(repo, "state", mainParent + ".commitpartial"), []);
        if (deltas)
        {
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--empty", "--to=main^^^");
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--from=main^^^", "--to=main^^");
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--from=main^", "--to=main");
        }
        return repo;
    }

    public static string Rev(string repo, string rev) => RealOstree.RunChecked("rev-parse", "--repo=" + repo, rev).TrimEnd('\n');

    /// <summary>Copies a repository preserving links, modes and xattrs.</summary>
    public static string Copy(string repo, string destination)
    {
        ProcessResult r = ProcessRunner.Run("cp", ["-a", repo, destination]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return destination;
    }

    /// <summary>Every file and link under objects/, deltas/, state/ and refs/ with a digest of its content.</summary>
    public static IReadOnlyList<string> Listing(string repo)
    {
        var lines = new List<string>();
        foreach (string top in new[] { "objects", "deltas", "state", "refs" })
        {
            string root = Path.Combine(repo, top);
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (string f in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                var info = new FileInfo(f);
                if (info.LinkTarget is { } target)
                {
                    lines.Add(Path.GetRelativePath(repo, f) + " -> " + target);
                }
                else if (!Directory.Exists(f))
                {
                    string digest = f.EndsWith(".tombstone-commit", StringComparison.Ordinal) || top is "state" or "refs"
                        ? Convert.ToHexString(File.ReadAllBytes(f))
                        : info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    lines.Add(Path.GetRelativePath(repo, f) + " " + digest);
                }
            }
        }
        lines.Add("config " + File.ReadAllText(Path.Combine(repo, "config")).ReplaceLineEndings(";"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>ostree-sharp names itself in usage text; everything else must be byte-identical.</summary>
    public static ProcessResult NormalizeTheirs(ProcessResult theirs) =>
        new(theirs.ExitCode, theirs.StdoutBytes, theirs.Stderr.Replace("  " + RealOstree.BinaryPath + " ", "  ostree ", StringComparison.Ordinal));

    /// <summary>ostree-sharp names itself in usage text; everything else must be byte-identical.</summary>
    public static ProcessResult Normalize(ProcessResult ours, string ourRepo, string theirRepo) =>
        new(ours.ExitCode, System.Text.Encoding.UTF8.GetBytes(ours.Stdout.Replace(ourRepo, theirRepo, StringComparison.Ordinal)),
            ours.Stderr.Replace("ostree-sharp ", "ostree ", StringComparison.Ordinal).Replace(ourRepo, theirRepo, StringComparison.Ordinal));
}

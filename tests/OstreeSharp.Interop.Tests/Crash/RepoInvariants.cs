using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>
/// What must hold in a repository after any crash: the real <c>ostree fsck</c> passes; every ref names a commit whose
/// whole tree is present; <c>state/</c> only holds well-formed <c>.commitpartial</c> markers, none for a commit a ref
/// points to; nothing under <c>objects/</c> or <c>refs/</c> is a partial or temporary file (those belong in the staging
/// directory); both tools list the same refs.
/// </summary>
internal static partial class RepoInvariants
{
    [GeneratedRegex("^[0-9a-f]{64}\\.commitpartial$")]
    private static partial Regex CommitPartialName();

    [GeneratedRegex("^[0-9a-f]{62}\\.(commit|commitmeta|dirtree|dirmeta|file|filez|tombstone-commit|sig)$")]
    private static partial Regex ObjectFileName();

    [GeneratedRegex("^[0-9a-f]{2}$")]
    private static partial Regex ObjectDirName();

    public static List<string> Check(string repoPath, bool runFsck = true)
    {
        var problems = new List<string>();
        if (runFsck)
        {
            ProcessResult fsck = RealOstree.Run("fsck", "--repo=" + repoPath);
            if (fsck.ExitCode != 0)
                problems.Add("ostree fsck failed: " + fsck);
        }

        using var repo = OstreeRepo.Open(repoPath);
        // Both tools see the same refs, and nothing half-written sits among them (a leftover temporary file with
        // complete content would read as a bogus ref to ostree-sharp).
        ProcessResult refsOut = RealOstree.Run("refs", "--repo=" + repoPath);
        var theirs = refsOut.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        var ours = repo.ListRefs().Keys.Order(StringComparer.Ordinal);
        if (!theirs.SequenceEqual(ours))
            problems.Add($"refs differ: ostree [{string.Join(' ', theirs)}], ostree-sharp [{string.Join(' ', ours)}]");
        foreach (string f in Directory.EnumerateFileSystemEntries(Path.Combine(repoPath, "refs"), ".*", SearchOption.AllDirectories))
            problems.Add("hidden (temporary?) file under refs/: " + Path.GetRelativePath(repoPath, f));
        var partial = new HashSet<Checksum>();
        string state = Path.Combine(repoPath, "state");
        if (Directory.Exists(state))
        {
            foreach (string f in Directory.EnumerateFileSystemEntries(state))
            {
                string name = Path.GetFileName(f);
                if (!CommitPartialName().IsMatch(name))
                    problems.Add("unexpected entry in state/: " + name);
                else
                    partial.Add(Checksum.Parse(name[..64]));
            }
        }

        foreach (var (refName, commit) in repo.ListRefs())
        {
            if (partial.Contains(commit))
            {
                problems.Add($"ref {refName} points to partial commit {commit}");
                continue;
            }
            if (!repo.HasObject(commit, ObjectType.Commit))
            {
                problems.Add($"ref {refName} points to missing commit {commit}");
                continue;
            }
            try
            {
                var c = repo.ReadCommit(commit);
                var missing = new List<string>();
                WalkTree(repo, c.RootTree, c.RootMeta, "/", missing, []);
                problems.AddRange(missing.Take(5).Select(m => $"ref {refName} ({commit}): missing {m}"));
            }
            catch (Exception ex) when (ex is IOException or OstreeDataException)
            {
                problems.Add($"ref {refName} ({commit}): {ex.Message}");
            }
        }

        string objects = Path.Combine(repoPath, "objects");
        foreach (string entry in Directory.EnumerateFileSystemEntries(objects))
        {
            string name = Path.GetFileName(entry);
            if (!Directory.Exists(entry) || !ObjectDirName().IsMatch(name))
            {
                problems.Add("unexpected entry in objects/: " + name);
                continue;
            }
            foreach (string f in Directory.EnumerateFileSystemEntries(entry))
            {
                string fn = Path.GetFileName(f);
                if (!ObjectFileName().IsMatch(fn))
                    problems.Add($"non-object file objects/{name}/{fn}");
            }
        }
        return problems;
    }

    private static void WalkTree(OstreeRepo repo, Checksum tree, Checksum meta, string path, List<string> missing, HashSet<Checksum> seen)
    {
        if (!repo.HasObject(meta, ObjectType.DirMeta))
            missing.Add($"dirmeta {meta} of {path}");
        if (!repo.HasObject(tree, ObjectType.DirTree))
        {
            missing.Add($"dirtree {tree} of {path}");
            return;
        }
        if (!seen.Add(tree))
            return;
        var dt = repo.ReadDirTree(tree);
        foreach (var f in dt.Files)
        {
            if (!repo.HasObject(f.Checksum, ObjectType.File))
                missing.Add($"file {f.Checksum} {path}{f.Name}");
        }
        foreach (var d in dt.Directories)
            WalkTree(repo, d.TreeChecksum, d.MetaChecksum, path + d.Name + "/", missing, seen);
    }

    /// <summary>A digest of everything under objects/ and refs/ (names, sizes, content hashes): equal before and after
    /// means a read-only command left the repository untouched.</summary>
    public static string Fingerprint(string repoPath)
    {
        var lines = new List<string>();
        foreach (string top in new[] { "objects", "refs" })
        {
            string dir = Path.Combine(repoPath, top);
            if (!Directory.Exists(dir))
                continue;
            foreach (string f in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
            {
                var info = new FileInfo(f);
                string rel = Path.GetRelativePath(repoPath, f);
                if (info.Attributes.HasFlag(FileAttributes.Directory))
                    lines.Add(rel + "/");
                else if (info.LinkTarget is not null)
                    lines.Add(rel + " -> " + info.LinkTarget);
                else
                    lines.Add(rel + " " + info.Length + " " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>The <c>tmp/staging-*</c> directories (not their lock files).</summary>
    public static List<string> StagingDirectories(string repoPath)
    {
        string tmp = Path.Combine(repoPath, "tmp");
        return Directory.Exists(tmp)
            ? Directory.EnumerateDirectories(tmp, "staging-*").Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList()
            : [];
    }
}

using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>diff</c> parity on generated trees with additions, removals, content/mode/xattr/owner changes, type changes and
/// symlink retargeting: commit↔commit, commit↔directory, directory↔commit and directory↔directory, with and without
/// <c>--stats</c>, <c>--no-xattrs</c>, <c>--owner-uid/gid</c>; output must be byte-identical.
/// </summary>
public sealed class DiffCompatTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("diff-compat");

    public void Dispose() => _dir.Dispose();

    private static void Mutate(string root, int seed)
    {
        var rng = new Random(seed);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = Directory.EnumerateFiles(root, "*", walk).Order(StringComparer.Ordinal).ToList();
        var dirs = Directory.EnumerateDirectories(root, "*", walk).Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < files.Count; i++)
        {
            string f = files[i];
            if (!File.Exists(f))
            {
                continue;
            }
            switch (rng.Next(10))
            {
                case 0: File.AppendAllText(f, "changed"); break;
                case 1: File.SetUnixFileMode(f, File.GetUnixFileMode(f) ^ UnixFileMode.OtherRead); break;
                case 2: File.Delete(f); break;
                case 3 when Xattrs.AreSupported(root): Xattrs.Set(f, "user.diff", Encoding.UTF8.GetBytes("x" + i)); break;
                case 4: File.Delete(f); Directory.CreateDirectory(f); File.WriteAllText(Path.Combine(f, "inside"), "now a dir"); break;
            }
        }
        foreach (string d in dirs.Where(d => Directory.Exists(d)))
        {
            switch (rng.Next(8))
            {
                case 0: File.WriteAllText(Path.Combine(d, "added-" + rng.Next(1000)), "new"); break;
                case 1: File.SetUnixFileMode(d, File.GetUnixFileMode(d) ^ UnixFileMode.GroupWrite); break;
                case 2: Directory.CreateDirectory(Path.Combine(d, "newdir", "nested")); File.WriteAllText(Path.Combine(d, "newdir", "nested", "f"), "f"); break;
                case 3: Directory.Delete(d, recursive: true); break;
            }
        }
        File.WriteAllText(Path.Combine(root, "top-added"), "t");
        string link = Path.Combine(root, "link-relative");
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
        {
            File.Delete(link);
            File.CreateSymbolicLink(link, "elsewhere");
        }
    }

    [Theory]
    [InlineData("bare-user", 21)]
    [InlineData("archive", 22)]
    [InlineData("bare", 23)]
    public void OutputMatches(string mode, int seed)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string a = _dir.Combine("a"), b = _dir.Combine("b");
        TreeGenerator.Generate(a, new TreeGeneratorOptions { Seed = seed, FileCount = 60, DirectoryCount = 10, LargeFileSize = 0, DeepNesting = 4 });
        ProcessRunner.Run("cp", ["-a", a, b]);
        Mutate(b, seed);
        string repo = _dir.Combine("repo");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "a", "--tree=dir=" + a);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "b", "--tree=dir=" + b);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "a", "--tree=dir=" + b);
        string[][] cases =
        [
            ["a^", "b"], ["b", "a^"], ["a"], ["--stats", "a^", "b"], ["--stats", "--fs-diff", "a^", "a"],
            ["a^", b], ["b", a], [a, b], [b, a], ["--no-xattrs", a, b], ["--no-xattrs", "a^", b],
            ["--owner-uid=4242", "b", b], ["--owner-gid=4242", a, a], ["--owner-uid=0", "--owner-gid=0", "a^", a],
            ["a^", "./nonexistent"], ["a^", "nonexistent"], ["--stats", "a", b], [],
        ];
        int differences = 0;
        foreach (string[] c in cases)
        {
            string[] args = ["diff", "--repo=" + repo, .. c];
            ProcessResult theirs = MaintenanceRepos.NormalizeTheirs(ProcessRunner.Run(RealOstree.BinaryPath, args, _dir.Path));
            ProcessResult ours = MaintenanceRepos.Normalize(ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, .. args], _dir.Path), repo, repo);
            Tools.AssertSame(theirs, ours, string.Join(' ', c));
            differences += theirs.Stdout.Split('\n').Length;
        }
        Assert.True(differences > 40, "the mutations produced too few differences to be a meaningful test");
    }
}

using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>fsck --delete</c> and <c>fsck --add-tombstones</c>: same exit code, same stdout, same files afterwards (objects,
/// tombstone bytes, partial markers with fsck's <c>f</c>, config).
/// </summary>
public sealed class FsckMaintenanceCompatTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("fsck-maint-compat");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("archive", "corrupt-content", "--delete")]
    [InlineData("archive", "corrupt-content", "--delete|-a")]
    [InlineData("bare-user", "corrupt-content", "--delete")]
    [InlineData("archive", "missing-parent", "--add-tombstones")]
    [InlineData("archive", "missing-parent", "--add-tombstones|-q")]
    [InlineData("bare-user", "missing-parents", "--add-tombstones")]
    [InlineData("archive", "clean", "--add-tombstones")]
    [InlineData("archive", "tombstoned-parent", "--add-tombstones")]
    public void LeavesTheSameRepository(string mode, string damage, string flagText)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = MaintenanceRepos.BuildHistory(_dir, mode, deltas: false);
        File.Delete(Path.Combine(repo, "state", MaintenanceRepos.Rev(repo, "main^^") + ".commitpartial"));
        string main1 = MaintenanceRepos.Rev(repo, "main^");
        string main2 = MaintenanceRepos.Rev(repo, "main^^");
        switch (damage)
        {
            case "corrupt-content":
                string file = Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*.file*", SearchOption.AllDirectories)
                    .Where(f => new FileInfo(f).LinkTarget is null).OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).First();
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
                using (var fs = new FileStream(file, FileMode.Open, FileAccess.Write))
                {
                    fs.Seek(-3, SeekOrigin.End);
                    fs.Write("zzz"u8);
                }
                break;
            case "missing-parent":
                File.Delete(Path.Combine(repo, "objects", main1[..2], main1[2..] + ".commit"));
                break;
            case "missing-parents":
                File.Delete(Path.Combine(repo, "objects", main1[..2], main1[2..] + ".commit"));
                File.Delete(Path.Combine(repo, "objects", main2[..2], main2[2..] + ".commit"));
                break;
            case "tombstoned-parent":
                RealOstree.RunChecked("reset", "--repo=" + repo, "origin:main", "main");
                RealOstree.RunChecked("prune", "--repo=" + repo, "--delete-commit=" + main1);
                break;
        }
        string[] flags = flagText.Split('|');
        string theirs = MaintenanceRepos.Copy(repo, _dir.Combine("theirs"));
        string ours = MaintenanceRepos.Copy(repo, _dir.Combine("ours"));
        ProcessResult t = RealOstree.Run(["fsck", "--repo=" + theirs, .. flags]);
        ProcessResult o = MaintenanceRepos.Normalize(Tools.Ours(["fsck", "--repo=" + ours, .. flags]), ours, theirs);
        output.WriteLine($"ostree: {t}\nostree-sharp: {o}");
        Assert.Equal(t.ExitCode, o.ExitCode);
        Assert.Equal(t.Stdout, o.Stdout);
        Assert.Equal(MaintenanceRepos.Listing(theirs), MaintenanceRepos.Listing(ours));
        if (damage is "missing-parent" or "missing-parents")
        {
            // Which ref ostree names first follows GLib hash-table order; the rest of the message must agree.
            static string AnyRef(string s) => System.Text.RegularExpressions.Regex.Replace(s, "for ref [^:]+(:[^:]+)?:", "for ref REF:");
            Assert.Equal(AnyRef(t.Stderr), AnyRef(o.Stderr));
        }
        else if (damage != "corrupt-content")
        {
            Assert.Equal(t.Stderr, o.Stderr);
        }
    }
}

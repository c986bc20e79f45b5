using OstreeSharp.Checkout;
using OstreeSharp.Commit;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Regression;

/// <summary>
/// A whiteout named <c>.wh...</c> targets <c>..</c>: checking it out with whiteouts processed used to delete the
/// destination's parent directory recursively. (The real ostree 2022.7 also removes the parent's contents.)
/// </summary>
public sealed class WhiteoutEscapeTests
{
    [Theory]
    [InlineData(".wh...")]
    [InlineData(".wh..")]
    public void Whiteout_of_dot_or_dotdot_is_rejected_and_nothing_outside_the_destination_changes(string name)
    {
        using var dir = new ScratchDir();
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, name), "a\n");
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = repo.CommitDirectory(tree, "main");
        var dirtree = repo.ReadDirTree(repo.ReadCommit(commit).RootTree);
        Assert.Equal(name, Assert.Single(dirtree.Files).Name);

        string parent = dir.Combine("parent");
        Directory.CreateDirectory(parent);
        File.WriteAllText(Path.Combine(parent, "sentinel"), "keep");

        Assert.ThrowsAny<OstreeException>(() => TreeCheckout.Run(repo, commit, Path.Combine(parent, "dest"),
            new CheckoutOptions { Mode = CheckoutMode.User, ProcessWhiteouts = true }));

        Assert.True(File.Exists(Path.Combine(parent, "sentinel")));
    }

    [Fact]
    public void Ordinary_whiteouts_still_remove_their_target()
    {
        using var dir = new ScratchDir();
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, ".wh.gone"), "");
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = repo.CommitDirectory(tree, "main");
        string dest = dir.Combine("dest");
        Directory.CreateDirectory(dest);
        File.WriteAllText(Path.Combine(dest, "gone"), "x");

        TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = CheckoutMode.User, ProcessWhiteouts = true, Overwrite = CheckoutOverwriteMode.UnionFiles });

        Assert.False(File.Exists(Path.Combine(dest, "gone")));
    }
}

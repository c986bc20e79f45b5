using OstreeSharp.Checkout;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Areas 2 and 3 (checkout): a checkout by ostree-sharp equals the real ostree's checkout of the same commit
/// (content, modes, owners, symlinks, xattrs, hardlinked or copied), on repositories written by either tool; and the
/// real ostree's checkout of ostree-sharp's commit reproduces the input tree.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class CheckoutParityTests(CompatFixture fixture, ITestOutputHelper output)
{
    private static readonly string[][] FlagSets =
    [
        [],
        ["-U"],
        ["--force-copy"],
        ["-U", "--force-copy"],
        ["-H"],
        ["-U", "-H"],
        ["--subpath=/extras"],
        ["-U", "--subpath=deep/level0"],
        ["--subpath=/extras/owned"],
        ["--union"],
        ["-U", "--union"],
        ["-U", "--disable-cache"],
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string writer in new[] { "ostree", "ostree-sharp" })
        {
            foreach (string mode in Tools.Modes)
            {
                for (int i = 0; i < FlagSets.Length; i++)
                {
                    data.Add(writer, mode, i);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckoutMatchesOstree(string writer, string mode, int flagSet)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo h = fixture.History(writer, mode);
        string[] flags = FlagSets[flagSet];
        string theirs = fixture.NewPath("co-ostree");
        string ours = fixture.NewPath("co-sharp");
        if (flags.Contains("--union"))
        {
            // Both destinations start as the same checkout of another commit (files and dirs to merge and replace).
            string[] user = flags.Contains("-U") ? ["-U"] : [];
            RealOstree.RunChecked(["checkout", "--repo=" + h.Path, .. user, "--force-copy", "other", theirs]);
            RealOstree.RunChecked(["checkout", "--repo=" + h.Path, .. user, "--force-copy", "other", ours]);
        }
        ProcessResult t = Tools.Theirs(["checkout", "--repo=" + h.Path, .. flags, "main", theirs]);
        ProcessResult o = Tools.Ours(["checkout", "--repo=" + h.Path, .. flags, "main", ours]);
        output.WriteLine($"ostree checkout {string.Join(' ', flags)}: {t}");
        Tools.AssertSame(t, o, "checkout " + string.Join(' ', flags));
        if (t.ExitCode != 0)
        {
            return;
        }
        CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs), CheckoutSnapshot.Capture(ours), $"checkout {string.Join(' ', flags)} of {writer}/{mode}");
    }

    /// <summary>The real ostree checks out ostree-sharp's commit of the source tree as the source tree.</summary>
    [Theory]
    [MemberData(nameof(ModeData))]
    public void OstreeCheckoutOfOurCommitReproducesTheTree(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo ours = fixture.History("ostree-sharp", mode);
        string dest = fixture.NewPath("co-src");
        RealOstree.RunChecked("checkout", "--repo=" + ours.Path, "main^", dest);
        // bare-user-only stores canonical permissions and no xattrs; the other modes keep everything.
        bool exact = mode != "bare-user-only";
        IReadOnlyList<string> expected = TreeSnapshot.Capture(fixture.Source, includeXattrs: exact);
        IReadOnlyList<string> actual = TreeSnapshot.Capture(dest, includeXattrs: exact);
        if (exact)
        {
            Assert.Equal(expected, actual);
        }
        else
        {
            static string Strip(string line) => string.Join(' ', line.Split(' ').Where((_, i) => i != 2));
            Assert.Equal(expected.Where(l => l[0] == 'l'), actual.Where(l => l[0] == 'l'));
            Assert.Equal(expected.Where(l => l[0] != 'l').Select(Strip), actual.Where(l => l[0] != 'l').Select(Strip));
        }
        if (exact && mode != "bare-user")
        {
            // Owners survive too (checked through ls of the checkout vs the source).
            Assert.Equal(CheckoutSnapshot.Capture(fixture.Source, linkInfo: false), CheckoutSnapshot.Capture(dest, linkInfo: false));
        }
    }

    /// <summary>The library's <see cref="TreeCheckout"/> (no CLI) gives the same tree as <c>ostree checkout</c>.</summary>
    [Theory]
    [MemberData(nameof(ModeData))]
    public void LibraryCheckoutMatchesOstree(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo h = fixture.History("ostree", mode);
        string theirs = fixture.NewPath("co-ostree");
        string ours = fixture.NewPath("co-lib");
        RealOstree.RunChecked("checkout", "--repo=" + h.Path, "main", theirs);
        using (OstreeRepo repo = OstreeRepo.Open(h.Path))
        {
            TreeCheckout.Run(repo, Checksum.Parse(h.Main), ours);
        }
        CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs), CheckoutSnapshot.Capture(ours), $"library checkout of {mode}");
    }

    public static TheoryData<string> ModeData() => new(Tools.Modes);
}

using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>
/// Issue 3, crash safety: ostree-sharp commands SIGKILLed at random points never leave a repository that the real
/// ostree rejects, a ref to an incomplete commit, or a state that blocks the next commit. CI runs
/// <see cref="DefaultIterations"/> kills in total; <c>OSTREESHARP_CRASH_ITERATIONS=N</c> runs N (spread over the
/// operations) for a longer soak.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashTests(CrashFixture fixture, ITestOutputHelper output)
{
    public const int DefaultIterations = 52;

    /// <summary>The commands under test; one line each.</summary>
    public static readonly CrashOperation[] Operations =
    [
        new("commit-archive", "archive", c => Commit(c, "crash", "--tree=dir=" + c.Tree)),
        new("commit-bare-user", "bare-user", c => Commit(c, "crash", "--tree=dir=" + c.Tree)),
        new("commit-tree-ref-layering", "archive", c => Commit(c, "layered", "--tree=ref=base", "--tree=dir=" + c.Tree)),
        new("checkout-bare-user", "bare-user", c => ["checkout", "--repo=" + c.Repo, "-U", "base", c.Scratch], WritesRepository: false),
        new("prune-archive", "archive", c => ["prune", "--repo=" + c.Repo, "--refs-only"], BeforeIteration: MakeGarbage),
        new("summary-bare-user", "bare-user", c => ["summary", "-u", "--repo=" + c.Repo]),
    ];

    /// <summary>A whole tree of unreachable objects for prune to delete: a commit (new owner, so new objects) whose ref is then deleted.</summary>
    private static void MakeGarbage(CrashContext c)
    {
        RealOstree.RunChecked("commit", "--repo=" + c.Repo, "-b", "garbage", "--tree=dir=" + c.Tree,
            "--owner-uid=" + (5000 + c.Iteration), "--owner-gid=" + (5000 + c.Iteration));
        RealOstree.RunChecked("refs", "--repo=" + c.Repo, "--delete", "garbage");
    }

    /// <summary>A commit whose every file object is new (the owner differs per iteration), so each run writes.</summary>
    private static string[] Commit(CrashContext c, string branch, params string[] trees) =>
        ["commit", "--repo=" + c.Repo, "-b", branch, .. trees, "--owner-uid=" + (2000 + c.Iteration), "--owner-gid=" + (2000 + c.Iteration),
         "-s", "crash " + c.Iteration];

    public static TheoryData<string> OperationNames()
    {
        var data = new TheoryData<string>();
        foreach (var op in Operations)
            data.Add(op.Name);
        return data;
    }

    internal static int TotalIterations =>
        int.TryParse(Environment.GetEnvironmentVariable("OSTREESHARP_CRASH_ITERATIONS"), out int n) && n > 0 ? n : DefaultIterations;

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void KilledAtRandomPointsLeavesRepositoryConsistent(string name)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        var op = Operations.Single(o => o.Name == name);
        int iterations = (TotalIterations + Operations.Length - 1) / Operations.Length;
        using var dir = new TempDir("ostree-crash-" + name);
        var harness = new CrashHarness(op, output, seed: name.GetHashCode(StringComparison.Ordinal) ^ Environment.TickCount);
        var summary = harness.Run(dir.Path, fixture.Tree, fixture.SmallTree, iterations);
        Assert.True(summary.Iterations >= iterations, $"{summary.Iterations} runs, fewer than {iterations}");
        // The kills must mostly land while the command runs, or the test proves little.
        Assert.True(summary.Killed * 2 >= summary.Iterations, $"only {summary.Killed} of {summary.Iterations} runs were killed while running");
    }
}
